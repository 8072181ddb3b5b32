"""SPARQL SELECT/ASK results in JSON, XML, CSV and TSV (W3C SPARQL 1.1 result formats).

Written here rather than by pyoxigraph because the worker must cap the number of rows before
serialising, and pyoxigraph only serialises a whole result iterator. A SELECT result is written a
few rows at a time (:func:`write_select`; JSON: up to 64 K characters of values past one row):
the answer is never held whole in memory as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Row = Sequence[Any]  # pyoxigraph terms or None, in variable order
Pieces = Iterator[str]  # a result's text, in pieces (a head, one piece per row, a tail)


class Writable(Protocol):
    """Where a result is written (a binary file, :class:`iacoll.sparql.spool.Output`)."""

    def write(self, data: bytes, /) -> int: ...


CHUNK_ROWS = 500  # rows of a result encoded at once, at most
CHUNK_CHARS = 64 * 1024  # characters of values encoded at once, at most (past one row)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def select_json(variables: Sequence[str], rows: Iterable[Row]) -> Pieces:
    """``application/sparql-results+json``: rows are encoded a chunk at a time (up to
    :data:`CHUNK_ROWS` rows or :data:`CHUNK_CHARS` characters of values; one call of the JSON
    encoder per chunk instead of one per row, the same text)."""
    head = json.dumps({"vars": list(variables)}, ensure_ascii=False)
    yield f'{{"head": {head}, "results": {{"bindings": ['
    separator, chunk, size = "", [], 0
    for row in rows:
        binding = {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        chunk.append(binding)
        size += sum(len(term["value"]) for term in binding.values())
        if len(chunk) >= CHUNK_ROWS or size >= CHUNK_CHARS:
            yield separator + json.dumps(chunk, ensure_ascii=False)[1:-1]
            separator, chunk, size = ", ", [], 0
    if chunk:
        yield separator + json.dumps(chunk, ensure_ascii=False)[1:-1]
    yield "]}}"


def ask_json(value: bool) -> bytes:
    """ASK result in JSON."""
    return json.dumps({"head": {}, "boolean": value}).encode()


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def select_xml(variables: Sequence[str], rows: Iterable[Row]) -> Pieces:
    """``application/sparql-results+xml``."""
    names = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    yield f"{_XML_HEAD}<head>{names}</head>\n<results>\n"
    for row in rows:
        bindings = "".join(
            f"<binding name={quoteattr(variable)}>{_xml_term(term)}</binding>"
            for variable, term in zip(variables, row, strict=True)
            if term is not None
        )
        yield f"<result>{bindings}</result>\n"
    yield "</results>\n</sparql>\n"


def ask_xml(value: bool) -> bytes:
    """ASK result in XML."""
    return f"{_XML_HEAD}<head/><boolean>{str(value).lower()}</boolean>\n</sparql>\n".encode()


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


def select_csv(variables: Sequence[str], rows: Iterable[Row]) -> Pieces:
    """``text/csv`` (values only, CRLF line ends, per the SPARQL 1.1 CSV format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for values in chain([variables], ([_csv_term(t) for t in row] for row in rows)):
        writer.writerow(values)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def ask_csv(value: bool) -> bytes:
    """ASK in CSV (not standardised; ``_askResult`` header as Jena and Oxigraph do)."""
    return f"_askResult\r\n{str(value).lower()}\r\n".encode()


def _tsv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in {
        "http://www.w3.org/2001/XMLSchema#integer",
        "http://www.w3.org/2001/XMLSchema#decimal",
        "http://www.w3.org/2001/XMLSchema#double",
        "http://www.w3.org/2001/XMLSchema#boolean",
    }:
        return term.value
    return str(term)  # pyoxigraph's str() is the N-Triples / Turtle form


def select_tsv(variables: Sequence[str], rows: Iterable[Row]) -> Pieces:
    """``text/tab-separated-values`` (RDF terms in Turtle syntax)."""
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for row in rows:
        yield "\t".join(_tsv_term(t) for t in row) + "\n"


def ask_tsv(value: bool) -> bytes:
    """ASK in TSV."""
    return f"?_askResult\n{str(value).lower()}\n".encode()


SELECT: dict[str, Callable[[Sequence[str], Iterable[Row]], Pieces]] = {
    "json": select_json,
    "xml": select_xml,
    "csv": select_csv,
    "tsv": select_tsv,
}
ASK: dict[str, Callable[[bool], bytes]] = {
    "json": ask_json,
    "xml": ask_xml,
    "csv": ask_csv,
    "tsv": ask_tsv,
}


def write_select(key: str, variables: Sequence[str], rows: Iterable[Row], out: Writable) -> None:
    """Write a SELECT result in the format ``key`` into ``out``, a row at a time."""
    for piece in SELECT[key](variables, rows):
        out.write(piece.encode())

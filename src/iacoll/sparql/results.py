"""SPARQL SELECT/ASK results in JSON, XML, CSV and TSV (W3C SPARQL 1.1 result formats).

Written here rather than by pyoxigraph because the worker must cap the number of rows before
serialising, and pyoxigraph only serialises a whole result iterator.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Row = Sequence[Any]  # pyoxigraph terms or None, in variable order
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


def select_json(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``application/sparql-results+json``."""
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    body = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False).encode()


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


def select_xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``application/sparql-results+xml``."""
    out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables)]
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        for variable, term in zip(variables, row, strict=True):
            if term is not None:
                out.append(f"<binding name={quoteattr(variable)}>{_xml_term(term)}</binding>")
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode()


def ask_xml(value: bool) -> bytes:
    """ASK result in XML."""
    return f"{_XML_HEAD}<head/><boolean>{str(value).lower()}</boolean>\n</sparql>\n".encode()


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


def select_csv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``text/csv`` (values only, CRLF line ends, per the SPARQL 1.1 CSV format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_term(t) for t in row])
    return buffer.getvalue().encode()


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


def select_tsv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``text/tab-separated-values`` (RDF terms in Turtle syntax)."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def ask_tsv(value: bool) -> bytes:
    """ASK in TSV."""
    return f"?_askResult\n{str(value).lower()}\n".encode()


SELECT: dict[str, Callable[[Sequence[str], Sequence[Row]], bytes]] = {
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

"""The CSV downloads in the upstream layout: one row per record, the public fields only.

The columns are the upstream keys of the public fields of :data:`iacoll.model.fields.FIELDS`,
in that order, then :data:`ADDRESS`, the record's IRI (its page). Each cell follows the
field's property path from the record. Values are written the way the upstream model writes
them: concept labels (French), several values joined with :data:`SEPARATOR`, dates as
``MM/AAAA`` or ``JJ/MM/AAAA``, the SIRET (the SIREN when only that is known), WGS84 decimal
coordinates. Rows are sorted by record IRI, so the file is deterministic. It is written from
the source graph, before IRIs are moved to another base (the address column is moved). Two
dialects (:data:`DIALECTS`): RFC 4180 (UTF-8 without BOM, comma) for programs and harvesters,
and the one a French Excel opens with a double-click (UTF-8 with BOM, semicolon); both end
lines with CRLF.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import Node

from iacoll.model.fields import FIELDS, Field
from iacoll.namespaces import DCT, DEFAULT_BASE, IACOLL, VOCAB

COLUMNS: tuple[Field, ...] = tuple(f for f in FIELDS if f.access == "public")
# The last column: key, French and English labels.
ADDRESS = ("uri_fiche", "Adresse (URI) de la fiche", "Address (IRI) of the record")


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written: its delimiter and whether it opens with a UTF-8 BOM."""

    key: str
    delimiter: str
    bom: bool


DIALECTS = {d.key: d for d in (Dialect("csv", ",", False), Dialect("csv-excel", ";", True))}
SEPARATOR = "; "
LANGUAGES = ("fr", "")  # literal languages kept, in this order, when a value has several

# Where to look when a field's own path finds nothing (from the record).
FALLBACK_PATHS: dict[str, tuple[URIRef, ...]] = {"coll_siret": (DCT.publisher, IACOLL.siren)}


class Triples(Protocol):
    """What :func:`cell` asks of a graph: an rdflib ``Graph``, or the smaller index of a batch
    of records (:class:`iacoll.dumps_tables.Index`)."""

    def objects(self, subject: Node | None, predicate: URIRef) -> Iterable[Node]: ...

    def subjects(self, predicate: URIRef, object: Node) -> Iterable[Node]: ...

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool: ...


def _date_parts(text: str) -> list[str]:
    return list(reversed(text.split("-")))


# Upstream writing of dates: ``2024-01`` → ``01/2024``, ``2024-05-13`` → ``13/05/2024``.
DATE_FORMATS: dict[URIRef, Callable[[str], str]] = {
    XSD.date: lambda text: "/".join(_date_parts(text[:10])),
    XSD.gYearMonth: lambda text: "/".join(_date_parts(text[:7])),
    XSD.gYear: lambda text: text[:4],
}


def csv_bytes(graph: Graph, base: str = DEFAULT_BASE, dialect: str = "csv") -> bytes:
    """The CSV of every record (``iacoll:Fiche``) of ``graph`` (IRIs under the default base),
    addresses under ``base``, in one of :data:`DIALECTS`."""
    buffer = io.StringIO()
    csv_writer(buffer, dialect).writerows(rows(graph, base))
    return buffer.getvalue().encode("utf-8")


def csv_writer(handle: IO[str], dialect: str = "csv") -> Any:
    """A CSV writer in one of :data:`DIALECTS` on ``handle``, the dialect's BOM and the
    header row written."""
    chosen = DIALECTS[dialect]
    if chosen.bom:
        handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=chosen.delimiter, lineterminator="\r\n")
    writer.writerow([*(f.key for f in COLUMNS), ADDRESS[0]])
    return writer


def rows(graph: Graph, base: str = DEFAULT_BASE) -> list[list[str]]:
    """One row of cells per record, by IRI: the public fields, then the record's address."""
    return [
        [*(cell(graph, record, f) for f in COLUMNS), address(record, base)]
        for record in sorted(graph.subjects(RDF.type, IACOLL.Fiche), key=str)
    ]


def address(record: Node, base: str) -> str:
    """The record's IRI under ``base`` (where its page is served)."""
    iri = str(record)
    return base + iri[len(DEFAULT_BASE) :] if iri.startswith(DEFAULT_BASE) else iri


def cell(graph: Triples, record: Node, field: Field) -> str:
    """The text of one cell: the field's values from ``record``, readable and sorted."""
    values = _follow(graph, record, field.path_from_record)
    if not values and field.key in FALLBACK_PATHS:
        values = _follow(graph, record, FALLBACK_PATHS[field.key])
    if field.scheme is not None:
        texts = [_concept_label(graph, v, VOCAB[field.scheme]) for v in values]
    else:
        texts = _texts(values)
    return SEPARATOR.join(sorted({t for t in texts if t}))


def _follow(graph: Triples, record: Node, path: tuple[URIRef, ...]) -> list[Node]:
    found = [record]
    for prop in path:
        found = [o for node in found for o in graph.objects(node, prop)]
    return found


def _texts(values: list[Node]) -> list[str]:
    literals = [v for v in values if isinstance(v, Literal)]
    for language in LANGUAGES:
        chosen = [v for v in literals if (v.language or "") == language]
        if chosen:
            literals = chosen
            break
    texts = [_literal_text(v) for v in literals]
    return texts + [str(v) for v in values if isinstance(v, URIRef)]


def _literal_text(value: Literal) -> str:
    writer = DATE_FORMATS.get(value.datatype) if value.datatype else None
    return writer(str(value)) if writer else str(value).strip()


def _concept_label(graph: Triples, value: Node, scheme: URIRef) -> str:
    """The French label of ``value`` as a concept of ``scheme`` (or of its exact match there)."""
    concept: Node | None = value
    if (value, SKOS.inScheme, scheme) not in graph:
        matches = sorted(graph.subjects(SKOS.exactMatch, value), key=str)
        concept = next((c for c in matches if (c, SKOS.inScheme, scheme) in graph), None)
        if concept is None:
            return ""
    labels = _texts(list(graph.objects(concept, SKOS.prefLabel)))
    return min(labels) if labels else str(concept).rsplit("/", 1)[-1]

"""The CSV download in the upstream layout: one row per record, the public fields only.

The columns are the upstream keys of the public fields of :data:`iacoll.model.fields.FIELDS`,
in that order; each cell follows the field's property path from the record. Values are written
the way the upstream model writes them: concept labels (French), several values joined with
:data:`SEPARATOR`, dates as ``MM/AAAA`` or ``JJ/MM/AAAA``, the SIRET (the SIREN when only that
is known), WGS84 decimal coordinates. Rows are sorted by record IRI, so the file is
deterministic. It is written from the source graph, before IRIs are moved to another base.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import Node

from iacoll.model.fields import FIELDS, Field
from iacoll.namespaces import DCT, IACOLL, VOCAB

COLUMNS: tuple[Field, ...] = tuple(f for f in FIELDS if f.access == "public")
SEPARATOR = "; "
LANGUAGES = ("fr", "")  # literal languages kept, in this order, when a value has several

# Where to look when a field's own path finds nothing (from the record).
FALLBACK_PATHS: dict[str, tuple[URIRef, ...]] = {"coll_siret": (DCT.publisher, IACOLL.siren)}


def _date_parts(text: str) -> list[str]:
    return list(reversed(text.split("-")))


# Upstream writing of dates: ``2024-01`` → ``01/2024``, ``2024-05-13`` → ``13/05/2024``.
DATE_FORMATS: dict[URIRef, Callable[[str], str]] = {
    XSD.date: lambda text: "/".join(_date_parts(text[:10])),
    XSD.gYearMonth: lambda text: "/".join(_date_parts(text[:7])),
    XSD.gYear: lambda text: text[:4],
}


def csv_bytes(graph: Graph) -> bytes:
    """The CSV of every record (``iacoll:Fiche``) of ``graph`` (IRIs under the default base)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.key for f in COLUMNS])
    for record in sorted(graph.subjects(RDF.type, IACOLL.Fiche), key=str):
        writer.writerow([cell(graph, record, f) for f in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def cell(graph: Graph, record: Node, field: Field) -> str:
    """The text of one cell: the field's values from ``record``, readable and sorted."""
    values = _follow(graph, record, field.path_from_record)
    if not values and field.key in FALLBACK_PATHS:
        values = _follow(graph, record, FALLBACK_PATHS[field.key])
    if field.scheme is not None:
        texts = [_concept_label(graph, v, VOCAB[field.scheme]) for v in values]
    else:
        texts = _texts(values)
    return SEPARATOR.join(sorted({t for t in texts if t}))


def _follow(graph: Graph, record: Node, path: tuple[URIRef, ...]) -> list[Node]:
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


def _concept_label(graph: Graph, value: Node, scheme: URIRef) -> str:
    """The French label of ``value`` as a concept of ``scheme`` (or of its exact match there)."""
    concept: Node | None = value
    if (value, SKOS.inScheme, scheme) not in graph:
        matches = sorted(graph.subjects(SKOS.exactMatch, value), key=str)
        concept = next((c for c in matches if (c, SKOS.inScheme, scheme) in graph), None)
        if concept is None:
            return ""
    labels = _texts(list(graph.objects(concept, SKOS.prefLabel)))
    return min(labels) if labels else str(concept).rsplit("/", 1)[-1]

"""``iacoll export --to bibliotheque-csv``: the published use cases as the Bibliothèque d'IA
territoriales' CSV, that its spreadsheet (and :mod:`.bibliotheque_csv`) reads back.

Each use case of the public store becomes one row of upstream values
(:func:`iacoll.model.upstream.from_records`: concept labels, ``MM/AAAA`` dates, the carrier's
SIRET and head office) written by :func:`~iacoll.federation.upstream_files.write_csv`. The
default is the library's Grist download (commas, title-case headers, its 16 columns);
``title_case=False`` gives its processed export (semicolons, the 39 field keys as headers: the
public fields the 16 columns lack — abandonment, AI-governance fields — are then kept too). Only
public fields: the public store holds no restricted value, so those columns stay empty. Rows are
sorted by record IRI, so the file is deterministic.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF

from iacoll.federation.upstream_files import write_csv
from iacoll.model.record import Record
from iacoll.model.upstream import from_records
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import IACOLL, ID
from iacoll.terms import select_rows, to_rdflib

MEDIA_TYPE = "text/csv"
SUFFIX = ".csv"

_GRAPHS_OF = """
SELECT ?g ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?node a <{cls}> . ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?node), "{prefix}"))
  FILTER(STR(?g) = CONCAT("{graphs}", STRAFTER(STR(?node), "{prefix}")))
}}"""


def export(store: ox.Store, base: str, *, title_case: bool = True) -> bytes:
    """The public use cases of ``store`` as the upstream CSV. ``base``: the store's base IRI
    (``settings.base_iri``), which names the records' graphs; the upstream model has no address
    column, so no IRI is written."""
    records = use_cases(store, base)
    organisations = _graph_union(store, base, str(FOAF.Agent), "organisation")
    catalogue = Catalogue(organisations)
    rows = [from_records(r, organisations, catalogue=catalogue) for r in records]
    return write_csv(rows, title_case=title_case)


def use_cases(store: ox.Store, base: str) -> list[Record]:
    """The use cases of the public store (each from its own graph), sorted by IRI."""
    found = [
        Record(URIRef(iri), graph)
        for iri, graph in _graphs(store, base, str(IACOLL.CasUsageIA), "cas-usage").items()
    ]
    return sorted(found, key=lambda r: str(r.iri))


def _graphs(store: ox.Store, base: str, cls: str, kind: str) -> dict[str, Graph]:
    """Record IRI → its graph (``{base}graph/{kind}/{slug}``), for the records of class ``cls``."""
    query = _GRAPHS_OF.format(cls=cls, prefix=f"{ID}{kind}/", graphs=f"{base}graph/{kind}/")
    _, rows = select_rows(store, query)
    graphs: dict[str, Graph] = defaultdict(Graph)
    for row in rows:
        iri = f"{ID}{kind}/{str(row['g'].value).rsplit('/', 1)[1]}"
        graphs[iri].add((to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"])))
    return graphs


def _graph_union(store: ox.Store, base: str, cls: str, kind: str) -> Graph:
    union = Graph()
    for graph in _graphs(store, base, cls, kind).values():
        union += graph
    return union

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
}}"""


def export(store: ox.Store, base: str, *, title_case: bool = True) -> bytes:
    """The public use cases of ``store`` as the upstream CSV (``base``: unused, the upstream
    model has no address column; record IRIs stay the catalogue's)."""
    records = use_cases(store)
    organisations = _graph_union(store, "http://xmlns.com/foaf/0.1/Agent", f"{ID}organisation/")
    catalogue = Catalogue(organisations)
    rows = [from_records(r, organisations, catalogue=catalogue) for r in records]
    return write_csv(rows, title_case=title_case)


def use_cases(store: ox.Store) -> list[Record]:
    """The use cases of the public store, one record per named graph, sorted by IRI."""
    graphs = _graphs(store, str(IACOLL.CasUsageIA), f"{ID}cas-usage/")
    found = []
    for graph in graphs.values():
        subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
        iri = next(
            (
                s
                for s in subjects
                if (s, None, IACOLL.CasUsageIA) in graph and str(s).startswith(f"{ID}cas-usage/")
            ),
            None,
        )
        if iri is not None:
            found.append(Record(iri, graph))
    return sorted(found, key=lambda r: str(r.iri))


def _graphs(store: ox.Store, cls: str, prefix: str) -> dict[str, Graph]:
    _, rows = select_rows(store, _GRAPHS_OF.format(cls=cls, prefix=prefix))
    graphs: dict[str, Graph] = defaultdict(Graph)
    for row in rows:
        graphs[str(row["g"].value)].add(
            (to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"]))
        )
    return graphs


def _graph_union(store: ox.Store, cls: str, prefix: str) -> Graph:
    union = Graph()
    for graph in _graphs(store, cls, prefix).values():
        union += graph
    return union

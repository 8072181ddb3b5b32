"""The spreadsheets (CSV, CSV for Excel, XLSX) written as streams from the public store.

The same files as :func:`iacoll.csv_export.csv_bytes` and :func:`iacoll.xlsx_export.xlsx_bytes`
write from one graph of every public triple, byte for byte, in memory bounded by the size of a
batch, not by the number of records. The records (``iacoll:Fiche``, in every public graph but
the catalogue's) are listed and sorted by IRI (the one list that grows with the catalogue: its
IRIs), then read :data:`BATCH` at a time: a small index (:class:`Index`) holds the triples of
the paths' properties of the batch's records and of the nodes their cells' paths reach
(organisation, AI system, partners, site, identifier: :data:`HOPS`, read hop by hop from the
store, in every graph), plus the vocabularies' concepts (read once: the ``skos:inScheme``,
``skos:prefLabel`` and ``skos:exactMatch`` of the concepts of the fields' schemes), and
:func:`iacoll.csv_export.cell` computes each cell there: the same answers as on the whole graph,
which the cells only ask about those triples. IRIs of the store's base are moved back to the
default base as :func:`iacoll.derived.public_inputs` does. Each node is read by
``quads_for_pattern`` (a request each on a SPARQL server, :class:`iacoll.remote.RemoteStore`).

Both CSV files are written row by row; the column widths and the row count of the XLSX are
counted meanwhile. The workbook is then written from the CSV read back
(:mod:`iacoll.xlsx_stream`; a sheet holds at most Excel's 1,048,575 records, the next go on on
further sheets: the CSV files have no such limit).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from iacoll.csv_export import COLUMNS, FALLBACK_PATHS, address, cell, csv_writer
from iacoll.namespaces import DEFAULT_BASE, IACOLL, VOCAB
from iacoll.remote import RemoteStore
from iacoll.terms import home, quads, select_rows
from iacoll.xlsx_stream import Table, write_xlsx

BATCH = 500  # records whose cells are computed from one small graph
PATHS = {f.path_from_record for f in COLUMNS} | set(FALLBACK_PATHS.values())
# The paths' proper prefixes: the nodes at their end are read from the store.
HOPS = sorted({path[:i] for path in PATHS for i in range(1, len(path))}, key=len)
PROPERTIES = {prop for path in PATHS for prop in path}  # the only triples of those nodes read
CONCEPT_PROPERTIES = (SKOS.prefLabel, SKOS.exactMatch)
CHUNK = 200  # nodes a SPARQL query reads (on a SPARQL server)
# The triples of the paths' properties of IRIs, in the default graph or a named one.
SUBJECTS = """SELECT ?s ?p ?o ?g WHERE {{
  VALUES ?s {{ {nodes} }} VALUES ?p {{ {properties} }}
  {own} {{ GRAPH ?g {{ ?s ?p ?o }} }}
}}"""
# Those of the blank nodes that IRIs reach by a property (?q).
BLANKS = """SELECT ?o ?p2 ?o2 ?g ?g2 WHERE {{
  VALUES ?s {{ {nodes} }} VALUES ?q {{ {hop} }} VALUES ?p2 {{ {properties} }}
  {hop_own} {{ GRAPH ?g {{ ?s ?q ?o }} }}
  FILTER(isBlank(?o))
  {blank_own} {{ GRAPH ?g2 {{ ?o ?p2 ?o2 }} }}
}}"""
NAMED_CACHE = 100_000  # IRIs kept converted (predicates, concepts, organisations)


def write_tables(
    store: ox.Store,
    catalogue_graph: ox.NamedNode,
    base: str,
    stamp: datetime,
    paths: dict[str, Path],
) -> None:
    """Write ``paths["csv"]``, ``paths["csv-excel"]`` and ``paths["xlsx"]``: the records of
    ``store``'s public graphs but ``catalogue_graph`` (IRIs under ``base``), the workbook
    dated ``stamp``."""
    table = Table()
    with (
        paths["csv"].open("w", encoding="utf-8", newline="") as plain,
        paths["csv-excel"].open("w", encoding="utf-8", newline="") as excel,
    ):
        writers = [csv_writer(plain, "csv"), csv_writer(excel, "csv-excel")]
        for row in Reader(store, catalogue_graph, base).rows():
            for writer in writers:
                writer.writerow(row)
            table.count(row)
    with paths["csv"].open(encoding="utf-8", newline="") as written:
        rows = csv.reader(written)
        next(rows)  # the header
        write_xlsx(paths["xlsx"], rows, table, stamp)


# Reading the records from the store ---------------------------------------------------------


class Reader:
    """The records of a store's public graphs, and their rows, computed batch by batch."""

    def __init__(self, store: ox.Store, catalogue_graph: ox.NamedNode, base: str) -> None:
        self.store, self.catalogue, self.base = store, catalogue_graph, base
        self._named: dict[ox.NamedNode, Node] = {}  # IRIs as rdflib terms, the last ones met
        self.followed = {s for p in PROPERTIES for s in self._stored(p)}
        self.batched = isinstance(store, RemoteStore)  # a request per node would not do there
        schemes = {VOCAB[f.scheme] for f in COLUMNS if f.scheme is not None}
        memberships = [t for scheme in schemes for t in self._read(None, SKOS.inScheme, scheme)]
        concepts = {s for s, _, _ in memberships}
        self.concepts = Index()  # read once: the concepts of the fields' vocabularies
        for triple in memberships + [
            t for c in concepts for prop in CONCEPT_PROPERTIES for t in self._read(c, prop, None)
        ]:
            self.concepts.add(triple)

    def records(self) -> list[Node]:
        """Every record (subject typed ``iacoll:Fiche``), by IRI."""
        return sorted({s for s, _, _ in self._read(None, RDF.type, IACOLL.Fiche)}, key=str)

    def rows(self) -> Iterator[list[str]]:
        """One row per record, by IRI: :func:`iacoll.csv_export.rows`."""
        records = iter(self.records())
        while batch := list(islice(records, BATCH)):
            graph = self.graph(batch)
            for record in batch:
                yield [*(cell(graph, record, f) for f in COLUMNS), address(record, self.base)]

    def graph(self, records: list[Node]) -> Index:
        """The concepts, and the triples of ``records`` and of the nodes their paths reach
        (those of the paths' properties)."""
        graph = Index(self.concepts)
        reached: dict[tuple[URIRef, ...], set[Node]] = {(): set(records)}
        done: set[Node] = set()
        for length in range(max(map(len, HOPS), default=0) + 1):
            hops = [hop for hop in reached if len(hop) == length]
            level = {n for hop in hops for n in reached[hop]} - done
            if self.batched:
                level -= self._query_level(
                    graph, level, [(reached[h[:-1]], h[-1]) for h in hops if h]
                )
            for node in level:
                for stored in self._stored(node):
                    for quad in quads(self.store, stored, None, None, None):
                        if quad.predicate in self.followed and quad.graph_name != self.catalogue:
                            graph.add(self._triple(quad))
            done |= level
            for hop in HOPS:
                if len(hop) == length + 1:
                    reached[hop] = {o for n in reached[hop[:-1]] for o in graph.objects(n, hop[-1])}
        return graph

    def _query_level(
        self, graph: Index, level: set[Node], hops: list[tuple[set[Node], URIRef]]
    ) -> set[Node]:
        """Read the nodes of ``level`` by SPARQL queries of :data:`CHUNK` nodes: the IRIs
        themselves, the blank nodes from their parents (``hops``: the nodes of the level
        before, and the property they reach the level by). Return the nodes read."""
        iris = [n for n in level if isinstance(n, URIRef)]
        read: set[Node] = set(iris)
        for chunk in _chunks([s for n in iris for s in self._stored(n)]):
            for row in self._select(SUBJECTS, nodes=chunk):
                self._add(graph, row["s"], row["p"], row["o"], row["g"])
        blanks = {n for n in level if isinstance(n, BNode)}
        for parents, prop in hops if blanks else []:
            named = [s for n in parents if isinstance(n, URIRef) for s in self._stored(n)]
            for chunk in _chunks(named):
                for row in self._select(BLANKS, nodes=chunk, hop=self._stored(prop)):
                    if self._home(row["o"]) in blanks and row["g"] != self.catalogue:
                        self._add(graph, row["o"], row["p2"], row["o2"], row["g2"])
                        read.add(self._home(row["o"]))
        return read

    def _select(self, query: str, nodes: list[Any], hop: list[Any] | None = None) -> Any:
        server = getattr(self.store, "server", None)
        union = server is not None and server.union == "server"  # the default graph: every one
        text = query.format(
            nodes=" ".join(map(str, nodes)),
            hop=" ".join(map(str, hop or [])),
            properties=" ".join(map(str, self.followed)),
            own="" if union else "{ ?s ?p ?o } UNION",
            blank_own="" if union else "{ ?o ?p2 ?o2 } UNION",
            hop_own="" if union else "{ ?s ?q ?o } UNION",
        )
        _, rows = select_rows(self.store, text)
        return rows

    def _add(self, graph: Index, s: Any, p: Any, o: Any, in_graph: Any) -> None:
        if p in self.followed and in_graph != self.catalogue:
            graph.add((self._home(s), self._home(p), self._home(o)))

    def _read(
        self, subject: Node | None, predicate: URIRef | None, object: Node | None
    ) -> list[tuple[Node, Node, Node]]:
        """The triples matching the pattern (default base) in every public graph but the
        catalogue's, under the default base."""
        return [
            self._triple(quad)
            for s in self._stored(subject)
            for p in self._stored(predicate)
            for o in self._stored(object)
            for quad in quads(self.store, s, p, o, None)
            if quad.graph_name != self.catalogue
        ]

    def _triple(self, quad: ox.Quad) -> tuple[Node, Node, Node]:
        """``quad``'s triple under the default base (:func:`iacoll.derived.public_inputs`)."""
        return self._home(quad.subject), self._home(quad.predicate), self._home(quad.object)

    def _home(self, term: Any) -> Node:
        if not isinstance(term, ox.NamedNode):
            return home(term, self.base)
        if term not in self._named:
            if len(self._named) >= NAMED_CACHE:
                self._named.clear()
            self._named[term] = home(term, self.base)
        return self._named[term]

    def _stored(self, node: Node | None) -> list[Any]:
        """The store's terms that ``node`` (default base) is read from: itself, and its twin
        under the store's base."""
        if node is None:
            return [None]
        if isinstance(node, BNode):
            return [ox.BlankNode(str(node))]
        if not isinstance(node, URIRef):
            return []  # a literal is no subject (objects are never asked by value here)
        text = str(node)
        names = [text]
        if self.base != DEFAULT_BASE and text.startswith(DEFAULT_BASE):
            names.append(self.base + text[len(DEFAULT_BASE) :])
        stored = [ox.NamedNode(n) for n in names]
        return [s for s in stored if home(s, self.base) == node]


class Index:
    """Triples indexed for :func:`iacoll.csv_export.cell`'s three questions (objects of a
    subject and property, subjects of a property and object, membership): rdflib's memory store
    answers them too, several times slower to fill and to ask."""

    def __init__(self, shared: Index | None = None) -> None:
        self.triples: set[tuple[Node, Node, Node]] = set(shared.triples) if shared else set()
        self._objects: dict[tuple[Node | None, Node], list[Node]] = defaultdict(list)
        self._subjects: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
        for s, p, o in self.triples:
            self._objects[s, p].append(o)
            self._subjects[p, o].append(s)

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Add ``triple`` (once)."""
        if triple not in self.triples:
            self.triples.add(triple)
            s, p, o = triple
            self._objects[s, p].append(o)
            self._subjects[p, o].append(s)

    def objects(self, subject: Node | None, predicate: Node) -> list[Node]:
        """The objects of ``subject`` by ``predicate``."""
        return self._objects.get((subject, predicate), [])

    def subjects(self, predicate: Node, object: Node) -> list[Node]:
        """The subjects with ``predicate`` ``object``."""
        return self._subjects.get((predicate, object), [])

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        return triple in self.triples


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]

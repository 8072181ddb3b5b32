"""What the pages read from the public store: resource descriptions, labels, small queries.

These are iacoll's own bounded queries (the public's arbitrary queries go to the SPARQL worker
processes), over the union of the public store's graphs: everything in the public store is
public, one named graph per record plus the vocabularies, context and catalogue graphs. The
store may change while the site runs (publications): what is read from it is cached per store
generation (:mod:`iacoll.freshness`), and ``Last-Modified`` is the generation's. Page handlers
are plain ``def`` functions, so FastAPI runs them in its thread pool, off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from iacoll.freshness import Latest, PerGeneration, Watch
from iacoll.generation import Generation
from iacoll.namespaces import bind_prefixes
from iacoll.settings import Settings
from iacoll.terms import construct_triples, select_rows, to_oxigraph, to_rdflib

T = TypeVar("T")
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2006/vcard/ns#fn",
)
LABEL_BATCH = 500  # IRIs per query when labels are read in bulk


@dataclass
class Site:
    """The public store, the generation it is at and the base IRI its IRIs are minted under."""

    settings: Settings
    store: ox.Store
    watch: Watch = field(init=False)
    _labels: PerGeneration[tuple[str, str | None]] = field(init=False)
    _graphs: PerGeneration[frozenset[str]] = field(init=False)
    _caches: dict[str, PerGeneration[Any]] = field(init=False)
    # What the server starts computing as soon as it starts (the browsing library…).
    warmers: list[Callable[[], None]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.watch = Watch(self.settings.store_path)
        self._labels = PerGeneration(self.watch)
        self._graphs = PerGeneration(self.watch)
        self._caches = {}

    @property
    def generation(self) -> Generation:
        """The store generation every cache, ``ETag`` and ``Last-Modified`` follows."""
        return self.watch.current()

    @property
    def last_modified(self) -> datetime:
        """When the store reached its generation (the Last-Modified of every resource)."""
        return self.generation.last_modified

    def cache(
        self, name: str, limit: int | None = None, weigh: Callable[[Any], int] | None = None
    ) -> PerGeneration[Any]:
        """The cache called ``name`` (the same one at each call), following the generation;
        ``limit`` bounds the total ``weigh`` of its values (see :class:`PerGeneration`)."""
        if name not in self._caches:
            self._caches[name] = PerGeneration(self.watch, limit, weigh)
        return self._caches[name]

    def warm(self) -> None:
        """Start computing, in background, what :attr:`warmers` name (at start-up and after each
        generation)."""
        for warm in self.warmers:
            warm()

    def latest(self, build: Callable[[], T]) -> Latest[T]:
        """A value built by ``build`` once per generation (see :class:`iacoll.freshness.Latest`)."""
        return Latest(self.watch, build)

    def graph_names(self) -> frozenset[str]:
        """IRIs of the public store's named graphs (read once per generation)."""
        return self._graphs.get("", self._read_graph_names)

    def _read_graph_names(self) -> frozenset[str]:
        return frozenset(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    @property
    def base(self) -> str:
        """The base IRI (``https://w3id.org/iacoll/`` by default)."""
        return self.settings.base_iri

    def iri_for_path(self, path: str) -> str:
        """The minted IRI a server path stands for (``/id/x`` → ``{base}id/x``)."""
        return self.base + path.lstrip("/")

    def path_for_iri(self, iri: str) -> str | None:
        """The server path of a minted IRI (hash dropped), or None for an outside IRI."""
        if not iri.startswith(self.base):
            return None
        return "/" + iri[len(self.base) :].split("#", 1)[0]

    def select(self, query: str, **bindings: Any) -> list[dict[str, Any]]:
        """Rows of a SELECT over the union of the public graphs, as Python dicts of terms."""
        names, rows = select_rows(
            self.store, _with_values(query, bindings), use_default_graph_as_union=True
        )
        return [{n: to_rdflib(s[n]) for n in names} for s in rows]

    def construct(self, query: str, **bindings: Any) -> Graph:
        """A CONSTRUCT/DESCRIBE over the public graphs, as an rdflib graph."""
        graph = bind_prefixes(Graph(bind_namespaces="core"))  # rdflib's 30 defaults: 4 → 0.8 ms
        for triple in self.triples(query, **bindings):
            graph.add(triple)
        return graph

    def triples(self, query: str, **bindings: Any) -> list[tuple[Node, Node, Node]]:
        """The triples of a CONSTRUCT/DESCRIBE over the public graphs, as rdflib terms (no
        graph built: for what is added to another graph)."""
        found = construct_triples(
            self.store, _with_values(query, bindings), use_default_graph_as_union=True
        )
        return [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in found]

    def describe(self, iri: str) -> Graph:
        """The concise bounded description of ``iri`` (its triples and blank-node closure)."""
        return self.construct(f"DESCRIBE {to_oxigraph(URIRef(iri))}")

    def exists(self, iri: str) -> bool:
        """Whether ``iri`` is the subject of a public triple."""
        result = self.store.query(
            f"ASK {{ {to_oxigraph(URIRef(iri))} ?p ?o }}", use_default_graph_as_union=True
        )
        return bool(result)

    def label(self, iri: Node, lang: str = "fr") -> str:
        """A readable label of ``iri`` in ``lang`` (falls back to French, then the IRI)."""
        return self.stated_label(iri, lang)[0]

    def stated_label(self, iri: Node, lang: str = "fr") -> tuple[str, str | None]:
        """:meth:`label` and the language of the literal it comes from: ``lang``, another
        language, ``""`` for an untagged one, None when the store labels nothing (the label is
        then the IRI's last segment)."""
        return self._labels.get((str(iri), lang), lambda: self._find_label(str(iri), lang))

    def labels(self, iris: Iterable[Node], lang: str = "fr") -> dict[str, str]:
        """Labels of several IRIs."""
        return {str(i): self.label(i, lang) for i in iris if isinstance(i, URIRef)}

    def read_labels(self, iris: Iterable[URIRef], lang: str = "fr") -> None:
        """Read the labels of many IRIs at once (:meth:`stated_label` then finds them): one
        query per :data:`LABEL_BATCH` IRIs rather than one per IRI."""
        missing = sorted({str(i) for i in iris if (str(i), lang) not in self._labels})
        for start in range(0, len(missing), LABEL_BATCH):
            batch = missing[start : start + LABEL_BATCH]
            values = " ".join(f"<{iri}>" for iri in batch)
            listed = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES)
            rows = self.select(
                f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?l "
                f"FILTER(?p IN ({listed}) && isLiteral(?l)) }}"
            )
            by_iri: dict[str, list[dict[str, Any]]] = {iri: [] for iri in batch}
            for row in rows:
                by_iri[str(row["x"])].append(row)
            for iri, found in by_iri.items():
                chosen = _chosen_label(iri, found, lang)
                self._labels.get((iri, lang), lambda chosen=chosen: chosen)  # type: ignore[misc]

    def _find_label(self, iri: str, lang: str) -> tuple[str, str | None]:
        rows = self.select("SELECT ?p ?l WHERE { ?x ?p ?l FILTER(isLiteral(?l)) }", x=URIRef(iri))
        return _chosen_label(iri, rows, lang)


def _chosen_label(iri: str, rows: list[dict[str, Any]], lang: str) -> tuple[str, str | None]:
    """The label of ``iri`` among ``rows`` (``?p`` ``?l``): see :meth:`Site.stated_label`."""
    found: dict[tuple[str, str], str] = {}
    for row in rows:
        literal = row["l"]
        found.setdefault((str(row["p"]), literal.language or ""), str(literal))
    for language in (lang, "fr", "en", ""):
        for prop in LABEL_PROPERTIES:
            if (prop, language) in found:
                return found[(prop, language)], language
    local = iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local or iri, None


def _with_values(query: str, bindings: dict[str, Any]) -> str:
    """Bind variables with a VALUES clause opening the first group pattern."""
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(to_oxigraph(value)) for value in bindings.values())
    head, brace, tail = query.partition("{")
    return f"{head}{brace} VALUES ({names}) {{ ({terms}) }} {tail}"

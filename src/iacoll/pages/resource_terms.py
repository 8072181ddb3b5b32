"""How RDF terms are shown on the resource pages: links, texts, nested blank nodes, lists.

A :class:`Reader` turns the terms of a graph into values the templates print, in the page
language: an IRI becomes a :class:`Link` (its label, and the local path of a minted IRI or the
IRI itself), a literal a :class:`Text` (with its language tag when it differs from the page's),
a blank node a :class:`Nested` table of its own rows, an RDF list an :class:`Items`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from typing import Literal as Kind

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from iacoll.namespaces import DEFAULT_BASE, PREFIXES
from iacoll.pages.i18n import MESSAGES
from iacoll.pages.site import Site

MAX_DEPTH = 4  # blank nodes nested deeper are shown as "…"


@dataclass(frozen=True)
class Link:
    """An IRI shown by its label and linked to its page (a local path for minted IRIs)."""

    iri: str
    label: str
    href: str
    external: bool
    qname: str | None = None
    kind: Kind["link"] = "link"


@dataclass(frozen=True)
class Text:
    """A literal; ``lang`` is set when its language differs from the page's."""

    value: str
    lang: str | None = None
    datatype: str | None = None
    kind: Kind["text"] = "text"


@dataclass(frozen=True)
class Row:
    """One property of a subject and its values."""

    predicate: Link
    values: Sequence[Value]


@dataclass(frozen=True)
class Nested:
    """A blank node, shown as the table of its own properties."""

    rows: list[Row]
    kind: Kind["nested"] = "nested"


@dataclass(frozen=True)
class Items:
    """An RDF list (``rdf:first``/``rdf:rest``)."""

    items: list[Value]
    kind: Kind["list"] = "list"


Value = Link | Text | Nested | Items


def rebased(site: Site, iri: str) -> URIRef:
    """An iacoll IRI written under the default base, moved under the site's base."""
    if iri.startswith(DEFAULT_BASE):
        return URIRef(site.base + iri[len(DEFAULT_BASE) :])
    return URIRef(iri)


def collation(text: str) -> str:
    """Sort key of a label: case and accents ignored (« Établissement » sorts with the E)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def capitalised(text: str) -> str:
    """``text`` with its first letter upper-cased (the rest untouched: "SIREN" stays)."""
    return text[:1].upper() + text[1:]


@dataclass
class Reader:
    """Reads the terms of a graph into page values, in the page language ``lang``."""

    site: Site
    lang: str
    prologue: str = ""  # SPARQL PREFIX declarations of the project's namespaces
    _namespaces: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        spaces = [(p, str(rebased(self.site, str(ns)))) for p, ns in PREFIXES.items()]
        self._namespaces = sorted(spaces, key=lambda pair: -len(pair[1]))
        self.prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in spaces)

    def select(self, query: str, **bindings: Any) -> list[dict[str, Any]]:
        """:meth:`Site.select` with the project's prefixes (rebased) declared."""
        return self.site.select(self.prologue + query, **bindings)

    def message(self, key: str) -> str | None:
        """The interface message ``key`` in the page language, or None when undefined."""
        entry = MESSAGES.get(key)
        return None if entry is None else entry.get(self.lang) or entry["fr"]

    def qname(self, iri: str) -> str | None:
        """``prefix:local`` for an IRI in a known namespace, else None."""
        for prefix, namespace in self._namespaces:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return None

    def href(self, iri: str) -> str:
        """The local path of a minted IRI (fragment kept), or the IRI itself."""
        path = self.site.path_for_iri(iri)
        if path is None:
            return iri
        return path + ("#" + iri.split("#", 1)[1] if "#" in iri else "")

    def link(self, iri: Node, label: str | None = None) -> Link:
        """A link to ``iri``, labelled in the page language.

        The label is the store's (``skos:prefLabel``, ``foaf:name``…); a standard term the store
        does not label is named by the messages (``term.{qname}``), else by its qname.
        """
        text, qname = str(iri), self.qname(str(iri))
        minted = text.startswith(self.site.base)
        if label is None:
            label = self.site.label(URIRef(text), self.lang)
            if label == _fallback(text) and not minted:
                named = self.message(f"term.{qname}") if qname else None
                label = named or qname or text
        return Link(text, label or text, self.href(text), not minted, qname)

    def predicate(self, iri: Node) -> Link:
        """A property or class as a heading: its label, capitalised unless it is a qname."""
        link = self.link(iri)
        if link.label in (link.qname, link.iri):
            return link
        return Link(link.iri, capitalised(link.label), link.href, link.external, link.qname)

    def text(self, literal: Literal) -> Text:
        """A literal, its language tag kept when it is not the page's."""
        lang = literal.language if literal.language and literal.language != self.lang else None
        datatype = self.qname(str(literal.datatype)) if literal.datatype else None
        return Text(str(literal), lang, None if datatype == "xsd:string" else datatype)

    def value(self, graph: Graph, node: Node, depth: int = 0) -> Value:
        """Any term of ``graph`` as a page value."""
        if isinstance(node, Literal):
            return self.text(node)
        if isinstance(node, BNode):
            if depth >= MAX_DEPTH:
                return Text("…")
            if (node, RDF.first, None) in graph or node == RDF.nil:
                items = Collection(graph, node)
                return Items([self.value(graph, i, depth + 1) for i in items])
            return Nested(self.rows(graph, node, depth=depth + 1))
        return self.link(node)

    def values(self, graph: Graph, subject: Node, prop: Node, depth: int = 0) -> list[Value]:
        """The values of ``prop`` on ``subject``: literals in the page language if any."""
        return self.shown(graph, graph.objects(subject, prop), depth)

    def shown(self, graph: Graph, objects: Iterable[Node], depth: int = 0) -> list[Value]:
        """Some terms of ``graph`` as page values: literals in the page language if any."""
        chosen = pick_language(objects, self.lang)
        return [self.value(graph, o, depth) for o in sorted_terms(chosen)]

    def links(self, iris: Iterable[Node]) -> list[Link]:
        """Links to several IRIs, sorted by label."""
        return sorted((self.link(i) for i in set(iris)), key=lambda link: collation(link.label))

    def rows(
        self, graph: Graph, subject: Node, skip: Iterable[Node] = (), depth: int = 0
    ) -> list[Row]:
        """Every property of ``subject`` but ``skip``: ``rdf:type`` first, then by label."""
        skipped = set(skip)
        predicates = {p for p in graph.predicates(subject) if p not in skipped}
        rows = [Row(self.predicate(p), self.values(graph, subject, p, depth)) for p in predicates]
        return sorted(rows, key=lambda r: (r.predicate.iri != str(RDF.type), r.predicate.label))


def pick_language(terms: Iterable[Node], lang: str) -> list[Node]:
    """Literals in ``lang``, else in French, else all; other terms are always kept."""
    terms = list(terms)
    tagged = [t for t in terms if isinstance(t, Literal) and t.language]
    for wanted in (lang, "fr"):
        chosen = [t for t in tagged if t.language == wanted]
        if chosen:
            return [t for t in terms if t not in tagged or t in chosen]
    return terms


def sorted_terms(terms: Iterable[Node]) -> list[Node]:
    """A stable order: IRIs and literals by their text, blank nodes last."""
    return sorted(terms, key=lambda t: (isinstance(t, BNode), str(t)))


def _fallback(iri: str) -> str:
    """What :meth:`Site.label` answers when an IRI has no label."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "/" in iri else iri

"""How RDF terms are shown on the resource pages: links, texts, nested blank nodes, lists.

A :class:`Reader` turns the terms of a graph into values the templates print, in the page
language: an IRI becomes a :class:`Link` (its label, and the local path of a minted IRI or the
IRI itself), a literal a :class:`Text` (with its language tag when it differs from the page's),
a blank node a :class:`Nested` table of its own rows, an RDF list an :class:`Items`.

A label is never a raw identifier where people read: the store's label in the page language,
else the interface's (``term.{qname}`` or ``term.{IRI}`` in the messages, which also gives
French names to terms the EU vocabularies label in English only), else the store's label in
another language, else — only on the documentation pages (ontology, shapes, vocabularies) —
the qname, shown as code. Some values have their own reading (:data:`LOCATORS`, byte sizes,
checksums, dates, media types).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from typing import Literal as Kind

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from iacoll.namespaces import (
    DCAT,
    DCT,
    DEFAULT_BASE,
    FOAF,
    IANA,
    OWL,
    PREFIXES,
    RDFS,
    SCHEMA,
    SD,
    SPDX,
    VCARD,
    VOID,
    XSD,
)
from iacoll.pages.citations import Part, parts, plain
from iacoll.pages.dates import human_date, human_size
from iacoll.pages.i18n import MESSAGES
from iacoll.pages.search import collation
from iacoll.pages.site import Site
from iacoll.pages.typography import for_language

MAX_DEPTH = 4  # blank nodes nested deeper are shown as "…"
# Properties whose value is an address (a web page, a file, an endpoint, a mailbox): shown as
# that address when it has no label.
LOCATORS = frozenset(
    {
        FOAF.homepage,
        FOAF.page,
        FOAF.logo,
        DCAT.landingPage,
        DCAT.accessURL,
        DCAT.downloadURL,
        DCAT.endpointURL,
        DCAT.endpointDescription,
        RDFS.seeAlso,
        DCT.relation,
        SCHEMA.codeRepository,
        SCHEMA.url,
        VCARD.hasURL,
        VCARD.hasEmail,
        SD.endpoint,
        VOID.sparqlEndpoint,
        OWL.versionIRI,
    }
)
DATES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear, XSD.dateTime})


@dataclass(frozen=True)
class Link:
    """An IRI shown by its label and linked to its page (a local path for minted IRIs).

    ``lang``: the label's language when it is not the page's; ``code``: the label is an
    identifier (a qname on a documentation page); ``address``: the label is the IRI itself,
    the value of a :data:`LOCATORS` property.
    """

    iri: str
    label: str
    href: str
    external: bool
    qname: str | None = None
    kind: Kind["link"] = "link"
    lang: str | None = None
    code: bool = False
    address: bool = False


@dataclass(frozen=True)
class Text:
    """A literal; ``lang`` is set when its language differs from the page's.

    ``code``: the value is an identifier (an IRI, a checksum) and is shown as code;
    ``datetime``: the machine form of a date written in words; ``parts``: the value cut
    where it cites a seed document or an IRI (:mod:`iacoll.pages.citations`), else ().
    """

    value: str
    lang: str | None = None
    datatype: str | None = None
    kind: Kind["text"] = "text"
    code: bool = False
    datetime: str | None = None
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Checksum:
    """An ``spdx:Checksum``: its algorithm and its value."""

    algorithm: Link
    value: str
    kind: Kind["checksum"] = "checksum"


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


Value = Link | Text | Nested | Items | Checksum


def rebased(site: Site, iri: str) -> URIRef:
    """An iacoll IRI written under the default base, moved under the site's base."""
    if iri.startswith(DEFAULT_BASE):
        return URIRef(site.base + iri[len(DEFAULT_BASE) :])
    return URIRef(iri)


def readable_address(iri: str) -> str:
    """A web address as people write it: no scheme, no query, no trailing slash, and the
    middle of a long path left out (``www.sicoval.fr/…/strategie.pdf``)."""
    address = re.sub(r"^[a-z]+://", "", iri).split("?", 1)[0].split("#", 1)[0].rstrip("/")
    host, _, path = address.partition("/")
    if len(address) <= 50 or "/" not in path:
        return address if len(address) <= 50 else host
    return f"{host}/…/{path.rsplit('/', 1)[-1]}"


def capitalised(text: str) -> str:
    """``text`` with its first letter upper-cased (the rest untouched: "SIREN" stays)."""
    return text[:1].upper() + text[1:]


@dataclass
class Reader:
    """Reads the terms of a graph into page values, in the page language ``lang``."""

    site: Site
    lang: str
    terms_as_code: bool = False  # documentation pages: an unlabelled term is shown as code
    documents: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # seed file key →
    # (title, page path): see :mod:`iacoll.pages.citations`
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

    def link(self, iri: Node, label: str | None = None, locator: bool = False) -> Link:
        """A link to ``iri``, labelled in the page language (see the module's docstring).

        ``locator``: the IRI is the value of a :data:`LOCATORS` property, shown as its address
        when nothing labels it.
        """
        text, qname = str(iri), self.qname(str(iri))
        minted = text.startswith(self.site.base)
        if label is not None:
            return Link(text, label, self.href(text), not minted, qname)
        found, language = self.site.stated_label(URIRef(text), self.lang)
        named = self.message(f"term.{qname or text}")
        if language in (self.lang, ""):
            return Link(text, self.typeset(found), self.href(text), not minted, qname)
        if named:
            return Link(text, self.typeset(named), self.href(text), not minted, qname)
        if language is not None:
            return Link(text, found, self.href(text), not minted, qname, lang=language)
        if locator:
            label = readable_address(text)
            return Link(text, label, self.href(text), not minted, qname, address=True)
        if text.startswith(str(IANA)):  # a media type: text/csv
            return Link(text, text[len(str(IANA)) :], text, True, qname, code=True)
        if minted:
            return Link(text, found, self.href(text), False, qname)
        return Link(text, qname or text, text, True, qname, code=self.terms_as_code)

    def predicate(self, iri: Node) -> Link:
        """A property or class as a heading: its label, capitalised unless it is a qname."""
        link = self.link(iri)
        if link.code or link.label in (link.qname, link.iri):
            return link
        return replace(link, label=capitalised(link.label))

    def text(self, literal: Literal) -> Text:
        """A literal, its language tag kept when it is not the page's; a date in words, an
        IRI as code."""
        lang = literal.language if literal.language and literal.language != self.lang else None
        datatype = self.qname(str(literal.datatype)) if literal.datatype else None
        value = str(literal)
        if literal.datatype in DATES and (words := human_date(value, self.lang)):
            return Text(words, lang, datatype, datetime=value)
        datatype = None if datatype == "xsd:string" else datatype
        if literal.datatype == XSD.anyURI or _is_iri(value):
            return Text(value, lang, datatype, code=True)
        cut = parts(value, self.documents)
        if plain(cut):
            return Text(self.typeset("".join(p.text for p in cut), lang), lang, datatype)
        typeset = (
            replace(p, text=self.typeset(p.text, lang)) if p.kind == "words" else p for p in cut
        )
        return Text(self.typeset(value, lang), lang, datatype, parts=tuple(typeset))

    def typeset(self, text: str, lang: str | None = None) -> str:
        """``text`` with the typography of its language (``lang``, else the page's)."""
        return for_language(text, lang or self.lang)

    def value(self, graph: Graph, node: Node, depth: int = 0, prop: Node | None = None) -> Value:
        """Any term of ``graph`` as a page value; ``prop`` is the property it is a value of."""
        if prop == DCAT.byteSize and isinstance(node, Literal) and str(node).isdigit():
            return Text(human_size(int(str(node)), self.lang))
        if prop == SPDX.checksum and isinstance(node, BNode):
            algorithm = graph.value(node, SPDX.algorithm)
            value = graph.value(node, SPDX.checksumValue)
            if algorithm is not None and value is not None:
                return Checksum(self.link(algorithm), str(value))
        if isinstance(node, Literal):
            return self.text(node)
        if isinstance(node, BNode):
            if depth >= MAX_DEPTH:
                return Text("…")
            if (node, RDF.first, None) in graph or node == RDF.nil:
                items = Collection(graph, node)
                return Items([self.value(graph, i, depth + 1) for i in items])
            return Nested(self.rows(graph, node, depth=depth + 1))
        return self.link(node, locator=prop in LOCATORS)

    def values(self, graph: Graph, subject: Node, prop: Node, depth: int = 0) -> list[Value]:
        """The values of ``prop`` on ``subject``: literals in the page language if any."""
        return self.shown(graph, graph.objects(subject, prop), depth, prop)

    def shown(
        self, graph: Graph, objects: Iterable[Node], depth: int = 0, prop: Node | None = None
    ) -> list[Value]:
        """Some terms of ``graph`` (values of ``prop``) as page values: literals in the page
        language if any."""
        chosen = pick_language(objects, self.lang)
        return [self.value(graph, o, depth, prop) for o in sorted_terms(chosen)]

    def links(self, iris: Iterable[Node], locator: bool = False) -> list[Link]:
        """Links to several IRIs, sorted by label (``locator``: see :meth:`link`)."""
        found = (self.link(i, locator=locator) for i in set(iris))
        return sorted(found, key=lambda link: collation(link.label))

    def rows(
        self, graph: Graph, subject: Node, skip: Iterable[Node] = (), depth: int = 0
    ) -> list[Row]:
        """Every property of ``subject`` but ``skip``: ``rdf:type`` first, then by label."""
        skipped = set(skip)
        predicates = {p for p in graph.predicates(subject) if p not in skipped}
        rows = [Row(self.predicate(p), self.values(graph, subject, p, depth)) for p in predicates]
        return sorted(
            rows, key=lambda r: (r.predicate.iri != str(RDF.type), collation(r.predicate.label))
        )


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


def _is_iri(text: str) -> bool:
    """Whether ``text`` is one absolute http(s) IRI (an identifier, shown as code)."""
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)

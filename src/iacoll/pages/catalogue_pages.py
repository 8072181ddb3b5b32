"""The DCAT-AP 3.0.1 catalogue at ``/catalogue``, paged for harvesters with Hydra.

The catalogue graph itself (the register, its distributions, a ``dcat:resource`` link to every
record, the size and checksum of the downloads) is :mod:`iacoll.catalogue`'s; this module serves
it. Page *n* lists members ``(n-1)·size+1 … n·size``, the register first, then the records by
IRI. Each page stands alone for a harvester and for the shapes: the catalogue node with the
``dcat:dataset`` and ``dcat:resource`` links of that page, the datasets, their distributions and
contact points, the records' types, titles and publishers, the types and labels of every term
and agent they cite and the Hydra controls. The links of an RDF page keep its format, whether a
suffix, ``?format=`` or ``Accept`` chose it (``/catalogue.ttl?page=2``): harvesters fetch the
next pages with ``Accept: */*``. The HTML page is answered by ``Pages.respond`` like every other
page. The fiche datasets of earlier versions (``/id/fiche/{id}``) redirect to their record (301).

What a page shows is read from the public store once per store generation: the members and the
catalogue's own description when the first page of a generation is asked (``site.cache``), then
each page's members only (a page costs the same at 100 or 100,000 records); each answer is kept
(:class:`~iacoll.pages.answers.Answers`). ``Last-Modified`` is the generation's. The HTML page
links to the first and last pages and to :data:`PAGES_AROUND` on each side of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iacoll import conneg
from iacoll.errors import IacollError
from iacoll.namespaces import (
    DCAT,
    DCAT_RESOURCE,
    DCT,
    FOAF,
    HYDRA,
    RDF,
    SKOS,
    XSD,
    bind_prefixes,
)
from iacoll.numbers import whole
from iacoll.pages.answers import Answers
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.pages.view import View, add_format_routes, choose, split_suffix

# The fiche datasets of earlier versions: ``/id/fiche/{id}`` and its distributions' suffixes.
FICHE_PATH = "id/fiche/"
FICHE_DISTRIBUTIONS = {"html": ".html", "turtle": ".ttl", "jsonld": ".jsonld"}
# What a catalogue page says of each record it lists (the rest is at the record's IRI).
RECORD_PROPERTIES = (RDF.type, DCT.title, DCT.publisher)

# Copied for every term or agent a page cites (classes aside), and datatypes Oxigraph
# canonicalises on load (oxigraph#526) that DCAT-AP wants back.
CONTEXT_PROPERTIES = (RDF.type, SKOS.prefLabel, SKOS.inScheme, DCT.title, FOAF.name, DCT.type)
DATATYPES = {DCAT.byteSize: XSD.nonNegativeInteger}
PAGES_AROUND = 5  # numbered links on each side of the current page (HTML)


def _add(out: Graph, subject: URIRef, facts: Iterable[tuple[URIRef, Node]]) -> None:
    for prop, value in facts:
        out.add((subject, prop, value))


def _text(graph: Graph, node: Node | None, prop: URIRef, lang: str = "fr") -> str:
    """A literal of ``node``: in ``lang``, else French, else untagged, else any (sorted)."""
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)] if node else []
    for wanted in (lang, "fr", ""):
        chosen = sorted(str(v) for v in values if (v.language or "") == wanted)
        if chosen:
            return chosen[0]
    return min((str(v) for v in values), default="")


class PageNotFound(IacollError):
    """A catalogue page that does not exist, ``?page=0`` or ``?page=x`` (404)."""

    status = 404


@dataclass(frozen=True)
class Page:
    """One page of the catalogue's datasets."""

    number: int
    size: int
    total: int
    items: tuple[URIRef, ...] = ()

    @property
    def last(self) -> int:
        """Number of the last page."""
        return max(1, ceil(self.total / self.size))

    @property
    def first_item(self) -> int:
        """1-based rank of the page's first dataset."""
        return (self.number - 1) * self.size + 1


@dataclass(frozen=True)
class Members:
    """What the catalogue lists at one generation: its datasets, then its records."""

    datasets: frozenset[URIRef]
    all: tuple[URIRef, ...]


class CataloguePages:
    """The pages of the catalogue, read from the public store once per store generation."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.catalogue = URIRef(site.base + "id/catalogue")
        self._cache = site.cache("catalogue-pages")

    def members(self) -> Members:
        """The datasets and records listed at the current generation."""
        found: Members = self._cache.get("members", self._read_members)
        return found

    def _read_members(self) -> Members:
        datasets = frozenset(self._objects([self.catalogue], DCAT.dataset))
        records = self._objects([self.catalogue], DCAT_RESOURCE)
        return Members(datasets, (*sorted(datasets), *records))

    def records(self) -> tuple[URIRef, ...]:
        """Every record the catalogue lists (``dcat:resource``), by IRI."""
        members = self.members()
        return tuple(m for m in members.all if m not in members.datasets)

    def page(self, raw: str) -> Page:
        """Page ``raw`` (the ``?page=`` value, from 1), or :class:`PageNotFound`."""
        members = self.members().all
        size, total = max(1, self.site.settings.catalogue_page_size), len(members)
        last = Page(1, size, total).last
        number = whole(raw)
        if number is None or not 1 <= number <= last:
            raise PageNotFound(
                f"Le catalogue n'a pas de page « {raw} » : pages 1 à {last} (?page=2).",
                detail=f"The catalogue has no page '{raw}': pages 1 to {last} (?page=2).",
            )
        return Page(number, size, total, members[(number - 1) * size : number * size])

    def graph(self, page: Page) -> Graph:
        """The DCAT-AP content of ``page``, without the Hydra controls: read for the page's
        members only (the catalogue's own description is read once per generation)."""
        graph = bind_prefixes(Graph(bind_namespaces="core"))  # rdflib's 30 defaults: 4 → 0.8 ms
        graph.addN((*t, graph) for t in self.head())
        listed = self.members().datasets
        datasets = [m for m in page.items if m in listed]
        records = [m for m in page.items if m not in listed]
        services = self._objects([self.catalogue], DCAT.service) if page.number == 1 else []
        graph.addN((*t, graph) for t in self._describe([*datasets, *services]))
        cited = self._objects([*datasets, *services], DCAT.distribution, DCAT.contactPoint)
        graph.addN((*t, graph) for t in self._describe(cited))
        if records:
            graph.addN(
                (*t, graph)
                for t in self.site.triples(
                    f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?x {{ {_iris(records)} }} "
                    f"?x ?p ?o FILTER(?p IN ({_listed(RECORD_PROPERTIES)})) }}"
                )
            )
        _add(graph, self.catalogue, ((DCAT.dataset, d) for d in datasets))
        _add(graph, self.catalogue, ((DCAT_RESOURCE, r) for r in records))
        _add(graph, self.catalogue, ((DCAT.service, s) for s in services))
        self._add_context(graph)
        for prop, datatype in DATATYPES.items():
            for subject, value in list(graph.subject_objects(prop)):
                graph.set((subject, prop, Literal(str(value), datatype=datatype)))
        return graph

    def head(self) -> list[tuple[Node, Node, Node]]:
        """The catalogue's own description, but its member links (once per generation: it
        reads the catalogue node, whose ``dcat:resource`` links grow with the records)."""
        found: list[tuple[Node, Node, Node]] = self._cache.get(
            "head",
            lambda: self.site.triples(
                f"CONSTRUCT {{ <{self.catalogue}> ?p ?o }} WHERE {{ <{self.catalogue}> ?p ?o "
                f"FILTER(?p NOT IN (<{DCAT.dataset}>, <{DCAT.service}>, <{DCAT_RESOURCE}>)) }}"
            ),
        )
        return found

    def _objects(self, subjects: list[URIRef], *props: URIRef) -> list[URIRef]:
        rows = self.site.select(
            f"SELECT DISTINCT ?o WHERE {{ VALUES ?s {{ {_iris(subjects)} }} "
            f"VALUES ?p {{ {_iris(props)} }} ?s ?p ?o FILTER(isIRI(?o)) }}"
        )
        return sorted(row["o"] for row in rows)

    def _describe(self, iris: list[URIRef]) -> list[tuple[Node, Node, Node]]:
        if not iris:
            return []
        return self.site.triples(f"DESCRIBE ?x WHERE {{ VALUES ?x {{ {_iris(iris)} }} }}")

    def _add_context(self, graph: Graph) -> None:
        """Types and labels of the terms and agents ``graph`` cites, up to four links away
        (each round reads what the triples of the round before cite)."""
        done = set(graph.subjects())
        classes = set(graph.objects(None, RDF.type))
        added: list[tuple[Node, Node, Node]] = list(graph)
        for _ in range(4):
            cited = {o for _, _, o in added if isinstance(o, URIRef)} - done - classes
            if not cited:
                return
            done |= cited
            # FILTER(?p IN …) rather than a second VALUES list: 2.1 s → 6 ms on 10k records
            # (perf-profile.md, bottleneck 3).
            added = self.site.triples(
                f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?x {{ {_iris(sorted(cited))} }} "
                f"?x ?p ?o FILTER(?p IN ({_listed(CONTEXT_PROPERTIES)})) }}"
            )
            graph.addN((*t, graph) for t in added)
            classes |= {o for _, p, o in added if p == RDF.type}

    def hydra(self, page: Page, suffix: str, graph: Graph) -> Graph:
        """``graph`` with the Hydra controls of ``page``; links in format ``suffix`` ("" or
        ".ttl"…)."""
        view, count = self.page_iri(page.number, suffix), Literal(page.total)
        _add(graph, self.catalogue, ((HYDRA.member, d) for d in page.items))
        _add(graph, self.catalogue, [(RDF.type, HYDRA.Collection), (HYDRA.view, view)])
        # Current Hydra (udata: data.gouv.fr) and the legacy PagedCollection terms (CKAN).
        facts: list[tuple[URIRef, Node]] = [(HYDRA.totalItems, count)]
        facts += [(RDF.type, HYDRA.PartialCollectionView), (RDF.type, HYDRA.PagedCollection)]
        facts.append((HYDRA.itemsPerPage, Literal(page.size)))
        links = {"first": 1, "last": page.last, "previous": page.number - 1}
        links["next"] = page.number + 1 if page.number < page.last else 0
        for name, number in links.items():
            if number:
                iri = self.page_iri(number, suffix)
                facts += [(HYDRA[name], iri), (HYDRA[name + "Page"], iri)]
        _add(graph, view, facts)
        graph.add((self.catalogue, HYDRA.totalItems, count))
        return graph

    def page_iri(self, number: int, suffix: str = "") -> URIRef:
        """``{base}catalogue{suffix}?page={number}``."""
        return URIRef(f"{self.site.base}catalogue{suffix}?page={number}")

    def html_context(self, page: Page, graph: Graph, lang: str) -> dict[str, Any]:
        """What the HTML page shows besides the graph."""
        return {
            "page": page,
            "entries": [self.entry(graph, dataset, lang) for dataset in page.items],
            "description": _text(graph, self.catalogue, DCT.description, lang),
            "page_links": page_links(page),
            "harvest_url": f"{self.site.base}catalogue{conneg.BY_KEY['turtle'].suffix}",
        }

    def entry(self, graph: Graph, member: URIRef, lang: str) -> dict[str, Any]:
        """What the HTML page shows of a dataset or a record of the page."""
        publisher = graph.value(member, DCT.publisher)
        landing = graph.value(member, DCAT.landingPage)
        distributions = graph.objects(member, DCAT.distribution)
        path = self.site.path_for_iri(str(member))
        return {
            "title": _text(graph, member, DCT.title, lang),
            "kind": "dataset" if member in self.members().datasets else "record",
            "identifier": _text(graph, member, DCT.identifier) or str(member),
            "path": path,
            "landing": (self.site.path_for_iri(str(landing)) or landing) if landing else path,
            "publisher": _text(graph, publisher, FOAF.name, lang),
            "formats": sorted(_text(graph, d, DCT.title, lang) for d in distributions),
        }

    def moved(self, rest: str) -> str:
        """The record path a fiche dataset path of earlier versions now stands for:
        ``x`` → ``/id/cas-usage/x``; ``x/distribution/turtle`` → ``/id/cas-usage/x.ttl``."""
        slug, _, distribution = rest.partition("/distribution/")
        slug, suffix = split_suffix(slug)
        record = next((r for r in self.records() if r.rsplit("/", 1)[-1] == slug), None)
        path = self.site.path_for_iri(str(record)) if record else None
        if path is None or (distribution and distribution not in FICHE_DISTRIBUTIONS):
            raise PageNotFound(
                f"La fiche « {slug} » n'existe pas : cherchez-la dans le catalogue (/recherche).",
                detail=f"There is no record '{slug}': look it up in the catalogue (/recherche).",
            )
        chosen = FICHE_DISTRIBUTIONS.get(distribution) or (
            conneg.BY_KEY[suffix].suffix if suffix else ""
        )
        return path + chosen


def page_links(page: Page, around: int = PAGES_AROUND) -> list[tuple[int | None, str | None]]:
    """The numbered links of the HTML page: the first, the last and ``around`` on each side of
    the current one; ``(None, None)`` stands for the pages left out between them."""
    shown = {1, page.last, *range(page.number - around, page.number + around + 1)}
    links: list[tuple[int | None, str | None]] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= page.last):
        if number > previous + 1:
            links.append((None, None))
        links.append((number, f"/catalogue?page={number}"))
        previous = number
    return links


def _iris(iris: Iterable[URIRef]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def _listed(iris: Iterable[URIRef]) -> str:
    """IRIs for ``FILTER(?p IN (…))``: Oxigraph joins a second ``VALUES`` list with the whole
    store (36 ms → 1 ms a page at 1,000 records; 2.1 s → 6 ms at 10k in perf-profile.md)."""
    return ", ".join(f"<{iri}>" for iri in iris)


def router(site: Site, pages: Pages) -> APIRouter:
    """``/catalogue`` and ``/catalogue.{ttl,jsonld,rdf,nt,html}``, with ``?page=N``."""
    api = APIRouter()
    catalogue = CataloguePages(site)
    answers = Answers(site, pages)

    def answer(request: Request, suffix_format: str | None) -> Response:
        page = catalogue.page(request.query_params.get("page", "1"))
        fmt = choose(request, suffix_format)
        # The links of an RDF page keep its format, however it was chosen: harvesters follow
        # hydra:next with Accept: */*, which would get HTML at /catalogue?page=2.
        suffix = fmt.suffix if fmt.kind == "rdf" else ""

        def view() -> View:
            graph = catalogue.hydra(page, suffix, catalogue.graph(page))
            context = (
                catalogue.html_context(page, graph, language_of(request))
                if fmt.kind == "html"
                else {}
            )
            query = f"?page={page.number}"
            return View(graph, catalogue.catalogue, "catalogue.html", context, "/catalogue", query)

        return answers.respond(request, fmt, view)

    @api.api_route("/" + FICHE_PATH + "{rest:path}", methods=["GET"])
    def fiche(rest: str) -> Response:
        """A fiche dataset of earlier versions: moved to its record."""
        return RedirectResponse(catalogue.moved(rest), status_code=301)

    add_format_routes(api, "/catalogue", answer, "catalogue")
    return api

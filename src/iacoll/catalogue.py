"""The DCAT-AP 3.0.1 catalogue at ``/catalogue``, paged for harvesters with Hydra.

Build time (:func:`complete`, called by ``store.build``): the ``catalogue`` graph is
``data/catalogue.ttl`` (catalogue, register dataset, its distributions, SPARQL service), plus
one "fiche" dataset ``…/id/fiche/{id}`` per public record (ontologies.md §6.6:
``foaf:primaryTopic`` the record, so that data.gouv.fr and data.europa.eu list every record),
plus the byte size and checksum of the download files, written at that moment.

Serve time (:class:`CataloguePages`): page *n* lists datasets ``(n-1)·size+1 … n·size``, the
register first, then the fiches by IRI. Each page stands alone for a harvester and for the
shapes: the catalogue node with the ``dcat:dataset`` links of that page, the datasets, their
distributions and contact points, the types and labels of every term and agent they cite
(publishers' ``foaf:name`` included) and the Hydra controls. The links of an RDF page keep its
format, whether a suffix, ``?format=`` or ``Accept`` chose it (``/catalogue.ttl?page=2``):
harvesters fetch the next pages with ``Accept: */*``. The HTML page is answered by
``Pages.respond`` like every other page (``Vary: Accept, Cookie``, ``Content-Language``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iacoll import conneg, csv_export, downloads, namespaces
from iacoll.errors import IacollError
from iacoll.model import fields
from iacoll.namespaces import (
    DCAT,
    DCATAP,
    DCT,
    FOAF,
    HYDRA,
    IACOLL,
    IANA,
    ID,
    NAL,
    RDF,
    SHAPES_IRI,
    SKOS,
    VOCAB,
    XSD,
    bind_prefixes,
)
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.pages.view import RESOURCE_FORMATS, View, choose
from iacoll.settings import Settings

CATALOGUE, TEAM = ID.catalogue, ID["organisation-iacoll"]
# The record's representations published as the fiche's distributions: EU file type of each.
FICHE_FORMATS = {"html": "HTML", "turtle": "RDF_TURTLE", "jsonld": "JSON_LD"}
FICHE_FACTS = (  # shared by every fiche dataset (all typed in data/catalogue.ttl)
    (DCT.accessRights, NAL["access-right/PUBLIC"]),
    (DCT.language, NAL["language/FRA"]),
    (DCT.spatial, NAL["country/FRA"]),
    (DCT.accrualPeriodicity, NAL["frequency/IRREG"]),
    (DCT.conformsTo, SHAPES_IRI),
    (DCAT.contactPoint, ID["contact-iacoll"]),
    (DCAT.keyword, Literal("intelligence artificielle", lang="fr")),
    (DCAT.keyword, Literal("collectivités territoriales", lang="fr")),
)
DISTRIBUTION_FACTS = (
    (DCT.license, NAL["licence/ETALAB_2_0"]),
    (DCATAP.availability, NAL["planned-availability/STABLE"]),
)
DATA_THEME, DEFAULT_THEME = str(NAL) + "data-theme/", NAL["data-theme/GOVE"]
KEYWORD_SCHEMES = (VOCAB.theme, VOCAB["sous-theme"])  # their labels become dcat:keyword
KIND_FR = {"cas-usage": "cas d'usage IA"}  # else the type-fiche label, lower-cased

# Copied for every term or agent a page cites (classes aside), and datatypes Oxigraph
# canonicalises on load (oxigraph#526) that DCAT-AP wants back.
CONTEXT_PROPERTIES = (RDF.type, SKOS.prefLabel, SKOS.inScheme, DCT.title, FOAF.name, DCT.type)
DATATYPES = {DCAT.byteSize: XSD.nonNegativeInteger}

# The generator's source files: their text is part of the catalogue graph's build fingerprint.
GENERATOR_FILES = (
    *(
        Path(module.__file__ or "")
        for module in (conneg, csv_export, downloads, fields, namespaces)
    ),
    Path(__file__),
)


# Build time ---------------------------------------------------------------------------------


def complete(static: Graph, inputs: Graph, settings: Settings) -> Graph:
    """The catalogue graph: ``static``, a fiche dataset per record of ``inputs`` (the public
    graphs), the size and checksum of the downloads, written now (default base IRIs)."""
    described = static + fiche_datasets(inputs)
    files = downloads.write(inputs + described, downloads.folder(settings), settings.base_iri)
    return described + downloads.file_metadata(files)


def outputs_present(settings: Settings) -> bool:
    """Whether the files the catalogue describes are on disk."""
    return downloads.present(downloads.folder(settings))


def fiche_iri(record: Node) -> URIRef:
    """``…/id/cas-usage/x`` → ``…/id/fiche/x``."""
    return ID["fiche/" + str(record).rstrip("/").rsplit("/", 1)[-1]]


def fiche_datasets(graph: Graph) -> Graph:
    """A ``dcat:Dataset`` per record (``iacoll:Fiche``) of ``graph``, listed by the catalogue."""
    out = Graph()
    for record in sorted(graph.subjects(RDF.type, IACOLL.Fiche), key=str):
        fiche = fiche_iri(record)
        out.add((CATALOGUE, DCAT.dataset, fiche))
        out.add((landing_page(record), RDF.type, FOAF.Document))
        _add(out, fiche, _fiche_facts(graph, record, fiche))
        for key in FICHE_FORMATS:
            distribution = URIRef(f"{fiche}/distribution/{key}")
            out.add((fiche, DCAT.distribution, distribution))
            _add(out, distribution, _distribution_facts(graph, record, key))
    for key, code in FICHE_FORMATS.items():
        out.add((IANA[conneg.BY_KEY[key].media_type], RDF.type, DCT.MediaType))
        out.add((NAL["file-type/" + code], RDF.type, DCT.MediaTypeOrExtent))
    return out


def _add(out: Graph, subject: URIRef, facts: Iterable[tuple[URIRef, Node]]) -> None:
    for prop, value in facts:
        out.add((subject, prop, value))


def _fiche_facts(graph: Graph, record: Node, fiche: URIRef) -> list[tuple[URIRef, Node]]:
    title = _text(graph, record, DCT.title)
    publisher = graph.value(record, DCT.publisher) or TEAM
    owner = _text(graph, publisher, FOAF.name) or "iacoll"
    kind = graph.value(record, IACOLL.typeFiche)
    label_fr = _text(graph, kind, SKOS.prefLabel)
    label_en = _text(graph, kind, SKOS.prefLabel, "en")
    slug = str(kind).rsplit("/", 1)[-1]
    kind_fr = KIND_FR.get(slug) or (label_fr[:1].lower() + label_fr[1:]) or "IA"
    descriptions = list(graph.objects(record, DCT.description)) or [
        Literal(f"Fiche {kind_fr} du registre iacoll : « {title} » ({owner}).", lang="fr")
    ]
    themes = [t for t in graph.objects(record, DCAT.theme) if str(t).startswith(DATA_THEME)]
    keywords = [label_fr] if label_fr else []
    for concept in graph.objects(record, DCAT.theme):
        if any((concept, SKOS.inScheme, scheme) in graph for scheme in KEYWORD_SCHEMES):
            keywords.append(_text(graph, concept, SKOS.prefLabel))
    return [
        (RDF.type, DCAT.Dataset),
        (DCT.identifier, Literal(str(fiche))),
        (DCT.title, Literal(f"Fiche {kind_fr} — {title} ({owner})", lang="fr")),
        (DCT.title, Literal(f"{label_en or 'AI'} record — {title} ({owner})", lang="en")),
        (FOAF.primaryTopic, record),
        (DCT.publisher, publisher),
        (DCAT.landingPage, landing_page(record)),
        *FICHE_FACTS,
        *((DCT.description, d) for d in descriptions),
        *((DCAT.theme, t) for t in themes or [DEFAULT_THEME]),
        *((DCAT.keyword, Literal(k, lang="fr")) for k in keywords if k),
    ]


def landing_page(record: Node) -> URIRef:
    """The record's HTML page (the fiche's ``dcat:landingPage``)."""
    return URIRef(str(record) + conneg.BY_KEY["html"].suffix)


def _distribution_facts(graph: Graph, record: Node, key: str) -> list[tuple[URIRef, Node]]:
    fmt = conneg.BY_KEY[key]
    url = URIRef(str(record) + fmt.suffix)
    about = f"La fiche « {_text(graph, record, DCT.title)} » en {fmt.label}."
    facts: list[tuple[URIRef, Node]] = [
        (RDF.type, DCAT.Distribution),
        (DCT.title, Literal(f"Fiche en {fmt.label}", lang="fr")),
        (DCT.title, Literal(f"Record in {fmt.label}", lang="en")),
        (DCT.description, Literal(about, lang="fr")),
        (DCAT.accessURL, url),
        (DCT.format, NAL["file-type/" + FICHE_FORMATS[key]]),
        (DCAT.mediaType, IANA[fmt.media_type]),
        *DISTRIBUTION_FACTS,
    ]
    return facts + ([(DCAT.downloadURL, url)] if fmt.kind == "rdf" else [])


def _text(graph: Graph, node: Node | None, prop: URIRef, lang: str = "fr") -> str:
    """A literal of ``node``: in ``lang``, else French, else untagged, else any (sorted)."""
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)] if node else []
    for wanted in (lang, "fr", ""):
        chosen = sorted(str(v) for v in values if (v.language or "") == wanted)
        if chosen:
            return chosen[0]
    return min((str(v) for v in values), default="")


# Serve time ---------------------------------------------------------------------------------


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


class CataloguePages:
    """The pages of the catalogue, read from the public store once per build of the store."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.catalogue = URIRef(site.base + "id/catalogue")
        self._stamp: object = None
        self._datasets: tuple[URIRef, ...] = ()
        self._graphs: dict[tuple[int, int], Graph] = {}

    def _fresh(self) -> None:
        """Forget what was read from an older build of the store."""
        if self._stamp != self.site.last_modified:
            self._stamp = self.site.last_modified
            rows = self.site.select(f"SELECT ?d WHERE {{ <{self.catalogue}> <{DCAT.dataset}> ?d }}")
            fiches = self.site.base + "id/fiche/"
            found = {row["d"] for row in rows if isinstance(row["d"], URIRef)}
            self._datasets = tuple(sorted(found, key=lambda d: (d.startswith(fiches), str(d))))
            self._graphs = {}

    def page(self, raw: str) -> Page:
        """Page ``raw`` (the ``?page=`` value, from 1), or :class:`PageNotFound`."""
        self._fresh()
        size, total = max(1, self.site.settings.catalogue_page_size), len(self._datasets)
        last = Page(1, size, total).last
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= last):
            raise PageNotFound(
                f"Le catalogue n'a pas de page « {raw} » : pages 1 à {last} (?page=2).",
                detail=f"The catalogue has no page '{raw}': pages 1 to {last} (?page=2).",
            )
        number = int(raw)
        return Page(number, size, total, self._datasets[(number - 1) * size : number * size])

    def graph(self, page: Page) -> Graph:
        """The DCAT-AP content of ``page``, without the Hydra controls (cached)."""
        self._fresh()
        if (page.number, page.size) not in self._graphs:
            self._graphs[(page.number, page.size)] = self._graph(page)
        return self._graphs[(page.number, page.size)]

    def _graph(self, page: Page) -> Graph:
        graph = bind_prefixes(Graph())
        graph += self.site.construct(
            f"CONSTRUCT {{ <{self.catalogue}> ?p ?o }} WHERE {{ <{self.catalogue}> ?p ?o "
            f"FILTER(?p NOT IN (<{DCAT.dataset}>, <{DCAT.service}>)) }}"
        )
        services = self._objects([self.catalogue], DCAT.service) if page.number == 1 else []
        graph += self._describe([*page.items, *services])
        graph += self._describe(
            self._objects([*page.items, *services], DCAT.distribution, DCAT.contactPoint)
        )
        _add(graph, self.catalogue, ((DCAT.dataset, d) for d in page.items))
        _add(graph, self.catalogue, ((DCAT.service, s) for s in services))
        self._add_context(graph)
        for prop, datatype in DATATYPES.items():
            for subject, value in list(graph.subject_objects(prop)):
                graph.set((subject, prop, Literal(str(value), datatype=datatype)))
        return graph

    def _objects(self, subjects: list[URIRef], *props: URIRef) -> list[URIRef]:
        rows = self.site.select(
            f"SELECT DISTINCT ?o WHERE {{ VALUES ?s {{ {_iris(subjects)} }} "
            f"VALUES ?p {{ {_iris(props)} }} ?s ?p ?o FILTER(isIRI(?o)) }}"
        )
        return sorted(row["o"] for row in rows)

    def _describe(self, iris: list[URIRef]) -> Graph:
        return self.site.construct(f"DESCRIBE ?x WHERE {{ VALUES ?x {{ {_iris(iris)} }} }}")

    def _add_context(self, graph: Graph) -> None:
        """Types and labels of the terms and agents ``graph`` cites, up to four links away."""
        done = set(graph.subjects())
        for _ in range(4):
            classes = set(graph.objects(None, RDF.type))
            cited = {o for o in graph.objects() if isinstance(o, URIRef)} - done - classes
            if not cited:
                return
            done |= cited
            graph += self.site.construct(
                f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?x {{ {_iris(sorted(cited))} }} "
                f"VALUES ?p {{ {_iris(CONTEXT_PROPERTIES)} }} ?x ?p ?o }}"
            )

    def hydra(self, page: Page, suffix: str) -> Graph:
        """The Hydra controls of ``page``; links in format ``suffix`` ("" or ".ttl"…)."""
        graph, view, count = Graph(), self.page_iri(page.number, suffix), Literal(page.total)
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
            "page_links": [(n, f"/catalogue?page={n}") for n in range(1, page.last + 1)],
            "harvest_url": f"{self.site.base}catalogue{conneg.BY_KEY['turtle'].suffix}",
        }

    def entry(self, graph: Graph, dataset: URIRef, lang: str) -> dict[str, Any]:
        """What the HTML page shows of ``dataset``."""
        publisher = graph.value(dataset, DCT.publisher)
        landing = graph.value(dataset, DCAT.landingPage)
        distributions = graph.objects(dataset, DCAT.distribution)
        return {
            "title": _text(graph, dataset, DCT.title, lang),
            "identifier": _text(graph, dataset, DCT.identifier),
            "path": self.site.path_for_iri(str(dataset)),
            "landing": self.site.path_for_iri(str(landing)) or landing,
            "publisher": _text(graph, publisher, FOAF.name, lang),
            "formats": sorted(_text(graph, d, DCT.title, lang) for d in distributions),
        }


def _iris(iris: Iterable[URIRef]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def router(site: Site, pages: Pages) -> APIRouter:
    """``/catalogue`` and ``/catalogue.{ttl,jsonld,rdf,nt,html}``, with ``?page=N``."""
    api = APIRouter()
    catalogue = CataloguePages(site)

    def answer(request: Request, suffix_format: str | None) -> Response:
        page = catalogue.page(request.query_params.get("page", "1"))
        fmt = choose(request, suffix_format)
        # The links of an RDF page keep its format, however it was chosen: harvesters follow
        # hydra:next with Accept: */*, which would get HTML at /catalogue?page=2.
        suffix = fmt.suffix if fmt.kind == "rdf" else ""
        graph = catalogue.graph(page) + catalogue.hydra(page, suffix)
        context = catalogue.html_context(page, graph, language_of(request))
        query = f"?page={page.number}"
        view = View(graph, catalogue.catalogue, "catalogue.html", context, "/catalogue", query)
        return pages.respond(request, view, site.last_modified, fmt)

    for fmt in (None, *RESOURCE_FORMATS):
        api.add_api_route(
            "/catalogue" + (fmt.suffix if fmt else ""),
            _endpoint(answer, fmt.key if fmt else None),
            methods=["GET", "HEAD"],
            name="catalogue" + (f"_{fmt.key}" if fmt else ""),
            include_in_schema=fmt is None,
        )
    return api


def _endpoint(
    answer: Callable[[Request, str | None], Response], key: str | None
) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        return answer(request, key)

    return endpoint

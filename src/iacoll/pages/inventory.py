"""The inventories of algorithmic processings (CRPA art. L312-1-3): per organisation and
national.

``/id/organisation/{slug}/inventaire``: the organisation's published use cases, each with the
completeness of its transparency notice (:func:`iacoll.pages.notice.completeness`, « 4 / 7
éléments »). ``/inventaires``: every organisation that publishes use cases, the most complete
first (share of notice items provided over all its use cases, then name). Both in HTML and RDF
(content negotiation, like every resource).

In RDF each use case's completeness is a ``dqv:QualityMeasurement`` of the W3C Data Quality
Vocabulary, ``{use case}/notice#completude``: ``dqv:computedOn`` the use case,
``dqv:isMeasurementOf iacoll:completudeNotice`` (the metric, in the ontology), ``dqv:value``
the number of items provided (0 to 7). The inventory lists its use cases with ``dct:hasPart``.
Use cases are read from the public store; completeness from their published revision in the
log (restricted values count as provided, never shown). Built once per store generation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, XSD

from iacoll.errors import IacollError
from iacoll.namespaces import DCT, DEFAULT_BASE, DQV, bind_prefixes
from iacoll.pages.i18n import MESSAGES, language_of
from iacoll.pages.notice import NOTICE_ITEMS, completeness
from iacoll.pages.render import Pages
from iacoll.pages.resource_terms import Reader
from iacoll.pages.search import collation
from iacoll.pages.site import Site
from iacoll.pages.view import View, add_format_routes
from iacoll.publishing.db import Database
from iacoll.publishing.queue import published_record

USE_CASES = "SELECT ?r ?o WHERE { ?r a iacoll:CasUsageIA ; dct:publisher ?o }"


@dataclass(frozen=True)
class Line:
    """A published use case and how complete its notice is."""

    iri: str  # under the site's base
    filled: int
    total: int

    @property
    def path(self) -> str:
        """Its page (``/id/cas-usage/x``)."""
        return "/id/" + self.iri.split("/id/", 1)[1]


@dataclass(frozen=True)
class Inventory:
    """An organisation's use cases and the completeness of their notices."""

    organisation: str  # IRI under the site's base
    lines: tuple[Line, ...]

    @property
    def slug(self) -> str:
        return self.organisation.rsplit("/", 1)[-1]

    @property
    def path(self) -> str:
        return f"/id/organisation/{self.slug}/inventaire"

    @property
    def filled(self) -> int:
        return sum(line.filled for line in self.lines)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def percent(self) -> int:
        """The share of items provided, in whole per cent."""
        return round(100 * self.filled / self.total) if self.total else 0


class InventoryNotFound(IacollError):
    """No organisation has this address (404)."""

    status = 404


def inventories(site: Site, db: Database) -> dict[str, Inventory]:
    """Every organisation publishing use cases → its inventory."""
    found: dict[str, list[Line]] = {}
    for row in Reader(site, "fr").select(USE_CASES):  # with the project's prefixes
        iri = str(row["r"])
        record = published_record(db, DEFAULT_BASE + iri.removeprefix(site.base))
        if record is None:  # the store is ahead of or behind the log for a moment
            continue
        filled, total = completeness(record)
        found.setdefault(str(row["o"]), []).append(Line(iri, filled, total))
    return {
        org: Inventory(org, tuple(sorted(lines, key=lambda line: line.iri)))
        for org, lines in found.items()
    }


def ranked(site: Site, found: dict[str, Inventory], lang: str) -> list[Inventory]:
    """Organisations by completeness: the most complete first, then by name."""
    return sorted(
        found.values(),
        key=lambda inv: (
            -inv.filled / inv.total,
            collation(site.label(URIRef(inv.organisation), lang)),
        ),
    )


def inventory_graph(site: Site, inventories: list[Inventory], focus: URIRef) -> Graph:
    """The RDF of ``inventories`` (see the module's docstring), under ``focus``."""
    graph = bind_prefixes(Graph())
    graph.bind("dqv", DQV)
    metric = URIRef(site.base + "def#completudeNotice")
    graph.add((metric, RDF.type, DQV.Metric))
    for code in ("fr", "en"):
        graph.add((focus, DCT.title, Literal(MESSAGES["inventory.title"][code], lang=code)))
    for inventory in inventories:
        node = URIRef(site.base + inventory.path.lstrip("/"))
        if node != focus:
            graph.add((focus, DCT.hasPart, node))
        graph.add((node, RDF.type, DCAT.Resource))
        graph.add((node, DCT.publisher, URIRef(inventory.organisation)))
        for line in inventory.lines:
            case = URIRef(line.iri)
            measure = URIRef(f"{line.iri}/notice#completude")
            graph.add((node, DCT.hasPart, case))
            graph.add((measure, RDF.type, DQV.QualityMeasurement))
            graph.add((measure, DQV.computedOn, case))
            graph.add((measure, DQV.isMeasurementOf, metric))
            graph.add((measure, DQV.value, Literal(line.filled, datatype=XSD.integer)))
    return graph


def router(site: Site, pages: Pages) -> APIRouter:
    """``/inventaires`` and ``/id/organisation/{slug}/inventaire`` (with their RDF suffixes)."""
    api = APIRouter()
    cache = site.cache("inventories")

    def all_of(request: Request) -> dict[str, Inventory]:
        db: Database = request.app.state.db
        return cache.get("", lambda: inventories(site, db))  # type: ignore[no-any-return]

    def national(request: Request, suffix: str | None) -> Response:
        lang = language_of(request)
        found = ranked(site, all_of(request), lang)
        focus = URIRef(site.base + "inventaires")
        context = {
            "inventories": found,
            "suffix_format": suffix,
            "names": _names(site, found, lang),
        }
        view = View(
            inventory_graph(site, found, focus),
            focus,
            "inventories.html",
            context,
            "/inventaires",
        )
        return pages.respond(request, view, site.last_modified)

    def one(request: Request, suffix: str | None) -> Response:
        slug = request.path_params["slug"]
        organisation = f"{site.base}id/organisation/{slug}"
        if not site.exists(organisation):
            raise InventoryNotFound(
                f"Aucune organisation n'a l'adresse « /id/organisation/{slug} ».",
                detail=f"No organisation at /id/organisation/{slug}.",
            )
        found = all_of(request).get(organisation, Inventory(organisation, ()))
        lang = language_of(request)
        focus = URIRef(site.base + found.path.lstrip("/"))
        context = {
            "inventory": found,
            "suffix_format": suffix,
            "name": site.label(URIRef(organisation), lang),
            "titles": {line.iri: site.label(URIRef(line.iri), lang) for line in found.lines},
            "items": len(NOTICE_ITEMS),
        }
        graph = inventory_graph(site, [found], focus)
        view = View(graph, focus, "inventory.html", context, found.path)
        return pages.respond(request, view, site.last_modified)

    answer: Callable[[Request, str | None], Response]
    for path, answer, name in (
        ("/inventaires", national, "inventaires"),
        ("/id/organisation/{slug}/inventaire", one, "inventaire"),
    ):
        add_format_routes(api, path, answer, name)
    return api


def _names(site: Site, found: list[Inventory], lang: str) -> dict[str, str]:
    return {inv.organisation: site.label(URIRef(inv.organisation), lang) for inv in found}

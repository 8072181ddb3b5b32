"""SPARQL 1.1 Service Description (GET /sparql) and VoID (/.well-known/void).

Both are built per request from the app's state (``request.app.state``: ``settings``, ``site``,
``pages``, set by :func:`iacoll.app.create_app`). Locations (the endpoint, the dumps) are URLs of
the server that answers; ``void:uriSpace`` is the base IRI the store's IRIs are minted under.

VoID's counts are made once per store generation (``site.cache``), not at each request, and
the response carries the generation's ``Last-Modified``. One subset per graph of the store's
layout: a graph ``{base}graph/{key}`` (vocabularies, context, catalogue…) is a subset named by
its IRI; the graphs of the records, ``{base}graph/{kind}/{slug}``, make one subset per kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from iacoll import conneg, downloads
from iacoll.namespaces import DEFAULT_BASE, PREFIXES, SD, VOID, bind_prefixes
from iacoll.settings import Settings
from iacoll.terms import quads, select_rows

W3C_FORMATS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def service_description(endpoint_url: str, graphs: tuple[str, ...]) -> Graph:
    """The endpoint's SPARQL-SD graph: language, formats, default dataset, named graphs."""
    graph = bind_prefixes(Graph())
    service = URIRef(endpoint_url + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in conneg.of_kind("results", "rdf"):
        graph.add(
            (
                service,
                SD.resultFormat,
                URIRef(f"http://www.w3.org/ns/formats/{W3C_FORMATS[fmt.key]}"),
            )
        )
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add(
        (
            default,
            DCTERMS.description,
            Literal(
                "Union des graphes publics : vocabulaires, fiches, catalogue, historique.",
                lang="fr",
            ),
        )
    )
    for iri in graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
    return graph


def void_description(
    site: str,
    endpoint_url: str,
    store: ox.Store,
    graphs: tuple[str, ...],
    *,
    base_iri: str | None = None,
    dumps: Sequence[str] = (),
    facts: _Facts | None = None,
) -> Graph:
    """VoID: the public dataset, its SPARQL endpoint, dumps, licence, vocabularies, the space
    of its IRIs (under ``base_iri``) and its subsets (``facts``: counted now when not given)."""
    base = base_iri or site
    facts = facts or _facts(store, graphs, base)
    graph = bind_prefixes(Graph())
    dataset = URIRef(site + ".well-known/void#iacoll")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("iacoll — données publiques", lang="fr")))
    graph.add((dataset, DCTERMS.title, Literal("iacoll — public data", lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint_url)))
    graph.add((dataset, VOID.uriSpace, Literal(base)))
    graph.add((dataset, VOID.triples, Literal(facts.triples, datatype=XSD.integer)))
    for url in dumps:
        graph.add((dataset, VOID.dataDump, URIRef(url)))
    for licence in facts.licences:
        graph.add((dataset, DCTERMS.license, URIRef(licence)))
    if facts.register:
        graph.add((dataset, RDFS.seeAlso, URIRef(facts.register)))
    for vocabulary in facts.vocabularies:
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for (key, name), count in facts.subsets:
        subset = URIRef(f"{site}.well-known/void#{key}")
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        if name is not None:
            graph.add((subset, SD.name, URIRef(name)))
        graph.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
    return graph


Subset = tuple[tuple[str, str | None], int]  # ((fragment, graph IRI or None), triples)


@dataclass(frozen=True)
class _Facts:
    """What VoID reads from the store: counted once per store generation, not at each
    request — a count over every triple is no work for the web process to repeat."""

    triples: int
    subsets: tuple[Subset, ...]
    licences: tuple[str, ...]
    register: str | None
    vocabularies: tuple[str, ...]


def _facts(store: ox.Store, graphs: tuple[str, ...], base: str) -> _Facts:
    registre = base + "id/jeu-de-donnees/registre"
    return _Facts(
        triples=_count(store, graphs),
        subsets=_subsets(store, graphs, base),
        licences=tuple(_objects(store, graphs, base + "id/catalogue", DCTERMS.license)),
        register=registre if _objects(store, graphs, registre, RDF.type) else None,
        vocabularies=tuple(vocabularies(store, graphs, base)),
    )


def _subsets(store: ox.Store, graphs: tuple[str, ...], base: str) -> tuple[Subset, ...]:
    """Triples per graph ``{base}graph/{key}``, and per kind over the records' graphs."""
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    _, rows = select_rows(
        store,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        named_graphs=[ox.NamedNode(g) for g in graphs],
    )
    for row in rows:
        iri, number = row["g"], row["n"]
        assert isinstance(iri, ox.NamedNode) and isinstance(number, ox.Literal)
        key, _, rest = iri.value.removeprefix(base + "graph/").partition("/")
        counts[(key, None if rest else iri.value)] += int(number.value)
    for iri in graphs:  # empty graphs count zero
        key, _, rest = iri.removeprefix(base + "graph/").partition("/")
        counts[(key, None if rest else iri)] += 0
    return tuple(sorted(counts.items()))


def vocabularies(store: ox.Store, graphs: tuple[str, ...], base_iri: str) -> list[str]:
    """Namespaces of the project's prefixes that name a property or class used in ``graphs``."""
    _, rows = select_rows(
        store,
        "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } }",
        default_graph=[ox.NamedNode(g) for g in graphs],
    )
    terms = [t.value for t in (s["term"] for s in rows) if isinstance(t, ox.NamedNode)]
    namespaces = sorted(
        base_iri + str(ns)[len(DEFAULT_BASE) :] if str(ns).startswith(DEFAULT_BASE) else str(ns)
        for ns in PREFIXES.values()
    )
    return [ns for ns in namespaces if any(_in_namespace(t, ns) for t in terms)]


def _in_namespace(term: str, namespace: str) -> bool:
    local = term[len(namespace) :]
    return term.startswith(namespace) and bool(local) and not any(c in local for c in "/#")


def _objects(store: ox.Store, graphs: tuple[str, ...], subject: str, predicate: Any) -> list[str]:
    """IRIs ``subject predicate ?o`` in the public ``graphs``."""
    found = set()
    for name in graphs:
        pattern = (ox.NamedNode(subject), ox.NamedNode(str(predicate)), None, ox.NamedNode(name))
        found |= {
            q.object.value for q in quads(store, *pattern) if isinstance(q.object, ox.NamedNode)
        }
    return sorted(found)


def dump_urls(site: str, settings: Settings) -> list[str]:
    """URLs of the RDF download files written by the build (``/download/iacoll.ttl``…)."""
    folder = downloads.folder(settings)
    return [
        f"{site}download/{d.name}"
        for d in downloads.DOWNLOADS
        if d.format.kind == "rdf" and (folder / d.name).is_file()
    ]


def graph_response(graph: Graph, fmt: conneg.Format) -> Response:
    """``graph`` serialised in ``fmt``."""
    body = graph.serialize(format=fmt.rdflib or "turtle", encoding="utf-8")
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def editor_wanted(request: Request, formats: Sequence[str]) -> bool:
    """Whether a GET with a query comes from a person following a link: no ``format=``, and
    HTML preferred to every result format (a browser's ``Accept``; ``*/*`` gets results).
    The editor then opens with the query loaded instead of a results file to save."""
    if formats:
        return False
    candidates = (*conneg.of_kind("results", "rdf"), conneg.BY_KEY["html"])
    try:
        return conneg.negotiate(request.headers.get("accept"), candidates).kind == "html"
    except conneg.NotAcceptable:
        return False


def service_response(request: Request, graphs: tuple[str, ...], formats: Sequence[str]) -> Response:
    """GET /sparql without a query: the query editor for browsers, else the service
    description."""
    explicit = formats[0] if formats else None
    candidates = (*conneg.of_kind("rdf"), conneg.BY_KEY["html"])
    wanted = conneg.negotiate(request.headers.get("accept"), candidates, explicit)
    if wanted.kind == "html":
        editor: Response = request.app.state.pages.sparql_editor(request)
        return editor
    endpoint_url = str(request.url_for("sparql_get"))
    return graph_response(service_description(endpoint_url, graphs), wanted)


def router() -> APIRouter:
    """``/.well-known/void`` (GET and HEAD)."""
    api = APIRouter()

    @api.api_route("/.well-known/void", methods=["GET"], name="void")
    def void(request: Request) -> Response:
        wanted = conneg.negotiate(
            request.headers.get("accept"), conneg.of_kind("rdf"), request.query_params.get("format")
        )
        site = request.app.state.site
        here = str(request.base_url)
        graphs = tuple(sorted(site.graph_names()))
        base = site.settings.base_iri
        graph = void_description(
            here,
            here + "sparql",
            site.store,
            graphs,
            base_iri=base,
            dumps=dump_urls(here, site.settings),
            facts=site.cache("void").get(base, lambda: _facts(site.store, graphs, base)),
        )
        response = graph_response(graph, wanted)
        response.headers["Last-Modified"] = format_datetime(site.last_modified, usegmt=True)
        return response

    return api


def _count(store: ox.Store, graphs: tuple[str, ...]) -> int:
    _, rows = select_rows(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        default_graph=[ox.NamedNode(g) for g in graphs],
    )
    value = rows[0]["n"] if rows else None
    return int(value.value) if isinstance(value, ox.Literal) else 0

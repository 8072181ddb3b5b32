"""Dereferenceable IRIs: every minted IRI answers people with a page, machines with RDF.

One route answers every path the other routers leave. A path (file suffix removed) stands for
the IRI ``site.iri_for_path(path)``; which RDF it serves depends on the path: the ontology
(``/def``, ``/def#Term``, ``/def/1.0.0``), the shapes and a concept scheme are whole documents,
a named graph gets a short VoID description, anything else its concise bounded description.
The page that shows it depends on the focus's type (:data:`PAGES`). Content negotiation,
headers and 304s are ``Pages.respond``'s; ``Last-Modified`` is the store generation's.

Whole documents (ontology, shapes, schemes, graph descriptions) and the seed documents cited by
the pages are built once per store generation (``site.cache``), and so is each answer, kept in
:class:`~iacoll.pages.answers.Answers` (not for a signed-in request): a publication is shown at
once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from iacoll import conneg
from iacoll.errors import IacollError
from iacoll.namespaces import IACOLL, VOID, bind_prefixes
from iacoll.pages import directory
from iacoll.pages.answers import Answers
from iacoll.pages.citations import seed_documents
from iacoll.pages.i18n import MESSAGES, language_of
from iacoll.pages.render import Pages
from iacoll.pages.resource_agents import DocumentPage, OrganisationPage
from iacoll.pages.resource_ontology import OntologyPage, TermsPage
from iacoll.pages.resource_page import ResourcePage
from iacoll.pages.resource_record import RecordPage, SystemPage
from iacoll.pages.resource_terms import Reader, rebased
from iacoll.pages.resource_vocab import ConceptPage, SchemePage
from iacoll.pages.site import Site
from iacoll.pages.view import View, choose, split_suffix

# The page of a described resource, by its type (first match wins; else the generic page).
PAGES: tuple[tuple[URIRef, type[ResourcePage]], ...] = (
    (IACOLL.Fiche, RecordPage),
    (IACOLL.SystemeIA, SystemPage),
    (DCTERMS.BibliographicResource, DocumentPage),
    (FOAF.Agent, OrganisationPage),
    (SKOS.ConceptScheme, SchemePage),
    (SKOS.Concept, ConceptPage),
)

_DOCUMENT_QUERY = """DESCRIBE ?s WHERE { ?s ?p ?o
  FILTER(STR(?s) = ?doc || STRSTARTS(STR(?s), CONCAT(?doc, "#"))
         || STRSTARTS(STR(?s), CONCAT(?doc, "/"))) }"""


_SCHEME_QUERY = "DESCRIBE ?c WHERE { ?c <http://www.w3.org/2004/02/skos/core#inScheme> ?s }"


class ResourceNotFound(IacollError):
    """No public resource has this IRI (404)."""

    status = 404


@dataclass(frozen=True)
class Document:
    """What a path serves: the RDF, the resource it is about and the page that shows it."""

    graph: Graph
    focus: URIRef
    page: type[ResourcePage]


class Documents:
    """Finds the RDF of every minted path; whole documents are built once per generation."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._cache = site.cache("documents")
        self.routes: tuple[tuple[re.Pattern[str], Callable[[URIRef], Document | None]], ...] = (
            (re.compile(r"/def(/[^/]+)?"), self.ontology),
            (re.compile(r"/shapes(/.+)?"), self.shapes),
            (re.compile(r"/vocab/[^/]+"), self.scheme),
            (re.compile(r"/graph/.+"), self.named_graph),
            (re.compile(r"/.+"), self.description),
        )

    def find(self, path: str) -> Document:
        """The document at ``path``, or :class:`ResourceNotFound`."""
        iri = self.site.iri_for_path(path)
        if _valid_iri(iri):
            for pattern, build in self.routes:
                found = build(URIRef(iri)) if pattern.fullmatch(path) else None
                if found is not None:
                    return found
        raise ResourceNotFound(
            f"Aucune ressource publique n'a l'adresse « {iri} ». Vérifiez l'adresse, ou "
            "cherchez dans le catalogue (/recherche) ou par requête SPARQL (/sparql).",
            detail=f"No public resource has the IRI <{iri}>. Check the address, or look it up "
            "in the catalogue (/recherche) or with a SPARQL query (/sparql).",
        )

    def ontology(self, iri: URIRef) -> Document | None:
        """``/def`` and its version IRI: the whole ontology, every ``def#`` term."""
        root = URIRef(self.site.base + "def")
        graph = self.whole(root)
        if iri == root or (root, OWL.versionIRI, iri) in graph:
            return Document(graph, iri, OntologyPage)
        return None

    def shapes(self, iri: URIRef) -> Document | None:
        """``/shapes``, ``/shapes/1.0.0``…: every shape of the profile."""
        root = URIRef(self.site.base + "shapes")
        graph = self.whole(root)
        if iri == root or (iri, None, None) in graph:
            return Document(graph, iri, TermsPage)
        return None

    def scheme(self, iri: URIRef) -> Document | None:
        """A concept scheme with all its concepts."""
        graph: Graph | None = self._cache.get(("scheme", str(iri)), lambda: self._scheme(iri))
        return None if graph is None else Document(graph, iri, SchemePage)

    def _scheme(self, iri: URIRef) -> Graph | None:
        graph = self.site.describe(iri)
        if (iri, RDF.type, SKOS.ConceptScheme) not in graph:
            return None
        graph += self.site.construct(_SCHEME_QUERY, s=iri)
        return graph

    def named_graph(self, iri: URIRef) -> Document | None:
        """A public named graph (one per record, and the shared ones): its title and size."""
        if str(iri) not in self.site.graph_names():
            return None
        graph = self._cache.get(("graph", str(iri)), lambda: self.graph_description(iri))
        return Document(graph, iri, ResourcePage)

    def description(self, iri: URIRef) -> Document | None:
        """Anything else: the concise bounded description, shown by the page of its type."""
        graph = self.site.describe(iri)
        if (iri, None, None) not in graph:
            return None
        types = set(graph.objects(iri, RDF.type))
        page = next(
            (p for t, p in PAGES if rebased(self.site, t) in types),
            ResourcePage,
        )
        return Document(graph, iri, page)

    def whole(self, root: URIRef) -> Graph:
        """Every resource whose IRI is ``root``, ``root#…`` or ``root/…`` (cached)."""
        return self._cache.get(  # type: ignore[no-any-return]
            ("whole", str(root)),
            lambda: self.site.construct(_DOCUMENT_QUERY, doc=Literal(str(root))),
        )

    def graph_description(self, iri: URIRef) -> Graph:
        """``void:Dataset`` with title, description, triple count and SPARQL endpoint."""
        key = str(iri).rsplit("/", 1)[-1]
        rows = self.site.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=iri)
        graph = bind_prefixes(Graph())
        graph.add((iri, RDF.type, VOID.Dataset))
        graph.add((iri, VOID.triples, Literal(int(rows[0]["n"]), datatype=XSD.integer)))
        graph.add((iri, VOID.sparqlEndpoint, URIRef(self.site.base + "sparql")))
        for prop, suffix in ((DCTERMS.title, "title"), (DCTERMS.description, "description")):
            for lang, text in MESSAGES.get(f"graph.{key}.{suffix}", {}).items():
                graph.add((iri, prop, Literal(text, lang=lang)))
        return graph


def _valid_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def router(
    site: Site,
    pages: Pages,
    gone: Callable[[Request, str, str | None], Response | None] | None = None,
) -> APIRouter:
    """The catch-all route of minted IRIs (included last: other routers answer first);
    ``gone`` answers a path no resource has when it can (410 for a withdrawn record)."""
    api = APIRouter()
    api.include_router(directory.router(site, pages))  # /id/organisation/, before the catch-all
    documents = Documents(site)
    seeds = site.cache("seed-documents")
    answers = Answers(site, pages)

    @api.api_route("/{path:path}", methods=["GET"], include_in_schema=False)
    def resource(request: Request, path: str) -> Response:
        resource_path, suffix = split_suffix(request.url.path)

        def view() -> View:
            document = documents.find(resource_path)
            cited = seeds.get("", lambda: seed_documents(site))
            reader = Reader(site, language_of(request), documents=cited)
            page = document.page(reader, document.graph, document.focus)
            context = {"page": page, "suffix_format": suffix}
            return View(document.graph, document.focus, page.template, context, resource_path)

        try:
            fmt: conneg.Format | None = choose(request, suffix)
        except IacollError:  # an unknown format: a missing resource is still a 404 first
            fmt = None
        try:
            if fmt is None:
                return pages.respond(request, view(), site.last_modified)
            return answers.respond(request, fmt, view)
        except ResourceNotFound:
            answer = None if gone is None else gone(request, resource_path, suffix)
            if answer is None:
                raise
            return answer

    return api

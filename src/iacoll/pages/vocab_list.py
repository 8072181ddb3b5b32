"""``/vocab``: the list of the project's concept schemes, in every format (``/vocab.ttl``…).

The graph is :func:`iacoll.pages.resource_vocab.scheme_list`, built once per build of the
store; the page and its RDF go through ``Pages.respond`` like every resource. ``/vocab/``
redirects to ``/vocab`` (the IRI ``{base}vocab``; the schemes are ``{base}vocab/{scheme}``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, URIRef

from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.resource_terms import Reader
from iacoll.pages.resource_vocab import SchemeListPage, scheme_list
from iacoll.pages.site import Site
from iacoll.pages.view import View, add_format_routes

PATH = "/vocab"


class SchemeList:
    """The list's graph, read from the store once per build of the store."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._stamp: object = None
        self._graph = Graph()

    def graph(self) -> Graph:
        """The graph of :func:`scheme_list` for the current build."""
        if self._stamp != self.site.last_modified:
            self._graph, self._stamp = scheme_list(self.site), self.site.last_modified
        return self._graph


def router(site: Site, pages: Pages) -> APIRouter:
    """``/vocab`` and ``/vocab.{ttl,jsonld,rdf,nt,html}``; ``/vocab/`` redirects."""
    api = APIRouter()
    schemes = SchemeList(site)

    def answer(request: Request, suffix_format: str | None) -> Response:
        focus, graph = URIRef(site.base + PATH.lstrip("/")), schemes.graph()
        page = SchemeListPage(Reader(site, language_of(request)), graph, focus)
        context = {"page": page, "suffix_format": suffix_format}
        view = View(graph, focus, page.template, context, PATH)
        return pages.respond(request, view, site.last_modified)

    @api.get(PATH + "/", include_in_schema=False)
    def slash() -> Response:
        return RedirectResponse(PATH, status_code=308)

    add_format_routes(api, PATH, answer, "vocab")
    return api

"""Sharing and crawling: what a link preview, a search engine or a crawler reads.

``install`` gives every template two functions for the ``<head>`` of ``base.html``: the
canonical URL of the page (under the base IRI, without the ``.html`` suffix and the ``lang``
and ``format`` parameters) and a short description of it (the focus's own description in the
page language for a resource, else what the page says of itself, else the site's tagline),
used by ``<link rel="canonical">``, OpenGraph and the Twitter card.

``/sitemap.xml`` lists the site's pages (:data:`PAGES`) and the page of every IRI minted under
the base that the public store describes, ``lastmod`` the build of the store (at most
:data:`SITEMAP_LIMIT` URLs, the protocol's limit); ``/robots.txt`` allows everything but the
SPARQL queries and the search combinations, and names the sitemap.
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from iacoll.pages.render import Pages, reflected
from iacoll.pages.site import Site
from iacoll.pages.view import not_modified, split_suffix

# The site's own pages (the minted resources come from the store).
PAGES = (
    "/",
    "/recherche",
    "/carte",
    "/statistiques",
    "/vocab",
    "/sparql",
    "/catalogue",
    "/download/",
    "/publier",
    "/a-propos",
    "/contact",
    "/mentions-legales",
    "/accessibilite",
)
SITEMAP_LIMIT = 50_000
DESCRIPTIONS = (DCTERMS.description, SKOS.definition, RDFS.comment)
DESCRIPTION_LENGTH = 200  # characters kept of a long description (previews cut at ~200)
NOISE = ("lang", "format")  # query parameters that do not change what the page is
MINTED = """SELECT DISTINCT ?s WHERE { ?s ?p ?o
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) }"""
ROBOTS = """# iacoll: every page may be crawled; SPARQL queries and search combinations are
# endless and costly, their pages are reached from the sitemap instead.
User-agent: *
Allow: /
Disallow: /sparql?
Disallow: /recherche?

Sitemap: {sitemap}
"""


def canonical_url(site: Site, request: Request) -> str:
    """The page's URL under the base IRI, without ``.html`` and without ``lang``/``format``."""
    path, suffix = split_suffix(request.url.path)
    if suffix != "html":
        path = request.url.path
    params = reflected(request, NOISE)
    query = f"?{urlencode(params)}" if params else ""
    return site.base + path.lstrip("/") + query


def description(graph: Graph | None, focus: URIRef | None, lang: str) -> str:
    """The focus's description in ``lang`` (else French, else any), shortened, or ``""``."""
    if graph is None or focus is None:
        return ""
    for prop in DESCRIPTIONS:
        texts = [t for t in graph.objects(focus, prop) if isinstance(t, Literal)]
        for wanted in (lang, "fr", None):
            chosen = sorted(str(t) for t in texts if wanted is None or t.language == wanted)
            if chosen:
                return shortened(" ".join(chosen[0].split()))
    return ""


def shortened(text: str) -> str:
    """``text`` cut at a word before :data:`DESCRIPTION_LENGTH` characters, with "…"."""
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def install(pages: Pages, site: Site) -> None:
    """Give the templates ``canonical_url(request)`` and ``share_description(...)``."""

    def canonical(request: Request) -> str:
        return canonical_url(site, request)

    pages.env.globals["canonical_url"] = canonical
    pages.env.globals["share_description"] = description


def sitemap_paths(site: Site) -> list[str]:
    """The site's pages, then the page of every minted IRI the store describes (sorted)."""
    rows = site.select(MINTED, base=Literal(site.base))
    minted = {site.path_for_iri(str(row["s"])) for row in rows}
    resources = sorted(p for p in minted if p and p not in PAGES)
    return [*PAGES, *resources][:SITEMAP_LIMIT]


def sitemap_xml(site: Site) -> bytes:
    """The sitemap (sitemaps.org 0.9) of :func:`sitemap_paths`."""
    lastmod = site.last_modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    locations = (escape(site.base + path.lstrip("/")) for path in sitemap_paths(site))
    entries = "".join(
        f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>\n" for loc in locations
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def router(site: Site) -> APIRouter:
    """``/sitemap.xml`` (built once per build of the store) and ``/robots.txt``."""
    api = APIRouter()
    cache: dict[Any, bytes] = {}

    @api.api_route("/sitemap.xml", methods=["GET"], include_in_schema=False)
    def sitemap(request: Request) -> Response:
        stamp = site.last_modified
        if stamp not in cache:
            cache.clear()
            cache[stamp] = sitemap_xml(site)
        etag = f'"sitemap-{int(stamp.timestamp())}"'
        headers = {"ETag": etag, "Last-Modified": format_datetime(stamp, usegmt=True)}
        if not_modified(request, etag, stamp):
            return Response(status_code=304, headers=headers)
        return Response(cache[stamp], media_type="application/xml", headers=headers)

    @api.api_route("/robots.txt", methods=["GET"], include_in_schema=False)
    def robots() -> PlainTextResponse:
        return PlainTextResponse(ROBOTS.format(sitemap=site.base + "sitemap.xml"))

    return api

"""The web application: ``create_app(settings)`` builds it; nothing is read at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from rdflib import Graph

from iacoll import catalogue, conneg, downloads, sources, store
from iacoll.errors import IacollError
from iacoll.pages import browse, resources
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.settings import Settings
from iacoll.sparql import description, guard, protocol
from iacoll.sparql.workers import WorkerPool

NODE_MODULES = sources.ROOT / "node_modules"
STATIC = Path(__file__).parent / "pages" / "static"
# Front-end packages from npm (package-lock.json), served by the app: no CDN.
NPM_ASSETS = {"yasgui": "@zazuko/yasgui/build", "leaflet": "leaflet/dist"}


def create_app(settings: Settings) -> FastAPI:
    """The iacoll application over the (already built) public store of ``settings``."""
    public = store.open_public(settings)
    graphs = tuple(sorted(g.value for g in public.named_graphs()))
    site = Site(settings, public, graphs)
    pages = Pages()
    endpoint = protocol.Endpoint(None, graphs, settings.query_max_rows)  # type: ignore[arg-type]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        endpoint.pool = WorkerPool(
            store.public_store_path(settings),
            size=settings.query_workers,
            memory_mb=settings.query_memory_mb,
            timeout=settings.query_timeout,
        )
        try:
            yield
        finally:
            endpoint.pool.close()

    app = FastAPI(title="iacoll", lifespan=lifespan, docs_url="/api", redoc_url=None)
    app.state.settings, app.state.site, app.state.pages = settings, site, pages
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
        expose_headers=["Content-Type", "Link", "Content-Location", "ETag"],
    )
    _mount_static(app)
    _add_error_handler(app, pages)
    _add_sparql_routes(app, endpoint, pages, site)
    app.include_router(catalogue.router(site, pages))
    app.include_router(downloads.router(site, pages))
    app.include_router(browse.router(site, pages))
    app.include_router(resources.router(site, pages))  # last: it answers every minted path
    return app


def _add_sparql_routes(app: FastAPI, endpoint: protocol.Endpoint, pages: Pages, site: Site) -> None:
    app.include_router(protocol.router(endpoint))

    @app.get("/sparql")
    async def sparql_get(request: Request) -> Response:
        operation = await protocol.parse_request(request)
        if operation.query is not None:
            return await endpoint.answer(operation, request)
        if operation.update:
            guard.raise_update_refused()
        explicit = operation.formats[0] if operation.formats else None
        candidates = (*conneg.of_kind("rdf"), conneg.BY_KEY["html"])
        wanted = conneg.negotiate(request.headers.get("accept"), candidates, explicit)
        if wanted.kind == "html":
            return pages.sparql_editor(request)
        endpoint_url = str(request.url_for("sparql_get"))
        return _graph_response(description.service_description(endpoint_url, site.graphs), wanted)

    @app.get("/.well-known/void")
    def void(request: Request) -> Response:
        wanted = conneg.negotiate(
            request.headers.get("accept"), conneg.of_kind("rdf"), request.query_params.get("format")
        )
        base = str(request.base_url)
        graph = description.void_description(base, base + "sparql", site.store, site.graphs)
        return _graph_response(graph, wanted)


def _graph_response(graph: Graph, fmt: conneg.Format) -> Response:
    body = graph.serialize(format=fmt.rdflib or "turtle", encoding="utf-8")
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def _mount_static(app: FastAPI) -> None:
    for name, folder in NPM_ASSETS.items():
        path = NODE_MODULES / folder
        if path.is_dir():
            app.mount(f"/static/{name}", StaticFiles(directory=path), name=name)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def _add_error_handler(app: FastAPI, pages: Pages) -> None:
    @app.exception_handler(IacollError)
    async def iacoll_error(request: Request, exc: IacollError) -> Response:
        return pages.error(request, exc)

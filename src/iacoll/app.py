"""The web application: ``create_app(settings)`` builds it; nothing is read at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from iacoll import derived, remote, snapshots, sources, store
from iacoll.errors import IacollError
from iacoll.federation import jsonld_context
from iacoll.pages import (
    aiact_overview,
    aiact_pages,
    browse,
    catalogue_pages,
    crosswalk_pages,
    downloads_page,
    feeds,
    history_pages,
    resources,
    sharing,
    vocab_list,
)
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.projection import LogFollower
from iacoll.publishing.published import CatalogueCache
from iacoll.settings import Settings
from iacoll.sparql import protocol
from iacoll.sparql.admission import Admission
from iacoll.sparql.spool import answer_spool
from iacoll.sparql.workers import WorkerPool
from iacoll.web import (
    aiact_form,
    api,
    api_console,
    auth,
    contribute,
    footprint_stats,
    info_pages,
    members,
    moderation,
    my_records,
    notice_pages,
    reports,
    upload,
)
from iacoll.web.cross_site import CrossSiteGuard
from iacoll.web.headers import HeadAsGet, SecurityHeaders
from iacoll.web.security import secret_key
from iacoll.web.sessions import SchemeSessionMiddleware

NODE_MODULES = sources.ROOT / "node_modules"
STARTED_REFRESH_DELAY = 5.0  # seconds: lagging dumps are rewritten once the server listens
STATIC = Path(__file__).parent / "pages" / "static"
# Front-end packages from npm (package-lock.json), served by the app: no CDN.
NPM_ASSETS = {
    "yasgui": "@zazuko/yasgui/build",
    "leaflet": "leaflet/dist",
    "swagger-ui": "swagger-ui-dist",
}


def create_app(settings: Settings) -> FastAPI:
    """The iacoll application over the (already built) public store of ``settings``."""
    public = store.open_public(settings)
    writer, projector = store.writer_for(settings)
    # What was committed but not yet projected (after a crash, the CLI…).
    started_behind = projector.catch_up() > 0
    site = Site(settings, public)
    # The SPARQL workers read snapshots of the public store, one per generation (snapshots.py),
    # or send their queries to its SPARQL server (remote.py: no snapshots).
    stores = store.open_stores(settings)
    servers = remote.servers(settings)
    takers = [] if servers else [(public, "public"), (stores.full, "complet")]
    for taken, kind in takers:
        projector.after.append(snapshots.taker(taken, settings.store_path, kind=kind))
    # After publications, the catalogue graph and the dumps follow (debounced, in background).
    refresher = derived.Refresher(settings, stores.public, stores.full, projector.lock)
    for taken, kind in takers:
        refresher.after.append(snapshots.taker(taken, settings.store_path, kind=kind))
    projector.after.append(refresher.notify)
    # The browsing library (and its file) follows each generation, read before a visit needs it.
    projector.after.append(lambda _generation: site.warm())
    if started_behind:  # publications applied at start-up: serve their dumps from the start
        refresher.refresh()
    elif derived.behind(settings.store_path):  # the dumps lag (a refresh cut by a stop)
        refresher.notify_after(STARTED_REFRESH_DELAY)
    pages = Pages()
    endpoint = protocol.Endpoint(None, site.graph_names, settings.query_max_rows)  # type: ignore[arg-type]
    endpoint.answers = site.cache("sparql-answers", protocol.ANSWERS_KEPT, protocol.answer_bytes)
    members_sparql = members.MembersEndpoint(settings, projector.full)
    members.install(pages, site, writer.db)
    footprint_stats.install(pages, site, projector.full)  # /statistiques, members' sums
    aiact_overview.install(pages, site)  # /statistiques, AI Act obligations

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for taken, kind in takers:
            snapshots.snapshot(taken, settings.store_path, site.generation, kind)
        spool = answer_spool(settings)  # large answers, streamed from files
        endpoint.pool = WorkerPool(
            servers[0] if servers else store.public_store_path(settings),
            root=settings.store_path,
            size=settings.query_workers,
            memory_mb=settings.query_memory_mb,
            timeout=settings.query_timeout,
            short=settings.query_short,
            spool=spool,
        )
        endpoint.admission = Admission(
            settings.query_workers,
            per_client=settings.query_per_client,
            queue=settings.query_queue,
        )
        follower = LogFollower(projector)
        follower.start()
        refresher.start()
        members_sparql.start(spool)
        try:
            yield
        finally:
            follower.stop()
            refresher.stop()
            endpoint.pool.close()
            endpoint.admission.close()
            members_sparql.close()
            spool.close()

    app = FastAPI(title="iacoll", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings, app.state.site, app.state.pages = settings, site, pages
    # The write side: the one write path, its database, and the projector feeding the stores.
    app.state.writer, app.state.db, app.state.projector = writer, writer.db, projector
    app.state.catalogue = CatalogueCache(writer.db)  # what contributions are read against
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "PUT"],
        allow_headers=["*"],
        expose_headers=["Content-Type", "Link", "Content-Location", "ETag"],
    )
    # Signed session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS (web/sessions.py).
    app.add_middleware(
        SchemeSessionMiddleware, secret_key=secret_key(settings), secure=settings.secure_cookies
    )
    # Unsafe requests carrying the session cookie must come from iacoll's own pages.
    app.add_middleware(CrossSiteGuard)
    # Outermost: security headers on every answer, HEAD answered as GET without a body.
    app.add_middleware(SecurityHeaders, settings=settings)
    app.add_middleware(HeadAsGet)
    sharing.install(pages, site)
    _mount_static(app)
    _add_error_handler(app, pages)
    app.include_router(api_console.router())  # /api: Swagger UI from npm
    app.include_router(members.router(members_sparql))  # /sparql/membres
    app.include_router(protocol.router(endpoint))  # /sparql and /.well-known/void
    app.include_router(moderation.router(site, pages, writer.db, writer))  # /moderation
    app.include_router(my_records.router(pages, writer.db))  # /mes-fiches
    app.include_router(catalogue_pages.router(site, pages))
    app.include_router(downloads_page.router(site, pages))
    app.include_router(browse.router(site, pages))
    app.include_router(vocab_list.router(site, pages))  # /vocab, before the minted paths
    app.include_router(sharing.router(site))  # /sitemap.xml, /robots.txt
    app.include_router(feeds.router(site, writer.db))  # /flux/ldes, /flux/publications.atom
    app.include_router(crosswalk_pages.router(site, pages))  # /correspondances (crosswalks)
    app.include_router(aiact_pages.router(site, pages))  # /aiact/regles, /api/aiact/…
    app.include_router(aiact_form.router(site, pages, writer))  # /aiact/qualifier
    app.include_router(api.router())  # /api/v1/fiches: the write API
    app.include_router(upload.api_router())  # /api/v1/depots
    app.include_router(upload.page_router(pages))  # /publier/fichier
    auth.install(app, settings, pages)  # /connexion, /deconnexion, /compte, OIDC
    app.include_router(info_pages.router(site, pages))  # /publier, /a-propos, /contact…
    app.include_router(reports.router(site, pages, writer.db))  # /signaler
    app.include_router(contribute.router(site, pages))  # /publier/nouveau, /publier/modifier
    app.include_router(notice_pages.router(site, pages))  # notices (PDF too), inventaires
    app.include_router(history_pages.router(site, pages, writer.db))  # …/historique, …/revision/n
    _add_jsonld_context(app, settings)  # /contexte/1.1.0.jsonld, the published @context
    gone = history_pages.tombstone(site, pages, writer.db)  # 410 for a withdrawn record
    app.include_router(resources.router(site, pages, gone))  # last: it answers every minted path
    site.warm()  # the library file loads while the server starts its workers
    return app


def _add_jsonld_context(app: FastAPI, settings: Settings) -> None:
    @app.get("/contexte/{version}.jsonld", include_in_schema=False)
    def jsonld_context_file(version: str) -> Response:
        """A published version of the records' JSON-LD context: it never changes (long cache)."""
        if version not in jsonld_context.versions():
            raise resources.ResourceNotFound(
                f"Pas de contexte JSON-LD « {version} » : versions "
                f"{', '.join(jsonld_context.versions())}.",
                detail=f"No JSON-LD context version '{version}'.",
            )
        return Response(
            jsonld_context.document(settings.base_iri, version),
            media_type=jsonld_context.MEDIA_TYPE,
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )


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

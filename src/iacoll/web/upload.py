"""Uploading a CSV or XLSX file of records: the page ``/publier/fichier`` and ``/api/v1/depots``.

First the report: the file is kept server-side (:mod:`iacoll.publishing.uploads`) under a
random identifier and every row is checked without writing anything. Then the author chooses
all or nothing, or the valid rows only (:func:`iacoll.web.upload_report.apply`). The body is
capped by ``IACOLL_UPLOAD_MAX_MB`` before it is read (:mod:`iacoll.web.api_body`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from iacoll.errors import IacollError
from iacoll.pages.render import Pages
from iacoll.publishing import uploads
from iacoll.publishing.accounts import Account
from iacoll.publishing.log import State
from iacoll.web import upload_report
from iacoll.web.api import STATES, StateName, account_of
from iacoll.web.api_body import InputError, max_bytes, read_capped
from iacoll.web.api_errors import ApiRoute, responses
from iacoll.web.security import check_csrf, csrf_token

PAGE = "/publier/fichier"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_SUFFIXES = {"text/csv": ".csv", XLSX: ".xlsx"}
ModeName = Literal["tout", "valides"]
FILENAME_HELP = "Nom du fichier : son suffixe (.csv, .xlsx) dit comment le lire."


class UnknownUpload(IacollError):
    """No such upload for this account (expired, or someone else's)."""

    status = 404


def _account(request: Request) -> Account:
    """The signed-in member (a 401 page for anyone else; a 403 for a token without the
    writing scope)."""
    return account_of(request)


async def _form_file(request: Request) -> tuple[str, bytes]:
    """The uploaded file's name and content (the body read capped, the CSRF token checked)."""
    body = await read_capped(request, max_bytes(request.app.state.settings))

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form()
    submitted = form.get("csrf")
    check_csrf(request, submitted if isinstance(submitted, str) else None)
    upload = form.get("fichier")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError(
            "Choisissez un fichier CSV ou XLSX à déposer.",
            "Choose a CSV or XLSX file to upload.",
            status=400,
        )
    return upload.filename, await upload.read()


def _stored(request: Request, identifier: str, account: Account) -> uploads.Depot:
    found = uploads.find(request.app.state.db, identifier, account.id)
    if found is None:
        raise UnknownUpload(
            "Ce dépôt n'existe plus (il est gardé un jour) ou n'est pas le vôtre : déposez le "
            "fichier à nouveau.",
            detail="This upload no longer exists (it is kept for a day) or is not yours: "
            "upload the file again.",
        )
    return found


def _report(request: Request, depot: uploads.Depot, account: Account) -> upload_report.Report:
    writer = request.app.state.writer
    catalogue = request.app.state.catalogue.get()
    return upload_report.analyse(depot.content, depot.filename, writer, account, catalogue)


def _apply(
    request: Request, identifier: str, account: Account, mode: ModeName, state: State
) -> upload_report.Applied:
    depot = _stored(request, identifier, account)
    report = _report(request, depot, account)
    db, writer = request.app.state.db, request.app.state.writer
    applied = upload_report.apply(writer, report, account, mode, state)
    with db.transaction() as session:
        uploads.drop(session, identifier)
    return applied


def page_router(pages: Pages) -> APIRouter:
    """``/publier/fichier``: the form, the report, the result."""
    web = APIRouter(include_in_schema=False)

    def render(request: Request, template: str, **extra: Any) -> HTMLResponse:
        return pages.render(
            request,
            template,
            csrf=csrf_token(request),
            max_mb=request.app.state.settings.upload_max_mb,
            **extra,
        )

    @web.get(PAGE)
    def form(request: Request) -> HTMLResponse:
        _account(request)
        return render(request, "publier/fichier.html")

    @web.post(PAGE)
    async def send(request: Request) -> Response:
        account = _account(request)
        filename, content = await _form_file(request)
        db = request.app.state.db
        identifier = await run_in_threadpool(uploads.keep, db, account.id, filename, content)
        return RedirectResponse(f"{PAGE}/{identifier}", status_code=303)

    @web.get(PAGE + "/{identifier}")
    def report(request: Request, identifier: str) -> HTMLResponse:
        account = _account(request)
        depot = _stored(request, identifier, account)
        found = _report(request, depot, account)
        return render(request, "publier/fichier_rapport.html", report=found, identifier=identifier)

    @web.post(PAGE + "/{identifier}")
    async def apply(request: Request, identifier: str) -> HTMLResponse:
        account = _account(request)
        form = await request.form()
        submitted = form.get("csrf")
        check_csrf(request, submitted if isinstance(submitted, str) else None)
        mode: ModeName = "tout" if form.get("mode") == "tout" else "valides"
        state = STATES.get(str(form.get("etat")), State.BROUILLON)
        try:
            applied = await run_in_threadpool(_apply, request, identifier, account, mode, state)
        except upload_report.BatchRejected as exc:
            depot = _stored(request, identifier, account)
            found = await run_in_threadpool(_report, request, depot, account)
            return render(
                request,
                "publier/fichier_rapport.html",
                report=found,
                identifier=identifier,
                refused=exc,
            )
        return render(request, "publier/fichier_resultat.html", applied=applied)

    return web


def api_router() -> APIRouter:
    """``/api/v1/depots``: the same through the API (raw body, bearer token)."""
    api = APIRouter(prefix="/api/v1", route_class=ApiRoute, tags=["dépôt de fichier"])

    @api.post(
        "/depots",
        summary="Déposer un fichier CSV ou XLSX : rapport ligne par ligne, rien n'est écrit",
        status_code=201,
        responses=responses(400, 401, 413),
        openapi_extra=UPLOAD_BODY,
    )
    async def send(
        request: Request,
        fichier: Annotated[str | None, Query(description=FILENAME_HELP)] = None,
    ) -> JSONResponse:
        account = account_of(request)
        content = await read_capped(request, max_bytes(request.app.state.settings))
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        filename = fichier or "depot" + MEDIA_SUFFIXES.get(media, ".csv")
        writer = request.app.state.writer
        catalogue = request.app.state.catalogue.get  # reads the log: in the thread pool
        report = await run_in_threadpool(
            lambda: upload_report.analyse(content, filename, writer, account, catalogue())
        )
        identifier = await run_in_threadpool(
            uploads.keep, request.app.state.db, account.id, filename, content
        )
        body = {"id": identifier, "url": f"/api/v1/depots/{identifier}", **report.as_json()}
        return JSONResponse(body, status_code=201)

    @api.get("/depots/{identifier}", summary="Le rapport d'un dépôt", responses=responses(401, 404))
    def show(request: Request, identifier: str) -> dict[str, Any]:
        account = account_of(request)
        depot = _stored(request, identifier, account)
        return {"id": identifier, **_report(request, depot, account).as_json()}

    @api.post(
        "/depots/{identifier}/appliquer",
        summary="Appliquer un dépôt : tout ou rien, ou seulement les lignes valides",
        responses=responses(401, 403, 404, 409, 422),
    )
    def apply(
        request: Request,
        identifier: str,
        mode: Annotated[ModeName, Query(description="`tout` (tout ou rien) ou `valides`")],
        etat: Annotated[StateName, Query(description="État des fiches créées")] = "brouillon",
    ) -> dict[str, Any]:
        account = account_of(request)
        return _apply(request, identifier, account, mode, STATES[etat]).as_json()

    return api


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "Le fichier tel quel : CSV (virgule ou point-virgule ; UTF-8, avec ou "
        "sans BOM, ou Windows-1252) ou XLSX. Taille maximale : `IACOLL_UPLOAD_MAX_MB`.",
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "coll_nom;nom_projet;coll_siret\n"
                "Métropole Aix-Marseille-Provence;Callbot pour le ramassage des encombrants;…\n",
            },
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

"""The write API, ``/api/v1``: create and update records, read their revisions, submit them.

A record comes as JSON-LD (``application/ld+json``) or as JSON with the upstream field names
(``application/json``, the keys of :data:`iacoll.model.fields.FIELDS`). Either way it becomes a
:class:`iacoll.model.record.Record` and goes through the one write path,
:meth:`iacoll.publishing.write.Writer.save`. Authentication: ``Authorization: Bearer <jeton>``
(``iacoll user token``). Errors are structured (:mod:`iacoll.web.api_errors`); the OpenAPI
schema, with examples, is served at ``/api``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from iacoll.model.problems import Problem, blocking
from iacoll.model.record import Record
from iacoll.publishing.accounts import Account
from iacoll.publishing.log import State
from iacoll.publishing.write import Writer
from iacoll.web import api_docs, api_records
from iacoll.web.api_body import InputError, max_bytes, parse_json, read_capped
from iacoll.web.api_errors import ApiRoute, language, responses
from iacoll.web.api_jsonld import parse_jsonld, record_iri, split
from iacoll.web.api_records import author_of
from iacoll.web.auth import require_account

StateName = Literal["brouillon", "soumis"]
STATES: dict[str, State] = {"brouillon": State.BROUILLON, "soumis": State.SOUMIS}
WRITE_SCOPE = "fiches:ecrire"


def account_of(request: Request) -> Account:
    """The account behind the request's token (or session), allowed to write records; a 401
    without one, a 403 for a token without the ``fiches:ecrire`` scope."""
    return require_account(request, scope=WRITE_SCOPE)


async def read_document(request: Request) -> tuple[str, Any]:
    """The body's media type and parsed JSON, read capped (a 415 for another media type)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in ("application/ld+json", "application/json"):
        raise InputError(
            f"Type de contenu « {media or 'absent'} » non accepté : envoyez "
            "application/ld+json (JSON-LD) ou application/json (champs du modèle amont).",
            f"Content type “{media or 'missing'}” not accepted: send application/ld+json "
            "(JSON-LD) or application/json (upstream model fields).",
            status=415,
        )
    return media, parse_json(await read_capped(request, max_bytes(request.app.state.settings)))


def records_of(
    request: Request, media: str, document: Any, iri: str | None
) -> tuple[list[Record], list[Problem]]:
    """The records a document carries (JSON-LD: one record; upstream JSON: the record, after
    its new carrier organisation if any), and the problems found reading them. ``iri``: the
    record the URL names, if any."""
    if media == "application/ld+json":
        graph = parse_jsonld(document, request.app.state.settings.base_iri)
        found = record_iri(graph)
        if iri is not None and str(found) != iri:
            raise InputError(
                f"Le document décrit « {found} », pas la fiche de l'adresse « {iri} ».",
                f"The document describes “{found}”, not the record at “{iri}”.",
                status=422,
            )
        record, problems = split(graph, found)
        records = [record]
    else:
        existing = None if iri is None else api_records.latest_record(request.app.state.db, iri)
        catalogue = request.app.state.catalogue.get()
        records, problems = api_records.from_upstream(document, iri, existing, catalogue)
    return records, problems


def save(
    request: Request,
    document: tuple[str, Any],
    iri: str | None,
    state: StateName,
    base_number: int | None,
) -> JSONResponse:
    """Save the records of ``document`` (media type, JSON) through the write path (the last
    one is the record the request is about); its revision, or the error. Nothing is written
    when one of them is refused. Blocking (SHACL, SQL): run in the thread pool."""
    account = account_of(request)
    records, problems = records_of(request, *document, iri)
    if blocking(problems):
        raise api_records.Rejected(blocking(problems))
    writer: Writer = request.app.state.writer
    author = author_of(account, records)
    saved = api_records.save_all(writer, records, author, STATES[state], base_number, "api")
    body = api_records.saved_json(records[-1], saved, problems)
    status = 201 if saved.number == 1 else 200
    return JSONResponse(body, status_code=status, headers={"Location": body["url"]})


# What :func:`save` answers besides the route's main status: 200 when the record existed,
# 201 when this is its first revision.
SAVED_AGAIN: dict[str, Any] = {
    "model": api_records.SavedModel,
    "description": "La fiche existait déjà : sa nouvelle révision.",
}
SAVED_FIRST: dict[str, Any] = {
    "model": api_records.SavedModel,
    "description": "La fiche n'existait pas : sa première révision.",
}


def router() -> APIRouter:
    """The ``/api/v1`` routes."""
    api = APIRouter(prefix="/api/v1", route_class=ApiRoute, tags=["écriture"])

    @api.post(
        "/fiches",
        summary="Créer une fiche (JSON-LD ou champs du modèle amont)",
        status_code=201,
        response_model=api_records.SavedModel,
        responses={200: SAVED_AGAIN, **responses(400, 401, 403, 409, 413, 415, 422)},
        openapi_extra=api_docs.RECORD_BODY,
    )
    async def create(
        request: Request,
        etat: Annotated[StateName, Query(description=api_docs.STATE_HELP)] = "brouillon",
        base_number: Annotated[int | None, Query(description=api_docs.BASE_HELP)] = None,
    ) -> JSONResponse:
        account_of(request)
        document = await read_document(request)
        return await run_in_threadpool(save, request, document, None, etat, base_number)

    @api.put(
        "/fiches/{kind}/{slug}",
        summary="Modifier une fiche (nouvelle révision)",
        response_model=api_records.SavedModel,
        responses={201: SAVED_FIRST, **responses(400, 401, 403, 409, 413, 415, 422)},
        openapi_extra=api_docs.RECORD_BODY,
    )
    async def update(
        request: Request,
        kind: api_records.KindName,
        slug: str,
        etat: Annotated[StateName, Query(description=api_docs.STATE_HELP)] = "brouillon",
        base_number: Annotated[int | None, Query(description=api_docs.BASE_HELP)] = None,
    ) -> JSONResponse:
        account_of(request)
        document = await read_document(request)
        iri = api_records.iri(kind, slug)
        return await run_in_threadpool(save, request, document, iri, etat, base_number)

    @api.get(
        "/fiches/{kind}/{slug}",
        summary="État d'une fiche et de ses révisions",
        response_model=api_records.StatusModel,
        responses=responses(401, 403, 404, 422),
    )
    def status(request: Request, kind: api_records.KindName, slug: str) -> dict[str, Any]:
        account = account_of(request)
        return api_records.status(request.app.state.db, account, api_records.iri(kind, slug))

    @api.get(
        "/fiches/{kind}/{slug}/revisions",
        summary="Révisions d'une fiche",
        response_model=list[api_records.RevisionModel],
        responses=responses(401, 403, 404, 422),
    )
    def revisions(request: Request, kind: api_records.KindName, slug: str) -> list[dict[str, Any]]:
        account = account_of(request)
        found = api_records.status(request.app.state.db, account, api_records.iri(kind, slug))
        return list(found["revisions"])

    @api.post(
        "/fiches/{kind}/{slug}/soumettre",
        summary="Soumettre le dernier brouillon aux modérateurs",
        response_model=api_records.SavedModel,
        responses=responses(401, 403, 404, 409, 422),
    )
    def submit(request: Request, kind: api_records.KindName, slug: str) -> dict[str, Any]:
        account = account_of(request)
        writer: Writer = request.app.state.writer
        return api_records.submit(
            request.app.state.db, writer, account, api_records.iri(kind, slug), language(request)
        )

    return api

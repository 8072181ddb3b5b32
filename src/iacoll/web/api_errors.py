"""The structured errors of the write API, and the route class that turns exceptions into them.

Every error of ``/api/v1`` is ``{"error", "status", "detail", "problems"}``: ``error`` is the
message in the request's language (French unless ``?lang=en`` or ``Accept-Language: en``),
``detail`` the same in the other language, ``problems`` the record's problems
(:class:`iacoll.model.problems.Problem`: field, path, message fr/en, value, severity).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import Response

from iacoll.errors import IacollError
from iacoll.model.problems import Problem
from iacoll.web.api_body import InputError


class ProblemModel(BaseModel):
    """One problem of a record (OpenAPI schema)."""

    field: str | None = Field(None, description="Champ amont (`coll_siret`, `nom_projet`…)")
    path: str | None = Field(None, description="Chemin RDF (CURIE) quand aucun champ amont")
    message_fr: str
    message_en: str
    value: str | None = Field(None, description="La valeur en cause, telle que donnée")
    severity: str = Field("violation", description="violation, warning ou info")


class ErrorModel(BaseModel):
    """The error shape of the write API (OpenAPI schema)."""

    error: str = Field(description="Le message, dans la langue de la requête")
    status: int
    detail: str = Field(description="Le même message dans l'autre langue, ou des précisions")
    problems: list[ProblemModel] = Field(default_factory=list)


def language(request: Request) -> str:
    """``?lang=``, then ``Accept-Language`` (English when it comes first), else French."""
    chosen = request.query_params.get("lang")
    if chosen in ("fr", "en"):
        return chosen
    accept = request.headers.get("accept-language", "").strip().lower()
    return "en" if accept.startswith("en") else "fr"


def error_body(exc: IacollError, lang: str) -> dict[str, Any]:
    """The JSON body of ``exc`` in ``lang``."""
    problems: list[Problem] = list(getattr(exc, "problems", []) or [])
    if isinstance(exc, InputError):
        text, other = exc.text(lang), exc.text("fr" if lang == "en" else "en")
    else:
        english = (
            getattr(exc, "message_en", None)
            or exc.detail
            or ENGLISH.get(type(exc).__name__)
            or exc.message
        )
        text, other = (english, exc.message) if lang == "en" else (exc.message, english)
    return {
        "error": text,
        "status": exc.status,
        "detail": other,
        "problems": [p.as_json() for p in problems],
    }


def error_response(exc: IacollError, request: Request) -> Response:
    """``exc`` as the API's JSON error."""
    return Response(
        json.dumps(error_body(exc, language(request)), ensure_ascii=False),
        status_code=exc.status,
        media_type="application/json",
        headers={"Vary": "Accept-Language"},
    )


class ApiRoute(APIRoute):
    """A route whose :class:`IacollError`\\ s become the API's structured JSON errors."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except IacollError as exc:
                return error_response(exc, request)
            except RequestValidationError as exc:  # a path or query parameter out of its type
                return error_response(invalid_parameters(exc), request)

        return handle


def invalid_parameters(exc: RequestValidationError) -> InputError:
    """FastAPI's validation error as the API's 422, one problem per parameter."""
    problems = [
        Problem(
            "Valeur refusée pour ce paramètre de l'adresse : voyez les valeurs possibles dans "
            "la documentation de l'API (/api).",
            str(error.get("msg", "invalid value")),
            field=str(error.get("loc", ("?",))[-1]),
            value=str(error.get("input", ""))[:200],
        )
        for error in exc.errors()
    ]
    names = ", ".join(sorted({p.field or "?" for p in problems}))
    refused = InputError(
        f"Paramètre invalide : {names}.", f"Invalid parameter: {names}.", status=422
    )
    refused.problems = problems  # type: ignore[attr-defined]
    return refused


# English for the errors of the layers below, whose messages are French only.
ENGLISH = {
    "RecordRejected": "The record does not conform to the shapes: nothing was saved. Fix the "
    'fields listed in "problems" and send it again.',
    "StaleRevision": "The record was published meanwhile, or a published record already has "
    "this identifier: fetch it again, reapply your changes and send them with base_number set "
    "to its published revision. Nothing was saved.",
    "NotAllowed": "Your account is not attached to this record's organisation, or may not make "
    "this change: ask the moderators to attach you to it. Nothing was saved.",
    "NotSignedIn": 'Sign in, or send an API token in the "Authorization: Bearer" header; an '
    "unknown, revoked or disabled token is refused.",
    "Forbidden": "Your account or token may not do this (role or token scope).",
    "CsrfRejected": "The form expired or does not come from this site: reload it.",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error ``statuses`` of a route, with their meaning."""
    return {
        status: {"model": ErrorModel, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


ERROR_DESCRIPTIONS = {
    400: "JSON mal formé (ligne et colonne données), ou fichier illisible.",
    401: "Jeton absent ou invalide : `Authorization: Bearer <jeton>`.",
    403: "Le compte n'est pas membre de l'organisation de la fiche.",
    404: "Fiche ou dépôt inconnu.",
    409: "`base_number` périmé : une révision plus récente a été publiée entre-temps.",
    413: "Corps plus gros que `IACOLL_UPLOAD_MAX_MB`, refusé avant d'être lu.",
    415: "Type de contenu non accepté.",
    422: "La fiche ne respecte pas les formes SHACL, ou un paramètre de l'adresse est "
    "invalide : voir `problems`.",
}

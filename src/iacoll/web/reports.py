"""« Signaler une erreur »: the form anyone may use to tell the moderators about an error in a
record (no account needed).

``GET /signaler?fiche=<IRI>`` shows the form for a record that exists; ``POST /signaler`` checks
the CSRF token, counts the sender's address against :data:`RATE_LIMIT` reports per
:data:`RATE_WINDOW` seconds, reads a body of at most :data:`MAX_BODY` bytes and keeps the report
in the ``signalement`` table (:mod:`iacoll.publishing.reports`), then redirects to a
confirmation page (``/signaler/envoye``). A report is never shown on any public route.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import URIRef

from iacoll.errors import IacollError
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.pages.typography import french
from iacoll.publishing import reports
from iacoll.publishing.db import Database
from iacoll.web.security import RateLimiter, TooManyRequests, check_csrf, client_key, csrf_token

RECORD_KINDS = ("cas-usage", "initiative", "organisation")
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
RATE_LIMIT = 5  # reports …
RATE_WINDOW = 3600.0  # … per hour and per address
MAX_BODY = 100_000  # bytes: 5 000 characters, percent-encoded, fit with room to spare
FORM_TYPE = "application/x-www-form-urlencoded"
TOO_MANY = (
    "Vous avez déjà envoyé 5 signalements dans l'heure : c'est le maximum. Réessayez dans une "
    "heure, ou écrivez aux modérateurs (page Contact).",
    "You have already sent 5 reports within the hour, the most allowed. Try again in an hour, "
    "or write to the moderators (Contact page).",
)


class UnknownRecord(IacollError):
    """The report names no published record."""

    status = 404


class FormTooLarge(IacollError):
    """A report form bigger than :data:`MAX_BODY`."""

    status = 413


class UnreadableForm(IacollError):
    """A body that is not an HTML form (``application/x-www-form-urlencoded``, UTF-8)."""

    status = 400


@dataclass(frozen=True)
class ReportedRecord:
    """The record a report is about: its IRI, the path of its page and its title."""

    iri: str
    path: str
    title: str


def find_record(site: Site, iri: str, lang: str) -> ReportedRecord:
    """The published record ``iri`` (a use case, an initiative or an organisation); raise
    :class:`UnknownRecord` otherwise."""
    path = site.path_for_iri(iri) if _is_record_iri(site, iri) else None
    if path is None or not site.exists(iri):
        raise UnknownRecord(
            "Aucune fiche publiée n'a cette adresse : repartez de la page de la fiche et suivez "
            "son lien « Signaler une erreur ».",
            detail="No published record has this address: go back to the record's page and "
            "follow its « Signaler une erreur » (report an error) link.",
        )
    return ReportedRecord(iri, path, site.label(URIRef(iri), lang))


def _is_record_iri(site: Site, iri: str) -> bool:
    for kind in RECORD_KINDS:
        prefix = f"{site.base}id/{kind}/"
        if iri.startswith(prefix) and SLUG.fullmatch(iri[len(prefix) :]):
            return True
    return False


async def read_form(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form body of at most :data:`MAX_BODY` bytes."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise FormTooLarge(
                f"Le formulaire envoyé dépasse {MAX_BODY // 1000} ko : le message est limité à "
                f"{reports.MESSAGE_MAX} caractères.",
                detail=f"The form sent is over {MAX_BODY // 1000} kB: the message is limited to "
                f"{reports.MESSAGE_MAX} characters.",
            )
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    try:
        if kind != FORM_TYPE:
            raise ValueError(kind)
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20))
    except (UnicodeDecodeError, ValueError):
        raise UnreadableForm(
            "Ce signalement n'a pas pu être lu : envoyez-le depuis le formulaire de la page "
            "« Signaler une erreur ».",
            detail="This report could not be read: send it from the « Signaler une erreur » "
            "(report an error) form.",
        ) from None


def router(site: Site, pages: Pages, db: Database) -> APIRouter:
    """``/signaler`` (form and submission) and ``/signaler/envoye`` (confirmation)."""
    api = APIRouter()
    limiter = RateLimiter(RATE_LIMIT, RATE_WINDOW, TOO_MANY[0])

    def form(
        request: Request,
        record: ReportedRecord | None,
        sent: reports.Sent | None = None,
        problem: reports.InvalidReport | None = None,
    ) -> HTMLResponse:
        lang = language_of(request)
        return pages.render(
            request,
            "info/signaler.html",
            status=problem.status if problem else 200,
            record=record,
            sent=sent or reports.Sent(record.iri if record else "", ""),
            problem=_problem(problem, lang),
            csrf=csrf_token(request),
            limits={
                "message_min": reports.MESSAGE_MIN,
                "message_max": reports.MESSAGE_MAX,
                "email_max": reports.EMAIL_MAX,
            },
        )

    @api.get("/signaler", response_class=HTMLResponse, include_in_schema=False)
    def show(request: Request, fiche: str = "") -> HTMLResponse:
        record = find_record(site, fiche, language_of(request)) if fiche else None
        return form(request, record)

    def keep(request: Request, fields: dict[str, str]) -> Response:
        record = find_record(site, fields.get("fiche", ""), language_of(request))
        sent = reports.Sent(record.iri, fields.get("message", ""), fields.get("email") or None)
        try:
            reports.file_report(db, sent)
        except reports.InvalidReport as problem:
            return form(request, record, sent, problem)
        done = "/signaler/envoye?" + urlencode({"fiche": record.iri})
        return RedirectResponse(done, status_code=303)

    @api.post("/signaler", include_in_schema=False)
    async def send(request: Request) -> Response:
        fields = await read_form(request)
        check_csrf(request, fields.get("csrf"))
        try:
            limiter.hit(client_key(request))
        except TooManyRequests:
            raise TooManyRequests(TOO_MANY[0], detail=TOO_MANY[1]) from None
        return await run_in_threadpool(keep, request, fields)

    @api.get("/signaler/envoye", response_class=HTMLResponse, include_in_schema=False)
    def thanks(request: Request, fiche: str = "") -> HTMLResponse:
        try:
            record = find_record(site, fiche, language_of(request))
        except UnknownRecord:
            record = None
        return pages.render(request, "info/signalement-envoye.html", record=record)

    return api


@dataclass(frozen=True)
class _Problem:
    field: str
    text: str


def _problem(problem: reports.InvalidReport | None, lang: str) -> _Problem | None:
    if problem is None:
        return None
    text = (problem.detail or problem.message) if lang == "en" else french(problem.message)
    return _Problem(problem.field, text)

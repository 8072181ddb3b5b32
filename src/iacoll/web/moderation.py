"""The moderators' queue at ``/moderation``: review, publish, request changes, reject, withdraw,
and the open error reports.

Every page and action needs the role *moderateur* or *admin* (403 otherwise). A decision is one
call to :meth:`iacoll.publishing.write.Writer.transition`, which logs it and, for a
publication, projects the record into the stores; the comment goes to the contributor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from iacoll.errors import IacollError
from iacoll.model.footprint import footprint_triples
from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages.changes import rows, text_of
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.publishing import diff as diffs
from iacoll.publishing import queue, reports
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.web import auth, form_footprint
from iacoll.web.security import check_csrf, csrf_token

MODERATORS = ("moderateur",)  # admin ranks above moderateur
SCOPE = "moderation"  # what an API token needs to moderate
PRIVATE = {"Cache-Control": "no-store", "Vary": "Accept, Cookie"}
# A decision on a submitted revision: the state it leads to, whether a comment is required.
DECISIONS: dict[str, tuple[State, bool]] = {
    "approuver": (State.PUBLIE, False),
    "demander-modifications": (State.MODIFICATIONS_DEMANDEES, True),
    "rejeter": (State.REJETE, True),
}


class NotModerator(IacollError):
    """A signed-in account without the moderator's role."""

    status = 403


class RevisionNotFound(IacollError):
    """No revision has this number."""

    status = 404


class CommentRequired(IacollError):
    """A change request, a rejection or a withdrawal without a comment."""

    status = 400


class NotPublished(IacollError):
    """A withdrawal of a record that is not published."""

    status = 404


def moderator(request: Request) -> auth.Account:
    """The signed-in moderator or admin (a token needs the scope ``moderation``); 401 when
    signed out, 403 for a contributor."""
    account = auth.require_account(request, scope=SCOPE)
    if not account.has_role(*MODERATORS):
        raise NotModerator(
            "Cette page est réservée aux modérateurs et aux administrateurs. Si vous devez "
            "modérer les fiches, demandez ce rôle à un administrateur.",
            detail="This page is for moderators and administrators only.",
        )
    return account


def check_form(request: Request, account: auth.Account, csrf: str) -> None:
    """The CSRF check of a decision sent from a signed-in browser. A request authenticated by
    an API token (``Authorization: Bearer``, which another site cannot make a browser send)
    has no session and no form token: it needs none."""
    if account.scopes is None:
        check_csrf(request, csrf)


def author(account: auth.Account) -> Author:
    """The write path's author for ``account``."""
    return Author(account.id, frozenset(account.organisations), account.role)


def record_path(iri: str) -> str:
    """The server path of a record IRI kept under the default base (``/id/cas-usage/x``)."""
    return "/" + iri.removeprefix(DEFAULT_BASE)


def record_iri(address: str, site: Site) -> str:
    """The record IRI (default base) a moderator typed: a path, or an IRI under either base."""
    address = address.strip()
    for base in (site.base, DEFAULT_BASE):
        if address.startswith(base):
            return DEFAULT_BASE + address[len(base) :]
    return DEFAULT_BASE + address.lstrip("/")


def triples(site: Site, found: tuple[diffs.Triple, ...], lang: str) -> list[tuple[str, ...]]:
    """Triples outside the fields as the page shows them: subject, property, value, labelled."""
    return [tuple(text_of(site, term, lang) for term in triple) for triple in found]


def router(site: Site, pages: Pages, db: Database, writer: Writer) -> APIRouter:
    """``/moderation`` and its actions."""
    api = APIRouter()

    def render(request: Request, template: str, **extra: Any) -> Response:
        response = pages.render(request, template, csrf=csrf_token(request), **extra)
        response.headers.update(PRIVATE)
        return response

    @api.get("/moderation", include_in_schema=False)
    def queue_page(request: Request, fait: str | None = None) -> Response:
        moderator(request)
        return render(
            request,
            "moderation/queue.html",
            entries=queue.submitted(db),
            reports=reports.open_reports(db),
            done=fait,
            record_path=record_path,
        )

    @api.get("/moderation/revision/{revision_id}", include_in_schema=False)
    def revision_page(request: Request, revision_id: int) -> Response:
        moderator(request)
        found = queue.revision(db, revision_id)
        if found is None:
            raise RevisionNotFound(
                f"Aucune version n'a le numéro {revision_id}.",
                detail=f"No revision has the number {revision_id}.",
            )
        entry, submitted, published = found
        changes = diffs.diff(published, submitted, aside=footprint_triples)
        # The footprint's measurements are blank nodes: shown as the form's fields instead.
        footprint = form_footprint.changes(published, submitted)
        changes = replace(changes, fields=changes.fields + footprint)
        return render(
            request,
            "moderation/revision.html",
            entry=entry,
            changes=changes,
            rows=rows(site, changes, language_of(request)),
            added=triples(site, changes.added, language_of(request)),
            removed=triples(site, changes.removed, language_of(request)),
            history=queue.history(db, entry.record_iri),
            record_path=record_path,
        )

    @api.post("/moderation/revision/{revision_id}/{decision}", include_in_schema=False)
    def decide(
        request: Request,
        revision_id: int,
        decision: str,
        csrf: str = Form(""),
        comment: str = Form(""),
    ) -> Response:
        account = moderator(request)
        check_form(request, account, csrf)
        if decision not in DECISIONS:
            raise RevisionNotFound(f"Décision inconnue : « {decision} ».")
        state, needs_comment = DECISIONS[decision]
        if needs_comment and not comment.strip():
            raise CommentRequired(
                "Écrivez un commentaire pour le contributeur : il doit savoir ce qu'il faut "
                "changer ou pourquoi la fiche est refusée.",
                detail="Write a comment for the contributor: they must know what to change or "
                "why the record is rejected.",
            )
        writer.transition(revision_id, state, author=author(account), comment=comment.strip())
        return RedirectResponse(f"/moderation?fait={state.value}", status_code=303)

    @api.post("/moderation/retirer", include_in_schema=False)
    def withdraw(
        request: Request, csrf: str = Form(""), fiche: str = Form(""), comment: str = Form("")
    ) -> Response:
        account = moderator(request)
        check_form(request, account, csrf)
        if not comment.strip():
            raise CommentRequired(
                "Indiquez le motif du retrait : il est conservé dans l'historique de la fiche.",
                detail="Give the reason for the withdrawal: it is kept in the record's history.",
            )
        iri = record_iri(fiche, site)
        with db.transaction() as session:
            current = published_revision(session, iri)
            revision_id = None if current is None else current.id
        if revision_id is None:
            raise NotPublished(
                f"Aucune fiche publiée n'a l'adresse « {fiche.strip()} ». Copiez l'adresse de "
                "sa page (par exemple /id/cas-usage/nom-de-la-fiche).",
                detail=f"No published record has the address '{fiche.strip()}'.",
            )
        writer.transition(
            revision_id, State.RETIRE, author=author(account), comment=comment.strip()
        )
        return RedirectResponse("/moderation?fait=retire", status_code=303)

    @api.post("/moderation/signalement/{report_id}/clore", include_in_schema=False)
    def close(
        request: Request, report_id: int, csrf: str = Form(""), comment: str = Form("")
    ) -> Response:
        account = moderator(request)
        check_form(request, account, csrf)
        reports.close_report(db, report_id, account.id, comment)
        return RedirectResponse("/moderation?fait=report", status_code=303)

    return api

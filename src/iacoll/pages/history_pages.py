"""The public history of a record, its past revisions, and the tombstone of a withdrawn record.

- ``/id/{kind}/{slug}/historique``: every publication, newest first, with its date, the
  organisation (never an account) and what it changed, field by field, in words (« Statut :
  En expérimentation → En déploiement »), with the upstream field labels; the differences are
  the moderators' (:mod:`iacoll.publishing.diff`), restricted fields left out. Withdrawals
  appear with their reason. In RDF: the revisions' PROV (:mod:`iacoll.pages.history_graph`).
- ``/id/{kind}/{slug}/revision/{n}``: revision ``n`` as it was published (its public part)
  and its PROV; 404 for a number that was never published (a draft is never public).
- ``/id/{kind}/{slug}/retrait/{p}``: the withdrawal logged as publication ``p`` (an LDES
  tombstone member), 303 to the history that tells it.
- ``/id/{kind}/{slug}`` of a withdrawn record: 410 Gone with a tombstone (title, publisher,
  date and reason), answered through :func:`tombstone` by the catch-all of minted paths.

Every representation goes through ``Pages.respond`` (content negotiation, ETag, 304).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import URIRef

from iacoll.errors import IacollError
from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages.changes import Row, rows
from iacoll.pages.citations import seed_documents
from iacoll.pages.dates import human_date
from iacoll.pages.history_graph import revision_graph, revisions_graph, tombstone_graph
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.resource_record import RecordPage
from iacoll.pages.resource_terms import Reader, rebased
from iacoll.pages.site import Site
from iacoll.pages.view import RESOURCE_FORMATS, View, split_suffix
from iacoll.publishing import diff as diffs
from iacoll.publishing import history
from iacoll.publishing.db import Database

HISTORY = "historique"


class HistoryNotFound(IacollError):
    """No record, or no published revision, at this address (404)."""

    status = 404


@dataclass(frozen=True)
class Entry:
    """One publication as the history page shows it."""

    kind: str  # "publication" or "retrait"
    number: int | None
    at: datetime
    organisation: URIRef | None
    href: str | None  # the revision's page
    first: bool = False  # the record's first publication: nothing to compare with
    changes: list[Row] = field(default_factory=list)
    others: int = 0  # triples changed outside the upstream fields (timeline, sources…)
    reason: str | None = None


def log_iri(kind: str, slug: str) -> str:
    """The record IRI as the log keeps it (default base)."""
    return f"{DEFAULT_BASE}id/{kind}/{slug}"


def when(at: datetime, lang: str) -> str:
    """``7 décembre 2026, 01:42 UTC``."""
    day = human_date(at.date().isoformat(), lang) or at.date().isoformat()
    return f"{day}, {at:%H:%M} UTC"


def entries(site: Site, db: Database, iri: str, lang: str) -> list[Entry]:
    """The publications of ``iri`` (default base), newest first, with their differences."""
    revisions = {r.number: r for r in history.past_revisions(db, iri)}
    found: list[Entry] = []
    previous = None
    for event in history.events(db, record_iri=iri):
        organisation = None if event.organisation is None else rebased(site, event.organisation)
        if event.kind == "retrait" or event.number not in revisions:
            found.append(
                Entry("retrait", event.number, event.at, organisation, None, reason=event.comment)
            )
            continue
        revision = revisions[event.number]
        changes = diffs.diff(previous, revision.public)
        shown = [row for row in rows(site, changes, lang) if not row.restricted]
        path = site.path_for_iri(str(rebased(site, revision.iri)))
        found.append(
            Entry(
                "publication",
                event.number,
                event.at,
                organisation,
                path,
                first=previous is None,
                changes=[] if previous is None else shown,
                others=0 if previous is None else len(changes.added) + len(changes.removed),
            )
        )
        previous = revision.public
    return found[::-1]


def router(site: Site, pages: Pages, db: Database) -> APIRouter:
    """The history pages and the past revisions (included before the catch-all)."""
    api = APIRouter()

    def history_page(request: Request, kind: str, slug: str) -> Response:
        iri = log_iri(kind, slug)
        lang = language_of(request)
        found = entries(site, db, iri, lang)
        if not found:
            raise _not_found(iri)
        path, suffix = split_suffix(request.url.path)
        graph = revisions_graph(history.past_revisions(db, iri), site.base)
        record = rebased(site, iri)
        context = {
            "entries": found,
            "record": record,
            "record_label": site.label(record, lang),
            "when": lambda at: when(at, lang),
            "withdrawn": found[0].kind == "retrait",
            "suffix_format": suffix,
            **_links(site),
        }
        view = View(graph, record, "history.html", context, path)
        return pages.respond(request, view, site.last_modified)

    def revision_page(request: Request, kind: str, slug: str, number: int) -> Response:
        iri = log_iri(kind, slug)
        built = revision_graph(history.past_revisions(db, iri), number, site.base)
        if built is None:
            raise _not_found(history.revision_iri(iri, number))
        graph, revision = built
        lang = language_of(request)
        path, suffix = split_suffix(request.url.path)
        record = rebased(site, iri)
        cited = site.cache("seed-documents").get("", lambda: seed_documents(site))
        page = RecordPage(Reader(site, lang, documents=cited), graph, record)
        context = {
            "page": page,
            "revision": revision,
            "organisation": None
            if revision.organisation is None
            else rebased(site, revision.organisation),
            "history_href": f"/id/{kind}/{slug}/{HISTORY}",
            "when": lambda at: when(at, lang),
            "suffix_format": suffix,
            **_links(site),
        }
        view = View(graph, rebased(site, revision.iri), "revision.html", context, path)
        return pages.respond(request, view, site.last_modified)

    def withdrawal_page(kind: str, slug: str, number: int) -> Response:
        """A withdrawal (an LDES tombstone member) is told on the record's history: 303 there."""
        iri = log_iri(kind, slug)
        found = [e for e in history.events(db, record_iri=iri) if e.id == number]
        if not found or found[0].kind != "retrait":
            raise _not_found(history.withdrawal_iri(iri, number))
        return RedirectResponse(f"/id/{kind}/{slug}/{HISTORY}", status_code=303)

    api.add_api_route(
        "/id/{kind}/{slug}/retrait/{number:int}",
        withdrawal_page,
        methods=["GET"],
        include_in_schema=False,
    )
    for fmt in (None, *RESOURCE_FORMATS):
        suffix = "" if fmt is None else fmt.suffix
        api.add_api_route(
            "/id/{kind}/{slug}/" + HISTORY + suffix,
            history_page,
            methods=["GET"],
            include_in_schema=False,
        )
        api.add_api_route(
            "/id/{kind}/{slug}/revision/{number:int}" + suffix,
            revision_page,
            methods=["GET"],
            include_in_schema=False,
        )
    return api


def tombstone(
    site: Site, pages: Pages, db: Database
) -> Callable[[Request, str, str | None], Response | None]:
    """The answer of the catch-all when no resource has the path: 410 Gone with the tombstone
    of a withdrawn record, else None (a 404)."""

    def answer(request: Request, path: str, suffix: str | None) -> Response | None:
        if not path.startswith("/id/") or path.count("/") != 3:
            return None
        iri = DEFAULT_BASE + path.lstrip("/")
        gone = history.withdrawal(db, iri)
        if gone is None:
            return None
        lang = language_of(request)
        graph = tombstone_graph(gone, f"{iri}/{HISTORY}", site.base)
        record = rebased(site, iri)
        context = {
            "gone": gone,
            "record": record,
            "publisher": None if gone.publisher is None else rebased(site, gone.publisher),
            "history_href": path + "/" + HISTORY,
            "when": lambda at: when(at, lang),
            "suffix_format": suffix,
            **_links(site),
        }
        view = View(graph, record, "tombstone.html", context, path)
        response = pages.respond(request, view, site.last_modified)
        if response.status_code == 200:
            response.status_code = 410
        return response

    return answer


def _links(site: Site) -> dict[str, Callable[..., str | None]]:
    """What the templates link organisations and records with."""
    return {"site_path": site.path_for_iri, "site_label": site.label}


def _not_found(iri: str) -> HistoryNotFound:
    return HistoryNotFound(
        f"Aucune révision publiée n'a l'adresse « {iri} ». Un brouillon n'est jamais public ; "
        "l'historique d'une fiche liste ses révisions publiées.",
        detail=f"No published revision has the IRI <{iri}>. A draft is never public; a "
        "record's history lists its published revisions.",
    )

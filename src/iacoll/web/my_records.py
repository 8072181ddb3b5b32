"""« Mes fiches » at ``/mes-fiches``: a contributor's records, their state and the moderators'
comments, with a link to edit each.

A contributor sees the records of the organisations they belong to (the seed records of those
organisations included) and the ones they wrote; no one else's.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from iacoll.pages.render import Pages
from iacoll.publishing import queue
from iacoll.publishing.db import Database
from iacoll.web import auth
from iacoll.web.moderation import PRIVATE, record_path

EDIT_PATH = "/publier/modifier"  # the contribution form (web/contribute.py), ?fiche=<record IRI>


def edit_url(iri: str) -> str:
    """The contribution form opened on the record ``iri``."""
    return f"{EDIT_PATH}?fiche={quote(iri, safe='')}"


def router(pages: Pages, db: Database) -> APIRouter:
    """``/mes-fiches``."""
    api = APIRouter()

    @api.get("/mes-fiches", include_in_schema=False)
    def my_records(request: Request) -> Response:
        account = auth.require_account(request)
        entries = queue.records_of(db, account.id, account.organisations)
        response = pages.render(
            request,
            "moderation/mine.html",
            entries=entries,
            edit_url=edit_url,
            record_path=record_path,
        )
        response.headers.update(PRIVATE)
        return response

    return api

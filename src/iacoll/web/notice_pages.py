"""The transparency notice of a use case as a page and as a PDF.

``/id/cas-usage/{slug}/notice``: the notice (:mod:`iacoll.pages.notice`), printable on A4 (print
stylesheet ``static/notice.css``), with the checklist of the fields still to fill; for a member
of the record's organisation each line links to the record's form. ``…/notice.pdf``: the same
notice made into a PDF by WeasyPrint from the same markup and stylesheet (the checklist, meant
for the collectivité, stays on the page). The notice is read from the record's published
revision in the revision log; a signed-in member's version carries the restricted values,
marked « non publique », and is never cached; the public PDF is made once per store generation
and language.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

import iacoll.pages
from iacoll.errors import IacollError
from iacoll.model.record import Record
from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages import inventory
from iacoll.pages.i18n import language_of, translator
from iacoll.pages.notice import Notice, build
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.publishing.queue import published_record
from iacoll.web.auth import current_account, reads_restricted

STYLESHEET = Path(iacoll.pages.__file__).parent / "static" / "notice.css"
PRIVATE = {"Cache-Control": "private, no-store", "Vary": "Accept, Cookie, Authorization"}


class NoticeNotFound(IacollError):
    """No published use case has this address (404)."""

    status = 404


def record_iri(slug: str) -> str:
    """The IRI of the use case ``slug`` as the revision log names it."""
    return f"{DEFAULT_BASE}id/cas-usage/{slug}"


def published(request: Request, slug: str) -> Record:
    """The published revision of the use case ``slug``, or :class:`NoticeNotFound`."""
    record = published_record(request.app.state.db, record_iri(slug))
    if record is None:
        raise NoticeNotFound(
            f"Aucun cas d'usage publié n'a l'adresse « /id/cas-usage/{slug} » : pas de notice. "
            "Cherchez le cas d'usage dans le catalogue (/recherche).",
            detail=f"No published use case at /id/cas-usage/{slug}: no notice.",
        )
    return record


def edit_path(request: Request, notice: Notice) -> str | None:
    """The record's form, for a signed-in member of its organisation (else None)."""
    try:
        account = current_account(request)
    except IacollError:
        return None
    if account is None or notice.publisher not in account.organisations:
        return None
    return "/publier/modifier?" + urlencode({"fiche": notice.record_iri})


def pdf(pages: Pages, notice: Notice, lang: str) -> bytes:
    """The notice as a PDF (A4), from the markup of the page."""
    html = pages.env.get_template("notice/pdf.html").render(
        lang=lang, t=translator(lang), notice=notice
    )
    from weasyprint import CSS, HTML  # ~0.4 s to import: on the first PDF, not at start-up

    document = HTML(string=html, base_url=str(STYLESHEET.parent))
    data: bytes = document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    return data


def router(site: Site, pages: Pages) -> APIRouter:
    """``/id/cas-usage/{slug}/notice`` and ``/id/cas-usage/{slug}/notice.pdf``, and the
    inventories (:mod:`iacoll.pages.inventory`)."""
    api = APIRouter()
    api.include_router(inventory.router(site, pages))
    pdfs = site.cache("notice-pdf")

    @api.get("/id/cas-usage/{slug}/notice", name="notice", include_in_schema=False)
    def page(request: Request, slug: str) -> Response:
        record = published(request, slug)
        member = reads_restricted(request)
        notice = build(site, record, language_of(request), member)
        path = f"/id/cas-usage/{slug}"
        response = pages.render(
            request,
            "notice/page.html",
            notice=notice,
            record_path=path,
            pdf_path=f"{path}/notice.pdf",
            edit_path=edit_path(request, notice),
        )
        if member:
            response.headers.update(PRIVATE)
        return response

    @api.get("/id/cas-usage/{slug}/notice.pdf", name="notice_pdf", include_in_schema=False)
    def document(request: Request, slug: str) -> Response:
        record = published(request, slug)
        lang, member = language_of(request), reads_restricted(request)
        if member:
            body, headers = pdf(pages, build(site, record, lang, True), lang), PRIVATE
        else:
            body = pdfs.get(
                (slug, lang), lambda: pdf(pages, build(site, record, lang, False), lang)
            )
            headers = {"Vary": "Cookie, Authorization"}
        headers = {**headers, "Content-Disposition": f'inline; filename="notice-{slug}.pdf"'}
        return Response(body, media_type="application/pdf", headers=headers)

    return api

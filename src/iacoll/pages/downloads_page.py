"""The ``/download/`` routes: the index page and the files :mod:`iacoll.downloads` wrote.

Each file is the one the catalogue graph declares (size, SHA-256: its ``ETag``), from the
version folder that holds it; its ``Last-Modified`` is when it was written, by the refresh of
the derived views that followed a publication (:func:`iacoll.derived.refresh_derived`).
"""

from __future__ import annotations

import contextlib
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from iacoll import csv_export
from iacoll.downloads import (
    BY_NAME,
    DOWNLOADS,
    DownloadDamaged,
    DownloadFile,
    DownloadNotFound,
    declared,
    folder,
    served,
)
from iacoll.pages.render import Pages
from iacoll.pages.resource_page import LABELS as FIELD_LABELS
from iacoll.pages.site import Site
from iacoll.pages.view import not_modified


class Inventory:
    """The download files the store's catalogue graph declares, from the version folder that
    holds them (:func:`iacoll.downloads.served`: a truncated file is a 503, never served)."""

    def __init__(self, site: Site) -> None:
        self.target = folder(site.settings)
        self.site = site

    def get(self, name: str) -> DownloadFile:
        """The file called ``name``, or :class:`DownloadNotFound`."""
        download = BY_NAME.get(name)
        if download is None or not (self.target / name).exists():
            choices = ", ".join(BY_NAME)
            raise DownloadNotFound(
                f"Aucun téléchargement ne s'appelle « {name} ». Fichiers : {choices} (/download/).",
                detail=f"No download is called '{name}'. Files: {choices} (/download/).",
            )
        wanted = declared(self.site.store, self.site.base).get(name)
        return served(self.target, download, wanted)

    def files(self) -> list[DownloadFile]:
        """Every download file present and intact, in :data:`DOWNLOADS` order."""
        found = []
        for download in DOWNLOADS:
            if (self.target / download.name).exists():
                with contextlib.suppress(DownloadDamaged):  # its link answers the 503
                    found.append(self.get(download.name))
        return found


def router(site: Site, pages: Pages) -> APIRouter:
    """The ``/download/`` routes: the index page and the files."""
    api = APIRouter()
    inventory = Inventory(site)

    @api.get("/download", include_in_schema=False)
    def download_root() -> Response:
        return RedirectResponse("/download/", status_code=308)

    @api.get("/download/", response_class=HTMLResponse)
    def download_index(request: Request) -> HTMLResponse:
        return pages.render(request, "downloads.html", **_index_context(site, inventory))

    @api.api_route("/download/{name}", methods=["GET"])
    def download_file(request: Request, name: str) -> Response:
        file = inventory.get(name)
        etag, modified = f'"{file.sha256}"', file.modified
        headers = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified, usegmt=True),
            "Cache-Control": "public, max-age=3600",
        }
        if not_modified(request, etag, modified):
            return Response(status_code=304, headers=headers)
        return FileResponse(
            file.path,
            media_type=file.download.format.content_type,
            filename=file.download.name,
            headers=headers,
        )

    return api


def _index_context(site: Site, inventory: Inventory) -> dict[str, Any]:
    files = [
        {
            "file": file,
            "url": f"/download/{file.download.name}",
            "distribution": site.path_for_iri(str(file.download.distribution(site.base))),
        }
        for file in inventory.files()
    ]
    columns = [(f.key, *FIELD_LABELS[f.key]) for f in csv_export.COLUMNS]
    columns.append(csv_export.ADDRESS)
    return {"files": files, "columns": columns, "separator": csv_export.SEPARATOR}

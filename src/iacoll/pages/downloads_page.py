"""The ``/download/`` routes: the index page and the files :mod:`iacoll.downloads` wrote.

Each file is measured (size, SHA-256: its ``ETag``) once per store generation and version of the
file on disk; its ``Last-Modified`` is when it was written, by the refresh of the derived views
that followed a publication (:func:`iacoll.derived.refresh_derived`).
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from iacoll import csv_export
from iacoll.downloads import BY_NAME, DOWNLOADS, DownloadFile, DownloadNotFound, folder
from iacoll.pages.render import Pages
from iacoll.pages.resource_page import LABELS as FIELD_LABELS
from iacoll.pages.site import Site
from iacoll.pages.view import not_modified


class Inventory:
    """The download files on disk, measured once per store generation and version of each
    file (the files are replaced by renaming: a new inode)."""

    def __init__(self, site: Site) -> None:
        self.target = folder(site.settings)
        self._measured = site.cache("downloads")

    def get(self, name: str) -> DownloadFile:
        """The file called ``name``, or :class:`DownloadNotFound`."""
        download = BY_NAME.get(name)
        path = self.target / name
        if download is None or not path.is_file():
            choices = ", ".join(BY_NAME)
            raise DownloadNotFound(
                f"Aucun téléchargement ne s'appelle « {name} ». Fichiers : {choices} (/download/).",
                detail=f"No download is called '{name}'. Files: {choices} (/download/).",
            )
        stat = path.stat()
        version = (name, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        measured: DownloadFile = self._measured.get(
            version, lambda: DownloadFile.of(download, path)
        )
        return measured

    def files(self) -> list[DownloadFile]:
        """Every download file present, in :data:`DOWNLOADS` order."""
        return [self.get(d.name) for d in DOWNLOADS if (self.target / d.name).is_file()]


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

    @api.api_route("/download/{name}", methods=["GET", "HEAD"])
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

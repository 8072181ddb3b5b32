"""Home, search with facets, map and statistics pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from iacoll.pages.render import Pages
from iacoll.pages.site import Site


def router(site: Site, pages: Pages) -> APIRouter:
    """The browsing routes."""
    api = APIRouter()

    @api.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return pages.render(request, "home.html")

    return api

"""Downloads under ``/download/``: Turtle, N-Triples, JSON-LD and CSV of the public data."""

from __future__ import annotations

from fastapi import APIRouter

from iacoll.pages.render import Pages
from iacoll.pages.site import Site


def router(site: Site, pages: Pages) -> APIRouter:
    """The ``/download/`` routes."""
    return APIRouter()

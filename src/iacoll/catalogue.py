"""The DCAT-AP 3.0.1 catalogue at ``/catalogue``, paged for harvesters with Hydra."""

from __future__ import annotations

from fastapi import APIRouter

from iacoll.pages.render import Pages
from iacoll.pages.site import Site


def router(site: Site, pages: Pages) -> APIRouter:
    """The ``/catalogue`` routes."""
    return APIRouter()

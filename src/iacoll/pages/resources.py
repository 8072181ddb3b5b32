"""Dereferenceable IRIs: every minted IRI answers people with a page, machines with RDF."""

from __future__ import annotations

from fastapi import APIRouter

from iacoll.pages.render import Pages
from iacoll.pages.site import Site


def router(site: Site, pages: Pages) -> APIRouter:
    """The resource routes."""
    return APIRouter()

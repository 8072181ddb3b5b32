"""Rendered answers kept per store generation: a page asked again is served without the store.

A representation of a resource (its body and the headers it adds) depends on the store
generation, the path, the query string, the negotiated format and the page language only —
unless the request carries a session or credentials: the page header then names the
signed-in person, and a record page shows members-only fields to a member. Such requests are
answered afresh and their answers never kept (:func:`shared`); the others go through one
cache per site, bounded in bytes (least recently used dropped first) and emptied when the
generation moves (:class:`iacoll.freshness.PerGeneration`). ``ETag``, ``Last-Modified`` and the
304 are computed from the kept body exactly as from a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

from iacoll import conneg
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.pages.view import View

LIMIT = 64 * 2**20  # bytes of rendered answers kept
OVERHEAD = 512  # bytes counted per answer besides its body (key, headers)


@dataclass(frozen=True)
class Rendered:
    """A representation as kept: the path and query of its resource, its body and the headers
    it adds."""

    path: str
    query: str
    body: bytes
    headers: tuple[tuple[str, str], ...]


def shared(request: Request) -> bool:
    """Whether ``request`` may be answered from the shared cache: no ``Authorization`` header
    and nothing in its session (a signed-in person's pages are their own)."""
    return "authorization" not in request.headers and not request.scope.get("session")


class Answers:
    """The rendered answers of one site, per store generation."""

    def __init__(self, site: Site, pages: Pages, limit: int = LIMIT) -> None:
        self.site, self.pages = site, pages
        self.cache = site.cache("answers", limit, lambda r: len(r.body) + OVERHEAD)

    def respond(self, request: Request, fmt: conneg.Format, view: Callable[[], View]) -> Response:
        """The answer to ``request`` in ``fmt``: kept, or rendered from ``view()`` (which may
        raise, e.g. a 404: nothing is kept then)."""

        def render() -> Rendered:
            built = view()
            body, headers = self.pages.representation(request, built, fmt)
            return Rendered(built.path, built.query, body, tuple(headers.items()))

        if shared(request):
            key = (request.url.path, request.url.query, fmt.key, language_of(request))
            rendered: Rendered = self.cache.get(key, render)
        else:
            rendered = render()
        last_modified, extra = self.site.last_modified, dict(rendered.headers)
        return self.pages.finish(
            request, rendered.body, fmt, last_modified, extra, rendered.path, rendered.query
        )

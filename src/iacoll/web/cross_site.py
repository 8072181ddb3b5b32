"""Refuse state-changing requests another site makes with the session cookie (ASGI middleware).

The CSRF token of every form and ``SameSite=Lax`` already stop a page of another site from
acting with an agent's session. ``SameSite`` counts every sub-domain of a registrable domain as
the same site, though (``autre.collectivite.fr`` and ``iacoll.collectivite.fr``), and the write
API reads the session without a CSRF token. So a POST, PUT, PATCH or DELETE that carries the
session cookie and no ``Authorization`` header must come from iacoll's own pages: the
browser's ``Sec-Fetch-Site`` says ``same-origin`` (or ``none``: typed by the person), or, from
browsers that do not send it, ``Origin`` names this host. Requests without either header
(scripts, ``curl``) are left to the CSRF token. The public endpoints that read no session
(``/sparql``, the AI Act assistant) take queries from any site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from iacoll.web.sessions import COOKIE

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC = frozenset({"/sparql", "/api/aiact/qualification"})
MESSAGE = (
    "Requête refusée : elle vient d'un autre site que celui d'iacoll et porte votre session. "
    "Rouvrez la page depuis iacoll et recommencez.\n"
    "Refused: a request from another site carrying your iacoll session.\n"
)


class CrossSiteGuard:
    """Answer 403 to an unsafe request made with the session cookie from another site."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE and scope["path"] not in PUBLIC:
            headers = Headers(scope=scope)
            if "authorization" not in headers and _has_session(headers) and cross_site(headers):
                refused = PlainTextResponse(MESSAGE, status_code=403)
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _has_session(headers: Headers) -> bool:
    return any(
        part.strip().startswith(COOKIE + "=")
        for value in headers.getlist("cookie")
        for part in value.split(";")
    )


def cross_site(headers: Headers) -> bool:
    """Whether the browser says the request comes from another origin than this host."""
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site.strip().lower() not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    host = (headers.get("x-forwarded-host") or headers.get("host") or "").split(",")[0]
    return origin == "null" or urlsplit(origin).netloc.lower() != host.strip().lower()

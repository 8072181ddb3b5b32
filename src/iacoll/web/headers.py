"""Headers every answer carries, and HEAD on every GET route (ASGI middlewares).

* ``Content-Security-Policy``: scripts, styles, fonts and connections from the app itself only
  (YASGUI, Leaflet and Swagger UI are served from npm under ``/static/``: no CDN); images also
  from the map's tile server (``IACOLL_TILE_URL``) and ``data:``; inline styles allowed, because
  YASGUI and Leaflet set them; no plug-ins; the pages cannot be framed (``frame-ancestors``);
  forms post to the app only. Data blocks (``<script type="application/ld+json">``) are not
  scripts and are not blocked.
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: strict-origin-when-cross-origin``,
  ``X-Frame-Options: DENY`` (for browsers without ``frame-ancestors``), and
  ``Strict-Transport-Security`` on HTTPS when ``IACOLL_HSTS_MAX_AGE`` is set.
* ``HEAD``: answered as the ``GET`` of the same URL without its body (RFC 9110 §9.3.2), headers
  and ``Content-Length`` included; FastAPI's routes only declare ``GET``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from iacoll.settings import Settings


def content_security_policy(tile_url: str) -> str:
    """The policy, with the tile server's origin (``{s}`` subdomains as ``*``) among the image
    sources."""
    parts = urlsplit(tile_url)
    host = parts.netloc.replace("{s}", "*")
    tiles = f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else ""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(filter(None, ("'self'", "data:", tiles))),
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeaders:
    """Adds the security headers to every HTTP answer."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.policy = content_security_policy(settings.tile_url)
        self.hsts = settings.hsts_max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = _is_https(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self.policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if https and self.hsts > 0:
                    headers.setdefault("Strict-Transport-Security", f"max-age={self.hsts}")
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """Answers ``HEAD`` with the headers of ``GET``, and no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def _is_https(scope: Scope) -> bool:
    """Over HTTPS: the scheme uvicorn gives, which follows ``X-Forwarded-Proto`` only from a
    trusted proxy (``--forwarded-allow-ips``), never the header itself."""
    return bool(scope.get("scheme") == "https")

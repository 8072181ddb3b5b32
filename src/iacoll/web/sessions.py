"""The session cookie: signed, HttpOnly, SameSite=Lax, and Secure whenever served over HTTPS.

Starlette's ``SessionMiddleware`` fixes its Secure flag once; iacoll is often served over
plain HTTP on a loopback address behind a reverse proxy that speaks HTTPS, so with
``IACOLL_SECURE_COOKIES=auto`` the flag follows the scheme of each request (uvicorn sets it
from ``X-Forwarded-Proto`` when the proxy is trusted, see ``--forwarded-allow-ips``).
"""

from __future__ import annotations

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "iacoll_session"
MAX_AGE = 8 * 3600  # a working day: an unattended browser does not stay signed in for weeks
SECURE_CHOICES = ("auto", "yes", "no")


class SchemeSessionMiddleware:
    """A session middleware whose cookie is Secure on HTTPS requests (``auto``), always
    (``yes``) or never (``no``)."""

    def __init__(self, app: ASGIApp, secret_key: str, secure: str = "auto") -> None:
        if secure not in SECURE_CHOICES:
            raise ValueError(f"IACOLL_SECURE_COOKIES: {secure!r}, expected auto, yes or no")
        self.secure = secure
        self.plain = SessionMiddleware(app, secret_key, COOKIE, MAX_AGE, same_site="lax")
        self.https = SessionMiddleware(
            app, secret_key, COOKIE, MAX_AGE, same_site="lax", https_only=True
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        over_https = scope.get("scheme") in ("https", "wss")
        if self.secure == "yes" or (self.secure == "auto" and over_https):
            await self.https(scope, receive, send)
        else:
            await self.plain(scope, receive, send)

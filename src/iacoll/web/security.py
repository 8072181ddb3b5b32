"""Protections every form of the write side shares: the signing key, CSRF tokens, rate limits.

CSRF: a random token kept in the signed session cookie, echoed by every form in a hidden
``csrf`` field (or the ``X-CSRF-Token`` header) and compared in constant time. Requests that
authenticate with an API token (``Authorization: Bearer``) carry no cookie and need none.

Rate limits: a sliding window per key (an IP address, an account) kept in memory — one server
process serves the catalogue; a deployment with several puts the limit in its reverse proxy.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path

from starlette.requests import Request

from iacoll.errors import IacollError
from iacoll.settings import Settings

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class CsrfRejected(IacollError):
    """A form came without the token of the session that displayed it."""

    status = 403


class TooManyRequests(IacollError):
    """A rate limit was reached."""

    status = 429


def secret_key(settings: Settings) -> str:
    """``IACOLL_SECRET_KEY``, or a random key created once in ``{store}/secret.key`` (0600)."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.store_path / "secret.key"
    if not path.exists():
        settings.store_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use); put it in every form."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    """Raise :class:`CsrfRejected` unless ``submitted`` (or the header) is the session's token."""
    expected = request.session.get(CSRF_FIELD)
    given = submitted or request.headers.get(CSRF_HEADER) or ""
    if not isinstance(expected, str) or not hmac.compare_digest(expected, given):
        raise CsrfRejected(
            "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez."
        )


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds for each key."""

    def __init__(self, limit: int, window: float, message: str) -> None:
        self.limit, self.window, self.message = limit, window, message
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one hit for ``key``; raise :class:`TooManyRequests` over the limit."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise TooManyRequests(self.message)
            hits.append(now)

    def reset(self, key: str) -> None:
        """Forget ``key``'s hits (e.g. after a successful sign-in)."""
        with self._lock:
            self._hits.pop(key, None)


def client_key(request: Request) -> str:
    """The key a public rate limit counts by: the client's address."""
    return request.client.host if request.client else "inconnu"

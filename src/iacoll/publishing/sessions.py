"""Browser sessions kept on the server: a signed cookie alone cannot be taken back.

The session cookie is signed, not stored: a copy of it (a shared computer, a stolen backup of a
browser profile) stayed valid after « Se déconnecter » until it expired, and its expiry slid
forward with every page. Each sign-in therefore opens a row here, under the SHA-256 digest of
a random secret that only the cookie holds; a request's session counts only while its row is
open, belongs to the cookie's account and is younger than :data:`LIFETIME`. Signing out closes
the row: every copy of the cookie is worth nothing from the next request on.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from iacoll.publishing.accounts import now
from iacoll.publishing.db import Base

LIFETIME = timedelta(hours=12)  # from sign-in, whatever the activity: sign in again after it


class WebSession(Base):
    """A session opened by a sign-in (password or OpenID Connect)."""

    __tablename__ = "web_session"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(default=now)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def open_session(session: Session, account_id: int) -> str:
    """Open a session for the account; the secret returned goes into the cookie only."""
    secret = secrets.token_urlsafe(32)
    session.add(WebSession(digest=_digest(secret), account_id=account_id, opened_at=now()))
    return secret


def is_open(session: Session, secret: str, account_id: int) -> bool:
    """Whether ``secret`` names an open session of ``account_id`` opened less than
    :data:`LIFETIME` ago."""
    row = session.get(WebSession, _digest(secret))
    if row is None or row.ended_at is not None or row.account_id != account_id:
        return False
    opened = row.opened_at if row.opened_at.tzinfo else row.opened_at.replace(tzinfo=now().tzinfo)
    return now() - opened < LIFETIME


def end_session(session: Session, secret: str) -> None:
    """Close the session ``secret`` names (nothing if it is unknown or already closed)."""
    row = session.get(WebSession, _digest(secret))
    if row is not None and row.ended_at is None:
        row.ended_at = now()

"""API tokens: random secrets of which only the SHA-256 digest is kept, with scopes.

A token reads ``iacoll_`` followed by 43 random characters; the first characters (its prefix)
are kept in clear so that the account page can tell tokens apart. A request carrying a token
(``Authorization: Bearer …``) acts for its account, limited to the token's scopes; a revoked
token, or one of a disabled account, no longer authenticates.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from iacoll.publishing.accounts import Account, AccountError, AccountRow, account_view, now
from iacoll.publishing.db import Base

# Scope of an API token → what it allows (French, shown on the account page and in the CLI).
SCOPES = {
    "fiches:ecrire": "créer et modifier les fiches de vos organisations (API)",
    "restreint:lire": "lire les champs restreints (point d'accès SPARQL authentifié)",
    "moderation": "modérer les fiches (modérateurs et administrateurs)",
}
DEFAULT_SCOPES = ("fiches:ecrire",)
TOKEN_PREFIX = "iacoll_"


class ApiToken(Base):
    """An API token: the SHA-256 digest of its secret, a prefix to show, its scopes."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")
    scopes: Mapped[str] = mapped_column(String(500))  # space-separated
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued: ``secret`` is shown once and never stored."""

    id: int
    secret: str
    prefix: str


@dataclass(frozen=True)
class TokenInfo:
    """A token as the account page lists it."""

    id: int
    prefix: str
    label: str
    scopes: tuple[str, ...]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


# --- API tokens ----------------------------------------------------------------------------


def digest(secret: str) -> str:
    """The SHA-256 digest (hex) under which a token is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    """``scopes`` sorted and deduplicated; :class:`AccountError` on an unknown one."""
    chosen = tuple(sorted(set(scopes)))
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown or not chosen:
        raise AccountError(
            f"Portée inconnue ou absente ({', '.join(unknown) or 'aucune'}) : "
            f"choisissez parmi {', '.join(SCOPES)}."
        )
    return chosen


def issue_token(
    session: Session, account_id: int, label: str = "", scopes: Sequence[str] = DEFAULT_SCOPES
) -> IssuedToken:
    """A new token for the account; its secret is returned once and only its digest kept."""
    chosen = check_scopes(scopes)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        account_id=account_id,
        digest=digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        label=label.strip()[:200],
        scopes=" ".join(chosen),
        created_at=now(),
    )
    session.add(row)
    session.flush()
    return IssuedToken(row.id, secret, row.prefix)


def verify_token(session: Session, secret: str) -> Account | None:
    """The active account a valid, unrevoked token belongs to (with the token's scopes);
    notes when the token was last used."""
    row = session.scalars(select(ApiToken).where(ApiToken.digest == digest(secret))).first()
    if row is None or row.revoked_at is not None:
        return None
    account = session.get(AccountRow, row.account_id)
    if account is None or not account.active:
        return None
    row.last_used_at = now()
    return account_view(session, account, frozenset(row.scopes.split()))


def list_tokens(session: Session, account_id: int) -> list[TokenInfo]:
    """The account's tokens, newest first (revoked ones too)."""
    rows = session.scalars(
        select(ApiToken).where(ApiToken.account_id == account_id).order_by(ApiToken.id.desc())
    )
    return [
        TokenInfo(
            r.id,
            r.prefix,
            r.label,
            tuple(r.scopes.split()),
            r.created_at,
            r.last_used_at,
            r.revoked_at,
        )
        for r in rows
    ]


def revoke_token(session: Session, account_id: int, token_id: int) -> bool:
    """Revoke the account's token ``token_id``; False if it has no such token."""
    row = session.get(ApiToken, token_id)
    if row is None or row.account_id != account_id:
        return False
    if row.revoked_at is None:
        row.revoked_at = now()
    return True

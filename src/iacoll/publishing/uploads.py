"""Uploaded files waiting for their author's decision (the per-row report comes first).

A file sent to ``/publier/fichier`` (or ``POST /api/v1/depots``) is kept here, under a random
identifier, until its author applies it (all or nothing, or the valid rows only) or drops it;
it is read again when applied, so what is applied is what the report showed. Files older than
:data:`KEPT_FOR` are forgotten.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from iacoll.publishing.db import Base, Database
from iacoll.publishing.log import now

KEPT_FOR = timedelta(days=1)


class Depot(Base):
    """One uploaded file, as received."""

    __tablename__ = "depot"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=now)


def keep(db: Database, account_id: int, filename: str, content: bytes) -> str:
    """Keep ``content`` for ``account_id``; its identifier (unguessable)."""
    identifier = secrets.token_urlsafe(24)
    with db.transaction() as session:
        session.execute(delete(Depot).where(Depot.created_at < now() - KEPT_FOR))
        session.add(Depot(id=identifier, account_id=account_id, filename=filename, content=content))
    return identifier


def find(db: Database, identifier: str, account_id: int) -> Depot | None:
    """The file ``identifier`` if ``account_id`` sent it (and it is not expired)."""
    with db.transaction() as session:
        return session.scalars(
            select(Depot).where(
                Depot.id == identifier,
                Depot.account_id == account_id,
                Depot.created_at >= now() - KEPT_FOR,
            )
        ).first()


def drop(session: Session, identifier: str) -> None:
    """Forget the file ``identifier`` (in the caller's transaction)."""
    session.execute(delete(Depot).where(Depot.id == identifier))

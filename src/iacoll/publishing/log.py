"""The revision log: the source of truth for records.

``revision`` keeps every version of every record (public and restricted parts as canonical
N-Triples, its state, who wrote it for which organisation, when, the moderator's comment);
``transition`` keeps each change of state; ``publication`` is the append-only sequence the
stores are projections of: publication *n* says "record R now reads revision V" (or, with no
revision, "record R is withdrawn"). The Oxigraph stores remember the last publication they
applied, so replaying the ones after it at start-up repairs any crash.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from iacoll.publishing.db import Base


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


class State(StrEnum):
    """Where a revision is in moderation (draft → submitted → published, and the side exits)."""

    BROUILLON = "brouillon"  # draft, may be incomplete
    SOUMIS = "soumis"  # submitted, waiting for a moderator
    MODIFICATIONS_DEMANDEES = "modifications-demandees"  # changes requested (with a comment)
    PUBLIE = "publie"  # published: the stores read it
    REJETE = "rejete"  # rejected (with a comment)
    RETIRE = "retire"  # withdrawn from publication
    REMPLACE = "remplace"  # was published, a later revision replaced it


class Revision(Base):
    """One version of one record."""

    __tablename__ = "revision"
    __table_args__ = (
        UniqueConstraint("record_iri", "number"),
        Index("ix_revision_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_iri: Mapped[str] = mapped_column(String(500), index=True)
    number: Mapped[int]  # 1, 2, … per record
    base_number: Mapped[int | None]  # the published revision this one was edited from
    state: Mapped[str] = mapped_column(String(40))
    public_nt: Mapped[str] = mapped_column(Text)
    restricted_nt: Mapped[str] = mapped_column(Text, default="")
    digest: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(40))  # seed, formulaire, api, import, cli
    account_id: Mapped[int | None]
    organisation: Mapped[str | None] = mapped_column(String(500))  # IRI of the organisation
    comment: Mapped[str | None] = mapped_column(Text)  # the moderator's last comment
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)


class Transition(Base):
    """A change of state of a revision: who, when, from what to what, with which comment."""

    __tablename__ = "transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    account_id: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=now)


class Publication(Base):
    """Record ``record_iri`` now reads ``revision_id`` (``None``: withdrawn). Append-only."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_iri: Mapped[str] = mapped_column(String(500), index=True)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revision.id"))
    at: Mapped[datetime] = mapped_column(default=now)

"""What the public may know of a record's past, read from the revision log: the publications
in order (each a new revision, or a withdrawal), every revision that was once published, and
the withdrawal of a record that is no longer public.

Only public parts and organisations appear here: never the account behind a revision (a
person), never a restricted part. The history pages, the revisions' RDF (PROV), the change
feeds (LDES, Atom) and the tombstones of withdrawn records all read this module.

A revision that was published has a stable IRI, :func:`revision_iri`:
``{record IRI}/revision/{number}`` (``…/id/cas-usage/x/revision/2``), under the default base
like every IRI of the log (the stores move them under the configured base).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from iacoll.model.record import Record
from iacoll.namespaces import DCT
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision, State, Transition

EventKind = Literal["publication", "retrait"]
# States of a revision that was published at some point (and is still public, or was replaced
# by a later one, or was withdrawn).
ONCE_PUBLISHED = (State.PUBLIE.value, State.REMPLACE.value, State.RETIRE.value)


def revision_iri(record_iri: str, number: int) -> str:
    """The stable IRI of revision ``number`` of ``record_iri``."""
    return f"{record_iri}/revision/{number}"


def withdrawal_iri(record_iri: str, publication: int) -> str:
    """The stable IRI of the withdrawal of ``record_iri`` logged as ``publication``."""
    return f"{record_iri}/retrait/{publication}"


@dataclass(frozen=True)
class Event:
    """One publication of the log: record R now reads revision N (``publication``), or R is
    withdrawn (``retrait``, ``number`` is then the revision that was withdrawn)."""

    id: int  # the publication's number: events are ordered by it
    record_iri: str
    kind: EventKind
    at: datetime  # UTC
    number: int | None  # the revision published, or withdrawn (None: unknown)
    organisation: str | None  # IRI of the organisation the revision was written for
    comment: str | None  # the reason of a withdrawal, as the moderator wrote it


@dataclass(frozen=True)
class PastRevision:
    """A revision that was published: its number, when, for which organisation, its public
    part (never the restricted one)."""

    record_iri: str
    number: int
    published_at: datetime | None  # its publication (None: not found, should not happen)
    replaced_at: datetime | None  # when the next publication (or the withdrawal) replaced it
    state: State
    organisation: str | None
    public: Record  # the public part only (``restricted`` is empty)

    @property
    def iri(self) -> str:
        return revision_iri(self.record_iri, self.number)


@dataclass(frozen=True)
class Withdrawal:
    """A record whose last publication is a withdrawal: what its tombstone shows."""

    record_iri: str
    title: str
    publisher: str | None  # IRI of the organisation
    at: datetime
    reason: str | None
    last: PastRevision | None  # the revision that was withdrawn


def events(
    db: Database,
    after: int | None = None,
    limit: int | None = None,
    record_iri: str | None = None,
) -> list[Event]:
    """The publications after publication ``after`` (all: None), oldest first, at most
    ``limit``, of every record or of ``record_iri``."""
    with db.transaction() as session:
        query = select(Publication).order_by(Publication.id)
        if after is not None:
            query = query.where(Publication.id > after)
        if record_iri is not None:
            query = query.where(Publication.record_iri == record_iri)
        if limit is not None:
            query = query.limit(limit)
        rows = session.scalars(query).all()
        return [_event(session, row) for row in rows]


def _event(session: Session, row: Publication) -> Event:
    if row.revision_id is not None:
        revision = session.get(Revision, row.revision_id)
        assert revision is not None
        return Event(
            row.id,
            row.record_iri,
            "publication",
            _utc(row.at),
            revision.number,
            revision.organisation,
            None,
        )
    withdrawn = _withdrawn_revision(session, row)
    comment = None
    if withdrawn is not None:
        comment = session.scalar(
            select(Transition.comment)
            .where(
                Transition.revision_id == withdrawn.id,
                Transition.to_state == State.RETIRE.value,
            )
            .order_by(Transition.id.desc())
            .limit(1)
        )
    return Event(
        row.id,
        row.record_iri,
        "retrait",
        _utc(row.at),
        None if withdrawn is None else withdrawn.number,
        None if withdrawn is None else withdrawn.organisation,
        comment,
    )


def _withdrawn_revision(session: Session, row: Publication) -> Revision | None:
    """The revision the publication before ``row`` (a withdrawal) had published."""
    previous = session.scalar(
        select(Publication)
        .where(Publication.record_iri == row.record_iri, Publication.id < row.id)
        .order_by(Publication.id.desc())
        .limit(1)
    )
    if previous is None or previous.revision_id is None:
        return None
    return session.get(Revision, previous.revision_id)


def past_revisions(db: Database, record_iri: str) -> list[PastRevision]:
    """Every revision of ``record_iri`` that was published, oldest first."""
    return _past_revisions(db, record_iri, events(db, record_iri=record_iri))


def _past_revisions(db: Database, record_iri: str, found: Sequence[Event]) -> list[PastRevision]:
    with db.transaction() as session:
        rows = session.scalars(
            select(Revision)
            .where(Revision.record_iri == record_iri, Revision.state.in_(ONCE_PUBLISHED))
            .order_by(Revision.number)
        ).all()
        return [_past(row, found) for row in rows]


def past_revision(db: Database, record_iri: str, number: int) -> PastRevision | None:
    """Revision ``number`` of ``record_iri`` if it was published (None otherwise: a draft, a
    rejected revision… is never public)."""
    return next((r for r in past_revisions(db, record_iri) if r.number == number), None)


def _past(row: Revision, found: Sequence[Event]) -> PastRevision:
    published = [e for e in found if e.kind == "publication" and e.number == row.number]
    published_at = published[-1].at if published else None
    after = [e for e in found if published and e.id > published[-1].id]
    return PastRevision(
        row.record_iri,
        row.number,
        published_at,
        after[0].at if after else None,
        State(row.state),
        row.organisation,
        Record.from_text(row.record_iri, row.public_nt, ""),
    )


def withdrawal(db: Database, record_iri: str) -> Withdrawal | None:
    """The withdrawal of ``record_iri`` if its last publication is one (None otherwise)."""
    found = events(db, record_iri=record_iri)
    if not found or found[-1].kind != "retrait":
        return None
    last_event = found[-1]
    past = _past_revisions(db, record_iri, found)  # the events already read, not again
    last = next((r for r in past if r.number == last_event.number), None)
    title, publisher = record_iri.rsplit("/", 1)[-1], None
    if last is not None:
        graph = last.public.public
        subject = last.public.iri
        title = str(graph.value(subject, DCT.title) or title)
        found_publisher = graph.value(subject, DCT.publisher)
        publisher = None if found_publisher is None else str(found_publisher)
    return Withdrawal(record_iri, title, publisher, last_event.at, last_event.comment, last)


def _utc(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


__all__ = [
    "Event",
    "PastRevision",
    "Withdrawal",
    "events",
    "past_revision",
    "past_revisions",
    "revision_iri",
    "withdrawal",
]

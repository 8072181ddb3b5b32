"""Reading the revision log for moderation: the queue, a record's published revision, the
records of a contributor and the history of a revision.

Only reads: every change of state goes through :meth:`iacoll.publishing.write.Writer.transition`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from rdflib.namespace import DCTERMS, FOAF, RDFS
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from iacoll.model.record import Record
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision, State, Transition
from iacoll.publishing.write import published_revision as published

TITLES = (DCTERMS.title, FOAF.name, RDFS.label)


@dataclass(frozen=True, slots=True)
class Entry:
    """A revision as the queue and « Mes fiches » list it."""

    id: int
    record_iri: str
    number: int
    state: State
    title: str
    organisation: str | None
    account_id: int | None
    comment: str | None
    source: str
    updated_at: datetime
    published_number: int | None  # the number of the record's published revision, if any


@dataclass(frozen=True, slots=True)
class Step:
    """One change of state of a revision."""

    from_state: State | None
    to_state: State
    comment: str | None
    account_id: int | None
    at: datetime


def title_of(revision: Revision) -> str:
    """The record's title as the revision states it (its IRI's last segment when untitled)."""
    record = record_of(revision)
    for prop in TITLES:
        for value in record.public.objects(record.iri, prop):
            return str(value)
    return revision.record_iri.rsplit("/", 1)[-1]


def record_of(revision: Revision) -> Record:
    """The record a revision holds."""
    return Record.from_text(revision.record_iri, revision.public_nt, revision.restricted_nt)


def published_record(db: Database, record_iri: str) -> Record | None:
    """The record as published (None: never published, or withdrawn)."""
    with db.transaction() as session:
        revision = published(session, record_iri)
        return None if revision is None else record_of(revision)


def entry(session: Session, revision: Revision) -> Entry:
    """The listing line of ``revision``."""
    current = published(session, revision.record_iri)
    return Entry(
        id=revision.id,
        record_iri=revision.record_iri,
        number=revision.number,
        state=State(revision.state),
        title=title_of(revision),
        organisation=revision.organisation,
        account_id=revision.account_id,
        comment=revision.comment,
        source=revision.source,
        updated_at=revision.updated_at,
        published_number=None if current is None else current.number,
    )


def submitted(db: Database) -> list[Entry]:
    """The moderators' queue: submitted revisions, oldest first."""
    with db.transaction() as session:
        rows = session.scalars(
            select(Revision).where(Revision.state == State.SOUMIS).order_by(Revision.updated_at)
        ).all()
        return [entry(session, r) for r in rows]


def revision(db: Database, revision_id: int) -> tuple[Entry, Record, Record | None] | None:
    """A revision's listing line, its record and the record as published (None if unknown)."""
    with db.transaction() as session:
        found = session.get(Revision, revision_id)
        if found is None:
            return None
        current = published(session, found.record_iri)
        before = None if current is None or current.id == found.id else record_of(current)
        return entry(session, found), record_of(found), before


def records_of(db: Database, account_id: int, organisations: Collection[str]) -> list[Entry]:
    """The latest revision of every record of ``organisations`` or written by the account,
    most recently changed first (the seed records of the organisations included)."""
    with db.transaction() as session:
        mine = or_(
            Revision.organisation.in_(list(organisations)), Revision.account_id == account_id
        )
        latest = (
            select(Revision.record_iri, func.max(Revision.number).label("number"))
            .where(mine)
            .group_by(Revision.record_iri)
            .subquery()
        )
        rows = session.scalars(
            select(Revision)
            .join(
                latest,
                (Revision.record_iri == latest.c.record_iri) & (Revision.number == latest.c.number),
            )
            .order_by(Revision.updated_at.desc())
        ).all()
        return [entry(session, r) for r in rows]


def history(db: Database, record_iri: str) -> list[tuple[int, Step]]:
    """Every change of state of the record's revisions: ``(revision number, step)``, oldest
    first."""
    with db.transaction() as session:
        rows = session.execute(
            select(Revision.number, Transition)
            .join(Transition, Transition.revision_id == Revision.id)
            .where(Revision.record_iri == record_iri)
            .order_by(Transition.at, Transition.id)
        ).all()
        return [
            (
                number,
                Step(
                    State(t.from_state) if t.from_state else None,
                    State(t.to_state),
                    t.comment,
                    t.account_id,
                    t.at,
                ),
            )
            for number, t in rows
        ]


def organisation_of(db: Database, record_iri: str) -> str | None:
    """The organisation the record's latest revision was written for."""
    with db.transaction() as session:
        return session.scalars(
            select(Revision.organisation)
            .where(Revision.record_iri == record_iri)
            .order_by(Revision.number.desc())
            .limit(1)
        ).first()

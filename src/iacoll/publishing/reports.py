"""« Signaler une erreur »: the error reports anyone may send about a record, for the moderators.

A report (``signalement``) names the record it is about, carries the sender's message and,
when they gave one, their email address so that a moderator can answer. Nothing of a report is
ever published: no public route, dump or store holds it; the moderators' queue reads
:func:`open_reports` and closes a report with :func:`close_report`.

Input is checked here, whatever the entry point: a message of :data:`MESSAGE_MIN` to
:data:`MESSAGE_MAX` characters, no control character (tabs and line breaks excepted), an email
address of a plausible shape, at most :data:`EMAIL_MAX` characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from iacoll.errors import IacollError
from iacoll.publishing.db import Base, Database
from iacoll.publishing.log import now

MESSAGE_MIN = 10
MESSAGE_MAX = 5000
EMAIL_MAX = 254  # RFC 5321's longest path, less the angle brackets
IRI_MAX = 500
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ALLOWED_CONTROLS = frozenset("\t\n\r")


class Status(StrEnum):
    """Where a report is: waiting for a moderator, or dealt with."""

    OUVERT = "ouvert"
    TRAITE = "traite"


class Signalement(Base):
    """One error report about one record (never published)."""

    __tablename__ = "signalement"
    __table_args__ = (Index("ix_signalement_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_iri: Mapped[str] = mapped_column(String(IRI_MAX), index=True)
    message: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))  # private: moderators only
    created_at: Mapped[datetime] = mapped_column(default=now)
    status: Mapped[str] = mapped_column(String(20), default=Status.OUVERT.value)
    handled_by: Mapped[int | None]  # the moderator's account id
    handled_at: Mapped[datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)  # the moderator's note


class InvalidReport(IacollError):
    """A report that cannot be kept as sent; ``field`` names the form field at fault."""

    status = 400

    def __init__(self, field: str, message: str, message_en: str) -> None:
        super().__init__(message, detail=message_en)
        self.field = field


class ReportNotFound(IacollError):
    """No report has this number."""

    status = 404


class ReportAlreadyClosed(IacollError):
    """Another moderator dealt with the report first."""

    status = 409


@dataclass(frozen=True)
class Sent:
    """What a sender typed, as the form or an API received it."""

    record_iri: str
    message: str
    email: str | None = None


def _has_control(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def checked(sent: Sent) -> Sent:
    """``sent`` with surrounding blanks removed and an empty email as None; raise
    :class:`InvalidReport` when it cannot be kept."""
    message = sent.message.strip()
    email = (sent.email or "").strip() or None
    if _has_control(message, ALLOWED_CONTROLS):
        raise InvalidReport(
            "message",
            "Le message contient des caractères de contrôle invisibles : retirez-les "
            "(recopiez le texte sans mise en forme) et renvoyez-le.",
            "The message holds invisible control characters: remove them (paste it as plain "
            "text) and send it again.",
        )
    if len(message) < MESSAGE_MIN:
        raise InvalidReport(
            "message",
            f"Décrivez l'erreur en quelques mots ({MESSAGE_MIN} caractères au moins).",
            f"Describe the error in a few words ({MESSAGE_MIN} characters at least).",
        )
    if len(message) > MESSAGE_MAX:
        raise InvalidReport(
            "message",
            f"Le message est trop long : {len(message)} caractères pour {MESSAGE_MAX} au plus. "
            "Raccourcissez-le.",
            f"The message is too long: {len(message)} characters, {MESSAGE_MAX} at most. "
            "Shorten it.",
        )
    if email is not None and (
        len(email) > EMAIL_MAX or _has_control(email) or not EMAIL_SHAPE.fullmatch(email)
    ):
        raise InvalidReport(
            "email",
            "Cette adresse électronique n'a pas la forme nom@domaine.fr : corrigez-la ou "
            "laissez le champ vide.",
            "This email address is not of the form name@domain.org: correct it or leave the "
            "field empty.",
        )
    if len(sent.record_iri) > IRI_MAX or _has_control(sent.record_iri):
        raise InvalidReport("fiche", "Adresse de fiche invalide.", "Invalid record address.")
    return Sent(sent.record_iri, message, email)


def file_report(db: Database, sent: Sent) -> Signalement:
    """Check ``sent`` and keep it as an open report; the stored report is returned."""
    sent = checked(sent)
    report = Signalement(
        record_iri=sent.record_iri,
        message=sent.message,
        email=sent.email,
        status=Status.OUVERT.value,
    )
    with db.transaction() as session:
        session.add(report)
        session.flush()
    return report


def open_reports(db: Database) -> list[Signalement]:
    """The reports no moderator has dealt with yet, oldest first."""
    query = (
        select(Signalement)
        .where(Signalement.status == Status.OUVERT.value)
        .order_by(Signalement.created_at, Signalement.id)
    )
    with db.transaction() as session:
        return list(session.scalars(query))


def count_open(db: Database) -> int:
    """How many reports wait for a moderator."""
    query = select(func.count()).where(Signalement.status == Status.OUVERT.value)
    with db.transaction() as session:
        return int(session.scalar(query) or 0)


def close_report(
    db: Database, report_id: int, account_id: int, comment: str | None = None
) -> Signalement:
    """Mark report ``report_id`` dealt with by moderator ``account_id``, with an optional note."""
    with db.transaction() as session:
        report = session.get(Signalement, report_id, with_for_update=True)
        if report is None:
            raise ReportNotFound(f"Aucun signalement n'a le numéro {report_id}.")
        if report.status == Status.TRAITE.value:
            raise ReportAlreadyClosed(
                f"Le signalement n° {report_id} a déjà été traité.",
                detail=f"Report {report_id} was already dealt with.",
            )
        report.status = Status.TRAITE.value
        report.handled_by = account_id
        report.handled_at = now()
        report.comment = (comment or "").strip() or None
    return report

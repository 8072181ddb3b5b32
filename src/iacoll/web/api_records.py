"""What the write API says about records: saved revisions, status, submission, upstream JSON.

The revision log (:mod:`iacoll.publishing.log`) is read here for a record's status; a record's
revisions are shown to the members of its organisation and to moderators.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select

from iacoll.errors import IacollError
from iacoll.model import upstream
from iacoll.model.fields import by_key
from iacoll.model.problems import Problem, blocking
from iacoll.model.record import NotARecordIri, Record
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import DCT, IACOLL, ID
from iacoll.publishing.accounts import Account
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision, State
from iacoll.publishing.write import Author, Saved, Writer
from iacoll.web.api_errors import ProblemModel

KindName = Literal["cas-usage", "initiative", "organisation"]
EDITABLE = (State.BROUILLON, State.MODIFICATIONS_DEMANDEES)


class Rejected(IacollError):
    """The record has violations: nothing was written."""

    status = 422

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            f"La fiche n'a pas été enregistrée : {len(problems)} problème(s) à corriger "
            "(voir « problems », champ par champ).",
            detail=f"The record was not saved: {len(problems)} problem(s) to fix "
            '(see "problems", field by field).',
        )
        self.message_en = self.detail
        self.problems = problems


class Forbidden(IacollError):
    """The account is not a member of the record's organisation."""

    status = 403

    def __init__(self, iri: str) -> None:
        super().__init__(
            f"Votre compte n'est pas membre de l'organisation de la fiche « {iri} » : "
            "demandez à un administrateur de vous y rattacher.",
            detail=f"Your account is not a member of the organisation of the record “{iri}”: "
            "ask an administrator to attach you to it.",
        )
        self.message_en = self.detail


class SavedModel(BaseModel):
    """A revision the write path created (OpenAPI schema)."""

    iri: str = Field(description="IRI de la fiche")
    url: str = Field(description="Adresse de la fiche dans l'API")
    revision: int = Field(description="Identifiant de la révision")
    number: int = Field(description="Numéro de la révision (1, 2, …) : le `base_number` suivant")
    state: str = Field(description="brouillon, soumis, …")
    problems: list[ProblemModel] = Field(default_factory=list)


class RevisionModel(BaseModel):
    """One revision of a record (OpenAPI schema)."""

    number: int
    state: str
    source: str
    base_number: int | None
    comment: str | None
    created_at: datetime
    updated_at: datetime


class StatusModel(BaseModel):
    """A record's state in moderation (OpenAPI schema)."""

    iri: str
    organisation: str | None
    published: int | None = Field(description="Numéro de la révision publiée, s'il y en a une")
    latest: RevisionModel
    revisions: list[RevisionModel]


def own_organisations(account: Account, records: list[Record]) -> tuple[str, ...]:
    """The organisations ``account`` may publish for: its catalogued ones, and the new
    organisations among ``records`` whose SIREN is one of the account's."""
    new = tuple(
        str(r.iri)
        for r in records
        if r.kind == "organisation"
        and str(r.public.value(r.iri, IACOLL.siren) or "") in account.sirens
    )
    return (*account.organisations, *new)


def author_of(account: Account, records: list[Record]) -> Author:
    """The author the write path records for ``account`` saving ``records``."""
    return Author(account.id, frozenset(own_organisations(account, records)), account.role)


def iri(kind: str, slug: str) -> str:
    """The IRI of the record ``kind``/``slug`` (under the default base)."""
    return f"{ID}{kind}/{slug}"


def api_url(record_iri: str) -> str:
    """The API address of a record."""
    return "/api/v1/fiches/" + record_iri[len(str(ID)) :]


def save_all(
    writer: Writer,
    records: list[Record],
    author: Author,
    state: State,
    base_number: int | None,
    source: str,
) -> Saved:
    """Save ``records`` in one transaction (``base_number`` is the last one's: the record the
    request is about); its revision. Nothing is written when one of them is refused."""
    results = writer.save_many(
        records,
        author=author,
        state=state,
        bases=[*([None] * (len(records) - 1)), base_number],
        source=source,
        all_or_nothing=True,
    )
    refused = [p for result in results if isinstance(result, list) for p in blocking(result)]
    if refused:
        raise Rejected(refused)
    last = results[-1]
    assert isinstance(last, Saved)
    return last


def saved_json(record: Record, saved: Saved, warnings: list[Problem]) -> dict[str, Any]:
    """The response body for a saved revision."""
    problems = [*warnings, *saved.problems]
    return {
        "iri": str(record.iri),
        "url": api_url(str(record.iri)),
        "revision": saved.revision_id,
        "number": saved.number,
        "state": str(saved.state),
        "problems": [p.as_json() for p in problems],
    }


def from_upstream(
    document: Any, record_iri: str | None, existing: Record | None, catalogue: Catalogue
) -> tuple[list[Record], list[Problem]]:
    """The records of an upstream JSON object (``{"nom_projet": …, "coll_siret": …}``): the
    carrier organisation when the catalogue does not hold it yet, then the record (merged
    into ``existing``, the record's latest revision, so that what the upstream fields do not
    carry is kept)."""
    if not isinstance(document, dict):
        raise Rejected(
            [
                Problem(
                    "Envoyez un objet JSON dont les clés sont les champs du modèle amont "
                    "(nom_projet, coll_siret…).",
                    "Send a JSON object whose keys are the upstream model's fields "
                    "(nom_projet, coll_siret…).",
                    value=type(document).__name__,
                )
            ]
        )
    unknown = [key for key in document if not _known(key)]
    if unknown:
        raise Rejected([_unknown_field(key) for key in unknown])
    values = {key: _cell(value) for key, value in document.items()}
    try:
        built = upstream.to_records(values, iri=record_iri, catalogue=catalogue)
    except NotARecordIri:  # PUT …/organisation/x with the upstream fields of a project
        raise Rejected([_not_a_project(record_iri)]) from None
    if built.record is None:
        raise Rejected(built.problems or [_no_record()])
    record = built.record if existing is None else upstream.merge(existing, built.record)
    records = [r for r in (built.organisation, record) if r is not None]
    return records, list(built.problems)


def _not_a_project(iri: str | None) -> Problem:
    return Problem(
        "Les champs du modèle amont décrivent un projet (cas d'usage ou initiative), pas une "
        "organisation : modifiez une organisation en JSON-LD (application/ld+json).",
        "The upstream model's fields describe a project (use case or initiative), not an "
        "organisation: change an organisation in JSON-LD (application/ld+json).",
        value=iri,
    )


def _no_record() -> Problem:
    return Problem(
        "Donnez au moins le nom du projet (nom_projet) et son porteur (coll_nom ou coll_siret).",
        "Give at least the project's name (nom_projet) and its carrier (coll_nom or coll_siret).",
        field="nom_projet",
    )


def _known(key: str) -> bool:
    try:
        by_key(key)
    except KeyError:
        return False
    return True


def _unknown_field(key: str) -> Problem:
    return Problem(
        f"Champ inconnu « {key} » : utilisez les noms de champs du modèle amont "
        "(voir le schéma OpenAPI sur /api).",
        f"Unknown field “{key}”: use the upstream model's field names (see the OpenAPI "
        "schema at /api).",
        field=key,
        value=key,
    )


def _cell(value: Any) -> str | list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return "" if value is None else str(value)


def latest_record(db: Database, record_iri: str) -> Record | None:
    """The record as its latest revision has it, if any."""
    found = _revisions(db, record_iri)
    if not found:
        return None
    last = found[-1]
    return Record.from_text(last.record_iri, last.public_nt, last.restricted_nt)


def _revisions(db: Database, record_iri: str) -> list[Revision]:
    with db.transaction() as session:
        return list(
            session.scalars(
                select(Revision).where(Revision.record_iri == record_iri).order_by(Revision.number)
            )
        )


def _may_see(account: Account, organisation: str | None) -> bool:
    return account.has_role("moderateur") or organisation in account.organisations


def _revision_json(revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "state": revision.state,
        "source": revision.source,
        "base_number": revision.base_number,
        "comment": revision.comment,
        "created_at": revision.created_at,
        "updated_at": revision.updated_at,
    }


def _existing(db: Database, account: Account, record_iri: str) -> list[Revision]:
    found = _revisions(db, record_iri)
    if not found:
        raise NotFoundError(record_iri)
    if not _may_see(account, found[-1].organisation):
        raise Forbidden(record_iri)
    return found


def status(db: Database, account: Account, record_iri: str) -> dict[str, Any]:
    """The record's revisions, its published one and its latest one."""
    found = _existing(db, account, record_iri)
    published = [r.number for r in found if r.state == State.PUBLIE]
    return {
        "iri": record_iri,
        "organisation": found[-1].organisation,
        "published": published[-1] if published else None,
        "latest": _revision_json(found[-1]),
        "revisions": [_revision_json(r) for r in found],
    }


def submit(
    db: Database, writer: Writer, account: Account, record_iri: str, lang: str
) -> dict[str, Any]:
    """Submit the record's latest draft to the moderators, if it has no violation."""
    latest = _existing(db, account, record_iri)[-1]
    if latest.state not in EDITABLE:
        raise NotSubmittable(record_iri, latest.state)
    record = Record.from_text(latest.record_iri, latest.public_nt, latest.restricted_nt)
    problems = writer.validate(record)
    if blocking(problems):
        raise Rejected(blocking(problems))
    writer.transition(latest.id, State.SOUMIS, author=author_of(account, []))
    return {
        "iri": record_iri,
        "url": api_url(record_iri),
        "revision": latest.id,
        "number": latest.number,
        "state": str(State.SOUMIS),
        "problems": [p.as_json() for p in problems],
    }


class NotFoundError(IacollError):
    """No revision of this record."""

    status = 404

    def __init__(self, record_iri: str) -> None:
        super().__init__(
            f"Aucune fiche « {record_iri} » dans le journal des révisions.",
            detail=f"No record “{record_iri}” in the revision log.",
        )
        self.message_en = self.detail


class NotSubmittable(IacollError):
    """The latest revision is not a draft."""

    status = 409

    def __init__(self, record_iri: str, state: str) -> None:
        super().__init__(
            f"La dernière révision de « {record_iri} » est à l'état « {state} » : seul un "
            "brouillon (ou une fiche dont des modifications sont demandées) peut être soumis.",
            detail=f"The latest revision of “{record_iri}” is “{state}”: only a draft (or a "
            "record with requested changes) can be submitted.",
        )
        self.message_en = self.detail


def organisation_of(record: Record) -> str | None:
    """The organisation that publishes ``record`` (its ``dct:publisher``)."""
    found = record.public.value(record.iri, DCT.publisher)
    return None if found is None else str(found)

"""What the contribution form reads: the contributor's organisations and the record being edited.

Organisations are read from the public store (their name, SIREN and the upstream fields of the
``organisation`` node, following :data:`iacoll.model.fields.FIELDS` paths), with the position of
the seat's mairie (:mod:`iacoll.model.positions`) when the store has none. The record being
edited is its latest revision in the revision log.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.term import Node
from sqlalchemy import select

from iacoll.model.fields import FIELDS, Field
from iacoll.model.positions import Positions, PositionsMissing
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.model.reference import Reference, ReferenceMissing
from iacoll.pages.site import Site
from iacoll.publishing.accounts import Account
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision, State

ORGANISATION_FIELDS = tuple(f for f in FIELDS if f.node == "organisation")


@dataclass(frozen=True, slots=True)
class OrganisationChoice:
    """One organisation a contributor may publish for: its SIREN, IRI once catalogued, name."""

    siren: str
    iri: str | None
    name: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """The latest revision of a record: the record, its organisation, number and state, and
    the number of the published revision an edit of it starts from (``base``)."""

    record: Record
    organisation: str | None
    number: int
    state: str
    base: int | None


def memberships(account: Account) -> dict[str, str | None]:
    """SIREN → IRI (None while not catalogued) of each organisation of ``account``."""
    return {m.siren: m.iri for m in account.memberships}


def member_of(account: Account, siren: str) -> bool:
    """Whether ``account`` belongs to the organisation ``siren``."""
    return siren in memberships(account)


def choices(site: Site, account: Account) -> list[OrganisationChoice]:
    """The organisations of ``account``, named from the store, else from the reference."""
    found = []
    reference = _reference()
    for siren, iri in memberships(account).items():
        territory = reference.by_siren(siren) if reference else None
        name = site.label(URIRef(iri)) if iri else (territory.name if territory else siren)
        found.append(OrganisationChoice(siren, iri, name))
    return sorted(found, key=lambda c: c.name.casefold())


def no_organisation() -> Problem:
    return Problem(
        "Choisissez l'organisation au nom de laquelle vous publiez.",
        "Choose the organisation you publish for.",
        field="organisation",
    )


def not_member(siren: str) -> Problem:
    return Problem(
        "Vous n'êtes pas membre de cette organisation : choisissez l'une des organisations de "
        "votre compte, ou demandez à un administrateur de vous y rattacher.",
        "You are not a member of this organisation: choose one of your account's "
        "organisations, or ask an administrator to attach you to it.",
        field="organisation",
        value=siren,
    )


def _follow(graph: Graph, start: Node, path: tuple[URIRef, ...]) -> list[Node]:
    nodes: list[Node] = [start]
    for prop in path:
        nodes = [o for n in nodes for o in graph.objects(n, prop)]
    return nodes


def field_values(graph: Graph, node: Node, spec: Field) -> list[str]:
    """The values of ``spec`` read from ``node`` of ``graph`` (the French one for a text)."""
    found = _follow(graph, node, spec.path)
    if spec.datatype is not None and len(found) > 1:
        found = [v for v in found if getattr(v, "language", None) == "fr"][:1] or found[:1]
    return [str(v) for v in found]


def organisation_values(site: Site, choice: OrganisationChoice) -> dict[str, list[str]]:
    """The upstream organisation fields (name, SIRET, type, position, logo) of ``choice``:
    from its record in the store once catalogued; the position of its seat's mairie else."""
    values: dict[str, list[str]] = {spec.key: [] for spec in ORGANISATION_FIELDS}
    if choice.iri:
        graph, node = site.describe(choice.iri), URIRef(choice.iri)
        values = {spec.key: field_values(graph, node, spec) for spec in ORGANISATION_FIELDS}
    values["coll_nom"] = values["coll_nom"] or [choice.name]
    if not values["latitude"] or not values["longitude"]:
        position = seat_position(choice.siren)
        if position is not None:
            values["latitude"], values["longitude"] = [position[0]], [position[1]]
    return values


@cache
def _reference() -> Reference | None:
    try:
        return Reference()
    except ReferenceMissing:
        return None


@cache
def _positions() -> Positions | None:
    try:
        return Positions()
    except PositionsMissing:
        return None


def seat_position(siren: str) -> tuple[str, str] | None:
    """Latitude and longitude of the mairie of the seat of the collectivité ``siren``."""
    reference, positions = _reference(), _positions()
    territory = reference.by_siren(siren) if reference else None
    if territory is None or territory.seat is None or positions is None:
        return None
    position = positions.of(territory.seat)
    return position.rounded() if position else None


def latest(db: Database, iri: str) -> Loaded | None:
    """The latest revision of the record ``iri`` in the log, or None."""
    with db.transaction() as session:
        revision = session.scalars(
            select(Revision)
            .where(Revision.record_iri == iri)
            .order_by(Revision.number.desc())
            .limit(1)
        ).first()
        if revision is None:
            return None
        record = Record.from_text(iri, revision.public_nt, revision.restricted_nt)
        published = revision.state == State.PUBLIE.value
        base = revision.number if published else revision.base_number
        return Loaded(record, revision.organisation, revision.number, revision.state, base)

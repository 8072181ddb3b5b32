"""The form on the write path: form values → records → :class:`~iacoll.publishing.write.Writer`.

The values (upstream keys, picker values as concept IRIs) go through the upstream mapping
(:mod:`iacoll.model.upstream`), which reads them as an export or the API would and says what it
could not read. A draft may be incomplete but never wrong: a value typed that cannot be read
stops even a draft, so that nothing typed is silently dropped. An edit is merged into the latest
revision of the record (what the form has no field for — sources, events, key figures — is kept)
and saved with the revision number the form was based on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from fastapi import Request
from rdflib import Graph

from iacoll.model import upstream
from iacoll.model.fields import by_key
from iacoll.model.problems import Problem, blocking
from iacoll.model.upstream_organisations import Catalogue
from iacoll.model.upstream_values import vocabularies
from iacoll.namespaces import DCT, IACOLL
from iacoll.pages.site import Site
from iacoll.publishing.accounts import Account
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, NotAllowed, RecordRejected, StaleRevision, Writer
from iacoll.web import contribute_records as records
from iacoll.web import form_footprint
from iacoll.web.auth import Forbidden, database
from iacoll.web.form_fields import DATE, WIDGETS

NOTHING = Problem(
    "Le formulaire est vide : donnez au moins le porteur et le nom du projet.",
    "The form is empty: give at least the carrier and the name of the project.",
)


class RecordMissing(Forbidden):
    """No record of the log has this IRI (or the account may not edit it)."""

    status = 404


@dataclass
class Outcome:
    """What saving did: the record's IRI when saved, else the problems (or a stale form)."""

    iri: str | None = None
    problems: list[Problem] = field(default_factory=list)
    stale: str | None = None  # the write path's message when the form was stale
    status: int = 200


@dataclass
class Opened:
    """A record opened in the form: its values, organisation (SIREN), revision and problems."""

    values: dict[str, list[str]]
    siren: str
    base: int | None  # the published revision an edit starts from
    state: str
    problems: list[Problem]


def writer(request: Request) -> Writer:
    """The application's one write path (``app.state.writer``)."""
    found: Writer = request.app.state.writer
    return found


def unreadable(problems: list[Problem]) -> list[Problem]:
    """The violations about a value typed (not about a value missing)."""
    return [p for p in blocking(problems) if p.value]


def carrier_problem(account: Account, built: upstream.Built) -> Problem | None:
    """A problem on the SIRET when the record's carrier is not one of the account's."""
    record = built.record
    publisher = record.public.value(record.iri, DCT.publisher) if record else None
    if publisher is None or str(publisher) in account.organisations:
        return None
    new = built.organisation
    siren = new.public.value(new.iri, IACOLL.siren) if new is not None else None
    if siren is not None and str(siren) in account.sirens:
        return None
    return Problem(
        "Cette collectivité n'est pas l'une des organisations de votre compte : vous ne pouvez "
        "publier qu'au nom des vôtres. Vérifiez le SIRET et le nom du porteur, ou demandez à un "
        "administrateur de vous rattacher à cette organisation.",
        "This authority is not one of your account's organisations: you may only publish on "
        "behalf of yours. Check the SIRET and the carrier's name, or ask an administrator to "
        "attach you to this organisation.",
        field="coll_siret",
        value=str(siren or publisher),
    )


def build(
    db: Database, values: dict[str, list[str]], fiche: str, catalogue: Catalogue
) -> upstream.Built:
    """The records the form describes, read against the published ``catalogue``; an edit is
    merged into the record's latest revision."""
    given = {key: found for key, found in values.items() if key in WIDGETS and found}
    built = upstream.to_records(given, iri=fiche or None, catalogue=catalogue)
    existing = records.latest(db, fiche) if fiche else None
    if existing is None or built.record is None:
        return built
    return replace(built, record=upstream.merge(existing.record, built.record))


def commit(
    request: Request, account: Account, built: upstream.Built, target: State, base: int | None
) -> None:
    """Save the record, with its carrier organisation when the form creates or completes it
    (a new one: the account belongs to it by SIREN, see :func:`carrier_problem`; a catalogued
    one is edited from its published revision)."""
    assert built.record is not None
    organisations = set(account.organisations)
    saved, bases = [built.record], [base]
    if built.organisation is not None:
        organisations.add(str(built.organisation.iri))
        current = records.latest(database(request), str(built.organisation.iri))
        saved.insert(0, built.organisation)
        bases.insert(0, current.base if current is not None else None)
    author = Author(account.id, frozenset(organisations), account.role)
    results = writer(request).save_many(
        saved, author=author, state=target, bases=bases, source="formulaire"
    )
    problems = [p for result in results if isinstance(result, list) for p in result]
    if problems:
        raise RecordRejected(problems)


def save(
    request: Request,
    account: Account,
    values: dict[str, list[str]],
    fiche: str,
    base_number: int | None,
    target: State,
) -> Outcome:
    """Save the form's record in state ``target`` (see the module)."""
    if fiche:  # a stale form first: its author must reload it before anything else matters
        try:
            writer(request).check_fresh(fiche, base_number)
        except StaleRevision as stale:
            return Outcome(stale=stale.message, status=409)
    built = build(database(request), values, fiche, request.app.state.catalogue.get())
    if built.record is not None:  # the footprint block, into the restricted part
        built = replace(built, record=form_footprint.apply(built.record, values))
    problems = list(built.problems)
    foreign = carrier_problem(account, built)
    if foreign is not None:
        return Outcome(problems=[foreign, *problems], status=403)
    if built.record is None or unreadable(problems):
        return Outcome(problems=problems or [NOTHING], status=422)
    if target != State.BROUILLON and blocking(problems):
        return Outcome(problems=problems, status=422)
    try:
        commit(request, account, built, target, base_number)
    except StaleRevision as stale:
        return Outcome(stale=stale.message, status=409)
    except RecordRejected as rejected:
        return Outcome(problems=list(rejected.problems), status=422)
    except NotAllowed as refused:
        problem = Problem(refused.message, refused.message, field="coll_siret")
        return Outcome(problems=[problem], status=403)
    return Outcome(iri=str(built.record.iri))


def organisation_graph(site: Site, db: Database, iri: str | None) -> Graph | None:
    """The record of organisation ``iri``: its latest revision, else what the store says."""
    if iri is None:
        return None
    loaded = records.latest(db, iri)
    return loaded.record.public if loaded is not None else site.describe(iri)


def form_values(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """Upstream values as the form's widgets take them: concepts by IRI, ISO dates."""
    vocab = vocabularies()
    shown: dict[str, list[str]] = {}
    for key, found in values.items():
        spec = by_key(key)
        if spec.scheme:
            found = [str(vocab.resolve(spec.scheme, v) or v) for v in found]
        elif WIDGETS.get(key) == DATE:
            found = [iso_date(v) for v in found]
        shown[spec.key] = found
    return shown


def iso_date(value: str) -> str:
    """``21/01/2025`` → ``2025-01-21`` (what a date input takes); anything else as given."""
    day, _, rest = value.partition("/")
    month, _, year = rest.partition("/")
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return value


def load(request: Request, site: Site, account: Account, iri: str) -> Opened:
    """The latest revision of ``iri`` as form values; 404 unless the account may edit it."""
    db = database(request)
    loaded = records.latest(db, iri)
    sirens = {m.iri: m.siren for m in account.memberships if m.iri}
    if loaded is None or loaded.organisation not in sirens:
        raise RecordMissing(
            "Cette fiche n'existe pas, ou elle appartient à une organisation dont vous n'êtes pas "
            "membre : vous ne pouvez modifier que les fiches de vos organisations."
        )
    publisher = loaded.record.public.value(loaded.record.iri, DCT.publisher)
    organisation = organisation_graph(site, db, str(publisher) if publisher else None)
    catalogue = request.app.state.catalogue.get()
    values = form_values(upstream.from_records(loaded.record, organisation, catalogue=catalogue))
    values.update(form_footprint.values_of(loaded.record))
    problems = writer(request).validate(loaded.record) if loaded.state == State.BROUILLON else []
    return Opened(values, sirens[loaded.organisation], loaded.base, loaded.state, problems)

"""The one write path: every record, from the form, the API, an upload, the CLI, an importer or
the seed files, is validated here and committed to the revision log in one transaction.

Validation runs on the record as given (plus the organisations it cites, read from the log),
never on data read back from a store. A draft is kept even when incomplete; anything else with
a SHACL violation is refused and nothing is written. Optimistic concurrency: an edit names the
published revision it started from (``base_number``); if another one was published meanwhile,
the edit is refused (409) so that nobody overwrites a change they have not seen.

Publishing (by a moderator, or directly for trusted sources) appends a ``publication`` row in
the same transaction; the projector then applies it to the stores (see
:mod:`iacoll.projection`), told by the ``on_publish`` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from iacoll.errors import IacollError
from iacoll.model.problems import Problem, blocking
from iacoll.model.record import Record, digest_of, kind_of, parse_text
from iacoll.model.text_checks import literal_problems
from iacoll.namespaces import DCT, IACOLL, ID
from iacoll.publishing.accounts import link_organisation
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision, State, Transition, now
from iacoll.publishing.update_date import AGENT_SOURCES, stamped, today
from iacoll.settings import Settings
from iacoll.validation_records import RecordValidator

ORGANISATIONS = f"{ID}organisation/"
TRUSTED = frozenset({"admin", "moderateur", "systeme"})
# Who moves a revision from a state to another: the author, or a moderator.
AUTHOR_MOVES = {(State.BROUILLON, State.SOUMIS), (State.MODIFICATIONS_DEMANDEES, State.SOUMIS)}
MODERATOR_MOVES = {
    (State.SOUMIS, State.PUBLIE),
    (State.SOUMIS, State.MODIFICATIONS_DEMANDEES),
    (State.SOUMIS, State.REJETE),
    (State.PUBLIE, State.RETIRE),
}


@dataclass(frozen=True)
class Author:
    """Who writes: an account (or the system, for the seed files) and its organisations."""

    account_id: int | None = None
    organisations: frozenset[str] = frozenset()
    role: str = "contributeur"

    @classmethod
    def system(cls) -> Author:
        """The seed files and the maintainers' command line."""
        return cls(None, frozenset(), "systeme")

    def may_write_for(self, organisation: str | None) -> bool:
        """Moderators and admins write for anyone; contributors for their organisations."""
        return self.role in TRUSTED or (
            organisation is not None and organisation in self.organisations
        )


@dataclass(frozen=True)
class Saved:
    """What a write did: the revision, its number for the record, its state, what is wrong."""

    revision_id: int
    record_iri: str
    number: int
    state: State
    problems: list[Problem] = field(default_factory=list)


class RecordRejected(IacollError):
    """The record does not conform to the shapes: nothing was written."""

    status = 422

    def __init__(self, problems: list[Problem], message: str | None = None) -> None:
        count = len(blocking(problems))
        super().__init__(
            message
            or f"La fiche n'est pas conforme ({count} erreur{'s' if count > 1 else ''}) : "
            "rien n'a été enregistré. Corrigez les champs signalés puis recommencez.",
            detail=f"The record does not conform ({count} error{'s' if count > 1 else ''}): "
            "nothing was saved. Correct the fields pointed out and try again.",
        )
        self.problems = problems


class StaleRevision(IacollError):
    """Someone published another revision of the record since this edit started."""

    status = 409


class NotAllowed(IacollError):
    """The author may not write for this organisation, or make this move."""

    status = 403


class UnknownRevision(IacollError):
    """No revision has this number."""

    status = 404


class Writer:
    """Validates and commits records; the only code that writes the revision log."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        validator: RecordValidator | None = None,
        on_publish: Callable[[], object] | None = None,
    ) -> None:
        self.settings, self.db = settings, db
        self._validator = validator
        self.on_publish = on_publish

    @property
    def validator(self) -> RecordValidator:
        """The shapes and their context, parsed on first use."""
        if self._validator is None:
            workers = self.settings.validation_workers or None  # 0: one per core
            self._validator = RecordValidator(self.settings.data_path, workers)
        return self._validator

    def validate(self, record: Record, cited: Graph | None = None) -> list[Problem]:
        """What is wrong with ``record`` (nothing is written)."""
        with self.db.transaction() as session:
            context = self._cited(session, [record], cited)
        return literal_problems(record) + self.validator.problems([record], context)[record.iri]

    def check_fresh(self, iri: str, base_number: int | None) -> None:
        """Raise :class:`StaleRevision` if ``iri`` was published after ``base_number``."""
        with self.db.transaction() as session:
            self._check_fresh(published_revision(session, iri), iri, base_number, None)

    def save(
        self,
        record: Record,
        *,
        author: Author,
        state: State = State.BROUILLON,
        base_number: int | None = None,
        source: str = "formulaire",
        cited: Graph | None = None,
    ) -> Saved:
        """Validate ``record`` and commit it as a new revision in ``state``."""
        saved = self.save_many(
            [record], author=author, state=state, bases=[base_number], source=source, cited=cited
        )[0]
        if isinstance(saved, list):
            raise RecordRejected(saved)
        return saved

    def save_many(
        self,
        records: Sequence[Record],
        *,
        author: Author,
        state: State = State.BROUILLON,
        bases: Sequence[int | None] | None = None,
        source: str = "import",
        cited: Graph | None = None,
        all_or_nothing: bool = True,
        groups: Sequence[int] | None = None,
        dry_run: bool = False,
    ) -> list[Saved | list[Problem]]:
        """Validate and commit several records in one transaction.

        Each entry of the result is the :class:`Saved` revision or the problems that kept the
        record out. With ``all_or_nothing``, one refused record keeps every record out (the
        others then carry their own problems, possibly none, and nothing is written). Without
        it, ``groups`` (a group number per record: an importer's source row) keeps a group
        all or nothing: one refused record keeps its whole group out. ``dry_run`` validates and
        answers as if it wrote, and writes nothing.
        """
        if state not in (State.BROUILLON, State.SOUMIS, State.PUBLIE):
            raise NotAllowed(
                f"Une fiche ne peut pas être enregistrée à l'état « {state} ».",
                detail=f"A record cannot be saved in the state “{state}”.",
            )
        if state is State.PUBLIE and author.role not in TRUSTED:
            raise NotAllowed(
                "Seuls les modérateurs publient une fiche directement.",
                detail="Only moderators publish a record directly.",
            )
        base_list = list(bases) if bases is not None else [None] * len(records)
        with self.db.transaction() as session:
            known = Known(session, [str(r.iri) for r in records])
            for record, base in zip(records, base_list, strict=True):
                self._check_author(session, record, author)
                iri = str(record.iri)
                self._check_fresh(known.published.get(iri), iri, base, None)  # 409 before 422
            if source in AGENT_SOURCES:
                records = [_dated(known, record) for record in records]
            context = self._cited(session, records, cited)
            found = self.validator.problems(records, context)
            faults = {r.iri: literal_problems(r) for r in records}
            for iri, problems in faults.items():
                found[iri] = problems + found[iri]
            refused = {  # markup and control characters are refused even in a draft
                r.iri
                for r in records
                if faults[r.iri] or (state is not State.BROUILLON and blocking(found[r.iri]))
            }
            results: list[Saved | list[Problem]] = []
            if refused and all_or_nothing:
                session.rollback()
                return [found[r.iri] for r in records]
            if groups is not None:
                group_list = list(groups)
                out = {g for r, g in zip(records, group_list, strict=True) if r.iri in refused}
                refused |= {r.iri for r, g in zip(records, group_list, strict=True) if g in out}
            for record, base in zip(records, base_list, strict=True):
                if record.iri in refused:
                    results.append(found[record.iri])
                    continue
                results.append(
                    self._commit(
                        session, known, record, author, state, base, source, found[record.iri]
                    )
                )
            if dry_run:
                session.rollback()
                return results
        if state is State.PUBLIE and self.on_publish is not None:
            self.on_publish()
        return results

    def transition(
        self, revision_id: int, to_state: State, *, author: Author, comment: str | None = None
    ) -> Saved:
        """Move a revision: submit it, publish it, ask for changes, reject or withdraw it."""
        with self.db.transaction() as session:
            revision = session.get(Revision, revision_id)
            if revision is None:
                raise UnknownRevision(
                    f"Aucune révision n° {revision_id}.", detail=f"No revision {revision_id}."
                )
            move = (State(revision.state), to_state)
            self._check_move(revision, move, author, comment)
            if to_state is State.PUBLIE:
                published = published_revision(session, revision.record_iri)
                self._check_fresh(published, revision.record_iri, revision.base_number, revision.id)
                self._publish(session, revision, published)
            elif to_state is State.RETIRE:
                session.add(Publication(record_iri=revision.record_iri, revision_id=None))
            self._move(session, revision, to_state, author, comment)
            saved = Saved(revision.id, revision.record_iri, revision.number, to_state)
        if to_state in (State.PUBLIE, State.RETIRE) and self.on_publish is not None:
            self.on_publish()
        return saved

    # --- inside the transaction -----------------------------------------------------------

    def _check_author(self, session: Session, record: Record, author: Author) -> None:
        """The author writes for the record's organisation, and for the organisation its latest
        revision belongs to: a record is not taken from its organisation by naming another.
        Moderators write for any organisation: no lookup (the seed and bulk imports)."""
        if author.role in TRUSTED:
            return
        owner = session.scalar(
            select(Revision.organisation)
            .where(Revision.record_iri == str(record.iri))
            .order_by(Revision.number.desc())
            .limit(1)
        )
        organisations = {organisation_of(record)} | ({owner} if owner is not None else set())
        if not all(author.may_write_for(organisation) for organisation in organisations):
            raise NotAllowed(
                "Vous n'êtes pas rattaché(e) à l'organisation de cette fiche : seuls ses agents "
                "peuvent la publier ou la modifier. Demandez votre rattachement aux modérateurs.",
                detail="You are not attached to this record's organisation: only its agents may "
                "publish or edit it. Ask the moderators to attach you.",
            )
        kind_of(str(record.iri))

    def _cited(self, session: Session, records: Sequence[Record], cited: Graph | None) -> Graph:
        """The organisations the records name (publisher, partners…), as published in the log,
        plus ``cited``; organisations saved in the same call are taken as given."""
        context = Graph()
        if cited is not None:
            context += cited
        given = {str(r.iri) for r in records}
        named: set[str] = set()
        for record in records:
            if record.kind == "organisation":
                context += record.public
            for part in (record.public, record.restricted):
                named.update(str(o) for o in part.objects() if str(o).startswith(ORGANISATIONS))
        wanted = sorted(named - given)
        if wanted:
            rows = session.scalars(
                select(Revision).where(
                    Revision.record_iri.in_(wanted), Revision.state == State.PUBLIE.value
                )
            )
            for revision in rows:
                context += Record.from_text(revision.record_iri, revision.public_nt).public
        return context

    def _commit(
        self,
        session: Session,
        known: Known,
        record: Record,
        author: Author,
        state: State,
        base: int | None,
        source: str,
        problems: list[Problem],
    ) -> Saved:
        iri = str(record.iri)
        self._check_fresh(known.published.get(iri), iri, base, None)
        public, restricted = record.canonical()
        latest = known.latest.get(iri)
        if _is_own_draft(latest, author) and state is State.BROUILLON:
            assert latest is not None
            latest.public_nt, latest.restricted_nt = public, restricted
            latest.digest, latest.updated_at = digest_of(public, restricted), now()
            return Saved(latest.id, iri, latest.number, state, problems)
        number = (latest.number if latest is not None else 0) + 1
        revision = Revision(
            record_iri=iri,
            number=number,
            base_number=base,
            state=State.BROUILLON.value,
            public_nt=public,
            restricted_nt=restricted,
            digest=digest_of(public, restricted),
            source=source,
            account_id=author.account_id,
            organisation=organisation_of(record),
        )
        session.add(revision)
        session.flush()
        known.latest[iri] = revision
        session.add(
            Transition(
                revision_id=revision.id,
                to_state=State.BROUILLON.value,
                account_id=author.account_id,
            )
        )
        if state is not State.BROUILLON:
            if state is State.PUBLIE:
                self._publish(session, revision, known.published.get(iri))
                known.published[iri] = revision
            self._move(session, revision, state, author, None)
        return Saved(revision.id, iri, number, state, problems)

    def _check_fresh(
        self, published: Revision | None, iri: str, base: int | None, revision_id: int | None
    ) -> None:
        """Raise :class:`StaleRevision` unless ``published`` (the revision of ``iri`` the stores
        show) is absent, is ``revision_id`` itself, or is the revision ``base`` started from."""
        if published is None or published.id == revision_id or published.number == base:
            return
        if base is None:
            raise StaleRevision(
                f"Une fiche publiée porte déjà cet identifiant ({iri}) : modifiez-la plutôt "
                "que d'en créer une autre.",
                detail=f"A published record already has this identifier ({iri}): edit it "
                "rather than create another one.",
            )
        raise StaleRevision(
            f"Cette fiche a été modifiée et publiée entre-temps (révision {published.number}, "
            f"vous étiez parti(e) de la révision {base}) : rechargez-la, reportez vos "
            "changements et recommencez. Vos saisies n'ont pas été enregistrées.",
            detail=f"This record was edited and published meanwhile (revision "
            f"{published.number}, you started from revision {base}): reload it, make your "
            "changes again and retry. What you typed was not saved.",
        )

    def _check_move(
        self, revision: Revision, move: tuple[State, State], author: Author, comment: str | None
    ) -> None:
        if move in MODERATOR_MOVES:
            if author.role not in TRUSTED:
                raise NotAllowed(
                    "Seuls les modérateurs peuvent faire ce choix.",
                    detail="Only moderators may make this decision.",
                )
            needs_comment = move[1] in (State.MODIFICATIONS_DEMANDEES, State.REJETE)
            if needs_comment and not (comment or "").strip():
                raise NotAllowed(
                    "Expliquez votre décision dans un commentaire pour le contributeur.",
                    detail="Explain your decision in a comment for the contributor.",
                )
            return
        if move in AUTHOR_MOVES:
            if (
                not author.may_write_for(revision.organisation)
                and author.account_id != revision.account_id
            ):
                raise NotAllowed(
                    "Seuls les agents de l'organisation peuvent soumettre cette fiche.",
                    detail="Only the organisation's agents may submit this record.",
                )
            return
        raise NotAllowed(
            f"Une révision à l'état « {move[0]} » ne peut pas passer à l'état « {move[1]} ».",
            detail=f"A revision in the state “{move[0]}” cannot move to the state “{move[1]}”.",
        )

    def _publish(self, session: Session, revision: Revision, previous: Revision | None) -> None:
        """Publish ``revision`` in place of ``previous`` (the one the stores showed, if any)."""
        if previous is not None and previous.id != revision.id:
            previous.state, previous.updated_at = State.REMPLACE.value, now()
        session.add(Publication(record_iri=revision.record_iri, revision_id=revision.id))
        if kind_of(revision.record_iri) == "organisation":
            # Accounts attached by SIREN before the organisation entered the catalogue now
            # write for it (in the same transaction as its publication).
            siren = parse_text(revision.public_nt).value(URIRef(revision.record_iri), IACOLL.siren)
            if siren is not None:
                link_organisation(session, str(siren), revision.record_iri)

    def _move(
        self,
        session: Session,
        revision: Revision,
        to_state: State,
        author: Author,
        comment: str | None,
    ) -> None:
        session.add(
            Transition(
                revision_id=revision.id,
                from_state=revision.state,
                to_state=to_state.value,
                account_id=author.account_id,
                comment=comment,
            )
        )
        revision.state, revision.updated_at = to_state.value, now()
        if comment:
            revision.comment = comment


def organisation_of(record: Record) -> str | None:
    """The organisation a record belongs to: itself, or its publisher."""
    if record.kind == "organisation":
        return str(record.iri)
    publisher = record.public.value(URIRef(record.iri), DCT.publisher)
    return str(publisher) if publisher is not None else None


def published_revision(session: Session, iri: str) -> Revision | None:
    """The revision of ``iri`` the stores show, if any."""
    return session.scalar(
        select(Revision).where(Revision.record_iri == iri, Revision.state == State.PUBLIE.value)
    )


class Known:
    """The latest and the published revision of each record of a call, read in two queries
    (not a few per record) and kept up to date by the call as it writes."""

    def __init__(self, session: Session, iris: Sequence[str]) -> None:
        self.latest: dict[str, Revision] = {}
        self.published: dict[str, Revision] = {}
        wanted = sorted(set(iris))
        for start in range(0, len(wanted), 500):  # under every database's bound on parameters
            chunk = wanted[start : start + 500]
            numbers = (
                select(Revision.record_iri, func.max(Revision.number).label("number"))
                .where(Revision.record_iri.in_(chunk))
                .group_by(Revision.record_iri)
                .subquery()
            )
            latest = select(Revision).join(
                numbers,
                (Revision.record_iri == numbers.c.record_iri)
                & (Revision.number == numbers.c.number),
            )
            self.latest.update((r.record_iri, r) for r in session.scalars(latest))
            published = select(Revision).where(
                Revision.record_iri.in_(chunk), Revision.state == State.PUBLIE.value
            )
            self.published.update((r.record_iri, r) for r in session.scalars(published))


def _dated(known: Known, record: Record) -> Record:
    """``record`` with today's update date when an agent changed it without dating it."""
    shown = known.published.get(str(record.iri))
    previous = (
        None
        if shown is None
        else Record.from_text(shown.record_iri, shown.public_nt, shown.restricted_nt)
    )
    return stamped(record, previous, today())


def _is_own_draft(latest: Revision | None, author: Author) -> bool:
    """Whether ``latest`` (a record's latest revision) is the author's draft, edited in place."""
    return (
        latest is not None
        and latest.state == State.BROUILLON.value
        and latest.account_id == author.account_id
    )

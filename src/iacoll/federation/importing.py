"""``iacoll import``: another register's records through the one write path.

:func:`run` reads a :class:`~iacoll.federation.harvest.Source` with the format's importer
(:mod:`iacoll.federation.formats`), then, per batch of source records, sends their records to
:meth:`Writer.save_many <iacoll.publishing.write.Writer.save_many>` — validated with the shapes,
committed to the revision log and published (the stores are projections of the log). Each source
record is one all-or-nothing group: a rejected row changes nothing. Around that:

- **provenance**: every use case gets where it was imported from, when and with which crosswalk
  version (:func:`~iacoll.federation.harvest.with_provenance`);
- **re-import**: a record whose content (provenance time aside) equals its published version is
  left alone, so that importing the same file again writes nothing; a changed one becomes a new
  revision of the same IRI;
- **organisations**: an organisation already published is never overwritten by an import (its
  agents or moderators may have completed it); a new one is created once;
- **withdrawals**: a record this register gave before (its published revision came from an
  import of the same register) and absent from the source is withdrawn, not deleted — unless
  the import rejected rows (then a record could be missing only because its row was rejected:
  nothing is withdrawn, and the report says so) or the caller keeps the missing ones.

The :class:`ImportReport` names every row (imported, unchanged, rejected with the reason),
every guess and every unmapped source field; ``--report FILE.json`` writes it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from iacoll.errors import IacollError
from iacoll.federation import crosswalks, formats, linking
from iacoll.federation.harvest import Harvested, Source, with_provenance, without_volatile
from iacoll.model.problems import Problem, blocking
from iacoll.model.record import Record, kind_of
from iacoll.model.upstream_organisations import Catalogue
from iacoll.publishing.log import Revision, State
from iacoll.publishing.write import Author, Saved, Writer, published_revision

BATCH = 200  # source records per transaction (and per projection)


class UnknownFormat(IacollError):
    status = 400


@dataclass
class RowReport:
    """What became of one source record."""

    where: str
    source_id: str | None
    iri: str | None
    outcome: str  # "importe", "inchange", "rejete", "ignore" (not a record: a dataset…)
    reason: str | None = None  # French, when rejected
    reason_en: str | None = None
    guesses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the shapes' warnings, French


@dataclass
class ImportReport:
    format: str
    source: str
    retrieved: str
    crosswalk: str  # the crosswalk version's IRI
    dry_run: bool
    rows: list[RowReport] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)  # source field → rows with a value
    withdrawn: list[str] = field(default_factory=list)
    withdrawals_held: bool = False  # rows were rejected: nothing withdrawn

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "lus": len(self.rows),
            "importes": self.count("importe"),
            "inchanges": self.count("inchange"),
            "rejetes": self.count("rejete"),
            "ignores": self.count("ignore"),
            "retires": len(self.withdrawn),
        }

    def to_json(self) -> str:
        data = asdict(self)
        data["counts"] = self.counts
        return json.dumps(data, ensure_ascii=False, indent=2)

    def summary_fr(self) -> str:
        c = self.counts
        verb = "seraient" if self.dry_run else "ont été"
        lines = [
            f"{c['lus']} fiche(s) lue(s) ({self.format}, {self.source}) : {c['importes']} "
            f"{verb} importée(s), {c['inchanges']} inchangée(s), {c['rejetes']} rejetée(s), "
            f"{c['ignores']} ressource(s) qui ne sont pas des fiches laissée(s) de côté ; "
            f"{c['retires']} {verb} retirée(s) (absentes de la source)."
        ]
        if self.withdrawals_held:
            lines.append(
                "Aucun retrait : des lignes ont été rejetées, une fiche absente pourrait "
                "n'être qu'une ligne rejetée. Corrigez-les puis relancez l'import."
            )
        if self.dry_run:
            lines.append("Essai (--dry-run) : rien n'a été écrit.")
        return "\n".join(lines)


def run(
    writer: Writer,
    fmt: str,
    source: Source,
    *,
    catalogue: Catalogue,
    dry_run: bool = False,
    withdraw_missing: bool | None = None,
    retrieved: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import ``source`` read as ``fmt`` through ``writer``; what happened, row by row.

    ``withdraw_missing`` None: the format's default — withdraw, unless its files are usually
    partial (the importer module says ``PARTIAL = True``: one collectivité's own rows)."""
    module = formats.importer(fmt)
    if module is None:
        raise UnknownFormat(
            f"Format d'import inconnu « {fmt} ». Formats : {', '.join(formats.import_formats())}.",
            detail=f"Unknown import format “{fmt}”.",
        )
    crosswalk = crosswalks.load(module.CROSSWALK)
    moment = (retrieved or datetime.now(UTC)).replace(microsecond=0)
    report = ImportReport(
        fmt, source.location, moment.isoformat(), str(crosswalk.version_iri), dry_run
    )
    # Organisations already known under another IRI (same SIREN, TOOI, GOV.UK page…) are linked.
    harvested: list[Harvested] = list(linking.link(module.read(source, catalogue), catalogue))
    unmapped: Counter[str] = Counter()
    for item in harvested:
        unmapped.update(set(item.unmapped))
    report.unmapped = dict(sorted(unmapped.items()))

    known_organisations = {str(s) for s in catalogue.organisations.subjects()}
    created: set[str] = set()
    seen: set[str] = set()
    done = 0
    for start in range(0, len(harvested), BATCH):
        batch = harvested[start : start + BATCH]
        rows = _save_batch(
            writer,
            batch,
            crosswalk,
            moment,
            known_organisations,
            created,
            seen,
            dry_run,
            merge=getattr(module, "merge", None),
        )
        report.rows.extend(rows)
        done += len(batch)
        if progress is not None:
            progress(done, len(harvested))

    if withdraw_missing is None:
        withdraw_missing = not getattr(module, "PARTIAL", False)
    if withdraw_missing:
        if report.count("rejete"):
            report.withdrawals_held = True
        else:
            registries = {item.registry or crosswalk.registry for item in harvested}
            tags = sorted(f"import:{key}" for key in registries)
            report.withdrawn = _withdraw_missing(writer, tags, seen, moment, dry_run)
    return report


def _save_batch(
    writer: Writer,
    batch: Sequence[Harvested],
    crosswalk: crosswalks.Crosswalk,
    moment: datetime,
    known_organisations: set[str],
    created: set[str],
    seen: set[str],
    dry_run: bool,
    merge: Callable[[Record, Record], Record] | None = None,
) -> list[RowReport]:
    rows: list[RowReport] = []
    to_save: list[Record] = []
    tags: list[str] = []  # the revision's source: import:{registry}
    groups: list[int] = []
    bases: list[int | None] = []
    owners: list[int] = []  # the row each saved record belongs to
    with writer.db.transaction() as session:
        for item in batch:
            use_case = item.use_case
            if use_case is None:
                rows.append(
                    RowReport(
                        item.where,
                        item.source_id,
                        None,
                        "ignore" if item.ignored else "rejete",
                        item.rejected or "ligne rejetée",
                        item.rejected_en or "row rejected",
                        list(item.guesses),
                    )
                )
                continue
            seen.add(str(use_case.iri))
            shown = published_revision(session, str(use_case.iri))
            if merge is not None and shown is not None:  # the importer keeps what rows lack
                stored = Record.from_text(shown.record_iri, shown.public_nt, shown.restricted_nt)
                use_case = merge(stored, use_case)
            record = with_provenance(
                use_case,
                registry=item.registry or crosswalk.registry,
                source_id=item.source_id,
                source_url=item.source_url,
                retrieved=moment,
                crosswalk=crosswalk.version_iri,
            )
            index = len(rows)
            row = RowReport(item.where, item.source_id, str(record.iri), "importe")
            row.guesses = list(item.guesses)
            rows.append(row)
            if shown is not None and _same(record, shown):
                row.outcome = "inchange"
                continue
            for extra in item.records[1:]:
                iri = str(extra.iri)
                if iri in known_organisations or iri in created:
                    continue
                if published_revision(session, iri) is not None:
                    continue
                created.add(iri)
                to_save.append(extra)
                tags.append(f"import:{item.registry or crosswalk.registry}")
                groups.append(index)
                bases.append(None)
                owners.append(index)
            to_save.append(record)
            tags.append(f"import:{item.registry or crosswalk.registry}")
            groups.append(index)
            bases.append(None if shown is None else shown.number)
            owners.append(index)
    results: list[Saved | list[Problem]] = [[] for _ in to_save]
    for tag in sorted(set(tags)):  # one call per register (a revision has one source)
        chosen = [i for i, t in enumerate(tags) if t == tag]
        answers = writer.save_many(
            [to_save[i] for i in chosen],
            author=Author.system(),
            state=State.PUBLIE,
            bases=[bases[i] for i in chosen],
            source=tag,
            all_or_nothing=False,
            groups=[groups[i] for i in chosen],
            dry_run=dry_run,
        )
        for i, answer in zip(chosen, answers, strict=True):
            results[i] = answer
    if to_save:
        refused: dict[int, list[Problem]] = {}
        for owner, result in zip(owners, results, strict=True):
            row = rows[owner]
            if isinstance(result, Saved):
                row.warnings.extend(p.message_fr for p in result.problems)
            else:
                refused.setdefault(owner, []).extend(blocking(result))
        for owner, problems in refused.items():
            row = rows[owner]
            row.outcome = "rejete"
            row.reason = "; ".join(_problem_fr(p) for p in problems) or (
                "refusée avec une autre fiche de la même ligne"
            )
            row.reason_en = "; ".join(_problem_en(p) for p in problems) or (
                "refused with another record of the same row"
            )
            row.warnings = []
            if row.iri is not None:
                seen.discard(row.iri)
            for iri in [str(r.iri) for r, o in zip(to_save, owners, strict=True) if o == owner]:
                created.discard(iri)
    return rows


def _same(record: Record, shown: Revision) -> bool:
    """Whether ``record`` says what the published revision says (provenance time aside)."""
    stored = Record.from_text(shown.record_iri, shown.public_nt, shown.restricted_nt)
    return without_volatile(record).digest() == without_volatile(stored).digest()


def _problem_fr(problem: Problem) -> str:
    name = problem.field or problem.path or ""
    value = f" (« {problem.value} »)" if problem.value else ""
    return f"{name} : {problem.message_fr}{value}" if name else problem.message_fr + value


def _problem_en(problem: Problem) -> str:
    name = problem.field or problem.path or ""
    return f"{name}: {problem.message_en}" if name else problem.message_en


def _withdraw_missing(
    writer: Writer, tags: list[str], seen: set[str], moment: datetime, dry_run: bool
) -> list[str]:
    """Withdraw the published records this register gave before and the source no longer has."""
    with writer.db.transaction() as session:
        gone = [
            (revision.id, revision.record_iri)
            for revision in session.scalars(
                select(Revision).where(
                    Revision.state == State.PUBLIE.value, Revision.source.in_(tags)
                )
            )
            if revision.record_iri not in seen and kind_of(revision.record_iri) != "organisation"
        ]
    if dry_run:
        return sorted(iri for _, iri in gone)
    day = moment.date().isoformat()
    for revision_id, _ in gone:
        writer.transition(
            revision_id,
            State.RETIRE,
            author=Author.system(),
            comment=f"Absente du registre source lors de l'import du {day}.",
        )
    return sorted(iri for _, iri in gone)

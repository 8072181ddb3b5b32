"""The per-row report of an uploaded CSV or XLSX file, and applying it.

Each row of the file becomes records (the mapping of :mod:`iacoll.model.upstream`), checked
without writing anything: the reader's problems, markup and control characters, the SHACL
shapes (:meth:`Writer.validate`) and the author's membership of the record's organisation. A
row is *importable* when none of those is a violation. Applying is then the author's choice:
all or nothing (one transaction: one rejected row and nothing is written) or the valid rows
only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from rdflib import Graph

from iacoll.errors import IacollError
from iacoll.federation.upstream_files import Row, UnreadableUpload, read_rows
from iacoll.model import upstream
from iacoll.model.problems import Problem, blocking
from iacoll.model.record import Record
from iacoll.model.upstream_organisations import Catalogue
from iacoll.publishing.accounts import Account
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Saved, Writer
from iacoll.web.api_body import InputError
from iacoll.web.api_records import author_of, organisation_of, own_organisations

Mode = Literal["tout", "valides"]


@dataclass
class RowReport:
    """One row of the file: its number in the spreadsheet, its records and their problems."""

    number: int
    title: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        """Whether the row has records and no violation."""
        return bool(self.records) and not blocking(self.problems)

    def as_json(self) -> dict[str, Any]:
        """The row in the API's report."""
        return {
            "number": self.number,
            "title": self.title,
            "status": "importable" if self.importable else "rejetee",
            "records": [str(r.iri) for r in self.records],
            "problems": [p.as_json() for p in self.problems],
        }


@dataclass
class Report:
    """What a file would give, row by row."""

    filename: str
    rows: list[RowReport]

    @property
    def importable(self) -> list[RowReport]:
        """The rows without violations."""
        return [r for r in self.rows if r.importable]

    @property
    def rejected(self) -> list[RowReport]:
        """The rows with a violation."""
        return [r for r in self.rows if not r.importable]

    def as_json(self) -> dict[str, Any]:
        """The report the API returns."""
        return {
            "filename": self.filename,
            "counts": {"importable": len(self.importable), "rejetee": len(self.rejected)},
            "rows": [r.as_json() for r in self.rows],
        }


def analyse(
    content: bytes, filename: str, writer: Writer, account: Account, catalogue: Catalogue
) -> Report:
    """Read ``content`` and check every row against the published ``catalogue``; nothing is
    written."""
    try:
        rows = read_rows(content, filename)
    except UnreadableUpload as exc:
        raise InputError(exc.text("fr"), exc.text("en"), status=exc.status) from None
    if not rows:
        raise InputError(
            "Le fichier ne contient aucune ligne de données sous la ligne d'en-tête.",
            "The file holds no data row below its header row.",
            status=400,
        )
    return Report(filename, [_check_row(row, writer, account, catalogue) for row in rows])


def _check_row(row: Row, writer: Writer, account: Account, catalogue: Catalogue) -> RowReport:
    values = dict(row.values)
    report = RowReport(row.number, values.get("nom_projet", "").strip(), [], list(row.problems))
    if blocking(report.problems):
        return report
    built = upstream.to_records(values, catalogue=catalogue)
    report.problems += built.problems
    report.records = [r for r in (built.organisation, built.record) if r is not None]
    report.problems += _membership(report.records, account)
    new_organisations = Graph()
    for record in report.records:
        if record.kind == "organisation":
            new_organisations += record.public
    for record in report.records:
        report.problems += writer.validate(record, cited=new_organisations)
    return report


def _membership(records: list[Record], account: Account) -> list[Problem]:
    """A violation when the row publishes for an organisation the account is not a member of
    (a new organisation counts as the account's when its SIREN is one of the account's)."""
    if account.has_role("moderateur"):
        return []
    own = set(own_organisations(account, records))
    carriers = {organisation_of(r) or str(r.iri) for r in records}
    return [_not_member(o) for o in sorted(carriers - own)]


def _not_member(organisation: str) -> Problem:
    return Problem(
        f"Votre compte n'est pas membre de l'organisation « {organisation} » : vous ne "
        "pouvez pas publier pour elle. Demandez à un administrateur de vous y rattacher.",
        f"Your account is not a member of the organisation “{organisation}”: you cannot "
        "publish for it. Ask an administrator to attach you to it.",
        field="coll_siret",
        value=organisation,
    )


@dataclass
class Applied:
    """What applying a report wrote: the records saved, the rows left out."""

    saved: list[dict[str, Any]]
    left_out: list[RowReport]

    def as_json(self) -> dict[str, Any]:
        """The API's answer."""
        return {"saved": self.saved, "left_out": [r.as_json() for r in self.left_out]}


class BatchRejected(IacollError):
    """All or nothing, and some rows are rejected: nothing was written."""

    status = 422

    def __init__(self, rejected: list[RowReport]) -> None:
        numbers = ", ".join(str(r.number) for r in rejected)
        super().__init__(
            f"Rien n'a été importé : {len(rejected)} ligne(s) rejetée(s) ({numbers}) et vous "
            "avez choisi « tout ou rien ». Corrigez-les, ou importez seulement les lignes "
            "valides.",
            detail=f"Nothing was imported: {len(rejected)} row(s) rejected ({numbers}) and you "
            'chose "all or nothing". Fix them, or import the valid rows only.',
        )
        self.message_en = self.detail
        self.problems = [_on_row(row.number, p) for row in rejected for p in row.problems]


def _on_row(number: int, problem: Problem) -> Problem:
    return Problem(
        f"Ligne {number} : {problem.message_fr}",
        f"Row {number}: {problem.message_en}",
        field=problem.field,
        path=problem.path,
        value=problem.value,
        severity=problem.severity,
    )


def apply(writer: Writer, report: Report, account: Account, mode: Mode, state: State) -> Applied:
    """Write the report's rows: all in one transaction (nothing if one row is refused), or
    each valid row in its own."""
    if mode == "tout":
        if report.rejected:
            raise BatchRejected(report.rejected)
        records = [r for row in report.rows for r in row.records]
        author = author_of(account, records)
        saved = save_all_rows(writer, report.rows, author, state)
        return Applied(saved, [])
    saved, left_out = [], list(report.rejected)
    for row in report.importable:
        try:
            saved += save_all_rows(writer, [row], author_of(account, row.records), state)
        except IacollError as exc:
            row.problems.append(Problem(exc.message, exc.detail or exc.message))
            left_out.append(row)
    return Applied(saved, sorted(left_out, key=lambda r: r.number))


def save_all_rows(
    writer: Writer, rows: list[RowReport], author: Author, state: State
) -> list[dict[str, Any]]:
    """Save the records of ``rows`` in one transaction; what was saved, row by row."""
    records = [r for row in rows for r in row.records]
    results = writer.save_many(
        records, author=author, state=state, source="televersement", all_or_nothing=True
    )
    refused = [r for r in results if isinstance(r, list)]
    if refused:
        raise BatchRejected([row for row in rows if blocking(row.problems)] or rows)
    numbers = [row.number for row in rows for _ in row.records]
    return [
        _saved(number, result)
        for number, result in zip(numbers, results, strict=True)
        if isinstance(result, Saved)
    ]


def _saved(number: int, result: Saved) -> dict[str, Any]:
    return {
        "row": number,
        "iri": result.record_iri,
        "revision": result.revision_id,
        "number": result.number,
        "state": str(result.state),
    }

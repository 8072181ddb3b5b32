"""The import engine on a real register file (the UK ATRS index, 136 records): dry run,
import, provenance, re-import without change, one changed record, one withdrawn, a rejected row
that changes nothing, the report, and the ``iacoll import`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from sqlalchemy import func, select

from iacoll import sources, store
from iacoll.federation import crosswalks, importing
from iacoll.federation.harvest import Source, minted
from iacoll.namespaces import DCT, PAV
from iacoll.publishing.log import Revision, State
from iacoll.publishing.published import published_catalogue
from iacoll.publishing.write import Writer
from iacoll.settings import Settings
from tests.conftest import copy_store

UK_FILE = sources.ROOT.parent / "shared" / "ext-samples" / "uk-atrs_records_index.json"
UK = json.loads(UK_FILE.read_text(encoding="utf-8"))
FIRST = minted("cas-usage", "uk", "hmrc-ask-hmrc-online")


@pytest.fixture(scope="module")
def built(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, Writer]]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("import"))
    writer, _ = store.writer_for(settings)
    yield settings, writer
    writer.db.close()


def run(
    writer: Writer, records: list[dict[str, object]], **options: object
) -> importing.ImportReport:
    data = json.dumps({**UK, "records": records}).encode()
    source = Source(data, "uk-atrs_records_index.json")
    return importing.run(
        writer,
        "uk-atrs",
        source,
        catalogue=published_catalogue(writer.db),
        **options,  # type: ignore[arg-type]
    )


def revisions(writer: Writer) -> int:
    with writer.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Revision)) or 0


def public_titles(settings: Settings, iri: str) -> set[str]:
    stores = store.open_stores(settings)
    return {
        q.object.value
        for q in stores.public.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(str(DCT.title)), None
        )
    }


def test_a_dry_run_reports_and_writes_nothing(built: tuple[Settings, Writer]) -> None:
    _, writer = built
    before = revisions(writer)
    report = run(writer, UK["records"], dry_run=True)
    assert report.counts == dict(
        lus=136, importes=136, inchanges=0, rejetes=0, ignores=0, retires=0
    )
    assert revisions(writer) == before


def test_import_then_reimport_then_one_change_then_one_gone(
    built: tuple[Settings, Writer],
) -> None:
    settings, writer = built
    first = run(writer, UK["records"])
    assert first.counts["importes"] == 136 and first.counts["rejetes"] == 0
    assert public_titles(settings, str(FIRST)) == {"HMRC: Ask HMRC online"}
    stores = store.open_stores(settings)
    provenance = {
        q.predicate.value: q.object.value
        for q in stores.public.quads_for_pattern(ox.NamedNode(str(FIRST)), None, None)
        if q.predicate.value.startswith(str(PAV))
    }
    crosswalk = crosswalks.load("uk-atrs")
    assert provenance[str(PAV.importedFrom)] == (
        "https://www.gov.uk/algorithmic-transparency-records/hmrc-ask-hmrc-online"
    )
    assert provenance[str(PAV.createdWith)] == str(crosswalk.version_iri)
    assert provenance[str(PAV.importedOn)] == first.retrieved.replace("+00:00", "Z")

    count = revisions(writer)
    again = run(writer, UK["records"])
    assert again.counts == dict(lus=136, importes=0, inchanges=136, rejetes=0, ignores=0, retires=0)
    assert revisions(writer) == count  # re-running an import changes nothing

    changed = [dict(r) for r in UK["records"]]
    changed[0]["description"] = "Assistant virtuel et conversation en ligne (description revue)."
    third = run(writer, changed)
    assert (third.counts["importes"], third.counts["inchanges"]) == (1, 135)
    assert revisions(writer) == count + 1  # one changed upstream record, one revision

    fourth = run(writer, changed[1:])
    assert fourth.withdrawn == [str(FIRST)]
    with writer.db.transaction() as session:
        states = set(
            session.scalars(select(Revision.state).where(Revision.record_iri == str(FIRST)))
        )
    assert State.RETIRE.value in states
    assert public_titles(settings, str(FIRST)) == set()


def test_a_rejected_row_changes_nothing_and_holds_withdrawals(
    built: tuple[Settings, Writer],
) -> None:
    _, writer = built
    broken = [dict(r) for r in UK["records"][1:]]
    broken[0]["title"] = ""
    broken[0]["tool_name"] = ""
    count = revisions(writer)
    report = run(writer, broken[:-1])  # one row rejected, one record missing
    assert report.count("rejete") == 1
    rejected = next(r for r in report.rows if r.outcome == "rejete")
    assert rejected.reason
    assert report.withdrawals_held and report.withdrawn == []
    assert revisions(writer) == count


def test_the_command_writes_a_json_report(built: tuple[Settings, Writer], tmp_path: Path) -> None:
    settings, _ = built
    report_path = tmp_path / "rapport.json"
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "iacoll"), "import", str(UK_FILE),
            "--from", "uk-atrs", "--dry-run", "--report", str(report_path),
            "--store", str(settings.store_path),
        ],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(sources.ROOT / "src")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "136 fiche(s) lue(s)" in done.stdout
    assert "rien n'a été écrit" in done.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["counts"]["lus"] == 136
    assert report["crosswalk"] == str(crosswalks.load("uk-atrs").version_iri)

"""Fuzzing every importer of :data:`iacoll.federation.formats.IMPORTERS` with mutations of a real
sample: truncated, flipped, duplicated, wrongly encoded or swollen bytes, and (JSON formats)
values of the wrong type or missing at any depth.

An importer either yields one :class:`Harvested` per source record (records, or a French reason
and where the row is) or raises the project's error naming the file; then the same mutated
sources go through the one write path (:func:`iacoll.federation.importing.run`) on a private
store, and whatever was rejected leaves the revision log as it was.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rdflib import Graph
from sqlalchemy import func, select

from iacoll import sources, store
from iacoll.errors import IacollError
from iacoll.federation import formats, importing
from iacoll.federation.harvest import Harvested, Source
from iacoll.model.upstream_organisations import Catalogue
from iacoll.publishing.log import Revision
from iacoll.publishing.published import published_catalogue
from iacoll.publishing.write import Writer
from iacoll.settings import Settings
from tests.conftest import FIXTURES, copy_store
from tests.fuzz_support import bounded, json_bytes, mutated_bytes, mutated_json

EXT = sources.ROOT.parent / "shared" / "ext-samples"
FED = FIXTURES / "federation"


def _uk_sample() -> bytes:
    """The real UK ATRS index, cut to its first three records (the rest is more of the same)."""
    index = json.loads((EXT / "uk-atrs_records_index.json").read_text(encoding="utf-8"))
    return json_bytes({**index, "records": index["records"][:3]})


def _xlsx_of(path: Path) -> bytes:
    """The Bibliothèque CSV sample saved as the XLSX a collectivité would send."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    text = path.read_bytes().decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:500] else ","):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _dcat_as(fmt: str) -> bytes:
    """The DCAT sample catalogue in another RDF syntax (JSON-LD, RDF/XML)."""
    source = FED / "dcat" / "registre-exemple.ttl"
    graph = Graph().parse(source, format="turtle", publicID=source.resolve().as_uri())
    return graph.serialize(format=fmt).encode()


# format → (file name as the user gives it, the real bytes)
SAMPLES: dict[str, tuple[str, bytes]] = {
    "bibliotheque-csv": (
        "cles-points-virgules-bom.csv",
        (FED / "bibliotheque" / "cles-points-virgules-bom.csv").read_bytes(),
    ),
    "bibliotheque-xlsx": (
        "bibliotheque.xlsx",
        _xlsx_of(FED / "bibliotheque" / "cles-points-virgules-bom.csv"),
    ),
    "nl-algoritmeregister": (
        "site-data-export.json",
        (EXT / "nl-algoritmeregister_site-data-export.json").read_bytes(),
    ),
    "nl-algoritmeregister-scrape": (
        "scrape.json",
        (FED / "nl" / "tricky-scrape.json").read_bytes(),
    ),
    "uk-atrs": ("uk-atrs_records_index.json", _uk_sample()),
    "eurocities-csv": ("v0.3.csv", (FED / "eurocities" / "v0.3-registration.csv").read_bytes()),
    "jrc-aiwatch": ("helsinki.csv", (EXT / "eu-jrc-aiwatch_helsinki-ai-register.csv").read_bytes()),
    "dcat": ("registre-exemple.ttl", (FED / "dcat" / "registre-exemple.ttl").read_bytes()),
    "dcat-jsonld": ("registre-exemple.jsonld", _dcat_as("json-ld")),
    "dcat-rdfxml": ("registre-exemple.rdf", _dcat_as("xml")),
}
JSON_SAMPLES = ["nl-algoritmeregister", "nl-algoritmeregister-scrape", "uk-atrs", "dcat-jsonld"]
EMPTY = Catalogue(Graph())


def importer_of(sample: str) -> str:
    """The import format of ``sample`` (``bibliotheque-xlsx`` is read by ``bibliotheque-csv``)."""
    return SAME.get(sample, sample)


SAME = {
    "bibliotheque-xlsx": "bibliotheque-csv",
    "nl-algoritmeregister-scrape": "nl-algoritmeregister",
    "dcat-jsonld": "dcat",
    "dcat-rdfxml": "dcat",
}


def test_every_importer_has_a_real_sample() -> None:
    assert {importer_of(s) for s in SAMPLES} == set(formats.import_formats())


def harvest(sample: str, data: bytes) -> list[Harvested] | IacollError:
    """What the importer makes of ``data``: its rows, or the project's error it raised."""
    name, _ = SAMPLES[sample]
    module = formats.importer(importer_of(sample))
    assert module is not None
    try:
        return list(module.read(Source(data, name), EMPTY))
    except IacollError as error:
        assert error.status == 400, error
        assert name in str(error), f"the error does not say which file: {error}"
        return error


def check_rows(rows: list[Harvested]) -> None:
    for row in rows:
        assert row.where, row
        if row.records:
            assert row.rejected is None
        else:
            assert row.rejected, f"a row without records and without a reason: {row}"


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_real_sample_is_read(sample: str) -> None:
    rows = harvest(sample, SAMPLES[sample][1])
    assert isinstance(rows, list) and any(row.records for row in rows), rows


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@bounded(25)
@given(data=st.data())
def test_mutated_bytes_are_read_or_refused_with_the_file_named(
    sample: str, data: st.DataObject
) -> None:
    mutated = data.draw(mutated_bytes(SAMPLES[sample][1]))
    result = harvest(sample, mutated)
    if isinstance(result, list):
        check_rows(result)


@pytest.mark.parametrize("sample", JSON_SAMPLES)
@bounded(40)
@given(data=st.data())
def test_json_values_of_the_wrong_type_are_rejected_rows_or_a_400(
    sample: str, data: st.DataObject
) -> None:
    document = json.loads(SAMPLES[sample][1])
    result = harvest(sample, json_bytes(data.draw(mutated_json(document))))
    if isinstance(result, list):
        check_rows(result)


def test_a_cell_over_the_csv_limit_is_a_400_with_the_line() -> None:
    """Failed before: ``_csv.Error: field larger than field limit`` escaped the importer."""
    data = b"a" * 200_000 + SAMPLES["eurocities-csv"][1]
    error = harvest("eurocities-csv", data)
    assert isinstance(error, IacollError) and "v0.3.csv:1 : CSV illisible" in error.message


@pytest.mark.parametrize("sample", JSON_SAMPLES)
def test_json_nested_past_the_stack_is_a_400_naming_the_file(sample: str) -> None:
    """Failed before for uk-atrs and nl-algoritmeregister: a bare ``RecursionError``."""
    error = harvest(sample, b"[" * 100_000)
    assert isinstance(error, IacollError) and "JSON" in error.message


def test_a_record_that_is_not_an_object_is_a_rejected_row() -> None:
    """Failed before: ``AttributeError: 'NoneType' object has no attribute 'get'``."""
    document = json.loads(SAMPLES["nl-algoritmeregister-scrape"][1])
    document["algoritmes"][0] = None
    rows = harvest("nl-algoritmeregister-scrape", json_bytes(document))
    assert isinstance(rows, list)
    assert (rows[0].where, rows[0].rejected) == (
        "enregistrement 1",
        "l'enregistrement n'est pas un objet JSON {…}",
    )
    assert len(rows) == len(document["algoritmes"]) and rows[1].rejected is None


# --- through the one write path ---------------------------------------------------------------


@pytest.fixture(scope="module")
def writer(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writer]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("fuzz-import"))
    found, _ = store.writer_for(settings)
    yield found
    found.db.close()


def revisions(writer: Writer) -> int:
    with writer.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Revision)) or 0


@bounded(8)
@given(data=st.data())
@example(data=None)  # the sample made unreadable: an empty JSON object
def test_rejected_input_leaves_the_revision_log_as_it_was(
    writer: Writer, data: st.DataObject | None
) -> None:
    document = json.loads(SAMPLES["uk-atrs"][1])
    mutated = {"meta": {}} if data is None else data.draw(mutated_json(document))
    before = revisions(writer)
    try:
        report = importing.run(
            writer,
            "uk-atrs",
            Source(json_bytes(mutated), "uk-atrs_records_index.json"),
            catalogue=published_catalogue(writer.db),
            withdraw_missing=False,
        )
    except IacollError as error:
        assert "uk-atrs_records_index.json" in str(error)
        assert revisions(writer) == before
        return
    added = revisions(writer) - before
    imported = report.counts["importes"]
    assert (
        report.counts["lus"]
        == imported
        + report.counts["inchanges"]
        + report.counts["rejetes"]
        + report.counts["ignores"]
    )
    if imported == 0:
        assert added == 0, report.to_json()
    else:  # a use case, and its organisation the first time
        assert imported <= added <= 2 * imported, report.to_json()

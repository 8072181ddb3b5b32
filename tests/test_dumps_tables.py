"""The spreadsheets streamed from the store are the files written from the whole graph.

The oracle is :func:`iacoll.csv_export.csv_bytes` and :func:`iacoll.xlsx_export.xlsx_bytes` on
every public triple (:func:`iacoll.derived.public_inputs`), on the seed store under the default
base and under another one: the same bytes, for the three files; and the same files again when
the store is on a SPARQL server (``oxigraph serve``, :class:`iacoll.remote.RemoteStore`).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from openpyxl import load_workbook
from rdflib import Graph

from iacoll import csv_export, derived, dumps_tables, remote, xlsx_export, xlsx_stream
from iacoll.settings import Settings
from iacoll.store import build, open_stores
from tests.sparql_servers import oxigraph_server

STAMP = datetime(2026, 5, 13, tzinfo=UTC)
OTHER_BASE = "https://example.org/iacoll/"


@pytest.fixture(scope="module")
def other_base(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seed built under another base IRI."""
    settings = Settings.from_env(
        {}, store_path=tmp_path_factory.mktemp("other-base"), base_iri=OTHER_BASE
    )
    build(settings)
    return settings


def written(
    settings: Settings, folder: Path, store: ox.Store | None = None
) -> tuple[ox.Store, ox.NamedNode, dict[str, Path]]:
    """The public store of ``settings`` (or ``store``), its catalogue graph, and the files
    streamed from it."""
    store = open_stores(settings).public if store is None else store
    catalogue = ox.NamedNode(settings.base_iri + derived.CATALOGUE_GRAPH)
    folder.mkdir(exist_ok=True)
    paths = {key: folder / f"table.{key}" for key in ("csv", "csv-excel", "xlsx")}
    dumps_tables.write_tables(store, catalogue, settings.base_iri, STAMP, paths)
    return store, catalogue, paths


@pytest.mark.parametrize("which", ["seed", "other base"])
def test_streamed_spreadsheets_are_those_of_the_whole_graph(
    which: str, seed_settings: Settings, other_base: Settings, tmp_path: Path
) -> None:
    settings = seed_settings if which == "seed" else other_base
    base = settings.base_iri
    store, catalogue, paths = written(settings, tmp_path)
    graph = derived.public_inputs(store, catalogue, base)
    plain = csv_export.csv_bytes(graph, base)
    assert plain.count(b"\r\n") == 72  # the header and the seed's 71 records
    assert plain.split(b"\r\n")[1].decode().endswith(f"{base}id/cas-usage/amp-callbot-encombrants")
    assert paths["csv"].read_bytes() == plain
    assert paths["csv-excel"].read_bytes() == csv_export.csv_bytes(graph, base, "csv-excel")
    assert paths["xlsx"].read_bytes() == xlsx_export.xlsx_bytes(graph, STAMP, base)


def test_records_beyond_a_sheet_go_on_on_continuation_sheets(
    seed_settings: Settings, tmp_path: Path
) -> None:
    _, _, paths = written(seed_settings, tmp_path)
    with paths["csv"].open(encoding="utf-8", newline="") as handle:
        _, *records = list(csv.reader(handle))
    table = xlsx_stream.Table()
    for row in records:
        table.count(row)
    target = tmp_path / "split.xlsx"
    xlsx_stream.write_xlsx(target, records, table, STAMP, per_sheet=30)
    book = load_workbook(target)
    assert book.sheetnames == ["Fiches", "Fiches 2", "Fiches 3"]
    whole = load_workbook(paths["xlsx"])["Fiches"]
    labels = [c.value for c in whole[1]]
    addresses = []
    for sheet in book.worksheets:
        assert [c.value for c in sheet[1]] == labels
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        for row in sheet.iter_rows(min_row=2):
            assert row[-1].hyperlink is not None and row[-1].hyperlink.target == row[-1].value
            addresses.append(row[-1].value)
        widths = [sheet.column_dimensions[k].width for k in ("A", "B", "AA")]
        assert widths == [whole.column_dimensions[k].width for k in ("A", "B", "AA")]
    assert [sheet.max_row for sheet in book.worksheets] == [31, 31, 12]
    assert addresses == [row[-1] for row in records]


@pytest.mark.server
def test_a_store_on_a_sparql_server_gives_the_same_files(
    seed_settings: Settings, tmp_path: Path
) -> None:
    _, _, embedded = written(seed_settings, tmp_path / "embedded")
    copy = tmp_path / "served"
    open_stores(seed_settings).public.backup(str(copy))
    with oxigraph_server(copy) as url:
        on_server = remote.Server(url).remote()
        _, _, served = written(seed_settings, tmp_path / "remote", on_server)
    for key, path in served.items():
        assert path.read_bytes() == embedded[key].read_bytes(), key


def test_no_record_gives_the_workbook_of_the_header_alone(tmp_path: Path) -> None:
    target = tmp_path / "empty.xlsx"
    xlsx_stream.write_xlsx(target, [], xlsx_stream.Table(), STAMP)
    assert target.read_bytes() == xlsx_export.xlsx_bytes(Graph(), STAMP)


def test_a_failed_workbook_leaves_its_sheets_beside_it_not_in_the_system_temp(
    tmp_path: Path,
) -> None:
    """The sheets' XML is written beside the workbook (the downloads' temporary version folder,
    removed on error), never to openpyxl's temporary files, which outlive a failed writing."""
    table = xlsx_stream.Table()
    rows = [["x"] * len(table.numeric)] * 3
    for row in rows:
        table.count(row)

    def failing() -> Iterator[list[str]]:
        yield rows[0]
        raise OSError("disque plein")

    before = set(Path(tempfile.gettempdir()).glob("openpyxl*"))
    with pytest.raises(OSError, match="disque plein"):
        xlsx_stream.write_xlsx(tmp_path / "broken.xlsx", failing(), table, STAMP)
    assert set(Path(tempfile.gettempdir()).glob("openpyxl*")) == before
    assert [p.name for p in tmp_path.iterdir()] == [".broken.xlsx.sheet1.xml"]

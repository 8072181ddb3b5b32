"""The XLSX download written as a stream (openpyxl's write-only mode): the same bytes as
:func:`iacoll.xlsx_export.xlsx_bytes`, in memory bounded by a row, not by the number of records.

The rows' number and the columns' widths are counted first (:class:`Table`, while the CSV is
written); widths, frozen header, filter and hyperlinks are then set before the rows. A sheet
holds at most :data:`SHEET_ROWS` records (Excel's 1,048,576 rows, header included): beyond, the
records go on on sheets ``Fiches 2``, ``Fiches 3``… with the same header, so that the file stays
complete and opens in Excel. The hyperlinks and their relationships (one a row) are spooled to a
temporary file and streamed into the sheet's XML and its ``.rels`` (openpyxl keeps them in
memory to the end); the ZIP is rewritten with fixed timestamps entry by entry
(:func:`stable_zip`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.packaging.relationship import Relationship, RelationshipList
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import PKG_REL_NS
from openpyxl.xml.functions import tostring

from iacoll.csv_export import ADDRESS, COLUMNS
from iacoll.xlsx_export import NUMBERS, SHEET, WIDTHS, ZIP_TIME, as_number

SHEET_ROWS = 1_048_576 - 1  # records per sheet: Excel's rows, but the header
RELATIONSHIPS = (f'<Relationships xmlns="{PKG_REL_NS}">'.encode(), b"</Relationships>")


class Table:
    """What the workbook needs to know before its rows: the rows' number, the columns' widths."""

    def __init__(self) -> None:
        self.rows = 0
        self.numeric = [f.datatype in NUMBERS for f in COLUMNS] + [False]
        self.longest = [len(label) for label in _labels()]

    def count(self, row: list[str]) -> None:
        """Count a record's ``row``."""
        self.rows += 1
        for index, (value, numeric) in enumerate(zip(row, self.numeric, strict=True)):
            shown = as_number(value) if numeric else value
            self.longest[index] = max(self.longest[index], len(str(shown or "")))

    def widths(self) -> list[int]:
        """The columns' widths, in characters."""
        return [min(max(n + 2, WIDTHS[0]), WIDTHS[1]) for n in self.longest]


def _labels() -> list[str]:
    return [*(f.label_fr for f in COLUMNS), ADDRESS[1]]


def write_xlsx(
    path: Path,
    rows: Iterable[list[str]],
    table: Table,
    stamp: datetime,
    per_sheet: int = SHEET_ROWS,
) -> None:
    """Write the workbook of ``rows`` (the records' cells, as the CSV holds them), counted in
    ``table``, dated ``stamp``, into ``path``: :func:`iacoll.xlsx_export.xlsx_bytes`'s bytes
    (``per_sheet`` records a sheet at most)."""
    with ExitStack() as spools:
        _write_xlsx(path, rows, table, stamp, per_sheet, spools)


def _write_xlsx(
    path: Path,
    rows: Iterable[list[str]],
    table: Table,
    stamp: datetime,
    per_sheet: int,
    spools: ExitStack,
) -> None:
    book = Workbook(write_only=True)
    records = iter(rows)
    links: dict[str, _Links] = {}
    for number in range(max(1, -(-table.rows // per_sheet))):
        count = min(per_sheet, table.rows - number * per_sheet)
        sheet = book.create_sheet(SHEET if number == 0 else f"{SHEET} {number + 1}")
        spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by spools)
        spools.enter_context(spool)
        out = path.parent / f".{path.name}.sheet{number + 1}.xml"  # removed with its folder
        links[f"xl/worksheets/_rels/sheet{number + 1}.xml.rels"] = _prepare(
            sheet, count + 1, table.widths(), _Links(spool), out
        )
        sheet.append([_styled(sheet, label, bold=True) for label in _labels()])
        for values in islice(records, count):
            cells: list[Any] = [
                as_number(v) if n else v for v, n in zip(values, table.numeric, strict=True)
            ]
            cells[-1] = _styled(sheet, values[-1], link=True)
            sheet.append(cells)
    book.properties.creator = "iacoll"
    book.properties.created = book.properties.modified = stamp.replace(tzinfo=None)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".zip") as written:
        # ExcelWriter rather than Workbook.save, which stamps the time of writing as "modified".
        with _Archive(written, links) as archive:
            ExcelWriter(book, archive).save()
        written.flush()
        stable_zip(Path(written.name), path)


def _prepare(sheet: Any, rows: int, widths: list[int], links: _Links, out: Path) -> _Links:
    """What a write-only sheet needs before its rows: the size, the frozen header, the filter
    and the widths (openpyxl writes them before the rows), and a writer that keeps its
    hyperlinks on disk (returned); the sheet's XML is written to ``out`` (beside the workbook,
    in the downloads' temporary version folder, removed with it on error: openpyxl's own
    temporary file would stay in the system's until the process exits)."""
    ref = f"A1:{get_column_letter(len(widths))}{rows}"
    sheet.calculate_dimension = lambda: ref  # what a sheet in memory computes from its cells
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = ref
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    writer = _SheetWriter(sheet, links, out)  # what sheet._get_writer() would make, and write_top()
    writer.write_top()
    sheet._writer = writer
    return writer.links


class _Links:
    """A sheet's hyperlinks (cell, target), in a temporary file (``spool``): openpyxl keeps
    an object per link (~2.5 kB a row, measured) until the sheet's end."""

    def __init__(self, spool: IO[str]) -> None:
        self.file = spool
        self.count = 0

    def append(self, link: Hyperlink) -> None:
        """Spool ``link`` (what openpyxl's cell writer calls)."""
        self.file.write(json.dumps([link.ref, link.target]) + "\n")
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        """Each link's cell, target and relationship id, in the order they came."""
        self.file.seek(0)
        for number, line in enumerate(self.file, start=1):
            ref, target = json.loads(line)
            yield ref, target, f"rId{number}"

    def to_tree(self) -> Any:
        """What openpyxl serialises as the sheet's relationships: a stand-in, :class:`_Archive`
        writes them from here."""
        return RelationshipList().to_tree()


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, the hyperlinks and their relationships streamed from disk."""

    def __init__(self, sheet: Any, links: _Links, out: Path) -> None:
        out.touch(mode=0o600)  # the mode of openpyxl's temporary file: the ZIP entry keeps it
        super().__init__(sheet, out=str(out))
        self.sheet_xml = out
        self.links = links
        sheet._hyperlinks = self.links
        self._rels = self.links

    def cleanup(self) -> None:
        """Remove the sheet's XML (openpyxl's would also unlist its own temporary file)."""
        self.sheet_xml.unlink(missing_ok=True)

    def write_hyperlinks(self) -> None:
        """The ``<hyperlinks>`` element, link by link (openpyxl writes it whole)."""
        if not self.links:
            return
        xf: Any = self.xf.send(True)  # the stream, as openpyxl's write_rows asks it
        with xf.element("hyperlinks"):
            for ref, _, rid in self.links:
                xf.write(Hyperlink(ref=ref, id=rid).to_tree())
        self.xf.send(None)


class _Archive(zipfile.ZipFile):
    """The ZIP ExcelWriter writes into, the sheets' relationships streamed from their links."""

    def __init__(self, file: IO[bytes], links: dict[str, _Links]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self.links = links

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        """Write an entry; a sheet's relationships from its spooled links."""
        links = self.links.get(str(zinfo_or_arcname))
        if links is None:
            super().writestr(zinfo_or_arcname, data, *args, **kwargs)
            return
        with self.open(str(zinfo_or_arcname), "w") as entry:
            entry.write(RELATIONSHIPS[0])
            for _, target, rid in links:
                link = Relationship(type="hyperlink", TargetMode="External", Target=target, Id=rid)
                text = tostring(link.to_tree())  # bytes (lxml, ElementTree), as writestr takes
                entry.write(text if isinstance(text, bytes) else text.encode())
            entry.write(RELATIONSHIPS[1])


def _styled(sheet: Any, value: str, bold: bool = False, link: bool = False) -> Cell:
    styled = WriteOnlyCell(sheet, value)
    if bold:
        styled.font = Font(bold=True)
    if link:
        styled.hyperlink, styled.style = value, "Hyperlink"
    return styled


def stable_zip(source: Path, target: Path) -> None:
    """Copy the ZIP ``source`` into ``target``, every entry's timestamp set to
    :data:`iacoll.xlsx_export.ZIP_TIME`, entry by entry (what ``_stable_zip`` does in memory)."""
    with zipfile.ZipFile(source) as read, zipfile.ZipFile(target, "w") as written:
        for entry in read.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            info.file_size = entry.file_size  # as writestr sets it: the same ZIP64 choice
            with read.open(entry) as inside, written.open(info, "w") as copy:
                shutil.copyfileobj(inside, copy, 1 << 20)

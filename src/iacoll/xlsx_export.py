"""The XLSX download: the CSV's rows in a workbook a spreadsheet opens as it is (openpyxl).

One sheet, ``Fiches``: a header row of the fields' French labels (frozen, with a filter), then
one row per record, the same cells as the CSV (:func:`iacoll.csv_export.rows`; coordinates as
numbers), the record's address as a hyperlink. Deterministic bytes: the document dates are the
catalogue's ``dct:modified`` (not the time of writing) and the ZIP entries are rewritten with a
fixed timestamp, in the order openpyxl wrote them.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from rdflib import Graph
from rdflib.namespace import XSD

from iacoll.csv_export import ADDRESS, COLUMNS, rows
from iacoll.namespaces import DEFAULT_BASE

SHEET = "Fiches"
NUMBERS = (XSD.decimal, XSD.double, XSD.float)  # fields whose single value is a number
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry
WIDTHS = (12, 60)  # narrowest and widest column, in characters


def xlsx_bytes(graph: Graph, stamp: datetime, base: str = DEFAULT_BASE) -> bytes:
    """The workbook of every record of ``graph``, dated ``stamp``, addresses under ``base``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([*(f.label_fr for f in COLUMNS), ADDRESS[1]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    numeric = [f.datatype in NUMBERS for f in COLUMNS] + [False]
    for values in rows(graph, base):
        sheet.append([as_number(v) if n else v for v, n in zip(values, numeric, strict=True)])
        link = sheet.cell(row=sheet.max_row, column=len(values))
        link.hyperlink, link.style = values[-1], "Hyperlink"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max(len(str(value or "")) for value in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(longest + 2, WIDTHS[0]), WIDTHS[1]
        )
    book.properties.creator = "iacoll"
    book.properties.created = book.properties.modified = stamp.replace(tzinfo=None)
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the time of writing as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _stable_zip(buffer.getvalue())


def as_number(text: str) -> float | str:
    """``text`` as a number (a spreadsheet can sort and map it), else as it is."""
    try:
        return float(text)
    except ValueError:
        return text


def _stable_zip(data: bytes) -> bytes:
    """``data`` (a ZIP) with every entry's timestamp set to :data:`ZIP_TIME`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()

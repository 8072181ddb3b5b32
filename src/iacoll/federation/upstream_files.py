"""Reading upstream files: CSV in both dialects of the Bibliothèque d'IA territoriales, and XLSX.

The library's exports come in two dialects: comma-separated with title-case headers
(``Nom_collectivite,Nom_du_projet,SIRET,…``, the Grist download) and semicolon-separated with
the field keys as headers (``coll_nom;nom_projet;coll_siret;…``). Agents also save them from
Excel (Windows-1252, or UTF-8 with a BOM) or send the workbook itself. :func:`read_rows` turns
any of them into :class:`Row`\\ s keyed by upstream field (:data:`HEADERS` maps every known
header to its key), numbered as a spreadsheet numbers its rows (the header is row 1, a cell
holding line breaks stays one row). The values are left as text for
:func:`iacoll.model.upstream.to_records`. A file that cannot be read raises
:class:`UnreadableUpload` (400) saying where; inputs are bounded (size, rows, cells).
:func:`write_csv` writes records' values back in either dialect.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from iacoll.errors import IacollError
from iacoll.model.fields import FIELDS
from iacoll.model.problems import Problem
from iacoll.model.reference import fold

MAX_BYTES = 10 * 1024 * 1024  # a 10,000-row export is about 3 MB
MAX_ROWS = 10_000
MAX_UNZIPPED = 100 * 1024 * 1024  # what an XLSX may hold once decompressed
MAX_COLUMNS = 200  # columns read from a worksheet (the model has 39 fields)

# Headers of the comma dialect (the Grist export of the library) → upstream key.
TITLE_CASE_HEADERS = {
    "Nom_collectivite": "coll_nom",
    "Nom_du_projet": "nom_projet",
    "SIRET": "coll_siret",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "Type_de_collectivite": "coll_type",
    "Date_de_demarrage": "projet_date",
    "Statut_du_projet": "projet_status",
    "Partenaires": "partenaires",
    "Description_service": "usage_description",
    "Theme": "theme",
    "Sous_Theme": "sous_theme",
    "Audience": "audience_service",
    "URL_Service": "url_infos",
    "URL_Logo": "image_url",
    "Date_de_derniere_mise_a_jour": "date",
}


def _headers() -> dict[str, str]:
    """Folded header → upstream key: the keys, their aliases, the title-case headers and the
    French labels (the headers of iacoll's own exports)."""
    table: dict[str, str] = {}
    for spec in FIELDS:
        for name in (*spec.keys, spec.label_fr):
            table.setdefault(fold(name.replace("_", " ")), spec.key)
    for header, key in TITLE_CASE_HEADERS.items():
        table[fold(header.replace("_", " "))] = key
    return table


HEADERS = _headers()


class UnreadableUpload(IacollError):
    """An uploaded file that cannot be read: its name, the line or row, what to do."""

    status = 400

    def __init__(self, filename: str, fr: str, en: str, *, line: int | None = None) -> None:
        self.filename = filename
        self.line = line
        where_fr = f"{filename}, ligne {line}" if line is not None else filename
        where_en = f"{filename}, line {line}" if line is not None else filename
        self.messages = {"fr": f"{where_fr} : {fr}", "en": f"{where_en}: {en}"}
        super().__init__(self.messages["fr"])

    def text(self, lang: str) -> str:
        """The message in ``lang`` (French unless ``en``)."""
        return self.messages["en" if lang == "en" else "fr"]


@dataclass
class Row:
    """One data row: its number in a spreadsheet, its cells by upstream key, what is wrong."""

    number: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


def read_rows(data: bytes, filename: str) -> list[Row]:
    """The rows of an uploaded CSV or XLSX file.

    Raises :class:`UnreadableUpload` for a file over :data:`MAX_BYTES` or :data:`MAX_ROWS`, an
    unknown format, an encoding it cannot read, malformed CSV quoting (with its line) or
    headers that name no upstream field. Cells are read whole (the file size bounds them); the
    text fields' own limits apply in :func:`~iacoll.model.upstream.to_records`.
    """
    if len(data) > MAX_BYTES:
        size, limit = f"{len(data) / 1e6:.1f}", MAX_BYTES // 1024 // 1024
        raise UnreadableUpload(
            filename,
            f"le fichier pèse {size.replace('.', ',')} Mo, {limit} Mo au plus : découpez-le en"
            " plusieurs fichiers.",
            f"the file is {size} MB, at most {limit} MB: split it into several files.",
        )
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(b"PK\x03\x04") or suffix == "xlsx":
        return _rows(filename, _xlsx_table(data, filename))
    if suffix in ("csv", "txt", ""):
        return _rows(filename, _csv_table(data, filename))
    raise UnreadableUpload(
        filename,
        f"le format « .{suffix} » n'est pas lu : enregistrez le tableau en CSV ou en XLSX.",
        f"the “.{suffix}” format is not read: save the table as CSV or XLSX.",
    )


# --- CSV ---------------------------------------------------------------------------------


def decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (Excel's CSV)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableUpload(
        filename,
        "l'encodage du fichier n'est pas reconnu : enregistrez-le en « CSV UTF-8 ».",
        "the file's encoding is not recognised: save it as “CSV UTF-8”.",
    )


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def _csv_table(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    text = decode(data, filename)
    if "\x00" in text:
        raise UnreadableUpload(
            filename,
            "le fichier contient des octets nuls : ce n'est pas un fichier CSV texte.",
            "the file contains NUL bytes: it is not a text CSV file.",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    table: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many(filename)
            table.append((number, cells))
    except csv.Error as error:
        raise UnreadableUpload(
            filename,
            f"le fichier CSV est mal formé ({_csv_reason(str(error))}) : vérifiez les guillemets"
            " autour des cellules qui contiennent le séparateur ou un retour à la ligne.",
            f"the CSV file is malformed ({error}): check the quotes around cells holding the"
            " delimiter or a line break.",
            line=reader.line_num,
        ) from None
    return table


def _csv_reason(message: str) -> str:
    if "field larger" in message:
        return "une cellule est trop longue"
    if "end of data" in message or "EOF" in message:
        return "guillemet ouvrant sans guillemet fermant"
    if "expected after" in message:
        return "guillemet mal placé dans une cellule"
    return message


def _too_many(filename: str) -> UnreadableUpload:
    return UnreadableUpload(
        filename,
        f"le fichier compte plus de {MAX_ROWS} lignes : découpez-le en plusieurs fichiers.",
        f"the file has more than {MAX_ROWS} rows: split it into several files.",
    )


# --- XLSX --------------------------------------------------------------------------------


def _xlsx_table(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    unreadable = UnreadableUpload(
        filename,
        "le classeur XLSX n'est pas lisible : ouvrez-le et enregistrez-le de nouveau au format"
        " « Classeur Excel (.xlsx) ».",
        "the XLSX workbook cannot be read: open it and save it again as “Excel Workbook (.xlsx)”.",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise _too_many(filename)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableUpload:
        raise
    except Exception as error:  # zipfile, XML and openpyxl errors: all mean "not readable"
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        table: list[tuple[int, list[str]]] = []
        cells_read = sheet.iter_rows(max_col=MAX_COLUMNS)
        for number, cells in enumerate(cells_read, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many(filename)
            table.append((number, [_cell_text(cell) for cell in cells]))
        return table
    except UnreadableUpload:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _cell_text(cell: Any) -> str:
    """A spreadsheet cell as the text an export would hold: a date ``JJ/MM/AAAA``, or
    ``MM/AAAA`` when the cell shows no day (Excel turns « 01/2024 » into a date)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        shown = str(getattr(cell, "number_format", "")).lower()
        return value.strftime("%m/%Y" if "d" not in shown else "%d/%m/%Y")
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e9:
        return str(int(value))  # a SIRET typed as a number
    return str(value)


# --- rows --------------------------------------------------------------------------------


def _rows(filename: str, table: list[tuple[int, list[str]]]) -> list[Row]:
    """Rows keyed by upstream field: the first non-empty row is the header."""
    while table and not any(cell.strip() for cell in table[0][1]):
        table = table[1:]
    if not table:
        raise UnreadableUpload(filename, "le fichier est vide.", "the file is empty.", line=None)
    header_line, header = table[0]
    keys = _keys(filename, header_line, header)
    rows = []
    for number, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        row = Row(number, {})
        for key, cell in zip(keys, cells, strict=False):
            if cell.strip():
                row.values[key] = cell
        if len(cells) > len(keys) and any(cell.strip() for cell in cells[len(keys) :]):
            row.problems.append(
                Problem(
                    f"Ligne {number} : {len(cells)} cellules pour {len(keys)} colonnes ; les"
                    " cellules en trop ne sont pas reprises (séparateur dans une cellule sans"
                    " guillemets ?).",
                    f"Row {number}: {len(cells)} cells for {len(keys)} columns; the extra cells"
                    " are not kept (a delimiter in an unquoted cell?).",
                    value=" | ".join(cells[len(keys) :])[:200],
                )
            )
        rows.append(row)
    return rows


def _keys(filename: str, line: int, header: list[str]) -> list[str]:
    """The upstream key of each column (an unknown header is kept as written, so that
    :func:`~iacoll.model.upstream.to_records` reports it)."""
    keys = [
        HEADERS.get(fold(cell.replace("_", " ")), cell.strip() or f"colonne {index}")
        for index, cell in enumerate(header, start=1)
    ]
    known = [k for k in keys if k in {spec.key for spec in FIELDS}]
    if not known:
        raise UnreadableUpload(
            filename,
            "la première ligne ne nomme aucun champ du modèle (coll_nom, nom_projet,"
            " Nom_collectivite…) : ajoutez la ligne d'en-tête.",
            "the first row names no field of the model (coll_nom, nom_projet,"
            " Nom_collectivite…): add the header row.",
            line=line,
        )
    twice = sorted({k for k in known if known.count(k) > 1})
    if twice:
        raise UnreadableUpload(
            filename,
            f"plusieurs colonnes donnent le même champ ({', '.join(twice)}) : gardez-en une.",
            f"several columns give the same field ({', '.join(twice)}): keep one.",
            line=line,
        )
    return keys


# --- writing -----------------------------------------------------------------------------


def write_csv(records: list[dict[str, list[str]]], *, title_case: bool = False) -> bytes:
    """Records' upstream values (:func:`~iacoll.model.upstream.from_records`) as a CSV file
    :func:`read_rows` reads back: semicolons and the field keys as headers (the library's
    processed export), or commas and its Grist export's title-case headers (only its 16
    columns); lists joined by ``, ``; UTF-8 with a BOM, so that Excel reads the accents."""
    if title_case:
        headers = {key: header for header, key in TITLE_CASE_HEADERS.items()}
    else:
        headers = {spec.key: spec.key for spec in FIELDS}
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter="," if title_case else ";", lineterminator="\r\n")
    writer.writerow(headers.values())
    for values in records:
        writer.writerow(", ".join(values.get(key, [])) for key in headers)
    return out.getvalue().encode("utf-8-sig")

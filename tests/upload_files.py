"""Upstream files (CSV in both dialects and three encodings, XLSX) built from seed records,
with bad rows: what the upload tests send, through the API, the web form or Chromium."""

from __future__ import annotations

import csv
import io

import openpyxl
from rdflib import Graph

from iacoll import sources
from iacoll.federation.upstream_files import TITLE_CASE_HEADERS
from iacoll.model.upstream import from_records
from tests.write_side import seed_record

GOOD = ("amp-callbot-encombrants", "amp-photos-encombrants")
KEYS_IN_ORDER = (
    "coll_nom",
    "coll_siret",
    "coll_type",
    "nom_projet",
    "projet_date",
    "projet_status",
    "usage_description",
    "theme",
    "sous_theme",
    "audience_service",
    "date",
)


def seed_row(slug: str) -> dict[str, str]:
    """The upstream values of the seed record ``slug`` (one cell per field)."""
    record = seed_record("cas-usage", slug)
    organisation = Graph().parse(
        sources.DATA_DIR / "organisation" / "metropole-aix-marseille-provence.ttl"
    )
    values = from_records(record, organisation)
    return {key: ", ".join(texts) for key, texts in values.items()}


def rows_with_bad_ones() -> list[dict[str, str]]:
    """Two good rows (AMP's seed records), then a wrong SIRET check digit, an unknown theme
    and a missing project name."""
    good = [seed_row(slug) for slug in GOOD]
    bad_siret = {**good[0], "coll_siret": "200 054 807 00018", "nom_projet": "Callbot bis"}
    unknown_theme = {**good[1], "theme": "Thème qui n'existe pas", "nom_projet": "Photos bis"}
    missing = {k: v for k, v in good[0].items() if k != "nom_projet"}
    return [*good, bad_siret, unknown_theme, missing]


def csv_bytes(
    rows: list[dict[str, str]], *, delimiter: str, encoding: str, title_case: bool = False
) -> bytes:
    keys = [k for k in KEYS_IN_ORDER if any(k in r for r in rows)]
    headers = {v: k for k, v in TITLE_CASE_HEADERS.items()} if title_case else {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([headers.get(k, k) for k in keys])
    for row in rows:
        writer.writerow([row.get(k, "") for k in keys])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    keys = [k for k in KEYS_IN_ORDER if any(k in r for r in rows)]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(keys)
    for row in rows:
        sheet.append([row.get(k, "") for k in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FILES = {
    "virgule-utf8.csv": lambda rows: csv_bytes(
        rows, delimiter=",", encoding="utf-8", title_case=True
    ),
    "point-virgule-bom.csv": lambda rows: csv_bytes(rows, delimiter=";", encoding="utf-8-sig"),
    "excel-windows-1252.csv": lambda rows: csv_bytes(rows, delimiter=";", encoding="cp1252"),
    "classeur.xlsx": xlsx_bytes,
}

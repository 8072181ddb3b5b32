"""``iacoll export --to eurocities-csv``: the published use cases in the CSV template of the
Eurocities / Dutch community Algorithmic Transparency Standard 0.3.1, that a city register (and
:mod:`.eurocities_csv`) reads back.

The columns are the template's (``formats/registration-v0.3.1.template.csv`` of
Algoritmeregister/standard: the 49 attributes of ``_data/schema-v0_3_1.yaml`` in order,
semicolon-separated, every cell quoted), read from the ``eurocities-csv`` crosswalk
(``crosswalks/eurocities-csv.toml``, its fields without ``only_in = "0.3"``). Each column is
the crosswalk read backwards, from the public store:

- a column whose field has a target holds the use case's value of it — for a field the
  crosswalk puts on the AI system (``node = "systeme"``), the system's value, else the case's,
  where iacoll keeps its governance texts (``model/fields.py``): texts in the record's language,
  ``description_short`` cut at a word to the standard's 150 characters, ``organization`` the
  publisher's name, ``keywords`` joined with « , »;
- a column with controlled values (``domain``, ``status``, ``risk_category``) holds the value
  whose mapping onto the concept is the exactMatch, else its single closeMatch, among the
  values not marked ``export = false``
  (:func:`~iacoll.federation.nl_algoritmeregister_export.reverse`); a concept with no such value
  (several domains map onto one iacoll theme, no value maps onto « abandonné ») leaves the cell
  empty;
- ``uuid`` is the record's own (``id/cas-usage/eu-{uuid}``, a record read from such a file) or a
  name-based UUID of its IRI (UUID 5, URL namespace), stable across exports; ``lang`` is the
  ISO 639-1 code of its texts, ``standard_version`` ``0.3.1``;
- every other column — a field iacoll does not map (contacts, lawful basis, data, methods…),
  or maps but does not hold for the record — stays empty: nothing is invented, and no
  members-only value is read. Rows are sorted by record IRI.
"""

from __future__ import annotations

import csv
import io
import tomllib
import uuid
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.paths import Path

from iacoll.federation import crosswalks
from iacoll.federation.nl_algoritmeregister_export import (
    Published,
    cut,
    keywords,
    published,
    reverse,
)
from iacoll.namespaces import AI, DCT, FOAF, ID

MEDIA_TYPE = "text/csv"
SUFFIX = ".csv"
CROSSWALK = "eurocities-csv"
STANDARD_VERSION = "0.3.1"
SHORT = 150  # description_short: the standard's maximum length
OWN_UUID = f"{ID}cas-usage/eu-"


@cache
def columns() -> tuple[tuple[str, str | None], ...]:
    """The template's columns in order, each with its crosswalk ``node`` (``"systeme"`` or
    None)."""
    path = crosswalks.FOLDER / f"{CROSSWALK}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple((f["source"], f.get("node")) for f in data["field"] if "only_in" not in f)


def export(store: ox.Store, base: str) -> bytes:
    """The public store's use cases as the template's CSV (UTF-8, CRLF line ends)."""
    header = [name for name, _ in columns()]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for case in published(store, base):
        row = row_of(case)
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode("utf-8")


def row_of(case: Published) -> dict[str, str]:
    """The template's cells of one use case (column → value; an absent column is empty)."""
    walk = crosswalks.load(CROSSWALK)
    lang = case.language()
    row = {
        "uuid": _uuid(case),
        "lang": lang,
        "standard_version": STANDARD_VERSION,
        "keywords": ", ".join(keywords(case, lang)),
    }
    on_case = {walk.target(name) for name, node in columns() if node is None}
    for name, node in columns():
        target = walk.target(name)
        if target is None or name in row:
            continue
        paths: tuple[URIRef | Path, ...] = (target,)
        if node == "systeme":
            paths = (AI.hasAISystem / target,) + (() if target in on_case else (target,))
        row[name] = _cell(case, name, paths, lang)
    row["description_short"] = cut(row.get("description_short", ""), SHORT)
    return {name: value for name, value in row.items() if value}


def _cell(case: Published, name: str, paths: tuple[URIRef | Path, ...], lang: str) -> str:
    """The value of column ``name``: a register value for a controlled field, the publisher's
    name, an IRI, a date or a text in ``lang``."""
    found = case.values(*paths)
    if any(v.field == name for v in crosswalks.load(CROSSWALK).values):
        values = reverse(CROSSWALK, name)
        return next((values[v] for v in sorted(found, key=str) if v in values), "")
    if paths == (DCT.publisher,):
        return case.text(DCT.publisher / FOAF.name, lang=lang)
    plain = [str(v) for v in found if isinstance(v, URIRef | Literal) and not _tagged(v)]
    return plain[0] if plain else case.text(*paths, lang=lang)


def _tagged(term: URIRef | Literal) -> bool:
    return isinstance(term, Literal) and term.language is not None


def _uuid(case: Published) -> str:
    """The record's own uuid (a record read from such a file), else a UUID 5 of its IRI (as the
    store serves it)."""
    own = str(case.iri).removeprefix(OWN_UUID)
    if own != str(case.iri):
        try:
            return str(uuid.UUID(own))
        except ValueError:
            pass
    return str(uuid.uuid5(uuid.NAMESPACE_URL, case.address))

"""Records from files, for the command line: a Turtle record laid out as in ``data/``, or an
upstream CSV/XLSX file of the Bibliothèque d'IA territoriales (one record per row).

Nothing here writes: the records go to :class:`iacoll.publishing.write.Writer` like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from iacoll import sources
from iacoll.federation.upstream_files import read_rows
from iacoll.model import upstream
from iacoll.model.problems import Problem
from iacoll.model.record import KINDS, Record
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import ID
from iacoll.publishing.db import Database
from iacoll.publishing.published import published_catalogue

TABLES = {".csv", ".xlsx"}


@dataclass
class Loaded:
    """Records read from a file, each with where it came from, and the rows' problems."""

    records: list[Record] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)  # "file:row" or "file"
    problems: list[tuple[str, Problem]] = field(default_factory=list)


def load(path: Path, db: Database) -> Loaded:
    """The records ``path`` holds (raises :class:`iacoll.errors.UnreadableInput` and
    :class:`iacoll.federation.upstream_files.UnreadableUpload` on bad input)."""
    if path.suffix.lower() in TABLES:
        return _table(path, published_catalogue(db))
    return _turtle(path)


def _turtle(path: Path) -> Loaded:
    kind = path.parent.name
    if kind not in KINDS:
        raise ValueError(
            f"{path} : un fichier Turtle de fiche se range dans un dossier "
            f"{', '.join(KINDS)} (comme data/), sa partie restreinte dans ../restreint/."
        )
    restricted_path = path.parent.parent / "restreint" / path.name
    restricted = sources.read_rdf(restricted_path) if restricted_path.exists() else Graph()
    record = Record(URIRef(f"{ID}{kind}/{path.stem}"), sources.read_rdf(path), restricted)
    return Loaded([record], [str(path)])


def _table(path: Path, catalogue: Catalogue) -> Loaded:
    loaded = Loaded()
    for row in read_rows(path.read_bytes(), path.name):
        where = f"{path}:{row.number}"
        loaded.problems += [(where, p) for p in row.problems]
        built = upstream.to_records(row.values, catalogue=catalogue)
        loaded.problems += [(where, p) for p in built.problems]
        for record in (built.organisation, built.record):
            if record is not None:
                loaded.records.append(record)
                loaded.origins.append(where)
        catalogue = catalogue.including(built.record, built.organisation)
    return loaded

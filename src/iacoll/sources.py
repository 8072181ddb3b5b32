"""Where the project's source files live, and reading them into rdflib graphs.

The pipeline starts here: ``ontology/``, ``shapes/`` and ``data/`` are parsed into plain
in-memory rdflib graphs; a syntax error becomes :class:`UnreadableInput` with ``file:line:col``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from iacoll.errors import UnreadableInput

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
VOCABULARY_DIR = ONTOLOGY_DIR / "vocabularies"
SHAPES_DIR = ROOT / "shapes"
DATA_DIR = ROOT / "data"
VENDOR_DIR = ROOT / "vendor"
DCAT_AP_SHAPES_DIR = VENDOR_DIR / "dcat-ap-3.0.1"
EU_VOCABULARIES = VENDOR_DIR / "eu-vocabularies" / "eu-nal-subset.ttl"

# The five split DCAT-AP 3.0.1 shape files (the single-file version is broken upstream).
DCAT_AP_SHAPE_FILES = (
    "shapes.ttl",
    "range.ttl",
    "shapes_recommended.ttl",
    "mdr-vocabularies.shape.ttl",
    "deprecateduris.ttl",
)

RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".trig": "trig",
}


def rdf_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand files and folders into RDF files (folders recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES)
        elif path.exists():
            yield path
        else:
            raise UnreadableInput(path, "fichier ou dossier introuvable")


def read_rdf(path: Path, into: Graph | None = None) -> Graph:
    """Parse one RDF file (format from its suffix) into ``into`` or a new graph."""
    graph = into if into is not None else Graph()
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise UnreadableInput(path, f"extension inconnue « {path.suffix} » (attendu : .ttl, …)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInput(path, f"lecture impossible : {exc}") from exc
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        line, column = _position(text, exc)
        raise UnreadableInput(
            path, f"erreur de syntaxe Turtle : {exc._why}", line=line, column=column
        ) from exc
    except Exception as exc:  # any other parser failure is bad input, not a server bug
        raise UnreadableInput(path, f"erreur d'analyse ({fmt}) : {exc}") from exc
    return graph


def read_all(paths: Iterable[Path], into: Graph | None = None) -> Graph:
    """Parse every RDF file under ``paths`` into one graph."""
    graph = into if into is not None else Graph()
    for path in rdf_files(paths):
        read_rdf(path, graph)
    return graph


def _position(text: str, exc: BadSyntax) -> tuple[int, int]:
    """1-based line and column of a notation3 ``BadSyntax`` error within ``text``."""
    consumed = exc._str.decode("utf-8", errors="replace")[: exc._i]
    if text.startswith(exc._str.decode("utf-8", errors="replace")):
        line = consumed.count("\n") + 1
        column = len(consumed) - (consumed.rfind("\n") + 1) + 1
        return line, column
    # The parser only kept part of the document: trust its line counter.
    return exc.lines + 1, len(consumed) - (consumed.rfind("\n") + 1) + 1

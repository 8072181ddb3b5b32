"""Where the project's source files live, and reading them into rdflib graphs.

The pipeline starts here: ``ontology/``, ``shapes/`` and ``data/`` are parsed into plain
in-memory rdflib graphs; a syntax error becomes :class:`UnreadableInput` with ``file:line:col``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, URIRef
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
FORMAT_NAMES = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "json-ld": "JSON-LD",
    "xml": "RDF/XML",
    "trig": "TriG",
}


def rdf_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand files and folders into RDF files (folders recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES)
        elif path.exists():
            yield path
        else:
            raise UnreadableInput(
                path, "fichier ou dossier introuvable", message_en="no such file or folder"
            )


def read_rdf(path: Path, into: Graph | None = None) -> Graph:
    """Parse one RDF file (format from its suffix) into ``into`` or a new graph.

    Besides syntax errors, an IRI that is not one (spaces, ``<>"{}|^`\\``) or a relative IRI
    (no ``@base``: rdflib would silently resolve it against the file's own path) makes the
    file unreadable: nothing from it reaches the graph.
    """
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise UnreadableInput(
            path,
            f"extension inconnue « {path.suffix} » (attendu : {', '.join(RDF_SUFFIXES)})",
            message_en=f"unknown extension '{path.suffix}' (expected: {', '.join(RDF_SUFFIXES)})",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInput(
            path, f"lecture impossible : {exc}", message_en=f"cannot read: {exc}"
        ) from exc
    part = Graph()
    base = path.resolve().as_uri()
    try:
        with _quiet_rdflib():  # rdflib logs bad IRIs: they are reported below, with a position
            part.parse(data=text, format=fmt, publicID=base)
    except BadSyntax as exc:
        line, column = _position(text, exc)
        raise UnreadableInput(
            path,
            f"erreur de syntaxe {FORMAT_NAMES[fmt]} : {exc._why}",
            message_en=f"{FORMAT_NAMES[fmt]} syntax error: {exc._why}",
            line=line,
            column=column,
        ) from exc
    except Exception as exc:  # any other parser failure is bad input, not a server bug
        raise UnreadableInput(
            path, f"erreur d'analyse ({fmt}) : {exc}", message_en=f"parse error ({fmt}): {exc}"
        ) from exc
    _check_iris(path, text, part, base)
    if into is None:
        return part
    into += part
    return into


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _check_iris(path: Path, text: str, graph: Graph, base: str) -> None:
    """Refuse malformed and relative IRIs, with the position of the first one."""
    folder = base.rsplit("/", 1)[0] + "/"
    for term in sorted({t for triple in graph for t in triple if isinstance(t, URIRef)}):
        iri = str(term)
        relative = iri.startswith("file:")
        written = iri
        if relative:
            written = "" if iri == base else iri.removeprefix(folder)
        if _NOT_IN_IRI.search(written):
            line, column = _find(text, f"<{written}>")
            if line is None:  # written with a prefix, or escaped: point at the text itself
                line, column = _find(text, written)
            raise UnreadableInput(
                path,
                f"IRI invalide « <{written}> » : une IRI ne contient ni espace ni "
                '<>"{}|^`\\ (encodez-les, par exemple %20 pour une espace)',
                message_en=f"invalid IRI '<{written}>': an IRI holds no space nor "
                '<>"{}|^`\\ (percent-encode them, e.g. %20 for a space)',
                line=line,
                column=column,
            )
        if relative:
            line, column = _find(text, f"<{written}>")
            raise UnreadableInput(
                path,
                f"IRI relative « <{written}> » : écrivez une IRI absolue (https://…) ou "
                "déclarez @base",
                message_en=f"relative IRI '<{written}>': write an absolute IRI (https://…) "
                "or declare @base",
                line=line,
                column=column,
            )


def _find(text: str, needle: str) -> tuple[int | None, int | None]:
    """1-based line and column of the first occurrence of ``needle`` in ``text``."""
    index = text.find(needle)
    if index < 0:
        return None, None
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


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

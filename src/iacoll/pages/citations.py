"""Citations inside a literal's text, made readable: a seed document by its title, an IRI as code.

The vocabularies cite the seed documents by file and lines (``dct:source "Numérique360,
sous-thématiques (seeds/001_48550992bcc9d727.txt:883-901)"``, or ``001:393`` for a document
cited just before). That stays in the RDF for traceability; a page shows the document's title,
linked to its page, and neither the file name nor the lines. References to the same document
in a row (``seeds/001_….txt:790, 001:393``) become one. An IRI written in a text (a shape's
message: ``<https://w3id.org/iacoll/vocab/role>``) is shown as code.

A text is cut into :class:`Part` values; a text with nothing to cite is one part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal as Kind

from rdflib import URIRef

from iacoll.namespaces import DCT, DEFAULT_BASE, IACOLL
from iacoll.pages.site import Site

# ``seeds/001_48550992bcc9d727.txt:883-901``, ``001_48550992bcc9d727.txt``, ``001:393``.
SEED_REFERENCE = re.compile(
    r"(?<![\w/])(?:seeds/)?(?P<key>\d{3})(?P<file>_[0-9a-f]{16}\.txt)?"
    r"(?::\d+(?:-\d+)?(?:,\s*\d+(?:-\d+)?(?!\s*\d{3}:))*)?(?![\w:])"
)
IRI_IN_TEXT = re.compile(r"<?\bhttps?://[^\s<>]*>?")
# « (ligne 499) », « livret, ligne 34 », « lignes 937-938 », « lines 3 and 5 ».
LINE_REFERENCE = re.compile(
    r",?\s*\b(?:lignes?|lines?)\s+\d+(?:-\d+)?(?:\s*(?:,|et|and)\s*\d+(?:-\d+)?)*"
)
_EMPTY = ((re.compile(r"\s*\(\s*\)"), ""), (re.compile(r"\(\s*[,;]\s*"), "("))
_JOINER = re.compile(r"\s*[,;]\s*|\s+et\s+")


@dataclass(frozen=True)
class Part:
    """A piece of a text: words, an identifier (shown as code) or a link to a page."""

    text: str
    kind: Kind["words", "code", "link"] = "words"
    href: str = ""


def parts(text: str, documents: Mapping[str, tuple[str, str]]) -> tuple[Part, ...]:
    """``text`` cut into parts; ``documents``: seed file key (``001``) → (title, page path).

    A reference to a file key that ``documents`` does not know is left as written unless it
    names a file (``…_0123456789abcdef.txt``), which becomes « document source ». Line
    numbers (« ligne 499 ») are left out.
    """
    text = without_lines(text)
    found: list[Part] = []
    position = 0
    for match in _references(text, documents):
        _words(text[position : match.start()], found)
        title, href = documents.get(match["key"], ("document source", ""))
        link = Part(title, "link", href) if href else Part(title)
        if len(found) >= 2 and found[-2] == link and _JOINER.fullmatch(found[-1].text):
            found.pop()  # « A, A » → « A »
        else:
            found.append(link)
        position = match.end()
    _words(text[position:], found)
    return tuple(found)


def without_lines(text: str) -> str:
    """``text`` without its line references, and without the brackets they leave empty."""
    text = LINE_REFERENCE.sub("", text)
    for pattern, replacement in _EMPTY:
        text = pattern.sub(replacement, text)
    return text


def _references(text: str, documents: Mapping[str, tuple[str, str]]) -> list[re.Match[str]]:
    """Seed references: a file name, or a known key followed by lines (not « 100 % »)."""
    return [
        m
        for m in SEED_REFERENCE.finditer(text)
        if m["file"] or (m["key"] in documents and ":" in m.group(0))
    ]


def _words(text: str, into: list[Part]) -> None:
    """Plain text, an IRI in it as code."""
    position = 0
    for iri in IRI_IN_TEXT.finditer(text):
        if iri.start() > position:
            into.append(Part(text[position : iri.start()]))
        into.append(Part(iri.group(0), "code"))
        position = iri.end()
    if position < len(text):
        into.append(Part(text[position:]))


def plain(found: tuple[Part, ...]) -> bool:
    """Whether the parts are just words (the text needs no markup)."""
    return all(p.kind == "words" for p in found)


def seed_documents(site: Site) -> dict[str, tuple[str, str]]:
    """Seed file key (``001``) → (the document's French title, its page), from the store."""
    source_file = site.base + str(IACOLL.fichierSource)[len(DEFAULT_BASE) :]
    rows = site.select(
        "SELECT ?d ?file ?title WHERE { ?d ?source_file ?file ; ?title_of ?title"
        ' FILTER(LANG(?title) IN ("fr", "")) }',
        source_file=URIRef(source_file),
        title_of=DCT.title,
    )
    return {
        str(row["file"])[:3]: (str(row["title"]), site.path_for_iri(str(row["d"])) or "")
        for row in sorted(rows, key=lambda row: str(row["title"]))
    }

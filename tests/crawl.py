"""A crawl of the public pages and the oracles it applies to each, as a reader sees the page.

The crawl starts from the home page, every listing page and every minted resource and follows
every internal link (path only: a query string other than ``lang`` is dropped, so the search's
facet combinations are not enumerated), reading HTML pages only.

What a reader *sees* (:func:`seen`): the text of the ``<body>`` and the ``<title>``, plus the
attributes read aloud or shown (``alt``, ``title``, ``aria-label``, ``placeholder``), each
piece with the language it is marked with (the nearest ``lang`` attribute). Not seen: scripts,
styles, templates, and the *code boxes* ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>`` and
``<textarea>``, where an identifier is shown on purpose.

The oracles:

- **raw IRI**: seen text holding ``http://…`` or ``https://…``. An address is shown in a code
  box, or by a readable label (a web page's address without its scheme, a document's title).
- **seed file name**: ``000_0123456789abcdef.txt`` anywhere on the page but the embedded RDF
  (the JSON-LD ``<script>``, which keeps them for traceability): code boxes too.
- **line numbers**: « ligne 12 », « lignes 3-4 » (« line(s) » in English) in seen text.
- **English on a French page**, in seen text not marked ``lang="en"``: the English value of an
  interface message (:data:`iacoll.pages.i18n.MESSAGES`) whose two values differ and that is
  not a French word as well (:data:`BILINGUAL`); or the value of a literal of the store tagged
  ``@en`` of two words or more that is not also a French or untagged literal of the store (a
  name such as « Leakmited » is the same in both; a one-word label such as ``identifier``@en
  is a French word too). A value of several words is matched as whole words, case-sensitive,
  inside a piece of text; a one-word message (« Partner ») only as a whole piece (a label, a
  heading, a button: « French » in « FLAIR (French Land cover…) » is a name). Values of fewer
  than four letters are not matched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi.testclient import TestClient

from tests.html import Element, dom

HIDDEN = {"script", "style", "template", "head"}
CODE_BOXES = {"code", "pre", "kbd", "samp", "textarea"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
RAW_IRI = re.compile(r"\bhttps?://\S*")
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
LINE_NUMBERS = re.compile(r"\b(?:lignes?|lines?) \d+")  # in a sentence: not a heading
# English message values that are French words too (« Description », « Type », « Phase »…
# are equal in both and skipped anyway).
BILINGUAL = frozenset(
    {"Organisation", "Source", "Sources", "Documentation", "Information", "Licence"}
)
# Paths the crawl does not read: files, the API documentation, the SPARQL protocol itself.
NOT_PAGES = ("/static/", "/api", "/openapi.json", "/.well-known/")


@dataclass(frozen=True)
class Piece:
    """A piece of seen text and the language it is marked with ("" when unmarked)."""

    text: str
    lang: str
    code: bool  # inside a code box


def seen(element: Element, lang: str = "", code: bool = False) -> Iterator[Piece]:
    """What a reader sees of ``element`` (see the module's docstring), piece by piece."""
    lang = element.attrs.get("lang", lang)
    code = code or element.tag in CODE_BOXES
    for name in READ_ATTRIBUTES:
        if element.attrs.get(name):
            yield Piece(element.attrs[name], lang, code)
    for child in element.children:
        if isinstance(child, str):
            if child.strip():
                yield Piece(child, lang, code)
        elif child.tag == "title" or child.tag not in HIDDEN:
            yield from seen(child, lang, code)
        elif child.tag == "head":
            for title in child.all("title"):
                yield from seen(title, lang, code)


def joined(pieces: Iterable[Piece]) -> str:
    """Pieces as one text, whitespace (no-break spaces too) collapsed."""
    return re.sub(r"\s+", " ", " ".join(p.text for p in pieces)).strip()


@dataclass
class Oracles:
    """The English strings a French page must not show (see the module's docstring)."""

    english: dict[str, str]  # English string → where it comes from (message key, literal)
    _pattern: re.Pattern[str] | None = None

    @classmethod
    def build(
        cls, messages: dict[str, dict[str, str]], english: Iterable[str], french: Iterable[str]
    ) -> Oracles:
        """From the interface messages and the store's @en and @fr/untagged literals."""
        found: dict[str, str] = {}
        for key, entry in messages.items():
            value = entry.get("en", "")
            if value and value != entry.get("fr") and value not in BILINGUAL:
                found.setdefault(value, f"message {key}")
        french_values = set(french)
        for value in english:
            if value not in french_values and len(value.split()) > 1:
                found.setdefault(value, "@en literal")
        kept = {v: w for v, w in found.items() if len(re.findall(r"[A-Za-z]", v)) >= 4}
        return cls(kept)

    @property
    def pattern(self) -> re.Pattern[str]:
        """One alternation of every English string, longest first, as whole words."""
        if self._pattern is None:
            ordered = sorted(self.english, key=len, reverse=True)
            alternation = "|".join(re.escape(v) for v in ordered)
            self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
        return self._pattern

    def english_in(self, pieces: Iterable[Piece]) -> list[str]:
        """The English strings found in ``pieces``."""
        pieces = list(pieces)
        found = [m.group(0) for m in self.pattern.finditer(joined(pieces))]
        found = [f for f in found if len(f.split()) > 1]
        words = (re.sub(r"\s+", " ", p.text).strip().rstrip(" :") for p in pieces)
        return found + [w for w in words if w in self.english and " " not in w]


def problems(html: Element, french: bool, oracles: Oracles | None) -> list[tuple[str, str]]:
    """``(kind, what)`` for every failure of the page (see the module's docstring)."""
    pieces = list(seen(html.first("html") if list(html.all("html")) else html))
    prose = joined(p for p in pieces if not p.code)
    found = [("raw IRI", m) for m in RAW_IRI.findall(prose)]
    found += [("seed file name", m) for m in SEED_FILE.findall(joined(pieces))]
    found += [("line numbers", m) for m in LINE_NUMBERS.findall(prose)]
    if french and oracles is not None:
        unmarked = (p for p in pieces if not p.code and not p.lang.startswith("en"))
        found += [("English", m) for m in oracles.english_in(unmarked)]
    return found


@dataclass
class Crawl:
    """Every page reached, and the problems found on each."""

    pages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def counts(self) -> Counter[str]:
        """How many problems of each kind."""
        return Counter(kind for found in self.pages.values() for kind, _ in found)

    def report(self, limit: int = 60) -> str:
        """The problems, one line each (the first ``limit``), then the counts."""
        lines = [
            f"{url}: {kind}: {what!r}" for url, found in self.pages.items() for kind, what in found
        ]
        return "\n".join([*lines[:limit], f"({len(lines)} in all: {dict(self.counts())})"])


def local(href: str, lang: str | None) -> str | None:
    """The crawlable path of a link (``lang`` kept), or None for an outside link or a file."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NOT_PAGES):
        return None
    query = [("lang", lang)] if lang else []
    return parts.path + (f"?{urlencode(query)}" if query else "")


def crawl(client: TestClient, starts: Iterable[str], lang: str | None, oracles: Oracles) -> Crawl:
    """Read every HTML page reachable from ``starts`` (in ``lang``, French when None)."""
    result = Crawl()
    queue = [u for u in (local(s, lang) for s in starts) if u is not None]
    queued = set(queue)
    while queue:
        url = queue.pop()
        client.cookies.clear()
        response = client.get(url, headers={"accept": "text/html"})
        if response.status_code != 200 or "text/html" not in response.headers["content-type"]:
            continue
        html = dom(response.text)
        result.pages[url] = problems(html, lang in (None, "fr"), oracles)
        for a in html.all("a"):
            target = local(a.attrs.get("href", ""), lang)
            if target is not None and target not in queued:
                queued.add(target)
                queue.append(target)
    return result


def with_lang(url: str, lang: str) -> str:
    """``url`` with ``?lang=``."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "lang"] + [("lang", lang)]
    return f"{parts.path}?{urlencode(query)}"

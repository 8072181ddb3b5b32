"""Full-text search with facets over the catalogue's records, held in memory.

The catalogue is small (tens of records), so the index is plain Python built at start-up and
rebuilt by building a new :class:`SearchIndex`. Text is folded for French: compatibility
decomposition (NFKD), combining marks dropped, ligatures spelt out, case folded — so
« énergétique », « ENERGETIQUE » and « energetique » are one word. Query words are AND-ed and
each matches any indexed word it begins (« energ » finds « énergie » and « énergétique »).

Facets are disjunctive: the values ticked within one facet are OR-ed, facets are AND-ed, and a
facet's counts ignore its own selection (so ticking a value never hides its siblings).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

PAGE_SIZE = 20
# Key of the value "not stated" of a facet (a record with no value for it).
MISSING = "non-renseigne"
TEXT_PARAM = "q"
PAGE_PARAM = "page"

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """``text`` without accents, ligatures or case: what the index compares."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def collation(text: str) -> tuple[str, str]:
    """Sort key of a label in French order: accents, ligatures and case ignored first
    (« Établissement » sorts with the E, « Île-de-France » with the I), then the text itself
    to order the ties."""
    return fold(text), text


def words(text: str) -> list[str]:
    """The folded words of ``text`` (apostrophes and hyphens separate words)."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Record:
    """What the index knows of one record: its texts and its value keys per facet."""

    iri: str
    path: str
    title: str
    description: str = ""
    other_titles: tuple[str, ...] = ()
    publisher: str = ""
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def values(self, facet: str) -> frozenset[str]:
        """The value keys of ``facet`` (empty when the record has none)."""
        return self.facets.get(facet, frozenset())


@dataclass(frozen=True)
class Query:
    """A search: words, ticked values per facet and page; all of it lives in the URL."""

    text: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    page: int = 1

    @classmethod
    def from_params(cls, params: Iterable[tuple[str, str]], facets: Iterable[str]) -> Query:
        """Read a query string's pairs; unknown parameters and empty values are ignored."""
        known = set(facets)
        text, page = "", 1
        filters: dict[str, set[str]] = {}
        for name, value in params:
            value = value.strip()
            if name == TEXT_PARAM:
                text = " ".join(filter(None, (text, value)))
            elif name == PAGE_PARAM and value.isdecimal():
                page = max(1, int(value))
            elif name in known and value:
                filters.setdefault(name, set()).add(value)
        return cls(text, {k: frozenset(v) for k, v in filters.items()}, page)

    def params(self) -> list[tuple[str, str]]:
        """The query string pairs, in a stable order (page left out when it is 1)."""
        pairs = [(TEXT_PARAM, self.text)] if self.text else []
        for facet in sorted(self.filters):
            pairs += [(facet, value) for value in sorted(self.filters[facet])]
        if self.page > 1:
            pairs.append((PAGE_PARAM, str(self.page)))
        return pairs

    def url(self, path: str = "/recherche") -> str:
        """The shareable URL of this search."""
        params = self.params()
        return f"{path}?{urlencode(params)}" if params else path

    def at_page(self, page: int) -> Query:
        """The same search at another page."""
        return Query(self.text, self.filters, page)

    def without(self, facet: str, value: str) -> Query:
        """The same search, first page, with one ticked value removed."""
        left = {k: v - {value} if k == facet else v for k, v in self.filters.items()}
        return Query(self.text, {k: v for k, v in left.items() if v})

    def without_text(self) -> Query:
        """The same search, first page, without its words."""
        return Query("", self.filters)

    def selected(self, facet: str, value: str) -> bool:
        """Whether ``value`` of ``facet`` is ticked."""
        return value in self.filters.get(facet, frozenset())


@dataclass(frozen=True)
class Results:
    """One page of matching records, the total and the facet counts."""

    query: Query
    total: int
    hits: Sequence[Record]
    counts: Mapping[str, Counter[str]]
    page: int
    pages: int
    first: int  # 1-based rank of the first hit on this page (0 when none)


class SearchIndex:
    """Records with an inverted index of their folded words."""

    def __init__(self, records: Iterable[Record], facets: Sequence[str]) -> None:
        self.facets = tuple(facets)
        self.records = sorted(records, key=lambda r: (fold(r.title), r.iri))
        self._postings: dict[str, set[int]] = {}
        self._title_words: list[set[str]] = []
        for position, record in enumerate(self.records):
            title = set(words(" ".join((record.title, *record.other_titles))))
            self._title_words.append(title)
            for word in title | set(words(record.description)):
                self._postings.setdefault(word, set()).add(position)
        self._vocabulary = sorted(self._postings)

    def __len__(self) -> int:
        return len(self.records)

    def counts(self, facet: str) -> Counter[str]:
        """How many records hold each value of ``facet``, over the whole catalogue."""
        return Counter(value for record in self.records for value in record.values(facet))

    def search(self, query: Query, page_size: int = PAGE_SIZE) -> Results:
        """The records matching ``query``: best first when words were given, else by title."""
        matched = self._matching(query.text)
        counts = {facet: self._facet_counts(matched, query, facet) for facet in self.facets}
        kept = [p for p in matched if self._passes(self.records[p], query.filters)]
        ranked = self._rank(kept, words(query.text))
        pages = max(1, math.ceil(len(ranked) / page_size))
        page = min(query.page, pages)
        start = (page - 1) * page_size
        hits = [self.records[p] for p in ranked[start : start + page_size]]
        return Results(query, len(ranked), hits, counts, page, pages, start + 1 if hits else 0)

    def _expand(self, prefix: str) -> set[int]:
        """Records holding a word that begins with ``prefix``."""
        found: set[int] = set()
        index = bisect_left(self._vocabulary, prefix)
        while index < len(self._vocabulary) and self._vocabulary[index].startswith(prefix):
            found |= self._postings[self._vocabulary[index]]
            index += 1
        return found

    def _matching(self, text: str) -> list[int]:
        matched = set(range(len(self.records)))
        for word in words(text):
            matched &= self._expand(word)
        return sorted(matched)

    def _facet_counts(self, matched: list[int], query: Query, facet: str) -> Counter[str]:
        others = {k: v for k, v in query.filters.items() if k != facet}
        counter: Counter[str] = Counter()
        for position in matched:
            record = self.records[position]
            if self._passes(record, others):
                counter.update(record.values(facet))
        return counter

    @staticmethod
    def _passes(record: Record, filters: Mapping[str, frozenset[str]]) -> bool:
        return all(record.values(facet) & wanted for facet, wanted in filters.items())

    def _rank(self, positions: list[int], query_words: list[str]) -> list[int]:
        """Words found in a title weigh more; ties keep the title order."""
        if not query_words:
            return positions

        def score(position: int) -> int:
            title = self._title_words[position]
            return sum(2 if any(w.startswith(q) for w in title) else 1 for q in query_words)

        return sorted(positions, key=lambda p: (-score(p), p))

"""Full-text search with facets and sort orders over the catalogue's records, held in memory.

The index is plain Python built at start-up (:class:`SearchIndex`), rebuilt by building a new
one. Every field of a record is read by :mod:`iacoll.pages.search_text` (folded, stop words
dropped, French Snowball stems) into postings: stem → records, each with a weight that sums the
weights of the fields holding the stem (:data:`FIELD_WEIGHTS`: a title counts more than an
organisation's or a place's name, which count more than a description). Query words are AND-ed;
the last one also matches the words it begins (« energ » finds « énergie »), as a person types.
Relevance is the sum over the query's words of the record's weight times the stem's rarity.

Facets are disjunctive: the values ticked within one facet are OR-ed, facets are AND-ed, and a
facet's counts ignore its own selection (so ticking a value never hides its siblings). Facet
values are bitsets (Python integers), so counting is a few AND and ``bit_count`` per value
whatever the size of the catalogue (measured in ``bench/search.py``).

The index keeps what it needs in compact form, a few hundred bytes per record besides its
texts (``bench/library_memory.py``): postings as arrays of 4-byte positions and weights, the
sort ranks as an array, and for each record only a :class:`Card` — what a hit or an export row
shows — whose facet values are frozensets shared between the records that hold the same ones.
The texts that are only searched (alternative titles, details, partners…) are not kept.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from urllib.parse import urlencode

from iacoll.numbers import whole
from iacoll.pages.search_cards import Card, Cards, Record
from iacoll.pages.search_text import collation, fold, query_words, stem, words

__all__ = ["MISSING", "SORTS", "Card", "Query", "Record", "Results", "SearchIndex", "collation"]
__all__ += ["fold", "words"]

PAGE_SIZE = 20
# Key of the value "not stated" of a facet (a record with no value for it).
MISSING = "non-renseigne"
TEXT_PARAM = "q"
PAGE_PARAM = "page"
SORT_PARAM = "tri"
# What one search may ask, so that a page never echoes a flood back (issue 14): the pairs read
# from the query string, the characters of its words, the length of one facet value.
MAX_PAIRS = 200
MAX_TEXT = 300
MAX_VALUE = 300
# Sort orders (``tri=``): relevance, start date and last update (latest first), title.
SORTS = ("pertinence", "demarrage", "mise-a-jour", "titre")
PREFIX_MIN = 3  # the last query word matches the words it begins from this many letters
PREFIX_WEIGHT = 0.8  # a word found by its beginning counts less than the word itself

# How much a word counts in each field of a record.
FIELD_WEIGHTS = {
    "title": 5.0,  # titles and alternative titles
    "publisher": 3.0,  # its names
    "places": 2.0,  # the publisher's département and région
    "partners": 2.0,  # partners, contributors, AI system providers and developers
    "description": 1.5,
    "details": 1.0,  # key figures, strengths, points of care, status, audience
}


@dataclass(frozen=True)
class Query:
    """A search: words, ticked values per facet, sort order and page; all of it in the URL."""

    text: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    page: int = 1
    sort: str = ""  # one of SORTS; "" is the default order (see :attr:`order`)

    @classmethod
    def from_params(cls, params: Iterable[tuple[str, str]], facets: Iterable[str]) -> Query:
        """Read a query string's pairs; unknown parameters and empty values are ignored, and
        what a page would echo is bounded: the first :data:`MAX_PAIRS` pairs, words cut at
        :data:`MAX_TEXT` characters, values longer than :data:`MAX_VALUE` left out."""
        known = set(facets)
        text, page, sort = "", 1, ""
        filters: dict[str, set[str]] = {}
        for name, value in islice(params, MAX_PAIRS):
            value = value.strip()
            if name == TEXT_PARAM:
                text = " ".join(filter(None, (text, value)))[:MAX_TEXT]
            elif name == PAGE_PARAM and (number := whole(value)) is not None:
                page = max(1, number)
            elif name == SORT_PARAM and value in SORTS:
                sort = value
            elif name in known and value and len(value) <= MAX_VALUE:
                filters.setdefault(name, set()).add(value)
        return cls(text, {k: frozenset(v) for k, v in filters.items()}, page, sort)

    @property
    def order(self) -> str:
        """The sort order applied: the chosen one, else relevance with words, title without."""
        if self.sort and (self.sort != "pertinence" or self.text):
            return self.sort
        return "pertinence" if self.text else "titre"

    def params(self, page: bool = True) -> list[tuple[str, str]]:
        """The query string pairs, in a stable order (page left out when it is 1)."""
        pairs = [(TEXT_PARAM, self.text)] if self.text else []
        for facet in sorted(self.filters):
            pairs += [(facet, value) for value in sorted(self.filters[facet])]
        if self.sort:
            pairs.append((SORT_PARAM, self.sort))
        if page and self.page > 1:
            pairs.append((PAGE_PARAM, str(self.page)))
        return pairs

    def url(self, path: str = "/recherche") -> str:
        """The shareable URL of this search."""
        params = self.params()
        return f"{path}?{urlencode(params)}" if params else path

    def at_page(self, page: int) -> Query:
        """The same search at another page."""
        return replace(self, page=page)

    def sorted_by(self, sort: str) -> Query:
        """The same search, first page, in another order."""
        return replace(self, sort=sort, page=1)

    def without(self, facet: str, value: str) -> Query:
        """The same search, first page, with one ticked value removed."""
        left = {k: v - {value} if k == facet else v for k, v in self.filters.items()}
        return replace(self, filters={k: v for k, v in left.items() if v}, page=1)

    def without_text(self) -> Query:
        """The same search, first page, without its words."""
        return replace(self, text="", page=1)

    def selected(self, facet: str, value: str) -> bool:
        """Whether ``value`` of ``facet`` is ticked."""
        return value in self.filters.get(facet, frozenset())


@dataclass(frozen=True)
class Results:
    """One page of matching records, the total and the facet counts."""

    query: Query
    total: int
    hits: Sequence[Card]
    counts: Mapping[str, Counter[str]]
    page: int
    pages: int
    first: int  # 1-based rank of the first hit on this page (0 when none)


# A posting's weight, a sum of field weights, is kept as a 4-byte float: exact for quarters.
assert all(w * 4 == int(w * 4) for w in FIELD_WEIGHTS.values())


def _date_ranks(dates: Sequence[str]) -> array[int]:
    """Rank of each position when sorted latest first, undated last, ties by title."""
    dated = [p for p, date in enumerate(dates) if date]
    dated.sort(key=lambda p: dates[p], reverse=True)  # stable: ties by title
    undated = [p for p, date in enumerate(dates) if not date]
    ranks = array("I", bytes(4 * len(dates)))
    for rank, position in enumerate([*dated, *undated]):
        ranks[position] = rank
    return ranks


def _moved(
    positions: Mapping[str, array[int]], weights: Mapping[str, array[float]], moved: array[int]
) -> tuple[dict[str, array[int]], dict[str, array[float]]]:
    """The postings with each read number replaced by its ``moved`` position, in order."""
    new_positions, new_weights = {}, {}
    for key, numbers in positions.items():
        pairs = sorted(zip([moved[n] for n in numbers], weights[key], strict=True))
        new_positions[key] = array("I", [p for p, _ in pairs])
        new_weights[key] = array("f", [w for _, w in pairs])
    return new_positions, new_weights


def _bits(positions: Iterable[int], size: int) -> int:
    """The bitset (an integer) of ``positions``."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


class SearchIndex:
    """Records in title order (as :class:`Card`), postings of their stems, facet values as
    bitsets."""

    def __init__(self, records: Iterable[Record], facets: Sequence[str]) -> None:
        """Index ``records`` one at a time (only their cards are kept), then put them in title
        order."""
        self.facets = tuple(facets)
        self._stems: dict[str, str] = {}  # folded word → stem, for the prefix of the last word
        positions: dict[str, array[int]] = defaultdict(lambda: array("I"))
        self._weights: dict[str, array[float]] = defaultdict(lambda: array("f"))
        holders: dict[str, dict[str, array[int]]] = {  # facet → value → holders
            f: defaultdict(lambda: array("I")) for f in self.facets
        }
        keys: list[tuple[str, str, str]] = []
        read: list[Card] = []
        card = Cards(self.facets)
        for number, record in enumerate(records):
            self._index_texts(number, record, positions)
            for facet, found in holders.items():
                for value in record.values(facet):
                    found[value].append(number)
            keys.append((*collation(record.title), record.iri))
            read.append(card(record))
        order = sorted(range(len(read)), key=keys.__getitem__)  # title order → read number
        moved = array("I", bytes(4 * len(order)))  # read number → title order
        for position, number in enumerate(order):
            moved[number] = position
        self.records = [read[number] for number in order]
        self._positions, self._weights = _moved(positions, self._weights, moved)
        self._vocabulary = sorted(self._stems)
        size = len(self.records)
        self._all = (1 << size) - 1
        self._values: dict[str, dict[str, int]] = {
            f: {v: _bits((moved[n] for n in found), size) for v, found in values.items()}
            for f, values in holders.items()
        }
        self._ranks = {
            "demarrage": _date_ranks([card.start for card in self.records]),
            "mise-a-jour": _date_ranks([card.modified for card in self.records]),
        }

    def __len__(self) -> int:
        return len(self.records)

    def _index_texts(self, number: int, record: Record, positions: dict[str, array[int]]) -> None:
        """Add the stems of ``record`` (read ``number``-th) to the postings."""
        found: dict[str, float] = {}
        for name, texts in record.fields().items():
            weight = FIELD_WEIGHTS[name]
            for word in {w for text in texts for w in words(text)}:
                if word not in self._stems:
                    self._stems[word] = stem(word)
                key = self._stems[word]
                found[key] = found.get(key, 0.0) + weight
        for key, weight in found.items():
            positions[key].append(number)
            self._weights[key].append(weight)

    def counts(self, facet: str) -> Counter[str]:
        """How many records hold each value of ``facet``, over the whole catalogue."""
        return Counter({v: bits.bit_count() for v, bits in self._values[facet].items()})

    def search(self, query: Query, page_size: int = PAGE_SIZE) -> Results:
        """One page of the records matching ``query``, in its order, with the facet counts."""
        scores = self._scores(query.text)
        matched = self._all if scores is None else _bits(scores, len(self.records))
        masks = {f: self._mask(f, wanted) for f, wanted in query.filters.items()}
        counts = {f: self._facet_counts(matched, masks, f) for f in self.facets}
        kept = matched
        for mask in masks.values():
            kept &= mask
        total = kept.bit_count()
        pages = max(1, math.ceil(total / page_size))
        page = min(query.page, pages)
        start = (page - 1) * page_size
        ranked = self._ranked(kept, scores, query.order, start + page_size)
        hits = [self.records[p] for p in ranked[start : start + page_size]]
        return Results(query, total, hits, counts, page, pages, start + 1 if hits else 0)

    def matching(self, query: Query) -> list[Card]:
        """Every record matching ``query``, in its order (for the exports)."""
        scores = self._scores(query.text)
        kept = self._all if scores is None else _bits(scores, len(self.records))
        for facet, wanted in query.filters.items():
            kept &= self._mask(facet, wanted)
        return [self.records[p] for p in self._ranked(kept, scores, query.order, None)]

    def known(self, query: Query) -> tuple[Query, int]:
        """``query`` without the facet values no record has (a link to a value since gone, or
        made up), and how many were left out: a page never echoes values nobody holds."""
        kept = {
            f: frozenset(v for v in wanted if v in self._values.get(f, {}))
            for f, wanted in query.filters.items()
        }
        dropped = sum(len(v) for v in query.filters.values()) - sum(len(v) for v in kept.values())
        filters = {f: values for f, values in kept.items() if values}
        return replace(query, filters=filters), dropped

    def _mask(self, facet: str, wanted: frozenset[str]) -> int:
        values = self._values.get(facet, {})
        mask = 0
        for value in wanted:
            mask |= values.get(value, 0)
        return mask

    def _facet_counts(self, matched: int, masks: Mapping[str, int], facet: str) -> Counter[str]:
        for other, mask in masks.items():
            if other != facet:
                matched &= mask
        found = ((v, (matched & bits).bit_count()) for v, bits in self._values[facet].items())
        return Counter({value: count for value, count in found if count})

    def _scores(self, text: str) -> dict[int, float] | None:
        """Relevance of each record holding every query word; None for a query without words."""
        terms = query_words(text)
        if not terms:
            return None
        scores: dict[int, float] | None = None
        for number, word in enumerate(terms):
            found = self._term(word, prefix=number == len(terms) - 1)
            if scores is None:
                scores = found
            else:
                scores = {p: s + found[p] for p, s in scores.items() if p in found}
            if not scores:
                return {}
        return scores

    def _term(self, word: str, prefix: bool) -> dict[int, float]:
        """Weighted records of one query word: its stem, and the words it begins."""
        stems = {stem(word): 1.0}
        if prefix and len(word) >= PREFIX_MIN:
            index = bisect_left(self._vocabulary, word)
            while index < len(self._vocabulary) and self._vocabulary[index].startswith(word):
                stems.setdefault(self._stems[self._vocabulary[index]], PREFIX_WEIGHT)
                index += 1
        found: dict[int, float] = {}
        for key, factor in stems.items():
            positions = self._positions.get(key)
            if positions is None:
                continue
            rarity = factor * math.log(1 + len(self.records) / len(positions))
            for position, weight in zip(positions, self._weights[key], strict=True):
                score = weight * rarity
                if score > found.get(position, 0.0):
                    found[position] = score
        return found

    def _ranked(
        self, kept: int, scores: dict[int, float] | None, order: str, first: int | None
    ) -> list[int]:
        """Positions of ``kept`` in ``order``; only the ``first`` ones when given."""
        if kept == self._all:
            positions = list(range(len(self.records)))
        elif scores is not None and kept.bit_count() == len(scores):
            positions = list(scores)  # no facet narrowed the words' matches
        else:
            positions = _positions(kept, len(self.records))
        key: Callable[[int], tuple[float, int]]
        if order == "pertinence" and scores is not None:
            found = scores
            key = lambda p: (-found[p], p)  # noqa: E731 (ties in title order)
        elif order in self._ranks:
            ranks = self._ranks[order]
            key = lambda p: (ranks[p], p)  # noqa: E731
        else:
            key = lambda p: (0, p)  # noqa: E731 (positions are in title order)
        if first is not None and first < len(positions):
            return heapq.nsmallest(first, positions, key=key)
        return sorted(positions, key=key)


def _positions(bits: int, size: int) -> list[int]:
    """The positions set in a bitset, in increasing order."""
    raw = bits.to_bytes((size + 7) // 8, "little")
    found = []
    for offset, byte in enumerate(raw):
        if byte:
            base = offset << 3
            found += [base + b for b in range(8) if byte >> b & 1]
    return found

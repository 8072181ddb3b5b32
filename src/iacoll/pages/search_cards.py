"""What the search index reads of a record (:class:`Record`) and what it keeps (:class:`Card`).

A :class:`Record` holds every text the index searches; it lives while the index is built. A
:class:`Card` holds what a page shows of a hit and what an export writes: its facet values
are one tuple of frozensets, in the index's facet order, shared with every card holding the
same ones (so are the publisher's name, the département and the dates), so that the cards of
100,000 records fit in a few dozen megabytes (``bench/library_memory.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Record:
    """What the index reads of one record: its texts, dates and value keys per facet."""

    iri: str
    path: str
    title: str
    description: str = ""
    other_titles: tuple[str, ...] = ()
    publisher: str = ""
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    publisher_names: tuple[str, ...] = ()  # the publisher's other names
    partners: tuple[str, ...] = ()  # names of partners, contributors, vendors
    places: tuple[str, ...] = ()  # names of the publisher's département and région
    departement: str = ""  # name of the publisher's département
    details: tuple[str, ...] = ()
    start: str = ""  # schema:startDate, ISO text
    modified: str = ""  # dct:modified, ISO text

    def values(self, facet: str) -> frozenset[str]:
        """The value keys of ``facet`` (empty when the record has none)."""
        return self.facets.get(facet, frozenset())

    def fields(self) -> dict[str, Iterable[str]]:
        """The texts of each weighted field."""
        return {
            "title": (self.title, *self.other_titles),
            "publisher": (self.publisher, *self.publisher_names),
            "places": self.places,
            "partners": self.partners,
            "description": (self.description,),
            "details": self.details,
        }


@dataclass(frozen=True, slots=True)
class Card:
    """What the index keeps of a record, for a hit of the search page or a row of an export."""

    iri: str
    path: str
    title: str
    publisher: str
    description: str
    departement: str
    start: str
    modified: str
    facets: tuple[frozenset[str], ...]  # value keys, in the order of ``order``
    order: Mapping[str, int]  # facet → place in ``facets`` (one mapping shared by every card)

    def values(self, facet: str) -> frozenset[str]:
        """The value keys of ``facet`` (empty when the record has none)."""
        place = self.order.get(facet)
        return NONE if place is None else self.facets[place]


NONE: frozenset[str] = frozenset()


class Cards:
    """Makes the cards of an index: equal value sets, dates and names shared between them."""

    def __init__(self, facets: Sequence[str]) -> None:
        self.facets = tuple(facets)
        self.order = {facet: place for place, facet in enumerate(self.facets)}
        self._shared: dict[object, object] = {}

    def _one(self, value: object) -> Any:
        return self._shared.setdefault(value, value)

    def __call__(self, r: Record) -> Card:
        """The card of ``r``."""
        values = tuple(self._one(frozenset(r.values(facet))) for facet in self.facets)
        return Card(
            r.iri,
            r.path,
            r.title,
            self._one(r.publisher),
            r.description,
            self._one(r.departement),
            self._one(r.start),
            self._one(r.modified),
            self._one(values),
            self.order,
        )

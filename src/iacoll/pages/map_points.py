"""The map page's points: every organisation that publishes a record or states a position,
placed by its record or by the reference, with the titles and paths of its records.

Read with the rest of the browsing library (:class:`iacoll.pages.browse.Library`), once per
store generation; the titles and paths the search shows are shared with its cards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from iacoll.pages.search import collation
from iacoll.pages.search_records import each_row, preferred_language
from iacoll.pages.site import Site

# The map: every publishing organisation and every organisation with a stated position. The
# name is read inside each branch: joined after the UNION it cost 0.39 s instead of 9 ms. Names
# and titles in every language: the French one is shown, else the English one, else the
# source's (records imported from other registers), see :func:`points`.
POINTS = """SELECT ?organisation ?nom ?fiche ?titre WHERE {
  { ?fiche a iacoll:Fiche ; dct:publisher ?organisation ; dct:title ?titre .
    ?organisation skos:prefLabel ?nom . }
  UNION { ?organisation org:hasPrimarySite/geo:lat ?lat ; skos:prefLabel ?nom . } }
"""

# Their positions: stated by the record (org:hasPrimarySite), else official (from the reference,
# iacoll:positionOfficielle, whose rdfs:label says what it is).
POSITIONS = """SELECT ?organisation ?lat ?long ?base WHERE {
  { ?organisation org:hasPrimarySite ?site . ?site geo:lat ?lat ; geo:long ?long }
  UNION { ?organisation iacoll:positionOfficielle ?site . ?site geo:lat ?lat ; geo:long ?long ;
      rdfs:label ?base
    FILTER NOT EXISTS { ?organisation org:hasPrimarySite/geo:lat ?stated } } }
"""


@dataclass(slots=True)
class Point:
    """An organisation of the map, with its records as ``(title, path)``; its position (none
    for a body nothing places) and, for an official one, what it is by language."""

    name: str
    path: str
    lat: float | None = None
    lon: float | None = None
    official: dict[str, str] = field(default_factory=dict)
    records: list[tuple[str, str]] = field(default_factory=list)

    def basis(self, lang: str) -> str:
        """What the official position is, in ``lang`` (empty when the record states it)."""
        return self.official.get(lang) or self.official.get("fr", "")

    def as_json(self, lang: str = "fr") -> dict[str, Any]:
        """What ``map.js`` reads."""
        return {
            "name": self.name,
            "path": self.path,
            "lat": self.lat,
            "lon": self.lon,
            "official": self.basis(lang),
            "records": [{"title": title, "path": path} for title, path in self.records],
        }


def _first_language(texts: dict[str, str]) -> str:
    """The text in the language shown first (:func:`preferred_language`)."""
    return texts[preferred_language(texts) or min(texts)]


def points(site: Site, head: str, shown: dict[str, str]) -> list[Point]:
    """Every publishing (or located) organisation, positioned when its record or the
    reference places it; the titles and paths ``shown`` by the search are shared."""
    points: dict[str, Point] = {}
    names: dict[str, dict[str, str]] = defaultdict(dict)
    titles: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)

    def named(row: ox.QuerySolution) -> None:
        iri = row["organisation"].value
        names[iri].setdefault(row["nom"].language or "", row["nom"].value)
        if row["fiche"] is not None:
            key = (iri, row["fiche"].value)
            titles[key].setdefault(row["titre"].language or "", row["titre"].value)

    def placed(row: ox.QuerySolution) -> None:
        point = points.get(row["organisation"].value)
        if point is not None:
            point.lat, point.lon = float(row["lat"].value), float(row["long"].value)
            if row["base"] is not None:
                point.official[row["base"].language or "fr"] = row["base"].value

    each_row(site, head + POINTS, named)
    for iri, by_language in names.items():
        points[iri] = Point(_first_language(by_language), site.path_for_iri(iri) or iri)
    for (iri, record), by_language in titles.items():
        title, path = _first_language(by_language), site.path_for_iri(record) or record
        points[iri].records.append((shown.get(title, title), shown.get(path, path)))
    each_row(site, head + POSITIONS, placed)
    for point in points.values():
        point.records = sorted(set(point.records), key=lambda pair: collation(pair[0]))
    return sorted(points.values(), key=lambda point: collation(point.name))

"""Bar charts of the statistics page, drawn on the server as SVG (no JavaScript needed), and
its environmental-footprint block.

This module only lays the bars out; ``stats.html`` draws them, each chart with a ``<title>``,
a ``<desc>`` giving every value, and the same numbers in a data table beside it. The footprint
block sums the structured footprints (kWh, kg CO₂e) per scope: over the complet store for a
signed-in member, over the public store (the footprints their organisations published) for
anyone else (:mod:`iacoll.web.footprint_stats` picks the store).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from iacoll.model.footprint import EMISSIONS, ENERGY

WIDTH = 640  # SVG user units; the chart scales to its box
VALUE_ROOM = 56  # room kept right of the longest bar for its number
ROW = 46  # one bar: its label line, then the bar
BAR = 18
PAD = 6


@dataclass(frozen=True)
class Bar:
    """One labelled bar and where it goes."""

    key: str
    label: str
    value: int
    label_y: float
    bar_y: float
    width: float

    @property
    def value_x(self) -> float:
        """Where the number is written, just right of the bar."""
        return self.width + PAD

    @property
    def value_y(self) -> float:
        """Baseline of the number, level with the bar."""
        return self.bar_y + BAR - 4


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per value, in the order given."""

    key: str
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: float
    bar_height: int

    @property
    def total(self) -> int:
        """Sum of the values (records holding two values count twice)."""
        return sum(bar.value for bar in self.bars)

    def description(self, colon: str = "\u00a0: ") -> str:
        """Every value in words, for the chart's ``<desc>`` (French punctuation by default)."""
        return " ; ".join(f"{bar.label}{colon}{bar.value}" for bar in self.bars)


def bar_chart(key: str, title: str, data: Sequence[tuple[str, str, int]]) -> BarChart:
    """Lay out ``(key, label, value)`` rows as horizontal bars scaled to the largest value."""
    largest = max((value for _, _, value in data), default=0)
    scale = (WIDTH - VALUE_ROOM) / largest if largest else 0.0
    bars = tuple(
        Bar(
            key=value_key,
            label=label,
            value=value,
            label_y=row * ROW + 16,
            bar_y=row * ROW + 22,
            width=max(2.0, value * scale) if value else 0.0,
        )
        for row, (value_key, label, value) in enumerate(data)
    )
    return BarChart(key, title, bars, WIDTH, len(bars) * ROW + PAD, BAR)


# --- Environmental footprint (members: every record; the public: the published ones) -----

FOOTPRINT_TOTALS = """PREFIX iacoll: <https://w3id.org/iacoll/def#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
SELECT ?perimetre ?unite (SUM(?valeur) AS ?total) (COUNT(DISTINCT ?systeme) AS ?systemes)
WHERE {
  ?systeme iacoll:empreinteEnvironnementale/iacoll:mesureEmpreinte ?mesure .
  ?mesure qudt:value ?valeur ; qudt:hasUnit ?unite .
  OPTIONAL { ?mesure iacoll:perimetreMesure ?perimetre }
}
GROUP BY ?perimetre ?unite"""
FOOTPRINT_RECORDS = """PREFIX ai: <https://w3id.org/dpv/ai#>
PREFIX iacoll: <https://w3id.org/iacoll/def#>
SELECT (COUNT(DISTINCT ?fiche) AS ?fiches)
WHERE { ?fiche ai:hasAISystem/iacoll:empreinteEnvironnementale/iacoll:mesureEmpreinte ?m }"""
FOOTPRINT_TOOLS = """PREFIX iacoll: <https://w3id.org/iacoll/def#>
SELECT DISTINCT ?outil WHERE { ?s iacoll:empreinteEnvironnementale/iacoll:outilMesure ?outil }"""
UNIT_KEYS = {str(ENERGY): "kwh", str(EMISSIONS): "kg"}


@dataclass(frozen=True)
class ScopeTotal:
    """The sums of one scope (``scope`` None: the measurements that state none)."""

    scope: str | None
    label: str
    kwh: Decimal | None
    kg: Decimal | None
    systems: int


@dataclass(frozen=True)
class FootprintSummary:
    """The statistics page's footprint block, over the store the reader may see."""

    members: bool  # read from the complet store (restricted footprints included)
    records: int  # records with at least one measurement
    totals: tuple[ScopeTotal, ...]
    tools: tuple[str, ...]  # labels of the measuring tools, sorted


def footprint_summary(
    select: Callable[[str], list[dict[str, Any]]], label: Callable[[str], str], members: bool
) -> FootprintSummary:
    """Sum the kWh and kg CO₂e of the footprints ``select`` (a SPARQL SELECT over a store's
    graphs) reaches, per scope; count the records with a measurement; list the tools."""
    sums: dict[str | None, dict[str, Decimal]] = {}
    systems: dict[str | None, int] = {}
    for row in select(FOOTPRINT_TOTALS):
        key = UNIT_KEYS.get(str(row["unite"]))
        if key is None or row["total"] is None:
            continue  # a unit the shapes refuse
        scope = None if row["perimetre"] is None else str(row["perimetre"])
        sums.setdefault(scope, {})[key] = Decimal(str(row["total"]))
        systems[scope] = max(systems.get(scope, 0), int(row["systemes"]))
    totals = tuple(
        ScopeTotal(
            scope,
            label(scope) if scope else "",
            values.get("kwh"),
            values.get("kg"),
            systems[scope],
        )
        for scope, values in sorted(sums.items(), key=lambda item: item[0] or "~")
    )
    records = select(FOOTPRINT_RECORDS)
    tools = sorted(label(str(row["outil"])) for row in select(FOOTPRINT_TOOLS))
    return FootprintSummary(
        members, int(records[0]["fiches"]) if records else 0, totals, tuple(tools)
    )


def decimal_text(value: Decimal, lang: str) -> str:
    """``value`` as written in ``lang``: « 2,5 » in French, "2.5" in English."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if lang == "fr" else text

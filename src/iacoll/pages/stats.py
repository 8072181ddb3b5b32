"""Bar charts of the statistics page, drawn on the server as SVG (no JavaScript needed).

This module only lays the bars out; ``stats.html`` draws them, each chart with a ``<title>``,
a ``<desc>`` giving every value, and the same numbers in a data table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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

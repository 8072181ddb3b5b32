"""The store generation: one number that every cache, ``ETag`` and ``Last-Modified`` follows.

The projector (:mod:`iacoll.publishing.projection`) writes ``{store}/generation.json`` after it
has applied publications to both stores: ``number`` is the last publication applied. Readers in
any process (pages, search index, SPARQL workers, downloads) compare the number they were built
at with :func:`current` and rebuild or reopen when it moved. The file is replaced atomically.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE = "generation.json"


@dataclass(frozen=True, slots=True)
class Generation:
    """The state of the stores readers see: a publication number and when it was reached."""

    number: int
    at: datetime

    @property
    def etag(self) -> str:
        """A strong validator for anything derived from this generation only."""
        return f'"g{self.number}"'

    @property
    def last_modified(self) -> datetime:
        """``at`` to the second, as HTTP dates carry it."""
        return self.at.replace(microsecond=0)


def current(store_path: Path) -> Generation:
    """The generation the stores under ``store_path`` are at (0 when never written)."""
    try:
        data = json.loads((store_path / FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Generation(0, datetime.fromtimestamp(0, tz=UTC))
    return Generation(int(data["number"]), datetime.fromisoformat(data["at"]))


def advance(store_path: Path, number: int, at: datetime | None = None) -> Generation:
    """Record that the stores now reflect publication ``number`` (atomic, durable)."""
    generation = Generation(number, at or datetime.now(UTC))
    text = json.dumps({"number": generation.number, "at": generation.at.isoformat()})
    tmp = store_path / f"{FILE}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(store_path / FILE)
    return generation

"""How readers follow the store generation: one watch, caches keyed by generation.

Every derived view (search index and facet counts, home figures, resource documents, catalogue
pages, VoID, downloads inventory, the SPARQL workers' snapshot) is computed for one
:class:`~iacoll.generation.Generation` and dropped when it moves. Checking costs one ``stat`` of
``{store}/generation.json``: the projector replaces that file atomically (a new inode each
time), so the file is read again only when the stat changed.

A store built before generations existed has no ``generation.json``: it is generation 0, dated
by its ``build.json`` (or the epoch when there is none either).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, TypeVar

from iacoll import generation
from iacoll.generation import Generation

T = TypeVar("T")
LEGACY_STAMP = "build.json"  # what dated a store before generations
STALE_WAIT = 5.0  # seconds a request waits for a rebuilt Latest value before taking the previous
log = logging.getLogger(__name__)


class Watch:
    """The generation of the stores under ``store_path``, re-read only when its file changed."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._file = store_path / generation.FILE
        self._lock = threading.Lock()
        self._stat: tuple[int, int, int] | None = None
        self._current: Generation | None = None

    def current(self) -> Generation:
        """The generation readers must follow now (one ``stat``; a read when it moved)."""
        try:
            found = os.stat(self._file)
            stat: tuple[int, int, int] | None = (found.st_ino, found.st_mtime_ns, found.st_size)
        except FileNotFoundError:
            stat = None
        with self._lock:
            if self._current is None or stat != self._stat or stat is None:
                self._current = self._read() if stat is not None else self._legacy()
                self._stat = stat
            return self._current

    def _read(self) -> Generation:
        try:
            return generation.current(self.store_path)
        except (ValueError, KeyError):  # a file being written by hand: keep the last one seen
            return self._current or self._legacy()

    def _legacy(self) -> Generation:
        stamp = self.store_path / LEGACY_STAMP
        try:
            at = datetime.fromtimestamp(stamp.stat().st_mtime, tz=UTC)
        except FileNotFoundError:
            at = datetime.fromtimestamp(0, tz=UTC)
        return Generation(0, at)


class PerGeneration(Generic[T]):
    """Values computed once per generation, by key; all dropped when the generation moves.

    A value is built outside the lock (two threads may build the same one; the first stored
    wins) and is only stored when the generation did not move meanwhile. With ``limit``, the
    values' total ``weigh`` stays under it: the least recently used go first (a cache of
    rendered pages, bounded in bytes).
    """

    def __init__(
        self, watch: Watch, limit: int | None = None, weigh: Callable[[T], int] | None = None
    ) -> None:
        self.watch = watch
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._limit, self._weigh = limit, weigh or (lambda _: 1)
        self._weights: dict[Hashable, int] = {}
        self.weight = 0  # total weight of the values kept (bytes, for a cache of pages)
        self.builds = 0  # how many values were built (for tests and monitoring)

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value of ``key`` at the current generation, built by ``build`` when missing."""
        now, found = self.peek(key)
        if found is not None:
            return found
        return self.put(key, build(), now)

    def peek(self, key: Hashable) -> tuple[Generation, T | None]:
        """The current generation, and the value of ``key`` at it (None when missing): what
        :meth:`get` does for a value built asynchronously (then :meth:`put`)."""
        now = self.watch.current()
        with self._lock:
            if now != self._generation:
                self._generation, self._values, self._weights = now, OrderedDict(), {}
                self.weight = 0
            if key in self._values:
                if self._limit is not None:
                    self._values.move_to_end(key)
                return now, self._values[key]
        return now, None

    def put(self, key: Hashable, value: T, since: Generation) -> T:
        """Keep ``value`` of ``key``, built from the generation ``since`` (:meth:`peek`'s)
        on, unless the generation moved meanwhile; return the value kept (the first stored)."""
        with self._lock:
            self.builds += 1
            if since == self._generation:
                if key in self._values:
                    return self._values[key]
                self._keep(key, value)
        return value

    def _keep(self, key: Hashable, value: T) -> None:
        weight = self._weigh(value) if self._limit is not None else 0
        if self._limit is not None and weight > self._limit:
            return  # larger than the whole cache: answered, not kept
        self._values[key], self._weights[key] = value, weight
        self.weight += weight
        while self._limit is not None and self.weight > self._limit:
            oldest, _ = self._values.popitem(last=False)
            self.weight -= self._weights.pop(oldest)

    def __contains__(self, key: Hashable) -> bool:
        """Whether ``key`` has a value at the current generation."""
        now = self.watch.current()
        with self._lock:
            return now == self._generation and key in self._values

    def __len__(self) -> int:
        return len(self._values)


class Latest(Generic[T]):
    """One value rebuilt when the generation moves, by one background thread at a time.

    The first value is waited for. After a publication, a request waits at most ``wait``
    seconds for the new one (on a small catalogue it is ready well before: the request sees the
    publication), then gets the previous generation's value while the rebuild goes on: on a
    large catalogue the search index takes a minute to rebuild, and home, search, map and
    statistics must not stop answering meanwhile. A failed rebuild keeps the previous value
    (the next request tries again); a failed first build is raised to the requests waiting."""

    def __init__(self, watch: Watch, build: Callable[[], T], wait: float = STALE_WAIT) -> None:
        self.watch, self._build, self.wait = watch, build, wait
        self._changed = threading.Condition()
        self._generation: Generation | None = None
        self._value: T | None = None
        self._building = False
        self._error: BaseException | None = None
        self.builds = 0  # how many times it was built (for tests and monitoring)

    def get(self) -> T:
        """The value at the current generation (or, after ``wait`` seconds of rebuilding, the
        previous generation's)."""
        deadline = time.monotonic() + self.wait
        with self._changed:
            while True:
                now = self.watch.current()
                if self._value is not None and self._generation == now:
                    return self._value
                if self._error is not None:
                    error, self._error = self._error, None
                    if self._value is None:
                        raise error
                    return self._value  # the rebuild failed: the previous value, for now
                if not self._building:
                    self._begin(now)
                remaining = deadline - time.monotonic()
                if self._value is not None and remaining <= 0:
                    return self._value
                self._changed.wait(remaining if self._value is not None else None)

    def offer(self, value: T) -> None:
        """Take ``value``, of an earlier generation, as the previous value while none was
        built yet (a restarted server's file of its library): requests get it after ``wait``
        seconds instead of waiting for the first build. A built value is never replaced."""
        with self._changed:
            if self._value is None:
                self._value, self._generation = value, None  # never current: rebuilt
                self._changed.notify_all()

    def start(self) -> None:
        """Start building the value now, in background, unless it is current or being built."""
        with self._changed:
            now = self.watch.current()
            if not self._building and (self._value is None or self._generation != now):
                self._begin(now)

    def _begin(self, now: Generation) -> None:
        self._building = True  # (the lock is held)
        threading.Thread(target=self._run, args=(now,), name="iacoll-latest", daemon=True).start()

    def _run(self, target: Generation) -> None:
        value: T | None = None
        error: BaseException | None = None
        try:
            value = self._build()
        except BaseException as exc:  # handed to the requests (first build) or logged
            error = exc
            if self._value is not None:
                log.exception("rebuilding a per-generation value failed")
        with self._changed:
            self._building = False
            if error is None:
                self._value, self._generation = value, target
                self.builds += 1
            else:
                self._error = error
            self._changed.notify_all()

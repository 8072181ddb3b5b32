"""Read-only snapshots of the public store, one per generation, for the SPARQL workers.

pyoxigraph 0.5 has no secondary mode: ``Store.read_only`` sees the store as it was when opened,
and opening a store read-only while another process writes it is undefined behaviour. So the
projector, after applying a batch of publications, takes a RocksDB checkpoint of the public
store (:func:`snapshot`: ``Store.backup``, hard links on the same file system, cheap) into
``{store}/snapshots/public-<number>-<µs>/``. Each worker process follows the generation
(:class:`Follower`): before a query it compares the generation with the one it last saw and,
when it moved, opens the newest snapshot read-only and closes the previous one.

A worker holds a shared ``flock`` on the snapshot's lock file (``public-….lock``) while it has
the snapshot open; :func:`prune` deletes a snapshot only when it gets the exclusive lock, so a
snapshot is never removed under a worker (a killed worker's lock goes with its process).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from iacoll.freshness import Watch
from iacoll.generation import Generation

FOLDER = "snapshots"
PREFIX = "public-"  # snapshots of the public store; the complet store's are "complet-"
LOCK = ".lock"
TMP = ".tmp-"
STALE_TMP = 600.0  # seconds after which an unfinished snapshot (a crashed projector) is removed


@dataclass(frozen=True, order=True)
class Snapshot:
    """A finished snapshot: the generation it was taken at (number, time in µs) and its path."""

    number: int
    stamp: int
    path: Path

    @property
    def lock(self) -> Path:
        """The lock file readers hold (shared) while they use the snapshot."""
        return self.path.with_name(self.path.name + LOCK)


def folder(store_path: Path) -> Path:
    """Where the snapshots of the stores under ``store_path`` live."""
    return store_path / FOLDER


def _name(generation: Generation, kind: str) -> str:
    micros = int(generation.at.timestamp() * 1_000_000)
    return f"{kind}-{generation.number:012d}-{micros}"


def snapshot(
    store: ox.Store, store_path: Path, generation: Generation, kind: str = "public"
) -> Path:
    """Checkpoint ``store`` (the public store, open read-write) as the snapshot of
    ``generation``; return its folder. Idempotent; the snapshot appears complete or not at all
    (written under a temporary name, then renamed)."""
    target = folder(store_path) / _name(generation, kind)
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}{TMP}{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    store.backup(str(tmp))
    target.with_name(target.name + LOCK).touch()
    tmp.rename(target)
    _sync(target.parent)
    return target


def _sync(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def available(store_path: Path, kind: str = "public") -> list[Snapshot]:
    """The finished snapshots of the ``kind`` store (``public``, ``complet``), oldest first."""
    prefix = f"{kind}-"
    try:
        entries = list(os.scandir(folder(store_path)))
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        if entry.name.startswith(prefix) and not entry.name.endswith(LOCK) and entry.is_dir():
            number, _, stamp = entry.name.removeprefix(prefix).partition("-")
            if number.isdigit() and stamp.isdigit():
                found.append(Snapshot(int(number), int(stamp), Path(entry.path)))
    return sorted(found)


def newest(store_path: Path, kind: str = "public") -> Snapshot | None:
    """The most recent finished snapshot, if any."""
    found = available(store_path, kind)
    return found[-1] if found else None


def prune(store_path: Path, keep: int = 2, kind: str = "public") -> list[Path]:
    """Delete the snapshots older than the ``keep`` newest that no reader holds, and unfinished
    ones left by a crash; return the folders deleted."""
    removed = []
    for old in available(store_path, kind)[: -max(1, keep)]:
        if _remove_unused(old):
            removed.append(old.path)
    for leftover in folder(store_path).glob(f".{kind}-*{TMP}*"):
        if time.time() - leftover.stat().st_mtime > STALE_TMP:
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def _remove_unused(old: Snapshot) -> bool:
    try:
        fd = os.open(old.lock, os.O_RDWR)
    except FileNotFoundError:
        shutil.rmtree(old.path, ignore_errors=True)
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False  # a worker has it open
    try:
        shutil.rmtree(old.path, ignore_errors=True)
        old.lock.unlink(missing_ok=True)
    finally:
        os.close(fd)  # closing releases the lock
    return True


def taker(
    store: ox.Store, store_path: Path, keep: int = 2, kind: str = "public"
) -> Callable[[Generation], None]:
    """What the projector calls after each generation: :func:`snapshot`, then :func:`prune`."""

    def take(reached: Generation) -> None:
        snapshot(store, store_path, reached, kind)
        prune(store_path, keep, kind)

    return take


class Follower:
    """What a worker process queries: the newest snapshot of the public store, reopened when
    the generation moves; the live store folder, read-only, when no snapshot was ever taken
    (a store built by ``iacoll build`` alone)."""

    def __init__(self, public_path: Path, store_path: Path) -> None:
        self.public_path, self.store_path = public_path, store_path
        self.watch = Watch(store_path)
        self.seen: Generation | None = None
        self.opened: Snapshot | None = None
        self._lock_fd: int | None = None
        self._store: ox.Store | None = None
        self.reopened = 0  # how many snapshots were opened (monitoring, tests)

    def store(self) -> ox.Store:
        """The store to answer the next query from (one ``stat`` when nothing moved)."""
        now = self.watch.current()
        if now != self.seen or self._store is None:
            latest = newest(self.store_path, self.public_path.name)  # public or complet
            if latest is not None and latest != self.opened:
                self._open(latest)
            if self._store is None:
                self._store = ox.Store.read_only(str(self.public_path))
            if self.opened is not None and self.opened.number >= now.number:
                self.seen = now  # else the snapshot of ``now`` is not there yet: look again
        return self._store

    def _open(self, chosen: Snapshot) -> None:
        try:
            fd = os.open(chosen.lock, os.O_RDONLY)
        except FileNotFoundError:
            return  # pruned meanwhile: an older one stays open until the next look
        fcntl.flock(fd, fcntl.LOCK_SH)
        # The old store closes first: a worker lives under an address-space limit, and two
        # RocksDB instances (each with its block cache mapped) may not fit in it at once.
        self.close()
        try:
            store = ox.Store.read_only(str(chosen.path))
        except OSError:
            os.close(fd)
            return  # :meth:`store` falls back on the live folder, read-only
        self._store, self._lock_fd, self.opened = store, fd, chosen
        self.reopened += 1

    def close(self) -> None:
        """Close the open store and release its snapshot."""
        self._store, self.opened = None, None  # the last reference: RocksDB closes it
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock_fd)
            self._lock_fd = None

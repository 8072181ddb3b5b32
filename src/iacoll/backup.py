"""``iacoll backup DEST`` and ``iacoll restore SRC``: the revision log and both stores, copied
consistently while a server runs.

The revision log (SQLite, ``iacoll.sqlite3``) is the source of truth; the stores are its
projections. A backup copies the stores first, then the log, so that the log is never behind
the stores it comes with:

- the stores: when no other process holds them, Oxigraph's ``Store.backup`` (a RocksDB
  checkpoint) of each; when a server holds them, the newest snapshots it took after its last
  publications (:mod:`iacoll.snapshots`, checkpoints too), held with a shared lock while they
  are copied. ``projection.json`` in the backup is the publication each copy had applied;
- the log: SQLite's online backup API, a consistent copy even while the server writes.

A restore moves the store folder aside (``{store}.avant-restauration-{date}``), copies the
backup in its place, then runs the checked build (:func:`iacoll.integrity.build_checked`): the
publications the store copies miss are applied from the log, the catalogue graph and the
download files are written again, and a store copy that does not open is rebuilt from the log.
The backup folder is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from iacoll import integrity, remote, snapshots, store
from iacoll.errors import IacollError
from iacoll.projection import MARKS, read_marks
from iacoll.settings import Settings

DATABASE = "iacoll.sqlite3"
INFO = "sauvegarde.json"
COPIED = ("build.json", "generation.json")
KINDS = ("public", "complet")  # the store folders, and the kinds of their snapshots


class BackupError(IacollError):
    """A backup or a restore that cannot be done as asked (the message says what to do)."""

    status = 400


@dataclass(frozen=True)
class Backup:
    """What a backup holds: when it was taken and the publication each store copy reached."""

    folder: Path
    taken: datetime
    marks: dict[str, int]
    publications: int


def backup(settings: Settings, dest: Path) -> Backup:
    """Copy the stores and the revision log of ``settings`` into the new folder ``dest``."""
    _check_backup(settings, dest)
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    marks = _copy_stores(settings, tmp)
    _copy_database(settings.store_path / DATABASE, tmp / DATABASE)
    for name in COPIED:
        if (settings.store_path / name).is_file():
            shutil.copy2(settings.store_path / name, tmp / name)
    (tmp / MARKS).write_text(json.dumps(marks), encoding="utf-8")
    made = Backup(dest, datetime.now(UTC), marks, _publications(tmp / DATABASE))
    info = {"date": made.taken.isoformat(), "marks": marks, "publications": made.publications}
    (tmp / INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
    tmp.rename(dest)
    return made


def _check_backup(settings: Settings, dest: Path) -> None:
    _refuse_remote(settings, "sauvegardez")
    if settings.database_url:
        raise BackupError(
            "Le journal des révisions n'est pas dans SQLite (IACOLL_DATABASE_URL) : "
            "sauvegardez la base avec ses propres outils (pg_dump)."
        )
    if not integrity.built(settings):
        raise store.StoreNotBuilt(
            f"Rien à sauvegarder : le magasin {settings.store_path} n'est pas construit."
        )
    if dest.exists():
        raise BackupError(f"Le dossier {dest} existe déjà : donnez un dossier nouveau.")


def _copy_stores(settings: Settings, target: Path) -> dict[str, int]:
    """Both stores into ``target``; return the publication each copy had applied."""
    try:
        stores = store.open_stores(settings)
    except (OSError, RuntimeError):  # a server holds them: copy its newest snapshots
        return {kind: _copy_snapshot(settings, kind, target / kind) for kind in KINDS}
    stores.flush()
    stores.public.backup(str(target / "public"))
    stores.full.backup(str(target / "complet"))
    return read_marks(settings.store_path)


def _copy_snapshot(settings: Settings, kind: str, target: Path) -> int:
    newest = snapshots.newest(settings.store_path, kind)
    if newest is None:
        raise BackupError(
            f"Le magasin {settings.store_path} est ouvert par un autre processus qui n'en a pris "
            "aucun instantané : arrêtez-le, puis relancez « iacoll backup »."
        )
    fd = os.open(newest.lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # the server does not prune it while it is copied
        shutil.copytree(newest.path, target)
    finally:
        os.close(fd)
    return newest.number


def _copy_database(source: Path, target: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(source)) as live,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)


def _publications(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM publication").fetchone()
    return int(count)


# Restore ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup, where the previous store went, the checked build."""

    source: Backup
    moved_to: Path | None
    outcome: integrity.Outcome


def restore(settings: Settings, source: Path) -> Restored:
    """Replace the store folder of ``settings`` by the backup in ``source``, then build it."""
    found = read_backup(source)
    _refuse_remote(settings, "restaurez")
    if settings.database_url:
        raise BackupError(
            "Le journal des révisions n'est pas dans SQLite (IACOLL_DATABASE_URL) : "
            "restaurez la base avec ses propres outils."
        )
    moved = _move_aside(settings)
    shutil.copytree(source, settings.store_path, ignore=shutil.ignore_patterns(INFO))
    _forget_catalogue(settings.store_path / "build.json")
    return Restored(found, moved, integrity.build_checked(settings))


def _refuse_remote(settings: Settings, verb: str) -> None:
    """Stores on SPARQL servers (``IACOLL_STORE_URL``) are saved by the servers' own tools."""
    if settings.store_url:
        public, full = (
            remote.Server(u).shown for u in (settings.store_url, settings.store_url_complet)
        )
        raise BackupError(
            f"Les magasins sont sur les serveurs SPARQL {public} et {full} : {verb}-les avec "
            "les outils de ces serveurs (Oxigraph : « oxigraph backup » ou « oxigraph dump »), et "
            "le journal des révisions avec ceux de sa base (SQLite : « sqlite3 … .backup », "
            "PostgreSQL : pg_dump). Les magasins se reconstruisent aussi depuis le journal seul "
            "(« iacoll build »)."
        )


def read_backup(source: Path) -> Backup:
    """The backup in ``source``, or :class:`BackupError` when it is not one."""
    try:
        info = json.loads((source / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"{source} n'est pas une sauvegarde d'iacoll (pas de {INFO} lisible) : donnez le "
            "dossier qu'a écrit « iacoll backup »."
        ) from exc
    if not (source / DATABASE).is_file():
        raise BackupError(f"La sauvegarde {source} n'a pas de journal des révisions ({DATABASE}).")
    taken = datetime.fromisoformat(info["date"])
    return Backup(source, taken, dict(info["marks"]), int(info["publications"]))


def _move_aside(settings: Settings) -> Path | None:
    """Move the current store folder aside (refused while a server holds it)."""
    path = settings.store_path
    if not path.exists():
        return None
    try:
        integrity.check_open(settings)  # a damaged store is replaced all the same
    except integrity.StoreBusy as exc:
        raise BackupError(
            f"Le magasin {path} est ouvert par un autre processus (un serveur iacoll ?) : "
            "arrêtez-le avant de restaurer."
        ) from exc
    store.close_stores(settings)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.avant-restauration-{stamp}")
    path.rename(aside)
    return aside


def _forget_catalogue(state: Path) -> None:
    """The catalogue graph and the download files are written again (they are not saved)."""
    if state.is_file():
        data = json.loads(state.read_text(encoding="utf-8"))
        data.pop("catalogue", None)
        state.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")

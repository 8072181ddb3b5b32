"""A store that knows when it is damaged: what ``iacoll build`` checks and repairs, and what
``iacoll serve`` checks before serving.

After each build, ``{store}/integrity.json`` (written atomically) records the number of triples
of every named graph of both stores and the last publication each store had applied
(``projection.json``'s marks). The next check:

- both store folders exist and open (a deleted ``public/``, a truncated SST file);
- every graph holds as many triples as recorded, except the graphs the publications applied
  since then changed (the records they name, and the catalogue graph);
- every download file the catalogue graph declares is on disk with the declared size and
  SHA-256 (:func:`iacoll.downloads.served`, then the bytes hashed).

``iacoll build`` runs the whole check before it returns. ``iacoll serve`` checks before serving
only what costs no full read (the folders open, each declared download is on disk at its
size), then builds what changed and starts; the counts and the SHA-256 are checked in a
background thread while it starts (:func:`serve_checked`), which logs a damage with the command
that repairs it and records the manifest when all is well.

A damaged store is repaired from what it is a projection of: a store that does not open, a
missing folder or a graph whose count differs makes both stores be rebuilt (the static graphs
from their files, the records from the revision log, which is the source of truth); a damaged
download makes the catalogue graph and the files be written again. Cost on the seed store:
see the README (operations).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from sqlalchemy import select

from iacoll import derived, downloads, remote, store
from iacoll.errors import IacollError
from iacoll.projection import MARKS, read_marks, record_graph, restricted_graph
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication
from iacoll.settings import Settings

FILE = "integrity.json"
STORES = {"public": "public", "complet": "complet (données restreintes comprises)"}
LOG = logging.getLogger(__name__)
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Damage:
    """Something broken in a store folder: ``part`` is ``magasins`` (rebuild both stores from
    the sources and the log) or ``telechargements`` (write the downloads again)."""

    part: str
    message: str


class StoreBusy(IacollError):
    """Another process holds the stores open for writing (a running server)."""

    status = 503


class StoreDamaged(IacollError):
    """The store is damaged: ``serve`` refuses it, ``build`` could not repair it."""

    status = 503


@dataclass
class Outcome:
    """What a checked build found, did and rebuilt."""

    damages: list[Damage] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def build_checked(settings: Settings) -> Outcome:
    """``iacoll build``: check, repair what is damaged, build, check again, record."""
    outcome = Outcome(check_before(settings))
    if outcome.damages:
        outcome.repairs.append(repair(settings, outcome.damages))
    outcome.changed = store.build(settings)
    found = check_counts(settings, outcome.changed)
    if found:
        outcome.damages += found
        outcome.repairs.append(repair(settings, found))
        outcome.changed += store.build(settings)
        still = check_before(settings) or check_counts(settings)
        if still:
            raise StoreDamaged(describe(settings, still, "La réparation a échoué"))
    record(settings)
    return outcome


def serve_checked(settings: Settings) -> threading.Thread | None:
    """``iacoll serve``: build what the sources changed, but refuse a damaged store with the
    command that repairs it (:class:`StoreDamaged`).

    Before serving, only what costs no full read: the store folders open, the download files
    the catalogue declares are on disk at their size. The full check (every graph's count,
    every download's SHA-256), then the new manifest, run in the returned background thread
    while the server starts: a damage it finds is logged with the command that repairs it
    (``iacoll build`` checks everything before it returns)."""
    damages = check_open(settings)
    if not damages and _read_manifest(settings.store_path) is not None:
        damages = _check_downloads(settings, store.open_stores(settings).public, hashes=False)
    if damages:
        raise StoreDamaged(
            describe(settings, damages, "Magasin endommagé")
            + f"\nRéparez-le avec : {repair_command(settings)}"
        )
    rebuilt = store.build(settings, derived_later=True)  # the server's Refresher follows
    thread = threading.Thread(
        target=_check_in_background, args=(settings, rebuilt), name="iacoll-integrity", daemon=True
    )
    thread.start()
    return thread


def _check_in_background(settings: Settings, rebuilt: list[str]) -> None:
    """The full check of a served store; the manifest is recorded again when it passes."""
    try:
        damages = check_counts(settings, rebuilt)
        if _read_manifest(settings.store_path) is not None:
            damages += _check_downloads(settings, store.open_stores(settings).public)
        if damages:
            LOG.error(
                "%s\nRéparez-le avec : %s",
                describe(settings, damages, "Magasin endommagé"),
                repair_command(settings),
            )
            return
        record(settings)
    except Exception:  # the server goes on; `iacoll build` checks and repairs
        LOG.exception("integrity: the background check failed")


def describe(settings: Settings, damages: list[Damage], title: str) -> str:
    """``title (store) :`` then one line per damage, in French."""
    lines = [f"{title} ({settings.store_path}) :"]
    lines += [f"  - {damage.message}" for damage in damages]
    return "\n".join(lines)


def repair_command(settings: Settings) -> str:
    """The command that repairs the store of ``settings``."""
    if settings.store_url:
        return (
            f"IACOLL_STORE_PATH={settings.store_path} iacoll build --store "
            f"{remote.Server(settings.store_url).shown} --store-complet "
            f"{remote.Server(settings.store_url_complet).shown}"
        )
    return f"iacoll build --store {settings.store_path}"


def built(settings: Settings) -> bool:
    """Whether ``iacoll build`` ever ran on this folder."""
    return (settings.store_path / "build.json").exists()


# Checks --------------------------------------------------------------------------------------


def check_open(settings: Settings) -> list[Damage]:
    """The store folders exist and open (they are opened in this process for writing)."""
    if not built(settings):
        return []
    if settings.store_url:  # SPARQL servers: they answer (or the build stops), and get counted
        return []
    missing = [
        Damage("magasins", f"le dossier du magasin {STORES[path.name]} ({path}) a disparu")
        for path in (store.public_store_path(settings), store.full_store_path(settings))
        if not path.is_dir()
    ]
    if missing:
        return missing
    try:
        store.open_stores(settings)
    except (OSError, RuntimeError) as exc:
        if "lock" in str(exc).lower():
            raise StoreBusy(
                f"Le magasin {settings.store_path} est ouvert par un autre processus (un serveur "
                "iacoll ?) : arrêtez-le d'abord, ou sauvegardez-le avec « iacoll backup »."
            ) from exc
        return [Damage("magasins", f"le magasin ne s'ouvre pas : {exc}")]
    return []


def check_before(settings: Settings) -> list[Damage]:
    """What a build would not see: the store folders open, the download files are the
    declared bytes (when the store has a manifest: it was built with these checks)."""
    damages = check_open(settings)
    if damages or _read_manifest(settings.store_path) is None:
        return damages
    return _check_downloads(settings, store.open_stores(settings).public)


def check_counts(settings: Settings, rebuilt: Iterable[str] = ()) -> list[Damage]:
    """Triples per graph against the manifest, after a build: neither the graphs of the
    records published since (the log says which) nor the static graphs the build reloaded
    from changed files (``rebuilt``, their keys) are compared."""
    recorded = _read_manifest(settings.store_path)
    if recorded is None:
        return []
    stores = store.open_stores(settings)
    counts = {"public": graph_counts(stores.public), "complet": graph_counts(stores.full)}
    # Read after the counts: a publication applied while they were read is excluded too.
    changed = _changed_since(settings, recorded["marks"])
    changed |= {f"{settings.base_iri}graph/{key}" for key in rebuilt}
    damages = []
    for name in ("public", "complet"):
        damages += _compare(name, counts[name], recorded["graphs"][name], changed)
    return damages


def graph_counts(opened: ox.Store) -> dict[str, int]:
    """Triples per named graph (every triple of the store is read: corrupt blocks fail)."""
    return {row["g"].value: int(row["n"].value) for row in opened.query(COUNTS)}  # type: ignore[union-attr]


def _compare(
    name: str, counts: dict[str, int], recorded: dict[str, int], changed: set[str]
) -> list[Damage]:
    damages = []
    for graph in sorted(set(recorded) | set(counts)):
        if graph in changed:
            continue
        found, expected = counts.get(graph, 0), recorded.get(graph, 0)
        if found != expected:
            damages.append(
                Damage(
                    "magasins",
                    f"le graphe <{graph}> du magasin {STORES[name]} compte {found} triplets au "
                    f"lieu de {expected}",
                )
            )
    return damages


def _changed_since(settings: Settings, marks: dict[str, int]) -> set[str]:
    """The graphs the publications applied after ``marks`` changed (empty when none)."""
    since = min(marks.values())
    db = Database(settings)
    try:
        with db.transaction() as session:
            iris = session.scalars(
                select(Publication.record_iri).where(Publication.id > since)
            ).all()
    finally:
        db.close()
    if not iris:
        return set()
    base = settings.base_iri
    changed = {base + derived.CATALOGUE_GRAPH}  # the catalogue graph follows publications
    for iri in iris:
        changed |= {record_graph(base, iri), restricted_graph(base, iri)}
    return changed


def _check_downloads(settings: Settings, public: ox.Store, hashes: bool = True) -> list[Damage]:
    """Every declared download is on disk at its size, and (``hashes``) has its SHA-256."""
    target = downloads.folder(settings)
    damages = []
    for name, (size, sha256) in sorted(downloads.declared(public, settings.base_iri).items()):
        try:
            file = downloads.served(target, downloads.BY_NAME[name], (size, sha256))
        except downloads.DownloadDamaged as exc:
            why = exc.message.split(" : ")[0]
            damages.append(Damage("telechargements", why[0].lower() + why[1:]))
            continue
        if hashes and _sha256(file.path) != sha256:
            damages.append(
                Damage(
                    "telechargements",
                    f"le téléchargement {name} n'a plus le SHA-256 que le catalogue déclare",
                )
            )
    return damages


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


# Repairs and the manifest ----------------------------------------------------------------------


def repair(settings: Settings, damages: list[Damage]) -> str:
    """Remove what is damaged so that :func:`iacoll.store.build` rebuilds it; return what is
    done, in French."""
    if any(d.part == "magasins" for d in damages):
        store.remove_stores(settings)  # the folders, or every graph of the SPARQL servers
        for name in (MARKS, "build.json", FILE):
            (settings.store_path / name).unlink(missing_ok=True)
        return "reconstruction des deux magasins depuis les sources et le journal des révisions"
    state = settings.store_path / "build.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data.pop("catalogue", None)  # the catalogue graph and the files it describes
    _write_atomically(state, json.dumps(data, indent=2, sort_keys=True))
    return "écriture de nouveaux fichiers de téléchargement et du graphe du catalogue"


def record(settings: Settings) -> None:
    """Write the manifest of the stores as they are now (after a build)."""
    stores = store.open_stores(settings)
    manifest = {
        "marks": read_marks(settings.store_path),
        "graphs": {"public": graph_counts(stores.public), "complet": graph_counts(stores.full)},
        "downloads": {
            name: {"size": size, "sha256": sha256}
            for name, (size, sha256) in downloads.declared(stores.public, settings.base_iri).items()
        },
    }
    _write_atomically(settings.store_path / FILE, json.dumps(manifest, indent=1, sort_keys=True))


def _read_manifest(store_path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((store_path / FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)

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
background thread while it starts (:func:`serve_checked`, :func:`check_served`), which logs a
damage with the command that repairs it and records the manifest when all is well.

The server's projector and refresher write the stores and the downloads meanwhile (a refresh
runs at start-up when the dumps lag). The long reads (every triple, every file hashed) take no
lock, so a publication never waits for them; what they find damaged is checked again holding
the projector's lock (:class:`iacoll.projection.WriterLock`: no projection or catalogue graph
half-applied then), and only what is still damaged is reported; the manifest is written holding
it too, and only when no writer took it since the counts began.

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

from iacoll import derived, downloads, generation, remote, store
from iacoll.errors import IacollError
from iacoll.projection import MARKS, WriterLock, read_marks, record_graph, restricted_graph
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication
from iacoll.settings import Settings
from iacoll.terms import select_rows

FILE = "integrity.json"
STORES = {"public": "public", "complet": "complet (données restreintes comprises)"}
LOG = logging.getLogger(__name__)
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
Counts = dict[str, dict[str, int]]  # store name (public, complet) → graph IRI → triples


@dataclass(frozen=True)
class Damage:
    """Something broken in a store folder: ``part`` is ``magasins`` (rebuild both stores from
    the sources and the log) or ``telechargements`` (write the downloads again)."""

    part: str
    message: str
    graph: tuple[str, str] | None = None  # (store name, graph IRI) whose count differs
    download: str | None = None  # the download file's name


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
    """:func:`check_served` in the server's background thread: a damage is logged."""
    try:
        damages = check_served(settings, rebuilt)
        if damages:
            LOG.error(
                "%s\nRéparez-le avec : %s",
                describe(settings, damages, "Magasin endommagé"),
                repair_command(settings),
            )
    except Exception:  # the server goes on; `iacoll build` checks and repairs
        LOG.exception("integrity: the background check failed")


def check_served(settings: Settings, rebuilt: Iterable[str] = ()) -> list[Damage]:
    """The full check of a served store while its writers (the projector, the refresher)
    write; the manifest is recorded again when it passes. Return what is damaged.

    The counts and the hashes are read without the projector's lock (a publication is never
    held up by them). What they find damaged is checked again holding it: a refresh or a
    projection under way changes the catalogue graph, the declared files and the graphs while
    they are read, which is no damage. The manifest is written holding the lock, from the
    counts read, only if no writer took it since they began (else the last one is kept: its
    marks are older, so the next check compares fewer graphs, never wrongly)."""
    lock = WriterLock(settings.store_path / "projection.lock")  # the projector's (Projector.lock)
    rebuilt = list(rebuilt)
    with lock:
        before = _writers_mark(settings)
    counts = _counts(settings)
    damages = _compared(settings, counts, rebuilt)
    if _read_manifest(settings.store_path) is not None:
        damages += _check_downloads(settings, store.open_stores(settings).public)
    if damages:
        with lock:
            return _confirmed(settings, damages, rebuilt)
    with lock:
        if _writers_mark(settings) == before:
            _write_manifest(settings, before[0], counts)
    return []


def _writers_mark(settings: Settings) -> tuple[dict[str, int], generation.Generation]:
    """What every holder of the projector's lock moves when it writes the stores: the marks
    (the projector) and the generation (the projector and the refresher advance it)."""
    return read_marks(settings.store_path), generation.current(settings.store_path)


def _confirmed(settings: Settings, damages: list[Damage], rebuilt: list[str]) -> list[Damage]:
    """``damages`` checked again (holding the projector's lock): the counts of the graphs
    found wrong, the download files found damaged; only what is still damaged is kept."""
    recorded = _read_manifest(settings.store_path)
    if recorded is None:
        return damages
    stores = store.open_stores(settings)
    opened = {"public": stores.public, "complet": stores.full}
    changed = _changed(settings, recorded["marks"], rebuilt)
    kept = [d for d in damages if d.graph is None and d.download is None]
    for damage in damages:
        if damage.graph is None or damage.graph[1] in changed:
            continue
        name, graph = damage.graph
        found, expected = _count(opened[name], graph), recorded["graphs"][name].get(graph, 0)
        if found != expected:
            kept.append(_count_damage(name, graph, found, expected))
    names = {d.download for d in damages if d.download is not None}
    if names:
        kept += _check_downloads(settings, stores.public, names=names)
    return kept


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
    return _compared(settings, _counts(settings), rebuilt)


def _counts(settings: Settings) -> Counts:
    stores = store.open_stores(settings)
    return {"public": graph_counts(stores.public), "complet": graph_counts(stores.full)}


def _compared(settings: Settings, counts: Counts, rebuilt: Iterable[str]) -> list[Damage]:
    """``counts`` against the manifest (read after them: a publication applied while they
    were read is excluded too)."""
    recorded = _read_manifest(settings.store_path)
    if recorded is None:
        return []
    changed = _changed(settings, recorded["marks"], rebuilt)
    damages = []
    for name in ("public", "complet"):
        damages += _compare(name, counts[name], recorded["graphs"][name], changed)
    return damages


def graph_counts(opened: ox.Store) -> dict[str, int]:
    """Triples per named graph (every triple of the store is read: corrupt blocks fail)."""
    return {row["g"].value: int(row["n"].value) for row in opened.query(COUNTS)}  # type: ignore[union-attr]


def _count(opened: ox.Store, graph: str) -> int:
    """Triples in one named graph."""
    _, rows = select_rows(opened, COUNTS, substitutions={ox.Variable("g"): ox.NamedNode(graph)})
    return sum(int(row["n"].value) for row in rows)


def _compare(
    name: str, counts: dict[str, int], recorded: dict[str, int], changed: set[str]
) -> list[Damage]:
    damages = []
    for graph in sorted(set(recorded) | set(counts)):
        if graph in changed:
            continue
        found, expected = counts.get(graph, 0), recorded.get(graph, 0)
        if found != expected:
            damages.append(_count_damage(name, graph, found, expected))
    return damages


def _count_damage(name: str, graph: str, found: int, expected: int) -> Damage:
    message = (
        f"le graphe <{graph}> du magasin {STORES[name]} compte {found} triplets au lieu de "
        f"{expected}"
    )
    return Damage("magasins", message, graph=(name, graph))


def _changed(settings: Settings, marks: dict[str, int], rebuilt: Iterable[str]) -> set[str]:
    """The graphs not compared: those the publications after ``marks`` changed, and the
    static graphs ``rebuilt`` (their keys)."""
    changed = _changed_since(settings, marks)
    return changed | {f"{settings.base_iri}graph/{key}" for key in rebuilt}


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


def _check_downloads(
    settings: Settings, public: ox.Store, hashes: bool = True, names: set[str] | None = None
) -> list[Damage]:
    """Every declared download (of ``names`` only, when given) is on disk at its size, and
    (``hashes``) has its SHA-256."""
    target = downloads.folder(settings)
    damages = []
    for name, (size, sha256) in sorted(downloads.declared(public, settings.base_iri).items()):
        if names is not None and name not in names:
            continue
        try:
            file = downloads.served(target, downloads.BY_NAME[name], (size, sha256))
            intact = not hashes or _sha256(file.path) == sha256
        except downloads.DownloadDamaged as exc:
            why = exc.message.split(" : ")[0]
            damages.append(Damage("telechargements", why[0].lower() + why[1:], download=name))
            continue
        except FileNotFoundError:  # its version was pruned while it was read
            gone = "le fichier déclaré au catalogue n'est plus sur le disque"
            gone = f"le téléchargement {name} est endommagé ({gone})"
            damages.append(Damage("telechargements", gone, download=name))
            continue
        if not intact:
            damages.append(
                Damage(
                    "telechargements",
                    f"le téléchargement {name} n'a plus le SHA-256 que le catalogue déclare",
                    download=name,
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
    _write_manifest(settings, read_marks(settings.store_path), _counts(settings))


def _write_manifest(settings: Settings, marks: dict[str, int], counts: Counts) -> None:
    """The manifest: the marks the stores had when ``counts`` were read, the counts, and the
    downloads the public store declares."""
    declared = downloads.declared(store.open_stores(settings).public, settings.base_iri)
    manifest = {
        "marks": marks,
        "graphs": counts,
        "downloads": {
            name: {"size": size, "sha256": sha256} for name, (size, sha256) in declared.items()
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

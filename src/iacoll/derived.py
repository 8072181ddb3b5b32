"""Views derived from the public graphs, recomputed after publications: the DCAT-AP catalogue
graph (``graph/catalogue``) and the download files.

:func:`write_dumps` streams every public graph but the catalogue's from the public store into
the dumps (:mod:`iacoll.dumps_rdf`, :mod:`iacoll.dumps_tables`; a new version folder of
:func:`iacoll.downloads.write_files`, renamed into place), with the catalogue's static part and
its ``dcat:resource`` links. Then
:func:`store_catalogue` replaces ``graph/catalogue`` in both stores, one transaction each: the
static part, the files' size and checksum, and the ``dcat:resource`` links of the records the
store holds at that moment. :func:`refresh_derived` does both; the :class:`Refresher` runs
them after a batch of publications (debounced), writing the dumps outside the projector's lock
so that a publication is never held up by them: the dumps lag the publications by one refresh
(they carry their generation), the records' pages, SPARQL and the catalogue's links do not (the
projector keeps the links, :class:`iacoll.projection.Links`).

Read from the store, the dumps carry Oxigraph's canonical lexical forms (oxigraph#526):
``"46.1600000"^^xsd:decimal`` is written ``"46.16"``; ``iacoll build`` writes them the same way
(it calls :func:`refresh_derived`), so a build and a refresh give the same bytes. Seven files
and the catalogue graph at the seed's size: see
``bench/results/publication.md``.
"""

from __future__ import annotations

import fcntl
import json
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from iacoll import catalogue, downloads, dumps_rdf, dumps_tables, generation, snapshots, sources
from iacoll.namespaces import DCAT_RESOURCE, rebase
from iacoll.projection import WriterLock, insert, read_marks
from iacoll.remote import RemoteStore
from iacoll.settings import Settings
from iacoll.terms import OxTerm, home, quads, select_rows, to_oxigraph

CATALOGUE_GRAPH = "graph/catalogue"
PARALLEL_FROM = 2_000  # publications: below, a child process's start (~1 s) outweighs it
FILE = "derived.json"  # {"publication": the last one the derived views follow}
LOG = logging.getLogger(__name__)


def refresh_derived(
    settings: Settings, public_store: ox.Store, full_store: ox.Store, parallel: bool = False
) -> None:
    """Recompute the catalogue graph from ``public_store``'s public graphs, rewrite the dumps,
    and store the new catalogue graph in both stores (both open read-write).

    ``parallel`` (``iacoll build``, from :data:`PARALLEL_FROM` publications on, embedded
    stores): the spreadsheets are written by a child process from a snapshot of the public
    store (:func:`iacoll.snapshots.snapshot` of the current generation, which the server's
    SPARQL workers then read) while this one writes the RDF dumps: two cores."""
    reached = read_marks(settings.store_path)["public"]
    snapshot = None
    if parallel and reached >= PARALLEL_FROM and not isinstance(public_store, RemoteStore):
        current = generation.current(settings.store_path)
        snapshot = snapshots.snapshot(public_store, settings.store_path, current)
    files = write_dumps(settings, public_store, snapshot=snapshot)
    store_catalogue(settings, (public_store, full_store), files)
    record_computed(settings.store_path, reached)


def snapshot_dumps(settings: Settings, snapshot: Path, lock: Path) -> list[downloads.DownloadFile]:
    """:func:`write_dumps` from a snapshot of the public store (in a child process), holding
    the snapshot's shared lock while it is read (:func:`iacoll.snapshots.prune` spares it)."""
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        return write_dumps(settings, ox.Store.read_only(str(snapshot)))
    finally:
        os.close(fd)


def _snapshot_tables(
    snapshot: Path, catalogue_graph: str, base: str, stamp: datetime, paths: dict[str, Path]
) -> None:
    """:func:`iacoll.dumps_tables.write_tables` from ``snapshot`` (in a child process), holding
    its shared lock while it is read (:func:`iacoll.snapshots.prune` spares it)."""
    fd = os.open(snapshot.with_name(snapshot.name + snapshots.LOCK), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        opened = ox.Store.read_only(str(snapshot))
        dumps_tables.write_tables(opened, ox.NamedNode(catalogue_graph), base, stamp, paths)
    finally:
        os.close(fd)


def computed_at(store_path: Path) -> int | None:
    """The last publication the catalogue graph and the dumps were computed after (None when
    not recorded): :func:`iacoll.store.build` recomputes them when the stores moved past it."""
    try:
        data = json.loads((store_path / FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return int(data["publication"])


def behind(store_path: Path) -> bool:
    """Whether the public store applied publications the derived views do not follow yet."""
    return computed_at(store_path) != read_marks(store_path)["public"]


def record_computed(store_path: Path, publication: int) -> None:
    """Record that the derived views follow every publication up to ``publication``."""
    tmp = store_path / f"{FILE}.tmp"
    tmp.write_text(json.dumps({"publication": publication}), encoding="utf-8")
    tmp.replace(store_path / FILE)


def write_dumps(
    settings: Settings,
    public_store: ox.Store,
    target: Path | None = None,
    snapshot: Path | None = None,
) -> list[downloads.DownloadFile]:
    """Write the dumps of what ``public_store`` holds now (one consistent read: no lock is
    needed, publications may go on meanwhile), streamed from the store, into ``target`` (the
    store's download folder by default); return the files.

    The RDF dumps and the spreadsheets are two reads: of a snapshot (the refresher's
    :func:`snapshot_dumps`, ``iacoll build``) they agree; of the live store of a server with no
    snapshots (on SPARQL servers) a publication may land between them, and the next refresh
    follows it.

    ``snapshot``: a snapshot of ``public_store`` as it is (same content), from which a child
    process writes the spreadsheets meanwhile (:func:`refresh_derived`)."""
    name = ox.NamedNode(settings.base_iri + CATALOGUE_GRAPH)
    static = catalogue.static(_data_dir(settings))
    base, stamp = settings.base_iri, downloads.modified(static)

    def fill(paths: dict[str, Path]) -> None:
        if snapshot is None:
            dumps_rdf.write_rdf(public_store, name, static, base, paths)
            dumps_tables.write_tables(public_store, name, base, stamp, paths)
            return
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            tables = pool.submit(_snapshot_tables, snapshot, name.value, base, stamp, paths)
            dumps_rdf.write_rdf(public_store, name, static, base, paths)
            tables.result()

    declared = downloads.declared(public_store, base)  # kept until the new files are declared
    return downloads.write_files(target or downloads.folder(settings), fill, declared)


def store_catalogue(
    settings: Settings, stores: tuple[ox.Store, ox.Store], files: list[downloads.DownloadFile]
) -> None:
    """Replace the catalogue graph of both ``stores`` (public, complet), each in one
    transaction, by the same triples: the static part, the metadata of ``files``, and a
    ``dcat:resource`` link to each record the public store holds now
    (:func:`iacoll.catalogue.members`, asked of the store: the projector keeps the links of the
    records it applies meanwhile, :class:`iacoll.projection.Links`)."""
    base = settings.base_iri
    name = ox.NamedNode(base + CATALOGUE_GRAPH)
    catalogue_iri = ox.NamedNode(base + "id/catalogue")
    fixed = catalogue.static(_data_dir(settings)) + downloads.file_metadata(files)
    lines = [f"{s} {p} {o} ." for s, p, o in _oxigraph(rebase(fixed, base))]
    members = MEMBERS.format(graph=name, fiche=ox.NamedNode(base + "def#Fiche"))
    _, rows = select_rows(stores[0], members)
    lines += [f"{catalogue_iri} <{DCAT_RESOURCE}> {row['record']} ." for row in rows]
    text = "\n".join(lines)
    for store in stores:
        if isinstance(store, RemoteStore):  # one Graph Store PUT: atomic, of any size
            store.put_graph(name, text)
        else:
            store.update(f"DROP SILENT GRAPH {name};\n{insert(name, text)}")
        store.flush()


# catalogue.members(), asked of the public store: every record typed iacoll:Fiche in its graphs.
MEMBERS = """SELECT DISTINCT ?record WHERE {{
  GRAPH ?g {{ ?record a {fiche} }}
  FILTER (?g != {graph})
}}"""


def _oxigraph(graph: Graph) -> Iterator[tuple[OxTerm, OxTerm, OxTerm]]:
    for triple in graph:
        s, p, o = (to_oxigraph(term) for term in triple)
        yield s, p, o


def public_inputs(public_store: ox.Store, catalogue_graph: ox.NamedNode, base: str) -> Graph:
    """Every triple of the public store outside ``catalogue_graph``, under the default base, in
    one rdflib graph: what the streamed dumps hold (the oracle of their tests)."""
    graph = Graph()
    for quad in quads(public_store, None, None, None, None):
        if quad.graph_name != catalogue_graph:
            s, p, o = (home(term, base) for term in (quad.subject, quad.predicate, quad.object))
            graph.add((s, p, o))
    return graph


def _data_dir(settings: Settings) -> Path:
    """The folder of ``catalogue.ttl``: the settings' data folder when it holds one."""
    candidate = settings.data_path / catalogue.STATIC_FILE
    return settings.data_path if candidate.is_file() else sources.DATA_DIR


class Refresher:
    """Recomputes the derived views after publications, in a background thread.

    The projector calls :meth:`notify` after each generation; the thread waits until no
    publication came for ``quiet`` seconds (a batch is one refresh), then writes the dumps
    (without the projector's lock), and, holding it, stores the catalogue graph and advances
    the generation again (same number, new time) so that every reader follows; ``after``
    callbacks (the workers' snapshot) get that generation.
    """

    def __init__(
        self,
        settings: Settings,
        public_store: ox.Store,
        full_store: ox.Store,
        lock: WriterLock,
        quiet: float = 0.5,
    ) -> None:
        self.settings, self.public, self.full, self.lock = settings, public_store, full_store, lock
        self.quiet = quiet
        self.after: list[Callable[[generation.Generation], None]] = []
        self._wanted, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="iacoll-derived", daemon=True)
        self._pool: ProcessPoolExecutor | None = None
        self._delayed: float | None = None

    def notify(self, _reached: generation.Generation) -> None:
        """A generation was reached: refresh soon."""
        self._wanted.set()

    def notify_after(self, delay: float) -> None:
        """Refresh ``delay`` seconds after :meth:`start` (at start-up: once the server listens,
        so that the child process writing the dumps does not slow the start down)."""
        self._delayed = delay

    def start(self) -> None:
        """Start the background thread."""
        self._thread.start()
        if self._delayed is not None:
            timer = threading.Timer(self._delayed, self._wanted.set)
            timer.daemon = True
            timer.start()

    def stop(self) -> None:
        """Stop it (a refresh under way finishes first)."""
        self._stop.set()
        self._wanted.set()
        self._thread.join(timeout=120)
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def _write_dumps(self) -> tuple[int, list[downloads.DownloadFile]]:
        """The dumps, and the publication they follow: written by a child process from the
        newest snapshot of the public store (:mod:`iacoll.snapshots`; the server's threads do
        not wait for the interpreter lock meanwhile), in this process when there is none of
        the last publication applied (at start-up, before the first snapshot)."""
        on_servers = bool(self.settings.store_url)  # SPARQL servers: no snapshots (remote.py)
        chosen = None if on_servers else snapshots.newest(self.settings.store_path)
        read_at = read_marks(self.settings.store_path)["public"]  # the store holds at least it
        if chosen is not None and chosen.number >= read_at:  # else not taken yet: read the store
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), max_tasks_per_child=1
                )
            task = self._pool.submit(snapshot_dumps, self.settings, chosen.path, chosen.lock)
            try:
                return chosen.number, task.result()
            except (FileNotFoundError, BrokenProcessPool):  # pruned meanwhile; a killed child
                LOG.warning("derived views: the dumps are written in the server's process")
        return read_at, write_dumps(self.settings, self.public)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wanted.wait()
            while self._wanted.is_set() and not self._stop.is_set():
                self._wanted.clear()
                time.sleep(self.quiet)  # more publications of the same batch reset the wait
            if self._stop.is_set():
                return
            try:
                self.refresh()
            except Exception:  # keep the thread; the next publication retries
                LOG.exception("derived views: refresh failed")

    def refresh(self) -> generation.Generation:
        """Refresh now (what the thread does); a pending request is served by this one.

        The dumps are written outside the projector's lock (publications go on meanwhile: a
        publication's projection never waits for them); only the catalogue graph's
        replacement and the generation's advance hold it."""
        self._wanted.clear()
        read_at, files = self._write_dumps()
        with self.lock:
            store_catalogue(self.settings, (self.public, self.full), files)
            record_computed(self.settings.store_path, read_at)
            number = generation.current(self.settings.store_path).number
            reached = generation.advance(self.settings.store_path, number)
        for callback in self.after:
            callback(reached)
        return reached

"""The stores as projections of the revision log.

Each ``publication`` row says "record R now reads revision V" (or, without a revision, "R is
withdrawn"). Applying it makes R's named graphs hold the revision's triples: the public part in
both stores (``graph/{kind}/{slug}``), the restricted part in the complet store only
(``graph/restreint/{kind}/{slug}``); an environmental footprint its organisation chose to
publish goes with the public part (:func:`iacoll.model.footprint.published`).

Publications are applied in batches of :data:`BATCH` (the last publication of a record in a
batch wins). The log's N-Triples are parsed by pyoxigraph and their IRIs moved to the served
base on pyoxigraph terms. The graphs a store does not hold yet are written with one ``extend``
per batch (one transaction: all of them or none); the graphs it holds are replaced by one
SPARQL update per batch (drop, then insert: one transaction too, so a reader never sees a
record half-replaced or missing). Blank nodes get fresh labels either way (SPARQL's ``INSERT
DATA`` rule). Each store remembers the last publication it applied in
``{store}/projection.json``, written after the batch's transactions; a crash before makes the
next start apply the batch again, which gives the same graphs (a graph written by the first
run is then replaced). So a ``kill -9`` at any instant loses no committed revision and leaves no
half-written record. Then the generation advances.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from sqlalchemy import select

from iacoll import generation
from iacoll.model.footprint import published
from iacoll.model.record import kind_of
from iacoll.namespaces import DCAT_RESOURCE, DEFAULT_BASE
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision
from iacoll.remote import RemoteStore
from iacoll.settings import Settings

LOG = logging.getLogger(__name__)
MARKS = "projection.json"
LINKS_PER_UPDATE = 100  # on a SPARQL server: Virtuoso 7.2 refuses too large an update
CATALOGUE_GRAPH = "graph/catalogue"  # the DCAT-AP catalogue graph (iacoll.derived)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
BATCH = 500  # publications per transaction (and per marks write)
BULK_BATCH = 5_000  # publications per bulk load (and per marks write) of a build
Pending = tuple[int, str, str | None, str]  # publication number, record IRI, public, restricted


def record_graph(base_iri: str, record_iri: str) -> str:
    """The named graph of a record's public part: ``{base}graph/{kind}/{slug}``."""
    return f"{base_iri}graph/{kind_of(record_iri)}/{record_iri.rsplit('/', 1)[1]}"


def restricted_graph(base_iri: str, record_iri: str) -> str:
    """The named graph of a record's restricted part (complet store only)."""
    return f"{base_iri}graph/restreint/{kind_of(record_iri)}/{record_iri.rsplit('/', 1)[1]}"


class WriterLock:
    """A lock held by one thread of one process at a time: a thread lock, then an exclusive
    ``flock`` on ``path`` (the state folder's ``projection.lock``), so that two processes that
    project into the same stores (the server and ``iacoll publish`` on SPARQL servers) take turns
    instead of interleaving their marks and graph writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        self._thread_lock.acquire()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        fd, self._fd = self._fd, None
        try:
            if fd is not None:
                os.close(fd)  # closing the only descriptor releases the flock
        finally:
            self._thread_lock.release()


class Projector:
    """Applies the log's publications to the two stores, in order, from where each stopped."""

    def __init__(self, settings: Settings, db: Database, public: ox.Store, full: ox.Store) -> None:
        self.settings, self.db = settings, db
        self.public, self.full = public, full
        # One writer of the stores at a time (projection, derived views), across processes too:
        # on SPARQL servers no store lock keeps a CLI command from projecting beside the server.
        self.lock = WriterLock(settings.store_path / "projection.lock")
        self.after: list[Callable[[generation.Generation], None]] = []

    def catch_up(self, bulk: bool = False) -> int:
        """Apply every publication not yet projected; return how many were applied.

        ``bulk`` (``iacoll build``, the server's start before it listens: no reader of the
        stores yet): the graphs of records new to a store go in through Oxigraph's bulk loader
        (``bulk_extend``: ~2.3× less CPU than a transaction at 10k records), a batch of
        :data:`BULK_BATCH` at a time. Not transactional: a crash may leave part of a batch in a
        store, but the marks only move after it, and the next catch-up puts the graphs of the
        records past the marks whole (a graph the store holds is replaced, not added to)."""
        applied, last = 0, 0
        size = BULK_BATCH if bulk else BATCH
        with self.lock:
            marks = read_marks(self.settings.store_path)
            while batch := self._pending(min(marks.values()), size):  # read a batch at a time
                for name, store in (("complet", self.full), ("public", self.public)):
                    todo = [p for p in batch if p[0] > marks[name]]
                    if todo:
                        self._apply(store, todo, restricted=name == "complet", bulk=bulk)
                        store.flush()
                        marks[name] = todo[-1][0]
                        write_marks(self.settings.store_path, marks)
                applied, last = applied + len(batch), batch[-1][0]
            if not applied:
                return 0
            reached = generation.advance(self.settings.store_path, last)
        for callback in self.after:
            callback(reached)
        return applied

    def _pending(self, after: int, limit: int) -> list[Pending]:
        with self.db.transaction() as session:
            rows = session.execute(
                select(
                    Publication.id,
                    Publication.record_iri,
                    Revision.public_nt,
                    Revision.restricted_nt,
                )
                .outerjoin(Revision, Publication.revision_id == Revision.id)
                .where(Publication.id > after)
                .order_by(Publication.id)
                .limit(limit)
            ).all()
        # A published footprint moves from the restricted part to the public one (footprint.py).
        return [(n, iri, *published(public, hidden or "")) for n, iri, public, hidden in rows]

    def _apply(
        self, store: ox.Store, batch: list[Pending], restricted: bool, bulk: bool = False
    ) -> None:
        """Make the graphs of the batch's records hold their last revision in ``store``: new
        graphs in one ``extend``, replaced or dropped ones in one update (two transactions).
        The catalogue graph's ``dcat:resource`` link of each record follows, in the same
        transactions (when the store has a catalogue graph: the build writes it whole)."""
        base = self.settings.base_iri
        links = Links(base) if store.contains_named_graph(Links.graph(base)) else None
        latest = {iri: (public, hidden) for _n, iri, public, hidden in batch}
        # On a SPARQL server every graph is put whole (never appended to): a second projector
        # (a CLI command beside the server) writing the same graph leaves one copy of it.
        on_server = isinstance(store, RemoteStore)
        fresh: list[ox.Quad] = []
        replaced: list[tuple[ox.NamedNode, list[ox.Quad]]] = []
        linked: list[str] = []
        for iri, (public, hidden) in latest.items():
            parts = [(record_graph(base, iri), public)]
            if restricted:
                parts.append((restricted_graph(base, iri), hidden if public is not None else None))
            for number, (graph_iri, text) in enumerate(parts):
                graph = ox.NamedNode(graph_iri)
                quads = list(record_quads(text, graph, base)) if text else []
                link = links.link(iri, quads) if links and number == 0 else None
                if on_server or store.contains_named_graph(graph):
                    replaced.append((graph, quads))
                    linked += [links.update(*link)] if links and link else []
                elif quads:
                    fresh.extend(quads)
                    fresh += [link[0]] if link and link[1] else []
        if isinstance(store, RemoteStore):
            _replace_on_server(store, replaced, linked)
        elif replaced or linked:
            store.update(";\n".join([*(_replace(g, q) for g, q in replaced), *linked]))
        if fresh and bulk and not on_server:
            store.bulk_extend(fresh)
        elif fresh:
            store.extend(fresh)


class Links:
    """The catalogue graph's ``catalogue dcat:resource record`` link of a record, as the
    projector keeps it up to date (:func:`iacoll.catalogue.members` says which records)."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri
        self.graph_node = self.graph(base_iri)
        self.catalogue = ox.NamedNode(base_iri + "id/catalogue")
        self.fiche = ox.NamedNode(base_iri + "def#Fiche")
        self.resource = ox.NamedNode(str(DCAT_RESOURCE))

    @staticmethod
    def graph(base_iri: str) -> ox.NamedNode:
        """The catalogue graph's IRI."""
        return ox.NamedNode(base_iri + CATALOGUE_GRAPH)

    def link(self, iri: str, quads: list[ox.Quad]) -> tuple[ox.Quad, bool]:
        """The record's link, and whether it belongs in the catalogue (the record's public
        part types it ``iacoll:Fiche``; not when it is withdrawn)."""
        record = rebase_term(ox.NamedNode(iri), self.base)
        typed = any(
            q.subject == record and q.predicate == RDF_TYPE and q.object == self.fiche
            for q in quads
        )
        return ox.Quad(self.catalogue, self.resource, record, self.graph_node), typed

    def update(self, link: ox.Quad, present: bool) -> str:
        """SPARQL update text that adds or removes ``link``."""
        verb = "INSERT" if present else "DELETE"
        triple = f"{link.subject} {link.predicate} {link.object}"
        return f"{verb} DATA {{ GRAPH {self.graph_node} {{ {triple} }} }}"


def record_quads(text: str, graph: ox.NamedNode, base_iri: str) -> Iterator[ox.Quad]:
    """The quads of a log N-Triples text in ``graph``, IRIs moved under ``base_iri``, blank
    nodes renamed (fresh labels, as an update's insertion gives them)."""
    moved = base_iri != DEFAULT_BASE
    for triple in ox.parse(text, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True):
        s, p, o = triple.subject, triple.predicate, triple.object
        if moved:
            s, p, o = (rebase_term(t, base_iri) for t in (s, p, o))
        yield ox.Quad(s, p, o, graph)


Term = ox.NamedNode | ox.BlankNode | ox.Literal


def rebase_term(term: Term, base_iri: str) -> Term:
    """A pyoxigraph term with the IRIs of the default base moved to ``base_iri``, as
    :func:`iacoll.namespaces.rebase` moves rdflib terms (IRIs, datatypes, literals that are
    IRIs of the base, ``<…>`` IRIs of the base inside a text)."""
    if isinstance(term, ox.NamedNode):
        value = term.value
        if value.startswith(DEFAULT_BASE):
            return ox.NamedNode(base_iri + value[len(DEFAULT_BASE) :])
        return term
    if not isinstance(term, ox.Literal):
        return term
    text, datatype = term.value, term.datatype.value
    if text.startswith(DEFAULT_BASE) and not any(c.isspace() for c in text):
        text = base_iri + text[len(DEFAULT_BASE) :]
    text = text.replace("<" + DEFAULT_BASE, "<" + base_iri)
    if datatype.startswith(DEFAULT_BASE):
        datatype = base_iri + datatype[len(DEFAULT_BASE) :]
    if text == term.value and datatype == term.datatype.value:
        return term
    if term.language:
        return ox.Literal(text, language=term.language)
    return ox.Literal(text, datatype=ox.NamedNode(datatype))


def _replace_on_server(
    store: RemoteStore, replaced: list[tuple[ox.NamedNode, list[ox.Quad]]], linked: list[str]
) -> None:
    """A SPARQL server takes each replaced graph whole (a Graph Store PUT: atomic, of any
    size) and the catalogue links in updates of :data:`LINKS_PER_UPDATE` operations."""
    for graph, quads in replaced:
        if quads:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            store.put_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        else:
            store.update(f"DROP SILENT GRAPH {graph}")
    for start in range(0, len(linked), LINKS_PER_UPDATE):
        store.update(";\n".join(linked[start : start + LINKS_PER_UPDATE]))


def _replace(graph: ox.NamedNode, quads: list[ox.Quad]) -> str:
    """SPARQL update text that makes ``graph`` hold exactly ``quads``."""
    drop = f"DROP SILENT GRAPH {graph}"
    if not quads:
        return drop
    triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"{drop};\n{insert(graph, triples)}"


def insert(graph: ox.NamedNode, triples: str) -> str:
    """SPARQL update text that adds ``triples`` (N-Triples lines) to ``graph``: a template with
    an empty WHERE, which gives each blank node label one fresh node as ``INSERT DATA`` does,
    but which Virtuoso 7.2 also takes (it refuses blank nodes in ``INSERT DATA``)."""
    return f"INSERT {{ GRAPH {graph} {{\n{triples}\n}} }} WHERE {{}}"


def read_marks(store_path: Path) -> dict[str, int]:
    """The last publication each store applied (0 for a new store)."""
    try:
        data = json.loads((store_path / MARKS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"public": 0, "complet": 0}
    return {"public": int(data.get("public", 0)), "complet": int(data.get("complet", 0))}


def write_marks(store_path: Path, marks: dict[str, int]) -> None:
    """Durably replace the marks file."""
    tmp = store_path / f"{MARKS}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(marks, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(store_path / MARKS)


class LogFollower:
    """Applies publications committed by other processes (the CLI, an importer) within a
    second: a thread that calls :meth:`Projector.catch_up` every ``interval`` seconds."""

    def __init__(self, projector: Projector, interval: float = 0.5) -> None:
        self.projector, self.interval = projector, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="iacoll-projection", daemon=True)

    def start(self) -> None:
        """Start following the log."""
        self._thread.start()

    def stop(self) -> None:
        """Stop following (waits for the current catch-up to end)."""
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.projector.catch_up()
            except Exception:  # keep following; the next round retries
                LOG.exception("projection failed; retrying")

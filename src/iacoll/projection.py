"""The stores as projections of the revision log.

Each ``publication`` row says "record R now reads revision V" (or, without a revision, "R is
withdrawn"). Applying one replaces R's named graphs in one Oxigraph transaction (a SPARQL
update: drop, then insert the revision's triples): the public part in both stores
(``graph/{kind}/{slug}``), the restricted part in the complet store only
(``graph/restreint/{kind}/{slug}``); an environmental footprint its organisation chose to
publish goes with the public part (:func:`iacoll.model.footprint.published`). Each store
remembers the last publication it applied in ``{store}/projection.json``, written after the
transaction; a crash in between makes the next start apply it again, which gives the same
graphs. So a ``kill -9`` at any instant loses no committed revision and leaves no half-written
record. Then the generation advances.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from sqlalchemy import select

from iacoll import generation
from iacoll.model.footprint import published
from iacoll.model.record import kind_of, parse_text
from iacoll.namespaces import rebase
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision
from iacoll.settings import Settings
from iacoll.terms import to_oxigraph

LOG = logging.getLogger(__name__)
MARKS = "projection.json"


def record_graph(base_iri: str, record_iri: str) -> str:
    """The named graph of a record's public part: ``{base}graph/{kind}/{slug}``."""
    return f"{base_iri}graph/{kind_of(record_iri)}/{record_iri.rsplit('/', 1)[1]}"


def restricted_graph(base_iri: str, record_iri: str) -> str:
    """The named graph of a record's restricted part (complet store only)."""
    return f"{base_iri}graph/restreint/{kind_of(record_iri)}/{record_iri.rsplit('/', 1)[1]}"


class Projector:
    """Applies the log's publications to the two stores, in order, from where each stopped."""

    def __init__(self, settings: Settings, db: Database, public: ox.Store, full: ox.Store) -> None:
        self.settings, self.db = settings, db
        self.public, self.full = public, full
        self.lock = (
            threading.Lock()
        )  # one writer of the stores at a time (projection, derived views)
        self.after: list[Callable[[generation.Generation], None]] = []

    def catch_up(self) -> int:
        """Apply every publication not yet projected; return how many were applied."""
        with self.lock:
            marks = read_marks(self.settings.store_path)
            start = min(marks.values())
            pending = self._pending(start)
            if not pending:
                return 0
            for name, store in (("complet", self.full), ("public", self.public)):
                todo = [p for p in pending if p[0] > marks[name]]
                for _number, iri, public, restricted in todo:
                    self._apply(store, iri, public, restricted if name == "complet" else None)
                if todo:
                    store.flush()
                    marks[name] = todo[-1][0]
                    write_marks(self.settings.store_path, marks)
            reached = generation.advance(self.settings.store_path, pending[-1][0])
        for callback in self.after:
            callback(reached)
        return len(pending)

    def _pending(self, after: int) -> list[tuple[int, str, str | None, str]]:
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
            ).all()
        # A published footprint moves from the restricted part to the public one (footprint.py).
        return [(n, iri, *published(public, hidden or "")) for n, iri, public, hidden in rows]

    def _apply(self, store: ox.Store, iri: str, public: str | None, restricted: str | None) -> None:
        """Replace the record's graphs in ``store`` in one transaction (withdraw: drop them)."""
        base = self.settings.base_iri
        parts = [(record_graph(base, iri), public)]
        if restricted is not None:
            parts.append((restricted_graph(base, iri), restricted if public is not None else None))
        store.update(";\n".join(_replace(name, text, base) for name, text in parts))


def _replace(graph_iri: str, text: str | None, base_iri: str) -> str:
    """SPARQL update text that makes ``graph_iri`` hold exactly ``text``'s triples."""
    drop = f"DROP SILENT GRAPH <{graph_iri}>"
    if not text:
        return drop
    rdf = rebase(parse_text(text), base_iri)
    triples = "\n".join(_triple(rdf, t) for t in rdf)
    return f"{drop};\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{triples}\n}} }}"


def _triple(graph: Graph, triple: Iterable[object]) -> str:
    # Oxigraph terms print as N-Triples; blank nodes keep their (canonical) labels.
    s, p, o = (to_oxigraph(term) for term in triple)  # type: ignore[arg-type]
    return f"{s} {p} {o} ."


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

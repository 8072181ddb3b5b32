"""Views derived from the public graphs, recomputed after publications: the DCAT-AP catalogue
graph (``graph/catalogue``) and the download files.

:func:`refresh_derived` reads every public graph but the catalogue's from the public store (under
the served base IRI, moved back to the default base the generators work in), recomputes the
catalogue graph (:func:`iacoll.catalogue.describe`), rewrites the dumps (explicitly,
:func:`iacoll.downloads.write`: temporary files, then renames), adds their size and checksum,
and replaces ``graph/catalogue`` in both stores. The projector calls it after a batch of
publications (debounced), then advances the generation so that every reader follows.

Read from the store, the dumps carry Oxigraph's canonical lexical forms (oxigraph#526):
``"46.1600000"^^xsd:decimal`` is written ``"46.16"`` — the same values as a build from the
source files writes, not always the same bytes (measured on the seed: the 205 coordinate
triples). Seven files and the catalogue graph at the seed's size: see
``bench/results/publication.md``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iacoll import catalogue, downloads, generation, sources
from iacoll.namespaces import DEFAULT_BASE, rebase
from iacoll.settings import Settings
from iacoll.terms import quads, to_oxigraph, to_rdflib

CATALOGUE_GRAPH = "graph/catalogue"
LOG = logging.getLogger(__name__)


def refresh_derived(settings: Settings, public_store: ox.Store, full_store: ox.Store) -> None:
    """Recompute the catalogue graph from ``public_store``'s public graphs, rewrite the dumps,
    and store the new catalogue graph in both stores (both open read-write)."""
    name = ox.NamedNode(settings.base_iri + CATALOGUE_GRAPH)
    inputs = public_inputs(public_store, name, settings.base_iri)
    described = catalogue.describe(catalogue.static(_data_dir(settings)), inputs)
    files = downloads.write(inputs + described, downloads.folder(settings), settings.base_iri)
    graph = rebase(described + downloads.file_metadata(files), settings.base_iri)
    quads = [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]
        for s, p, o in graph
    ]
    for store in (public_store, full_store):
        _replace_graph(store, name, quads)


def public_inputs(public_store: ox.Store, catalogue_graph: ox.NamedNode, base: str) -> Graph:
    """Every triple of the public store outside ``catalogue_graph``, under the default base."""
    graph = Graph()
    for quad in quads(public_store, None, None, None, None):
        if quad.graph_name != catalogue_graph:
            s, p, o = (_home(term, base) for term in (quad.subject, quad.predicate, quad.object))
            graph.add((s, p, o))
    return graph


def _home(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, base: str) -> Node:
    """``term`` as rdflib, an IRI under ``base`` moved back under the default base."""
    node = to_rdflib(term)
    if base == DEFAULT_BASE:
        return node
    if isinstance(node, URIRef) and str(node).startswith(base):
        return URIRef(DEFAULT_BASE + str(node)[len(base) :])
    if isinstance(node, Literal) and str(node).startswith(base) and not node.language:
        return Literal(DEFAULT_BASE + str(node)[len(base) :], datatype=node.datatype)
    return node


def _data_dir(settings: Settings) -> Path:
    """The folder of ``catalogue.ttl``: the settings' data folder when it holds one."""
    candidate = settings.data_path / catalogue.STATIC_FILE
    return settings.data_path if candidate.is_file() else sources.DATA_DIR


def _replace_graph(store: ox.Store, name: ox.NamedNode, quads: list[ox.Quad]) -> None:
    if store.contains_named_graph(name):
        store.remove_graph(name)
    store.add_graph(name)
    store.extend(quads)
    store.flush()


class Refresher:
    """Recomputes the derived views after publications, in a background thread.

    The projector calls :meth:`notify` after each generation; the thread waits until no
    publication came for ``quiet`` seconds (a batch is one refresh), then, holding the
    projector's lock, runs :func:`refresh_derived` and advances the generation again (same
    number, new time) so that every reader follows; ``after`` callbacks (the workers' snapshot)
    get that generation.
    """

    def __init__(
        self,
        settings: Settings,
        public_store: ox.Store,
        full_store: ox.Store,
        lock: threading.Lock,
        quiet: float = 0.5,
    ) -> None:
        self.settings, self.public, self.full, self.lock = settings, public_store, full_store, lock
        self.quiet = quiet
        self.after: list[Callable[[generation.Generation], None]] = []
        self._wanted, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="iacoll-derived", daemon=True)

    def notify(self, _reached: generation.Generation) -> None:
        """A generation was reached: refresh soon."""
        self._wanted.set()

    def start(self) -> None:
        """Start the background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop it (a refresh under way finishes first)."""
        self._stop.set()
        self._wanted.set()
        self._thread.join(timeout=120)

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
        """Refresh now (what the thread does); a pending request is served by this one."""
        self._wanted.clear()
        with self.lock:
            refresh_derived(self.settings, self.public, self.full)
            number = generation.current(self.settings.store_path).number
            reached = generation.advance(self.settings.store_path, number)
        for callback in self.after:
            callback(reached)
        return reached

"""The embedded Oxigraph stores, projections of the revision log plus a few static graphs.

Two stores live under ``settings.store_path``: ``public/`` holds only what may be served
publicly and ``complet/`` holds everything, the restricted parts of the records included. The
public store never holds a restricted value: the public endpoint does not filter it, it is not
there.

Named graphs: one per record (``graph/{kind}/{slug}``; in the complet store also
``graph/restreint/{kind}/{slug}``), written by :class:`iacoll.projection.Projector` from the
revision log; and the static graphs below, built from files: ``vocabulaires`` (ontology,
vocabularies, shapes), ``contexte`` (the seed documents and the reference datasets the records
cite), ``historique`` (empty for now), ``correspondances`` (the crosswalks as SKOS),
``regles-aiact`` (the AI Act obligations and their dates, :mod:`iacoll.aiact.rdf`) and
``catalogue`` (``data/catalogue.ttl`` plus what :func:`iacoll.derived.refresh_derived`
derives from the public store: one ``dcat:resource`` link per record, the download files and
their size and checksum). ``build.json`` keeps a content hash per static graph and one of the
seed files (with the log they went into), and ``derived.json`` the last publication the
catalogue graph and the dumps follow (:func:`iacoll.derived.computed_at`), so that a restart on
a built store reads no record and writes nothing.

:func:`build` is what ``iacoll build`` and the server's start-up run: static graphs, then the
seed files through the write path into the log, then the projection of every publication not
yet applied, then the catalogue. Each process opens the stores read-write once
(:func:`open_stores`); RocksDB allows one writer per folder.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from sqlalchemy import make_url

from iacoll import catalogue, derived, downloads, namespaces, remote, sources
from iacoll.aiact import citations as aiact_citations
from iacoll.aiact import loading as aiact_loading
from iacoll.aiact import rdf as aiact_rdf
from iacoll.aiact import rules as aiact_rules
from iacoll.errors import IacollError
from iacoll.federation import crosswalks
from iacoll.namespaces import rebase
from iacoll.projection import Projector, read_marks
from iacoll.publishing import seed
from iacoll.publishing.db import Database
from iacoll.publishing.write import Writer
from iacoll.settings import Settings
from iacoll.terms import to_oxigraph


@dataclass(frozen=True)
class NamedGraph:
    """A static named graph of the store and the source files it is built from."""

    key: str
    public: bool
    files: Callable[[Settings], list[Path]]
    derived: bool = False  # its generated part is computed from the published records
    reader: Callable[[list[Path]], Graph] | None = None  # None: RDF files and crosswalks

    def iri(self, base_iri: str) -> str:
        """The graph's IRI under ``base_iri``."""
        return f"{base_iri}graph/{self.key}"

    def read(self, settings: Settings) -> Graph:
        """The graph its source files give (RDF files, crosswalks as SKOS), default base."""
        files = self.files(settings)
        return self.reader(files) if self.reader else _read(files)


def _vocabulary_files(_settings: Settings) -> list[Path]:
    return [
        sources.ONTOLOGY_DIR / "iacoll.ttl",
        *sorted(sources.VOCABULARY_DIR.glob("*.ttl")),
        *sorted(sources.SHAPES_DIR.glob("*.ttl")),
    ]


def _context_files(settings: Settings) -> list[Path]:
    # The seed documents, and the reference datasets the organisations cite.
    cited = [
        settings.data_path / name for name in ("documents.ttl", "referentiels.ttl", "registres.ttl")
    ]
    return [path for path in cited if path.exists()]


def _catalogue_files(settings: Settings) -> list[Path]:
    return [settings.data_path / "catalogue.ttl", sources.EU_VOCABULARIES]


def _no_files(_settings: Settings) -> list[Path]:
    return []


def _crosswalk_files(_settings: Settings) -> list[Path]:
    return sorted(crosswalks.FOLDER.glob("*.toml"))


def _aiact_files(_settings: Settings) -> list[Path]:
    # The rule files, then the code that turns them into RDF (part of the graph's fingerprint).
    generator = (aiact_rdf, aiact_loading, aiact_citations)
    return [
        *(aiact_rules.FOLDER / f"{name}.toml" for name in aiact_loading.FILES),
        *(Path(module.__file__ or "") for module in generator),
    ]


GRAPHS = (
    NamedGraph("vocabulaires", True, _vocabulary_files),
    NamedGraph("contexte", True, _context_files),
    NamedGraph("historique", True, _no_files),
    NamedGraph("correspondances", True, _crosswalk_files),
    NamedGraph("regles-aiact", True, _aiact_files, reader=aiact_rdf.read),
    NamedGraph("catalogue", True, _catalogue_files, derived=True),
)
SOURCES_GRAPH = "urn:iacoll:sources"  # :func:`content`'s in-memory store of the source graphs
STATIC_INPUTS = (  # the dumps too
    "vocabulaires",
    "contexte",
    "historique",
    "correspondances",
    "regles-aiact",
)


SEED = "seed"  # build.json's key for the seed files' fingerprint


class StoreNotBuilt(IacollError):
    """The store folder has not been built yet."""

    status = 503


@dataclass
class Stores:
    """The two stores of a folder, open read-write in this process (or the two SPARQL servers
    of ``settings.store_url``: :class:`iacoll.remote.RemoteStore`, the same methods)."""

    public: ox.Store
    full: ox.Store

    def flush(self) -> None:
        """Make every write durable."""
        self.public.flush()
        self.full.flush()


_OPEN: dict[Path, Stores] = {}
_OPEN_LOCK = threading.Lock()


def open_stores(settings: Settings) -> Stores:
    """The stores of ``settings.store_path``, opened read-write once per process; with
    ``settings.store_url``, the two SPARQL servers (:mod:`iacoll.remote`), the folder keeping
    the local state only."""
    key = settings.store_path.resolve()
    with _OPEN_LOCK:
        if key not in _OPEN:
            on_servers = remote.servers(settings)
            settings.store_path.mkdir(parents=True, exist_ok=True)
            if on_servers is not None:
                _OPEN[key] = Stores(*(server.store() for server in on_servers))
            else:
                _OPEN[key] = Stores(
                    ox.Store(str(public_store_path(settings))),
                    ox.Store(str(full_store_path(settings))),
                )
        return _OPEN[key]


def read_public(settings: Settings) -> ox.Store:
    """The public store for a command that only reads it: opened read-only (a running server
    may hold it open for writing), or the public SPARQL server."""
    on_servers = remote.servers(settings)
    if on_servers is not None:
        return on_servers[0].store()
    return ox.Store.read_only(str(public_store_path(settings)))


def close_stores(settings: Settings) -> None:
    """Let go of this process's handles on the stores (Oxigraph closes them when unused), so
    that another process may open them for writing."""
    with _OPEN_LOCK:
        _OPEN.pop(settings.store_path.resolve(), None)
    gc.collect()


def remove_stores(settings: Settings) -> None:
    """Delete both stores (a rebuild from the sources and the log follows): their folders, or
    iacoll's graphs on their SPARQL servers (``{base}graph/…``: a server's own graphs, such as
    Virtuoso's system graphs, stay)."""
    on_servers = remote.servers(settings)
    close_stores(settings)
    if on_servers is not None:
        for server in on_servers:
            server.remote().drop_graphs(settings.base_iri + "graph/")
        return
    for path in (public_store_path(settings), full_store_path(settings)):
        shutil.rmtree(path, ignore_errors=True)


def public_graph_iris(settings: Settings) -> list[str]:
    """IRIs of the static graphs the public endpoint serves (the records' graphs aside)."""
    return [g.iri(settings.base_iri) for g in GRAPHS if g.public]


def public_store_path(settings: Settings) -> Path:
    """Folder of the public store."""
    return settings.store_path / "public"


def full_store_path(settings: Settings) -> Path:
    """Folder of the complete store (restricted graph included)."""
    return settings.store_path / "complet"


def writer_for(settings: Settings, stores: Stores | None = None) -> tuple[Writer, Projector]:
    """The write path over ``settings``' log, and the projector that feeds its stores."""
    db = Database(settings)
    stores = stores or open_stores(settings)
    projector = Projector(settings, db, stores.public, stores.full)
    return Writer(settings, db, on_publish=projector.catch_up), projector


def build(settings: Settings, derived_later: bool = False) -> list[str]:
    """Bring the log and both stores up to date; return what changed (graph keys, "fiches").

    ``derived_later`` (the server's start): when only publications moved past the dumps (their
    sources did not change), leave them to the server's :class:`iacoll.derived.Refresher`; the
    catalogue graph's links already follow the publications (the projector keeps them)."""
    stores = open_stores(settings)
    writer, projector = writer_for(settings, stores)
    state_file = settings.store_path / "build.json"
    state = _read_state(state_file)
    changed = _build_static(settings, stores, state, state_file)
    logged = _sync_seed(settings, writer, state, state_file)
    projected = projector.catch_up(bulk=True)  # no reader of the stores yet
    if logged or projected:
        changed.append("fiches")
    if _build_catalogue(settings, stores, state, state_file, derived_later):
        changed.append("catalogue")
    stores.flush()
    writer.db.close()
    return changed


def _sync_seed(settings: Settings, writer: Writer, state: dict[str, str], state_file: Path) -> int:
    """:func:`iacoll.publishing.seed.sync`, unless the seed files did not change since the last
    sync into the same log (:func:`seed_fingerprint`, kept under the key ``seed``)."""
    fingerprint = seed_fingerprint(settings)
    if state.get(SEED) == fingerprint:
        return 0
    logged = seed.sync(writer)
    state[SEED] = fingerprint
    _write_state(state_file, state)
    return logged


def seed_fingerprint(settings: Settings) -> str:
    """The seed files' bytes and the revision log they are synced into: ``IACOLL_DATABASE_URL``
    without its password (the store folder's own SQLite file, which moves with it, adds
    nothing)."""
    url = settings.database_url
    log = url and make_url(url).render_as_string(hide_password=True)
    return _fingerprint(seed.files(settings.data_path), "", log)


def _build_static(
    settings: Settings, stores: Stores, state: dict[str, str], state_file: Path
) -> list[str]:
    changed = []
    for graph in GRAPHS:
        if graph.derived:
            continue
        fingerprint = _fingerprint(graph.files(settings), settings.base_iri)
        if state.get(graph.key) == fingerprint:
            continue
        rdf = rebase(graph.read(settings), settings.base_iri)
        targets = [stores.full, stores.public] if graph.public else [stores.full]
        for target in targets:
            _replace_graph(target, graph.iri(settings.base_iri), rdf)
        state[graph.key] = fingerprint
        _write_state(state_file, state)
        changed.append(graph.key)
    return changed


def _build_catalogue(
    settings: Settings,
    stores: Stores,
    state: dict[str, str],
    state_file: Path,
    derived_later: bool = False,
) -> bool:
    """The catalogue graph and the dumps, unless their sources did not change and they follow
    the last publication applied (:func:`iacoll.derived.computed_at`: a running server's
    refreshes keep it; nothing is read from the log then)."""
    graph = GRAPHS[-1]
    files = [*graph.files(settings), *catalogue.GENERATOR_FILES]
    extra = "".join(state.get(key, "") for key in STATIC_INPUTS)  # the dumps hold them too
    fingerprint = _fingerprint(files, settings.base_iri, extra)
    reached = read_marks(settings.store_path)["public"]
    if state.get(graph.key) == fingerprint and catalogue.outputs_present(settings):
        computed = derived.computed_at(settings.store_path)
        if computed == reached or (derived_later and computed is not None):
            return False
    # The dumps and the catalogue graph from what the public store holds, as a running server's
    # refresher computes them after publications: one way, whoever computes them.
    derived.refresh_derived(settings, stores.public, stores.full, parallel=True)
    state[graph.key] = fingerprint
    _write_state(state_file, state)
    return True


def _by_key(key: str) -> NamedGraph:
    return next(g for g in GRAPHS if g.key == key)


def _static_inputs(settings: Settings) -> Graph:
    rdf = Graph()
    for key in STATIC_INPUTS:
        rdf += _by_key(key).read(settings)
    return rdf


def content(graph: NamedGraph, settings: Settings) -> Graph:
    """What the store holds in a static graph on the seed catalogue, computed from the source
    files (for the catalogue, from the seed records' files: the downloads are rewritten)."""
    rdf = graph.read(settings)
    if graph.derived:
        inputs = _static_inputs(settings)
        for record in seed.seed_records(settings.data_path):
            inputs += record.public
        files = _dumps_of(inputs, settings)
        rdf = catalogue.describe(rdf, inputs) + downloads.file_metadata(files)
    return rebase(rdf, settings.base_iri)


def _dumps_of(inputs: Graph, settings: Settings) -> list[downloads.DownloadFile]:
    """The dump files of ``inputs`` (default base) as the refresher writes them from a store:
    through an in-memory Oxigraph store (which gives literals the canonical forms the stores
    give them: ``48.7305200`` is read back ``48.73052``), into a temporary folder."""
    memory = ox.Store()
    memory.extend(list(_quads(rebase(inputs, settings.base_iri), ox.NamedNode(SOURCES_GRAPH))))
    with tempfile.TemporaryDirectory() as folder:
        return derived.write_dumps(settings, memory, Path(folder))


def _read(files: list[Path]) -> Graph:
    rdf = Graph()
    for path in files:
        if path.suffix == ".toml":  # a crosswalk: its values as SKOS concepts
            rdf += crosswalks.skos(crosswalks.load(path.stem, path.parent))
        else:
            sources.read_rdf(path, rdf)
    return rdf


def _replace_graph(store: ox.Store, graph_iri: str, rdf: Graph) -> None:
    name = ox.NamedNode(graph_iri)
    if store.contains_named_graph(name):
        store.remove_graph(name)
    store.add_graph(name)
    store.extend(list(_quads(rdf, name)))


def _quads(rdf: Graph, name: ox.NamedNode) -> Iterator[ox.Quad]:
    for s, p, o in rdf:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]


def _fingerprint(files: list[Path], base_iri: str, extra: str = "") -> str:
    digest = hashlib.sha256(base_iri.encode())
    digest.update(Path(namespaces.__file__).read_bytes())  # rebase() moves IRIs and IRI literals
    digest.update(extra.encode())
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_state(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    state: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return state


def _write_state(path: Path, state: dict[str, str]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def open_public(settings: Settings) -> ox.Store:
    """The public store of this process (it must have been built)."""
    if not (settings.store_path / "build.json").exists():
        raise StoreNotBuilt("Le magasin n'est pas construit : lancez « iacoll build ».")
    return open_stores(settings).public

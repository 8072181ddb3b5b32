"""The embedded Oxigraph store: built from the validated source files, one named graph each.

Two stores live under ``settings.store_path``: ``public/`` holds only what may be served
publicly (vocabularies, public records, catalogue, history) and ``complet/`` holds everything,
the restricted graph included. The public SPARQL endpoint opens ``public/`` read-only, so the
restricted fields are not merely filtered out: they are absent.

A build validates the source graph first (never data read back from the store), then replaces
each changed named graph; ``build.json`` keeps a content hash per graph so a restart on a
built store does nothing.

The ``catalogue`` graph is ``data/catalogue.ttl`` plus what :func:`iacoll.catalogue.complete`
derives from the public graphs (one DCAT-AP dataset per record, the download files written
into ``{store}/download/`` and their size and checksum): its hash covers those graphs' hashes
and the generator's source, and it is rebuilt when the download files are missing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from iacoll import catalogue, namespaces, sources
from iacoll.errors import IacollError
from iacoll.namespaces import rebase
from iacoll.settings import Settings
from iacoll.terms import to_oxigraph
from iacoll.validation import validate_paths


@dataclass(frozen=True)
class NamedGraph:
    """A named graph of the store and the source files it is built from."""

    key: str
    public: bool
    files: Callable[[], list[Path]]
    derived_from: tuple[str, ...] = ()  # public graphs its generated part is computed from

    def iri(self, base_iri: str) -> str:
        """The graph's IRI under ``base_iri``."""
        return f"{base_iri}graph/{self.key}"


def _vocabulary_files() -> list[Path]:
    return [
        sources.ONTOLOGY_DIR / "iacoll.ttl",
        *sorted(sources.VOCABULARY_DIR.glob("*.ttl")),
        *sorted(sources.SHAPES_DIR.glob("*.ttl")),
    ]


def _public_files() -> list[Path]:
    folders = ("cas-usage", "initiative", "organisation")
    files = [p for f in folders for p in sorted((sources.DATA_DIR / f).glob("*.ttl"))]
    # The seed documents, and the reference datasets the organisations cite (referentiels.ttl).
    cited = [sources.DATA_DIR / name for name in ("documents.ttl", "referentiels.ttl")]
    return [*files, *(path for path in cited if path.exists())]


def _restricted_files() -> list[Path]:
    return sorted((sources.DATA_DIR / "restreint").glob("*.ttl"))


def _catalogue_files() -> list[Path]:
    return [sources.DATA_DIR / "catalogue.ttl", sources.EU_VOCABULARIES]


GRAPHS = (
    NamedGraph("vocabulaires", True, _vocabulary_files),
    NamedGraph("public", True, _public_files),
    NamedGraph("restreint", False, _restricted_files),
    NamedGraph("catalogue", True, _catalogue_files, ("vocabulaires", "public", "historique")),
    NamedGraph("historique", True, list),
)
_BY_KEY = {g.key: g for g in GRAPHS}
DATA_GRAPHS = {"public", "restreint", "catalogue"}


class StoreNotBuilt(IacollError):
    """The store folder has not been built yet."""

    status = 503


class SourceNotValid(IacollError):
    """The source files do not conform: nothing was loaded."""

    status = 422


def public_graph_iris(settings: Settings) -> list[str]:
    """IRIs of the graphs the public endpoint may see."""
    return [g.iri(settings.base_iri) for g in GRAPHS if g.public]


def public_store_path(settings: Settings) -> Path:
    """Folder of the public store."""
    return settings.store_path / "public"


def full_store_path(settings: Settings) -> Path:
    """Folder of the complete store (restricted graph included)."""
    return settings.store_path / "complet"


def build(settings: Settings, *, validate: bool = True) -> list[str]:
    """Bring both stores up to date with the source files; return the keys of rebuilt graphs."""
    state_file = settings.store_path / "build.json"
    state = _read_state(state_file)
    wanted = {g.key: _fingerprint(g, settings.base_iri) for g in GRAPHS}
    changed = [
        g for g in GRAPHS if state.get(g.key) != wanted[g.key] or _outputs_missing(g, settings)
    ]
    if not changed:
        return []
    if validate:
        _validate_sources()
    settings.store_path.mkdir(parents=True, exist_ok=True)
    public = ox.Store(str(public_store_path(settings)))
    full = ox.Store(str(full_store_path(settings)))
    parsed: dict[str, Graph] = {}
    for graph in changed:
        rdf = rebase(_source_graph(graph, settings, parsed), settings.base_iri)
        quads = list(_quads(rdf, graph.iri(settings.base_iri)))
        targets = [full, public] if graph.public else [full]
        for store in targets:
            _replace_graph(store, graph.iri(settings.base_iri), quads)
        state[graph.key] = wanted[graph.key]
        _write_state(state_file, state)
    public.flush()
    full.flush()
    return [g.key for g in changed]


def _validate_sources() -> None:
    report = validate_paths([sources.DATA_DIR])
    if not report.conforms:
        raise SourceNotValid(
            f"Les données sources ne sont pas conformes ({report.count('violation')} "
            "violation(s)) : rien n'a été chargé. Lancez « iacoll validate data/ »."
        )


def _replace_graph(store: ox.Store, graph_iri: str, quads: list[ox.Quad]) -> None:
    name = ox.NamedNode(graph_iri)
    if store.contains_named_graph(name):
        store.remove_graph(name)
    store.add_graph(name)
    store.extend(quads)


def content(graph: NamedGraph, settings: Settings) -> Graph:
    """What the store holds in ``graph``, computed from the source files.

    For the catalogue this derives its generated part, writing the download files as a build
    does (same bytes: the output is deterministic).
    """
    return rebase(_source_graph(graph, settings, {}), settings.base_iri)


def _source_graph(graph: NamedGraph, settings: Settings, parsed: dict[str, Graph]) -> Graph:
    """The graph's content under the default base: its files, plus what is derived (cached)."""
    if graph.key not in parsed:
        rdf = Graph()
        for path in graph.files():
            sources.read_rdf(path, rdf)
        if graph.derived_from:
            inputs = Graph()
            for key in graph.derived_from:
                inputs += _source_graph(_BY_KEY[key], settings, parsed)
            rdf = catalogue.complete(rdf, inputs, settings)
        parsed[graph.key] = rdf
    return parsed[graph.key]


def _outputs_missing(graph: NamedGraph, settings: Settings) -> bool:
    return bool(graph.derived_from) and not catalogue.outputs_present(settings)


def _quads(rdf: Graph, graph_iri: str) -> Iterator[ox.Quad]:
    name = ox.NamedNode(graph_iri)
    for s, p, o in rdf:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]


def _fingerprint(graph: NamedGraph, base_iri: str) -> str:
    digest = hashlib.sha256(base_iri.encode())
    digest.update(Path(namespaces.__file__).read_bytes())  # rebase() moves IRIs and IRI literals
    generator = list(catalogue.GENERATOR_FILES) if graph.derived_from else []
    for path in [*graph.files(), *generator]:
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    for key in graph.derived_from:
        digest.update(_fingerprint(_BY_KEY[key], base_iri).encode())
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
    """Open the public store read-only (it must have been built)."""
    path = public_store_path(settings)
    if not (settings.store_path / "build.json").exists():
        raise StoreNotBuilt("Le magasin n'est pas construit : lancez « iacoll build ».")
    return ox.Store.read_only(str(path))

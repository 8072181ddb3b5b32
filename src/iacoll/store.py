"""The embedded Oxigraph store: built from the validated source files, one named graph each.

Two stores live under ``settings.store_path``: ``public/`` holds only what may be served
publicly (vocabularies, public records, catalogue, history) and ``complet/`` holds everything,
the restricted graph included. The public SPARQL endpoint opens ``public/`` read-only, so the
restricted fields are not merely filtered out: they are absent.

A build validates the source graph first (never data read back from the store), then replaces
each changed named graph; ``build.json`` keeps a content hash per graph so a restart on a
built store does nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from iacoll import sources
from iacoll.errors import IacollError
from iacoll.namespaces import rebase
from iacoll.settings import Settings
from iacoll.validation import validate_paths


@dataclass(frozen=True)
class NamedGraph:
    """A named graph of the store and the source files it is built from."""

    key: str
    public: bool
    files: Callable[[], list[Path]]

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
    documents = sources.DATA_DIR / "documents.ttl"
    return [*files, documents] if documents.exists() else files


def _restricted_files() -> list[Path]:
    return sorted((sources.DATA_DIR / "restreint").glob("*.ttl"))


def _catalogue_files() -> list[Path]:
    return [sources.DATA_DIR / "catalogue.ttl", sources.EU_VOCABULARIES]


GRAPHS = (
    NamedGraph("vocabulaires", True, _vocabulary_files),
    NamedGraph("public", True, _public_files),
    NamedGraph("restreint", False, _restricted_files),
    NamedGraph("catalogue", True, _catalogue_files),
    NamedGraph("historique", True, list),
)
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
    changed = [g for g in GRAPHS if state.get(g.key) != wanted[g.key]]
    if not changed:
        return []
    if validate:
        _validate_sources()
    settings.store_path.mkdir(parents=True, exist_ok=True)
    public = ox.Store(str(public_store_path(settings)))
    full = ox.Store(str(full_store_path(settings)))
    for graph in changed:
        quads = list(_quads(graph, settings.base_iri))
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


def _quads(graph: NamedGraph, base_iri: str) -> Iterator[ox.Quad]:
    rdf = Graph()
    for path in graph.files():
        sources.read_rdf(path, rdf)
    rdf = rebase(rdf, base_iri)
    name = ox.NamedNode(graph.iri(base_iri))
    for s, p, o in rdf:
        yield ox.Quad(_term(s), _term(p), _term(o), name)  # type: ignore[arg-type]


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"unexpected RDF term {node!r}")


def _fingerprint(graph: NamedGraph, base_iri: str) -> str:
    digest = hashlib.sha256(base_iri.encode())
    for path in graph.files():
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
    """Open the public store read-only (it must have been built)."""
    path = public_store_path(settings)
    if not (settings.store_path / "build.json").exists():
        raise StoreNotBuilt("Le magasin n'est pas construit : lancez « iacoll build ».")
    return ox.Store.read_only(str(path))

"""The streamed RDF dumps (:mod:`iacoll.dumps_rdf`) are, byte for byte, what
:func:`iacoll.downloads.write` writes from one rdflib graph of every public triple: on the seed
store, under the default base and under another one, and where graphs repeat triples or hold
twin blank nodes."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from iacoll import catalogue, derived, downloads, dumps_rdf, remote
from iacoll.namespaces import DEFAULT_BASE, RDF, rebase
from iacoll.settings import Settings
from iacoll.store import open_stores
from tests.sparql_servers import oxigraph_server

KEYS = ("turtle", "ntriples", "rdfxml", "jsonld")
OTHER_BASE = "https://example.org/iacoll/"
EX = "http://example.org/"


def in_memory_bodies(store: ox.Store, base: str, static: Graph) -> dict[str, bytes]:
    """What ``downloads.write`` writes today (the oracle), from ``derived.write_dumps``'s
    inputs."""
    name = ox.NamedNode(base + derived.CATALOGUE_GRAPH)
    inputs = derived.public_inputs(store, name, base)
    inputs += catalogue.describe(static, inputs)
    ordered = downloads.stable_triples(rebase(inputs, base))
    bodies = downloads._rdf_bodies(ordered, base)
    graph = downloads._prefixed(downloads._graph(ordered), base)
    bodies["jsonld"] = downloads._jsonld(graph, base)
    return bodies


def streamed(store: ox.Store, base: str, static: Graph, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    paths = {key: folder / f"dump.{key}" for key in KEYS}
    name = ox.NamedNode(base + derived.CATALOGUE_GRAPH)
    dumps_rdf.write_rdf(store, name, static, base, paths)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths.values())
    return {key: path.read_bytes() for key, path in paths.items()}


@pytest.fixture(scope="module")
def seed_store(seed_settings: Settings) -> ox.Store:
    return open_stores(seed_settings).public


@pytest.fixture(scope="module")
def static() -> Graph:
    return catalogue.static()


def moved(store: ox.Store, base: str) -> ox.Store:
    """An in-memory copy of ``store`` whose text has the default base replaced by ``base``
    (what a store built under ``base`` holds, to the prose)."""
    text = store.dump(format=ox.RdfFormat.N_QUADS) or b""
    copy = ox.Store()
    copy.load(text.replace(DEFAULT_BASE.encode(), base.encode()), ox.RdfFormat.N_QUADS)
    return copy


@pytest.mark.parametrize("base", [DEFAULT_BASE, OTHER_BASE])
def test_streamed_dumps_are_the_in_memory_ones(
    seed_store: ox.Store, static: Graph, base: str, tmp_path: Path
) -> None:
    store = seed_store if base == DEFAULT_BASE else moved(seed_store, base)
    expected = in_memory_bodies(store, base, static)
    assert b"@list" in expected["jsonld"]  # the seed's lists (sh:in…) go through JSON-LD
    written = streamed(store, base, static, tmp_path / "out")
    for key in KEYS:
        assert written[key] == expected[key], key


def graphs_store(*graphs: str) -> ox.Store:
    """An in-memory store holding each N-Triples text of ``graphs`` in a graph of its own."""
    store = ox.Store()
    for i, text in enumerate(graphs):
        graph = ox.NamedNode(f"{DEFAULT_BASE}graph/cas-usage/g{i}")
        store.load(text.encode(), ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return store


def test_a_triple_in_two_graphs_is_written_once(static: Graph, tmp_path: Path) -> None:
    record = f"<{DEFAULT_BASE}id/cas-usage/x>"
    shared = f'{record} <{EX}nom> "Détection des fuites"@fr .\n'
    store = graphs_store(
        shared + f"{record} <{RDF.type}> <{DEFAULT_BASE}def#Fiche> .\n",
        shared + f"{record} <{EX}p> <{EX}o> .\n",
    )
    written = streamed(store, DEFAULT_BASE, static, tmp_path / "out")
    assert written == in_memory_bodies(store, DEFAULT_BASE, static)
    lines = written["ntriples"].decode().splitlines()
    assert lines.count(shared.strip()) == 1
    assert lines.count(f"<{DEFAULT_BASE}id/catalogue> <{catalogue.DCAT_RESOURCE}> {record} .") == 1


def test_twin_blank_nodes_of_two_graphs_stay_two(static: Graph, tmp_path: Path) -> None:
    """Same content and same incoming link in two graphs: the whole graph holds two blank
    nodes (labels ``b…`` and ``b…-1``), and so do the streamed dumps."""
    twin = f'<{EX}s> <{EX}adresse> _:a .\n_:a <{EX}ville> "Toulouse" .\n'
    store = graphs_store(twin, twin, f'<{EX}s> <{EX}nom> "s" .\n')
    written = streamed(store, DEFAULT_BASE, static, tmp_path / "out")
    assert written == in_memory_bodies(store, DEFAULT_BASE, static)
    towns = [line for line in written["ntriples"].decode().splitlines() if "Toulouse" in line]
    assert len(towns) == 2


@pytest.mark.server
def test_a_sparql_server_gives_the_same_dumps(
    seed_store: ox.Store, static: Graph, tmp_path: Path
) -> None:
    """Read graph by graph from ``oxigraph serve`` (:class:`iacoll.remote.RemoteStore`)."""
    folder = tmp_path / "server"
    copy = ox.Store(str(folder))
    copy.load(seed_store.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    copy.flush()
    del copy
    with oxigraph_server(folder) as url:
        remote_store = remote.Server(url).remote()
        written = streamed(remote_store, DEFAULT_BASE, static, tmp_path / "out")  # type: ignore[arg-type]
    assert written == in_memory_bodies(seed_store, DEFAULT_BASE, static)


def test_temporary_files_are_removed_on_error(
    seed_store: ox.Store, static: Graph, tmp_path: Path
) -> None:
    paths = {key: tmp_path / f"dump.{key}" for key in KEYS}
    paths["jsonld"] = tmp_path / "missing" / "dump.jsonld"  # its folder does not exist
    name = ox.NamedNode(DEFAULT_BASE + derived.CATALOGUE_GRAPH)
    with pytest.raises(FileNotFoundError):
        dumps_rdf.write_rdf(seed_store, name, static, DEFAULT_BASE, paths)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rdf-")]


def test_literals_with_line_breaks_and_control_characters(static: Graph, tmp_path: Path) -> None:
    """rdflib writes a literal holding a newline between triple quotes, the sort key holds raw
    control characters, U+2028 stays inside its N-Triples line: the same order and bytes, and
    every dump reads back as the triples written."""
    texts = ["a\nb", "a\tb", "a\x01b", "a", "a b", "a\u2028b", "é\r\n", 'q"""q"', "a\\b"]
    lines = [f"<{EX}s> <{EX}p> {json.dumps(text)} ." for text in texts]
    store = graphs_store("\n".join(lines[:5]) + "\n", "\n".join(lines[4:]) + "\n")
    written = streamed(store, DEFAULT_BASE, static, tmp_path / "out")
    assert written == in_memory_bodies(store, DEFAULT_BASE, static)
    assert written["jsonld"].count(b'"a\\nb"') == 1
    for key, format in (("ntriples", ox.RdfFormat.N_TRIPLES), ("turtle", ox.RdfFormat.TURTLE)):
        read = list(ox.parse(written[key], format=format))
        assert len([t for t in read if t.subject == ox.NamedNode(f"{EX}s")]) == len(texts), key

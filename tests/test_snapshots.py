"""SPARQL workers follow the store generation through snapshots of the public store.

A real pyoxigraph store is written by the test (as the projector will) while real worker
processes answer queries: after ``advance`` + ``snapshot``, the very next query of every worker
sees the publication; a snapshot a worker holds is never pruned.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from iacoll import generation, snapshots
from iacoll.freshness import PerGeneration, Watch
from iacoll.sparql.workers import Job, WorkerPool

BASE = "https://w3id.org/iacoll/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FICHE = ox.NamedNode(f"{BASE}def#Fiche")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
COUNT = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/iacoll/def#Fiche> }"


def publish(store: ox.Store, slug: str) -> None:
    """One record in its own named graph, as the projector writes it."""
    graph = ox.NamedNode(f"{BASE}graph/cas-usage/{slug}")
    record = ox.NamedNode(f"{BASE}id/cas-usage/{slug}")
    store.add_graph(graph)
    store.extend(
        [
            ox.Quad(record, RDF_TYPE, FICHE, graph),
            ox.Quad(record, TITLE, ox.Literal(f"Fiche {slug}", language="fr"), graph),
        ]
    )
    store.flush()


def count(pool: WorkerPool) -> int:
    answer = pool.run(Job(COUNT, None, None, "json", None, 100, union=True))
    assert answer.error is None, answer
    rows = json.loads(answer.body)["results"]["bindings"]
    return int(rows[0]["n"]["value"])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "store").mkdir()
    return tmp_path / "store"


@pytest.fixture
def public(root: Path) -> Iterator[ox.Store]:
    """The public store, open read-write by the test (the projector's role)."""
    store = ox.Store(str(root / "public"))
    publish(store, "premiere")
    first = generation.advance(root, 1)
    snapshots.snapshot(store, root, first)
    yield store
    del store
    gc.collect()


@pytest.fixture
def pool(root: Path, public: ox.Store) -> Iterator[WorkerPool]:
    workers = WorkerPool(root / "public", size=2, memory_mb=1024, timeout=30)
    yield workers
    workers.close()


def test_every_worker_sees_a_publication_at_its_next_query(
    root: Path, public: ox.Store, pool: WorkerPool
) -> None:
    assert [count(pool) for _ in range(4)] == [1, 1, 1, 1]
    publish(public, "deuxieme")
    assert [count(pool) for _ in range(4)] == [1, 1, 1, 1]  # not published: no new generation
    second = generation.advance(root, 2)
    snapshots.snapshot(public, root, second)
    assert [count(pool) for _ in range(4)] == [2, 2, 2, 2]
    publish(public, "troisieme")
    third = generation.advance(root, 3)
    snapshots.snapshot(public, root, third)
    assert count(pool) == 3 and count(pool) == 3


def test_a_generation_without_its_snapshot_yet_keeps_the_last_one(
    root: Path, public: ox.Store, pool: WorkerPool
) -> None:
    assert count(pool) == 1
    publish(public, "deuxieme")
    second = generation.advance(root, 2)  # the snapshot comes a moment later
    assert count(pool) == 1
    snapshots.snapshot(public, root, second)
    assert count(pool) == 2 and count(pool) == 2


def test_prune_keeps_what_a_worker_holds(root: Path, public: ox.Store) -> None:
    pool = WorkerPool(root / "public", size=1, memory_mb=1024, timeout=30)
    try:
        assert count(pool) == 1  # the worker holds snapshot 1
        taken = []
        for number, slug in ((2, "b"), (3, "c")):
            publish(public, slug)
            taken.append(snapshots.snapshot(public, root, generation.advance(root, number)))
        first = snapshots.available(root)[0].path
        assert snapshots.prune(root, keep=1) == [taken[0]]  # 1 is in use, 3 is the newest
        assert first.is_dir() and taken[1].is_dir()
        assert count(pool) == 3  # the worker moves to snapshot 3 and lets 1 go
        assert snapshots.prune(root, keep=1) == [first]
        assert [s.path for s in snapshots.available(root)] == [taken[1]]
    finally:
        pool.close()


def test_snapshot_is_idempotent_and_named_by_generation(root: Path, public: ox.Store) -> None:
    current = generation.current(root)
    again = snapshots.snapshot(public, root, current)
    assert again == snapshots.snapshot(public, root, current)
    found = snapshots.newest(root)
    assert found is not None and (found.number, found.path) == (1, again)
    assert len(ox.Store.read_only(str(again))) == 2


def test_workers_without_snapshots_read_the_store_folder(tmp_path: Path) -> None:
    """A store built by ``iacoll build`` alone (no projector yet): the folder, read-only."""
    store = ox.Store(str(tmp_path / "public"))
    publish(store, "seule")
    del store
    gc.collect()
    pool = WorkerPool(tmp_path / "public", size=1, memory_mb=1024, timeout=30)
    try:
        assert count(pool) == 1
    finally:
        pool.close()


def test_watch_rereads_only_a_replaced_file(tmp_path: Path) -> None:
    watch = Watch(tmp_path)
    assert watch.current().number == 0
    generation.advance(tmp_path, 7)
    assert watch.current().number == 7
    cache: PerGeneration[int] = PerGeneration(watch)
    assert cache.get("k", lambda: 1) == 1 and cache.get("k", lambda: 2) == 1
    generation.advance(tmp_path, 8)
    assert cache.get("k", lambda: 3) == 3 and cache.builds == 2

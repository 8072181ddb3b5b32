"""``kill -9`` at any instant loses no committed revision and leaves no half-written record.

A child process publishes revisions in a loop through the write path (each commit, then its
projection); the test kills it with SIGKILL at random instants, several times, restarting it in
between (a restart catches up with the log). Then, as a restarted server does, it catches up
and compares every record's graphs in both stores with the revision the log says is published.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from sqlalchemy import select

from iacoll import sources, store
from iacoll.model.record import parse_text
from iacoll.namespaces import rebase
from iacoll.projection import read_marks, record_graph, restricted_graph
from iacoll.publishing.log import Publication, Revision, State
from iacoll.settings import Settings
from tests.conftest import REPO

ROUNDS = 6


def graph_of(opened: ox.Store, name: str) -> Graph:
    quads = opened.quads_for_pattern(None, None, None, ox.NamedNode(name))
    text = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return Graph().parse(data=text, format="nt") if text else Graph()


def as_stored(graph: Graph) -> Graph:
    """``graph`` as Oxigraph writes it back (it canonicalises literals: ``5.0`` → ``5``)."""
    memory = ox.Store()
    memory.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    text = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in memory)
    return Graph().parse(data=text, format="nt") if text else Graph()


def run_and_kill(settings: Settings, rng: random.Random) -> list[int]:
    """Start the writer, let it publish for a random while, SIGKILL it; its committed ids."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.crash_writer",
            str(settings.store_path),
            str(settings.data_path),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    first = child.stdout.readline()  # publishing has begun: kill it somewhere in the loop
    time.sleep(rng.uniform(0.0, 1.5))
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    lines = [first, *child.stdout.read().split("\n")]
    return [int(line.split()[1]) for line in lines if line.startswith("committed ")]


@pytest.mark.server
def test_sigkill_during_publications_loses_nothing(tmp_path: Path) -> None:
    shutil.copytree(sources.DATA_DIR, tmp_path / "data")
    settings = Settings.from_env({}, store_path=tmp_path / "store", data_path=tmp_path / "data")
    store.build(settings)
    store.close_stores(settings)  # the child process is now the only writer
    rng = random.Random(20261206)
    committed: list[int] = []
    for _ in range(ROUNDS):
        committed += run_and_kill(settings, rng)
    assert len(committed) >= ROUNDS  # each round published at least once before its kill

    writer, projector = store.writer_for(settings)  # a restart: catch up with the log
    projector.catch_up()
    with writer.db.transaction() as session:
        known = set(session.scalars(select(Revision.id)))
        published = session.scalars(
            select(Revision).where(Revision.state == State.PUBLIE.value)
        ).all()
        last = session.scalar(select(Publication.id).order_by(Publication.id.desc()))
    assert set(committed) <= known  # every commit that returned is in the log
    assert read_marks(settings.store_path) == {"public": last, "complet": last}
    stores = store.open_stores(settings)
    base = settings.base_iri
    for revision in published:
        iri = revision.record_iri
        public = as_stored(rebase(parse_text(revision.public_nt), base))
        restricted = as_stored(rebase(parse_text(revision.restricted_nt), base))
        assert isomorphic(graph_of(stores.public, record_graph(base, iri)), public), iri
        assert isomorphic(graph_of(stores.full, record_graph(base, iri)), public), iri
        assert isomorphic(graph_of(stores.full, restricted_graph(base, iri)), restricted), iri

"""``kill -9`` at any instant loses no committed revision and leaves no half-written record.

First a child process publishes revisions in a loop through the write path (each commit, then
its projection); the test kills it with SIGKILL at random instants, several times, restarting
it in between (a restart catches up with the log). Then, as a restarted server does, it catches
up and compares every record's graphs in both stores with the revision the log says is
published.

Then the same with the real server: ``iacoll serve`` receives new titles through the API and a
moderator's approvals, and is killed (its whole process group) at random instants; after a last
restart, the record's page shows the last approved title and the stores hold exactly what the
log says, without the test catching anything up itself.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from sqlalchemy import select

from iacoll import sources, store
from iacoll.model.record import parse_text
from iacoll.namespaces import DCT, ID, rebase
from iacoll.projection import read_marks, record_graph, restricted_graph
from iacoll.publishing import accounts, tokens
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision, State
from iacoll.settings import Settings
from tests.conftest import REPO
from tests.server import free_port, wait_until_up

ROUNDS = 6
SERVER_ROUNDS = 3
SEED = "amp-callbot-encombrants"
SEED_API = f"/api/v1/fiches/cas-usage/{SEED}"


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

    assert_stores_follow_the_log(settings, committed)


def assert_stores_follow_the_log(
    settings: Settings, committed: list[int], *, catch_up: bool = True
) -> None:
    """What a restarted server finds: every committed revision in the log, both stores marked
    at the last publication, and each published record's graphs exactly its revision.
    ``catch_up``: restart here (the projection's catch-up); False when a restarted server
    already did."""
    writer, projector = store.writer_for(settings)
    if catch_up:
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


# --- the same, killing ``iacoll serve`` while it publishes what the API and moderation send ---


@contextmanager
def serving(settings: Settings, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``iacoll serve`` over ``settings`` in a process group of its own (its SPARQL workers
    die with it); yields the process once it answers."""
    env = {
        **os.environ,
        "IACOLL_STORE_PATH": str(settings.store_path),
        "IACOLL_DATA_PATH": str(settings.data_path),
    }
    command = [str(Path(sys.executable).parent / "iacoll"), "serve", "--port", str(port)]
    log = settings.store_path.parent / f"serve-{port}.log"  # a pipe nobody reads would fill up
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{log.read_text(errors='replace')}") from None
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def publish_until_killed(
    url: str, server: subprocess.Popen[bytes], contributor: str, moderator: str, delay: float
) -> list[int]:
    """Through the API (a contributor's token) submit new titles of the seed record and
    approve them (a moderator's token) until the server dies: SIGKILL to its process group,
    ``delay`` seconds after the first approval. The revisions whose approval was answered."""
    as_contributor = {"Authorization": f"Bearer {contributor}"}
    as_moderator = {"Authorization": f"Bearer {moderator}"}
    record = Graph().parse(sources.DATA_DIR / "cas-usage" / f"{SEED}.ttl")
    iri = URIRef(f"{ID}cas-usage/{SEED}")
    approved: list[int] = []
    killer: threading.Timer | None = None
    with httpx.Client(base_url=url, timeout=60) as client:
        try:
            for turn in itertools.count():
                base = client.get(SEED_API, headers=as_contributor).json()["published"]
                record.set((iri, DCT.title, Literal(f"Titre n° {turn} du serveur", lang="fr")))
                sent = client.put(
                    SEED_API,
                    params={"etat": "soumis", "base_number": base},
                    content=record.serialize(format="json-ld"),
                    headers={**as_contributor, "Content-Type": "application/ld+json"},
                )
                assert sent.status_code == 200, sent.text
                revision = sent.json()["revision"]
                decided = client.post(
                    f"/moderation/revision/{revision}/approuver", headers=as_moderator
                )
                assert decided.status_code == 303, decided.text
                approved.append(revision)
                if killer is None:
                    killer = threading.Timer(delay, os.killpg, (server.pid, signal.SIGKILL))
                    killer.start()
        except httpx.TransportError:  # the server died under the request
            pass
    assert killer is not None
    killer.join()
    server.wait(timeout=60)
    return approved


@pytest.mark.server
def test_sigkill_of_the_server_during_publications_loses_nothing(tmp_path: Path) -> None:
    shutil.copytree(sources.DATA_DIR, tmp_path / "data")
    settings = Settings.from_env({}, store_path=tmp_path / "store", data_path=tmp_path / "data")
    store.build(settings)
    store.close_stores(settings)  # the server is now the only writer
    db = Database(settings)
    with db.transaction() as session:
        agent = accounts.add_account(
            session,
            "agent@example.org",
            None,
            "contributeur",
            [
                accounts.Organisation(
                    "200054807", f"{ID}organisation/metropole-aix-marseille-provence"
                )
            ],
        )
        chief = accounts.add_account(session, "moderation@example.org", None, "moderateur")
        contributor = tokens.issue_token(session, agent.id).secret
        moderator = tokens.issue_token(session, chief.id, "", ["moderation"]).secret
    db.close()
    rng = random.Random(20261207)
    approved: list[int] = []
    for _ in range(SERVER_ROUNDS):
        port = free_port()
        with serving(settings, port) as server:
            approved += publish_until_killed(
                f"http://127.0.0.1:{port}/", server, contributor, moderator, rng.uniform(0, 1.5)
            )
    assert len(approved) >= SERVER_ROUNDS

    port = free_port()
    with serving(settings, port):  # the restart projects what the kills left in the log only
        page = httpx.get(f"http://127.0.0.1:{port}/id/cas-usage/{SEED}", timeout=60)
    with Database(settings).transaction() as session:
        published = session.scalar(
            select(Revision.public_nt).where(
                Revision.record_iri == f"{ID}cas-usage/{SEED}",
                Revision.state == State.PUBLIE.value,
            )
        )
    assert published is not None
    title = parse_text(published).value(URIRef(f"{ID}cas-usage/{SEED}"), DCT.title)
    assert str(title).endswith(" du serveur") and str(title) in page.text
    assert_stores_follow_the_log(settings, approved, catch_up=False)

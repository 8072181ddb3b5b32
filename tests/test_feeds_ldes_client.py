"""A registry replicates the catalogue with the npm LDES client (``ldes-client``, rdf-connect)
following the stream of a real server: after a publication, an update and a withdrawal, its
replica (latest version of each record, withdrawn records removed) equals the public store's
record graphs; the Atom feed lists the three events in order.

The client runs in ``follow`` mode (tests/ldes_replicate.mjs): once it has read the stream it
only polls the open last page, never a complete one again. Publications go through the write
path over the server's revision log; the server's log follower projects them into its stores.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from iacoll import generation, sources
from iacoll.namespaces import AS, PROV
from iacoll.publishing import history
from iacoll.settings import Settings
from iacoll.store import open_stores
from iacoll.terms import to_rdflib
from tests.conftest import copy_store
from tests.moderation_support import log_writer
from tests.server import live_server
from tests.test_feeds import publish_copy, withdraw

pytestmark = pytest.mark.server

SCRIPT = Path(__file__).parent / "ldes_replicate.mjs"
SLUG = "essai-flux-ldes"
RECORD = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
SECRET = "Financement confidentiel du flux"


@dataclass(frozen=True)
class Run:
    """What the client did: the members of its first read and of the three changes, the URLs
    it fetched before and after the changes began."""

    seeded: int
    first: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    read: list[str]
    polled: list[str]


class Client:
    """The npm client following ``url``: the members it emitted, the URLs it fetched."""

    def __init__(self, url: str, state: Path) -> None:
        command = ["node", str(SCRIPT), url, str(state), "follow"]
        self.process = subprocess.Popen(
            command, cwd=sources.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.members: queue.Queue[dict[str, Any]] = queue.Queue()
        self.fetched: list[str] = []
        self.errors: list[str] = []
        threading.Thread(target=self._read_members, daemon=True).start()
        threading.Thread(target=self._read_fetches, daemon=True).start()

    def _read_members(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.members.put(json.loads(line))

    def _read_fetches(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if line.startswith("fetch "):
                self.fetched.append(line.split(" ", 1)[1].strip())
            else:
                self.errors.append(line)

    def take(self, count: int, timeout: float = 120) -> list[dict[str, Any]]:
        """The next ``count`` members the client emits."""
        deadline, found = time.monotonic() + timeout, []
        while len(found) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"the client emitted {len(found)} of {count} members"
            assert self.process.poll() is None, "the client stopped: " + "".join(self.errors)
            try:
                found.append(self.members.get(timeout=min(left, 1)))
            except queue.Empty:
                continue
        return found

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_store(seed_settings, tmp_path_factory.mktemp("feeds-client"))


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


def wait_for_generation(settings: Settings, number: int) -> None:
    """Until the server's log follower has projected publication ``number``."""
    deadline = time.monotonic() + 30
    while generation.current(settings.store_path).number < number:
        assert time.monotonic() < deadline, "the server did not project the publications"
        time.sleep(0.1)


def replica(members: list[dict[str, Any]]) -> dict[str, Graph]:
    """What a consumer keeps: per record, the content of its latest version, unless that
    version is a deletion (``as:Delete``, the stream's ``ldes:versionDeleteObject``)."""
    latest: dict[str, dict[str, Any]] = {}
    for member in members:
        record = member["isVersionOf"]
        if record not in latest or stamp(member) > stamp(latest[record]):
            latest[record] = member
    kept = {}
    for record, member in latest.items():
        if str(AS.Delete) in member["types"]:
            continue
        dataset = Dataset()
        dataset.parse(data=member["quads"], format="nquads")
        kept[record] = _plain(dataset.graph(URIRef(member["id"])))
    return kept


def stamp(member: dict[str, Any]) -> datetime:
    """The member's ``ldes:timestampPath`` value to the microsecond (the client's ``Date`` keeps
    milliseconds: two publications may share one)."""
    dataset = Dataset()
    dataset.parse(data=member["quads"], format="nquads")
    value = dataset.value(URIRef(member["id"]), PROV.generatedAtTime)
    assert isinstance(value, Literal)
    found: datetime = value.toPython()
    return found


def store_records(settings: Settings) -> dict[str, Graph]:
    """The public store's record graphs (``{base}graph/{kind}/{slug}``), by record IRI."""
    store = open_stores(settings).public
    found: dict[str, Graph] = {}
    base = settings.base_iri
    for kind in ("cas-usage", "initiative", "organisation"):
        prefix = f"{base}graph/{kind}/"
        for name in store.named_graphs():
            if isinstance(name, ox.NamedNode) and name.value.startswith(prefix):
                graph = Graph()
                for quad in store.quads_for_pattern(None, None, None, name):
                    terms = (quad.subject, quad.predicate, quad.object)
                    graph.add(tuple(to_rdflib(t) for t in terms))  # type: ignore[arg-type]
                found[f"{base}id/{kind}/{name.value[len(prefix) :]}"] = graph
    return found


def _plain(graph: Graph) -> Graph:
    plain = Graph()
    for triple in graph:
        plain.add(triple)
    return plain


@pytest.fixture(scope="module")
def run(settings: Settings, server: str, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The client reads the stream, then follows it through a publication of a new record,
    an update of it and its withdrawal."""
    writer = log_writer(settings)
    seeded = len(history.events(writer.db))
    client = Client(server + "flux/ldes", tmp_path_factory.mktemp("ldes-state"))
    try:
        first = client.take(seeded)
        before = len(client.fetched)
        publish_copy(writer, SLUG, "Essai du flux, première version", SECRET)
        publish_copy(writer, SLUG, "Essai du flux, seconde version", SECRET)
        withdraw(writer, RECORD, "Projet abandonné par la métropole.")
        wait_for_generation(settings, seeded + 3)
        changes = client.take(3)
        fetched = list(client.fetched)
    finally:
        client.stop()
    return Run(seeded, first, changes, fetched[:before], fetched[before:])


def test_the_npm_client_replicates_the_catalogue(settings: Settings, server: str, run: Run) -> None:
    assert server + "flux/ldes/2" in run.read  # 100 publications a page: two pages
    assert len({m["id"] for m in run.first + run.changes}) == run.seeded + 3  # each once
    # Unordered (the client's default mode): in the order of their timestamps.
    ids = [m["id"] for m in sorted(run.changes, key=stamp)]
    assert ids == [
        f"{RECORD}/revision/1",
        f"{RECORD}/revision/2",
        f"{RECORD}/retrait/{run.seeded + 3}",
    ]
    types = [
        sorted(t.rsplit("#", 1)[-1] for t in m["types"]) for m in sorted(run.changes, key=stamp)
    ]
    assert types == [
        ["Create", "Entity"],
        ["Entity", "Update"],
        ["Delete", "Entity"],
    ]
    # Once the stream is read, only its open last page is read again.
    assert run.polled and set(run.polled) == {server + "flux/ldes/2"}
    assert all(SECRET not in m["quads"] for m in run.first + run.changes)

    kept = replica(run.first + run.changes)
    public = store_records(settings)
    assert RECORD not in kept and RECORD not in public
    assert sorted(kept) == sorted(public)
    assert [iri for iri in public if not isomorphic(kept[iri], public[iri])] == []


def test_the_atom_feed_lists_the_three_events_newest_first(server: str, run: Run) -> None:
    # 1.3 s alone; beside the other pytest-xdist worker it passed httpx's 5 s default once.
    answer = httpx.get(server + "flux/publications.atom", timeout=60)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo
    assert feed.feed.title == "Publications d'iacoll"
    mine = [e for e in feed.entries if e.id.startswith(RECORD + "/")]
    assert [e.title for e in mine] == [
        "Retrait\u00a0: Essai du flux, seconde version",
        "Mise à jour\u00a0: Essai du flux, seconde version",
        "Nouvelle fiche\u00a0: Essai du flux, première version",
    ]
    assert [e.link for e in mine] == [RECORD] * 3
    assert {e.author for e in mine} == {"Métropole Aix-Marseille-Provence"}
    assert "Projet abandonné par la métropole." in mine[0].summary
    assert feed.entries[:3] == mine  # the newest entries of the whole feed
    stamps = [e.published_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)

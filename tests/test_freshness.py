"""The pages follow one store generation: a publication shows everywhere once it advances.

A copy of the seed store is served in-process; the test plays the projector: it writes a record
into its own named graph in the public store (open read-write, as the server holds it), advances
the generation, then refreshes the derived views (catalogue graph, downloads). Until the
generation moves the cached views stay as they were; after, every one of them shows the record.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef

from iacoll import generation, snapshots, store
from iacoll.app import create_app
from iacoll.derived import refresh_derived
from iacoll.freshness import Latest, Watch
from iacoll.namespaces import DCAT_RESOURCE, DCT, DEFAULT_BASE, HYDRA, IACOLL, RDF
from iacoll.settings import Settings

SLUG = "test-fraicheur"
RECORD = f"{DEFAULT_BASE}id/cas-usage/{SLUG}"
GRAPH = f"{DEFAULT_BASE}graph/cas-usage/{SLUG}"
TITLE = "Compteur de hérissons des jardins partagés"
VOID = Namespace("http://rdfs.org/ns/void#")


@dataclass
class Served:
    client: TestClient
    settings: Settings
    public: ox.Store
    full: ox.Store


@pytest.fixture
def served(seed_settings: Settings, tmp_path: Path) -> Iterator[Served]:
    """The seed store copied and served; its stores are open read-write in this process (as
    the server holds them), the test writes through them."""
    root = tmp_path / "store"
    live = ("public", "complet", "snapshots", "*.sqlite3-*")
    shutil.copytree(seed_settings.store_path, root, ignore=shutil.ignore_patterns(*live))
    seed_stores = store.open_stores(seed_settings)  # open in this process: copied by checkpoints
    settings = Settings.from_env({}, store_path=root)
    seed_stores.public.backup(str(store.public_store_path(settings)))
    seed_stores.full.backup(str(store.full_store_path(settings)))
    app = create_app(settings)
    stores = store.open_stores(settings)
    with TestClient(app) as client:
        yield Served(client, settings, stores.public, stores.full)


def advance(root: Path) -> generation.Generation:
    """The next generation (the projector's ``advance`` after a batch)."""
    return generation.advance(root, generation.current(root).number + 1)


def publish(public: ox.Store) -> str:
    """A new record, in its own graph, published by an organisation of the seed (its IRI)."""
    rows = public.query(
        f"SELECT ?o WHERE {{ ?f a <{IACOLL.Fiche}> ; <{DCT.publisher}> ?o }} ORDER BY ?o LIMIT 1",
        use_default_graph_as_union=True,
    )
    organisation = next(iter(rows))["o"]  # type: ignore[call-overload]
    record, graph = ox.NamedNode(RECORD), ox.NamedNode(GRAPH)
    facts = [
        (RDF.type, ox.NamedNode(str(IACOLL.Fiche))),
        (RDF.type, ox.NamedNode(str(IACOLL.CasUsageIA))),
        (DCT.title, ox.Literal(TITLE, language="fr")),
        (DCT.publisher, organisation),
    ]
    public.add_graph(graph)
    public.extend([ox.Quad(record, ox.NamedNode(str(p)), o, graph) for p, o in facts])
    public.flush()
    return str(organisation.value)


def published_in_directory(client: TestClient, organisation: str) -> int:
    """The number of records ``organisation`` publishes, as the directory shows it."""
    path = organisation.removeprefix(DEFAULT_BASE)
    page = client.get("/id/organisation/").text
    found = re.search(rf'href="/{re.escape(path)}#fiches">(\d+)<', page)
    return int(found.group(1)) if found else 0


def search_total(client: TestClient, words: str = "") -> int:
    response = client.get("/recherche.json", params={"q": words} if words else {})
    total: int = response.json()["total"]
    return total


def void_triples(client: TestClient) -> int:
    body = client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text
    graph = Graph().parse(data=body, format="turtle")
    dataset = URIRef("http://testserver/.well-known/void#iacoll")
    return int(graph.value(dataset, VOID.triples))  # type: ignore[arg-type]


def catalogue_total(client: TestClient) -> int:
    graph = Graph().parse(data=client.get("/catalogue.ttl").text, format="turtle")
    return int(graph.value(URIRef(f"{DEFAULT_BASE}id/catalogue"), HYDRA.totalItems))  # type: ignore[arg-type]


def test_a_publication_shows_everywhere_once_the_generation_moves(served: Served) -> None:
    client = served.client
    records, triples = search_total(client), void_triples(client)
    assert search_total(client, "hérissons") == 0
    assert client.get("/" + GRAPH.removeprefix(DEFAULT_BASE)).status_code == 404

    publisher = served.public.query(
        f"SELECT ?o WHERE {{ ?f a <{IACOLL.Fiche}> ; <{DCT.publisher}> ?o }} ORDER BY ?o LIMIT 1",
        use_default_graph_as_union=True,
    )
    led = published_in_directory(client, next(iter(publisher))["o"].value)  # type: ignore[call-overload]
    assert led > 0

    organisation = publish(served.public)
    # Written but the generation has not moved: the cached views still show the old store.
    assert (search_total(client), search_total(client, "hérissons")) == (records, 0)
    assert published_in_directory(client, organisation) == led
    assert void_triples(client) == triples

    now = advance(served.settings.store_path)
    assert search_total(client) == records + 1
    found = client.get("/recherche.json", params={"q": "hérissons"}).json()["fiches"]
    assert [(f["titre"], f["adresse"]) for f in found] == [(TITLE, RECORD)]
    assert void_triples(client) == triples + 4
    assert published_in_directory(client, organisation) == led + 1
    page = client.get(f"/id/cas-usage/{SLUG}.ttl")
    assert page.status_code == 200
    assert page.headers["last-modified"] == format_datetime(now.last_modified, usegmt=True)
    described = Graph().parse(data=page.text, format="turtle")
    assert (URIRef(RECORD), DCT.title, Literal(TITLE, lang="fr")) in described
    assert client.get(f"/graph/cas-usage/{SLUG}.ttl").status_code == 200
    home = client.get("/", headers={"Accept": "text/html"})
    assert home.headers.get("content-type", "").startswith("text/html")


def test_derived_views_follow_after_their_refresh(served: Served) -> None:
    client = served.client
    members = catalogue_total(client)
    dump = client.get("/download/iacoll.nt")
    assert RECORD not in dump.text
    publish(served.public)
    advance(served.settings.store_path)

    refresh_derived(served.settings, served.public, served.full)
    advance(served.settings.store_path)
    assert catalogue_total(client) == members + 1
    listed = Graph()
    for number in range(1, 10):
        response = client.get("/catalogue.ttl", params={"page": str(number)})
        if response.status_code != 200:
            break
        listed.parse(data=response.text, format="turtle")
    assert (URIRef(f"{DEFAULT_BASE}id/catalogue"), DCAT_RESOURCE, URIRef(RECORD)) in listed
    after = client.get("/download/iacoll.nt")
    assert f'<{RECORD}> <{DCT.title}> "{TITLE}"@fr .' in after.text
    assert after.headers["etag"] == f'"{hashlib.sha256(after.content).hexdigest()}"'
    assert after.headers["etag"] != dump.headers["etag"]
    # The complet store holds the same catalogue graph as the public one.
    name = ox.NamedNode(f"{DEFAULT_BASE}graph/catalogue")
    assert len(list(served.full.quads_for_pattern(None, None, None, name))) == len(
        list(served.public.quads_for_pattern(None, None, None, name))
    )


def test_sparql_follows_the_generation_through_a_snapshot(served: Served) -> None:
    client, root = served.client, served.settings.store_path
    accept = {"Accept": "application/sparql-results+json"}
    ask = {"query": f"ASK {{ <{RECORD}> ?p ?o }}"}
    from_graph = {"query": f"SELECT ?t FROM <{GRAPH}> WHERE {{ ?s <{DCT.title}> ?t }}"}
    assert client.get("/sparql", params=ask, headers=accept).json()["boolean"] is False
    assert client.get("/sparql", params=from_graph, headers=accept).status_code == 403

    publish(served.public)
    now = advance(root)
    snapshots.snapshot(served.public, root, now)
    for _ in range(served.settings.query_workers):  # every worker, at its next query
        assert client.get("/sparql", params=ask, headers=accept).json()["boolean"] is True
    rows = client.get("/sparql", params=from_graph, headers=accept).json()["results"]["bindings"]
    assert [row["t"]["value"] for row in rows] == [TITLE]


def test_an_answer_is_kept_until_the_generation_moves(served: Served) -> None:
    """The same query asked again before a publication is answered from the answers kept
    for the generation (not evaluated again); after a publication it is evaluated again."""
    client, root = served.client, served.settings.store_path
    accept = {"Accept": "application/sparql-results+json"}
    count = {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{IACOLL.Fiche}> }}"}
    kept = client.app.state.site.cache("sparql-answers")  # type: ignore[attr-defined]

    def asked() -> int:
        rows = client.get("/sparql", params=count, headers=accept).json()["results"]["bindings"]
        return int(rows[0]["n"]["value"])

    before = asked()
    evaluated = kept.builds
    assert [asked(), asked()] == [before, before]
    assert kept.builds == evaluated  # answered from what was kept
    other = client.get("/sparql", params=count, headers={"Accept": "text/csv"})
    assert other.status_code == 200 and other.text.split()[-1] == str(before)
    assert kept.builds == evaluated + 1  # another format: another answer

    publish(served.public)
    snapshots.snapshot(served.public, root, advance(root))
    assert asked() == before + 1  # evaluated again at the new generation
    assert kept.builds == evaluated + 2


def test_a_slow_rebuild_serves_the_previous_value_meanwhile(tmp_path: Path) -> None:
    """On a large catalogue the search index takes a minute to rebuild: after a publication a
    request waits at most ``wait`` seconds, then gets the previous generation's value; once the
    rebuild is done, the new one. The first value is always waited for."""
    generation.advance(tmp_path, 1)
    watch = Watch(tmp_path)
    release = threading.Event()
    built: list[int] = []

    def build() -> int:
        number = watch.current().number
        if built:  # every rebuild after the first waits until the test lets it finish
            assert release.wait(timeout=60)
        built.append(number)
        return number

    latest = Latest(watch, build, wait=0.2)
    assert latest.get() == 1  # the first value, waited for
    generation.advance(tmp_path, 2)
    assert latest.get() == 1  # the rebuild is blocked: the previous value after 0.2 s
    assert latest.get() == 1 and latest.builds == 1  # one rebuild at a time, still running
    release.set()
    assert latest.get() == 2  # waited for (it finishes now), then kept
    assert latest.get() == 2 and latest.builds == 2 and built == [1, 2]


def test_an_offered_earlier_value_is_served_while_the_first_build_runs(tmp_path: Path) -> None:
    """A restarted server offers its library file of an earlier generation: requests get it
    after ``wait`` seconds instead of waiting for the first build; the build then replaces it,
    and an offer never replaces a built value."""
    generation.advance(tmp_path, 2)
    release = threading.Event()

    def build() -> str:
        assert release.wait(timeout=60)
        return "current"

    latest = Latest(Watch(tmp_path), build, wait=0.2)
    latest.start()
    latest.offer("earlier")
    assert latest.get() == "earlier"  # the first build is blocked: the offer after 0.2 s
    assert latest.builds == 0
    release.set()
    assert latest.get() == "current"  # waited for, then kept
    latest.offer("older still")
    assert latest.get() == "current" and latest.builds == 1


def test_a_failed_rebuild_keeps_the_previous_value(tmp_path: Path) -> None:
    generation.advance(tmp_path, 1)
    watch = Watch(tmp_path)
    outcomes: list[int | Exception] = [1, RuntimeError("store unreadable"), 3]

    def build() -> int:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    latest = Latest(watch, build, wait=30)
    assert latest.get() == 1
    generation.advance(tmp_path, 2)
    assert latest.get() == 1  # the rebuild failed: the previous value
    assert latest.get() == 3  # the next request rebuilt it


def test_a_failed_first_build_is_raised(tmp_path: Path) -> None:
    def build() -> int:
        raise RuntimeError("store unreadable")

    with pytest.raises(RuntimeError, match="store unreadable"):
        Latest(Watch(tmp_path), build).get()

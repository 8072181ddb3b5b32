"""The change feed's pages: fixed ranges of publications, time relations between them, complete
pages immutable (long cache, strong ETag that never changes), the open page and the stream's
description following the store generation, tombstones, never a restricted value."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef

from iacoll.app import create_app
from iacoll.feeds import ldes
from iacoll.namespaces import AS, DCAT, DCT, LDES, PROV, RDF, TREE
from iacoll.pages.typography import french
from iacoll.publishing import history
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import publish as publish_record
from tests.moderation_support import seed_copy

SLUG = "essai-flux-pages"
RECORD = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
RECORD_PATH = f"/id/cas-usage/{SLUG}"
MODERATOR = Author(900, frozenset(), "moderateur")
SECRET = "Montant confidentiel du marché"
STREAM = URIRef("https://w3id.org/iacoll/flux/ldes")
NQUADS = {"Accept": "application/n-quads"}


@pytest.fixture(scope="module")
def client(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(copy_store(seed_settings, tmp_path_factory.mktemp("feeds"))))


def app_of(client: TestClient) -> Any:
    return client.app


def dataset(client: TestClient, path: str) -> Dataset:
    answer = client.get(path, headers=NQUADS)
    assert answer.status_code == 200, answer.text
    found = Dataset()
    found.parse(data=answer.text, format="nquads")
    return found


def publish_copy(writer: Writer, slug: str, title: str, funding: str) -> None:
    """Publish (or update) the use case ``slug``, a copy of a seed record with a restricted
    ``funding``, through the write path: submitted, then published by a moderator."""
    publish_record(writer, seed_copy(slug, title, funding=funding))


def withdraw(writer: Writer, iri: str, reason: str) -> None:
    """A moderator withdraws the published record ``iri``."""
    with writer.db.transaction() as session:
        current = published_revision(session, iri)
        assert current is not None
        revision_id = current.id
    writer.transition(revision_id, State.RETIRE, author=MODERATOR, comment=reason)


def publish(client: TestClient, title: str) -> None:
    publish_copy(app_of(client).state.writer, SLUG, title, SECRET)


def test_pages_hold_fixed_ranges_of_publications(client: TestClient) -> None:
    db = app_of(client).state.db
    upto = len(history.events(db))
    pages = [ldes.page(db, n, upto, size=50) for n in range(1, 6)]
    assert pages[-1] is None and ldes.page(db, 0, upto, size=50) is None
    found = [p for p in pages if p is not None]
    assert [p.number for p in found] == list(range(1, ldes.last_page(upto, 50) + 1))
    assert [[e.id for e in p.events] for p in found] == [
        list(range(1 + 50 * i, min(50 * (i + 1), upto) + 1)) for i in range(len(found))
    ]
    assert [p.immutable for p in found] == [True] * (len(found) - 1) + [False]
    assert [p.next_start for p in found[:-1]] == [p.events[0].at for p in found[1:]]
    assert found[-1].next_start is None
    # Publications the stores do not reflect yet are not shown.
    assert [e.id for e in ldes.page(db, 1, 10, size=50).events] == list(range(1, 11))  # type: ignore[union-attr]


def test_the_stream_says_how_to_read_it(client: TestClient) -> None:
    answer = client.get("/flux/ldes", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=60"
    graph = Graph().parse(data=answer.text, format="turtle")
    assert (STREAM, RDF.type, LDES.EventStream) in graph
    assert graph.value(STREAM, LDES.timestampPath) == PROV.generatedAtTime
    assert graph.value(STREAM, LDES.versionOfPath) == DCT.isVersionOf
    assert graph.value(STREAM, LDES.versionDeleteObject) == AS.Delete
    assert graph.value(STREAM, TREE.view) == URIRef("http://testserver/flux/ldes/1")


def test_a_complete_page_links_to_the_next_by_time(client: TestClient) -> None:
    first, second = dataset(client, "/flux/ldes/1"), dataset(client, "/flux/ldes/2")
    node = URIRef("http://testserver/flux/ldes/1")
    assert first.value(node, LDES.immutable) == Literal(True)
    relation = first.value(node, TREE.relation)
    assert first.value(relation, RDF.type) == TREE.GreaterThanOrEqualToRelation
    assert first.value(relation, TREE.node) == URIRef("http://testserver/flux/ldes/2")
    assert first.value(relation, TREE.path) == PROV.generatedAtTime
    bound = first.value(relation, TREE.value).toPython()  # type: ignore[union-attr]
    members = list(second.objects(STREAM, TREE.member))
    assert len(list(first.objects(STREAM, TREE.member))) == ldes.PAGE_SIZE
    assert min(second.value(m, PROV.generatedAtTime).toPython() for m in members) == bound  # type: ignore[union-attr]
    assert (URIRef("http://testserver/flux/ldes/2"), TREE.relation, None) not in second


def test_a_member_is_a_revision_with_its_public_content(client: TestClient) -> None:
    found = dataset(client, "/flux/ldes/1")
    member = next(iter(found.objects(STREAM, TREE.member)))
    record = found.value(member, DCT.isVersionOf)
    assert str(member) == f"{record}/revision/1"
    assert set(found.objects(member, RDF.type)) == {PROV.Entity, AS.Create}
    content = found.graph(member)
    assert (record, RDF.type, None) in content and len(content) > 5


def test_complete_pages_are_immutable_and_the_open_page_follows(client: TestClient) -> None:
    full = client.get("/flux/ldes/1", headers=NQUADS)
    assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
    etag = full.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/flux/ldes/1", headers={**NQUADS, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    trig = client.get("/flux/ldes/1", headers={"Accept": "application/trig"})
    assert trig.headers["content-type"] == "application/trig"
    assert trig.headers["etag"] != etag  # one validator per representation
    open_page = client.get("/flux/ldes/2", headers=NQUADS)
    assert open_page.headers["cache-control"] == "public, max-age=60"
    assert "last-modified" in open_page.headers

    publish(client, "Essai des pages du flux")
    assert client.get("/flux/ldes/1", headers=NQUADS).content == full.content
    assert client.get("/flux/ldes/1", headers=NQUADS).headers["etag"] == etag
    moved = client.get("/flux/ldes/2", headers=NQUADS)
    assert moved.headers["etag"] != open_page.headers["etag"]
    assert f"<{RECORD}/revision/1>".encode() in moved.content
    assert SECRET.encode() not in moved.content  # never a restricted value
    stale = client.get(
        "/flux/ldes/2", headers={**NQUADS, "If-None-Match": open_page.headers["etag"]}
    )
    assert stale.status_code == 200


def test_a_withdrawal_is_a_tombstone(client: TestClient) -> None:
    if not history.events(app_of(client).state.db, record_iri=RECORD):
        publish(client, "Essai des pages du flux")
    writer = app_of(client).state.writer
    withdraw(writer, RECORD, "Doublon.")
    last = history.events(writer.db)[-1]
    found = dataset(client, "/flux/ldes/2")
    tombstone = URIRef(f"{RECORD}/retrait/{last.id}")
    assert (STREAM, TREE.member, tombstone) in found
    assert set(found.objects(tombstone, RDF.type)) == {PROV.Entity, AS.Delete}
    assert found.value(tombstone, DCT.isVersionOf) == URIRef(RECORD)
    assert str(found.value(tombstone, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))) == (
        "Doublon."
    )
    assert len(found.graph(tombstone)) == 0  # no content
    path = tombstone[len("https://w3id.org/iacoll") :]
    told = client.get(path, follow_redirects=False)  # the member dereferences to the history
    assert (told.status_code, told.headers["location"]) == (303, RECORD_PATH + "/historique")
    assert "Doublon." in client.get(told.headers["location"]).text
    assert client.get(f"{RECORD_PATH}/retrait/{last.id - 1}").status_code == 404  # a publication


@pytest.mark.parametrize("page", ["0", "9", "deux"])
def test_a_missing_page_is_a_404_that_says_which_exist(client: TestClient, page: str) -> None:
    answer = client.get(f"/flux/ldes/{page}", headers={"Accept": "application/json"})
    assert answer.status_code == 404
    message = f"Le flux de modifications n'a pas de page « {page} » : pages 1 à 2."
    assert answer.json()["error"] == french(message)


def test_a_page_is_not_turtle_which_has_no_named_graphs(client: TestClient) -> None:
    answer = client.get("/flux/ldes/1", headers={"Accept": "text/turtle"})
    assert answer.status_code == 406
    jsonld = client.get("/flux/ldes/1", headers={"Accept": "application/ld+json"})
    assert jsonld.status_code == 200
    assert jsonld.headers["content-type"].startswith("application/ld+json")


def test_the_home_page_and_the_catalogue_link_to_the_feeds(client: TestClient) -> None:
    home = dom(client.get("/").text)
    feed = home.one("link", rel="alternate", type="application/atom+xml")
    assert feed.attrs["href"] == "/flux/publications.atom"
    links = {a.attrs.get("href") for a in home.all("a")}
    assert {"/flux/publications.atom", "/flux/ldes"} <= links
    graph = Graph().parse(data=client.get("/catalogue.ttl").text, format="turtle")
    catalogue = URIRef("https://w3id.org/iacoll/id/catalogue")
    register = URIRef("https://w3id.org/iacoll/id/jeu-de-donnees/registre")
    services = {
        str(graph.value(s, DCAT.endpointURL)): graph.value(s, DCT.conformsTo)
        for s in graph.objects(catalogue, DCAT.service)
        if (s, DCAT.servesDataset, register) in graph
    }
    assert services["https://w3id.org/iacoll/flux/ldes"] == URIRef(
        "https://w3id.org/ldes/specification"
    )
    assert "https://w3id.org/iacoll/flux/publications.atom" in services


def test_the_atom_feed_in_english_and_its_validators(client: TestClient) -> None:
    answer = client.get("/flux/publications.atom?lang=en")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo and feed.feed.title == "iacoll publications"
    assert len(feed.entries) == 50
    assert all(
        e.title.startswith(("New record: ", "Updated: ", "Withdrawn: ")) for e in feed.entries
    )
    assert answer.headers["cache-control"] == "public, max-age=60"
    again = client.get(
        "/flux/publications.atom?lang=en", headers={"If-None-Match": answer.headers["etag"]}
    )
    assert again.status_code == 304

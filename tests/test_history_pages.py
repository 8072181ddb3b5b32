"""The public history of a record, its past revisions in PROV, and the tombstone of a withdrawn
record, through the web application and its write path.

A use case of Aix-Marseille-Provence is published « En expérimentation », a draft is saved
(never public), then a change « En déploiement » is published; its history page tells the
difference in words with the upstream labels, its revisions dereference with their PROV; then
it is withdrawn: 410 Gone with a tombstone, and gone from search, SPARQL, dumps and catalogue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from iacoll.app import create_app
from iacoll.model.record import Record
from iacoll.namespaces import ADMS
from iacoll.publishing import history
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import ORGANISATION, contributor, publish, seed_copy

SLUG = "essai-historique-public"
IRI = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
PATH = f"/id/cas-usage/{SLUG}"
MODERATOR = Author(900, frozenset(), "moderateur")
STATUT = "https://w3id.org/iacoll/vocab/statut/"
FIRST_TITLE, SECOND_TITLE = "Tri des encombrants par téléphone", "Tri des encombrants au téléphone"
REASON = "Projet abandonné par la métropole."
TURTLE = {"accept": "text/turtle"}
HTML = {"accept": "text/html"}


def version(title: str, status: str, funding: str) -> Record:
    record = seed_copy(SLUG, title, funding=funding, email="agent.secret@example.org")
    record.public.set((record.iri, ADMS.status, URIRef(STATUT + status)))
    return record


def eventually(check: Callable[[], bool], timeout: float = 60) -> bool:
    """Whether ``check`` holds within ``timeout`` s (derived views follow in the background)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.3)
    return check()


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def words(html: str) -> str:
    """The text of the page's main part, spaces normalised (French typography's too)."""
    return plain(dom(html).one("main").text)


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_store(seed_settings, tmp_path_factory.mktemp("history-pages"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        writer: Writer = client.app.state.writer  # type: ignore[attr-defined]
        assert publish(writer, version(FIRST_TITLE, "experimentation", "Budget A")) == 1
        draft = version("Brouillon jamais publié", "terminee", "Budget A")
        writer.save(draft, author=contributor(1), state=State.BROUILLON, base_number=1)
        assert publish(writer, version(SECOND_TITLE, "deploiement", "Budget B")) == 3
        yield client


def revisions(client: TestClient) -> list[history.PastRevision]:
    return history.past_revisions(client.app.state.db, IRI)  # type: ignore[attr-defined]


def moment(client: TestClient, number: int, field: str = "published_at") -> Literal:
    found = next(r for r in revisions(client) if r.number == number)
    return Literal(getattr(found, field).isoformat(), datatype=XSD.dateTime)


def revision(number: int) -> URIRef:
    return URIRef(f"{IRI}/revision/{number}")


def test_the_history_page_tells_each_publication_and_its_difference_in_words(
    client: TestClient,
) -> None:
    page = client.get(PATH + "/historique", headers=HTML)
    assert page.status_code == 200
    items = [plain(li.text) for li in dom(page.text).one("ol", class_="history").all("li")]
    items = [i for i in items if i.startswith("Révision")]
    assert [i.split(" publiée")[0] for i in items] == ["Révision 3", "Révision 1"]  # newest first
    assert "Maturité : En expérimentation → En déploiement" in items[0]
    assert f"Projet : {FIRST_TITLE} → {SECOND_TITLE}" in items[0]
    assert "Métropole Aix-Marseille-Provence" in items[0]
    assert "Première publication de la fiche." in items[1]
    text = words(page.text)
    assert "Budget" not in text and "financement" not in text.lower()  # restricted: never
    assert "agent.secret" not in page.text and "compte" not in text.lower()  # nobody's account
    assert "Brouillon" not in text and "Révision 2" not in text  # a draft is never public
    links = dom(page.text).links()
    assert links.get(PATH + "/revision/3") == "Voir cette révision 3"
    english = words(client.get(PATH + "/historique?lang=en", headers=HTML).text)
    assert "Maturity: Pilot (experimentation) → Being deployed" in english, english
    assert "Revision 3 published" in english
    client.cookies.clear()  # ?lang=en is remembered: back to French


def test_the_record_page_links_its_history(client: TestClient) -> None:
    page = client.get(PATH, headers=HTML)
    assert page.status_code == 200
    assert dom(page.text).links().get(PATH + "/historique") == "Historique des révisions"


def test_the_revisions_are_prov_entities(client: TestClient) -> None:
    answer = client.get(PATH + "/historique", headers=TURTLE)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=answer.text, format="turtle")
    record, organisation = URIRef(IRI), URIRef(ORGANISATION)
    for number in (1, 3):
        assert (revision(number), RDF.type, PROV.Entity) in graph
        assert (revision(number), PROV.specializationOf, record) in graph
        assert (revision(number), DCTERMS.isVersionOf, record) in graph  # LDES versionOfPath
        assert (revision(number), PROV.wasAttributedTo, organisation) in graph
        assert set(graph.objects(revision(number), PROV.generatedAtTime)) == {
            moment(client, number)
        }
    assert set(graph.objects(revision(3), PROV.wasRevisionOf)) == {revision(1)}
    assert set(graph.objects(revision(1), PROV.wasRevisionOf)) == set()
    assert set(graph.objects(revision(1), PROV.invalidatedAtTime)) == {moment(client, 3)}
    assert set(graph.objects(revision(3), PROV.invalidatedAtTime)) == set()  # still current
    assert (revision(2), None, None) not in graph  # the draft
    attributed = {str(o) for o in graph.objects(None, PROV.wasAttributedTo)}
    assert attributed == {ORGANISATION}  # an organisation, never an account
    assert '<link rel="alternate" type="text/turtle" href="' + PATH + '/historique.ttl"' in (
        client.get(PATH + "/historique", headers=HTML).text
    )


def test_a_past_revision_dereferences_and_a_draft_number_does_not(client: TestClient) -> None:
    page = client.get(PATH + "/revision/1", headers=HTML)
    assert page.status_code == 200
    text = words(page.text)
    assert FIRST_TITLE in text and "En expérimentation" in text
    assert "Révision 1 de cette fiche" in text
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        answer = client.get(PATH + "/revision/1", headers={"accept": accept})
        assert answer.status_code == 200
        graph = Graph().parse(data=answer.text, format=fmt)
        assert (URIRef(IRI), DCTERMS.title, Literal(FIRST_TITLE, lang="fr")) in graph
        assert (URIRef(IRI), ADMS.status, URIRef(STATUT + "experimentation")) in graph
        assert (revision(1), PROV.specializationOf, URIRef(IRI)) in graph
        assert "agent.secret" not in answer.text and "Budget" not in answer.text
    jsonld = client.get(PATH + "/revision/3.jsonld")
    assert jsonld.status_code == 200
    graph = Graph().parse(data=jsonld.text, format="json-ld")
    assert (revision(3), PROV.wasRevisionOf, revision(1)) in graph
    for number in (2, 4, 99):
        assert client.get(f"{PATH}/revision/{number}", headers=HTML).status_code == 404
        assert client.get(f"{PATH}/revision/{number}", headers=TURTLE).status_code == 404
    assert client.get("/id/cas-usage/jamais-publie/historique").status_code == 404


def catalogue_text(client: TestClient) -> str:
    pages = []
    for number in range(1, 40):
        answer = client.get(f"/catalogue.nt?page={number}")
        if answer.status_code != 200 or f"page={number + 1}" not in answer.text:
            pages.append(answer.text)
            break
        pages.append(answer.text)
    return "\n".join(pages)


def everywhere(client: TestClient) -> dict[str, bool]:
    """Where the record is found: search, SPARQL, the Turtle dump, the DCAT catalogue."""
    query = f"ASK {{ GRAPH ?g {{ <{IRI}> ?p ?o }} }}"
    sparql = client.get(
        "/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"}
    )
    return {
        "recherche": PATH in client.get("/recherche", params={"q": SECOND_TITLE}).text,
        "sparql": sparql.json()["boolean"],
        "dump": IRI in client.get("/download/iacoll.nt").text,
        "catalogue": IRI in catalogue_text(client),
    }


def test_a_withdrawn_record_answers_410_with_its_tombstone(client: TestClient) -> None:
    everything = {"recherche": True, "sparql": True, "dump": True, "catalogue": True}
    assert eventually(lambda: everywhere(client) == everything)  # published: found everywhere
    writer: Writer = client.app.state.writer  # type: ignore[attr-defined]
    published = next(r for r in revisions(client) if r.number == 3)
    with writer.db.transaction() as session:
        current = published_revision(session, IRI)
        assert current is not None and current.number == published.number
        current_id = current.id
    writer.transition(current_id, State.RETIRE, author=MODERATOR, comment=REASON)
    gone = history.withdrawal(writer.db, IRI)
    assert gone is not None

    page = client.get(PATH, headers=HTML)
    assert page.status_code == 410
    text = words(page.text)
    assert SECOND_TITLE in text and REASON in text and "Fiche retirée" in text
    links = dom(page.text).links()
    organisation = "/id/organisation/metropole-aix-marseille-provence"
    assert links[organisation] == "Métropole Aix-Marseille-Provence"
    assert links[PATH + "/historique"] == "Historique des révisions"
    turtle = client.get(PATH, headers=TURTLE)
    assert turtle.status_code == 410
    graph = Graph().parse(data=turtle.text, format="turtle")
    record = URIRef(IRI)
    at = Literal(gone.at.isoformat(), datatype=XSD.dateTime)
    assert (record, DCTERMS.title, Literal(SECOND_TITLE, lang="fr")) in graph
    assert (record, DCTERMS.publisher, URIRef(ORGANISATION)) in graph
    assert set(graph.objects(record, PROV.invalidatedAtTime)) == {at}
    invalidation = graph.value(record, PROV.qualifiedInvalidation)
    assert (invalidation, RDF.type, PROV.Invalidation) in graph
    assert (invalidation, RDFS.comment, Literal(REASON, lang="fr")) in graph
    assert client.get(PATH + ".ttl").status_code == 410
    assert client.get("/id/cas-usage/jamais-publie", headers=HTML).status_code == 404

    history_page = words(client.get(PATH + "/historique", headers=HTML).text)
    assert history_page.index("Fiche retirée") < history_page.index("Révision 3 publiée")
    assert f"Motif : {REASON}" in history_page
    prov = Graph().parse(data=client.get(PATH + "/historique.ttl").text, format="turtle")
    assert set(prov.objects(revision(3), PROV.invalidatedAtTime)) == {at}
    assert client.get(PATH + "/revision/3", headers=HTML).status_code == 200  # still citable

    nowhere = {"recherche": False, "sparql": False, "dump": False, "catalogue": False}
    assert eventually(lambda: everywhere(client) == nowhere), everywhere(client)

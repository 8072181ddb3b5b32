"""The crosswalks' addresses dereference: the list and each format's page, the version IRI an
imported record cites (``pav:createdWith``), each register value as a SKOS concept with its
match onto iacoll's concept, and each source register (``id/registre/…``)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from iacoll.federation import crosswalks
from iacoll.namespaces import DCT, SKOS, VOCAB

BASE = "https://w3id.org/iacoll/"


@pytest.fixture(scope="module")
def client(seed_app: FastAPI) -> TestClient:
    return TestClient(seed_app)  # no lifespan: seed_app is shared


def test_the_current_version_iri_leads_to_the_crosswalk_page(client: TestClient) -> None:
    version = crosswalks.load("nl-algoritmeregister").version
    answer = client.get(f"/correspondances/nl-algoritmeregister/{version}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/correspondances/nl-algoritmeregister"
    page = client.get(answer.headers["location"]).text
    assert "impactassessment" in page and "Onbekend (inconnu)" in page


def test_an_earlier_version_says_where_it_is(client: TestClient) -> None:
    answer = client.get(
        "/correspondances/nl-algoritmeregister/0.9.0", headers={"Accept": "application/json"}
    )
    assert answer.status_code == 404
    assert "historique du fichier crosswalks/nl-algoritmeregister.toml" in answer.json()["error"]
    unknown = client.get("/correspondances/inconnu/1.0.0", headers={"Accept": "application/json"})
    assert unknown.status_code == 404 and "Formats :" in unknown.json()["error"]


def test_a_register_value_is_a_concept_matched_onto_iacoll(client: TestClient) -> None:
    path = "correspondances/nl-algoritmeregister/valeurs/status/in-gebruik"
    answer = client.get(f"/{path}.ttl")
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.text, format="turtle")
    value = URIRef(BASE + path)
    assert str(graph.value(value, SKOS.prefLabel)) == "In gebruik"
    assert graph.value(value, SKOS.closeMatch) == VOCAB["statut/deploiement"]
    html = client.get(f"/{path}")
    assert html.status_code == 200 and "In gebruik" in html.text


def test_a_value_of_the_registers_own_is_a_concept_with_its_spellings(
    client: TestClient,
) -> None:
    """The Dutch publication category has no iacoll equivalent: its values are the register's
    own concepts, both spellings given, listed on the crosswalk page."""
    path = "correspondances/nl-algoritmeregister/valeurs/publication-category/"
    answer = client.get(f"/{path}impactvolle-algoritmes-categorie-b.ttl")
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.text, format="turtle")
    value = URIRef(BASE + path + "impactvolle-algoritmes-categorie-b")
    assert str(graph.value(value, SKOS.prefLabel)) == "Impactvolle algoritmes (Categorie B)"
    assert str(graph.value(value, SKOS.altLabel)) == "Impactvolle algoritmes"
    assert graph.value(value, SKOS.inScheme) == URIRef(BASE + path.rstrip("/"))
    assert (
        graph.value(value, SKOS.exactMatch) is None and graph.value(value, SKOS.closeMatch) is None
    )
    page = client.get("/correspondances/nl-algoritmeregister").text
    assert "Valeurs propres au registre" in page
    assert "<code>https://w3id.org/iacoll/" + path + "overige-algoritmes-categorie-c</code>" in page


def test_a_source_register_dereferences(client: TestClient) -> None:
    answer = client.get("/id/registre/uk-atrs.ttl")
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.text, format="turtle")
    register = URIRef(BASE + "id/registre/uk-atrs")
    assert graph.value(register, DCT.spatial) == URIRef(
        "http://publications.europa.eu/resource/authority/country/GBR"
    )

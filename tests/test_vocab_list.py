"""``/vocab`` lists every concept scheme of the project with its label, description and number
of concepts (HTML and RDF, by content negotiation); ``/def`` links every scheme too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from iacoll import conneg, sources
from iacoll.app import create_app
from iacoll.namespaces import DEFAULT_BASE, VOID
from iacoll.settings import Settings
from tests.html import Element, dom

LIST = URIRef(DEFAULT_BASE + "vocab")


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def expected() -> dict[URIRef, int]:
    """Every scheme of ``ontology/vocabularies/`` and its number of concepts."""
    graph = Graph()
    for path in sources.VOCABULARY_DIR.glob("*.ttl"):
        graph.parse(path)
    schemes = {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if str(s).startswith(LIST)}
    return {
        s: len(set(graph.subjects(SKOS.inScheme, s)))  # type: ignore[misc]
        for s in schemes
    }


def test_expected_schemes_are_the_project_vocabularies(expected: dict[URIRef, int]) -> None:
    assert len(expected) == 22
    assert expected[URIRef(DEFAULT_BASE + "vocab/statut")] == 4
    assert expected[URIRef(DEFAULT_BASE + "vocab/niveau-risque")] == 4


@pytest.mark.parametrize("fmt", conneg.of_kind("rdf"), ids=lambda f: f.key)
def test_rdf_lists_every_scheme_with_its_concept_count(
    client: TestClient, expected: dict[URIRef, int], fmt: conneg.Format
) -> None:
    response = client.get("/vocab", headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.headers["content-type"] == fmt.content_type
    assert response.headers["content-location"] == "/vocab" + fmt.suffix
    graph = Graph().parse(data=response.content, format=fmt.rdflib)
    assert set(graph.objects(LIST, DCTERMS.hasPart)) == set(expected)
    for scheme, count in expected.items():
        assert graph.value(scheme, VOID.entities) == Literal(count, datatype=XSD.integer)
        assert any(t.language == "fr" for t in graph.objects(scheme, DCTERMS.title))  # type: ignore[attr-defined]
        assert graph.value(scheme, DCTERMS.description) is not None, scheme


def test_html_lists_every_scheme(client: TestClient, expected: dict[URIRef, int]) -> None:
    response = client.get("/vocab/", headers={"Accept": "text/html"})  # the slash redirects
    assert response.status_code == 200 and str(response.url).endswith("/vocab")
    html = dom(response.text)
    assert html.one("h1").text == "Vocabulaires contrôlés d'iacoll"
    table = html.one("table", class_="schemes")
    assert table.one("caption").text == "22 vocabulaires"
    assert _rows(table) == {"/" + str(s)[len(DEFAULT_BASE) :]: n for s, n in expected.items()}
    assert "Maturité du projet" in table.text and "État d'avancement du projet" in table.text
    examples = {a.text: a.attrs["href"] for a in html.one("p", class_="examples").all("a")}
    assert sorted(examples) == [
        "Alignements des vocabulaires (UE, DPV…)",
        "Vocabulaires et nombre de concepts",
    ]
    assert all(href.startswith("/sparql?query=%23+") for href in examples.values())
    english = dom(client.get("/vocab?lang=en").text)
    assert english.one("h1").text == "iacoll controlled vocabularies"
    assert "Project maturity" in english.one("table", class_="schemes").text


def _rows(table: Element) -> dict[str, int]:
    """Scheme page path → number of concepts, as the table shows them."""
    found = {}
    for row in table.all("tr"):
        links = list(row.all("a"))
        cells = [c for c in row.all("td") if "data-count" in c.attrs]
        if links and cells:
            found[links[0].attrs["href"]] = int(cells[0].text)
    return found


def test_ontology_page_links_every_vocabulary(
    client: TestClient, expected: dict[URIRef, int]
) -> None:
    html = dom(client.get("/def", headers={"Accept": "text/html"}).text)
    section = html.one("section", aria_labelledby="vocabulaires")
    hrefs = {a.attrs["href"] for a in section.all("a")}
    queries = {h for h in hrefs if h.startswith("/sparql?query=")}  # the example queries
    assert len(queries) == 2
    assert {"/" + str(s)[len(DEFAULT_BASE) :] for s in expected} | {"/vocab"} == hrefs - queries
    assert _rows(section.one("table")) == {
        "/" + str(s)[len(DEFAULT_BASE) :]: n for s, n in expected.items()
    }

"""``/sparql?query=…`` followed in a browser opens the editor with the query (no results file
named ``sparql`` to save); every other client still gets the results (SPARQL Protocol)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from iacoll.app import create_app
from iacoll.pages.render import example_queries
from iacoll.settings import Settings

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as test_client:
        yield test_client


def editor_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="sparql-data">(.*?)</script>', html)
    assert found, "no editor data in the page"
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_a_browser_following_a_query_link_gets_the_editor(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": QUERY}, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "attachment" not in response.headers.get("content-disposition", "")
    data = editor_data(response.text)
    assert data["opened"] == {"query": QUERY, "file": None, "complete": False}
    textarea = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', response.text)
    assert textarea and unescape(textarea.group(1)) == QUERY  # the page without JavaScript
    head = client.head("/sparql", params={"query": QUERY}, headers={"Accept": BROWSER})
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/html")


def test_an_example_link_opens_its_tab_and_says_when_it_needs_the_complete_store(
    client: TestClient,
) -> None:
    examples = {q.name: q for q in example_queries()}
    marked = {name for name, q in examples.items() if q.complete}
    assert marked == {
        "25-cas-usage-par-type-algorithme",
        "26-ia-generative-grand-public",
        "27-partage-code-donnees",
        "31-empreinte-environnementale",
    }
    page = client.get("/sparql", headers={"Accept": BROWSER}).text
    for name, example in examples.items():
        response = client.get(
            "/sparql", params={"query": example.text}, headers={"Accept": BROWSER}
        )
        opened = editor_data(response.text)["opened"]
        assert opened == {"query": example.text, "file": name, "complete": name in marked}
        assert f'data-example="{name}"' in page
    assert page.count("complète seulement sur le magasin complet") == len(marked)


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        ({"Accept": "*/*"}, {}),
        ({}, {}),
        ({"Accept": "application/sparql-results+json"}, {}),
        ({"Accept": BROWSER}, {"format": "json"}),
        ({"Accept": "text/csv, text/html;q=0.5"}, {}),
    ],
)
def test_other_clients_still_get_results(
    client: TestClient, headers: dict[str, str], params: dict[str, str]
) -> None:
    response = client.get("/sparql", params={"query": QUERY, **params}, headers=headers)
    assert response.status_code == 200
    assert not response.headers["content-type"].startswith("text/html")
    assert "n" in response.text

"""The inventories of algorithmic processings: per organisation (its published use cases and
the completeness of each notice) and national (organisations by completeness), HTML and RDF.

Expected counts are read by hand from the seed files (``data/cas-usage``, ``data/restreint``)
and :data:`iacoll.pages.notice.NOTICE_ITEMS`: ``amp-callbot-encombrants`` and
``amp-photos-encombrants`` state their purpose and no other complete item (the callbot its
algorithm's description but not its type, the photos the type but not the description): 1 / 7
each. The fixture of :mod:`tests.test_notice`, published here too, fills all 7. Nantes'
``nantes-ia-cantines`` fills purpose, data, parameters and operations: 4 / 7.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from iacoll.app import create_app
from iacoll.namespaces import DCT, DQV
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import publish
from tests.test_notice import COMPLETE, complete_record

AMP = "/id/organisation/metropole-aix-marseille-provence/inventaire"


@pytest.fixture(scope="module")
def client(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("inventory"))
    with TestClient(create_app(settings)) as client:
        publish(client.app.state.writer, complete_record())  # type: ignore[attr-defined]
        yield client


def rows(html: str, table: str) -> list[tuple[str, str]]:
    """(first cell, completeness cell) of each body row of the table of class ``table``."""
    body = dom(html).first("table", class_=table).first("tbody")
    return [
        (tr.first("th").text, tr.first("td", class_="completude").text) for tr in body.all("tr")
    ]


def test_an_organisation_lists_each_use_case_with_its_completeness(client: TestClient) -> None:
    response = client.get(AMP)
    assert response.status_code == 200
    assert rows(response.text, "inventory") == [
        ("Callbot pour le ramassage des encombrants — Aix-Marseille-Provence", "1 / 7 éléments"),
        (
            "Classement automatique de photos d'encombrants — Aix-Marseille-Provence",
            "1 / 7 éléments",
        ),
        ("Essai de notice complète", "7 / 7 éléments"),
    ]
    total = dom(response.text).first("td", class_="total").text
    assert total == "9 / 21 éléments (43 %)"


def test_the_inventory_in_rdf(client: TestClient) -> None:
    response = client.get(AMP, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    base = "https://w3id.org/iacoll/"
    values = {
        str(graph.value(m, DQV.computedOn)).rsplit("/", 1)[-1]: graph.value(m, DQV.value)
        for m in graph.subjects(DQV.isMeasurementOf, URIRef(base + "def#completudeNotice"))
    }
    assert values == {
        "amp-callbot-encombrants": Literal(1, datatype=XSD.integer),
        "amp-photos-encombrants": Literal(1, datatype=XSD.integer),
        COMPLETE: Literal(7, datatype=XSD.integer),
    }
    inventory = URIRef(base + AMP.lstrip("/"))
    organisation = URIRef(base + "id/organisation/metropole-aix-marseille-provence")
    assert graph.value(inventory, DCT.publisher) == organisation
    assert len(list(graph.objects(inventory, DCT.hasPart))) == 3
    jsonld = client.get(AMP + ".jsonld")
    assert jsonld.status_code == 200 and "completudeNotice" in jsonld.text


def test_the_national_view_ranks_organisations_by_completeness(client: TestClient) -> None:
    response = client.get("/inventaires")
    assert response.status_code == 200
    found = rows(response.text, "inventories")
    assert found[:3] == [
        ("Nantes Métropole", "4 / 7 éléments (57 %)"),
        ("Métropole Aix-Marseille-Provence", "9 / 21 éléments (43 %)"),
        ("Ville de Metz", "3 / 7 éléments (43 %)"),
    ]
    shares = [int(cell.rsplit("(", 1)[1].rstrip(" %)")) for _, cell in found]
    assert shares == sorted(shares, reverse=True)


def test_pages_link_the_inventories(client: TestClient) -> None:
    page = dom(client.get("/id/organisation/metropole-aix-marseille-provence").text)
    link = page.first("p", class_="inventory-link").first("a")
    assert link.attrs["href"] == AMP
    unknown = client.get("/id/organisation/inconnue/inventaire")
    assert unknown.status_code == 404
    home = dom(client.get("/").text)
    assert "/inventaires" in [a.attrs.get("href") for a in home.all("a")]

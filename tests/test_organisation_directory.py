"""The organisation directory: every organisation, its type, territory and records, filtered
by GET parameters; expected values are counted in the source files with rdflib."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from iacoll import sources
from iacoll.app import create_app
from iacoll.namespaces import DEFAULT_BASE, IACOLL
from iacoll.settings import Settings
from tests.html import Element, dom

ORGANISATION = DEFAULT_BASE + "id/organisation/"


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def data() -> Graph:
    folders = [sources.DATA_DIR / f for f in ("cas-usage", "initiative", "organisation")]
    return sources.read_all([*folders, sources.DATA_DIR / "documents.ttl"])


def rows(client: TestClient, query: str = "") -> dict[str, list[str]]:
    """The directory's table: organisation path → its cells (type, département, région…)."""
    client.cookies.clear()
    response = client.get("/id/organisation/" + query)
    assert response.status_code == 200
    table = next(dom(response.text).all("table", class_="directory"), None)
    if table is None:
        return {}
    return {
        tr.first("th").first("a").attrs["href"]: [td.text for td in tr.all("td")]
        for tr in table.first("tbody").all("tr")
    }


def path(iri: object) -> str:
    return "/" + str(iri)[len(DEFAULT_BASE) :]


def test_every_organisation_is_listed_with_its_records(client: TestClient, data: Graph) -> None:
    organisations = {
        path(o)
        for o in data.subjects(RDF.type, FOAF.Organization)
        if str(o).startswith(ORGANISATION)
    }
    found = rows(client)
    assert set(found) == organisations and len(found) == 88
    led: dict[str, int] = {}
    for record in data.subjects(RDF.type, IACOLL.Fiche):
        for publisher in data.objects(record, DCTERMS.publisher):
            led[path(publisher)] = led.get(path(publisher), 0) + 1
    assert {p: int(cells[3]) for p, cells in found.items() if int(cells[3])} == led
    assert found["/id/organisation/bordeaux-metropole"][:4] == [
        "Métropole",
        "Gironde (33)",
        "Nouvelle-Aquitaine",
        "1",
    ]
    assert found["/id/organisation/leakmited"][0] == "Entreprise"
    assert int(found["/id/organisation/leakmited"][4]) >= 1  # a provider, not a lead


def test_filters_work_without_javascript(client: TestClient, data: Graph) -> None:
    metropoles = {
        path(o)
        for o in data.subjects(URIRef("http://www.w3.org/ns/org#classification"), None)
        if str(data.value(o, URIRef("http://www.w3.org/ns/org#classification"))).endswith(
            "/metropole"
        )
    }
    assert set(rows(client, "?type=metropole")) == metropoles and len(metropoles) == 10
    bordeaux = {"/id/organisation/bordeaux-metropole", "/id/organisation/eau-de-bordeaux"}
    assert set(rows(client, "?q=bordeaux")) == bordeaux
    assert set(rows(client, "?q=METROPOLE%20de%20lyon")) == {"/id/organisation/metropole-de-lyon"}
    with_records = rows(client, "?fiches=avec")
    without = rows(client, "?fiches=sans")
    assert all(int(cells[3]) > 0 for cells in with_records.values())
    assert all(int(cells[3]) == 0 for cells in without.values())
    assert len(with_records) + len(without) == 88
    occitanie = rows(client, "?region=76")
    assert "/id/organisation/sicoval" in occitanie
    assert all(cells[2] == "Occitanie" for cells in occitanie.values())
    assert rows(client, "?type=metropole&q=zzz") == {}
    html = dom(client.get("/id/organisation/?type=metropole&q=zzz").text)
    assert html.one("p", class_="found").text == "0 organisations sur 88."


def test_form_labels_and_structure(client: TestClient) -> None:
    html = dom(client.get("/id/organisation/?type=metropole").text)
    form = html.one("form", class_="directory-filters")
    assert form.attrs["method"] == "get"
    labelled = {label.attrs["for"] for label in form.all("label")}
    assert labelled == {e.attrs["id"] for e in form.all() if e.tag in ("input", "select")}
    selected = form.one("select", id="dir-type").one("option", selected="")
    assert selected.attrs["value"] == "metropole"
    assert all(th.attrs.get("scope") for th in html.all("th"))


def test_directory_is_reachable(client: TestClient) -> None:
    client.cookies.clear()
    home = dom(client.get("/").text)
    figure = home.first("strong", data_figure="organisations")
    link = next(a for a in home.all("a") if figure in list(a.all("strong")))
    assert link.attrs["href"] == "/id/organisation/"
    assert figure.text == "88"
    nav: Element = home.first("nav")
    assert nav.links()["/id/organisation/"] == "Organisations"
    redirect = client.get("/id/organisation?type=commune", follow_redirects=False)
    assert redirect.status_code == 308
    assert redirect.headers["location"] == "/id/organisation/?type=commune"
    english = dom(client.get("/id/organisation/?lang=en").text)
    assert english.first("h1").text == "Organisations"
    assert english.one("p", class_="found").text == "88 organisations."


def test_organisation_page_links_back_from_the_count(client: TestClient) -> None:
    found = rows(client, "?q=sicoval")
    assert found["/id/organisation/sicoval"][3] == "3"
    client.cookies.clear()
    html = dom(client.get("/id/organisation/sicoval").text)
    assert html.first("h2", id="fiches").text == "Fiches"

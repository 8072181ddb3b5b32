"""The search of issue 8, in-process: what a person expects to find, sort orders, exports.

The expected lists of the four queries of the issue were made by reading the records (grep of
``data/`` for the words, then each record read): they are written out here, and cross-checked
against the source files where a rule gives them (an organisation's name, a start date).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS

from iacoll import sources
from iacoll.app import create_app
from iacoll.namespaces import AI, IACOLL, SCHEMA, TECH
from iacoll.pages.search import Query, Record, SearchIndex
from iacoll.pages.search_text import collation, stem
from iacoll.settings import Settings
from tests.html import dom
from tests.test_browse import _place


def slug(record: object) -> str:
    """``kind/slug`` of a record IRI."""
    return str(record).split("/id/", 1)[1]


# « Toulouse Métropole »: the one record Toulouse Métropole publishes.
TOULOUSE_METROPOLE = ["cas-usage/toulouse-iadata-rag"]
# « Marseille »: the records of the Ville de Marseille and of the Métropole Aix-Marseille-Provence.
MARSEILLE = {
    "cas-usage/amp-callbot-encombrants",
    "cas-usage/amp-photos-encombrants",
    "cas-usage/marseille-ia-du-quotidien",
    "initiative/amp-charte-ethique-ia",
    "initiative/amp-priam",
}
# « Leakmited »: the vendor of the Sicoval's leak detection, partner of Mission 90+.
LEAKMITED = {"cas-usage/sicoval-fuites-eau", "cas-usage/brivadois-mission-90"}
# « eau »: first the records about water (in their title, or a water syndicate's project about
# its network), then those where water is a partner's name (Eau de Bordeaux, Laboratoire Eau et
# Environnement) or a passing mention (water stress, watercourses).
EAU_FIRST = {
    "cas-usage/centre-val-de-loire-previzo",  # title « prédiction des tensions en eau »
    "cas-usage/sicoval-fuites-eau",  # « détecte les fuites d'eau »
    "cas-usage/saint-savin-fuites",  # « ressource en eau »
    "cas-usage/brivadois-mission-90",  # Syndicat des eaux du Brivadois, « réseau d'eau »
}
EAU_THEN = {
    "cas-usage/bordeaux-calque-plantabilite",
    "cas-usage/metz-vipare",
    "cas-usage/ign-cerema-inria-jumeau-numerique",
    "cas-usage/val-doise-numerique-depots-sauvages",
}


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def data() -> Graph:
    folders = [sources.DATA_DIR / name for name in ("cas-usage", "initiative", "organisation")]
    return sources.read_all(folders)


def found(client: TestClient, query: str, **params: str) -> list[str]:
    """The records a search finds, in order (from its JSON export), as ``kind/slug``."""
    response = client.get("/recherche.json", params={"q": query, **params})
    assert response.status_code == 200, response.text
    return [r["adresse"].split("/id/", 1)[1] for r in response.json()["fiches"]]


def _records_of(data: Graph, organisation_name: str) -> set[str]:
    """Records published, partnered or supplied by an organisation of that exact name."""
    organisations = set(data.subjects(SKOS.prefLabel, None))
    named = {o for o in organisations if organisation_name in map(str, data.objects(o, FOAF.name))}
    named |= {
        o for o in organisations if organisation_name in map(str, data.objects(o, SKOS.prefLabel))
    }
    found = set()
    for record in data.subjects(RDF.type, IACOLL.Fiche):
        involved = {
            *data.objects(record, DCTERMS.publisher),
            *data.objects(record, DCTERMS.contributor),
        }
        involved |= {
            a
            for q in data.objects(record, PROV.qualifiedAttribution)
            for a in data.objects(q, PROV.agent)
        }
        for system in data.objects(record, AI.hasAISystem):
            involved |= {
                *data.objects(system, TECH.hasProvider),
                *data.objects(system, TECH.hasDeveloper),
            }
        if involved & named:
            found.add(str(record).split("/id/", 1)[1])
    return found


# --- the four queries of the issue ---------------------------------------------------------


def test_toulouse_metropole(client: TestClient, data: Graph) -> None:
    assert _records_of(data, "Toulouse Métropole") == set(TOULOUSE_METROPOLE)
    assert found(client, "Toulouse Métropole") == TOULOUSE_METROPOLE
    assert found(client, "toulouse metropole") == TOULOUSE_METROPOLE
    assert found(client, "Toulouse Métro") == TOULOUSE_METROPOLE  # the last word as typed


def test_marseille(client: TestClient, data: Graph) -> None:
    by_name = _records_of(data, "Ville de Marseille") | _records_of(
        data, "Métropole Aix-Marseille-Provence"
    )
    assert by_name == MARSEILLE
    assert set(found(client, "Marseille")) == MARSEILLE
    assert set(found(client, "marseil")) == MARSEILLE


def test_leakmited(client: TestClient, data: Graph) -> None:
    assert _records_of(data, "Leakmited") == LEAKMITED
    assert set(found(client, "Leakmited")) == LEAKMITED
    assert set(found(client, "leakmited")) == LEAKMITED


def test_eau_finds_the_records_about_water_first(client: TestClient) -> None:
    results = found(client, "eau")
    assert set(results) == EAU_FIRST | EAU_THEN
    assert set(results[: len(EAU_FIRST)]) == EAU_FIRST
    assert found(client, "eaux") == results  # plural: same stem
    assert found(client, "EAU") == results
    # A stop word is not searched for; both words are required.
    assert set(found(client, "fuites d'eau")) == EAU_FIRST - {
        "cas-usage/centre-val-de-loire-previzo"
    }


# --- words: accents, case, stems, beginnings ------------------------------------------------


def test_accents_and_case_do_not_matter(client: TestClient) -> None:
    expected = found(client, "energie")
    assert set(expected) == {
        "cas-usage/noisy-le-grand-recital",
        "cas-usage/pold-predict-air",
        "cas-usage/rennes-ia-assainissement",
        "cas-usage/vendee-territoire-connecte",
    }
    for variant in ("ÉNERGIE", "Énergie", "énergies", "ENERGIES"):
        assert found(client, variant) == expected, variant


def test_stems_find_other_forms_of_a_word(client: TestClient) -> None:
    assert stem("fuites") == stem("fuite") and stem("detecter") == stem("detection")
    leaks = {"cas-usage/sicoval-fuites-eau", "cas-usage/saint-savin-fuites"}
    leaks.add("cas-usage/brivadois-mission-90")
    assert set(found(client, "fuite")) == leaks  # the records say « fuites »
    detect = set(found(client, "détecter"))  # « détecte », « détection », « détecter »
    assert {"cas-usage/sicoval-fuites-eau", "cas-usage/cnaf-detection-fraudes"} <= detect


def test_places_are_searched(client: TestClient, data: Graph) -> None:
    """A record is found by the names of its publisher's département and région, read as the
    région facet reads them (``tests.test_browse._place``)."""
    records = set(data.subjects(RDF.type, IACOLL.Fiche))
    placed = {slug(r): _place(data, r) for r in records}
    in_13 = {r for r, p in placed.items() if p is not None and "13" in p.departements}
    in_paca = {r for r, p in placed.items() if p is not None and "93" in p.regions}
    # The Métropole Aix-Marseille-Provence lies in the Bouches-du-Rhône (by the official
    # reference): « Bouches-du-Rhône » is in none of its records' texts.
    assert MARSEILLE - {"cas-usage/marseille-ia-du-quotidien"} <= in_13 <= in_paca
    assert set(found(client, "Bouches-du-Rhône")) == in_13
    assert set(found(client, "Provence-Alpes-Côte d'Azur")) == in_paca


def _index() -> SearchIndex:
    return SearchIndex(
        [
            Record("x:a", "/a", "Routes", "Le réseau routier", publisher="Ville de Lille"),
            Record("x:b", "/b", "Eau potable", "Un outil", publisher="Régie"),
            Record("x:c", "/c", "Voirie", "L'eau des routes", publisher="Syndicat des eaux"),
            Record("x:d", "/d", "Bâtiments", "Énergie", partners=("Eau de Lille",)),
        ],
        [],
    )


def test_fields_are_weighted_title_then_organisations_then_description() -> None:
    order = [r.path for r in _index().search(Query("eau")).hits]
    assert order == ["/b", "/c", "/d"]  # title; publisher + description; partner
    assert [r.path for r in _index().search(Query("lille")).hits] == ["/a", "/d"]


def test_only_the_last_word_is_a_beginning() -> None:
    index = _index()
    assert [r.path for r in index.search(Query("rout")).hits] == ["/a", "/c"]
    assert index.search(Query("lil eau")).total == 0  # « lil » is a whole word here
    assert [r.path for r in index.search(Query("eau lil")).hits] == ["/d"]
    assert index.search(Query("ea")).total == 0  # too short to be a beginning


# --- sort orders ----------------------------------------------------------------------------


def test_sort_by_start_date_latest_first_undated_last(client: TestClient, data: Graph) -> None:
    dates = {
        str(r).split("/id/", 1)[1]: str(d)
        for r, d in data.subject_objects(SCHEMA.startDate)
        if (r, RDF.type, IACOLL.Fiche) in data
    }
    results = found(client, "", tri="demarrage")
    assert len(results) == len(set(data.subjects(RDF.type, IACOLL.Fiche)))
    dated = results[: len(dates)]
    assert set(dated) == set(dates)
    assert [dates[r] for r in dated] == sorted(dates.values(), reverse=True)
    assert not set(results[len(dates) :]) & set(dates)


def test_sort_by_last_update_and_title(client: TestClient, data: Graph) -> None:
    modified = {
        str(r).split("/id/", 1)[1]: str(d)
        for r, d in data.subject_objects(DCTERMS.modified)
        if (r, RDF.type, IACOLL.Fiche) in data
    }
    titles = {
        str(r).split("/id/", 1)[1]: str(t)
        for r, t in data.subject_objects(DCTERMS.title)
        if (r, RDF.type, IACOLL.Fiche) in data
    }
    by_title = found(client, "", tri="titre")
    assert [titles[r] for r in by_title] == sorted(titles.values(), key=collation)
    assert found(client, "") == by_title  # no words: title order by default
    # Latest first, ties in title order; records without dct:modified after, in title order.
    dated = sorted((r for r in by_title if r in modified), key=modified.__getitem__, reverse=True)
    undated = [r for r in by_title if r not in modified]
    assert found(client, "", tri="mise-a-jour") == dated + undated
    # With words, relevance first, unless another order is chosen.
    assert found(client, "eau", tri="titre") == [r for r in by_title if r in EAU_FIRST | EAU_THEN]


def test_sort_is_kept_in_the_page_links(client: TestClient) -> None:
    html = dom(client.get("/recherche?tri=demarrage&statut=deploiement&page=1").text)
    select = html.one("select", id="tri")
    chosen = [o for o in select.all("option") if "selected" in o.attrs]
    assert [o.attrs["value"] for o in chosen] == ["demarrage"]
    removal = [a.attrs["href"] for a in html.one("div", class_="criteria").all("a")]
    assert "/recherche?tri=demarrage" in removal
    first_pages = dom(client.get("/recherche?tri=demarrage").text)
    links = [a.attrs["href"] for a in first_pages.one("nav", class_="pagination").all("a")]
    assert all(parse_qs(urlsplit(link).query)["tri"] == ["demarrage"] for link in links)
    # The default order is the empty option, so that words typed later sort by relevance.
    plain = dom(client.get("/recherche").text).one("select", id="tri")
    options = [(o.attrs["value"], o.text) for o in plain.all("option")]
    assert options[0] == ("", "Titre (A → Z)")
    assert "Pertinence" not in dict(options).values()  # no words, nothing to be relevant to


# --- exports --------------------------------------------------------------------------------

COLUMNS = [
    "titre", "adresse", "editeur", "statut", "date_demarrage", "themes", "region",
    "departement", "derniere_mise_a_jour",
]  # fmt: skip


def test_csv_export_lists_every_matching_record(client: TestClient) -> None:
    response = client.get("/recherche.csv?q=Marseille&tri=titre")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == COLUMNS
    assert [r["adresse"].split("/id/", 1)[1] for r in rows] == found(
        client, "Marseille", tri="titre"
    )
    callbot = next(r for r in rows if r["adresse"].endswith("/amp-callbot-encombrants"))
    assert callbot["editeur"] == "Métropole Aix-Marseille-Provence"
    assert callbot["statut"] == "En déploiement"
    assert callbot["date_demarrage"] == "2024-04"
    assert callbot["region"] == "Provence-Alpes-Côte d'Azur"
    # The Métropole's territory spans three départements (official reference).
    assert callbot["departement"] == "Bouches-du-Rhône / Var / Vaucluse"
    # Every record, not only the first page of 20.
    everything = client.get("/recherche", headers={"Accept": "text/csv"})
    assert "Accept" in everything.headers["vary"]
    assert len(list(csv.DictReader(io.StringIO(everything.text)))) == 71


def test_json_export_and_links(client: TestClient) -> None:
    document = client.get("/recherche?format=json&q=eau&statut=deploiement").json()
    assert document["recherche"] == "/recherche?q=eau&statut=deploiement"
    assert document["total"] == len(document["fiches"])
    html = dom(client.get("/recherche?q=eau&tri=titre&page=1").text)
    links = {a.attrs["type"]: a.attrs["href"] for a in html.one("p", class_="exports").all("a")}
    assert links == {
        "text/csv": "/recherche.csv?q=eau&tri=titre",
        "application/json": "/recherche.json?q=eau&tri=titre",
    }
    unknown = client.get("/recherche.xml", headers={"Accept": "application/json"})
    assert unknown.status_code == 400 and "csv" in unknown.json()["error"]


def test_record_iri_is_the_export_address(client: TestClient, data: Graph) -> None:
    rows = client.get("/recherche.json").json()["fiches"]
    assert {r["adresse"] for r in rows} == {str(r) for r in data.subjects(RDF.type, IACOLL.Fiche)}
    assert all(isinstance(r["themes"], list) for r in rows)
    assert URIRef(rows[0]["adresse"]) in set(data.subjects(RDF.type, IACOLL.Fiche))

"""A cross-European register: the French seed plus real records of the Dutch register (the
60-record excerpt; `make europe` loads the full 1,530), the UK ATRS index (136) and the Helsinki
register (5), each imported through the write path. Search, facets (source register,
country), statistics, SPARQL and the DCAT-AP catalogue work across them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH, Namespace

from iacoll import derived, generation, sources, store
from iacoll.app import create_app
from iacoll.federation import importing
from iacoll.federation.harvest import Source
from iacoll.namespaces import DCAT_RESOURCE
from iacoll.publishing.published import published_catalogue
from iacoll.settings import Settings
from tests.conftest import copy_store

SAMPLES = sources.ROOT.parent / "shared" / "ext-samples"
IMPORTS = (
    ("nl-algoritmeregister", "nl-algoritmeregister_scrape_gemeenten_excerpt.json", 60),
    ("uk-atrs", "uk-atrs_records_index.json", 136),
    ("jrc-aiwatch", "eu-jrc-aiwatch_helsinki-ai-register.csv", 5),
)
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPLIT = ("shapes", "range", "shapes_recommended", "mdr-vocabularies.shape", "deprecateduris")


@pytest.fixture(scope="module")
def europe(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, dict[str, importing.ImportReport]]]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("europe"))
    writer, _ = store.writer_for(settings)
    reports = {}
    for fmt, name, _ in IMPORTS:
        path = SAMPLES / name
        source = Source(path.read_bytes(), str(path))
        reports[fmt] = importing.run(writer, fmt, source, catalogue=published_catalogue(writer.db))
    # What `iacoll import` does at its end: the catalogue graph and the dumps follow the records.
    stores = store.open_stores(settings)
    derived.refresh_derived(settings, stores.public, stores.full)
    generation.advance(settings.store_path, generation.current(settings.store_path).number)
    yield settings, reports
    writer.db.close()


@pytest.fixture(scope="module")
def client(europe: tuple[Settings, dict[str, importing.ImportReport]]) -> Iterator[TestClient]:
    with TestClient(create_app(europe[0])) as client:
        yield client


def total(client: TestClient, query: str) -> int:
    answer = client.get(f"/recherche.json?{query}")
    assert answer.status_code == 200
    return int(answer.json()["total"])


def test_every_record_of_the_three_registers_is_imported(
    europe: tuple[Settings, dict[str, importing.ImportReport]],
) -> None:
    _, reports = europe
    for fmt, _, count in IMPORTS:
        assert reports[fmt].counts["lus"] == count
        assert reports[fmt].counts["importes"] == count, [
            (r.where, r.reason) for r in reports[fmt].rows if r.outcome == "rejete"
        ]


def test_facets_register_and_country_work_across_registers(client: TestClient) -> None:
    assert total(client, "registre=nl-algoritmeregister") == 60
    assert total(client, "registre=uk-atrs") == 136
    assert total(client, "registre=jrc-aiwatch") == 5
    french = total(client, "registre=iacoll")
    everything = total(client, "")
    assert everything == french + 60 + 136 + 5
    assert total(client, "pays=NLD") == 60
    assert total(client, "pays=GBR") == 136
    assert total(client, "pays=FIN") == 5
    assert total(client, "registre=uk-atrs&pays=NLD") == 0  # facets are AND-ed
    page = client.get("/recherche?registre=uk-atrs").text
    assert "ATRS (Royaume-Uni)" in page and "Pays-Bas" in page


def test_search_finds_a_record_by_its_words_in_its_own_language(client: TestClient) -> None:
    answer = client.get("/recherche.json?q=Ask+HMRC+online").json()
    titles = [record["titre"] for record in answer["fiches"]]
    assert "HMRC: Ask HMRC online" in titles


def test_statistics_chart_records_by_register_and_country(client: TestClient) -> None:
    page = client.get("/statistiques").text
    assert "Fiches par registre source" in page
    assert "Fiches par pays" in page
    assert "Royaume-Uni" in page and "Finlande" in page


def test_sparql_compares_registers(client: TestClient) -> None:
    query = """PREFIX iacoll: <https://w3id.org/iacoll/def#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX pav: <http://purl.org/pav/>
SELECT ?registre (COUNT(DISTINCT ?fiche) AS ?fiches) WHERE {
  ?fiche a iacoll:CasUsageIA ; pav:importedFrom ?source .
  OPTIONAL { ?source dct:isPartOf ?r } BIND(COALESCE(?r, ?source) AS ?registre)
} GROUP BY ?registre ORDER BY ?registre"""
    answer = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200
    rows = {
        b["registre"]["value"].rsplit("/", 1)[-1]: int(b["fiches"]["value"])
        for b in answer.json()["results"]["bindings"]
    }
    assert rows == {"jrc-aiwatch": 5, "nl-algoritmeregister": 60, "uk-atrs": 136}


def test_example_query_gives_the_share_with_an_impact_assessment(client: TestClient) -> None:
    """sparql/30: the Dutch records state Ja / Nee / Onbekend (counted here from the file
    itself); the other registers do not state it."""
    items = json.loads((SAMPLES / IMPORTS[0][1]).read_bytes())["algoritmes"]
    yes = sum(1 for i in items if i.get("impactassessment") == "Ja")
    no = sum(1 for i in items if i.get("impactassessment") == "Nee")
    assert (yes, no, len(items)) == (17, 1, 60)
    query = (sources.ROOT / "sparql" / "30-analyses-impact-par-registre.rq").read_text()
    answer = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200
    rows = {
        b["registre"]["value"].rsplit("/", 1)[-1]: {k: v["value"] for k, v in b.items()}
        for b in answer.json()["results"]["bindings"]
    }
    dutch = rows["nl-algoritmeregister"]
    assert (dutch["nbCasUsage"], dutch["nbRenseigne"], dutch["nbAvecAnalyse"]) == ("60", "18", "17")
    assert dutch["partPourcent"] == "94.4"
    assert rows["uk-atrs"]["nbRenseigne"] == "0" and "partPourcent" not in rows["uk-atrs"]
    assert next(iter(rows)) == "nl-algoritmeregister"  # the highest share first


@pytest.fixture(scope="module")
def harvested(client: TestClient) -> tuple[Graph, int]:
    """Every page of the Hydra-paged DCAT-AP catalogue, as a harvester reads it."""
    graph, url, pages = Graph(), "/catalogue.ttl", 0
    while url:
        page = Graph().parse(data=client.get(url).text, format="turtle")
        graph += page
        pages += 1
        following = [str(o) for o in page.objects(None, HYDRA.next)]
        url = "/" + following[0].split("/iacoll/", 1)[1] if following else ""
    return graph, pages


def test_the_catalogue_lists_every_record_of_every_register(
    harvested: tuple[Graph, int], client: TestClient
) -> None:
    graph, pages = harvested
    records = set(graph.objects(None, DCAT_RESOURCE))
    everything = total(client, "")
    assert len(records) == everything  # every record the search finds, of every register
    for prefix, count in (("nl-", 60), ("uk-", 136), ("jrc-", 5)):
        assert len([r for r in records if f"/cas-usage/{prefix}" in str(r)]) == count
    assert pages == -(-(len(records) + 1) // 20)  # the register, then the records, 20 a page


@pytest.mark.parametrize("name", SPLIT)
def test_the_cross_european_catalogue_passes_dcat_ap(
    harvested: tuple[Graph, int], name: str
) -> None:
    graph = Graph()
    graph += harvested[0]
    graph.parse(sources.ROOT.parent / "shared" / "ext" / "eu-vocabularies" / "eu-nal-subset.ttl")
    for vocabulary in sources.VOCABULARY_DIR.glob("*.ttl"):
        graph.parse(vocabulary)
    shared = sources.ROOT.parent / "shared"
    shapes = Graph().parse(shared / "ext" / "dcat-ap" / "3.0.1" / "shacl-split" / f"{name}.ttl")
    _, report, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    violations = [
        r
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert violations == [], text


def test_each_import_report_is_json_with_its_crosswalk(
    europe: tuple[Settings, dict[str, importing.ImportReport]],
) -> None:
    for fmt, report in europe[1].items():
        data = json.loads(report.to_json())
        assert data["format"] == fmt
        assert data["crosswalk"].startswith(f"https://w3id.org/iacoll/correspondances/{fmt}/")
        assert len(data["rows"]) == data["counts"]["lus"]

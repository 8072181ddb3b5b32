"""The public SPARQL endpoint over a real uvicorn server, with real clients.

SPARQLWrapper for every query form and result format, rdflib's SPARQLStore, the restricted
graph out of reach by every route, SERVICE / LOAD refused, and the Oxigraph engine.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from urllib.error import HTTPError
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from iacoll import sources
from iacoll.settings import Settings
from iacoll.store import GRAPHS
from tests.server import live_server

pytestmark = pytest.mark.server

CATALOGUE = "https://w3id.org/iacoll/id/catalogue"
RESTRICTED_GRAPH = "https://w3id.org/iacoll/graph/restreint"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(seed_server: str) -> str:
    return seed_server + "sparql"


def wrapper(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def public_triple_count(endpoint: str) -> int:
    body = wrapper(endpoint, COUNT, JSON).queryAndConvert()
    assert isinstance(body, dict)
    return int(body["results"]["bindings"][0]["n"]["value"])


# --- SELECT and ASK in every result format -------------------------------------------------


def test_select_json(endpoint: str) -> None:
    assert public_triple_count(endpoint) > 1000


def test_select_xml(endpoint: str) -> None:
    document = wrapper(endpoint, COUNT, XML).queryAndConvert()
    [binding] = document.getElementsByTagName("binding")  # type: ignore[union-attr]
    assert binding.getAttribute("name") == "n"
    [literal] = binding.getElementsByTagName("literal")
    assert int(literal.firstChild.data) == public_triple_count(endpoint)


def test_select_csv(endpoint: str) -> None:
    body = wrapper(endpoint, COUNT, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode())))  # type: ignore[union-attr]
    assert rows[0] == ["n"] and int(rows[1][0]) == public_triple_count(endpoint)


def test_select_tsv(endpoint: str) -> None:
    body = wrapper(endpoint, COUNT, TSV).queryAndConvert()
    lines = body.decode().splitlines()  # type: ignore[union-attr]
    assert lines[0] == "?n" and int(lines[1]) == public_triple_count(endpoint)


def test_select_typed_terms_in_json(endpoint: str) -> None:
    query = (
        f"SELECT ?type ?title WHERE {{ <{CATALOGUE}> a ?type ; "
        "<http://purl.org/dc/terms/title> ?title FILTER(lang(?title) = 'fr') }"
    )
    body = wrapper(endpoint, query, JSON).queryAndConvert()
    [row] = body["results"]["bindings"]  # type: ignore[index]
    assert row["type"] == {"type": "uri", "value": "http://www.w3.org/ns/dcat#Catalog"}
    assert row["title"]["xml:lang"] == "fr" and row["title"]["value"].startswith("iacoll")


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask_in_every_format(endpoint: str, fmt: str) -> None:
    result = wrapper(endpoint, f"ASK {{ <{CATALOGUE}> a ?t }}", fmt).query()
    body = result.response.read().decode()
    if fmt == JSON:
        assert json.loads(body)["boolean"] is True
    elif fmt == XML:
        assert (
            ElementTree.fromstring(body)
            .find("{http://www.w3.org/2005/sparql-results#}boolean")
            .text
            == "true"
        )  # type: ignore[union-attr]
    else:
        assert body.splitlines()[1] == "true"


# --- CONSTRUCT and DESCRIBE in every RDF format ---------------------------------------------

GRAPH_FORMATS = [(TURTLE, "turtle"), (N3, "turtle"), (RDFXML, "xml"), (JSONLD, "json-ld")]


def expected_catalogue_triples(endpoint: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CATALOGUE}> ?p ?o }}"
    body = wrapper(endpoint, query, JSON).queryAndConvert()
    return int(body["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


@pytest.mark.parametrize(("fmt", "parser"), GRAPH_FORMATS)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_forms_in_every_format(endpoint: str, form: str, fmt: str, parser: str) -> None:
    query = (
        f"CONSTRUCT {{ <{CATALOGUE}> ?p ?o }} WHERE {{ <{CATALOGUE}> ?p ?o }}"
        if form == "CONSTRUCT"
        else f"DESCRIBE <{CATALOGUE}>"
    )
    raw = wrapper(endpoint, query, fmt).query().response.read()
    graph = Graph().parse(data=raw, format=parser)
    assert (URIRef(CATALOGUE), None, None) in graph
    assert len(graph) >= expected_catalogue_triples(endpoint)


def test_construct_in_n_triples(endpoint: str) -> None:
    query = f"CONSTRUCT {{ <{CATALOGUE}> ?p ?o }} WHERE {{ <{CATALOGUE}> ?p ?o }}"
    response = httpx.get(
        endpoint, params={"query": query}, headers={"Accept": "application/n-triples"}
    )
    assert response.headers["content-type"].startswith("application/n-triples")
    graph = Graph().parse(data=response.text, format="nt")
    assert len(graph) == expected_catalogue_triples(endpoint)


def test_rdflib_sparqlstore(endpoint: str) -> None:
    remote = SPARQLStore(endpoint)
    rows = list(remote.query(f"SELECT ?p ?o WHERE {{ <{CATALOGUE}> ?p ?o }}"))
    assert len(rows) == expected_catalogue_triples(endpoint)
    assert any(
        o == Literal("2026-11-22", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
        for _, o in rows
    )  # type: ignore[misc]


# --- the restricted graph is out of reach ---------------------------------------------------


def restricted_only_values() -> set[str]:
    """Values that appear in the restricted files and nowhere in the public ones."""
    restricted = sources.read_all([sources.DATA_DIR / "restreint"])
    settings = Settings.from_env({})
    public = sources.read_all(
        [sources.DATA_DIR / kind for kind in ("cas-usage", "initiative", "organisation")]
    )
    for graph in GRAPHS:
        if graph.public:
            public += graph.read(settings)
    public_values = {str(o) for o in public.objects()}
    return {
        str(o)
        for o in restricted.objects()
        if isinstance(o, Literal) and str(o) not in public_values and len(str(o)) > 12
    }


def _values(endpoint: str, query: str) -> set[str]:
    response = httpx.get(endpoint, params={"query": query}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["o"] and len(rows) > 1000
    return {row[0] for row in rows[1:]}


def test_no_restricted_value_through_the_union(endpoint: str) -> None:
    secrets = restricted_only_values()
    assert len(secrets) >= 10  # the seed data does have restricted values to protect
    union = _values(endpoint, "SELECT DISTINCT ?o WHERE { ?s ?p ?o }")
    named = _values(endpoint, "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert secrets & union == set()
    assert secrets & named == set()


@pytest.mark.parametrize(
    ("params", "query"),
    [
        ({}, f"SELECT * FROM <{RESTRICTED_GRAPH}> WHERE {{ ?s ?p ?o }}"),
        ({}, f"SELECT * FROM NAMED <{RESTRICTED_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        ({"default-graph-uri": RESTRICTED_GRAPH}, "SELECT * WHERE { ?s ?p ?o }"),
        ({"named-graph-uri": RESTRICTED_GRAPH}, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ({}, "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }"),
    ],
)
def test_dataset_clauses_cannot_reach_restricted_or_remote_graphs(
    endpoint: str, params: dict[str, str], query: str
) -> None:
    response = httpx.get(endpoint, params={"query": query, **params})
    assert response.status_code == 403
    body = response.json()
    assert body["status"] == 403 and "Graphe inconnu ou non public" in body["error"]


def test_graph_query_sees_only_public_graphs(endpoint: str) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    body = wrapper(endpoint, query, JSON).queryAndConvert()
    seen = {b["g"]["value"] for b in body["results"]["bindings"]}  # type: ignore[index]
    assert RESTRICTED_GRAPH not in seen
    assert not any("/graph/restreint" in g for g in seen)
    assert "https://w3id.org/iacoll/graph/cas-usage/nantes-ia-cantines" in seen
    shared = {
        f"https://w3id.org/iacoll/graph/{k}" for k in ("vocabulaires", "contexte", "catalogue")
    }
    assert shared <= seen


# --- refused operations ---------------------------------------------------------------------


def test_service_is_refused(endpoint: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(HTTPError) as error:
        wrapper(endpoint, query, JSON).query()
    assert error.value.code == 403
    assert "SERVICE" in json.loads(error.value.read())["error"]


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        f"DROP GRAPH <{RESTRICTED_GRAPH}>",
    ],
)
def test_updates_are_refused(endpoint: str, update: str) -> None:
    as_form = httpx.post(endpoint, data={"update": update})
    as_body = httpx.post(
        endpoint, content=update, headers={"Content-Type": "application/sparql-update"}
    )
    as_query = httpx.get(endpoint, params={"query": update})
    for response in (as_form, as_body, as_query):
        assert response.status_code == 403
        assert "lecture seule" in response.json()["error"]
    assert public_triple_count(endpoint) > 1000


def test_syntax_error_is_400_with_position(endpoint: str) -> None:
    client = wrapper(endpoint, "SELECT ?s WHERE { ?s ?p }", JSON)
    with pytest.raises(QueryBadFormed) as error:
        client.query()
    assert "1:" in str(error.value)


def test_unsupported_media_type_is_415(endpoint: str) -> None:
    response = httpx.post(endpoint, content="SELECT * {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_not_acceptable_is_406(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_cors_header(endpoint: str) -> None:
    response = httpx.get(
        endpoint, params={"query": COUNT}, headers={"Origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"


# --- Oxigraph's engine, never rdflib's ------------------------------------------------------


def test_syntax_errors_come_from_oxigraph(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p }"})
    # Oxigraph's parser reports "error at line:column"; rdflib's pyparsing says "Expected …".
    assert response.status_code == 400
    assert "error at 1:" in response.json()["error"]
    assert "Expected" not in response.json()["error"]


def test_worker_never_loads_rdflib_sparql_engine() -> None:
    code = (
        "import sys, iacoll.sparql.workers, iacoll.sparql.results;"
        "print(sorted(m for m in sys.modules if m.startswith('rdflib.plugins.sparql')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- limits ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict_endpoint(seed_settings: Settings) -> Iterator[str]:
    settings = Settings.from_env(
        {},
        store_path=seed_settings.store_path,
        query_timeout=2.0,
        query_max_rows=50,
        query_workers=1,
    )
    with live_server(settings) as url:
        yield url + "sparql"


def test_runaway_query_is_stopped_and_next_query_answered(strict_endpoint: str) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = httpx.get(strict_endpoint, params={"query": runaway}, timeout=60)
    assert response.status_code == 503
    assert "durée maximale (2 s)" in response.json()["error"]
    after = httpx.get(strict_endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_row_cap(strict_endpoint: str) -> None:
    response = httpx.get(strict_endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "plus de 50 résultats" in response.json()["error"]
    limited = httpx.get(strict_endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert limited.status_code == 200
    assert len(limited.json()["results"]["bindings"]) == 50


def test_memory_cap_stops_a_query(seed_settings: Settings) -> None:
    settings = Settings.from_env(
        {},
        store_path=seed_settings.store_path,
        query_timeout=60.0,
        query_memory_mb=600,
        query_workers=1,
        query_max_rows=10**9,
    )
    hog = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?e ?i"
    with live_server(settings) as url:
        response = httpx.get(url + "sparql", params={"query": hog}, timeout=120)
        assert response.status_code == 503
        assert "mémoire" in response.json()["error"]
        after = httpx.get(url + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
        assert after.status_code == 200


# --- `iacoll serve`, what `make run` runs -----------------------------------------------------


def test_iacoll_serve_serves_editor_endpoint_and_assets(served: str) -> None:
    page = httpx.get(served + "sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/yasgui/yasgui.min.js">' in page.text
    script = httpx.get(served + "static/yasgui/yasgui.min.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    answer = httpx.get(served + "sparql", params={"query": "ASK { ?s a ?t }"})
    assert answer.json() == {"head": {}, "boolean": True}
    home = httpx.get(served, headers={"Accept": "text/html"})
    assert home.status_code == 200 and 'href="/sparql"' in home.text


def test_void_describes_public_subsets(seed_server: str, endpoint: str) -> None:
    response = httpx.get(seed_server + ".well-known/void", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    void = "http://rdfs.org/ns/void#"
    dataset = URIRef(seed_server + ".well-known/void#iacoll")
    assert (dataset, URIRef(void + "sparqlEndpoint"), URIRef(endpoint)) in graph
    total = graph.value(dataset, URIRef(void + "triples"))
    assert total is not None and int(total) == public_triple_count(endpoint)
    subsets = set(graph.objects(dataset, URIRef(void + "subset")))
    name = URIRef("http://www.w3.org/ns/sparql-service-description#name")
    names = {str(graph.value(s, name)) for s in subsets if graph.value(s, name)}
    assert names == {g.iri("https://w3id.org/iacoll/") for g in GRAPHS if g.public}
    # The records' graphs (one per record) make one subset per kind, without a graph name.
    kinds = {str(s).rsplit("#", 1)[1] for s in subsets if graph.value(s, name) is None}
    assert kinds == {"cas-usage", "initiative", "organisation"}
    for subset in subsets:
        if graph.value(subset, name) is None:
            assert int(graph.value(subset, URIRef(void + "triples"))) > 0  # type: ignore[arg-type]


def test_void_gives_what_a_researcher_needs(seed_server: str, seed_settings: Settings) -> None:
    response = httpx.get(seed_server + ".well-known/void", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    void = Namespace("http://rdfs.org/ns/void#")
    dataset = URIRef(seed_server + ".well-known/void#iacoll")
    # the IRIs of the store, not the host the request came to (127.0.0.1 here)
    assert graph.value(dataset, void.uriSpace) == Literal(seed_settings.base_iri)
    licence = "http://publications.europa.eu/resource/authority/licence/ETALAB_2_0"
    assert (dataset, DCTERMS.license, URIRef(licence)) in graph
    dumps = sorted(str(d) for d in graph.objects(dataset, void.dataDump))
    assert dumps == [
        seed_server + f"download/iacoll.{suffix}" for suffix in ("jsonld", "nt", "rdf", "ttl")
    ]
    for dump in dumps:
        head = httpx.head(dump)
        assert head.status_code == 200 and int(head.headers["content-length"]) > 100_000
    vocabularies = {str(v) for v in graph.objects(dataset, void.vocabulary)}
    assert {
        "https://w3id.org/iacoll/def#",
        "http://www.w3.org/ns/dcat#",
        "http://purl.org/dc/terms/",
        "http://www.w3.org/2004/02/skos/core#",
        "https://w3id.org/dpv/legal/eu/aiact#",
    } <= vocabularies
    terms = "SELECT DISTINCT ?t { { ?s ?t ?o } UNION { ?s a ?t } }"
    body = wrapper(seed_server + "sparql", terms, JSON).queryAndConvert()
    used = {b["t"]["value"] for b in body["results"]["bindings"]}  # type: ignore[index]
    assert all(any(t.startswith(v) for t in used) for v in vocabularies)


# --- HEAD is GET without a body -------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "accept", "status"),
    [
        ({"query": "ASK {}"}, "application/sparql-results+json", 200),
        ({"query": COUNT}, "text/csv", 200),
        ({}, "text/turtle", 200),  # service description
        ({}, "text/html", 200),  # query editor
        ({"query": "SELECT ?s WHERE { ?s ?p }"}, "application/json", 400),
    ],
)
def test_head_is_get_without_body(
    endpoint: str, params: dict[str, str], accept: str, status: int
) -> None:
    get = httpx.get(endpoint, params=params, headers={"Accept": accept})
    head = httpx.head(endpoint, params=params, headers={"Accept": accept})
    assert get.status_code == head.status_code == status
    assert head.headers["content-type"] == get.headers["content-type"]
    if status == 200:
        assert int(head.headers["content-length"]) == len(get.content)
    assert head.content == b""


def test_head_on_void(seed_server: str) -> None:
    head = httpx.head(seed_server + ".well-known/void", headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle")
    assert head.content == b""


def test_void_counts_the_store_once_per_generation(seed_settings: Settings) -> None:
    """VoID's counts are made once per store generation, not at each request (whatever the
    Host the request names); the response carries the generation's Last-Modified."""
    from fastapi.testclient import TestClient

    from iacoll.app import create_app

    void = Namespace("http://rdfs.org/ns/void#")
    client = TestClient(create_app(seed_settings))
    first = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    cache = client.app.state.site.cache("void")  # type: ignore[attr-defined]
    builds = cache.builds
    counts = []
    for host in ("127.0.0.1", "iacoll.example"):
        response = client.get("/.well-known/void", headers={"Accept": "text/turtle", "Host": host})
        graph = Graph().parse(data=response.text, format="turtle")
        counts.append(sorted(int(n) for n in graph.objects(None, void.triples)))
    assert cache.builds == builds == 1
    assert counts[0] == counts[1] and counts[0][-1] > 9_000
    assert first.headers["last-modified"] == response.headers["last-modified"]

"""The published JSON-LD ``@context`` (``contexte/1.1.0.jsonld``), the ``jsonld`` export and the
record pages' JSON-LD, which use the same context.

The export cites the context by its IRI; expanded with the context file inlined it is the union
of the public records' graphs. The record pages inline the same context (the terms are the
file's), so that a client reads them without fetching anything.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS

from iacoll import sources
from iacoll.federation import dcat, formats, jsonld_context, jsonld_export
from iacoll.namespaces import DEFAULT_BASE, RDF
from iacoll.settings import Settings
from iacoll.store import open_stores

CONTEXT_FILE = sources.ROOT / "contexte" / "1.1.0.jsonld"
CONTEXT_IRI = "https://w3id.org/iacoll/contexte/1.1.0.jsonld"
RECORD = "/id/cas-usage/amp-callbot-encombrants"
KEYWORDS = {"@version"}


@pytest.fixture(scope="module")
def public(seed_settings: Settings) -> ox.Store:
    return open_stores(seed_settings).public


@pytest.fixture(scope="module")
def records(public: ox.Store, seed_settings: Settings) -> Graph:
    return jsonld_export.public_records(public, seed_settings.base_iri)


@pytest.fixture(scope="module")
def client(seed_app: FastAPI) -> TestClient:
    return TestClient(seed_app)


def context_file() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return document


def expand(document: dict[str, Any]) -> Graph:
    """The graph of ``document``, its context IRI replaced by the file's context."""
    inlined = {**document, "@context": context_file()["@context"]}
    return Graph().parse(data=json.dumps(inlined), format="json-ld")


# --- the context file -----------------------------------------------------------------------


def test_context_file_is_json_ld_1_1_and_every_term_expands_to_an_iri() -> None:
    context = context_file()["@context"]
    assert context["@version"] == 1.1
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    terms = {k: v for k, v in context.items() if isinstance(v, dict)}
    assert set(context) == KEYWORDS | set(prefixes) | set(terms)
    assert all(v.endswith(("/", "#")) for v in prefixes.values())
    for name, definition in terms.items():
        assert set(definition) <= {"@id", "@type"}, name
        prefix, _, local = definition["@id"].partition(":")
        assert prefix in prefixes and local, name
        assert definition.get("@type", "@id") == "@id" or definition["@type"].partition(":")[0] in (
            prefixes
        )
    # A JSON-LD 1.1 processor (rdflib's) reads a document with it: terms, coercions, prefixes.
    document = {
        "@context": context,
        "@id": "id:cas-usage/x",
        "title": {"@value": "Un titre", "@language": "fr"},
        "hasAISystem": "id:systeme/x",
        "modified": "2025-01-02",
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    x = URIRef(f"{DEFAULT_BASE}id/cas-usage/x")
    assert str(graph.value(x, URIRef("http://purl.org/dc/terms/title"))) == "Un titre"
    assert graph.value(x, URIRef("https://w3id.org/dpv/ai#hasAISystem")) == URIRef(
        f"{DEFAULT_BASE}id/systeme/x"
    )
    modified = graph.value(x, URIRef("http://purl.org/dc/terms/modified"))
    assert modified is not None and str(modified.datatype).endswith("#date")  # type: ignore[attr-defined]


def test_context_terms_cover_every_property_of_the_seed_records(records: Graph) -> None:
    context = context_file()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    covered = {
        prefixes[d["@id"].split(":", 1)[0]] + d["@id"].split(":", 1)[1]
        for d in context.values()
        if isinstance(d, dict)
    }
    used = {str(p) for p in records.predicates()} - {str(RDF.type)}
    assert len(used) > 50
    assert used - covered == set()


def test_context_follows_the_base_iri() -> None:
    moved = jsonld_context.context("https://ia.exemple.org/")
    assert moved["iacoll"] == "https://ia.exemple.org/def#"
    assert moved["id"] == "https://ia.exemple.org/id/"
    assert moved["title"] == {"@id": "dct:title"}
    assert jsonld_context.iri("https://ia.exemple.org/") == (
        "https://ia.exemple.org/contexte/1.1.0.jsonld"
    )
    assert jsonld_context.versions() == ["1.0.0", "1.1.0"]


RULES_GRAPH_DOMAINS = {"ObligationAIAct", "ApplicationObligation", "DateApplicationAIAct"}


def test_context_covers_every_record_property_of_the_ontology() -> None:
    """Beyond what the seed records use: the AI Act qualification, the environmental
    footprint (published when the organisation chooses), what imports read (impact assessment,
    publication category). Left out: the rules graph's own properties and an annotation on
    vocabulary concepts (iacoll:classe)."""
    ontology = Graph().parse(sources.ROOT / "ontology" / "iacoll.ttl")
    context = context_file()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    covered = {
        prefixes[d["@id"].split(":", 1)[0]] + d["@id"].split(":", 1)[1]
        for d in context.values()
        if isinstance(d, dict)
    }
    iacoll = f"{DEFAULT_BASE}def#"
    declared = {
        str(p)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in ontology.subjects(RDF.type, kind)
        if str(p).startswith(iacoll)
        and str(ontology.value(p, RDFS.domain)).removeprefix(iacoll) not in RULES_GRAPH_DOMAINS
    }
    assert declared - covered == {iacoll + "classe"}
    for term in ("value", "hasUnit", "hasRiskLevel", "clauseAIAct"):
        assert term in context


def test_an_earlier_context_version_is_served_unchanged(client: TestClient) -> None:
    earlier = client.get("/contexte/1.0.0.jsonld")
    assert earlier.status_code == 200
    assert "analyseImpactRealisee" not in earlier.json()["@context"]
    assert set(earlier.json()["@context"]) < set(context_file()["@context"])


def test_the_app_serves_the_context_with_a_long_cache(client: TestClient) -> None:
    response = client.get("/contexte/1.1.0.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    assert "immutable" in response.headers["cache-control"]
    assert "max-age=31536000" in response.headers["cache-control"]
    assert response.json() == context_file()
    assert client.get("/contexte/9.9.9.jsonld").status_code == 404


# --- the export -----------------------------------------------------------------------------


def test_jsonld_export_expands_to_the_public_records(
    public: ox.Store, seed_settings: Settings, records: Graph
) -> None:
    body = jsonld_export.export(public, seed_settings.base_iri)
    document = json.loads(body)
    assert document["@context"] == CONTEXT_IRI
    expanded = expand(document)
    assert len(expanded) == len(records)
    for iri, graph in jsonld_export.record_graphs(public, seed_settings.base_iri).items():
        parts = "/organisation/" not in str(iri)
        assert isomorphic(dcat.closure(expanded, iri, parts), graph), iri
    nodes = document["@graph"]
    iris = [node["@id"] for node in nodes if not node["@id"].startswith("_:")]
    assert iris == sorted(iris)
    first = next(n for n in nodes if n["@id"] == DEFAULT_BASE + RECORD.lstrip("/"))
    assert first["title"] == {
        "@language": "fr",
        "@value": "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence",
    }
    assert first["status"] == f"{DEFAULT_BASE}vocab/statut/deploiement"
    assert first["modified"] == "2026-12-06"  # coerced to xsd:date by the context
    assert body == jsonld_export.export(public, seed_settings.base_iri)  # same store, same bytes


def test_jsonld_exporter_is_registered() -> None:
    assert formats.exporter("jsonld") is jsonld_export
    assert (jsonld_export.MEDIA_TYPE, jsonld_export.SUFFIX) == ("application/ld+json", ".jsonld")


# --- the record pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers"),
    [(RECORD + ".jsonld", {}), (RECORD, {"Accept": "application/ld+json"})],
)
def test_record_pages_use_the_published_context_inlined(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    document = response.json()
    assert document["@context"] == context_file()["@context"]
    turtle = Graph().parse(data=client.get(RECORD + ".ttl").text, format="turtle")
    assert isomorphic(Graph().parse(data=response.text, format="json-ld"), turtle)
    node = next(n for n in document["@graph"] if n["@id"].endswith(RECORD))
    assert "title" in node and "publisher" in node and "hasAISystem" in node


def test_the_html_page_embeds_the_same_json_ld(client: TestClient) -> None:
    html = client.get(RECORD).text
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    document = json.loads(found.group(1).replace("<\\/", "</"))
    assert document == client.get(RECORD + ".jsonld").json()

"""SPARQL 1.1 Service Description (GET /sparql) and VoID (/.well-known/void)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from iacoll import conneg
from iacoll.namespaces import SD, VOID, bind_prefixes

W3C_FORMATS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def service_description(endpoint_url: str, graphs: tuple[str, ...]) -> Graph:
    """The endpoint's SPARQL-SD graph: language, formats, default dataset, named graphs."""
    graph = bind_prefixes(Graph())
    service = URIRef(endpoint_url + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in conneg.of_kind("results", "rdf"):
        graph.add(
            (
                service,
                SD.resultFormat,
                URIRef(f"http://www.w3.org/ns/formats/{W3C_FORMATS[fmt.key]}"),
            )
        )
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add(
        (
            default,
            DCTERMS.description,
            Literal(
                "Union des graphes publics : vocabulaires, fiches, catalogue, historique.",
                lang="fr",
            ),
        )
    )
    for iri in graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
    return graph


def void_description(
    site: str, endpoint_url: str, store: ox.Store, graphs: tuple[str, ...]
) -> Graph:
    """VoID: the public dataset, its SPARQL endpoint, and one subset per public graph."""
    graph = bind_prefixes(Graph())
    dataset = URIRef(site + ".well-known/void#iacoll")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("iacoll — données publiques", lang="fr")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint_url)))
    graph.add((dataset, VOID.uriSpace, Literal(site + "id/")))
    graph.add((dataset, VOID.triples, Literal(_count(store, graphs), datatype=XSD.integer)))
    for iri in graphs:
        subset = URIRef(f"{site}.well-known/void#{iri.rsplit('/', 1)[-1]}")
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, URIRef(iri)))
        graph.add((subset, VOID.triples, Literal(_count(store, (iri,)), datatype=XSD.integer)))
    return graph


def _count(store: ox.Store, graphs: tuple[str, ...]) -> int:
    result = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        default_graph=[ox.NamedNode(g) for g in graphs],
    )
    assert isinstance(result, ox.QuerySolutions)
    for solution in result:
        value = solution["n"]
        return int(value.value) if value is not None else 0
    return 0

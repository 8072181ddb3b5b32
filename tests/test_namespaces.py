"""Base-IRI handling."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from iacoll.namespaces import DEFAULT_BASE, IACOLL, ID, rebase


def test_rebase_moves_every_project_iri_and_datatype() -> None:
    graph = Graph()
    graph.add((ID["organisation/x"], IACOLL.siret, Literal("1", datatype=IACOLL.SIRET)))
    graph.add((ID["organisation/x"], URIRef("http://example.org/p"), URIRef("http://a.org/")))
    moved = rebase(graph, "http://localhost:8000/")
    subject = URIRef("http://localhost:8000/id/organisation/x")
    siret = moved.value(subject, URIRef("http://localhost:8000/def#siret"))
    assert siret == Literal("1", datatype=URIRef("http://localhost:8000/def#SIRET"))
    assert (subject, URIRef("http://example.org/p"), URIRef("http://a.org/")) in moved
    assert not any(DEFAULT_BASE in str(term) for triple in moved for term in triple)


def test_rebase_to_default_is_identity() -> None:
    graph = Graph()
    assert rebase(graph, DEFAULT_BASE) is graph

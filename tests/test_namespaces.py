"""Base-IRI handling."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

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


def test_rebase_moves_the_iris_literals_hold() -> None:
    """An identifier that is an IRI of the base, a namespace literal, an IRI cited ``<…>`` in
    a message follow the base; a language tag or a datatype is kept, prose is untouched."""
    base = "http://127.0.0.1:8015/"
    fiche, anyuri = ID["fiche/x"], URIRef("http://www.w3.org/2001/XMLSchema#anyURI")
    message = f"Choisissez un concept de <{DEFAULT_BASE}vocab/theme/…> (voir {DEFAULT_BASE})."
    graph = Graph()
    graph.add((fiche, DCTERMS.identifier, Literal(str(fiche))))
    graph.add((fiche, SH.namespace, Literal(str(IACOLL), datatype=anyuri)))
    graph.add((fiche, SH.message, Literal(message, lang="fr")))
    graph.add((fiche, DCTERMS.title, Literal(f"{DEFAULT_BASE} x")))
    moved = rebase(graph, base)
    subject = URIRef(base + "id/fiche/x")
    assert moved.value(subject, DCTERMS.identifier) == Literal(str(subject))
    assert moved.value(subject, SH.namespace) == Literal(base + "def#", datatype=anyuri)
    expected = f"Choisissez un concept de <{base}vocab/theme/…> (voir {DEFAULT_BASE})."
    assert moved.value(subject, SH.message) == Literal(expected, lang="fr")
    assert moved.value(subject, DCTERMS.title) == Literal(f"{DEFAULT_BASE} x")

"""Converting RDF terms between rdflib (source files, validation) and pyoxigraph (the store)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def to_oxigraph(term: Node | str) -> OxTerm:
    """An rdflib term (or a plain string, as a literal) as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, str):
        return ox.Literal(term)
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (``None`` stays ``None`` for unbound variables)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)  # a plain literal in RDF 1.1, written without ^^xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if term is None:
        return None  # type: ignore[return-value]
    raise TypeError(f"unexpected pyoxigraph term {term!r}")

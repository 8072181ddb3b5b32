"""Converting RDF terms between rdflib (source files, validation) and pyoxigraph (the store),
and a stored term back under the default base (:func:`home`)."""

from __future__ import annotations

from itertools import islice
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from iacoll.namespaces import DEFAULT_BASE

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


def home(term: OxTerm, base: str) -> Node:
    """``term`` as rdflib, an IRI under ``base`` moved back under the default base (what
    :func:`iacoll.derived.public_inputs` does to each term)."""
    node = to_rdflib(term)
    if base == DEFAULT_BASE:
        return node
    if isinstance(node, URIRef) and str(node).startswith(base):
        return URIRef(DEFAULT_BASE + str(node)[len(base) :])
    if isinstance(node, Literal) and str(node).startswith(base) and not node.language:
        return Literal(DEFAULT_BASE + str(node)[len(base) :], datatype=node.datatype)
    return node


# pyoxigraph's result iterators (QuerySolutions, QueryTriples, QuadIter) may only be dropped by
# the thread that made them. A traceback that keeps a frame holding one, freed later by the
# garbage collector on another thread, makes it print an error: these read a result whole,
# in a frame that lets go of it even when the engine raises while it is being read.


def select_rows(
    store: ox.Store, query: str, limit: int | None = None, **options: Any
) -> tuple[list[str], list[ox.QuerySolution]]:
    """The variables and (at most ``limit``) rows of a SELECT on ``store``."""
    read = read_query(store, query, limit, **options)
    if not isinstance(read, tuple):
        raise TypeError("not a SELECT query")
    return read


def construct_triples(
    store: ox.Store, query: str, limit: int | None = None, **options: Any
) -> list[ox.Triple]:
    """The (at most ``limit``) triples of a CONSTRUCT or DESCRIBE on ``store``."""
    read = read_query(store, query, limit, **options)
    if not isinstance(read, list):
        raise TypeError("not a CONSTRUCT or DESCRIBE query")
    return read


def read_query(
    store: ox.Store, query: str, limit: int | None = None, **options: Any
) -> bool | tuple[list[str], list[ox.QuerySolution]] | list[ox.Triple]:
    """Any query's answer read whole: a boolean (ASK), variables and rows (SELECT) or triples."""
    result = store.query(query, **options)
    try:
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return [v.value for v in result.variables], list(islice(result, limit))
        return list(islice(result, limit))
    finally:
        del result


def quads(store: ox.Store, *pattern: Any) -> list[ox.Quad]:
    """The quads of ``store`` matching ``pattern`` (subject, predicate, object, graph)."""
    found = store.quads_for_pattern(*pattern)
    try:
        return list(found)
    finally:
        del found

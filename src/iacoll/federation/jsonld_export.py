"""``iacoll export --to jsonld``: the public records as JSON-LD with iacoll's published context.

One document, ``{"@context": "{base}contexte/1.1.0.jsonld", "@graph": [...]}``: every
published record's public graph (use cases, governance initiatives, organisations, with the AI
systems and blank nodes they hold), compacted with the versioned context of
:mod:`iacoll.federation.jsonld_context` and referencing it by its IRI (the app serves it there,
``application/ld+json``). Nodes are sorted by ``@id``, so that the same store gives the same
bytes. Expanded, the document is the union of the records' public graphs.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from iacoll.federation import jsonld_context
from iacoll.model.record import KINDS, Kind
from iacoll.terms import quads, to_rdflib

MEDIA_TYPE = "application/ld+json"
SUFFIX = ".jsonld"


def record_graphs(
    store: ox.Store, base: str, kinds: tuple[Kind, ...] = KINDS
) -> dict[URIRef, Graph]:
    """The public graph of every published record of ``kinds``, by record IRI (under ``base``),
    read from the records' named graphs ``{base}graph/{kind}/{slug}``."""
    found: dict[URIRef, Graph] = {}
    prefixes = tuple(f"{base}graph/{kind}/" for kind in kinds)
    names = sorted(
        name.value
        for name in store.named_graphs()
        if isinstance(name, ox.NamedNode) and name.value.startswith(prefixes)
    )
    for number, name in enumerate(names):
        graph = Graph()
        for quad in quads(store, None, None, None, ox.NamedNode(name)):
            s, p, o = (_own(t, number) for t in (quad.subject, quad.predicate, quad.object))
            graph.add((s, p, o))
        kind, slug = name[len(base) + len("graph/") :].split("/", 1)
        found[URIRef(f"{base}id/{kind}/{slug}")] = graph
    return found


def _own(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, number: int) -> Node:
    """``term`` as rdflib, a blank node labelled apart for each record (``r{number}-…``)."""
    node = to_rdflib(term)
    return BNode(f"r{number}-{node}") if isinstance(node, BNode) else node


def public_records(store: ox.Store, base: str) -> Graph:
    """The union of the records' public graphs (their blank nodes kept apart)."""
    union = Graph()
    for graph in record_graphs(store, base).values():
        union += graph
    return union


def export(store: ox.Store, base: str) -> bytes:
    """The public records as one JSON-LD document citing the published context by its IRI."""
    document = jsonld_context.compact(public_records(store, base), base)
    document["@context"] = jsonld_context.iri(base)
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

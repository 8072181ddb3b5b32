"""The structured environmental footprint of an AI system, and when it is public.

The footprint (``iacoll:empreinteEnvironnementale``: QUDT quantities in kWh and kg CO₂e with
their scope, the measuring tools, the number of training runs and models, offsetting measures)
and the frugal-AI good practices a system applies (``iacoll:bonnePratiqueFrugalite``) are
restricted like the upstream field they structure (``impact_environnement``): a record keeps
them in its restricted part. When the organisation chooses to publish them, the record's
restricted part says ``iacoll:empreintePublique true`` and :func:`published` moves them, the
flag with them, to the public part; the projection applies it, so the public store holds
exactly the published footprints.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from iacoll.model.record import canonical_text, parse_text
from iacoll.namespaces import IACOLL, QUANTITYKIND, UNIT

FLAG = IACOLL.empreintePublique
SYSTEM_PROPERTIES = (IACOLL.empreinteEnvironnementale, IACOLL.bonnePratiqueFrugalite)
"""Properties of the AI system that carry the footprint (their blank nodes go with them)."""

ENERGY, EMISSIONS = UNIT["KiloW-HR"], UNIT.KiloGM
QUANTITY_KINDS = {ENERGY: QUANTITYKIND.Energy, EMISSIONS: QUANTITYKIND.CO2Equivalent}
"""The allowed units (``qudt:hasUnit``) and the quantity kind each measures."""

TRUE = Literal(True, datatype=XSD.boolean)


def is_published(graph: Graph) -> bool:
    """Whether ``graph`` (a record's restricted part) says its footprint is published."""
    return (None, FLAG, TRUE) in graph


def footprint_triples(graph: Graph) -> Graph:
    """The footprint statements of ``graph``: the system properties with the blank nodes under
    them (the footprint and its measurements), and the publication flag."""
    found = Graph()
    pending: list[Node] = []
    for prop in SYSTEM_PROPERTIES:
        for s, o in graph.subject_objects(prop):
            found.add((s, prop, o))
            pending.append(o)
    while pending:
        node = pending.pop()
        if not isinstance(node, BNode):
            continue
        for p, o in graph.predicate_objects(node):
            if (node, p, o) not in found:
                found.add((node, p, o))
                pending.append(o)
    for s in graph.subjects(FLAG, TRUE):
        found.add((s, FLAG, TRUE))
    return found


def published(public: str | None, restricted: str) -> tuple[str | None, str]:
    """The (public, restricted) N-Triples a store shows for a revision: unchanged, unless the
    restricted part publishes the footprint, which then moves to the public part. A withdrawn
    record (``public`` None) stays withdrawn."""
    if public is None or str(FLAG) not in restricted:
        return public, restricted
    hidden = parse_text(restricted)
    if not is_published(hidden):
        return public, restricted
    moved = footprint_triples(hidden)
    return canonical_text(parse_text(public) + moved), canonical_text(hidden - moved)

"""The structured environmental footprint of a record's AI system (``sys_r["footprint"]``).

Spec keys: ``measures`` (list of ``value`` as a decimal string, ``unit`` ``KiloW-HR`` or
``KiloGM`` (CO₂e), ``scope`` a ``perimetre-empreinte`` slug when the source gives one,
``approx`` when the source writes « ~ »), ``tools`` (``outil-mesure-empreinte`` slugs),
``trainings``, ``models``, ``compensation`` and ``equivalence`` (verbatim text), ``practices``
(``bonne-pratique-frugalite`` slugs) and ``notes`` ((fr, en) editorial notes). Restricted like
the upstream environmental-impact field: it goes to ``data/restreint/`` only, unless the record
spec's ``r`` says ``footprint_public`` (``iacoll:empreintePublique true``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from mapping import IACOLL, QUANTITYKIND, QUDT, UNIT, concept
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

QUANTITY_KINDS = {"KiloW-HR": QUANTITYKIND.Energy, "KiloGM": QUANTITYKIND.CO2Equivalent}


def add_footprint(
    g: Graph, system: URIRef, spec: dict[str, Any], fr: Callable[[str], Literal]
) -> BNode:
    """Add the footprint node of ``spec`` under ``system``; return it (for notes)."""
    node = BNode()
    g.add((system, IACOLL.empreinteEnvironnementale, node))
    g.add((node, RDF.type, IACOLL.EmpreinteEnvironnementale))
    for measure in spec.get("measures", []):
        add_measure(g, node, measure)
    for slug in spec.get("tools", []):
        g.add((node, IACOLL.outilMesure, URIRef(concept("outil-mesure-empreinte", slug))))
    for key, prop in (("trainings", IACOLL.nombreEntrainements), ("models", IACOLL.nombreModeles)):
        if key in spec:
            g.add((node, prop, Literal(spec[key], datatype=XSD.nonNegativeInteger)))
    for key, prop in (
        ("compensation", IACOLL.mesuresCompensation),
        ("equivalence", IACOLL.equivalenceRemarquable),
    ):
        if key in spec:
            g.add((node, prop, fr(spec[key])))
    for slug in spec.get("practices", []):
        practice = URIRef(concept("bonne-pratique-frugalite", slug))
        g.add((system, IACOLL.bonnePratiqueFrugalite, practice))
    return node


def add_measure(g: Graph, footprint: BNode, measure: dict[str, Any]) -> None:
    unit = measure["unit"]
    if unit not in QUANTITY_KINDS:
        raise ValueError(f"unit {unit!r} is not one of {sorted(QUANTITY_KINDS)}")
    value = Decimal(measure["value"])
    if value < 0:
        raise ValueError(f"negative footprint value {value}")
    node = BNode()
    g.add((footprint, IACOLL.mesureEmpreinte, node))
    g.add((node, RDF.type, IACOLL.MesureEmpreinte))
    g.add((node, RDF.type, QUDT.Quantity))
    g.add((node, QUDT.value, Literal(measure["value"], datatype=XSD.decimal)))
    g.add((node, QUDT.hasUnit, UNIT[unit]))
    g.add((node, QUDT.hasQuantityKind, QUANTITY_KINDS[unit]))
    if "scope" in measure:
        scope = URIRef(concept("perimetre-empreinte", measure["scope"]))
        g.add((node, IACOLL.perimetreMesure, scope))
    if measure.get("approx"):
        g.add((node, IACOLL.valeurApprochee, Literal(True)))

"""The iacoll shapes' own SPARQL queries, answered in Python (:mod:`iacoll.validation_sparql`).

rdflib evaluates a Luhn key in ≈ 6 ms and a SPARQL target with ``FILTER NOT EXISTS`` in
≈ 0.5 ms per solution: more than the rest of the compiled validation together. Each query of
``shapes/`` has here a function giving the same answer on the data the write path validates,
found by the SHA-256 of its text (whitespace collapsed): a query whose text changed, or any
other query, is evaluated by rdflib. Where the data leaves the ground the function is sure of
(a literal where an IRI is expected, a date that is not a plain ``xsd:date``, an ill-typed
decimal), it raises :class:`Unsure` and rdflib answers instead.
tests/test_validation_compiled.py checks that every query of the repo's shapes is known, and
compares each function with rdflib.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import Node

from iacoll.namespaces import ADMS, AI, DCT, EU_AIACT, GEO, IACOLL, PAV, SCHEMA, VOCAB

COUNTRIES = "http://publications.europa.eu/resource/authority/country/"
FRANCE = URIRef(COUNTRIES + "FRA")
HIGH = (EU_AIACT["RiskLevelHigh"], EU_AIACT["RiskLevelHigh-A6-1"], EU_AIACT["RiskLevelHigh-A6-2"])
ANNEX_I = "https://w3id.org/dpv/legal/eu/aiact#HighRiskAISystem-AnnexI-"
ANNEX_III = "https://w3id.org/dpv/legal/eu/aiact#HighRiskAISystem-AnnexIII-"
PUBLIC = (VOCAB["cible/grand-public"], VOCAB["cible/beneficiaire"])
TRUE = Literal("true", datatype=XSD.boolean)
PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_D = Decimal
FRANCE_BOXES = [  # (lat min, lat max, long min, long max), as CoordonneesEnFrance lists them
    (_D("41.3"), _D("51.2"), _D("-5.3"), _D("9.7")),
    (_D("15.8"), _D("16.6"), _D("-61.9"), _D("-60.9")),
    (_D("14.35"), _D("14.95"), _D("-61.3"), _D("-60.75")),
    (_D("2.0"), _D("5.9"), _D("-54.7"), _D("-51.5")),
    (_D("-21.45"), _D("-20.8"), _D("55.15"), _D("55.9")),
    (_D("-13.1"), _D("-12.55"), _D("44.9"), _D("45.35")),
    (_D("46.7"), _D("47.2"), _D("-56.5"), _D("-56.1")),
    (_D("17.8"), _D("18.0"), _D("-62.95"), _D("-62.75")),
    (_D("18.0"), _D("18.15"), _D("-63.2"), _D("-62.95")),
    (_D("-28.0"), _D("-7.5"), _D("-155.0"), _D("-134.0")),
    (_D("-23.0"), _D("-17.8"), _D("158.0"), _D("169.0")),
    (_D("-14.4"), _D("-13.1"), _D("-178.25"), _D("-176.05")),
]


class Unsure(Exception):
    """The data is outside what the function reproduces: ask rdflib."""


def key(helper: Any) -> str:
    """What identifies a query: its text, whitespace collapsed, and its prefixes (pySHACL's
    :class:`~pyshacl.helper.sparql_query_helper.SPARQLQueryHelper` holds both)."""
    prefixes = sorted(f"{p} {ns}" for p, ns in helper.prefixes.items())
    text = "\n".join([" ".join(helper.select_text.split()), *prefixes])
    return hashlib.sha256(text.encode()).hexdigest()


# SPARQL targets: graph -> focus nodes -------------------------------------------------------


def fiches_redigees(graph: Graph) -> set[Node]:
    return {
        s for s in graph.subjects(RDF.type, IACOLL.Fiche) if not _has(graph, s, PAV.importedFrom)
    }


def fiches_importees(graph: Graph) -> set[Node]:
    return {s for s in graph.subjects(RDF.type, IACOLL.Fiche) if _has(graph, s, PAV.importedFrom)}


def porteurs(graph: Graph) -> set[Node]:
    found = set()
    for fiche in set(graph.subjects(RDF.type, IACOLL.Fiche)):
        for carrier in graph.objects(fiche, DCT.publisher):
            if not any(_foreign(p) for p in graph.objects(carrier, DCT.spatial)):
                found.add(carrier)
    return found


def _foreign(place: Node) -> bool:
    if not isinstance(place, URIRef):
        raise Unsure
    return str(place).startswith(COUNTRIES) and place != FRANCE


# Constraints with $this bound by a pattern: graph -> the focus nodes that fail --------------


def chatbot_minimal(graph: Graph) -> set[Node]:
    found = set()
    for this, system in graph.subject_objects(AI.hasAISystem):
        if any(p in PUBLIC for p in graph.objects(this, SCHEMA.audience)) and (
            (system, AI.hasCapability, AI.ChatbotCapability) in graph
            and (system, EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelMinimal) in graph
        ):
            found.add(this)
    return found


def without_assessment(graph: Graph) -> set[Node]:
    return {
        this
        for this, system in graph.subject_objects(AI.hasAISystem)
        if (system, EU_AIACT.hasRiskLevel, EU_AIACT["RiskLevelHigh-A6-2"]) in graph
        and (this, IACOLL.analyseImpactRealisee, TRUE) not in graph
    }


def old_qualification(graph: Graph) -> set[Node]:
    found = set()
    for this, system in graph.subject_objects(AI.hasAISystem):
        modified = list(graph.objects(this, DCT.modified))
        dates = [
            d
            for q in graph.objects(system, IACOLL.qualificationRisque)
            for d in graph.objects(q, DCT.date)
        ]
        if not dates or not modified:
            continue  # no solution, whatever the dates are
        latest = max(_date(d) for d in dates)
        if any(latest < _date(m) for m in modified):
            found.add(this)
    return found


def _date(node: Node) -> date:
    """A plain, valid ``xsd:date`` (what rdflib and Python compare alike), else Unsure."""
    if not isinstance(node, Literal) or node.datatype != XSD.date:
        raise Unsure
    if not PLAIN_DATE.fullmatch(str(node)) or type(node.value) is not date:
        raise Unsure
    return node.value


def outside_france(graph: Graph) -> set[Node]:
    found = set()
    for this in set(graph.subjects(GEO.lat, None)):
        for lat in graph.objects(this, GEO.lat):
            for long in graph.objects(this, GEO.long):
                if _decimal(lat) and _decimal(long) and not _in_france(lat, long):
                    found.add(this)
    return found


def _decimal(node: Node) -> bool:
    if not isinstance(node, Literal) or node.datatype != XSD.decimal:
        return False
    if not isinstance(node.value, Decimal):
        raise Unsure  # ill-typed: rdflib's comparisons raise
    return True


def _in_france(lat: Node, long: Node) -> bool:
    y, x = lat.value, long.value  # type: ignore[attr-defined]
    return any(a <= y <= b and c <= x <= d for a, b, c, d in FRANCE_BOXES)


def high_risk_without_clause(graph: Graph) -> set[Node]:
    found = set()
    for this, level in graph.subject_objects(EU_AIACT.hasRiskLevel):
        if level in HIGH and not any(
            _matching_clause(level, c) for c in graph.objects(this, SKOS.broader)
        ):
            found.add(this)
    return found


def _matching_clause(level: Node, clause: Node) -> bool:
    if not isinstance(clause, (URIRef, Literal)):
        return False  # STR of a blank node: an error, the filter fails
    text = str(clause)
    return (level != HIGH[2] and text.startswith(ANNEX_I)) or (
        level != HIGH[1] and text.startswith(ANNEX_III)
    )


def siret_not_siren(graph: Graph) -> set[Node]:
    found = set()
    for this, identifier in graph.subject_objects(ADMS.identifier):
        for siret in graph.objects(identifier, SKOS.notation):
            if not isinstance(siret, Literal) or siret.datatype != IACOLL.SIRET:
                continue
            if not _well_formed(siret, 14):
                continue
            sirens = [*graph.objects(this, DCT.identifier), *graph.objects(this, IACOLL.siren)]
            if any(_well_formed(s, 9) and not str(siret).startswith(str(s)) for s in sirens):
                found.add(this)
    return found


def _well_formed(node: Node, digits: int) -> bool:
    """``REGEX(STR(?x), "^[0-9]{n}$")`` (Python's ``re.search``, as rdflib runs it)."""
    if not isinstance(node, (URIRef, Literal)):
        return False
    return re.search(f"^[0-9]{{{digits}}}$", str(node)) is not None


def wrong_class(graph: Graph) -> set[Node]:
    return {
        this
        for this, kind in graph.subject_objects(IACOLL.typeFiche)
        for wanted in graph.objects(kind, IACOLL.classe)
        if (this, RDF.type, wanted) not in graph
    }


# Constraints without a pattern: focus node -> fails -----------------------------------------


def siret_key_wrong(node: Node) -> bool:
    if not _well_formed(node, 14):
        return False
    d = [int(c) for c in str(node)[:14]]
    luhn = sum(_doubled(x) if i % 2 == 0 else x for i, x in enumerate(d))
    return luhn % 10 != 0 and not (str(node).startswith("356000000") and sum(d) % 5 == 0)


def siren_key_wrong(node: Node) -> bool:
    if not _well_formed(node, 9):
        return False
    d = [int(c) for c in str(node)[:9]]
    return sum(_doubled(x) if i % 2 == 1 else x for i, x in enumerate(d)) % 10 != 0


def _doubled(digit: int) -> int:
    return 2 * digit - 9 if digit > 4 else 2 * digit


def _has(graph: Graph, subject: Node, predicate: URIRef) -> bool:
    return next(iter(graph.objects(subject, predicate)), None) is not None


# By :func:`key` of the query (tests/test_validation_compiled.py prints the keys of the repo's
# queries when one is missing here).
KNOWN: dict[str, Callable[..., Any]] = {
    # iacoll-sh:FicheRedigee
    "0c24bdcab936e9dc70ab296a1dd004ab0580df5ef50b82dd38d78b598b7b8204": fiches_redigees,
    # iacoll-sh:FicheImportee
    "66c6ac95b3e239374cd0865e50b38048932aaab74c47ac5e089c2372c9a2c7a2": fiches_importees,
    # iacoll-sh:Porteur
    "391ce21a948a6ca8b8ae1b8af9bce8dfceb470c4d271aa57ba10e8d59c3c9065": porteurs,
    # iacoll-sh:TransparenceSiConversationnelPublic
    "9de37ace22ea51a6b0ba06a5a58ccf878c32b8a1c53901bc047003d2d16ef57d": chatbot_minimal,
    # iacoll-sh:AnalyseImpactSiHautRisque
    "6ca35b582929c57fd8f5b18fcc49671039120699d7efe37d23802ea64d0c8ca4": without_assessment,
    # iacoll-sh:QualificationAJour
    "e1e882cf69ec22e8a662ed5f160af329b765ee4142ba45e7e56d477b54003c56": old_qualification,
    # iacoll-sh:CoordonneesEnFrance
    "e01698b575d3e1907a6a05b125ad4126d77cc8ac20b2265a3b9d000788232f92": outside_france,
    # iacoll-sh:ClauseAnnexeSiHautRisque
    "333010943c4ceae2521ab2c5875a5302dddfc378e5930c52e684ab64cd5d7fdc": high_risk_without_clause,
    # iacoll-sh:SiretCommenceParSiren
    "456bb182ee3e55a59f2db085fdaf5eca4a974514e84658ac55ed8e87bdce016a": siret_not_siren,
    # iacoll-sh:ClasseDuTypeDeFiche
    "211ff4ba3c57fa97795cc113e804e632eb76efcc03d94d7297318c60b15fd8de": wrong_class,
    # iacoll-sh:CleSiret
    "d55c158e4003811a0eea6ceb72a4c4f4028aa8ebad5d58a2b21bf001be46affd": siret_key_wrong,
    # iacoll-sh:CleSiren
    "48b6e6a393010e98be4a2a92da5610c18b35e475eb40be5f5ce1d9a5339b664a": siren_key_wrong,
}

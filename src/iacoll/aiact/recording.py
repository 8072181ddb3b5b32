"""A qualification recorded on a use case: the record graph of its next revision.

Pure: a record's public graph, a :class:`~iacoll.aiact.result.Result` and who qualified it when
give the graph the write path is asked to save. The AI system's current level and Annex clause
(``eu-aiact:hasRiskLevel``, ``skos:broader``) are replaced; the earlier
``iacoll:QualificationRisqueAIAct`` nodes stay (they are the history); the new one is named
``{system}/qualification/{date}`` (``-2``, ``-3``… for another one the same day).
"""

from __future__ import annotations

import datetime

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from iacoll.aiact.result import Result
from iacoll.errors import IacollError
from iacoll.namespaces import AI, EU_AIACT, IACOLL


class NoSystem(IacollError):
    """A record without an AI system to qualify."""

    status = 404


def system_of(record: Graph, use_case: URIRef) -> URIRef:
    """The AI system of ``use_case`` (``ai:hasAISystem``)."""
    system = record.value(use_case, AI.hasAISystem)
    if not isinstance(system, URIRef):
        raise NoSystem(
            f"La fiche {use_case} ne décrit pas de système d'IA à qualifier.",
            detail=f"The record {use_case} describes no AI system to qualify.",
        )
    return system


def qualification_iri(record: Graph, system: URIRef, when: datetime.date) -> URIRef:
    """``{system}/qualification/{YYYY-MM-DD}``, with ``-n`` when that day already has one."""
    taken = {str(q) for q in record.objects(system, IACOLL.qualificationRisque)}
    base = f"{system}/qualification/{when.isoformat()}"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return URIRef(found)


def recorded(
    record: Graph,
    use_case: URIRef,
    result: Result,
    by: URIRef,
    when: datetime.date,
    source: URIRef = IACOLL.AutoDeclaration,
) -> Graph:
    """``record`` with ``result`` as its AI system's current, dated and attributed qualification
    (see the module); raises :class:`~iacoll.aiact.result.NotStorable` for a result that is
    « à préciser » or outside the AI Act."""
    system = system_of(record, use_case)
    added = result.to_graph(system, qualification_iri(record, system, when), by, when, source)
    out = Graph(namespace_manager=record.namespace_manager)
    out += record
    out.remove((system, EU_AIACT.hasRiskLevel, None))
    for clause in list(out.objects(system, SKOS.broader)):
        if str(clause).startswith(str(EU_AIACT)):
            out.remove((system, SKOS.broader, clause))
    out += added
    return out

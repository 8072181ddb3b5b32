"""The outcome of a qualification: level, clauses, reasoning, what to find out, obligations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from iacoll.aiact.citations import Citation
from iacoll.aiact.rules import Level, Obligation, Question, Rulebook, Text
from iacoll.errors import IacollError
from iacoll.namespaces import DCT, DPV, EU_AIACT, IACOLL, RDF, bind_prefixes

SOURCES = {
    "auto-declaration": IACOLL.AutoDeclaration,
    "revue-editoriale": IACOLL.RevueEditoriale,
    "evaluation-formelle": IACOLL.EvaluationFormelle,
}


class NotStorable(IacollError):
    """A result that cannot be stored as a qualification (« à préciser », outside the Act)."""

    status = 400


@dataclass(frozen=True)
class Step:
    """One element of the reasoning: a rule, exception or note applied, with its citations."""

    id: str
    text: Text
    cite: tuple[Citation, ...]


@dataclass(frozen=True)
class AppliedObligation:
    obligation: Obligation
    date_id: str
    date: datetime.date | None


@dataclass(frozen=True)
class Result:
    level: Level | None  # None while « à préciser »
    provisional: Level | None  # the level the known answers give, while « à préciser »
    clauses: tuple[URIRef, ...]
    reasoning: tuple[Step, ...]
    to_find: tuple[Question, ...]  # what to find out (« à préciser »)
    obligations: tuple[AppliedObligation, ...]
    answers: dict[str, str]
    book: Rulebook

    @property
    def settled(self) -> bool:
        return self.level is not None

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation of the reasoning, then of the obligations, once each."""
        found = [c for s in self.reasoning for c in s.cite]
        found += [c for o in self.obligations for c in o.obligation.cite]
        return tuple({c.text: c for c in found}.values())

    def summary(self, lang: str) -> str:
        """The reasoning as one paragraph in ``lang``."""
        return " ".join(step.text(lang) for step in self.reasoning)

    def to_graph(
        self,
        system_iri: URIRef,
        qualification_iri: URIRef,
        by: URIRef,
        when: datetime.date,
        source: URIRef = IACOLL.AutoDeclaration,
    ) -> Graph:
        """The dated, attributed ``iacoll:QualificationRisqueAIAct`` of ``system_iri``.

        The current level (and Annex clause) is also stated on the system, as the ontology
        asks; the reasoning goes in ``dct:description`` in French and English.
        """
        if self.level is None or self.level.iri is None:
            raise NotStorable(
                "Qualification non enregistrable : " + self._why_not("fr"),
                detail=self._why_not("en"),
            )
        g = bind_prefixes(Graph())
        q = qualification_iri
        g.add((system_iri, IACOLL.qualificationRisque, q))
        g.add((q, RDF.type, IACOLL.QualificationRisqueAIAct))
        g.add((q, RDF.type, DPV.RiskAssessment))
        g.add((q, EU_AIACT.hasRiskLevel, self.level.iri))
        g.add((q, IACOLL.sourceQualification, source))
        g.add((q, PROV.wasAttributedTo, by))
        g.add((q, DCT.date, Literal(when.isoformat(), datatype=XSD.date)))
        for lang in ("fr", "en"):
            g.add((q, DCT.description, Literal(self.summary(lang), lang=lang)))
        g.add((q, DCT.conformsTo, self.book.iri))
        for clause in self.clauses:
            g.add((q, IACOLL.clauseAIAct, clause))
        g.add((system_iri, EU_AIACT.hasRiskLevel, self.level.iri))
        for clause in self.clauses:
            if "HighRiskAISystem" in clause:
                g.add((system_iri, SKOS.broader, clause))
        return g

    def _why_not(self, lang: str) -> str:
        if self.level is None:
            return {"fr": "elle est à préciser.", "en": "it is still to be settled."}[lang]
        return {
            "fr": "le système est hors du champ de l'AI Act.",
            "en": "the system is outside the AI Act.",
        }[lang]

    def to_json(self, lang: str = "fr") -> dict[str, Any]:
        from iacoll.aiact import views

        return views.result_json(self, lang)

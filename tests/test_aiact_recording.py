"""The record graph of a qualification (:mod:`iacoll.aiact.recording`), on its own: the level and
Annex clause replaced, the earlier qualifications kept, the new one dated and attributed."""

from __future__ import annotations

import datetime

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from iacoll.aiact import qualify
from iacoll.aiact.prefill import seed_record
from iacoll.aiact.recording import qualification_iri, recorded
from iacoll.aiact.result import NotStorable
from iacoll.namespaces import DCT, EU_AIACT, IACOLL
from tests.moderation_support import ORGANISATION
from tests.test_aiact_form import CASE, SLUG, SYSTEM, TRANSPARENCY, answers_for

DAY = datetime.date(2026, 12, 7)


def test_recorded_sets_the_level_and_adds_a_dated_attributed_qualification() -> None:
    record = seed_record(SLUG)
    assert record is not None
    result = qualify(answers_for(SLUG))
    graph = recorded(record, CASE, result, URIRef(ORGANISATION), DAY)
    node = URIRef(f"{SYSTEM}/qualification/2026-12-07")
    assert set(graph.objects(SYSTEM, EU_AIACT.hasRiskLevel)) == {TRANSPARENCY}
    assert set(graph.objects(SYSTEM, IACOLL.qualificationRisque)) == {node}
    assert graph.value(node, EU_AIACT.hasRiskLevel) == TRANSPARENCY
    assert graph.value(node, PROV.wasAttributedTo) == URIRef(ORGANISATION)
    assert graph.value(node, IACOLL.sourceQualification) == IACOLL.AutoDeclaration
    assert graph.value(node, DCT.date) == Literal("2026-12-07", datatype=XSD.date)
    assert len(graph) - len(record) >= 8  # the record is kept whole


def test_a_new_qualification_replaces_level_and_clause_and_keeps_the_history() -> None:
    record = seed_record(SLUG)
    assert record is not None
    high = recorded(
        record,
        CASE,
        qualify(answers_for("cnaf-score-fraude")),
        URIRef(ORGANISATION),
        DAY,
        IACOLL.RevueEditoriale,
    )
    clause = EU_AIACT["HighRiskAISystem-AnnexIII-5-a"]
    assert set(high.objects(SYSTEM, SKOS.broader)) == {clause}
    again = recorded(high, CASE, qualify(answers_for(SLUG)), URIRef(ORGANISATION), DAY)
    first, second = (URIRef(f"{SYSTEM}/qualification/2026-12-07{n}") for n in ("", "-2"))
    assert set(again.objects(SYSTEM, IACOLL.qualificationRisque)) == {first, second}
    assert set(again.objects(SYSTEM, EU_AIACT.hasRiskLevel)) == {TRANSPARENCY}
    assert set(again.objects(SYSTEM, SKOS.broader)) == set()
    assert again.value(first, EU_AIACT.hasRiskLevel) == EU_AIACT["RiskLevelHigh-A6-2"]
    assert again.value(first, IACOLL.sourceQualification) == IACOLL.RevueEditoriale
    assert qualification_iri(again, SYSTEM, DAY) == URIRef(f"{SYSTEM}/qualification/2026-12-07-3")


def test_a_result_to_be_settled_is_not_recorded() -> None:
    record = seed_record(SLUG)
    assert record is not None
    with pytest.raises(NotStorable, match="elle est à préciser"):
        recorded(record, CASE, qualify({"systeme_ia": "nsp"}), URIRef(ORGANISATION), DAY)

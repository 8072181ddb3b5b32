"""The AI Act qualification driven by tests/fixtures/aiact/scenarios.toml: seed use cases
prefilled from their records plus a deployer's answers, and typical municipal systems."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from iacoll import sources
from iacoll.aiact import Result, load, qualify, questions_for
from iacoll.aiact.rules import NO, UNKNOWN, curie

SCENARIOS = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "aiact" / "scenarios.toml").read_text(encoding="utf-8")
)["scenario"]


def seed(slug: str) -> Graph:
    """A seed record, its public and members-only files together."""
    graph = Graph()
    for folder in ("cas-usage", "restreint"):
        path = sources.DATA_DIR / folder / f"{slug}.ttl"
        if path.exists():
            sources.read_rdf(path, into=graph)
    return graph


def answers_of(scenario: dict[str, Any]) -> dict[str, str]:
    """Prefill from the record, the scenario's answers, « non » for any yes/no question left."""
    record = seed(scenario["fiche"]) if "fiche" in scenario else None
    asked = questions_for(record, scenario["reponses"])
    answers = {a.question.id: a.answer for a in asked if a.answer is not None and not a.moot}
    for a in asked:
        if a.to_ask and not a.question.options:
            answers[a.question.id] = NO
    answers.update(scenario["reponses"])
    return answers


def run(scenario: dict[str, Any]) -> Result:
    return qualify(answers_of(scenario))


def test_there_are_at_least_30_scenarios_with_the_seed_use_cases() -> None:
    assert len(SCENARIOS) >= 30
    fiches = {s["fiche"] for s in SCENARIOS if "fiche" in s}
    assert {
        "amp-callbot-encombrants",
        "nantes-ia-cantines",
        "saint-savin-fuites",
        "rennes-ia-assainissement",
        "bordeaux-calque-plantabilite",
        "lyon-calque-plantabilite",
        "marseille-ia-du-quotidien",
        "la-haye-delibia",
    } <= fiches
    assert all((sources.DATA_DIR / "cas-usage" / f"{f}.ttl").exists() for f in fiches)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario_level_clauses_citations_and_obligations(scenario: dict[str, Any]) -> None:
    result = run(scenario)
    if scenario["niveau"] == "a-preciser":
        assert result.level is None
        provisional = scenario.get("provisoire")
        assert (result.provisional.id if result.provisional else None) == provisional
        assert [q.id for q in result.to_find] == scenario["a_preciser"]
    else:
        assert result.level is not None and result.level.id == scenario["niveau"]
        assert result.to_find == ()
    assert set(result.clauses) == {curie(c) for c in scenario.get("clauses", [])}
    cited = {c.text for step in result.reasoning for c in step.cite}
    assert set(scenario["cite"]) <= cited, set(scenario["cite"]) - cited
    assert [a.obligation.id for a in result.obligations] == scenario["obligations"]


def test_high_risk_gives_the_dpv_level_and_the_niveau_risque_concept() -> None:
    result = run(next(s for s in SCENARIOS if s["id"] == "cnaf-score-fraude"))
    assert result.level is not None
    assert str(result.level.iri) == "https://w3id.org/dpv/legal/eu/aiact#RiskLevelHigh-A6-2"
    assert str(result.level.concept) == "https://w3id.org/iacoll/vocab/niveau-risque/eleve"
    dates = {a.obligation.id: a.date.isoformat() for a in result.obligations if a.date}
    assert dates["art-4"] == "2025-02-02"
    assert dates["art-27"] == "2026-08-02"
    assert dates["art-86"] == "2026-08-02"


def test_annex_i_obligations_apply_from_2_august_2027() -> None:
    result = run(next(s for s in SCENARIOS if s["id"] == "sncf-nexteo-annexe-i"))
    art26 = next(a for a in result.obligations if a.obligation.id == "art-26")
    assert art26.date is not None and art26.date.isoformat() == "2027-08-02"


def test_a_critical_infrastructure_system_has_no_fria_registration_or_explanation_duty() -> None:
    result = run(next(s for s in SCENARIOS if s["id"] == "feux-circulation-composant-securite"))
    ids = {a.obligation.id for a in result.obligations}
    assert ids.isdisjoint({"art-27", "art-49-3", "art-86"})


def test_je_ne_sais_pas_yields_a_preciser_with_what_to_find_out() -> None:
    answers = answers_of(next(s for s in SCENARIOS if s["id"] == "sicoval-fuites-eau-nsp"))
    result = qualify(answers)
    assert result.level is None and result.provisional is not None
    assert [q.to_find("fr") for q in result.to_find] == [
        "vérifier si une panne du système peut mettre en danger des personnes ou des biens"
    ]
    assert result.to_json()["statut"] == "a-preciser"
    assert result.to_json()["a_preciser"][0]["question"] == "i_composant_securite"


def test_a_missing_answer_is_to_be_settled_like_je_ne_sais_pas() -> None:
    result = qualify({"systeme_ia": "oui"})
    assert result.level is None
    found = [q.id for q in result.to_find]
    assert found[:8] == [
        "a5_manipulation",
        "a5_vulnerabilites",
        "a5_notation_sociale",
        "a5_prediction_infractions",
        "a5_moissonnage_facial",
        "a5_emotions_travail_ecole",
        "a5_categorisation_sensible",
        "a5_biometrie_temps_reel",
    ]
    assert "d_biometrie" in found and "b_identification" not in found  # the gate first
    assert "derog_a" not in found and "annexe_i_texte" not in found


def test_an_unknown_question_or_answer_is_refused_with_the_field() -> None:
    from iacoll.aiact.engine import BadAnswer

    with pytest.raises(BadAnswer) as bad:
        qualify({"systeme_ia": "peut-être"})
    assert bad.value.field == "systeme_ia"
    with pytest.raises(BadAnswer) as unknown:
        qualify({"pas_une_question": "oui"})
    assert unknown.value.field == "pas_une_question"


PREFILLED = [
    slug
    for slug in sorted(p.stem for p in (sources.DATA_DIR / "cas-usage").glob("*.ttl"))
    if any(
        p in {str(x) for x in seed(slug).predicates()}
        for p in ("https://schema.org/audience", "https://w3id.org/iacoll/def#typeAlgorithme")
    )
]


def test_fifteen_seed_records_state_their_audience_or_algorithm_type() -> None:
    assert len(PREFILLED) == 15


@pytest.mark.parametrize("slug", PREFILLED)
def test_prefill_from_a_seed_record_asks_strictly_fewer_questions(slug: str) -> None:
    blank = [a for a in questions_for(None) if a.to_ask]
    prefilled = [a for a in questions_for(seed(slug)) if a.to_ask]
    assert len(prefilled) < len(blank) == len(load().questions)


def test_prefill_says_where_each_answer_comes_from() -> None:
    asked = {a.question.id: a for a in questions_for(seed("la-haye-delibia"))}
    assert asked["systeme_ia"].answer == "oui"
    assert asked["systeme_ia"].origin is not None
    assert (
        asked["systeme_ia"].origin("fr") == "prérempli depuis le type d'algorithme : IA générative"
    )
    assert asked["t_contenu_synthetique"].answer == "oui"
    assert asked["internes"].origin is not None
    assert asked["internes"].origin("fr") == "prérempli depuis le public visé : Élu"
    assert asked["t_interaction"].to_ask and asked["t_interaction"].answer is None


def test_a_deployers_answer_overrides_the_prefill() -> None:
    asked = {
        a.question.id: a for a in questions_for(seed("la-haye-delibia"), {"systeme_ia": UNKNOWN})
    }
    assert asked["systeme_ia"].answer == UNKNOWN and asked["systeme_ia"].origin is None


def test_a_gate_answered_non_makes_its_points_moot() -> None:
    asked = {a.question.id: a for a in questions_for(None, {"d_education": "non"})}
    assert not asked["e_admission"].to_ask and asked["e_admission"].answer == NO
    assert asked["d_emploi"].to_ask

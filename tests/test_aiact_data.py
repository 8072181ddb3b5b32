"""The AI Act rule files (aiact/*.toml): citations that exist, eu-aiact IRIs that exist in DPV
2.3, dates as data (an amendment is a data change), a qualification the shapes accept, and the
``iacoll qualify`` command."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from iacoll import sources
from iacoll.aiact import RulebookError, load, qualify, questions_for
from iacoll.aiact.citations import parse, problem
from iacoll.aiact.prefill import seed_record
from iacoll.aiact.result import NotStorable
from iacoll.aiact.rules import FOLDER, NO, curie
from iacoll.cli import main
from iacoll.model.record import Record
from iacoll.namespaces import DCT, EU_AIACT, IACOLL
from iacoll.validation_records import RecordValidator

EU_AIACT_TTL = sources.ROOT.parent / "shared" / "ext" / "ai" / "dpv-2.3" / "eu-aiact.ttl"
CNAF = {
    "systeme_ia": "oui", "usagers": "oui", "internes": "oui", "d_services_essentiels": "oui",
    "s_prestations": "oui", "profilage": "oui", "decision_individuelle": "oui",
    "effets_significatifs": "oui",
}  # fmt: skip


def complete(answers: dict[str, str]) -> dict[str, str]:
    """``answers`` with « non » for every yes/no question still to ask."""
    asked = questions_for(None, answers)
    return {**{a.question.id: NO for a in asked if a.to_ask and not a.question.options}, **answers}


def test_the_rulebook_has_its_questions_rules_obligations_and_dates() -> None:
    book = load()
    assert len(book.questions) == 61
    assert len([r for r in book.rules if r.clause and "AnnexIII" in r.clause]) == 25
    assert [o.id for o in book.obligations][:3] == ["art-4", "art-5", "art-26"]
    assert {d: str(book.dates[d].date) for d in ("chapitres-i-ii", "chapitre-v")} == {
        "chapitres-i-ii": "2025-02-02",
        "chapitre-v": "2025-08-02",
    }
    assert str(book.date_of("haut-risque-annexe-iii")) == "2026-08-02"
    assert str(book.date_of("haut-risque-annexe-i")) == "2027-08-02"
    assert {name: meta["version"] for name, meta in book.meta.items()} == dict.fromkeys(
        ("sources", "questions", "regles", "obligations", "dates"), "1.0.0"
    )


def test_every_question_rule_and_obligation_cites_an_existing_article() -> None:
    book = load()
    entries = [*book.questions, *book.rules, *book.obligations, *book.exceptions.values()]
    assert all(entry.cite for entry in entries)
    for entry in entries:
        for citation in entry.cite:
            assert problem(citation, book.texts) is None, citation.text
    cited = {c.text for entry in entries for c in entry.cite}
    assert {"art 5(1)(h)", "art 6(3)(d)", "annexe III 5(d)", "art 27(1)", "art 49(3)"} <= cited
    assert {"art 86(1)", "rgpd 22(1)", "crpa L311-3-1", "chap V"} <= cited


@pytest.mark.parametrize(
    "text", ["art 114", "art 5(1)(i)", "art 6(9)", "annexe III 9", "annexe III 5(e)", "cons 181"]
)
def test_a_citation_that_designates_nothing_is_caught(text: str) -> None:
    assert problem(parse(text), load().texts) is not None


def test_a_citation_links_to_the_eli_with_the_eur_lex_anchor() -> None:
    texts = load().texts
    assert parse("art 50(4)").url(texts) == "http://data.europa.eu/eli/reg/2024/1689/oj#art_50"
    assert parse("annexe III 5(a)").url(texts).endswith("/oj#anx_III")
    assert parse("annexe III 5(a)").label("fr") == "AI Act, annexe III, point 5(a)"
    assert parse("cons 53").label("en") == "AI Act, recital 53"


def eu_aiact_iris() -> set[URIRef]:
    book = load()
    found = {lv.iri for lv in book.levels.values() if lv.iri}
    for rule in book.rules:
        if rule.clause and "{annexe_i_texte}" in rule.clause:
            options = book.question("annexe_i_texte").options
            found |= {curie(rule.clause.format(annexe_i_texte=o)) for o, _ in options}
        elif rule.clause:
            found.add(curie(rule.clause))
    found |= {c for o in book.obligations for c in o.except_clauses}
    return found


def test_every_eu_aiact_iri_exists_in_the_local_dpv_2_3_copy() -> None:
    assert EU_AIACT_TTL.is_file(), f"{EU_AIACT_TTL} is missing: link ../shared next to the clone"
    dpv = Graph().parse(EU_AIACT_TTL)
    iris = eu_aiact_iris()
    assert len(iris) == 5 + 8 + 25 + 20
    assert all(str(iri).startswith(str(EU_AIACT)) for iri in iris)
    assert sorted(str(i) for i in iris if (i, None, None) not in dpv) == []
    assert (EU_AIACT["RiskLevelHighAnnexIII"], None, None) not in dpv  # the doc pitfall


def copied_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "aiact"
    shutil.copytree(FOLDER, folder)
    return folder


def test_an_amendment_in_force_changes_the_dates_without_code(tmp_path: Path) -> None:
    folder = copied_rules(tmp_path)
    dates = folder / "dates.toml"
    dates.write_text(
        dates.read_text(encoding="utf-8").replace("en_vigueur = false", "en_vigueur = true"),
        encoding="utf-8",
    )
    before = {a.obligation.id: a.date for a in qualify(complete(CNAF)).obligations}
    after = {a.obligation.id: a.date for a in qualify(complete(CNAF), load(folder)).obligations}
    assert before["art-27"] == datetime.date(2026, 8, 2)
    assert after["art-27"] == after["art-49-3"] == datetime.date(2027, 12, 2)
    assert after["art-4"] == before["art-4"] == datetime.date(2025, 2, 2)


def test_a_changed_date_changes_the_obligations_date(tmp_path: Path) -> None:
    folder = copied_rules(tmp_path)
    dates = folder / "dates.toml"
    text = dates.read_text(encoding="utf-8")
    dates.write_text(text.replace("date = 2026-08-02", "date = 2026-09-01"), encoding="utf-8")
    after = {a.obligation.id: a.date for a in qualify(complete(CNAF), load(folder)).obligations}
    assert after["art-86"] == datetime.date(2026, 9, 1)


def test_a_rule_naming_an_unknown_question_fails_at_load_time(tmp_path: Path) -> None:
    folder = copied_rules(tmp_path)
    rules = folder / "regles.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("a5_manipulation = ", "a5_manipulatoin = ", 1), "utf-8")
    with pytest.raises(RulebookError, match="a5_manipulatoin"):
        load(folder)


def test_a_bad_citation_fails_at_load_time_with_its_entry(tmp_path: Path) -> None:
    folder = copied_rules(tmp_path)
    rules = folder / "obligations.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace('"art 26(7)"', '"art 26(13)"'), encoding="utf-8")
    with pytest.raises(RulebookError, match="art-26-7"):
        load(folder)


AMP = "https://w3id.org/iacoll/id/organisation/metropole-aix-marseille-provence"
CALLBOT = "amp-callbot-encombrants"


def test_the_stored_qualification_conforms_to_the_shapes() -> None:
    answers = complete({"systeme_ia": "oui", "usagers": "oui", "t_interaction": "oui"})
    result = qualify(answers)
    system = URIRef("https://w3id.org/iacoll/id/systeme/" + CALLBOT)
    q = URIRef(str(system) + "/qualification/2026-12-07")
    graph = result.to_graph(system, q, URIRef(AMP), datetime.date(2026, 12, 7))
    assert (q, EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelTransparencyRequired) in graph
    assert (q, IACOLL.sourceQualification, IACOLL.AutoDeclaration) in graph
    assert (q, PROV.wasAttributedTo, URIRef(AMP)) in graph
    assert (q, DCT.date, Literal("2026-12-07", datatype=XSD.date)) in graph
    assert {o.language for o in graph.objects(q, DCT.description)} == {"fr", "en"}
    public = sources.read_rdf(sources.DATA_DIR / "cas-usage" / f"{CALLBOT}.ttl") + graph
    restricted = sources.read_rdf(sources.DATA_DIR / "restreint" / f"{CALLBOT}.ttl")
    record = Record(URIRef("https://w3id.org/iacoll/id/cas-usage/" + CALLBOT), public, restricted)
    cited = sources.read_rdf(
        sources.DATA_DIR / "organisation" / "metropole-aix-marseille-provence.ttl"
    )
    problems = RecordValidator(sources.DATA_DIR).problems([record], cited)[record.iri]
    assert [p.message_en for p in problems if p.severity == "violation"] == []


def test_a_high_risk_qualification_states_the_clause_on_the_system() -> None:
    system = URIRef("https://w3id.org/iacoll/id/systeme/x")
    graph = qualify(complete(CNAF)).to_graph(
        system, URIRef(str(system) + "/q"), URIRef(AMP), datetime.date(2026, 12, 7)
    )
    assert (system, SKOS.broader, EU_AIACT["HighRiskAISystem-AnnexIII-5-a"]) in graph
    assert (system, EU_AIACT.hasRiskLevel, EU_AIACT["RiskLevelHigh-A6-2"]) in graph
    q = URIRef(str(system) + "/q")
    assert set(graph.objects(q, IACOLL.clauseAIAct)) == {EU_AIACT["HighRiskAISystem-AnnexIII-5-a"]}
    version = load().version
    assert version == "1.0.0"
    assert graph.value(q, DCT.conformsTo) == URIRef(
        f"https://w3id.org/iacoll/aiact/regles/{version}"
    )


def test_a_result_to_be_settled_is_not_stored() -> None:
    result = qualify({"systeme_ia": "oui"})
    with pytest.raises(NotStorable, match="à préciser"):
        result.to_graph(URIRef("urn:s"), URIRef("urn:q"), URIRef(AMP), datetime.date(2026, 12, 7))


def test_cli_qualifies_a_record_with_answers(tmp_path: Path) -> None:
    answers = complete({"systeme_ia": "oui", "t_interaction": "oui", "gpai": "oui"})
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    out = CliRunner().invoke(main, ["qualify", "la-haye-delibia", "--answers", str(path)])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Niveau : Obligations de transparence (article 50)\n")
    assert "[2026-08-02] Informer les personnes" in out.output
    as_json = CliRunner().invoke(
        main, ["qualify", CALLBOT, "--answers", str(path), "--format", "json"]
    )
    data = json.loads(as_json.output)
    assert data["resultat"]["niveau"]["iri"] == str(EU_AIACT.RiskLevelTransparencyRequired)


def test_cli_exit_codes_for_a_preciser_and_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    pending = runner.invoke(main, ["qualify", "la-haye-delibia"])
    assert pending.exit_code == 1
    assert "À établir :" in pending.output
    assert "Obligations du déployeur public (provisoires) :" in pending.output
    assert (
        "[oui] systeme_ia — prérempli depuis le type d'algorithme : IA générative" in pending.output
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"systeme_ia": "peut-être"}', encoding="utf-8")
    refused = runner.invoke(main, ["qualify", "--answers", str(bad)])
    assert refused.exit_code == 2
    assert f"{bad}:systeme_ia: « peut-être » n'est pas l'une de oui, non, nsp" in refused.output
    unknown = runner.invoke(main, ["qualify", "pas-une-fiche"])
    assert unknown.exit_code == 2 and "pas-une-fiche: fiche introuvable" in unknown.output


def test_a_record_is_found_by_its_iri_too() -> None:
    graph = seed_record("https://w3id.org/iacoll/id/cas-usage/la-haye-delibia")
    assert graph is not None and len(graph) > 20


def test_a_question_no_rule_uses_fails_at_load_time(tmp_path: Path) -> None:
    folder = copied_rules(tmp_path)
    questions = folder / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("contexte = true", "contexte = false"), encoding="utf-8")
    with pytest.raises(RulebookError, match="question usagers : utilisée par aucune règle"):
        load(folder)

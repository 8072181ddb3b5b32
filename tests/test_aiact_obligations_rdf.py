"""The AI Act obligations in the store (issue 12, item 7): graph ``regles-aiact`` generated from
``aiact/*.toml`` (15 obligations, their levels, dates and citations), in the public store and
the dumps, its IRIs answering 303 to the rules page, and SPARQL example 32 giving what the
statistics page computes (:func:`iacoll.aiact.overview.standing`) on a store where four seed
systems are qualified through the write path."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from collections import defaultdict
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS, XSD

from iacoll import derived, downloads, generation, sources, store
from iacoll.aiact import load, rdf
from iacoll.aiact.recording import recorded
from iacoll.aiact.rules import FOLDER
from iacoll.app import create_app
from iacoll.model.record import Record
from iacoll.namespaces import DCT, DPV, EU_AIACT, IACOLL, RDF
from iacoll.pages.aiact_overview import overview
from iacoll.pages.site import Site
from iacoll.publishing.log import State
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Author
from iacoll.settings import Settings
from iacoll.terms import to_rdflib
from tests.conftest import copy_store
from tests.test_aiact import SCENARIOS, run
from tests.test_sparql_examples import _run

BASE = "https://w3id.org/iacoll/"
RULES = URIRef(f"{BASE}aiact/regles/1.0.0")
ELI = "http://data.europa.eu/eli/reg/2024/1689/oj"
QUERY = sources.ROOT / "sparql" / "32-obligations-aiact-systemes-qualifies.rq"
UNCONDITIONAL = ["art-4", "art-5", "art-26", "art-26-8", "art-27", "art-49-3"]
ANNEX_III_2 = EU_AIACT["HighRiskAISystem-AnnexIII-2"]


def obligation(oid: str) -> URIRef:
    return URIRef(f"{RULES}/obligations/{oid}")


def date(did: str) -> URIRef:
    return URIRef(f"{RULES}/dates/{did}")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return rdf.graph(load())


def levels(g: Graph, oid: str) -> dict[str, tuple[str | None, str | None]]:
    """Rulebook level → (eu-aiact level, date of application) of an obligation."""
    found = {}
    for application in g.objects(obligation(oid), IACOLL.applicationObligation):
        level = g.value(application, IACOLL.niveauRisqueAIAct)
        when = g.value(g.value(application, IACOLL.dateApplication), DCT.date)
        found[str(application).split("#")[1]] = (
            str(level).split("#")[1] if level else None,
            str(when) if when else None,
        )
    return found


# --- the graph, from the rule files -------------------------------------------------------


def test_the_graph_has_the_15_obligations_and_8_dates(graph: Graph) -> None:
    obligations = sorted(graph.subjects(RDF.type, IACOLL.ObligationAIAct))
    assert len(obligations) == 15
    assert set(graph.subjects(RDF.type, DPV.Obligation)) == set(obligations)
    assert len(set(graph.subjects(RDF.type, IACOLL.DateApplicationAIAct))) == 8
    assert (RULES, RDF.type, DCT.Standard) in graph
    assert graph.value(RULES, DCT.source) == URIRef(ELI)
    assert all(graph.value(o, DCT.isPartOf) == RULES for o in obligations)
    unconditional = {
        str(graph.value(o, DCT.identifier))
        for o in obligations
        if graph.value(o, IACOLL.obligationConditionnelle) == Literal(False)
    }
    assert unconditional == set(UNCONDITIONAL)
    for o in obligations:
        labels = {getattr(lit, "language", None) for lit in graph.objects(o, SKOS.prefLabel)}
        assert labels == {"fr", "en"}, o


def test_high_risk_obligations_apply_from_the_date_of_their_article_6_paragraph(
    graph: Graph,
) -> None:
    """Art. 6(1) (Annex I) and 6(2) (Annex III) are two eu-aiact levels, dated apart."""
    assert levels(graph, "art-26") == {
        "haut-risque-a6-1": ("RiskLevelHigh-A6-1", "2027-08-02"),
        "haut-risque-a6-2": ("RiskLevelHigh-A6-2", "2026-08-02"),
    }
    assert levels(graph, "art-5") == {"interdit": ("RiskLevelProhibited", "2025-02-02")}
    assert len(levels(graph, "art-4")) == 5
    # Outside the AI Act: the CRPA applies to « hors champ » too (no eu-aiact level), in force.
    assert levels(graph, "crpa-l311-3-1")["hors-champ"] == (None, None)


def test_an_obligation_carries_its_text_citations_and_excluded_clause(graph: Graph) -> None:
    fria = obligation("art-27")
    assert graph.value(fria, IACOLL.clauseExclue) == ANNEX_III_2
    title = Literal("Analyse d'impact sur les droits fondamentaux (FRIA)", lang="fr")
    assert (fria, SKOS.prefLabel, title) in graph
    sources_of = set(graph.objects(fria, DCT.source))
    assert sources_of == {URIRef(f"{ELI}#art_27"), URIRef(f"{ELI}#rct_96")}
    cited = {str(c) for c in graph.objects(fria, DCT.bibliographicCitation)}
    assert {"AI Act, art. 27(1)", "AI Act, Art. 27(4)", "AI Act, recital 96"} <= cited
    description = graph.value(fria, DCT.description)
    assert description is not None and "FRIA" in str(description)
    condition = {
        getattr(lit, "language", None): str(lit)
        for lit in graph.objects(obligation("art-50-3"), IACOLL.conditionObligation)
    }
    assert condition == {
        "fr": "d_biometrie = oui ; et l'un de : (b_emotions = oui) ou (b_categorisation = oui)",
        "en": "d_biometrie = oui; and one of: (b_emotions = oui) or (b_categorisation = oui)",
    }


def test_a_date_of_application_has_its_legal_source(graph: Graph) -> None:
    annex_iii = date("haut-risque-annexe-iii")
    assert graph.value(annex_iii, DCT.date) == Literal("2026-08-02", datatype=XSD.date)
    assert set(graph.objects(annex_iii, DCT.source)) == {URIRef(f"{ELI}#art_113")}
    crpa = date("crpa-en-vigueur")
    assert graph.value(crpa, DCT.date) is None  # in force, no single date
    legifrance = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000031366350"
    assert graph.value(crpa, DCT.source) == URIRef(legifrance)
    assert graph.value(date("rgpd"), DCT.date) == Literal("2018-05-25", datatype=XSD.date)


def test_an_amendment_in_force_is_a_data_change_of_the_graph(tmp_path: Path) -> None:
    folder = tmp_path / "aiact"
    shutil.copytree(FOLDER, folder)
    dates = folder / "dates.toml"
    dates.write_text(
        dates.read_text(encoding="utf-8").replace("en_vigueur = false", "en_vigueur = true"),
        encoding="utf-8",
    )
    named = next(g for g in store.GRAPHS if g.key == "regles-aiact")
    files = [
        folder / p.name if p.suffix == ".toml" else p for p in named.files(Settings.from_env({}))
    ]
    g = rdf.read(files)
    annex_iii = date("haut-risque-annexe-iii")
    assert g.value(annex_iii, DCT.date) == Literal("2027-12-02", datatype=XSD.date)
    omnibus = URIRef("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52025PC0836")
    assert set(g.objects(annex_iii, DCT.source)) == {URIRef(f"{ELI}#art_113"), omnibus}
    assert levels(g, "art-26")["haut-risque-a6-1"] == ("RiskLevelHigh-A6-1", "2028-08-02")


# --- in the store, the dumps and the web ---------------------------------------------------


def test_the_graph_is_public_and_rebuilt_from_the_rule_files(
    seed_settings: Settings, graph: Graph
) -> None:
    named = next(g for g in store.GRAPHS if g.key == "regles-aiact")
    assert named.public and "regles-aiact" in store.STATIC_INPUTS
    names = {p.name for p in named.files(seed_settings)}
    assert {"obligations.toml", "dates.toml", "regles.toml", "rdf.py"} <= names
    assert f"{BASE}graph/regles-aiact" in store.public_graph_iris(seed_settings)
    stores = store.open_stores(seed_settings)
    for opened in (stores.public, stores.full):
        quads = opened.quads_for_pattern(
            None, None, None, ox.NamedNode(f"{BASE}graph/regles-aiact")
        )
        stored = Graph()
        for q in quads:
            stored.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        assert len(stored) == len(graph) and isomorphic(stored, graph)


def test_the_dumps_hold_the_obligations(seed_settings: Settings) -> None:
    dump = (downloads.folder(seed_settings) / "iacoll.nt").read_text(encoding="utf-8")
    fria = f"<{obligation('art-27')}> <{RDF.type}> <{IACOLL.ObligationAIAct}> ."
    assert fria in dump
    assert dump.count(f"<{RDF.type}> <{IACOLL.ObligationAIAct}> .") == 15


def test_obligation_and_date_iris_answer_303_to_the_rules_page(seed_settings: Settings) -> None:
    client = TestClient(create_app(seed_settings))
    rules = "/aiact/regles"
    cases = {
        f"{rules}/1.0.0/obligations/art-27": f"{rules}#o-art-27",
        f"{rules}/1.0.0/dates/haut-risque-annexe-iii": f"{rules}#d-haut-risque-annexe-iii",
    }
    for path, target in cases.items():
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, target)
    page = client.get(rules).text
    assert 'id="o-art-27"' in page and 'id="d-haut-risque-annexe-iii"' in page
    missing = ("1.0.0/obligations/art-99", "0.9.0/obligations/art-27", "1.0.0/questions/art-27")
    for path in missing:
        assert client.get(f"{rules}/{path}", follow_redirects=False).status_code == 404


# --- query 32: the outstanding obligations across the catalogue -----------------------------


def rows(settings: Settings) -> list[dict[str, str]]:
    text = QUERY.read_text(encoding="utf-8")
    body = json.loads(_run(store.open_stores(settings).public, settings, text).body)
    return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]


def test_on_the_seed_every_unconditional_obligation_applies_to_no_system(
    seed_settings: Settings,
) -> None:
    found = rows(seed_settings)
    assert len(found) == 11  # art-4 at five levels, art-26 at two, the four others at one
    assert {r["obligation"].rsplit("/", 1)[1] for r in found} == set(UNCONDITIONAL)
    assert all(r["nbSystemes"] == "0" for r in found)


def scenario(sid: str, **answers: str) -> dict[str, Any]:
    found = next(s for s in SCENARIOS if s["id"] == sid)
    return {**found, "reponses": {**found["reponses"], **answers}}


# Four seed systems qualified at four levels. The Sicoval's is a test hypothesis (its scenario
# leaves the safety-component question open; answered « oui » here to reach Annex III point 2).
QUALIFIED = {
    "cnaf-detection-fraudes": scenario("cnaf-score-fraude"),
    "sncf-nexteo": scenario("sncf-nexteo-annexe-i"),
    "amp-callbot-encombrants": scenario("amp-callbot-encombrants"),
    "sicoval-fuites-eau": scenario("sicoval-fuites-eau-nsp", i_composant_securite="oui"),
}


@pytest.fixture(scope="module")
def qualified(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the seed where four systems are qualified through the write path."""
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("aiact-obligations"))
    writer, _ = store.writer_for(settings)
    records = {str(r.iri).rsplit("/", 1)[1]: r for r in seed_records(settings.data_path)}
    when = datetime.date(2026, 12, 7)
    changed = []
    for slug, case in QUALIFIED.items():
        record = records[slug]
        publisher = record.public.value(record.iri, DCT.publisher)
        assert isinstance(publisher, URIRef)
        graph = recorded(record.public, record.iri, run(case), publisher, when)
        changed.append(Record(record.iri, graph, record.restricted))
    saved = writer.save_many(
        changed,
        author=Author(account_id=1, role="moderateur"),
        state=State.PUBLIE,
        bases=[1] * len(changed),
        source="formulaire",
    )
    assert all(not isinstance(s, list) for s in saved), saved
    stores = store.open_stores(settings)
    derived.refresh_derived(settings, stores.public, stores.full)
    generation.advance(settings.store_path, generation.current(settings.store_path).number)
    writer.db.close()
    return settings


def by_obligation(found: list[dict[str, str]]) -> dict[str, tuple[int, str]]:
    """The query's rows summed per obligation as the statistics page does: the systems, and
    the earliest date among the levels that have one."""
    count: dict[str, int] = defaultdict(int)
    dates: dict[str, list[str]] = defaultdict(list)
    for r in found:
        n = int(r["nbSystemes"])
        if n:
            oid = r["obligation"].rsplit("/", 1)[1]
            count[oid] += n
            dates[oid].append(r["dateApplication"])
    return {oid: (count[oid], min(dates[oid])) for oid in count}


def test_query_32_counts_the_systems_each_obligation_applies_to(qualified: Settings) -> None:
    found = rows(qualified)
    assert len(found) == 11
    counts = {
        (r["obligation"].rsplit("/", 1)[1], r["niveauAIAct"].split("#")[1]): int(r["nbSystemes"])
        for r in found
        if r["nbSystemes"] != "0"
    }
    assert counts == {
        ("art-4", "RiskLevelHigh-A6-1"): 1,
        ("art-4", "RiskLevelHigh-A6-2"): 2,
        ("art-4", "RiskLevelTransparencyRequired"): 1,
        ("art-26", "RiskLevelHigh-A6-1"): 1,
        ("art-26", "RiskLevelHigh-A6-2"): 2,
        # Annex III point 2 (the Sicoval) excludes 26(8), 27 and 49(3): the CNAF alone.
        ("art-26-8", "RiskLevelHigh-A6-2"): 1,
        ("art-27", "RiskLevelHigh-A6-2"): 1,
        ("art-49-3", "RiskLevelHigh-A6-2"): 1,
    }
    assert by_obligation(found) == {
        "art-4": (4, "2025-02-02"),
        "art-26": (3, "2026-08-02"),
        "art-26-8": (1, "2026-08-02"),
        "art-27": (1, "2026-08-02"),
        "art-49-3": (1, "2026-08-02"),
    }


def test_query_32_agrees_with_the_statistics_page(qualified: Settings) -> None:
    """The oracle: the page's own computation (:func:`iacoll.aiact.overview.standing` over the
    public store) gives the same obligations, counts and dates as the query."""
    site = Site(qualified, store.open_stores(qualified).public)
    page = overview(site, datetime.date(2026, 12, 7))
    assert page.qualified == 4
    expected = {s.obligation.id: (len(s.systems), str(s.date)) for s in page.obligations}
    assert by_obligation(rows(qualified)) == expected


def test_the_statistics_page_links_query_32(seed_settings: Settings) -> None:
    page = TestClient(create_app(seed_settings)).get("/statistiques").text
    link = re.search(r'<a href="(/sparql\?query=[^"]+)">Obligations AI Act des systèmes', page)
    assert link is not None
    opened = unquote_plus(unescape(link.group(1)).split("query=", 1)[1])
    assert opened == QUERY.read_text(encoding="utf-8")

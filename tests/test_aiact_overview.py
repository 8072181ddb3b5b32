"""The statistics page's AI Act block (issue 12, item 7): how many systems are qualified, and
the obligations of a public deployer that follow from the qualified levels alone, counted
across the catalogue from the rule files — on the seed (nothing qualified) and after a
high-risk qualification saved through the write path."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from iacoll import derived, generation, store
from iacoll.aiact import load, qualify
from iacoll.aiact.overview import Qualified, standing
from iacoll.app import create_app
from iacoll.cli import main
from iacoll.model.record import Record
from iacoll.namespaces import EU_AIACT
from iacoll.publishing.log import State
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Author
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.test_aiact_data import CNAF as CNAF_ANSWERS
from tests.test_aiact_data import complete

CNAF = "cnaf-detection-fraudes"
BASE = "https://w3id.org/iacoll/"
ANNEX_III_5A = EU_AIACT["HighRiskAISystem-AnnexIII-5-a"]


def ids(level: str, *clauses: URIRef) -> list[tuple[str, str]]:
    found = standing(load(), [Qualified(URIRef("urn:s"), EU_AIACT[level], frozenset(clauses))])
    return [(s.obligation.id, str(s.date)) for s in found]


def test_obligations_follow_from_the_level_and_the_clause() -> None:
    assert ids("RiskLevelHigh-A6-2", ANNEX_III_5A) == [
        ("art-4", "2025-02-02"),
        ("art-26", "2026-08-02"),
        ("art-26-8", "2026-08-02"),
        ("art-27", "2026-08-02"),
        ("art-49-3", "2026-08-02"),
    ]
    # Annex III point 2 (critical infrastructure): no FRIA, no registration by the deployer.
    critical = EU_AIACT["HighRiskAISystem-AnnexIII-2"]
    assert ids("RiskLevelHigh-A6-2", critical) == [
        ("art-4", "2025-02-02"),
        ("art-26", "2026-08-02"),
    ]
    assert ids("RiskLevelMinimal") == [("art-4", "2025-02-02")]
    assert ids("RiskLevelProhibited") == [("art-4", "2025-02-02"), ("art-5", "2025-02-02")]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_seed_has_no_qualified_system(seed_settings: Settings) -> None:
    page = text_of(TestClient(create_app(seed_settings)).get("/statistiques").text)
    assert "Obligations AI Act des systèmes qualifiés" in page
    assert "Systèmes d'IA qualifiés : 0 sur 52 (52 non qualifiés)." in page
    assert "Aucun système n'est encore qualifié" in page


@pytest.fixture(scope="module")
def qualified(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the seed where the CNAF's fraud-scoring system is qualified high risk
    (Annex III 5(a)) by a moderator, through the write path."""
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("aiact-overview"))
    writer, _ = store.writer_for(settings)
    record = next(r for r in seed_records(settings.data_path) if str(r.iri).endswith(CNAF))
    system = URIRef(str(record.iri).replace("/cas-usage/", "/systeme/"))
    publisher = record.public.value(record.iri, URIRef("http://purl.org/dc/terms/publisher"))
    assert isinstance(publisher, URIRef)
    result = qualify(complete(CNAF_ANSWERS))
    assert result.clauses == (ANNEX_III_5A,)
    added = result.to_graph(
        system, URIRef(f"{system}/qualification/2026-12-07"), publisher, datetime.date(2026, 12, 7)
    )
    graph = Graph()
    graph += record.public
    graph += added
    saved = writer.save_many(
        [Record(record.iri, graph, record.restricted)],
        author=Author(account_id=1, role="moderateur"),
        state=State.PUBLIE,
        bases=[1],
        source="formulaire",
    )
    assert not isinstance(saved[0], list), saved[0]
    stores = store.open_stores(settings)
    derived.refresh_derived(settings, stores.public, stores.full)
    generation.advance(settings.store_path, generation.current(settings.store_path).number)
    writer.db.close()
    return settings


def test_a_high_risk_system_brings_its_obligations(qualified: Settings) -> None:
    client = TestClient(create_app(qualified))
    page = text_of(client.get("/statistiques").text)
    assert "Systèmes d'IA qualifiés : 1 sur 52 (51 non qualifiés)." in page
    assert "analyse d'impact sur les droits fondamentaux" in page.lower()
    assert "à partir du" in page or "depuis le" in page
    english = text_of(client.get("/statistiques?lang=en").text)
    assert "Qualified AI systems: 1 of 52 (51 not qualified)." in english


def test_the_aiact_database_export_drafts_annex_viii_c(
    seed_settings: Settings, qualified: Settings
) -> None:
    """Nothing to register on the seed; the CNAF's high-risk system (Annex III 5(a), a national
    authority) gives one draft, each point of Section C drafted or listed as missing."""
    from iacoll.federation import aiact_database_export as export

    empty = json.loads(export.export(store.open_stores(seed_settings).public, BASE))
    assert empty["systemes"] == []
    document = json.loads(export.export(store.open_stores(qualified).public, BASE))
    (draft,) = document["systemes"]
    assert draft["systeme"] == f"{BASE}id/systeme/{CNAF}"
    assert draft["clauses"] == [str(ANNEX_III_5A)]
    assert draft["qualifie_le"] == "2026-12-07"
    points = {p["point"]: p for p in draft["informations"]}
    assert list(points) == ["C.1", "C.2", "C.3", "C.4", "C.5"]
    assert points["C.1"]["valeur"] == (
        f"Caisse nationale des allocations familiales (Cnaf) <{BASE}id/organisation/cnaf>"
    )
    assert "aucune analyse d'impact n'est déclarée (article 27)" in points["C.4"]["manque"]
    assert draft["manquant"] == ["C.1", "C.2", "C.3", "C.4", "C.5"]
    assert document["source"] == "http://data.europa.eu/eli/reg/2024/1689/oj#anx_VIII"


def test_the_export_command_writes_the_drafts(qualified: Settings, tmp_path: Path) -> None:
    out = tmp_path / "enregistrement.json"
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--to",
            "aiact-database",
            "--out",
            str(out),
            "--store",
            str(qualified.store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["systemes"]) == 1


def test_the_notice_states_the_qualification(seed_settings: Settings, qualified: Settings) -> None:
    """The transparency notice says whether the system is qualified, and how."""
    seed = text_of(TestClient(create_app(seed_settings)).get(f"/id/cas-usage/{CNAF}/notice").text)
    assert "Le système n'est pas qualifié au regard du règlement (UE) 2024/1689" in seed
    page = TestClient(create_app(qualified)).get(f"/id/cas-usage/{CNAF}/notice").text
    assert (
        "Niveau de risque du système : Haut risque (article 6(2), annexe III) "
        "(qualification du 7 décembre 2026)."
    ) in text_of(page)


def test_a_high_risk_system_page_names_its_level(qualified: Settings) -> None:
    """RiskLevelHigh-A6-2 is a narrower match of « Risque élevé » (niveau-risque vocabulary)."""
    page = text_of(TestClient(create_app(qualified)).get(f"/id/systeme/{CNAF}").text)
    start = page.find("Niveau de risque (AI Act) :")
    shown = page[start : start + 120]
    assert "Risque élevé ( eu-aiact:RiskLevelHigh-A6-2 ) Requalifier" in shown, shown

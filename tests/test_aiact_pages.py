"""« Règles de qualification AI Act » (/aiact/regles) and the stateless AI Act API."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from iacoll.aiact import load

JSON = {"Accept": "application/json"}


def plain(text: str) -> str:
    """The page's text with the non-breaking spaces of French typography as spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def client(seed_app: FastAPI) -> TestClient:
    return TestClient(seed_app)  # no lifespan: seed_app is shared


def test_the_rules_page_renders_the_rule_files_with_their_sources(client: TestClient) -> None:
    page = client.get("/aiact/regles?lang=fr")
    assert page.status_code == 200
    text = plain(page.text)
    assert "<h1>Règles de qualification AI Act</h1>" in text
    book = load()
    assert text.count('<tr id="q-') == len(book.questions) == 61
    assert text.count('<tr id="r-') == len(book.rules)
    assert text.count('<tr id="o-') == len(book.obligations)
    assert (
        'href="http://data.europa.eu/eli/reg/2024/1689/oj#art_5">AI Act, art. 5(1)(h)</a>' in text
    )
    assert "<code>eu-aiact:HighRiskAISystem-AnnexIII-5-d</code>" in text
    assert '<tr id="d-haut-risque-annexe-iii"><th scope="row">2026-08-02</th>' in text
    assert '<tr id="o-art-4"><th scope="row"><strong>Maîtrise de l&#39;IA</strong><br>' in text
    assert "COM(2025) 836" in text and "2027-12-02" in text
    assert "non appliquée : les dates du texte de 2024 restent celles du moteur" in text


def test_the_rules_page_in_english(client: TestClient) -> None:
    page = client.get("/aiact/regles?lang=en")
    assert "<h1>AI Act qualification rules</h1>" in page.text
    assert ">AI Act, Art. 27(1)</a>" in page.text


def test_the_home_page_links_to_the_rules(client: TestClient) -> None:
    assert (
        '<a href="/aiact/regles">Règles de qualification AI Act</a>' in client.get("/?lang=fr").text
    )


def test_questions_api_prefills_from_a_published_record(client: TestClient) -> None:
    blank = client.get("/api/aiact/questions").json()["questions"]
    assert len(blank) == 61 and all(q["a_poser"] for q in blank)
    fiche = "https://w3id.org/iacoll/id/cas-usage/bethune-bruay-routes"
    found = client.get("/api/aiact/questions", params={"fiche": fiche, "lang": "fr"}).json()[
        "questions"
    ]
    usagers = next(q for q in found if q["id"] == "usagers")
    assert usagers["reponse"] == "oui"
    assert usagers["origine"] == "prérempli depuis le public visé : Grand public"
    assert sum(q["a_poser"] for q in found) == 60


def test_questions_api_refuses_an_unknown_record(client: TestClient) -> None:
    answer = client.get(
        "/api/aiact/questions",
        params={"fiche": "https://w3id.org/iacoll/id/cas-usage/inconnue"},
        headers=JSON,
    )
    assert answer.status_code == 404


def test_qualification_api_gives_level_clause_reasoning_and_obligations(
    client: TestClient,
) -> None:
    answers = {q.id: "non" for q in load().questions if not q.options}
    answers |= {"systeme_ia": "oui", "d_emploi": "oui", "t_recrutement": "oui", "profilage": "oui"}
    answer = client.post("/api/aiact/qualification", json=answers)
    assert answer.status_code == 200
    data = answer.json()
    assert data["statut"] == "qualifie"
    assert data["niveau"]["iri"] == "https://w3id.org/dpv/legal/eu/aiact#RiskLevelHigh-A6-2"
    assert data["clauses"] == ["https://w3id.org/dpv/legal/eu/aiact#HighRiskAISystem-AnnexIII-4-a"]
    assert [o["id"] for o in data["obligations"]] == [
        "art-4",
        "art-26",
        "art-26-8",
        "art-27",
        "art-49-3",
    ]
    assert data["obligations"][3]["date"] == "2026-08-02"


def test_qualification_api_says_what_to_find_out(client: TestClient) -> None:
    data = client.post("/api/aiact/qualification", json={"systeme_ia": "nsp"}).json()
    assert data["statut"] == "a-preciser" and data["niveau"] is None
    assert data["a_preciser"][0]["question"] == "systeme_ia"


def test_qualification_api_refuses_a_bad_answer(client: TestClient) -> None:
    answer = client.post("/api/aiact/qualification", json={"systeme_ia": "bof"}, headers=JSON)
    assert answer.status_code == 400
    assert "systeme_ia" in answer.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_rules_page_passes_the_crawl_oracles(client: TestClient, lang: str) -> None:
    """No raw IRI outside code, no English on the French page."""
    from iacoll.pages.i18n import MESSAGES
    from tests.crawl import Oracles, problems
    from tests.html import dom

    response = client.get("/aiact/regles", params={"lang": lang})
    oracles = Oracles.build(MESSAGES, [], []) if lang == "fr" else None
    assert problems(dom(response.text), lang == "fr", oracles) == []


def test_the_rules_version_a_qualification_cites_dereferences(client: TestClient) -> None:
    answer = client.get("/aiact/regles/1.0.0", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/aiact/regles"
    old = client.get("/aiact/regles/0.1.0", headers={"Accept": "application/json"})
    assert old.status_code == 404 and "historique du dossier aiact/" in old.json()["error"]

"""« Qualifier un système » (/aiact/qualifier): the questionnaire without JavaScript, its result,
and saving a qualification as a new revision through the write path (TestClient; the revision's
graph is tested on its own in test_aiact_recording.py); and the issue's done-when: every seed
use case shows a qualification or « Non qualifié » with a link to qualify it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, PROV, RDF, SKOS, XSD
from sqlalchemy import func, select

from iacoll import sources
from iacoll.aiact import load, questions_for
from iacoll.aiact.prefill import seed_record
from iacoll.model.record import Record
from iacoll.namespaces import DCT, EU_AIACT, IACOLL, ID
from iacoll.publishing.log import Revision, State
from iacoll.publishing.write import Author
from iacoll.settings import Settings
from tests.conftest import FIXTURES, copy_store
from tests.html import dom
from tests.moderation_support import ORGANISATION, OTHER_ORGANISATION, seed_copy, sign_in

SLUG = "amp-callbot-encombrants"
CASE, SYSTEM = ID[f"cas-usage/{SLUG}"], ID[f"systeme/{SLUG}"]
PAGE = "/aiact/qualifier"
TRANSPARENCY = EU_AIACT.RiskLevelTransparencyRequired
# The seed use cases whose documents describe no AI system (no ai:hasAISystem).
WITHOUT_SYSTEM = {"idfm-vianavigo", "lorient-celtic", "porto-vecchio-lia"}


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def scenario(sid: str) -> dict[str, Any]:
    found = tomllib.loads((FIXTURES / "aiact" / "scenarios.toml").read_text(encoding="utf-8"))
    return next(s for s in found["scenario"] if s["id"] == sid)


def answers_for(sid: str) -> dict[str, str]:
    """The scenario's answers, « non » for every yes/no question still asked (as the
    scenarios' table reads them)."""
    given = dict(scenario(sid)["reponses"])
    fiche = scenario(sid).get("fiche")
    for asked in questions_for(seed_record(fiche) if fiche else None, given):
        if asked.to_ask and not asked.question.options:
            given[asked.question.id] = "non"
    return given


def query(answers: dict[str, str], **extra: str) -> dict[str, str]:
    return {"fiche": str(CASE), **{f"q-{k}": v for k, v in answers.items()}, **extra}


# --- the page, stateless (the shared seed application) -----------------------------------------


@pytest.fixture(scope="module")
def seed_client(seed_app: FastAPI) -> TestClient:
    return TestClient(seed_app)  # no lifespan: seed_app is shared


def test_the_page_shows_the_record_its_system_and_every_question(seed_client: TestClient) -> None:
    page = seed_client.get(PAGE, params={"fiche": f"/id/cas-usage/{SLUG}"})
    assert page.status_code == 200
    html = dom(page.text)
    assert html.first("h1").text == "Qualifier un système au regard de l'AI Act"
    record = html.first("dl", class_="qualifier-fiche").first("a")
    assert record.attrs["href"] == f"/id/cas-usage/{SLUG}"
    assert record.text == "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"
    questions = list(html.all("fieldset", class_="question"))
    assert len(questions) == len(load().questions) == 61
    assert all(q.first("legend").text for q in questions)
    # every radio has its label
    radios = list(html.all("input", type="radio"))
    labels = {label.attrs["for"] for label in html.all("label")}
    assert len(radios) > 3 * 61 and all(r.attrs["id"] in labels for r in radios)
    art5 = html.first(id="question-a5_manipulation").links()
    assert art5["http://data.europa.eu/eli/reg/2024/1689/oj#art_5"] == "AI Act, art. 5(1)(a)"
    assert "Enregistrer cette qualification" not in page.text
    assert not list(html.all(id="resultat"))


def test_answers_the_record_gives_are_prefilled_with_their_origin(seed_client: TestClient) -> None:
    fiche = "https://w3id.org/iacoll/id/cas-usage/bethune-bruay-routes"
    html = dom(seed_client.get(PAGE, params={"fiche": fiche}).text)
    usagers = html.first(id="question-usagers")
    prefilled = usagers.first(class_="prerempli")
    assert plain(prefilled.text) == "prérempli depuis le public visé : Grand public"
    assert usagers.attrs["aria-describedby"] == "origine-usagers aide-usagers"
    assert "checked" in usagers.first(id="q-usagers-oui").attrs
    assert "checked" not in html.first(id="q-systeme_ia-oui").attrs
    assert len(list(html.all(class_="prerempli"))) == 1


def test_questions_that_follow_an_answer_appear_after_an_update_without_javascript(
    seed_client: TestClient,
) -> None:
    first = dom(seed_client.get(PAGE, params={"fiche": str(CASE)}).text)
    assert "hidden" in first.first(id="question-e_admission").attrs
    assert first.first(id="question-e_admission").attrs["data-poser-si"] == "d_education"
    assert "hidden" not in first.first(id="question-d_education").attrs
    assert first.first("button", value="maj").text == "Mettre à jour les questions"
    yes = dom(seed_client.get(PAGE, params=query({"d_education": "oui"}, action="maj")).text)
    assert "hidden" not in yes.first(id="question-e_admission").attrs
    assert "checked" in yes.first(id="q-d_education-oui").attrs
    assert not list(yes.all(id="resultat"))
    no = dom(seed_client.get(PAGE, params=query({"d_education": "non"}, action="maj")).text)
    assert "hidden" in no.first(id="question-e_admission").attrs


def test_the_result_of_the_callbot_scenario(seed_client: TestClient) -> None:
    page = seed_client.get(PAGE, params=query(answers_for(SLUG), action="resultat"))
    assert page.status_code == 200
    html = dom(page.text)
    level = html.first(id="niveau-propose")
    assert level.first("strong").text == "Risque limité"
    assert level.first("code").text == "eu-aiact:RiskLevelTransparencyRequired"
    assert level.first("a", rel="external").attrs["href"] == str(TRANSPARENCY)
    cited = {plain(a.text) for a in html.first(id="raisonnement").all("a")}
    assert {"AI Act, art. 50(1)", "AI Act, art. 50(2)"} <= cited
    rows = list(html.first(id="obligations").first("tbody").all("tr"))
    assert [plain(r.first("th").text)[:20] for r in rows] == [
        "Maîtrise de l'IA : p",
        "Informer les personn",
    ]
    assert rows[0].first("time").attrs["datetime"] == "2025-02-02"
    assert plain(rows[0].first("time").text) == "2 février 2025"
    # signed out: no save button, an invitation to sign in
    assert "Enregistrer cette qualification" not in page.text
    assert "peuvent enregistrer la qualification une fois connectés" in plain(page.text)


def test_a_result_to_be_settled_lists_what_to_find_out_and_provisional_obligations(
    seed_client: TestClient,
) -> None:
    given = {"d_infrastructure": "oui", "i_composant_securite": "nsp"}
    answers = {**answers_for(SLUG), **given}
    html = dom(seed_client.get(PAGE, params=query(answers, action="resultat")).text)
    assert plain(html.first(id="niveau-propose").text).startswith("À préciser")
    to_find = [plain(li.text) for li in html.first(id="a-etablir").all("li")]
    assert to_find == [
        "vérifier si une panne du système peut mettre en danger des personnes ou des biens"
    ]
    level = html.first(id="niveau-propose")
    assert "Niveau provisoire" in plain(level.text)
    assert level.first("code").text == "eu-aiact:RiskLevelTransparencyRequired"
    assert "Obligations du déployeur public (provisoire)" in plain(html.first(id="resultat").text)
    cells = html.first(id="obligations").all("td")
    dates = [plain(td.text) for td in cells if list(td.all("time"))]
    assert dates == ["2 février 2025 (provisoire)", "2 août 2026 (provisoire)"]


def test_the_page_in_english(seed_client: TestClient) -> None:
    page = seed_client.get(PAGE, params=query(answers_for(SLUG), action="resultat", lang="en"))
    html = dom(page.text)
    assert html.first("h1").text == "Qualify a system under the AI Act"
    assert "I don't know" in html.first(id="question-systeme_ia").text
    assert "AI Act, Art. 50(1)" in [a.text for a in html.first(id="raisonnement").all("a")]
    assert html.first("input", name="lang").attrs["value"] == "en"


def test_a_fiche_that_is_not_a_use_case_is_a_404(seed_client: TestClient) -> None:
    page = seed_client.get(PAGE, params={"fiche": ORGANISATION})
    assert page.status_code == 404
    assert "n'est pas une fiche de cas d'usage" in plain(page.text)


def test_every_seed_use_case_shows_a_qualification_or_non_qualifie_with_a_link(
    seed_client: TestClient,
) -> None:
    slugs = sorted(p.stem for p in (sources.DATA_DIR / "cas-usage").glob("*.ttl"))
    assert len(slugs) == 55
    for slug in slugs:
        html = dom(seed_client.get(f"/id/cas-usage/{slug}?lang=fr").text)
        if slug in WITHOUT_SYSTEM:  # nothing to qualify: the page says so
            assert "Aucun système d'IA n'est décrit pour cette fiche." in plain(html.text)
            continue
        risk = html.first("section", class_="system").first("div", class_="risk")
        link = risk.first("p", class_="qualify").first("a")
        target = f"/aiact/qualifier?fiche=https%3A//w3id.org/iacoll/id/cas-usage/{slug}"
        assert link.attrs["href"] == target, slug
        if list(risk.all(class_="not-qualified")):
            assert risk.first(class_="not-qualified").text == "Non qualifié", slug
            assert link.text == "Qualifier ce système", slug
        else:
            assert risk.first("a", rel="external").first("code"), slug
            assert link.text == "Requalifier", slug


# --- saving (a private copy of the store, with accounts) ----------------------------------------


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_store(seed_settings, tmp_path_factory.mktemp("aiact-form"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app_for(settings)) as found:
        yield found


def create_app_for(settings: Settings) -> FastAPI:
    from iacoll.app import create_app

    return create_app(settings)


def revisions(client: TestClient) -> list[Revision]:
    app: Any = client.app
    with app.state.db.transaction() as session:
        found = session.scalars(
            select(Revision).where(Revision.record_iri == str(CASE)).order_by(Revision.number)
        ).all()
        session.expunge_all()
    return list(found)


def result_page(client: TestClient, answers: dict[str, str]) -> str:
    page = client.get(PAGE, params=query(answers, action="resultat"))
    assert page.status_code == 200
    return page.text


def save_form(html: str) -> dict[str, str]:
    """The hidden fields of the « Enregistrer cette qualification » form."""
    form = dom(html).first(id="enregistrer").first("form")
    return {i.attrs["name"]: i.attrs["value"] for i in form.all("input")}


def saved_graph(revision: Revision) -> Graph:
    return Record.from_text(revision.record_iri, revision.public_nt).public


def qualifications(graph: Graph) -> dict[str, tuple[Any, ...]]:
    return {
        str(q).rsplit("/", 1)[-1]: (
            graph.value(q, EU_AIACT.hasRiskLevel),
            graph.value(q, PROV.wasAttributedTo),
            graph.value(q, IACOLL.sourceQualification),
        )
        for q in graph.objects(SYSTEM, IACOLL.qualificationRisque)
    }


def test_a_member_of_another_organisation_sees_no_save_button_and_may_not_save(
    client: TestClient,
) -> None:
    sign_in(client, "bordeaux@example.org", "contributeur", [OTHER_ORGANISATION])
    html = result_page(client, answers_for(SLUG))
    assert "Enregistrer cette qualification" not in html
    before = len(revisions(client))
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/compte").text)
    assert token is not None
    forged = {"csrf": token.group(1), **query(answers_for(SLUG))}
    answer = client.post(PAGE, data=forged, follow_redirects=False)
    assert answer.status_code == 403
    assert "Seuls les membres de l'organisation" in plain(answer.text)
    assert len(revisions(client)) == before


def test_a_moderators_save_publishes_an_editorial_review(client: TestClient) -> None:
    sign_in(client, "moderation@example.org", "moderateur", [])
    html = result_page(client, answers_for("cnaf-score-fraude"))
    assert "vous publiez la qualification comme revue éditoriale" in plain(html)
    before = revisions(client)
    answer = client.post(PAGE, data=save_form(html), follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/id/cas-usage/{SLUG}"
    after = revisions(client)
    assert len(after) == len(before) + 1 and after[-1].state == State.PUBLIE.value
    found = qualifications(saved_graph(after[-1]))
    assert list(found.values()) == [
        (EU_AIACT["RiskLevelHigh-A6-2"], ID["organisation-iacoll"], IACOLL.RevueEditoriale)
    ]
    page = dom(client.get(f"/id/cas-usage/{SLUG}").text)
    risk = page.first("section", class_="system").first("div", class_="risk")
    assert risk.first("a", rel="external").text == "eu-aiact:RiskLevelHigh-A6-2"
    assert risk.first("p", class_="qualify").first("a").text == "Requalifier"


def test_a_members_save_is_submitted_and_keeps_the_previous_qualification(
    client: TestClient,
) -> None:
    sign_in(client, "amp@example.org", "contributeur", [ORGANISATION])
    html = result_page(client, answers_for(SLUG))
    assert "soumise aux modérateurs" in plain(html)
    form = save_form(html)
    before = revisions(client)
    answer = client.post(PAGE, data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith(f"{PAGE}?fiche=")
    notice = client.get(answer.headers["location"]).text
    assert "Qualification enregistrée et soumise aux modérateurs" in plain(notice)
    after = revisions(client)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert new.state == State.SOUMIS.value and new.source == "formulaire"
    graph = saved_graph(new)
    found = qualifications(graph)
    assert len(found) == 2  # the moderator's review is kept
    day = max(found)
    assert found[day] == (TRANSPARENCY, URIRef(ORGANISATION), IACOLL.AutoDeclaration)
    assert set(graph.objects(SYSTEM, EU_AIACT.hasRiskLevel)) == {TRANSPARENCY}
    assert set(graph.objects(SYSTEM, SKOS.broader)) == set()
    assert new.restricted_nt == before[-1].restricted_nt


def test_a_save_with_a_bad_csrf_token_or_signed_out_changes_nothing(client: TestClient) -> None:
    sign_in(client, "amp@example.org", "contributeur", [ORGANISATION])
    before = len(revisions(client))
    bad = client.post(PAGE, data={"csrf": "faux", **query(answers_for(SLUG))})
    assert bad.status_code == 403
    client.cookies.clear()
    anonymous = client.post(PAGE, data=query(answers_for(SLUG)))
    assert anonymous.status_code == 401
    assert len(revisions(client)) == before


def test_a_result_to_be_settled_has_no_save_button_and_says_why(client: TestClient) -> None:
    sign_in(client, "amp@example.org", "contributeur", [ORGANISATION])
    html = result_page(client, {**answers_for(SLUG), "systeme_ia": "nsp"})
    assert "Enregistrer cette qualification" not in html
    assert "ne peut pas être enregistrée : elle est à préciser" in plain(html)
    form = {"csrf": re.findall(r'name="csrf" value="([^"]+)"', client.get("/compte").text)[0]}
    refused = client.post(PAGE, data={**form, **query({"systeme_ia": "nsp"})})
    assert refused.status_code == 400
    assert "Qualification non enregistrable" in plain(refused.text)


def test_a_save_the_shapes_refuse_is_shown_in_french_and_saves_nothing(client: TestClient) -> None:
    """A record whose earlier qualification names an organisation the catalogue does not know
    (published with that organisation given as context) cannot be saved again as it is."""
    app: Any = client.app
    slug, unknown = "essai-qualification", ID["organisation/inconnue"]
    record = seed_copy(slug, "Essai de qualification")
    system, node = ID[f"systeme/{slug}"], ID[f"systeme/{slug}/qualification/2025-01-01"]
    for triple in (
        (system, IACOLL.qualificationRisque, node),
        (node, RDF.type, IACOLL.QualificationRisqueAIAct),
        (node, EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelMinimal),
        (node, IACOLL.sourceQualification, IACOLL.AutoDeclaration),
        (node, PROV.wasAttributedTo, unknown),
        (node, DCT.date, Literal("2025-01-01", datatype=XSD.date)),
    ):
        record.public.add(triple)
    known = Graph()
    known.add((unknown, RDF.type, FOAF.Agent))
    app.state.writer.save(record, author=Author.system(), state=State.PUBLIE, cited=known)
    sign_in(client, "amp@example.org", "contributeur", [ORGANISATION])
    fiche = str(ID[f"cas-usage/{slug}"])
    page = client.get(PAGE, params={**query(answers_for(SLUG), action="resultat"), "fiche": fiche})
    transaction = app.state.writer.db.transaction
    with transaction() as session:
        count = session.scalar(select(func.count()).select_from(Revision))
    refused = client.post(PAGE, data=save_form(page.text))
    assert refused.status_code == 422
    summary = dom(refused.text).first(id="resume-erreurs")
    assert summary.first("h2").text == (
        "La fiche qualifiée n'est pas conforme : rien n'a été enregistré."
    )
    assert "n'est pas une organisation connue (foaf:Agent)" in plain(summary.text)
    with transaction() as session:
        assert session.scalar(select(func.count()).select_from(Revision)) == count

"""The contribution form: its fields and pickers, bad input, and the pages (TestClient)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from starlette.datastructures import FormData

from iacoll.app import create_app
from iacoll.model.fields import FIELDS
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.namespaces import VOCAB
from iacoll.publishing.accounts import Organisation, add_account
from iacoll.publishing.log import Revision, State
from iacoll.publishing.write import Author
from iacoll.settings import Settings
from iacoll.web.form_fields import GROUPS, WIDGETS, form_groups, vocabulary_options
from iacoll.web.form_input import input_problems, read_values, siret_problem, text_problem
from iacoll.web.form_preview import preview
from tests.conftest import copy_store
from tests.html import Element, dom

SCHEMES = {f.key: f.scheme for f in FIELDS if f.scheme}

# --- fields and pickers (no server) ------------------------------------------------------------


def test_every_upstream_field_has_a_widget_and_one_place_in_the_four_blocks() -> None:
    placed = [key for _, keys in GROUPS for key in keys]
    assert sorted(placed) == sorted(f.key for f in FIELDS)
    assert len(placed) == len(set(placed)) == 39
    assert set(WIDGETS) == {f.key for f in FIELDS}
    assert [key for key, _ in GROUPS] == ["organisation", "projet", "algorithme", "gouvernance"]


def test_pickers_list_the_french_labels_in_the_order_of_the_vocabulary_files() -> None:
    options = vocabulary_options()
    labels = [o.label("fr") for o in options["statut"]]
    assert labels == ["En expérimentation", "En déploiement", "Terminée", "Abandonné"]
    assert [o.label("fr") for o in options["budget"]] == [
        "Moins de 50k€",
        "De 50k€ à 100k€",
        "Plus de 100k€",
    ]
    assert options["statut"][0].label("en") == "Pilot (experimentation)"
    assert options["statut"][0].value == f"{VOCAB}statut/experimentation"


def test_narrower_concepts_follow_their_broader_one_and_sub_themes_group_by_theme() -> None:
    types = [(o.label("fr"), o.depth) for o in vocabulary_options()["type-collectivite"]]
    epci = types.index(("Établissement public de coopération intercommunale", 0))
    assert types[epci + 1] == ("Métropole", 1)
    sub = vocabulary_options()["sous-theme"]
    groups = list(dict.fromkeys(o.group("fr") for o in sub))
    assert groups[:2] == ["Transition écologique et énergétique", "Attractivité et aménagement"]
    assert groups[-1] == "Administration et organisation interne"
    water = next(o for o in sub if o.label("fr") == "Gestion de l'eau")
    assert water.group("fr") == "Transition écologique et énergétique"


def test_form_fields_carry_their_values_problems_and_restricted_mark() -> None:
    problem = Problem("Le SIRET est faux.", "Wrong SIRET.", field="coll_siret", value="1")
    groups = form_groups({"coll_siret": ["1"], "budget": [f"{VOCAB}budget/lt50k"]}, [problem])
    by_key = {f.key: f for g in groups for f in g.fields}
    assert by_key["coll_siret"].problems == [problem]
    assert by_key["coll_siret"].value == "1"
    assert by_key["budget"].restricted and not by_key["nom_projet"].restricted
    assert by_key["nom_projet"].spec.required and not by_key["status_abandon"].spec.required


# --- bad input ---------------------------------------------------------------------------------


def test_a_siret_needs_14_digits_and_a_valid_check_digit() -> None:
    assert siret_problem("243 300 316 00011") is None  # Bordeaux Métropole (seeds/003)
    wrong = siret_problem("24330031600012")
    assert wrong is not None and wrong.field == "coll_siret"
    assert wrong.message_fr.startswith("Ce SIRET n'existe pas : sa clé de contrôle est fausse")
    short = siret_problem("2433003160001")
    assert short is not None and "14 chiffres" in short.message_fr
    # La Poste: its head office is an ordinary Luhn number, its establishments' digits add up
    # to a multiple of 5 (the write path's rule, iacoll.model.upstream_values.siret_valid)
    assert siret_problem("35600000000048") is None
    assert siret_problem("35600000049837") is None
    assert siret_problem("35600000049838") is not None


def test_tags_and_control_characters_are_refused_but_plain_text_is_not() -> None:
    script = text_problem("nom_projet", "Chatbot <script>alert(1)</script>")
    assert script is not None and "code HTML ou JavaScript" in script.message_fr
    assert text_problem("nom_projet", "<img src=x onerror=alert(1)>") is not None
    assert text_problem("risque", "coût < 50 k€ et gain > 10 %") is None
    bell = text_problem("usage_description", "Un service\x07 utile")
    assert bell is not None and "caractère de contrôle" in bell.message_fr
    assert text_problem("usage_description", "Deux lignes\net une tabulation\t.") is None


def test_read_values_keeps_every_value_and_splits_lines() -> None:
    form = FormData(
        [
            ("nom_projet", "  Callbot  "),
            ("partenaires", "Université de Bordeaux\r\n\r\nInria"),
            ("audience_service", f"{VOCAB}cible/agent"),
            ("audience_service", f"{VOCAB}cible/elu"),
            ("budget", ""),
        ]
    )
    values = read_values(form)
    assert values["nom_projet"] == ["Callbot"]
    assert values["partenaires"] == ["Université de Bordeaux", "Inria"]
    assert values["audience_service"] == [f"{VOCAB}cible/agent", f"{VOCAB}cible/elu"]
    assert values["budget"] == []


def test_a_value_outside_the_picker_is_a_problem_on_its_field() -> None:
    values = {"projet_status": ["https://example.org/autre"], "nom_projet": ["<b>x</b>"]}
    problems = input_problems(values, vocabulary_options(), SCHEMES)
    assert {p.field for p in problems} == {"projet_status", "nom_projet"}


def test_the_preview_shows_public_fields_with_labels_and_never_restricted_ones() -> None:
    values = {
        "nom_projet": ["Callbot"],
        "coll_nom": ["Métropole Aix-Marseille-Provence"],
        "usage_description": ["Un callbot pour les encombrants."],
        "projet_status": [f"{VOCAB}statut/deploiement"],
        "budget": [f"{VOCAB}budget/lt50k"],
        "nom_algorithme": ["Reconnaissance vocale secrète"],
    }
    shown = preview(form_groups(values, []), "fr")
    assert shown.title == "Callbot"
    assert shown.publisher == "Métropole Aix-Marseille-Provence"
    rows = {label: v for g in shown.groups for label, v in g.rows}
    assert rows == {"Maturité": ["En déploiement"]}


# --- the pages (TestClient over a copy of the seed store) -------------------------------------

BORDEAUX = "243300316"
BORDEAUX_IRI = "https://w3id.org/iacoll/id/organisation/bordeaux-metropole"
AIX_MARSEILLE = "200054807"
PASSWORD = "mot de passe très long"


def concept(scheme: str, label: str) -> str:
    """The IRI of the concept of ``scheme`` whose French label is ``label``."""
    return next(o.value for o in vocabulary_options()[scheme] if o.label("fr") == label)


def complete_values() -> dict[str, str | list[str]]:
    """A record as a contributor of Bordeaux Métropole would type it (test input)."""
    return {
        "organisation": BORDEAUX,
        "coll_nom": "Bordeaux Métropole",
        "coll_siret": "243 300 316 00011",
        "coll_type": concept("type-collectivite", "Métropole"),
        "latitude": "44.8380737",
        "longitude": "-0.5844559",
        "nom_projet": "Repérage des fuites du réseau d'eau",
        "usage_description": "Un modèle signale les fuites probables du réseau d'eau potable.",
        "projet_status": concept("statut", "En expérimentation"),
        "projet_date": "03/2025",
        "theme": concept("theme", "Transition écologique et énergétique"),
        "sous_theme": [concept("sous-theme", "Gestion de l'eau")],
        "audience_service": [concept("cible", "Agent")],
        "projet_contact": "eau@bordeaux-metropole.example",
        "mise_en_oeuvre": [concept("mode-developpement", "Projet développé en interne")],
        "herbergement": [concept("hebergement", "En interne de l'administration")],
        "nom_algorithme": "Détecteur de fuites confidentiel",
        "type_algorithme": [concept("type-algorithme", "Machine Learning")],
        "donnees_source": [concept("source-donnees", "Jeu de données interne")],
        "donnees_acces": [concept("mode-collecte", "Automatisée")],
        "date": "2026-12-01",
    }


@pytest.fixture(scope="module")
def form_settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the seed store and its revision log, written by these tests only."""
    return copy_store(seed_settings, tmp_path_factory.mktemp("contribute"))


@pytest.fixture(scope="module")
def app(form_settings: Settings) -> FastAPI:
    application = create_app(form_settings)
    with application.state.db.transaction() as session:
        add_account(
            session,
            "agent@bordeaux.example",
            PASSWORD,
            "contributeur",
            [Organisation(BORDEAUX, BORDEAUX_IRI)],
        )
    return application


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


def sign_in(client: TestClient, email: str = "agent@bordeaux.example") -> None:
    client.cookies.clear()
    page = dom(client.get("/connexion").text)
    csrf = page.first("input", name="csrf").attrs["value"]
    answer = client.post("/connexion", data={"email": email, "password": PASSWORD, "csrf": csrf})
    assert answer.status_code == 303, answer.text


def open_form(client: TestClient, url: str = "/publier/nouveau") -> Element:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    return dom(answer.text)


def post(client: TestClient, values: dict[str, str | list[str]], action: str) -> Response:
    page = open_form(client)
    data = {**values, "csrf": page.first("input", name="csrf").attrs["value"], "action": action}
    return client.post("/publier", data=data)


def revisions(app: FastAPI) -> list[Revision]:
    with app.state.db.transaction() as session:
        return list(session.scalars(select(Revision).where(Revision.source == "formulaire")))


def count_revisions(app: FastAPI) -> int:
    with app.state.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Revision)) or 0


def inline_message(page: Element, key: str) -> str:
    """The problem shown next to field ``key``, checked to be announced with the input."""
    message = page.one(id=f"erreur-{key}")
    field = page.one(id=f"champ-{key}")
    assert field.attrs.get("aria-invalid") == "true"
    assert f"erreur-{key}" in field.attrs["aria-describedby"].split()
    assert page.one("div", id="resume-erreurs").first("a", href=f"#champ-{key}")
    return message.text


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    client.cookies.clear()
    answer = client.get("/publier/nouveau")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/connexion?suite=%2Fpublier%2Fnouveau"
    assert client.post("/publier", data={"nom_projet": "x"}).status_code == 303


def test_the_form_lists_every_field_grouped_marked_and_filled_for_the_organisation(
    client: TestClient,
) -> None:
    sign_in(client)
    page = open_form(client)
    for spec in FIELDS:
        block = page.one("div", id=f"bloc-{spec.key}")
        multiple = WIDGETS[spec.key].kind == "checkboxes"
        shown = block.first("legend" if multiple else "label").text
        assert shown.startswith(spec.label_fr), spec.key
        assert ("(non publique)" in shown) == (spec.access == "restreint"), spec.key
        assert ("*" in shown) == spec.required, spec.key
        if not multiple:
            assert block.first("label").attrs["for"] == f"champ-{spec.key}"
            assert page.one(id=f"champ-{spec.key}").attrs["name"] == spec.key
    legends = [legend.text for legend in page.all("legend")]
    names = ("Collectivité", "Projet", "Algorithme", "Gouvernance de l'IA")
    assert [text for text in legends if text in names] == list(names)
    status = page.one("select", name="projet_status")
    assert [o.text for o in status.all("option")][1:] == [
        "En expérimentation",
        "En déploiement",
        "Terminée",
        "Abandonné",
    ]
    organisation = page.one("select", name="organisation")
    assert organisation.one("option", selected="").attrs["value"] == BORDEAUX
    assert page.one("input", name="coll_nom").attrs["value"] == "Bordeaux Métropole"
    assert page.one("input", name="latitude").attrs["value"] == "44.8380737"
    metropole = page.one("select", name="coll_type").one("option", selected="")
    assert metropole.text == "— Métropole"


def test_a_draft_is_saved_incomplete_and_reopened_with_its_values(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client)
    values = {
        "organisation": BORDEAUX,
        "coll_nom": "Bordeaux Métropole",
        "nom_projet": "Brouillon de projet",
        "theme": concept("theme", "Mobilités"),
    }
    answer = post(client, values, "brouillon")
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/publier/modifier?fiche=") and location.endswith(
        "enregistre=brouillon"
    )
    saved = [r for r in revisions(app) if "Brouillon de projet" in r.public_nt]
    assert [r.state for r in saved] == [State.BROUILLON.value]
    page = open_form(client, location)
    assert "Le brouillon est enregistré" in page.one(id="notice").text
    assert page.one("input", name="nom_projet").attrs["value"] == "Brouillon de projet"
    mobility = page.one("select", name="theme").one("option", selected="")
    assert mobility.text == "Mobilités"


def test_a_wrong_siret_is_shown_next_to_its_field_and_nothing_is_saved(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client)
    before = count_revisions(app)
    values = {**complete_values(), "coll_siret": "243 300 316 00012"}
    answer = post(client, values, "soumettre")
    assert answer.status_code == 422
    page = dom(answer.text)
    assert "clé de contrôle est fausse" in inline_message(page, "coll_siret")
    assert count_revisions(app) == before
    assert page.one("input", name="coll_siret").attrs["value"] == "243 300 316 00012"
    assert page.one("input", name="nom_projet").attrs["value"] == values["nom_projet"]
    assert page.one("textarea", name="usage_description").text == values["usage_description"]
    water = page.one("input", value=concept("sous-theme", "Gestion de l'eau"))
    assert "checked" in water.attrs


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("nom_projet", "Chatbot <script>alert('x')</script>", "code HTML ou JavaScript"),
        ("usage_description", "Un service\x1b[31m coloré", "caractère de contrôle"),
    ],
)
def test_tags_and_control_characters_save_nothing_even_in_a_draft(
    client: TestClient, app: FastAPI, key: str, typed: str, expected: str
) -> None:
    sign_in(client)
    before = count_revisions(app)
    answer = post(client, {**complete_values(), key: typed}, "brouillon")
    assert answer.status_code == 422
    assert expected in inline_message(dom(answer.text), key)
    assert count_revisions(app) == before


def test_an_organisation_the_contributor_does_not_belong_to_is_refused(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client)
    before = count_revisions(app)
    foreign = {
        **complete_values(),
        "coll_nom": "Métropole d'Aix-Marseille-Provence",
        "coll_siret": "200 054 807 00017",
    }
    answer = post(client, foreign, "brouillon")
    assert answer.status_code == 403
    assert "n'est pas l'une des organisations de votre compte" in inline_message(
        dom(answer.text), "coll_siret"
    )
    forged = post(client, {**complete_values(), "organisation": AIX_MARSEILLE}, "brouillon")
    assert forged.status_code == 422
    assert "Vous n'êtes pas membre de cette organisation" in inline_message(
        dom(forged.text), "organisation"
    )
    assert count_revisions(app) == before


def test_the_preview_shows_the_public_page_without_restricted_fields(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client)
    before = count_revisions(app)
    answer = post(client, complete_values(), "apercu")
    assert answer.status_code == 200
    preview_section = dom(answer.text).one("section", id="apercu")
    assert preview_section.one("h3").text == "Repérage des fuites du réseau d'eau"
    assert preview_section.field("Maturité").text == "En expérimentation"
    assert preview_section.field("Sous-thèmes").text == "Gestion de l'eau"
    for secret in ("Détecteur de fuites confidentiel", "eau@bordeaux-metropole.example"):
        assert secret not in preview_section.text
        assert secret in answer.text  # still in the form: nothing lost
    assert count_revisions(app) == before


def test_a_form_without_its_csrf_token_is_refused(client: TestClient, app: FastAPI) -> None:
    sign_in(client)
    before = count_revisions(app)
    answer = client.post("/publier", data={**complete_values(), "action": "soumettre"})
    assert answer.status_code == 403
    assert "Le formulaire a expiré" in answer.text
    assert count_revisions(app) == before


def test_a_complete_record_is_submitted_for_moderation(client: TestClient, app: FastAPI) -> None:
    sign_in(client)
    answer = post(client, complete_values(), "soumettre")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("enregistre=soumis")
    submitted = [r for r in revisions(app) if "Repérage des fuites" in r.public_nt]
    assert [(r.state, r.organisation) for r in submitted] == [(State.SOUMIS.value, BORDEAUX_IRI)]
    assert "Détecteur de fuites confidentiel" in submitted[0].restricted_nt
    assert "Détecteur de fuites confidentiel" not in submitted[0].public_nt


def test_a_stale_form_keeps_the_values_and_says_why(client: TestClient, app: FastAPI) -> None:
    sign_in(client)
    fiche = "https://w3id.org/iacoll/id/cas-usage/bordeaux-calque-plantabilite"
    page = open_form(client, f"/publier/modifier?fiche={fiche}")
    base = page.one("input", name="base_number").attrs["value"]
    title = page.one("input", name="nom_projet").attrs["value"]
    assert base and title
    with app.state.db.transaction() as session:
        latest = session.scalars(
            select(Revision).where(Revision.record_iri == fiche).order_by(Revision.number.desc())
        ).first()
        assert latest is not None
        record = Record.from_text(fiche, latest.public_nt, latest.restricted_nt)
    app.state.writer.save(
        record,
        author=Author(None, frozenset(), "moderateur"),
        state=State.PUBLIE,
        base_number=int(base),
        source="cli",
    )  # someone else published meanwhile
    before = count_revisions(app)
    data = {
        "csrf": page.first("input", name="csrf").attrs["value"],
        "action": "soumettre",
        "fiche": fiche,
        "base_number": base,
        "organisation": BORDEAUX,
        "nom_projet": title + " (corrigé)",
    }
    answer = client.post("/publier", data=data)
    assert answer.status_code == 409
    shown = dom(answer.text)
    assert "modifiée et publiée entre-temps" in shown.one(id="perimee").text
    assert shown.one("input", name="nom_projet").attrs["value"] == title + " (corrigé)"
    assert count_revisions(app) == before

"""The contribution form: its fields and pickers, bad input, and the pages (TestClient)."""

from __future__ import annotations

from starlette.datastructures import FormData

from iacoll.model.fields import FIELDS
from iacoll.namespaces import VOCAB
from iacoll.web.form_fields import GROUPS, WIDGETS, form_groups, vocabulary_options
from iacoll.web.form_input import input_problems, read_values, siret_problem, text_problem
from iacoll.web.form_preview import preview

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
    from iacoll.model.problems import Problem

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
    assert siret_problem("35600000000048") is not None  # La Poste: digits sum to 26


def test_tags_and_control_characters_are_refused_but_plain_text_is_not() -> None:
    script = text_problem("nom_projet", "Chatbot <script>alert(1)</script>")
    assert script is not None and "balise HTML ou un script" in script.message_fr
    assert text_problem("nom_projet", "<img src=x onerror=alert(1)>") is not None
    assert text_problem("risque", "coût < 50 k€ et gain > 10 %") is None
    bell = text_problem("usage_description", "Un service\x07 utile")
    assert bell is not None and "caractères de contrôle" in bell.message_fr
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

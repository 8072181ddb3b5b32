"""Reading upstream values (iacoll.model.upstream.to_records): the labels, lists, SIRET, dates,
coordinates and texts of real exports, and the exact problem said for what cannot be read."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, ORG, RDF, SKOS, XSD

from iacoll.model.fields import FIELDS
from iacoll.model.upstream import to_records
from iacoll.namespaces import (
    ADMS,
    DCT,
    GEO,
    IACOLL,
    ID,
    SCHEMA,
    VCARD,
    VOCAB,
)
from tests.fixtures.upstream.helpers import (
    BORDEAUX,
    catalogue_without,
    only,
    violations,
)

# --- normalisation of real export values -------------------------------------------------------


AGENT, WATER, RISKS = (
    "cible/agent",
    "sous-theme/gestion-eau",
    "sous-theme/prevention-gestion-risques",
)
TWIN, ENERGY = "sous-theme/modelisation-jumeau-numerique", "sous-theme/performance-energetique"


@pytest.mark.parametrize(
    ("key", "given", "concepts"),
    [
        ("projet_status", "Terminé", ["statut/terminee"]),
        ("projet_status", "en EXPERIMENTATION", ["statut/experimentation"]),
        (
            "audience_service",
            "Agent, Élu, Grand public",
            [AGENT, "cible/elu", "cible/grand-public"],
        ),
        ("audience_service", "Agent - Aménageurs", ["cible/agent", "cible/amenageurs"]),
        (
            "audience_service",
            "Collectivités, Élu, Agent",
            [AGENT, "cible/collectivites", "cible/elu"],
        ),
        ("theme", "Transition écologique", ["theme/transition-ecologique"]),
        ("theme", "Citoyenneté, santé et solidarités", ["theme/citoyennete-sante-solidarite"]),
        ("theme", "Attractivité et développement", ["theme/attractivite-amenagement"]),
        ("theme", "Santé et solidarité", ["theme/sante-solidarite"]),
        ("theme", "Mobilité", ["theme/mobilites"]),
        ("sous_theme", "Gestion de l’eau, Prévention et gestion des risques", [WATER, RISKS]),
        ("sous_theme", "performance énergétique, Modélisation et jumeau numérique", [TWIN, ENERGY]),
    ],
)
def test_vocabulary_labels_of_real_exports(key: str, given: str, concepts: list[str]) -> None:
    built = only({key: given})
    assert built.record is not None
    prop = {"projet_status": ADMS.status, "audience_service": SCHEMA.audience}.get(key, DCAT.theme)
    prefix = str(VOCAB) + ("sous-theme/" if key == "sous_theme" else "")
    found = sorted(
        str(o)[len(str(VOCAB)) :]
        for o in built.record.public.objects(built.record.iri, prop)
        if str(o).startswith(prefix) and not (key == "theme" and "sous-theme" in str(o))
    )
    assert [c for c in found if key != "theme" or c.startswith("theme/")] == concepts
    assert violations(built) == []


@pytest.mark.parametrize(
    ("given", "concept"),
    [
        ("Métropole", "metropole"),
        ("EPT", "etablissement-public-territorial"),
        ("Communauté d'agglomérations", "communaute-agglomeration"),
        ("Département", "departement"),
    ],
)
def test_types_of_collectivite_of_real_exports(given: str, concept: str) -> None:
    values = {"coll_nom": "Bordeaux Métropole", "coll_type": given, "nom_projet": "Calque"}
    built = to_records(values, catalogue=catalogue_without("bordeaux-metropole"))
    assert built.organisation is not None
    types = set(built.organisation.public.objects(BORDEAUX, ORG.classification))
    assert types == {VOCAB[f"type-collectivite/{concept}"]}


def test_a_value_outside_the_vocabulary_names_the_allowed_values() -> None:
    built = only({"projet_status": "Suspendu"})
    assert violations(built) == [
        (
            "projet_status",
            "Maturité : « Suspendu » n'est pas une valeur admise. Valeurs admises :"
            " Abandonné · En déploiement · En expérimentation · Terminée.",
        )
    ]
    assert built.record is not None
    assert (built.record.iri, ADMS.status, None) not in built.record.public
    [problem] = [p for p in built.problems if p.field == "projet_status"]
    assert problem.value == "Suspendu"
    assert problem.path == "adms:status"
    assert problem.message_en.startswith("Maturity: “Suspendu” is not an accepted value.")


def test_siret_with_spaces_is_read_and_a_wrong_check_digit_is_a_problem() -> None:
    catalogue = catalogue_without("bordeaux-metropole")
    good = to_records(
        {"coll_nom": "Bordeaux Métropole", "coll_siret": "243 300 316 00011"}, catalogue=catalogue
    )
    assert good.organisation is not None
    notation = Literal("24330031600011", datatype=IACOLL.SIRET)
    assert (None, SKOS.notation, notation) in good.organisation.public
    bad = to_records(
        {"coll_nom": "Bordeaux Métropole", "coll_siret": "243 300 316 00012"}, catalogue=catalogue
    )
    assert [v for v in violations(bad) if v[0] == "coll_siret"] == [
        (
            "coll_siret",
            "Identifiant SIRET de la collectivité : le numéro SIRET « 243 300 316 00012 » n'est"
            " pas valide (clé de contrôle) : vérifiez-le sur annuaire-entreprises.data.gouv.fr.",
        )
    ]
    assert bad.organisation is not None
    assert (None, ADMS.identifier, None) not in bad.organisation.public
    short = to_records({"coll_siret": "2433003160001"}, catalogue=catalogue)
    assert violations(short)[0][1].endswith(
        "le numéro SIRET « 2433003160001 » doit compter 14 chiffres (SIREN de 9 chiffres puis"
        " NIC de 5 chiffres)."
    )


def test_la_poste_sirets_follow_their_own_rule() -> None:
    from iacoll.model.upstream_values import luhn, siret_valid

    assert siret_valid("35600000000048") and luhn("35600000000048")  # the head office
    assert siret_valid("35600000049837") and not luhn("35600000049837")  # sum of digits 50
    assert not siret_valid("35600000049838")


@pytest.mark.parametrize(
    ("given", "literal"),
    [
        ("04/2024", Literal("2024-04", datatype=XSD.gYearMonth)),
        ("15/03/2024", Literal("2024-03-15", datatype=XSD.date)),
        ("1/1/2024", Literal("2024-01-01", datatype=XSD.date)),
        ("2024", Literal("2024", datatype=XSD.gYear)),
        ("2024-04", Literal("2024-04", datatype=XSD.gYearMonth)),
    ],
)
def test_start_dates(given: str, literal: Literal) -> None:
    built = only({"projet_date": given})
    assert built.record is not None
    assert set(built.record.public.objects(built.record.iri, SCHEMA.startDate)) == {literal}


NOT_A_DATE = "n'est pas une date valide : écrivez-la "


NOT_DEGREES = "n'est pas une coordonnée en degrés décimaux entre "


@pytest.mark.parametrize(
    ("key", "given", "message"),
    [
        ("projet_date", "13/2024", f"la date « 13/2024 » {NOT_A_DATE}MM/AAAA, JJ/MM/AAAA ou AAAA."),
        (
            "projet_date",
            "31/02/2024",
            f"la date « 31/02/2024 » {NOT_A_DATE}MM/AAAA, JJ/MM/AAAA ou AAAA.",
        ),
        ("date", "04/2024", f"la date « 04/2024 » {NOT_A_DATE}JJ/MM/AAAA."),
        ("latitude", "91", f"« 91 » {NOT_DEGREES}-90 et 90 (par exemple 44.8378)."),
        (
            "longitude",
            "4" * 4300,
            f"« {'4' * 40} » {NOT_DEGREES}-180 et 180 (par exemple 44.8378).",
        ),
        (
            "projet_contact",
            "service.fr",
            "« service.fr » n'est pas une adresse électronique (service@collectivite.fr).",
        ),
        (
            "url_infos",
            "accès interne",
            "« accès interne » n'est pas une adresse web complète (https://…).",
        ),
    ],
)
def test_malformed_values_are_problems(key: str, given: str, message: str) -> None:
    built = only({key: given})
    [(field, text)] = violations(built)
    assert field == key
    assert text.endswith(" : " + message)


def test_coordinates_keep_their_digits_and_accept_a_decimal_comma() -> None:
    values = {
        "coll_nom": "Bordeaux Métropole",
        "latitude": "44,83807373",
        "longitude": "-0.5844559073",
    }
    built = to_records(values, catalogue=catalogue_without("bordeaux-metropole"))
    assert built.organisation is not None
    graph = built.organisation.public
    site = graph.value(BORDEAUX, ORG.hasPrimarySite)
    assert graph.value(site, GEO.lat) == Literal("44.83807373", datatype=XSD.decimal)
    assert graph.value(site, GEO.long) == Literal("-0.5844559073", datatype=XSD.decimal)


def test_control_characters_reject_the_text_and_script_tags_are_reported() -> None:
    built = only({"usage_description": "Un outil\x00 de prévision"})
    assert violations(built)[0][0] == "usage_description"
    assert built.record is not None
    assert (built.record.iri, DCT.description, None) not in built.record.public
    text = "Prévision <script>alert(1)</script> des repas"
    built = only({"usage_description": text})
    assert violations(built) == [
        (
            "usage_description",
            "Description globale du service et de ses usages : le texte contient une balise HTML"
            " ou du code (« <script> », « javascript: ») : retirez-la, seul du texte est"
            " attendu.",
        )
    ]
    assert built.record is not None  # kept as text, escaped on output, never published as is
    assert (built.record.iri, DCT.description, Literal(text, lang="fr")) in built.record.public


def test_line_breaks_in_a_project_name_become_spaces() -> None:
    built = only({"nom_projet": "Prévision des besoins\ndes cantines"})
    assert built.record is not None
    assert set(built.record.public.objects(built.record.iri, DCT.title)) == {
        Literal("Prévision des besoins des cantines", lang="fr")
    }


def test_contact_and_missing_and_unknown_fields() -> None:
    built = only({"projet_contact": "mailto:dinsi@nantesmetropole.fr", "couleur": "bleu"})
    assert built.record is not None
    contact = built.record.restricted.value(built.record.iri, DCAT.contactPoint)
    assert isinstance(contact, BNode)
    assert set(built.record.restricted.objects(contact, RDF.type)) == {
        VCARD.Kind,
        VCARD.Organization,
    }
    assert built.record.restricted.value(contact, VCARD.hasEmail) == URIRef(
        "mailto:dinsi@nantesmetropole.fr"
    )
    [unknown] = [p for p in built.problems if p.field == "couleur"]
    assert unknown.severity == "warning"
    assert unknown.message_fr == "Champ inconnu « couleur » : sa valeur n'est pas reprise."
    missing = to_records({"coll_nom": "Nantes Métropole"})
    assert missing.record is None
    assert violations(missing) == [
        ("nom_projet", "Projet : ce champ est obligatoire : renseignez-le."),
        ("theme", "Thème principal : ce champ est obligatoire : renseignez-le."),
    ]


def test_json_values_numbers_lists_and_wrong_types() -> None:
    built = to_records(
        {
            "coll_nom": "Bordeaux Métropole",
            "latitude": 44.8380737,  # type: ignore[dict-item]
            "longitude": -0.5844559,  # type: ignore[dict-item]
            "nom_projet": "Calque",
            "audience_service": ["Agent", "Élu"],
            "theme": {"label": "Mobilités"},  # type: ignore[dict-item]
            "projet_status": None,  # type: ignore[dict-item]
        },
        catalogue=catalogue_without("bordeaux-metropole"),
    )
    assert built.organisation is not None and built.record is not None
    site = built.organisation.public.value(BORDEAUX, ORG.hasPrimarySite)
    assert built.organisation.public.value(site, GEO.lat) == Literal(
        "44.8380737", datatype=XSD.decimal
    )
    audience = set(built.record.public.objects(built.record.iri, SCHEMA.audience))
    assert audience == {VOCAB["cible/agent"], VOCAB["cible/elu"]}
    assert violations(built) == [
        (
            "theme",
            "Thème principal : la valeur doit être un texte, un nombre ou une liste de textes.",
        )
    ]


# Every controlled value of the upstream schema, verbatim (../shared/spec/data-model.md).
UPSTREAM_VALUES = {
    "coll_type": "Commune · EPCI · Département · Région · Syndicat mixte · Opérateur · Métropole",
    "projet_status": "En expérimentation · En déploiement · Terminée · Abandonné",
    "budget": "moins de 50k€ · de 50k€ à 100k€ · plus de 100k€",
    "mise_en_oeuvre": "Projet développé en interne · projet développé en externe ·"
    " mobilisation de prestataire(s) · marché public",
    "audience_service": "Grand public · Bénéficiaire · Agent · Association · Elu · Entreprises ·"
    " Collectivités · Etablissement scolaire · Etablissement santé",
    "herbergement": "cloud chez un tiers · en interne de l'administration · NSP",
    "type_algorithme": "Machine Learning · Traitement Automatique du langage · IA générative ·"
    " Computer vision · Réseaux de neurones · NSP",
    "donnees_source": "usager · jeu de données interne · open data · données d'un tiers · NSP",
    "donnees_acces": "par API · automatisée · par récupération manuelle · NSP",
    "impact_algorithme": "1 automatisation complète · 2 supervision et validation humaine"
    " ponctuelle · 3 supervision et validation humaine systématique",
    "risque_categorie": "risque minimal · risque limité · risque élevé · inacceptable",
    "erreur": "faible · moyen · fort",
    "explicabilite": "faible · moyen · fort",
    "financement": "interne · Fonds vert · CRTE · France 2030 · FEDER · DIAT",
    "theme": "Transition écologique · Attractivité et développement · Citoyenneté · Santé et"
    " solidarité · Mobilité · Gouvernance et socles technologiques · Administration et"
    " organisation interne · Transition écologique et énergétique · Attractivité et aménagement ·"
    " Citoyenneté, santé et solidarités · Mobilités",
    "sous_theme": "Déchets et économie circulaire · Santé et accès aux soins · Plateforme de"
    " données · Flux et trafic · Stationnement · Prévention et gestion des risques · Immobilier ·"
    " Education · Biodiversité et préservation des espaces naturels · Modélisation et jumeau"
    " numérique · Performance énergétique · Participation citoyenne · Infrastructures numériques"
    " · Construction et aménagement · Outillage système d'information · Mobilité décarbonée ·"
    " Gestion de l'eau · Qualité de l'air et nuisances sonores · Gestion des assemblées ·"
    " Logistique urbaine · Aide à la rédaction et gestion documentaire · Gestion des ressources"
    " humaines · Gouvernance et stratégie numérique responsable · Aide juridique · Voies",
}


@pytest.mark.parametrize(
    ("key", "value"),
    [(key, value) for key, values in UPSTREAM_VALUES.items() for value in values.split(" · ")],
)
def test_every_upstream_controlled_value_is_read(key: str, value: str) -> None:
    built = only({key: value})
    assert [p for p in built.problems if p.field == key and p.severity == "violation"] == []
    spec = next(spec for spec in FIELDS if spec.key == key)
    assert built.record is not None
    if spec.node != "organisation":
        graph = built.record.public + built.record.restricted
        subject = built.record.iri if spec.node == "fiche" else ID["systeme/nantes-ia-cantines"]
        assert len(set(graph.objects(subject, spec.path[0]))) >= 1


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ('<img src=x onerror="alert(1)">', True),
        ("</b>", True),
        ("javascript:alert(1)", True),
        ("moins de 5 % des appels (< 50 par jour) et plus de 2 > 1", False),
        ("Moins de 50k€ <-> plus de 100k€", False),
    ],
)
def test_html_in_text(text: str, reported: bool) -> None:
    built = only({"status_abandon": text})
    assert bool(violations(built)) is reported


def test_one_value_fields_and_two_sub_themes_at_most() -> None:
    built = only(
        {
            "projet_status": ["En déploiement", "Terminée"],
            "sous_theme": "Gestion de l'eau, Voies, Immobilier",
        }
    )
    assert violations(built) == [
        ("projet_status", "Maturité : 2 valeurs données, 1 au plus."),
        ("sous_theme", "Sous-thèmes : 3 valeurs données, 2 au plus."),
    ]
    assert built.record is not None
    assert set(built.record.public.objects(built.record.iri, ADMS.status)) == {
        VOCAB["statut/deploiement"]
    }


def test_a_cell_of_many_values_is_bounded() -> None:
    built = only({"audience_service": ", ".join(["Agent"] * 5000)})
    assert violations(built) == [
        ("audience_service", "Audience du service : 5000 valeurs données, 20 au plus.")
    ]


def test_a_partner_cell_of_many_names_is_bounded() -> None:
    built = only({"partenaires": "-".join(["Enedis"] * 5000)})
    assert ("partenaires", "Partenaires associés : 5000 valeurs données, 20 au plus.") in (
        violations(built)
    )

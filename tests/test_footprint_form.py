"""The contribution form's « Empreinte environnementale » block: numbers with a decimal comma,
units shown, scope and tools as choices, AFNOR practices as checkboxes, the publish flag;
written into the record's restricted part through the one write path and read back for an edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from sqlalchemy import select

from iacoll import sources
from iacoll.app import create_app
from iacoll.model.footprint import FLAG, footprint_triples
from iacoll.model.record import Record, parse_text
from iacoll.namespaces import IACOLL, ID, QUDT, SKOS, UNIT, VOCAB
from iacoll.publishing.accounts import Organisation, add_account
from iacoll.publishing.log import Revision
from iacoll.settings import Settings
from iacoll.web import form_footprint
from tests.conftest import copy_store
from tests.html import dom

BORDEAUX, BORDEAUX_IRI = "243300316", "https://w3id.org/iacoll/id/organisation/bordeaux-metropole"
PASSWORD = "mot de passe très long pour l'empreinte"
SCOPE = VOCAB["perimetre-empreinte/"]
TOOL = VOCAB["outil-mesure-empreinte/"]
PRACTICE = VOCAB["bonne-pratique-frugalite/"]


def vipare() -> Record:
    folder = sources.DATA_DIR
    return Record(
        ID["cas-usage/metz-vipare"],
        Graph().parse(folder / "cas-usage" / "metz-vipare.ttl"),
        Graph().parse(folder / "restreint" / "metz-vipare.ttl"),
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2,5", "2.5"), ("15", "15"), ("1 234,5", "1234.5"), ("0.75", "0.75"), ("abc", None)],
)
def test_numbers_take_a_decimal_comma(typed: str, value: str | None) -> None:
    assert form_footprint.number(typed) == (None if value is None else Decimal(value))


def test_bad_numbers_and_choices_are_problems_on_their_field() -> None:
    problems = form_footprint.input_problems(
        {
            "empreinte_energie": ["-3"],
            "empreinte_emissions": ["2,5"],
            "empreinte_entrainements": ["5,5"],
            "empreinte_outils": [str(VOCAB["theme/mobilites"])],
            "empreinte_pratiques": [str(PRACTICE) + "formation"],
        }
    )
    assert [p.field for p in problems] == [
        "empreinte_energie",
        "empreinte_outils",
        "empreinte_entrainements",
    ]
    assert problems[0].message_fr.startswith("Donnez un nombre positif ou nul")


def test_the_block_reads_vipare_and_keeps_it_when_unchanged() -> None:
    record = vipare()
    values = form_footprint.values_of(record)
    assert values["empreinte_energie"] == ["15"] and values["empreinte_emissions"] == ["2,5"]
    assert values["empreinte_perimetre"] == [str(SCOPE) + "entrainement"]
    assert values["empreinte_approchee"] == ["true"] and values["empreinte_publique"] == []
    assert values["empreinte_outils"] == [str(TOOL) + "codecarbon", str(TOOL) + "green-algorithms"]
    assert values["empreinte_entrainements"] == ["55"] and values["empreinte_modeles"] == ["29"]
    assert values["empreinte_equivalence"] == ["1 AR Paris/Metz en train !"]
    assert form_footprint.apply(record, values) is record  # the editorial note stays
    changed = form_footprint.apply(record, {**values, "empreinte_publique": ["true"]})
    assert (record.iri, FLAG, Literal(True)) in changed.restricted
    # Rewritten from the block: the flag added; the measurements as they were, so the editors'
    # notes on them (fr, en) still hold and are kept.
    assert (
        len(footprint_triples(changed.restricted)) == len(footprint_triples(record.restricted)) + 1
    )
    notes = {str(n)[:40] for n in changed.restricted.objects(None, SKOS.editorialNote)}
    assert notes == {
        "Périmètre « entraînement » déduit par la",
        "Scope « training » inferred by the iacol",
    }
    # A member who states the values anew replaces what the editors inferred: the notes stay
    # with the earlier revision.
    restated = form_footprint.apply(record, {**values, "empreinte_approchee": []})
    assert not set(restated.restricted.objects(None, SKOS.editorialNote))
    assert form_footprint.values_of(restated)["empreinte_energie"] == ["15"]
    emptied = form_footprint.apply(record, {})
    assert len(footprint_triples(emptied.restricted)) == 0
    assert (None, IACOLL.impactEnvironnemental, None) in emptied.restricted  # the note stays


@pytest.fixture(scope="module")
def app(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    application = create_app(copy_store(seed_settings, tmp_path_factory.mktemp("empreinte-form")))
    with application.state.db.transaction() as session:
        add_account(
            session, "empreinte@bordeaux.example", PASSWORD, "contributeur",
            [Organisation(BORDEAUX, BORDEAUX_IRI)],
        )  # fmt: skip
    return application


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        page = dom(test_client.get("/connexion").text)
        csrf = page.first("input", name="csrf").attrs["value"]
        data = {"email": "empreinte@bordeaux.example", "password": PASSWORD, "csrf": csrf}
        assert test_client.post("/connexion", data=data).status_code == 303
        yield test_client


def submit(client: TestClient, footprint: dict[str, str | list[str]]) -> tuple[int, str]:
    page = dom(client.get("/publier/nouveau").text)
    values = {
        "organisation": BORDEAUX,
        "coll_nom": "Bordeaux Métropole",
        "nom_projet": "Tri des déchets par vision — essai d'empreinte",
        "type_algorithme": [str(VOCAB["type-algorithme/computer-vision"])],
        "theme": str(VOCAB["theme/transition-ecologique"]),
        **footprint,
        "csrf": page.first("input", name="csrf").attrs["value"],
        "action": "brouillon",
    }
    answer = client.post("/publier", data=values)
    return answer.status_code, answer.headers.get("location", answer.text)


def test_the_form_shows_the_block_with_units_choices_and_practices(client: TestClient) -> None:
    page = dom(client.get("/publier/nouveau").text)
    block = page.one("fieldset", id="groupe-empreinte")
    assert block.first("legend").text == "Empreinte environnementale (chiffrée)"
    energy = page.one("input", name="empreinte_energie")
    assert energy.attrs["inputmode"] == "decimal"
    assert "Énergie consommée (kWh)" in block.text and "Émissions (kg CO₂e)" in block.text
    scopes = [o.text for o in page.one("select", name="empreinte_perimetre").all("option")]
    assert scopes == ["— Choisir —", "Entraînement", "Inférence", "Par requête", "Par an"]
    practices = block.all("input", name="empreinte_pratiques")
    assert len(list(practices)) == 15
    assert "(non publique)" in block.one("label", for_="champ-empreinte_energie").text


def test_a_footprint_typed_with_commas_is_saved_restricted_and_reopened(
    client: TestClient, app: FastAPI
) -> None:
    status, location = submit(
        client,
        {
            "empreinte_energie": "3,5",
            "empreinte_emissions": "0,8",
            "empreinte_perimetre": str(SCOPE) + "inference",
            "empreinte_outils": [str(TOOL) + "ecologits"],
            "empreinte_entrainements": "4",
            "empreinte_pratiques": [str(PRACTICE) + "formation", str(PRACTICE) + "referent"],
        },
    )
    assert status == 303, location
    with app.state.db.transaction() as session:
        revision = session.scalars(
            select(Revision).where(Revision.source == "formulaire").order_by(Revision.id.desc())
        ).first()
        assert revision is not None
        public, restricted = parse_text(revision.public_nt), parse_text(revision.restricted_nt)
    values = {
        (o, restricted.value(m, QUDT.hasUnit), restricted.value(m, IACOLL.perimetreMesure))
        for m, o in restricted.subject_objects(QUDT.value)
    }
    assert values == {
        (Literal("3.5", datatype=XSD.decimal), UNIT["KiloW-HR"], SCOPE + "inference"),
        (Literal("0.8", datatype=XSD.decimal), UNIT.KiloGM, SCOPE + "inference"),
    }
    assert len(set(restricted.objects(None, IACOLL.bonnePratiqueFrugalite))) == 2
    assert (None, IACOLL.empreinteEnvironnementale, None) not in public
    assert (None, FLAG, None) not in restricted  # not published: the box was not ticked
    reopened = dom(client.get(location).text)
    assert reopened.one("input", name="empreinte_energie").attrs["value"] == "3,5"
    assert reopened.one("input", name="empreinte_entrainements").attrs["value"] == "4"


def test_a_negative_value_is_refused_next_to_its_field(client: TestClient) -> None:
    status, text = submit(client, {"empreinte_energie": "-2"})
    assert status == 422
    page = dom(text)
    assert page.one(id="erreur-empreinte_energie").text.endswith(
        "Donnez un nombre positif ou nul, avec une virgule ou un point pour les décimales "
        "(par exemple 2,5)."
    )
    assert page.one(id="champ-empreinte_energie").attrs["aria-invalid"] == "true"

"""The JRC AI Watch importer on the real Helsinki file (5 systems) and a hand-made tricky CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, XSD

from iacoll import sources
from iacoll.federation import crosswalks, formats, jrc_aiwatch
from iacoll.federation.fiches import UnreadableSource
from iacoll.federation.harvest import Harvested, Source
from iacoll.model.upstream_organisations import default_catalogue
from iacoll.namespaces import ADMS, COUNTRY, DCAT, DCT, ID, SCHEMA, VOCAB
from tests.federation_support import violations

REAL = sources.ROOT.parent / "shared" / "ext-samples" / "eu-jrc-aiwatch_helsinki-ai-register.csv"
TRICKY = Path(__file__).parent / "fixtures" / "federation" / "jrc" / "tricky-services.csv"
STATUT = f"{VOCAB}statut/"
THEME = f"{VOCAB}theme/"


def harvest(path: Path) -> list[Harvested]:
    return list(jrc_aiwatch.read(Source(path.read_bytes(), str(path)), default_catalogue()))


@pytest.fixture(scope="module")
def helsinki() -> list[Harvested]:
    return harvest(REAL)


def test_the_format_is_registered() -> None:
    assert formats.importer("jrc-aiwatch") is jrc_aiwatch


def test_helsinki_gives_its_5_systems(helsinki: list[Harvested]) -> None:
    assert [h.where for h in helsinki] == [f"ligne {n}" for n in range(2, 7)]
    assert [h.rejected for h in helsinki] == [None] * 5
    titles = [
        str(h.use_case.public.value(h.use_case.iri, DCT.title)) for h in helsinki if h.use_case
    ]
    assert titles == [
        "Parking chatbot",
        "Maternity clinic chatbot NeRo",
        "Health center chatbot",
        "Oodi’s book recommendation service Obotti",
        "Intelligent material management system",
    ]
    themes = [h.use_case.public.value(h.use_case.iri, DCAT.theme) for h in helsinki if h.use_case]
    assert themes == [
        URIRef(THEME + "mobilites"),
        URIRef(THEME + "sante-solidarite"),
        URIRef(THEME + "sante-solidarite"),
        URIRef(THEME + "attractivite-amenagement"),
        URIRef(THEME + "attractivite-amenagement"),
    ]
    statuses = {
        h.use_case.public.value(h.use_case.iri, ADMS.status) for h in helsinki if h.use_case
    }
    assert statuses == {URIRef(STATUT + "deploiement")}  # "In production"


def test_a_named_system(helsinki: list[Harvested]) -> None:
    parking = helsinki[0]
    assert parking.source_id == "1"
    assert parking.source_url == "https://ai.hel.fi/en/parking-chatbot/"
    record = parking.use_case
    assert record is not None
    assert record.iri == URIRef(f"{ID}cas-usage/jrc-ai-hel-fi-en-parking-chatbot")
    g, s = record.public, record.iri
    assert g.value(s, DCAT.landingPage) == URIRef("https://ai.hel.fi/en/parking-chatbot/")
    assert str(g.value(s, DCT.description)).startswith("The parking chatbot is a customer service")
    assert g.value(s, DCT.description).language == "en"
    division = URIRef(f"{ID}organisation/jrc-urban-environment-division")
    assert g.value(s, DCT.publisher) == division
    org = parking.records[1].public
    assert org.value(division, FOAF.name) == Literal("Urban Environment Division", lang="en")
    assert org.value(division, DCT.spatial) == COUNTRY["FIN"]
    assert parking.unmapped == [
        "active",
        "cross_border",
        "cross_sector",
        "geoextent",
        "lead_organisation_category",
        "secondary_sector",
        "technology",
        "type",
        "uptake",
    ]
    library = helsinki[4].use_case
    assert library is not None
    assert library.public.value(library.iri, SCHEMA.startDate) == Literal(
        "2019", datatype=XSD.gYear
    )


def test_helsinki_passes_the_shapes(helsinki: list[Harvested]) -> None:
    assert violations(helsinki, default_catalogue()) == []


def test_the_tricky_file() -> None:
    found = harvest(TRICKY)
    assert [h.where for h in found] == ["ligne 2", "ligne 6", "ligne 7", "ligne 8", "ligne 9"]
    snow, drone, nameless, again, atlantis = found
    record = snow.use_case
    assert record is not None
    g, s = record.public, record.iri
    assert g.value(s, DCT.title) == Literal("Snow plough\nrouter", lang="en")
    assert g.value(s, DCT.description) == Literal(
        'Plans the routes of the snow ploughs.\n\nA second paragraph, with "quotes".', lang="en"
    )
    assert g.value(s, SCHEMA.startDate) == Literal("2021-01-01", datatype=XSD.date)
    assert g.value(s, SCHEMA.endDate) == Literal("2023-06", datatype=XSD.gYearMonth)
    assert g.value(s, ADMS.status) is None  # "Pilot" has no mapping in the crosswalk
    assert {"contact", "status"} <= set(snow.unmapped)
    every_text = " ".join(str(o) for r in snow.records for o in r.public.objects())
    assert "Jane" not in every_text and "jane.doe" not in every_text
    border = drone.use_case  # a sector without an iacoll theme: kept, none invented
    assert drone.rejected is None and border is not None
    assert border.public.value(border.iri, DCAT.theme) is None
    assert "aucun thème : le secteur « Defence » est absent de la correspondance" in drone.guesses
    assert nameless.rejected_en == "Empty required field: name."
    assert again.rejected == "Même URL que la ligne 2 : le système y est déjà lu."
    helper = atlantis.use_case
    assert helper is not None
    assert helper.public.value(helper.iri, DCAT.landingPage) == URIRef(
        "https://ai.example.org/helper"
    )
    assert any("plusieurs URL" in guess for guess in atlantis.guesses)
    assert {"geocoverage", "start_date"} <= set(atlantis.unmapped)
    assert "status" not in atlantis.unmapped  # "Unknown" is no value
    city = atlantis.records[1]
    assert city.public.value(city.iri, DCT.spatial) is None
    assert violations(found, default_catalogue()) == []


def test_the_crosswalk_documents_every_field_and_value() -> None:
    walk = crosswalks.load("jrc-aiwatch")
    header = REAL.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [f.source for f in walk.fields] == header
    assert all(f.note_fr and f.note_en for f in walk.fields)
    assert walk.target("contact") is None
    assert walk.concept("status", "in production").concept == URIRef(STATUT + "deploiement")
    assert walk.concept("geocoverage", "Finland").concept == COUNTRY["FIN"]
    assert walk.concept("primary_sector", "Public order and safety") is None


def test_a_file_of_another_format_is_unreadable() -> None:
    other = Path(__file__).parent / "fixtures" / "federation" / "uk" / "tricky-index.json"
    with pytest.raises(UnreadableSource) as raised:
        harvest(other)
    assert raised.value.status == 400
    assert "colonnes absentes de l'en-tête : name, url" in raised.value.message

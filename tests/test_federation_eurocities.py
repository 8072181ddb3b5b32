"""The Eurocities / Dutch standard 0.3.1 CSV importer on hand-made files in the template's layout.

No city publishes a filled template in ``../shared/ext-samples/``: the files here follow the
real template (``formats/registration-v0.3.1.template.csv`` of Algoritmeregister/standard
@ef716a8: the 49 attributes of ``_data/schema-v0_3_1.yaml``, quoted, semicolon-separated).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, XSD

from iacoll.federation import crosswalks, eurocities_csv, formats
from iacoll.federation.harvest import Harvested, Source
from iacoll.model.upstream_organisations import default_catalogue
from iacoll.namespaces import ADMS, AI, DCAT, DCT, EU_AIACT, IACOLL, ID, VOCAB
from tests.federation_support import violations

FOLDER = Path(__file__).parent / "fixtures" / "federation" / "eurocities"
TRICKY = FOLDER / "tricky-registrations.csv"
EDGE = FOLDER / "edge-registrations.csv"
# The header of the template, from the schema's attributes in order (Algoritmeregister/standard).
TEMPLATE = [
    "name",
    "description_short",
    "organization",
    "department",
    "contact_email",
    "contact_phone",
    "contact_name",
    "area",
    "domain",
    "website",
    "status",
    "remark",
    "decision_making_process",
    "goal",
    "impact",
    "risks",
    "risk_category",
    "proportionality",
    "lawful_basis",
    "documentation",
    "training_data",
    "source_data",
    "data_bias",
    "connected_data_sources",
    "DPIA_description",
    "DPIA_url",
    "algorithm_type",
    "description",
    "methods_and_models",
    "performance",
    "alternatives_considered",
    "product_information",
    "codebase_url",
    "product_page",
    "AIA_description",
    "AIA_url",
    "monitoring",
    "type",
    "human_intervention",
    "objection_procedure",
    "rollback",
    "standard_version",
    "uuid",
    "lang",
    "publication_date",
    "last_change_date",
    "revision_date",
    "revision_note",
    "keywords",
]
CAS = f"{ID}cas-usage/eu-"


def harvest(path: Path) -> list[Harvested]:
    return list(eurocities_csv.read(Source(path.read_bytes(), str(path)), default_catalogue()))


@pytest.fixture(scope="module")
def tricky() -> list[Harvested]:
    return harvest(TRICKY)


def test_the_format_is_registered_and_the_fixtures_use_the_template() -> None:
    assert formats.importer("eurocities-csv") is eurocities_csv
    for path in (TRICKY, EDGE):
        header = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header == ";".join(f'"{name}"' for name in TEMPLATE)


def test_rows_are_reported_by_their_first_line(tricky: list[Harvested]) -> None:
    # the first row spans lines 2 to 6 (quoted cells with line breaks)
    assert [h.where for h in tricky] == ["ligne 2", "ligne 7", "ligne 8", "ligne 9"]
    assert [h.rejected is None for h in tricky] == [True, True, False, False]


def test_a_dutch_registration(tricky: list[Harvested]) -> None:
    first = tricky[0]
    uuid = "3f2b8c1e-9d4a-4e7b-8c6d-1a2b3c4d5e6f"
    assert first.source_id == uuid
    assert first.source_url == "https://algoritmes.voorbeeldstad.nl/slimme-verkeerslichten"
    record = first.use_case
    assert record is not None
    assert record.iri == URIRef(CAS + uuid)
    g, s = record.public, record.iri
    assert g.value(s, DCT.title) == Literal("Slimme verkeerslichten", lang="nl")
    assert g.value(s, DCT.description) == Literal(
        "Verkeerslichten geven voorrang\naan fietsers bij regen.", lang="nl"
    )
    assert g.value(s, DCAT.theme) == URIRef(f"{VOCAB}theme/mobilites")
    assert g.value(s, ADMS.status) == URIRef(f"{VOCAB}statut/deploiement")
    assert g.value(s, DCT.issued) == Literal("2023-02-01", datatype=XSD.date)
    assert g.value(s, DCT.modified) == Literal("2024-05-17", datatype=XSD.date)
    assert set(g.objects(s, DCAT.keyword)) == {
        Literal(k, lang="nl") for k in ("verkeer", "fiets", "slimme lichten")
    }
    carrier = URIRef(f"{ID}organisation/eu-gemeente-voorbeeldstad")
    assert g.value(s, DCT.publisher) == carrier
    system = g.value(s, AI.hasAISystem)
    assert system == URIRef(f"{ID}systeme/eu-{uuid}")
    # "hoog risico": iacoll needs the AI Act annex with a high risk level, the template has none
    assert g.value(system, EU_AIACT.hasRiskLevel) is None
    assert first.guesses == []
    assert first.records[1].public.value(carrier, FOAF.name) == Literal(
        "Gemeente Voorbeeldstad", lang="nl"
    )
    assert g.value(system, IACOLL.procedureObjection) == Literal(
        "Via het klachtenformulier van de gemeente.", lang="nl"
    )
    assert g.value(system, DCT.description) == Literal(
        "Regels op basis van regensensoren\n\nen detectielussen.", lang="nl"
    )
    # no contact is published, and every dropped field is reported
    texts = " ".join(str(o) for r in first.records for o in r.public.objects())
    assert "Jansen" not in texts and "4567" not in texts
    assert first.unmapped == [
        "algorithm_type",
        "area",
        "contact_email",
        "contact_name",
        "contact_phone",
        "department",
        "goal",
        "revision_date",
        "revision_note",
        "risk_category",
        "standard_version",
        "type",
    ]


def test_an_english_registration_with_an_unknown_status(tricky: list[Harvested]) -> None:
    second = tricky[1]
    record = second.use_case
    assert record is not None
    g, s = record.public, record.iri
    assert g.value(s, ADMS.status) is None  # "prototype" is not a value of the standard
    assert g.value(s, DCAT.landingPage) is None  # "www.exampleton.eu/triage" is no IRI
    assert g.value(s, DCT.issued) is None  # "01/02/2024" is not an ISO date
    assert {"status", "website", "publication_date"} <= set(second.unmapped)
    assert g.value(s, DCT.description) == Literal(
        "Sorts incoming benefit requests by urgency.", lang="en"
    )
    assert second.guesses == ["description_short vide : la description de l'algorithme la remplace"]
    system = g.value(s, AI.hasAISystem)
    assert g.value(system, EU_AIACT.hasRiskLevel) == EU_AIACT.RiskLevelTransparencyRequired


def test_rejected_rows_say_why(tricky: list[Harvested]) -> None:
    nameless, no_uuid = tricky[2], tricky[3]
    assert nameless.rejected == "Champ obligatoire vide : name."
    assert nameless.rejected_en == "Empty required field: name."
    assert nameless.records == []
    assert no_uuid.rejected == "Pas d'uuid : la ligne n'a pas d'identifiant stable."
    assert no_uuid.source_id is None


def test_edge_rows() -> None:
    justice, waste, copy = harvest(EDGE)  # UTF-8 with BOM, CRLF line ends
    court = justice.use_case  # a domain without an iacoll theme: kept, none invented
    assert justice.rejected is None and court is not None
    assert court.public.value(court.iri, DCAT.theme) is None
    assert "aucun thème : le domaine « justice » est absent de la correspondance" in (
        justice.guesses
    )
    record = waste.use_case
    assert record is not None
    assert record.public.value(record.iri, DCT.title) == Literal("Waste route planner", lang="en")
    assert record.public.value(record.iri, ADMS.status) == URIRef(f"{VOCAB}statut/terminee")
    assert waste.guesses == ["langue « English » inconnue : en retenue"]
    assert AI.hasAISystem not in set(record.public.predicates())  # nothing on the system
    assert copy.where == "ligne 4"
    assert copy.rejected == "Même uuid que la ligne 3."


def test_every_record_passes_the_shapes(tricky: list[Harvested]) -> None:
    assert violations([*tricky, *harvest(EDGE)], default_catalogue()) == []


def test_the_crosswalk_documents_every_field_and_value() -> None:
    walk = crosswalks.load("eurocities-csv")
    assert [f.source for f in walk.fields][: len(TEMPLATE)] == TEMPLATE
    assert all(f.note_fr and f.note_en for f in walk.fields)
    assert walk.target("contact_name") is None
    assert eurocities_csv.system_fields() == {
        "decision_making_process",
        "risks",
        "risk_category",
        "proportionality",
        "description",
        "human_intervention",
        "objection_procedure",
        "rollback",
    }
    values = {(v.field, v.source) for v in walk.values}
    assert len([v for v in values if v[0] == "domain"]) == 32  # 16 of 21 domains, en + nl
    for status in ("pilot", "evaluation", "operational", "retired", "operationeel"):
        assert ("status", status) in values
    risks = {v.source for v in walk.values if v.field == "risk_category"}
    assert risks == {"minimal risk", "limited risk", "unacceptable"} | {
        "minimaal risico",
        "beperkt risico",
        "onaanvaardbaar",
    }


def test_a_registration_in_the_0_3_template() -> None:
    (found,) = harvest(FOLDER / "v0.3-registration.csv")
    record = found.use_case
    assert record is not None
    assert record.iri == URIRef(CAS + "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    assert record.public.value(record.iri, DCT.modified) == Literal("2022-09-30", datatype=XSD.date)
    assert found.unmapped == ["MPRD", "area", "landing_url", "standard_version", "type"]
    assert violations([found], default_catalogue()) == []

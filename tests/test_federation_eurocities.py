"""The Eurocities / Dutch standard 0.3.1 CSV importer on hand-made files in the template's layout.

No city publishes a filled template in ``../shared/ext-samples/``: the files here follow the
real template (``formats/registration-v0.3.1.template.csv`` of Algoritmeregister/standard
@ef716a8: the 49 attributes of ``_data/schema-v0_3_1.yaml``, quoted, semicolon-separated).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, XSD

from iacoll.cli import main
from iacoll.federation import (
    bibliotheque_csv,
    crosswalks,
    eurocities_csv,
    eurocities_csv_export,
    formats,
)
from iacoll.federation.harvest import Harvested, Source
from iacoll.federation.nl_algoritmeregister_export import published
from iacoll.model.upstream_organisations import default_catalogue
from iacoll.namespaces import ADMS, AI, DCAT, DCT, EU_AIACT, IACOLL, ID, VOCAB
from iacoll.settings import Settings
from iacoll.store import open_stores
from tests.conftest import FIXTURES, copy_store
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


# --- export and round trip -------------------------------------------------------------------

CALLBOT = URIRef(f"{ID}cas-usage/amp-callbot-encombrants")
THEMES = f"{VOCAB}theme/"
STATUSES = f"{VOCAB}statut/"


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def seed_public(seed_settings: Settings) -> ox.Store:
    return open_stores(seed_settings).public


@pytest.fixture(scope="module")
def exported(seed_public: ox.Store, seed_settings: Settings) -> bytes:
    return eurocities_csv_export.export(seed_public, seed_settings.base_iri)


def test_the_exporter_is_registered() -> None:
    assert formats.exporter("eurocities-csv") is eurocities_csv_export
    assert (eurocities_csv_export.MEDIA_TYPE, eurocities_csv_export.SUFFIX) == ("text/csv", ".csv")
    assert "eurocities-csv" in formats.export_formats()


def test_the_export_writes_the_template(exported: bytes) -> None:
    """The template's header (quoted, semicolons), one row per published use case, the values
    iacoll holds; the columns it has no public value for stay empty."""
    assert exported.decode("utf-8").split("\r\n", 1)[0] == ";".join(f'"{n}"' for n in TEMPLATE)
    rows = table(exported)
    assert len(rows) == 55
    (callbot,) = [r for r in rows if r["uuid"] == str(uuid.uuid5(uuid.NAMESPACE_URL, CALLBOT))]
    filled = {k: v for k, v in callbot.items() if v}
    assert set(filled) == {
        "name",
        "description_short",
        "organization",
        "status",
        "standard_version",
        "uuid",
        "lang",
        "last_change_date",
    }
    assert filled["name"] == "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"
    assert filled["organization"] == "Métropole Aix-Marseille-Provence"
    assert filled["status"] == "operational"  # statut:deploiement ← operational (closeMatch)
    assert (filled["lang"], filled["standard_version"]) == ("fr", "0.3.1")
    assert filled["last_change_date"] == "2026-12-06"
    short = filled["description_short"]
    assert len(short) <= 150 and short.endswith("…")
    assert short.startswith("La gestion des encombrants est un sujet de préoccupation")
    # its theme (citoyennete-sante-solidarite) is only the broad side of "education and science"
    assert callbot["domain"] == ""
    assert Counter(r["domain"] for r in rows) == {
        "": 45,
        "traffic and transportation": 7,  # mobilites
        "generic": 3,  # gouvernance-socles
    }
    assert Counter(r["status"] for r in rows) == {
        "": 41,  # 40 records without a status, one « abandonné » (no value of the standard)
        "pilot": 7,
        "operational": 5,
        "retired": 2,
    }
    humans = [r["human_intervention"] for r in rows if r["human_intervention"]]
    assert len(humans) == 3 and any("secondée par des humains" in h for h in humans)
    never = ("contact_email", "contact_phone", "contact_name", "training_data", "source_data")
    assert all(not r[name] for r in rows for name in never)


def test_the_crosswalk_read_backwards() -> None:
    """A concept gives its exactMatch, else its single closeMatch, among the values not marked
    ``export = false``; several candidates give nothing."""
    domains = eurocities_csv_export.reverse("eurocities-csv", "domain")
    assert domains == {
        URIRef(THEMES + "mobilites"): "traffic and transportation",
        URIRef(THEMES + "gouvernance-socles"): "generic",
        URIRef(THEMES + "citoyennete"): "immigration and integration",
    }
    assert eurocities_csv_export.reverse("eurocities-csv", "status") == {
        URIRef(STATUSES + "experimentation"): "pilot",
        URIRef(STATUSES + "deploiement"): "operational",
        URIRef(STATUSES + "terminee"): "retired",
    }
    assert eurocities_csv_export.reverse("eurocities-csv", "risk_category") == {
        EU_AIACT.RiskLevelMinimal: "minimal risk",
        EU_AIACT.RiskLevelTransparencyRequired: "limited risk",
        EU_AIACT.RiskLevelProhibited: "unacceptable",
    }


def test_round_trip_of_the_seed_store(
    exported: bytes, seed_public: ox.Store, seed_settings: Settings
) -> None:
    """The export read back by the importer: every row with a description gives back its
    record's title, publisher, status and theme (those the standard has a value for); the four
    records without a description are rejected, the template requiring one."""
    cases = published(seed_public, seed_settings.base_iri)
    by_uuid = {eurocities_csv_export.row_of(c)["uuid"]: c for c in cases}
    read = list(eurocities_csv.read(Source(exported, "export.csv"), default_catalogue()))
    assert len(read) == 55
    rejected = {by_uuid[h.source_id or ""].iri for h in read if h.rejected}
    assert rejected == {c.iri for c in cases if not c.values(DCT.description)}
    assert len(rejected) == 4
    assert {h.rejected for h in read if h.rejected} == {
        "Champ obligatoire vide : description_short."
    }
    kept_status = {URIRef(STATUSES + s) for s in ("experimentation", "deploiement", "terminee")}
    kept_theme = {URIRef(THEMES + t) for t in ("mobilites", "gouvernance-socles")}

    def summary(title: object, publisher: object, status: object, theme: object) -> tuple:
        return (str(title), str(publisher), status, theme)

    expected = {
        summary(
            c.text(DCT.title),
            c.text(DCT.publisher / FOAF.name),
            next((s for s in c.values(ADMS.status) if s in kept_status), None),
            next((t for t in c.values(DCAT.theme) if t in kept_theme), None),
        )
        for c in cases
        if c.iri not in rejected
    }
    names = {o.iri: o.public.value(o.iri, FOAF.name) for h in read for o in h.records[1:]}
    got = set()
    for h in read:
        if h.use_case is None:
            continue
        g, s = h.use_case.public, h.use_case.iri
        got.add(
            summary(
                g.value(s, DCT.title),
                names[g.value(s, DCT.publisher)],
                g.value(s, ADMS.status),
                g.value(s, DCAT.theme),
            )
        )
    assert got == expected
    assert len(got) == 51
    assert (
        "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence",
        "Métropole Aix-Marseille-Provence",
        URIRef(STATUSES + "deploiement"),
        None,
    ) in got
    assert sum(1 for t in got if t[3] is not None) == 10  # 7 mobility, 3 governance
    assert sum(1 for t in got if t[2] is not None) == 12  # 14 exported, 2 rows rejected
    # the records read back pass the shapes, in French
    assert violations([h for h in read if not h.rejected], default_catalogue()) == []
    assert {
        h.use_case.public.value(h.use_case.iri, DCT.title).language for h in read if h.use_case
    } == {"fr"}


def test_a_record_read_from_the_template_keeps_its_uuid() -> None:
    (found,) = harvest(FOLDER / "v0.3-registration.csv")
    record = found.use_case
    assert record is not None
    store = ox.Store()
    for part in found.records:  # the use case and its organisation
        store.load(part.public.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
    (case,) = published(store, "https://w3id.org/iacoll/")
    row = eurocities_csv_export.row_of(case)
    assert row["uuid"] == "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    (again,) = eurocities_csv.read(
        Source(eurocities_csv_export.export(store, "https://w3id.org/iacoll/"), "x.csv"),
        default_catalogue(),
    )
    assert again.use_case is not None and again.use_case.iri == record.iri


def test_the_governance_texts_go_to_the_system_columns_and_come_back() -> None:
    """The library's fixture record with every public field: the texts iacoll keeps on the use
    case fill the template's system columns, the AI Act level its risk_category; read back, they
    are on the AI system, as the crosswalk puts them."""
    path = FIXTURES / "federation" / "bibliotheque" / "cles-points-virgules-bom.csv"
    found = next(bibliotheque_csv.read(Source(path.read_bytes(), path.name), default_catalogue()))
    store = ox.Store()
    for record in found.records:
        store.load(record.public.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
    data = eurocities_csv_export.export(store, "https://w3id.org/iacoll/")
    (row,) = table(data)
    assert row["decision_making_process"] == "Aide à la commande des repas."
    assert row["risks"] == "Une prévision trop basse : une marge est ajoutée."
    assert row["proportionality"] == "Seules des données agrégées sont traitées."
    assert row["objection_procedure"] == "Sans objet : aucune décision individuelle."
    assert row["rollback"] == "La commande manuelle reste possible."
    assert (row["risk_category"], row["status"]) == ("minimal risk", "retired")
    assert row["domain"] == ""  # transition-ecologique: two domains map onto it
    (back,) = eurocities_csv.read(Source(data, "x.csv"), default_catalogue())
    assert back.use_case is not None
    g, s = back.use_case.public, back.use_case.iri
    system = g.value(s, AI.hasAISystem)
    assert g.value(system, IACOLL.reversibilite) == Literal(
        "La commande manuelle reste possible.", lang="fr"
    )
    assert g.value(system, EU_AIACT.hasRiskLevel) == EU_AIACT.RiskLevelMinimal


def test_the_cli_writes_the_file(seed_settings: Settings, tmp_path: Path) -> None:
    settings = copy_store(seed_settings, tmp_path)
    out = tmp_path / "registre.csv"
    args = ["export", "--to", "eurocities-csv", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, "--store", str(settings.store_path)])
    assert result.exit_code == 0, result.output
    rows = table(out.read_bytes())
    assert len(rows) == 55
    assert [r["name"] for r in rows if r["name"].startswith("Callbot")] == [
        "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"
    ]

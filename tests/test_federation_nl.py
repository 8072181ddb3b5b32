"""Import and export of the Dutch Algoritmeregister (publication standard 1.0 and its variants).

The real files are in ``../shared/ext-samples/`` (site-data export, a standard 1.0 template, the
scraper's full file of 1,530 records); the tricky hand-made ones in
``tests/fixtures/federation/nl/``.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from iacoll import sources
from iacoll.errors import UnreadableInput
from iacoll.federation import bibliotheque_csv, crosswalks, formats
from iacoll.federation import nl_algoritmeregister as nl
from iacoll.federation import nl_algoritmeregister_export as nl_export
from iacoll.federation import nl_publicatiestandaard_export as nl_schema_export
from iacoll.federation.harvest import Harvested, Source, with_provenance
from iacoll.model.record import Record
from iacoll.model.text_checks import literal_problems
from iacoll.model.upstream_organisations import Catalogue, default_catalogue
from iacoll.namespaces import ADMS, DCAT, DCT, DEFAULT_BASE, FOAF, IACOLL, RDF, rebase
from iacoll.projection import record_graph
from iacoll.settings import Settings
from iacoll.store import open_stores
from iacoll.validation_records import RecordValidator
from tests.conftest import FIXTURES, copy_store

SAMPLES = sources.ROOT.parent / "shared" / "ext-samples"
SITE_DATA = SAMPLES / "nl-algoritmeregister_site-data-export.json"
TEMPLATE = SAMPLES / "nl-algoritmeregister_standard-v1.0_template_gemeente-amsterdam.json"
SCRAPE = SAMPLES / "nl-algoritmeregister_scrape_full.json"
EXCERPT = SAMPLES / "nl-algoritmeregister_scrape_gemeenten_excerpt.json"
HERE = FIXTURES / "federation" / "nl"
ID = "https://w3id.org/iacoll/id/"
THEME = "https://w3id.org/iacoll/vocab/theme/"
STATUT = "https://w3id.org/iacoll/vocab/statut/"
NLD = URIRef("http://publications.europa.eu/resource/authority/country/NLD")
EMPTY = Catalogue(Graph())
CATEGORIES = "https://w3id.org/iacoll/correspondances/nl-algoritmeregister/valeurs/"
CATEGORY_A = CATEGORIES + "publication-category/hoog-risico-ai-systeem-categorie-a"
CATEGORY_B = CATEGORIES + "publication-category/impactvolle-algoritmes-categorie-b"
CATEGORY_C = CATEGORIES + "publication-category/overige-algoritmes-categorie-c"


def harvest(path: Path, catalogue: Catalogue = EMPTY) -> list[Harvested]:
    return list(nl.read(Source(path.read_bytes(), str(path)), catalogue))


def cited(found: list[Harvested]) -> Graph:
    graph = Graph()
    for item in found:
        for record in item.records:
            if record.kind == "organisation":
                graph += record.public
    return graph


@pytest.fixture(scope="module")
def validator() -> RecordValidator:
    return RecordValidator(sources.DATA_DIR)


def themed(found: Harvested) -> bool:
    case = found.use_case
    return case is not None and (case.iri, DCAT.theme, None) in case.public


def with_provenance_of(found: Harvested) -> Record:
    """The use case as the import engine sends it: with its provenance (an imported record)."""
    assert found.use_case is not None
    return with_provenance(
        found.use_case,
        registry="nl-algoritmeregister",
        source_id=found.source_id,
        source_url=found.source_url,
        retrieved=datetime(2026, 12, 7, tzinfo=UTC),
        crosswalk=crosswalks.load("nl-algoritmeregister").version_iri,
    )


def violations(validator: RecordValidator, records: list[Record], graph: Graph) -> Counter[str]:
    found: Counter[str] = Counter()
    for problems in validator.problems(records, graph).values():
        found.update(p.message_en[:60] for p in problems if p.severity == "violation")
    for record in records:
        found.update(p.message_en[:60] for p in literal_problems(record))
    return found


# --- The registry and the crosswalk -------------------------------------------------------


def test_the_format_is_registered() -> None:
    assert formats.importer("nl-algoritmeregister") is nl
    assert formats.exporter("nl-algoritmeregister") is nl_export
    assert nl.CROSSWALK == "nl-algoritmeregister"
    assert (nl_export.MEDIA_TYPE, nl_export.SUFFIX) == ("application/json", ".json")


def test_the_crosswalk_documents_every_field_and_value_of_the_real_files() -> None:
    walk = crosswalks.load("nl-algoritmeregister")
    known = {f.source for f in walk.fields}
    site = json.loads(SITE_DATA.read_bytes())
    scrape = json.loads(SCRAPE.read_bytes())
    template = json.loads(TEMPLATE.read_bytes())
    seen = {k for v in site["algoritme_versions"] for k in v}
    seen |= {f"organisation_details.{k}" for o in site["organisation_details"] for k in o}
    seen |= {k for r in scrape["algoritmes"] for k in r} | {k for r in template for k in r}
    assert seen - known == set()
    assert all(f.note_fr and f.note_en for f in walk.fields)
    statuses = {r["status"] for r in scrape["algoritmes"]} | {r["status"] for r in template}
    statuses |= {v["status"] for v in site["algoritme_versions"] if v["status"]}
    assert {s for s in statuses if walk.concept("status", s) is None} == set()
    assert str(walk.concept("status", "in_gebruik").concept) == STATUT + "deploiement"
    assert str(walk.concept("status", "Buiten gebruik").concept) == STATUT + "terminee"
    assert str(walk.concept("category", "Verkeer").concept) == THEME + "mobilites"
    config = json.loads((HERE / "config-v1_0.json").read_bytes())["properties"]
    assert set(config) - known == set()  # every field of standard 1.0 is documented
    # Every value of standard 1.0 is mapped, or named in its field's note as left out.
    notes = {f.source: f.note_fr for f in walk.fields}
    for name in ("category", "status"):
        for value in config[name]["permitted_values"]:
            assert walk.concept(name, value) is not None or value in notes[name], value


# --- The real files -----------------------------------------------------------------------


def test_the_full_scrape_gives_its_1530_records() -> None:
    found = harvest(SCRAPE)
    assert len(found) == 1530
    assert len({h.source_id for h in found}) == 1530
    assert found[0].where == "enregistrement 1 (lars 11136893)"
    assert [h for h in found if h.rejected] == []
    # The scraper keeps no category: no theme is invented (the shapes warn, see below).
    assert all(
        (h.use_case.iri, DCAT.theme, None) not in h.use_case.public for h in found if h.use_case
    )
    cases = [h.use_case for h in found]
    assert len(cases) == 1530
    organisations = [r for h in found for r in h.records[1:]]
    assert len(organisations) == 336  # each organisation once per read
    assert len({r.iri for r in organisations}) == 336
    by_id = {h.source_id: h for h in found}
    arnhem = by_id["41181368"]
    assert arnhem.source_url == "https://algoritmes.overheid.nl/nl/algoritme/41181368"
    case = arnhem.use_case
    assert case is not None and case.iri == URIRef(ID + "cas-usage/nl-41181368")
    title = "Geautomatiseerde handhaving milieuzone centrum ring Arnhem"
    assert (case.iri, DCT.title, Literal(title, lang="nl")) in case.public
    assert (case.iri, ADMS.status, URIRef(STATUT + "deploiement")) in case.public
    assert (case.iri, DCT.publisher, URIRef(ID + "organisation/nl-gemeente-arnhem")) in case.public
    modified = case.public.value(case.iri, DCT.modified)
    assert modified is not None and str(modified) == "2024-05-22"
    assert arnhem.unmapped == ["juridische_basis", "toegevoegd"]
    # impactassessment: Onbekend states nothing; over the file, Ja 623 and Nee 22 are stated.
    assert case.public.value(case.iri, IACOLL.analyseImpactRealisee) is None
    stated = Counter(
        h.use_case.public.value(h.use_case.iri, IACOLL.analyseImpactRealisee) for h in found
    )
    assert stated == {None: 885, Literal(True): 623, Literal(False): 22}
    statuses = Counter(str(h.use_case.public.value(h.use_case.iri, ADMS.status)) for h in found)
    assert statuses == {
        STATUT + "deploiement": 1392,
        STATUT + "experimentation": 73,
        STATUT + "terminee": 65,
    }
    # 8 records have an empty doel: no description (a Warning), nothing invented.
    assert sum(1 for c in cases if c and (c.iri, DCT.description, None) not in c.public) == 8


def test_the_scrape_records_break_no_rule(validator: RecordValidator) -> None:
    """All 1,866 records (1,530 use cases, 336 organisations), about 30 s: no violation once
    imported (the missing main theme is a warning on an imported record)."""
    found = harvest(SCRAPE)
    records = [with_provenance_of(h) for h in found] + [r for h in found for r in h.records[1:]]
    assert len(records) == 1866
    assert violations(validator, records, cited(found)) == {}


def test_the_same_organisation_has_the_same_iri_in_the_three_shapes() -> None:
    site = harvest(SITE_DATA)
    scrape = harvest(EXCERPT)
    amsterdam = URIRef(ID + "organisation/nl-gemeente-amsterdam")
    assert site[0].use_case is not None
    assert site[0].use_case.public.value(site[0].use_case.iri, DCT.publisher) == amsterdam
    publishers = {h.use_case.public.value(h.use_case.iri, DCT.publisher) for h in scrape}
    assert amsterdam in publishers
    standard = harvest(HERE / "tricky-standard-1.0.json")
    assert standard[0].records[1].iri == amsterdam


def test_the_site_data_export_gives_one_record_per_lars_in_two_languages() -> None:
    found = harvest(SITE_DATA)
    assert [h.source_id for h in found] == ["16268148", "97246956"]
    den_haag = found[1]
    case = den_haag.use_case
    assert case is not None and case.iri == URIRef(ID + "cas-usage/nl-97246956")
    titles = set(case.public.objects(case.iri, DCT.title))
    assert titles == {
        Literal("Wmo-voorspelmodel", lang="nl"),
        Literal("Wmo forecasting model", lang="en"),
    }
    assert (case.iri, ADMS.status, URIRef(STATUT + "deploiement")) in case.public  # Actief
    assert len(list(case.public.objects(case.iri, IACOLL.procedureObjection))) == 2
    organisation = den_haag.records[1]
    assert organisation.iri == URIRef(ID + "organisation/nl-gemeente-den-haag")
    names = set(organisation.public.objects(organisation.iri, FOAF.name))
    assert names == {
        Literal("Gemeente Den Haag", lang="nl"),
        Literal("Municipality of The Hague", lang="en"),
    }
    assert (organisation.iri, DCT.spatial, NLD) in organisation.public
    assert den_haag.source_url is None  # no documented page form without the slug
    assert "contact_email" not in den_haag.unmapped  # null in this version
    assert {"goal", "human_intervention", "lawful_basis", "description"} <= set(den_haag.unmapped)
    # Neither version gives a category: both are kept without a theme, nothing invented.
    assert [h.rejected for h in found] == [None, None]
    assert all(
        (h.use_case.iri, DCAT.theme, None) not in h.use_case.public for h in found if h.use_case
    )


def test_the_template_without_organisation_is_rejected() -> None:
    [found] = harvest(TEMPLATE)
    assert found.where == "enregistrement 1 (id gemeente-amsterdam-meldingen-openbare-ruimte)"
    assert found.records == []
    assert found.rejected is not None and "ne nomme pas son organisation" in found.rejected
    assert found.rejected_en is not None and "needs a publisher" in found.rejected_en


# --- Tricky inputs ------------------------------------------------------------------------


def test_tricky_site_data(validator: RecordValidator) -> None:
    found = harvest(HERE / "tricky-site-data.json")
    assert [h.source_id for h in found] == ["55500001", "55500002", "55500003"]
    parkeren, draft, housing = found
    case = parkeren.use_case
    assert case is not None
    risks = set(case.public.objects(case.iri, IACOLL.evaluationRisques))
    assert risks == {
        Literal("Onterechte boetes.\nCamerafouten\nBuitenlandse kentekens", lang="nl"),
        Literal("Wrong fines.\nCamera errors\nForeign plates", lang="en"),
    }
    assert set(case.public.objects(case.iri, IACOLL.proportionnalite)) == {
        Literal("Sneller dan handmatig.\nMinder kosten.", lang="nl")
    }
    assert set(case.public.objects(case.iri, DCAT.theme)) == {URIRef(THEME + "mobilites")}
    assert "Thème « Recht » sans équivalent iacoll : omis" in parkeren.guesses
    assert str(case.public.value(case.iri, DCT.modified)) == "2024-06-01"
    assert str(case.public.value(case.iri, URIRef("https://schema.org/startDate"))) == "2021-03"
    assert case.public.value(case.iri, DCAT.landingPage) == URIRef(
        "https://www.utrecht.nl/parkeren"
    )
    assert "contact_email" in parkeren.unmapped
    assert case.public.value(case.iri, IACOLL.categoriePublication) == URIRef(
        CATEGORY_B
    )  # « Impactvolle algoritmes »: the register's short spelling of category B
    assert "publication_category" not in parkeren.unmapped
    assert "impacttoetsen_grouping" not in parkeren.unmapped  # a DPIA listed: one was made
    assert case.public.value(case.iri, IACOLL.analyseImpactRealisee) == Literal(True)
    assert draft.rejected == "aucune version publiée"
    assert housing.rejected is None  # kept without a theme, the category named in a guess
    assert "Thème « Wonen » sans équivalent iacoll : omis" in housing.guesses
    records = parkeren.records
    assert [r.kind for r in records] == ["cas-usage", "organisation"]
    assert violations(validator, records, Graph()) == {}


def test_tricky_standard_records(validator: RecordValidator) -> None:
    found = harvest(HERE / "tricky-standard-1.0.json")
    route, orphan, unknown, anonymous = found
    case = route.use_case
    assert case is not None and case.iri == URIRef(ID + "cas-usage/nl-66600001")
    description = Literal("Plant de route van de ‹vuilniswagen›.", lang="nl")
    assert (case.iri, DCT.description, description) in case.public
    assert any("chevrons" in g for g in route.guesses)
    assert (case.iri, ADMS.status, URIRef(STATUT + "terminee")) in case.public
    assert str(case.public.value(case.iri, DCT.modified)) == "2025-02-03"
    assert set(case.public.objects(case.iri, DCAT.theme)) == {
        URIRef(THEME + "transition-ecologique"),
        URIRef(THEME + "mobilites"),
    }
    assert route.unmapped == ["end_date", "goal", "lang"]
    assert orphan.rejected is not None and orphan.rejected_en is not None
    assert unknown.use_case is not None
    assert (unknown.use_case.iri, ADMS.status, None) not in unknown.use_case.public
    assert unknown.unmapped == ["lang", "status"]
    assert unknown.guesses == ["Statut « Gepland » inconnu de la correspondance : omis"]
    assert anonymous.rejected == "l'enregistrement n'a ni lars ni id"
    records = [r for h in found for r in h.records]
    assert violations(validator, records, Graph()) == {}


def test_the_publication_category_is_kept_as_the_registers_concept(
    tmp_path: Path, validator: RecordValidator
) -> None:
    """The category the organisation publishes under, in either of the register's spellings,
    is kept as the register's own concept and written back in each format's spelling; an
    unknown one is omitted and reported."""
    stated = ["Hoog-risico AI-systeem (Categorie A)", " overige  ALGORITMES", "Categorie D"]
    records = [
        {
            "lars": f"7770000{n}",
            "name": f"Algoritme {n}",
            "organization": "Gemeente Utrecht",
            "description_short": "Een algoritme van de gemeente.",
            "category": ["Verkeer"],
            "status": "In gebruik",
            "publication_category": category,
            "lang": "NLD",
            "standard_version": "1.0",
        }
        for n, category in enumerate(stated, 1)
    ]
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    high, other, unknown = harvest(path)
    assert [
        h.use_case.public.value(h.use_case.iri, IACOLL.categoriePublication)
        for h in (high, other, unknown)
        if h.use_case
    ] == [URIRef(CATEGORY_A), URIRef(CATEGORY_C), None]
    assert unknown.unmapped == ["lang", "publication_category"]
    assert unknown.guesses == [
        "Catégorie de publication « Categorie D » inconnue de la correspondance : omise"
    ]
    assert violations(validator, [r for h in (high, other) for r in h.records], Graph()) == {}
    store = ox.Store()
    for found in (high, other):
        for record in found.records:
            graph = ox.NamedNode(record_graph(DEFAULT_BASE, str(record.iri)))
            store.load(record.public.serialize(format="nt"), ox.RdfFormat.N_TRIPLES, to_graph=graph)
    in_schema = json.loads(nl_schema_export.export(store, DEFAULT_BASE))
    assert [r["publication_category"] for r in in_schema] == [
        "Hoog-risico AI-systeem (Categorie A)",
        "Overige algoritmes (Categorie C)",
    ]
    in_api = json.loads(nl_export.export(store, DEFAULT_BASE))
    assert [r["publication_category"] for r in in_api] == [
        "Hoog-risico AI-systeem",
        "Overige algoritmes",
    ]  # the submission API's permitted values (config-v1_0.json)


def test_organisations_already_published_are_not_repeated() -> None:
    published = Graph()
    amsterdam = URIRef(ID + "organisation/nl-gemeente-amsterdam")
    published.add((amsterdam, RDF.type, FOAF.Agent))
    found = harvest(HERE / "tricky-scrape.json", Catalogue(published))
    assert [len(h.records) for h in found] == [1, 2]
    assert found[1].records[1].iri == URIRef(ID + "organisation/nl-gemeente-utrecht")
    assert found[1].use_case is not None
    assert (found[1].use_case.iri, DCT.description, None) not in found[1].use_case.public


def test_a_json_of_another_shape_is_refused() -> None:
    source = Source(b'{"results": []}', "x.json")
    with pytest.raises(UnreadableInput):
        list(nl.read(source, EMPTY))


def test_plain_text_keeps_paragraphs_as_lines() -> None:
    html = "<div><p>Een.</p><p><br></p><ul><li>twee</li><li>drie &amp; vier</li></ul></div>"
    assert nl.plain_text(html) == "Een.\ntwee\ndrie & vier"
    assert nl.plain_text("a\r\n\r\nb  c") == "a\nb c"


# --- Export -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("nl-export"))
    body = nl_export.export(open_stores(settings).public, settings.base_iri)
    data = json.loads(body)
    assert isinstance(data, list)
    return data


def test_the_export_lists_the_published_use_cases(exported: list[Any]) -> None:
    assert len(exported) == 55
    callbot = next(r for r in exported if r["source_id"].endswith("/amp-callbot-encombrants"))
    assert callbot["organization"] == "Métropole Aix-Marseille-Provence"
    assert callbot["status"] == "In gebruik"
    assert callbot["begin_date"] == "2024-04"
    assert callbot["standard_version"] == "1.0"
    assert callbot["lang"] == "fra"
    assert callbot["url"] == callbot["source_id"]
    assert len(callbot["description_short"]) <= 350 and callbot["description_short"].endswith("…")
    assert callbot["goal"].startswith(callbot["description_short"][:-1])
    assert all("contact_email" not in r and "publication_category" not in r for r in exported)


def test_the_export_meets_the_publication_standard_json_schema(exported: list[Any]) -> None:
    """``schema.json`` of MinBZK/Algoritmeregister names some fields differently from the
    submission API (theme, start_date, contact, purpose_and_impact…) and requires fields
    iacoll does not hold; the fields both name alike must meet its constraints."""
    schema = json.loads((HERE / "publicatiestandaard-v1.0.0.schema.json").read_bytes())
    jsonschema.Draft7Validator.check_schema(schema)
    shared = {k: v for k, v in schema["properties"].items() if k in exported[0] or k == "status"}
    assert set(shared) == {"name", "description_short", "organization", "status", "source_id"}
    checker = jsonschema.Draft7Validator({"type": "object", "properties": shared})
    assert [e.message for r in exported for e in checker.iter_errors(r)] == []


def test_the_export_meets_the_registers_v1_0_configuration(exported: list[Any]) -> None:
    """A JSON Schema built from the register's own v1_0 configuration (required, max_length,
    permitted_values, max_items): the only gaps are the values iacoll does not hold and the
    language, French rather than the only one the Dutch register takes (nld)."""
    config = json.loads((HERE / "config-v1_0.json").read_bytes())["properties"]
    properties: dict[str, Any] = {}
    for name, spec in config.items():
        rule: dict[str, Any] = {}
        if spec.get("permitted_values") and spec["type"] == "array":
            rule = {"type": "array", "items": {"enum": spec["permitted_values"]}}
        elif spec.get("permitted_values"):
            rule = {"enum": spec["permitted_values"]}
        elif spec["type"] == "string":
            rule = {"type": "string"}
        if spec.get("max_length"):
            rule["maxLength"] = spec["max_length"]
        if spec.get("max_items"):
            rule["maxItems"] = spec["max_items"]
        properties[name] = rule
    required = [n for n, s in config.items() if s.get("required") is True]
    checker = jsonschema.Draft7Validator(
        {"type": "object", "properties": properties, "required": required}
    )
    errors = [e for r in exported for e in checker.iter_errors(r)]
    other = {(str(e.path[0]), e.validator) for e in errors if e.validator != "required"}
    assert other <= {("lang", "enum")}  # fra: the register takes nld only
    missing = Counter(e.message.split("'")[1] for e in errors if e.validator == "required")
    # Not held by iacoll (never invented); status and description_short when a record lacks them.
    assert set(missing) <= {"contact_email", "publication_category", "status", "description_short"}
    assert missing["contact_email"] == missing["publication_category"] == 55


# --- Export in the JSON Schema's field names (nl-publicatiestandaard) -----------------------

SCHEMA_FILE = HERE / "publicatiestandaard-v1.0.0.schema.json"
LANGUAGE = ("language", "const")
CATEGORY = ("publication_category", "required")


def schema_errors(record: dict[str, Any]) -> set[tuple[str, str]]:
    """The errors of ``record`` against the whole schema (required fields, formats): (field,
    keyword), a missing field named as the field."""
    schema = json.loads(SCHEMA_FILE.read_bytes())
    checker = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    found = set()
    for error in checker.iter_errors(record):
        name = error.message.split("'")[1] if error.validator == "required" else error.path[0]
        found.add((str(name), str(error.validator)))
    return found


def test_the_crosswalk_documents_every_field_of_the_json_schema() -> None:
    walk = crosswalks.load("nl-algoritmeregister")
    notes = {f.source: f.note_en for f in walk.fields}
    properties = json.loads(SCHEMA_FILE.read_bytes())["properties"]
    assert set(properties) - set(notes) == set()
    written = {name for name in properties if "nl-publicatiestandaard export" in notes[name]}
    assert written >= {"contact", "data", "supplier", "theme", "publication_category", "language"}
    assert 'written "" (not filled in)' in notes["considerations"]


@pytest.fixture(scope="module")
def in_schema_names(seed_settings: Settings) -> list[Any]:
    body = nl_schema_export.export(open_stores(seed_settings).public, seed_settings.base_iri)
    data = json.loads(body)
    assert isinstance(data, list)
    return data


def test_the_schema_exporter_is_registered() -> None:
    assert formats.exporter("nl-publicatiestandaard") is nl_schema_export
    assert (nl_schema_export.MEDIA_TYPE, nl_schema_export.SUFFIX) == ("application/json", ".json")
    assert {"nl-algoritmeregister", "nl-publicatiestandaard"} <= set(formats.export_formats())


def test_the_schema_export_of_a_known_record(in_schema_names: list[Any]) -> None:
    assert len(in_schema_names) == 55
    callbot = next(
        r for r in in_schema_names if r["source_id"] == ID + "cas-usage/amp-callbot-encombrants"
    )
    assert callbot["name"] == "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"
    assert callbot["organization"] == "Métropole Aix-Marseille-Provence"
    assert callbot["theme"] == []  # citoyennete-sante-solidarite: no Dutch category alone
    assert callbot["status"] == "In gebruik"
    assert callbot["start_date"] == "2024-04"
    assert callbot["purpose_and_impact"].startswith(
        "La gestion des encombrants est un sujet de préoccupation important dans notre Métropole."
    )
    assert callbot["language"] == "fra" and callbot["schema"] == "1.0.0"
    # required, not held: written empty, never invented
    for name in ("contact", "considerations", "risk_management", "data", "supplier"):
        assert callbot[name] == ""
    assert "publication_category" not in callbot
    sicoval = next(r for r in in_schema_names if r["source_id"].endswith("/sicoval-fuites-eau"))
    assert sicoval["theme"] == ["Natuur en milieu"]
    assert sicoval["supplier"] == "Leakmited"  # the AI system's provider
    assert sicoval["human_intervention"].startswith(
        "Il faut que l'IA soit secondée par des humains"
    )
    assert all(r["contact"] == "" for r in in_schema_names)  # members-only in iacoll
    themes = Counter(t for r in in_schema_names for t in r["theme"])
    assert themes == {"Natuur en milieu": 20, "Verkeer": 7, "Organisatie en bedrijfsvoering": 5}


def test_the_governance_texts_of_a_record() -> None:
    """The library's fixture record with every public field: proportionality, risk assessment
    and the label of the system's impact level fill considerations, risk management and human
    intervention."""
    path = FIXTURES / "federation" / "bibliotheque" / "cles-points-virgules-bom.csv"
    found = next(bibliotheque_csv.read(Source(path.read_bytes(), path.name), default_catalogue()))
    store = ox.Store()
    for record in found.records:
        store.load(record.public.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
    vocabulary = sources.ROOT / "ontology" / "vocabularies" / "niveau-impact.ttl"
    store.load(vocabulary.read_bytes(), ox.RdfFormat.TURTLE)
    (record,) = json.loads(nl_schema_export.export(store, "https://w3id.org/iacoll/"))
    assert record["considerations"] == "Seules des données agrégées sont traitées."
    assert record["risk_management"] == "Une prévision trop basse : une marge est ajoutée."
    assert record["human_intervention"] == "Supervision et validation humaine systématique"
    assert (record["status"], record["start_date"]) == ("Buiten gebruik", "2023-01")
    assert record["theme"] == ["Natuur en milieu"]
    assert schema_errors(record) == {LANGUAGE, CATEGORY}  # minimal risk: B or C, not stated


def test_every_french_record_meets_the_schema_but_what_iacoll_cannot_say(
    in_schema_names: list[Any],
) -> None:
    """Validated against the whole schema: a French record says « fra », not the « nld » the
    register takes; no seed system is of the AI Act's high risk level, so no publication
    category is stated (B or C would be a guess); status and start date are missing where the
    record has none (an enum and a pattern have no empty value). Nothing else."""
    counts: Counter[tuple[str, str]] = Counter()
    for record in in_schema_names:
        expected = {LANGUAGE, CATEGORY}
        if "status" not in record:
            expected.add(("status", "required"))
        if "start_date" not in record:
            expected.add(("start_date", "required"))
        assert schema_errors(record) == expected, record["source_id"]
        counts.update(expected)
    assert counts == {
        LANGUAGE: 55,
        CATEGORY: 55,
        ("status", "required"): 41,
        ("start_date", "required"): 47,
    }


def dutch_store(base: str = "https://w3id.org/iacoll/") -> ox.Store:
    """A public store (at ``base``) of records read from the register: the tricky files, the
    Amsterdam template, the real site-data export."""
    store = ox.Store()
    paths = [HERE / "tricky-site-data.json", HERE / "tricky-standard-1.0.json", TEMPLATE, SITE_DATA]
    for path in paths:
        for found in harvest(path):
            for record in found.records:
                graph = ox.NamedNode(record_graph(base, str(record.iri)))
                text = rebase(record.public, base).serialize(format="nt")
                store.load(text, ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return store


def test_a_store_at_another_base_exports_the_same_records() -> None:
    """The exporters read a store at any base IRI: the same records, served at that base."""
    other = "https://registre.example/"
    for module in (nl_export, nl_schema_export):
        here = json.loads(module.export(dutch_store(), DEFAULT_BASE))
        there = json.loads(module.export(dutch_store(other), other))
        assert len(here) == 6
        moved = json.dumps(here, ensure_ascii=False).replace(DEFAULT_BASE + "id/", other + "id/")
        assert json.loads(moved) == there


def test_dutch_records_meet_the_schema() -> None:
    """Records imported from the register (the tricky files, the Amsterdam template, the real
    site-data export) exported again: in Dutch (nld), every schema error is a value the source
    itself did not give (publication category, status, start date); a record that gives them
    all meets the whole schema."""
    store, base = dutch_store(), "https://w3id.org/iacoll/"
    exported = {
        r["source_id"].rsplit("/", 1)[1]: r
        for r in json.loads(nl_schema_export.export(store, base))
    }
    status, start = ("status", "required"), ("start_date", "required")
    assert {name: schema_errors(r) for name, r in exported.items()} == {
        "nl-55500001": set(),  # Parkeerscan: every field the schema asks for is stated
        "nl-55500003": {CATEGORY, start},
        "nl-66600001": {CATEGORY, start},
        "nl-66600003": {CATEGORY, status, start},  # « Gepland »: no iacoll status
        "nl-16268148": {CATEGORY, status, start},
        "nl-97246956": {CATEGORY, start},
    }
    parkeren = exported["nl-55500001"]
    assert parkeren["publication_category"] == "Impactvolle algoritmes (Categorie B)"
    assert parkeren["language"] == "nld"
    assert parkeren["name"] == "Parkeerscan"
    assert parkeren["organization"] == "Gemeente Utrecht"
    assert parkeren["theme"] == ["Verkeer"]
    assert parkeren["status"] == "In gebruik"
    assert parkeren["start_date"] == "2021-03"
    assert parkeren["link"] == "https://www.utrecht.nl/parkeren"
    assert parkeren["considerations"] == "Sneller dan handmatig.\nMinder kosten."
    assert parkeren["risk_management"] == "Onterechte boetes.\nCamerafouten\nBuitenlandse kentekens"
    assert {r["language"] for r in exported.values()} == {"nld"}

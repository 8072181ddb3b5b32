"""Import and export of the Bibliothèque d'IA territoriales' CSV (``bibliotheque-csv``).

The importer on hand-made files of both dialects (tests/fixtures/federation/bibliotheque/:
comma / title-case headers in Windows-1252, semicolon / field keys in UTF-8 with a BOM) holding
the upstream quirks — spaced SIRET, ``Terminé``, ``Agent - Elu``, a line break in a name,
decimal commas, Excel serial dates, a bad SIRET check digit, an unknown column — and on the
seed-derived upload fixtures; the crosswalk against the model's 39 fields; the round trip of the
seed store (export → import gives back the upstream part of every use case).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCAT, FOAF, SKOS, XSD

from iacoll.federation import (
    bibliotheque_csv,
    bibliotheque_csv_export,
    crosswalks,
    formats,
    importing,
)
from iacoll.federation.harvest import Harvested, Source
from iacoll.federation.upstream_files import TITLE_CASE_HEADERS, read_rows
from iacoll.model.fields import FIELDS, by_key
from iacoll.model.record import Record
from iacoll.model.upstream import upstream_part
from iacoll.model.upstream_organisations import Catalogue, default_catalogue
from iacoll.model.upstream_values import vocabularies
from iacoll.namespaces import ADMS, AI, DCT, DPV, GEO, IACOLL, ID, ORG, PAV, SCHEMA, VOCAB
from iacoll.projection import record_graph
from iacoll.publishing.published import published_catalogue
from iacoll.publishing.write import Writer, published_revision
from iacoll.settings import Settings
from iacoll.store import open_stores, writer_for
from tests.conftest import FIXTURES, copy_store

HERE = FIXTURES / "federation" / "bibliotheque"
GRIST = HERE / "grist-virgules-cp1252.csv"
KEYS = HERE / "cles-points-virgules-bom.csv"
CAS = f"{ID}cas-usage/"
EXEMPLEVILLE = URIRef(f"{ID}organisation/commune-d-exempleville")
BORDEAUX = URIRef(f"{ID}organisation/bordeaux-metropole")
TITLE_BORDEAUX = "Calque de plantabilité pour planter des arbres — Bordeaux Métropole"
# The public fields the comma (Grist) dialect has no column for: they cannot round-trip there.
NOT_IN_GRIST = (
    "status_abandon",
    "impact_algorithme",
    "risque_categorie",
    "erreur",
    "explicabilite",
    "risque",
    "proportionalite",
    "decision",
    "reversibilite",
    "objection",
)


def harvest(path: Path, catalogue: Catalogue | None = None) -> list[Harvested]:
    source = Source(path.read_bytes(), str(path))
    return list(bibliotheque_csv.read(source, catalogue or default_catalogue()))


def concept(scheme: str, notation: str) -> URIRef:
    return URIRef(f"{VOCAB}{scheme}/{notation}")


def system(record: Record) -> URIRef:
    found = record.public.value(record.iri, AI.hasAISystem)
    assert isinstance(found, URIRef)
    return found


# --- the crosswalk -----------------------------------------------------------------------------


def test_the_crosswalk_lists_the_models_39_fields_in_order() -> None:
    crosswalk = crosswalks.load(bibliotheque_csv.CROSSWALK)
    assert [f.source for f in crosswalk.fields] == [spec.key for spec in FIELDS]
    assert len(crosswalk.fields) == 39
    assert (crosswalk.format, crosswalk.registry) == (
        "bibliotheque-csv",
        "bibliotheque-ia-territoriales",
    )
    for mapping in crosswalk.fields:  # each target is a step of the model's own path
        spec = by_key(mapping.source)
        assert mapping.target in (*spec.path_from_record, *spec.path), mapping.source
        assert mapping.note_fr and mapping.note_en
    assert crosswalk.unmapped({"coll_nom", "Commentaire_interne"}) == ["Commentaire_interne"]
    assert formats.importer("bibliotheque-csv") is bibliotheque_csv
    assert formats.exporter("bibliotheque-csv") is bibliotheque_csv_export


def test_the_crosswalks_values_are_the_vocabularies_variants() -> None:
    """The model reads the values through the vocabularies' labels: the [[value]] entries
    document the variants (every French altLabel of a controlled field's vocabulary), each
    resolved by the model to the concept named, none a preferred label."""
    crosswalk = crosswalks.load(bibliotheque_csv.CROSSWALK)
    vocab = vocabularies()
    for value in crosswalk.values:
        scheme = by_key(value.field).scheme
        assert scheme is not None
        assert vocab.resolve(scheme, value.source) == value.concept, value
        assert vocab.label(value.concept) != value.source
        assert value.match == SKOS.exactMatch
    for spec in FIELDS:
        if spec.scheme is None:
            continue
        listed = {v.source for v in crosswalk.values if v.field == spec.key}
        variants = {
            str(label)
            for concept in vocab.graph.subjects(SKOS.inScheme, VOCAB[spec.scheme])
            for label in vocab.graph.objects(concept, SKOS.altLabel)
            if isinstance(label, Literal)
            and label.language == "fr"
            and vocab.resolve(spec.scheme, str(label)) == concept
        }
        assert listed == variants, spec.key
    found = crosswalk.concept("projet_status", "Terminé")
    assert found is not None and found.concept == concept("statut", "terminee")
    assert crosswalk.concept("audience_service", "Elu") is not None
    assert len(crosswalk.values) == 206


# --- the importer on hand-made files -------------------------------------------------------------


def test_the_comma_dialect_in_windows_1252() -> None:
    rows = harvest(GRIST)
    assert [r.where for r in rows] == ["ligne 2", "ligne 3", "ligne 4"]

    bordeaux = rows[0]
    assert bordeaux.rejected is None
    assert len(bordeaux.records) == 1  # Bordeaux Métropole is in the catalogue (by its SIREN)
    record = bordeaux.records[0]
    assert record.iri == URIRef(f"{CAS}bordeaux-metropole-detection-des-nids-de-poule-par-camera")
    public = record.public
    assert public.value(record.iri, DCT.publisher) == BORDEAUX
    assert public.value(record.iri, DCT.title) == Literal(
        "Détection des nids-de-poule par caméra embarquée", lang="fr"
    )
    assert public.value(record.iri, ADMS.status) == concept("statut", "terminee")
    assert set(public.objects(record.iri, SCHEMA.audience)) == {
        concept("cible", "agent"),
        concept("cible", "elu"),
    }
    themes = set(public.objects(record.iri, URIRef("http://www.w3.org/ns/dcat#theme")))
    assert {concept("sous-theme", "voies"), concept("sous-theme", "flux-trafic")} <= themes
    assert public.value(record.iri, SCHEMA.startDate) == Literal("2024-01", datatype=XSD.gYearMonth)
    assert public.value(record.iri, DCT.modified) == Literal("2025-03-15", datatype=XSD.date)
    assert bordeaux.unmapped == ["Commentaire_interne"]
    guesses = "\n".join(bordeaux.guesses)
    for expected in (
        "« 45292 » est une date Excel",
        "→ 01/2024",
        "« 243 300 316 00011 » → 24330031600011",
        "« 44,8378 » → 44.8378",
        "« -0,5792 » → -0.5792",
        "« Terminé » → « Terminée »",
        "« Agent - Elu » lu comme 2 valeurs",
        "« Voies - Flux et trafic » lu comme 2 valeurs",
        "Projet : retour à la ligne remplacé par une espace",
        # the catalogue's head office is kept over the row's, and said
        "déjà au catalogue avec la valeur « -0.5844559 »",
    ):
        assert expected in guesses, expected

    exempleville = rows[1]
    assert [str(r.iri) for r in exempleville.records] == [
        f"{CAS}commune-d-exempleville-agent-conversationnel-des-demarches",
        str(EXEMPLEVILLE),
    ]
    organisation = exempleville.records[1].public
    assert organisation.value(EXEMPLEVILLE, DCT.identifier) == Literal("219999000")
    assert organisation.value(EXEMPLEVILLE, ORG.classification) == concept(
        "type-collectivite", "commune"
    )
    assert exempleville.guesses == []

    bad = rows[2]
    assert bad.records == [] and bad.use_case is None
    assert bad.where == "ligne 4"
    assert bad.rejected is not None and "21999900000018" in bad.rejected
    assert "clé de contrôle" in bad.rejected
    assert bad.rejected_en is not None and "check digit" in bad.rejected_en


def test_the_semicolon_dialect_in_utf8_with_a_bom() -> None:
    rows = harvest(KEYS)
    assert [r.where for r in rows] == ["ligne 2", "ligne 3", "ligne 4"]

    first = rows[0]
    record, organisation = first.records
    assert record.iri == URIRef(f"{CAS}commune-d-exempleville-prevision-de-la-frequentation-des")
    assert organisation.iri == EXEMPLEVILLE
    site = organisation.public.value(EXEMPLEVILLE, ORG.hasPrimarySite)
    assert organisation.public.value(site, GEO.lat) == Literal("45.7640", datatype=XSD.decimal)
    assert organisation.public.value(site, GEO.long) == Literal("4.8357", datatype=XSD.decimal)
    public = record.public
    assert public.value(record.iri, DCT.title) == Literal(
        "Prévision de la fréquentation des cantines", lang="fr"
    )
    assert public.value(record.iri, DCT.modified) == Literal("2024-03-15", datatype=XSD.date)
    partners = sorted(
        str(public.value(p, FOAF.name)) for p in public.objects(record.iri, DCT.contributor)
    )
    assert partners == ["Laboratoire Exemple", "Université d'Exempleville"]
    assert all(isinstance(p, BNode) for p in public.objects(record.iri, DCT.contributor))
    assert public.value(system(record), DPV.hasHumanInvolvement) is not None
    assert public.value(record.iri, IACOLL.procedureObjection) == Literal(
        "Sans objet : aucune décision individuelle.", lang="fr"
    )
    # the restricted contact goes to the restricted part, never the public one
    assert "restauration@exempleville.example" in record.restricted.serialize(format="nt")
    assert "restauration@exempleville.example" not in public.serialize(format="nt")
    assert first.unmapped == ["commentaire"]
    guesses = "\n".join(first.guesses)
    for expected in (
        "« 45366 » est une date Excel (jours depuis le 30/12/1899) → 15/03/2024",
        "« 219 999 000 00017 » → 21999900000017",
        "« 45,7640 » → 45.7640",
        "« Terminé » → « Terminée »",
        "« Elu » → « Élu »",
        "est lu comme 2 partenaires",
        "« Prévision de la fréquentation des cantines »",
    ):
        assert expected in guesses, expected

    assert rows[1].rejected is not None and "« 219 999 000 00018 »" in rows[1].rejected
    assert rows[1].rejected_en is not None and "check digit" in rows[1].rejected_en

    # a later row of the same new organisation carries it again (the engine creates it once)
    assert [r.iri for r in rows[2].records] == [
        URIRef(f"{CAS}commune-d-exempleville-agent-conversationnel-des-demarches"),
        EXEMPLEVILLE,
    ]


def test_a_duplicate_row_and_the_seed_records_of_an_upload() -> None:
    """The upload's seed-derived file: its rows name published records, which keep their IRIs
    (no « -2 »); the same record twice in one file is rejected the second time."""
    rows = harvest(FIXTURES / "upstream" / "bibliotheque-points-virgules.csv")
    iris = [str(r.use_case.iri) if r.use_case else None for r in rows]
    assert iris[:3] == [
        f"{CAS}nantes-ia-cantines",
        f"{CAS}rouen-delibia",
        f"{CAS}bordeaux-calque-plantabilite",
    ]
    assert rows[3].rejected is not None and "ligne 4" in rows[3].rejected
    assert all(len(r.records) <= 1 for r in rows)  # no organisation described again
    assert sum(r.rejected is not None for r in rows) == 6


@pytest.fixture(scope="module")
def writer(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writer]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("bibliotheque"))
    built, _ = writer_for(settings)
    yield built
    built.db.close()


def test_the_records_pass_the_shapes(writer: Writer) -> None:
    catalogue = published_catalogue(writer.db)
    checked = 0
    for path in (GRIST, KEYS):
        for item in harvest(path, catalogue):
            cited = Graph()
            for extra in item.records[1:]:
                cited += extra.public
            for record in item.records:
                violations = [
                    p.message_fr
                    for p in writer.validate(record, cited)
                    if p.severity == "violation"
                ]
                assert violations == [], (item.where, record.iri, violations)
                checked += 1
    assert checked == 7


def test_importing_again_updates_the_same_records() -> None:
    """Once published, the rows of a file name those records: the same IRIs, no new
    organisation."""
    catalogue = default_catalogue()
    first = harvest(KEYS, catalogue)
    published = catalogue.including(*(r for item in first for r in item.records))
    again = harvest(KEYS, published)
    assert [i.use_case.iri if i.use_case else None for i in again] == [
        i.use_case.iri if i.use_case else None for i in first
    ]
    assert all(len(i.records) <= 1 for i in again)
    assert not any("-2" in str(r.iri) for i in again for r in i.records)


def test_an_excel_workbook_is_read_by_the_same_reader(tmp_path: Path) -> None:
    """XLSX goes through read_rows too: a date cell becomes the date, not a serial number."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["coll_nom", "coll_siret", "nom_projet", "theme", "date", "usage_description"])
    sheet.append(
        [
            "Bordeaux Métropole",
            24330031600011,
            "Tri des encombrants",
            "Mobilités",
            datetime(2025, 3, 15),
            "Les encombrants sont triés.",
        ]
    )
    sheet["E2"].number_format = "dd/mm/yyyy"
    path = tmp_path / "bibliotheque.xlsx"
    book.save(path)
    (item,) = harvest(path)
    record = item.records[0]
    assert record.public.value(record.iri, DCT.modified) == Literal("2025-03-15", datatype=XSD.date)
    assert record.public.value(record.iri, DCT.publisher) == BORDEAUX


# --- export and round trip -------------------------------------------------------------------


def store_of(records: list[Record], base: str) -> ox.Store:
    """An in-memory public store holding ``records``, one named graph each."""
    store = ox.Store()
    for record in records:
        graph = ox.NamedNode(record_graph(base, str(record.iri)))
        text = record.public.serialize(format="nt")
        store.load(text, ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return store


def differences(stored: Record, read: Record) -> set[URIRef]:
    """The properties on which the upstream parts of two records differ."""
    a, b = upstream_part(stored).public, upstream_part(read).public
    if isomorphic(a, b):
        return set()
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return {URIRef(p) for _, p, _ in (*only_a, *only_b)}


def test_round_trip_of_the_seed_store(writer: Writer, seed_settings: Settings) -> None:
    """Export the seed's public use cases, read the file back: every use case gets its own IRI
    and its upstream part (the fields, the carrier, the terms written beside them) is the same
    graph, in both dialects. No organisation is described again, no value needs a guess."""
    public = open_stores(seed_settings).public
    stored = {r.iri: r for r in bibliotheque_csv_export.use_cases(public, seed_settings.base_iri)}
    assert len(stored) == 55
    catalogue = published_catalogue(writer.db)
    for title_case in (True, False):
        data = bibliotheque_csv_export.export(public, seed_settings.base_iri, title_case=title_case)
        header = data.decode("utf-8-sig").split("\r\n", 1)[0]
        if title_case:
            assert header.split(",") == list(TITLE_CASE_HEADERS)
        else:
            assert header.split(";") == [spec.key for spec in FIELDS]
        rows = list(bibliotheque_csv.read(Source(data, "export.csv"), catalogue))
        assert len(rows) == 55
        assert [r.rejected for r in rows if r.rejected] == []
        assert {r.records[0].iri for r in rows} == set(stored)
        assert all(len(r.records) == 1 for r in rows)
        assert [g for r in rows for g in r.guesses] == []
        for row in rows:
            record = row.records[0]
            assert differences(stored[record.iri], record) == set(), record.iri
            # written over the published record (public and restricted parts), it changes nothing
            published = published_record(writer, record.iri)
            merged = bibliotheque_csv.merge(published, record)
            assert isomorphic(merged.public, published.public), record.iri
            assert isomorphic(merged.restricted, published.restricted), record.iri
    # the default is the Grist download: commas and title-case headers
    assert bibliotheque_csv_export.export(public, seed_settings.base_iri).startswith(
        "\ufeffNom_collectivite,Nom_du_projet,SIRET,".encode()
    )
    assert (bibliotheque_csv_export.MEDIA_TYPE, bibliotheque_csv_export.SUFFIX) == (
        "text/csv",
        ".csv",
    )


def published_record(writer: Writer, iri: URIRef) -> Record:
    with writer.db.transaction() as session:
        revision = published_revision(session, str(iri))
        assert revision is not None
        return Record.from_text(revision.record_iri, revision.public_nt, revision.restricted_nt)


def test_a_reimported_row_replaces_its_fields_and_keeps_the_rest(writer: Writer) -> None:
    """A changed row over a published record: the values it gives replace the stored ones; a
    field it leaves empty, the restricted part and what no upstream field carries stay."""
    iri = URIRef(f"{CAS}bordeaux-calque-plantabilite")
    published = published_record(writer, iri)
    assert len(published.restricted) and published.public.value(iri, DCT.source) is not None
    row = (
        "Nom_collectivite,Nom_du_projet,SIRET,Statut_du_projet,Theme,Description_service\r\n"
        "Bordeaux Métropole,Calque de plantabilité pour planter des arbres — Bordeaux Métropole,"
        "243 300 316 00011,Abandonné,Attractivité et aménagement,Le calque est retiré.\r\n"
    )
    (item,) = bibliotheque_csv.read(
        Source(row.encode(), "bordeaux.csv"), published_catalogue(writer.db)
    )
    imported = item.records[0]
    assert imported.iri == iri
    merged = bibliotheque_csv.merge(published, imported)
    assert merged.public.value(iri, ADMS.status) == concept("statut", "abandonne")
    assert merged.public.value(iri, DCT.description) == Literal("Le calque est retiré.", lang="fr")
    assert isomorphic(merged.restricted, published.restricted)
    for kept in (DCT.source, DCT.modified, SCHEMA.audience, URIRef(f"{DCAT}landingPage")):
        assert set(merged.public.objects(iri, kept)) == set(published.public.objects(iri, kept))
    changed = {p for p in (ADMS.status, DCT.description)}
    assert {p for p in differences(published, merged)} == changed


def test_the_comma_dialect_loses_exactly_the_public_fields_it_has_no_column_for() -> None:
    """A record with every kind of public field (the semicolon fixture's first row): the
    semicolon export gives it back whole; the Grist one loses the values of the public fields
    absent from its 16 columns (abandonment, AI governance) and nothing else."""
    lacking = [
        spec.key
        for spec in FIELDS
        if spec.access == "public" and spec.key not in TITLE_CASE_HEADERS.values()
    ]
    assert tuple(lacking) == NOT_IN_GRIST
    record, organisation = harvest(KEYS)[0].records
    base = "https://w3id.org/iacoll/"
    store = store_of([record, organisation], base)
    catalogue = Catalogue.from_graph(record.public + organisation.public)
    expected = {
        by_key(key).path[0]
        for key in NOT_IN_GRIST
        if (None, by_key(key).path[0], None) in record.public
    }
    assert len(expected) == 9  # every one but status_abandon (a project ended, not abandoned)
    expected.add(DPV.hasHumanInvolvement)  # written beside impact_algorithme
    for title_case, lost in ((False, set()), (True, expected)):
        data = bibliotheque_csv_export.export(store, base, title_case=title_case)
        (row,) = bibliotheque_csv.read(Source(data, "export.csv"), catalogue)
        assert row.records[0].iri == record.iri
        assert differences(record, row.records[0]) == lost


def test_the_export_holds_no_restricted_value(seed_settings: Settings) -> None:
    public = open_stores(seed_settings).public
    data = bibliotheque_csv_export.export(public, seed_settings.base_iri, title_case=False)
    rows = read_rows(data, "export.csv")
    restricted = {spec.key for spec in FIELDS if spec.access == "restreint"}
    assert len(rows) == 55
    assert not any(key in restricted for row in rows for key in row.values)


# --- through the import engine ---------------------------------------------------------------


def test_the_import_engine_over_the_seed(seed_settings: Settings, tmp_path: Path) -> None:
    """``iacoll import --from bibliotheque-csv`` of the seed's own Grist export: every record
    is updated in place (its IRI, its restricted part and sources kept, the provenance added),
    importing again changes nothing, one changed row changes one record; a hand-made file adds
    its new organisation once and rejects the bad SIRET."""
    settings = copy_store(seed_settings, tmp_path)
    writer, _ = writer_for(settings)
    data = bibliotheque_csv_export.export(open_stores(seed_settings).public, settings.base_iri)

    def run(body: bytes, **options: bool) -> importing.ImportReport:
        source = Source(body, "bibliotheque.csv")
        catalogue = published_catalogue(writer.db)
        return importing.run(writer, "bibliotheque-csv", source, catalogue=catalogue, **options)

    iri = URIRef(f"{CAS}bordeaux-calque-plantabilite")
    before = published_record(writer, iri)
    first = run(data)
    assert first.counts == {
        "lus": 55,
        "importes": 55,
        "inchanges": 0,
        "rejetes": 0,
        "ignores": 0,
        "retires": 0,
    }
    after = published_record(writer, iri)
    assert isomorphic(after.restricted, before.restricted)
    assert after.public.value(iri, PAV.importedFrom) == URIRef(
        f"{ID}registre/bibliotheque-ia-territoriales"
    )
    for prop in (PAV.importedFrom, PAV.importedOn, PAV.createdWith):  # nothing else changed
        after.public.remove((iri, prop, None))
    assert isomorphic(after.public, before.public)

    again = run(data)
    assert again.counts["inchanges"] == 55 and again.counts["importes"] == 0

    text = data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))
    status = table[0].index("Statut_du_projet")
    (line,) = [row for row in table if row[1] == TITLE_BORDEAUX]
    line[status] = "Abandonné"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table)
    changed = run(out.getvalue().encode("utf-8-sig"))
    assert changed.counts["importes"] == 1 and changed.counts["inchanges"] == 54
    assert [r.iri for r in changed.rows if r.outcome == "importe"] == [str(iri)]
    assert published_record(writer, iri).public.value(iri, ADMS.status) == concept(
        "statut", "abandonne"
    )

    handmade = run(KEYS.read_bytes(), withdraw_missing=False)
    assert [(r.where, r.outcome) for r in handmade.rows] == [
        ("ligne 2", "importe"),
        ("ligne 3", "rejete"),
        ("ligne 4", "importe"),
    ]
    assert handmade.unmapped == {"commentaire": 1}
    assert published_revision_exists(writer, EXEMPLEVILLE)


def published_revision_exists(writer: Writer, iri: URIRef) -> bool:
    with writer.db.transaction() as session:
        return published_revision(session, str(iri)) is not None


def test_the_correspondances_page_shows_the_crosswalk(seed_app: FastAPI) -> None:
    page = TestClient(seed_app).get("/correspondances/bibliotheque-csv")  # no lifespan: shared
    assert page.status_code == 200
    for expected in ("coll_siret", "Nom_collectivite", "Terminé", "nom_algorithme"):
        assert expected in page.text, expected


def test_a_file_fetched_from_an_address_is_read_by_its_content() -> None:
    """The library's Grist download address ends in ``csv?tableId=…``, not a file name."""
    url = (
        "https://docs.getgrist.com/api/docs/nEtrfhyp7uc6/download/csv"
        "?tableId=Donnees_bibliotheque_IA"
    )
    rows = list(bibliotheque_csv.read(Source(GRIST.read_bytes(), url), default_catalogue()))
    assert [r.rejected is None for r in rows] == [True, True, False]

"""Reading upstream files (iacoll.federation.upstream_files): both CSV dialects of the
Bibliothèque d'IA territoriales, Excel's encodings, XLSX, and files that cannot be read.

The fixtures (tests/fixtures/upstream/, written by make_fixtures.py) are three seed records
exported with from_records, plus bad rows; each row read back must give the seed record again.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from rdflib.compare import isomorphic

from iacoll.errors import IacollError
from iacoll.federation.upstream_files import (
    HEADERS,
    MAX_ROWS,
    TITLE_CASE_HEADERS,
    UnreadableUpload,
    read_rows,
)
from iacoll.model.fields import FIELDS
from iacoll.model.upstream import to_records, upstream_part
from iacoll.namespaces import ID
from tests.fixtures.upstream.make_fixtures import SEEDS, seed_record, seed_rows

FIXTURES = Path(__file__).parent / "fixtures" / "upstream"
TITLE_CASE_KEYS = set(TITLE_CASE_HEADERS.values())


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def assert_seed_rows(rows_values: list[dict[str, str]], keys: set[str] | None = None) -> None:
    """The rows are the three seed records (only ``keys`` when the dialect has fewer columns),
    and the full ones give each seed record's upstream part back."""
    expected = seed_rows()
    if keys is not None:
        expected = [{k: v for k, v in row.items() if k in keys} for row in expected]
    assert rows_values == expected
    if keys is not None:
        return
    for slug, values in zip(SEEDS, rows_values, strict=True):
        seed = seed_record(slug)
        built = to_records(values, iri=str(seed.iri))
        assert built.record is not None
        assert isomorphic(upstream_part(built.record).public, upstream_part(seed).public)
        assert isomorphic(upstream_part(built.record).restricted, upstream_part(seed).restricted)


def test_the_header_table_knows_every_key_and_both_dialects() -> None:
    assert {spec.key for spec in FIELDS} <= set(HEADERS.values())
    assert HEADERS["nom collectivite"] == "coll_nom"
    assert HEADERS["herbergement"] == HEADERS["hebergement"] == "herbergement"
    assert HEADERS["date de derniere mise a jour"] == "date"
    assert HEADERS["porteur"] == "coll_nom"  # iacoll's own exports use the French labels


def test_semicolon_dialect_with_field_keys() -> None:
    rows = read_rows(fixture("bibliotheque-points-virgules.csv"), "bibliotheque.csv")
    assert [row.number for row in rows] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert all(row.problems == [] for row in rows)
    assert_seed_rows([row.values for row in rows[:3]])
    bordeaux = rows[2].values
    assert rows[3].values == {
        **bordeaux,
        "nom_projet": bordeaux["nom_projet"].replace(" ", "\n", 1),
    }
    built = to_records(rows[3].values)  # a line break in a project name becomes a space
    assert built.record is not None
    assert (
        built.record.iri
        == ID["cas-usage/bordeaux-metropole-calque-de-plantabilite-pour-planter-des"]
    )


def test_bad_rows_get_exact_problems() -> None:
    rows = read_rows(fixture("bibliotheque-points-virgules.csv"), "bibliotheque.csv")
    found = {}
    for row in rows[4:]:
        built = to_records(row.values)
        found[row.number] = [
            (p.field, p.message_fr, p.value) for p in built.problems if p.severity == "violation"
        ]
    description = rows[2].values["usage_description"] + " <script>alert(1)</script>"
    assert found == {
        6: [
            (
                "coll_siret",
                "Identifiant SIRET de la collectivité : le numéro SIRET « 243 300 316 00012 »"
                " n'est pas valide (clé de contrôle) : vérifiez-le sur"
                " annuaire-entreprises.data.gouv.fr.",
                "243 300 316 00012",
            )
        ],
        7: [
            (
                "theme",
                "Thème principal : « Tourisme » n'est pas une valeur admise. Valeurs admises :"
                " Administration et organisation interne · Attractivité et aménagement ·"
                " Citoyenneté · Citoyenneté, santé et solidarités · Gouvernance et socles"
                " technologiques · Mobilités · Santé et solidarité · Transition écologique et"
                " énergétique.",
                "Tourisme",
            )
        ],
        8: [("nom_projet", "Projet : ce champ est obligatoire : renseignez-le.", None)],
        9: [
            (
                "usage_description",
                "Description globale du service et de ses usages : le texte contient une balise"
                " HTML ou du code (« <script> », « javascript: ») : retirez-la, seul du texte"
                " est attendu.",
                description,
            )
        ],
        10: [
            (
                "nom_projet",
                "Projet : le texte contient des caractères de contrôle invisibles (copiés d'un"
                " autre logiciel) : retapez-le ou collez-le sans mise en forme.",
                "Calque\x07de plantabilité",
            )
        ],
    }


def test_comma_dialect_with_title_case_headers_and_a_bom() -> None:
    data = fixture("bibliotheque-virgules-bom.csv")
    assert data.startswith(b"\xef\xbb\xbfNom_collectivite,Nom_du_projet,SIRET,")
    rows = read_rows(data, "export-grist.csv")
    assert [row.number for row in rows] == [2, 3, 4]
    assert_seed_rows([row.values for row in rows], TITLE_CASE_KEYS)


def test_windows_1252_from_excel() -> None:
    data = fixture("bibliotheque-excel-cp1252.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = read_rows(data, "Classeur1.csv")
    assert_seed_rows([row.values for row in rows])


def workbook_bytes(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_written_by_openpyxl() -> None:
    keys = [spec.key for spec in FIELDS]
    rows = [[row.get(key) for key in keys] for row in seed_rows()]
    data = workbook_bytes([keys, [], *rows])  # an empty row is skipped, its number kept
    read = read_rows(data, "bibliotheque.xlsx")
    assert [row.number for row in read] == [3, 4, 5]
    assert_seed_rows([row.values for row in read])


def test_xlsx_cells_typed_by_excel() -> None:
    from datetime import datetime

    data = workbook_bytes(
        [
            [
                "Nom_collectivite",
                "SIRET",
                "Latitude",
                "Date_de_demarrage",
                "Date_de_derniere_mise_a_jour",
            ],
            [
                "Bordeaux Métropole",
                24330031600011,
                44.8380737,
                datetime(2024, 1, 1),
                datetime(2025, 4, 16),
            ],
        ],
        {"D2": "mm/yyyy", "E2": "dd/mm/yyyy"},
    )
    [row] = read_rows(data, "export.xlsx")
    assert row.values == {
        "coll_nom": "Bordeaux Métropole",
        "coll_siret": "24330031600011",
        "latitude": "44.8380737",
        "projet_date": "01/2024",
        "date": "16/04/2025",
    }


def test_malformed_csv_gives_the_line() -> None:
    data = b'coll_nom;nom_projet\nNantes M\xc3\xa9tropole;"Cantines\n"IA" ok\n'
    with pytest.raises(UnreadableUpload) as caught:
        read_rows(data, "cantines.csv")
    error = caught.value
    assert isinstance(error, IacollError) and error.status == 400
    assert error.line == 3
    assert error.message == (
        "cantines.csv, ligne 3 : le fichier CSV est mal formé (guillemet mal placé dans une"
        " cellule) : vérifiez les guillemets autour des cellules qui contiennent le séparateur"
        " ou un retour à la ligne."
    )
    with pytest.raises(UnreadableUpload) as caught:
        read_rows(b'coll_nom;nom_projet\nNantes;"Cantines\n', "fin.csv")
    assert "guillemet ouvrant sans guillemet fermant" in caught.value.message


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "vide.csv", "vide.csv : le fichier est vide."),
        (
            b"nom;prenom\nDupont;Jean\n",
            "autre.csv",
            "autre.csv, ligne 1 : la première ligne ne nomme aucun champ du modèle (coll_nom,"
            " nom_projet, Nom_collectivite…) : ajoutez la ligne d'en-tête.",
        ),
        (
            b"herbergement;hebergement\nNSP;NSP\n",
            "double.csv",
            "double.csv, ligne 1 : plusieurs colonnes donnent le même champ (herbergement) :"
            " gardez-en une.",
        ),
        (
            b"PK\x03\x04pas un classeur",
            "faux.xlsx",
            "faux.xlsx : le classeur XLSX n'est pas lisible : ouvrez-le et enregistrez-le de"
            " nouveau au format « Classeur Excel (.xlsx) ».",
        ),
        (
            b"\xd0\xcf\x11\xe0",
            "ancien.xls",
            "ancien.xls : le format « .xls » n'est pas lu : enregistrez le tableau en CSV ou en"
            " XLSX.",
        ),
        (
            b"coll_nom\x00;nom_projet\n",
            "nul.csv",
            "nul.csv : le fichier contient des octets nuls : ce n'est pas un fichier CSV texte.",
        ),
    ],
)
def test_unreadable_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(UnreadableUpload) as caught:
        read_rows(data, name)
    assert caught.value.message == message
    assert caught.value.status == 400


def test_size_and_row_limits() -> None:
    with pytest.raises(UnreadableUpload) as caught:
        read_rows(b"coll_nom\n" + b"x" * (50 * 1024 * 1024), "gros.csv")
    assert caught.value.message == (
        "gros.csv : le fichier pèse 52,4 Mo, 10 Mo au plus : découpez-le en plusieurs fichiers."
    )
    many = b"coll_nom;nom_projet\n" + b"Nantes;Cantines\n" * (MAX_ROWS + 1)
    with pytest.raises(UnreadableUpload) as caught:
        read_rows(many, "long.csv")
    assert caught.value.message == (
        "long.csv : le fichier compte plus de 10000 lignes : découpez-le en plusieurs fichiers."
    )
    assert len(read_rows(b"coll_nom;nom_projet\n" + b"Nantes;Cantines\n" * MAX_ROWS, "ok.csv")) == (
        MAX_ROWS
    )


def test_extra_cells_and_unknown_columns_are_reported() -> None:
    data = "coll_nom;nom_projet;couleur\nNantes Métropole;Cantines;bleu;en trop\n".encode()
    [row] = read_rows(data, "x.csv")
    assert row.values == {
        "coll_nom": "Nantes Métropole",
        "nom_projet": "Cantines",
        "couleur": "bleu",
    }
    [problem] = row.problems
    assert problem.message_fr == (
        "Ligne 2 : 4 cellules pour 3 colonnes ; les cellules en trop ne sont pas reprises"
        " (séparateur dans une cellule sans guillemets ?)."
    )
    assert problem.value == "en trop"
    built = to_records(row.values)
    assert [p.message_fr for p in built.problems if p.field == "couleur"] == [
        "Champ inconnu « couleur » : sa valeur n'est pas reprise."
    ]


def test_a_batch_reads_each_row_against_the_rows_before_it() -> None:
    from iacoll.model.upstream_organisations import default_catalogue

    rows = read_rows(fixture("bibliotheque-points-virgules.csv"), "bibliotheque.csv")
    catalogue = default_catalogue()
    iris = []
    for row in rows[2:4]:  # the Bordeaux row twice (the second with a line break)
        built = to_records(row.values, catalogue=catalogue)
        assert built.record is not None
        iris.append(built.record.iri)
        catalogue = catalogue.including(built.record, built.organisation)
    slug = "bordeaux-metropole-calque-de-plantabilite-pour-planter-des"
    assert iris == [ID[f"cas-usage/{slug}"], ID[f"cas-usage/{slug}-2"]]
    assert [p.field for p in built.problems if p.field == "nom_projet"] == ["nom_projet"]
    assert catalogue.by_siren("243300316") == ID["organisation/bordeaux-metropole"]


@pytest.mark.parametrize("title_case", [False, True])
def test_written_csv_reads_back(title_case: bool) -> None:
    from iacoll.federation.upstream_files import write_csv
    from iacoll.model.upstream import from_records
    from iacoll.model.upstream_organisations import default_catalogue

    records = [from_records(seed_record(slug), default_catalogue().organisations) for slug in SEEDS]
    data = write_csv(records, title_case=title_case)
    assert data.startswith(b"\xef\xbb\xbf" + (b"Nom_collectivite," if title_case else b"coll_nom;"))
    rows = read_rows(data, "export.csv")
    keys = TITLE_CASE_KEYS if title_case else {spec.key for spec in FIELDS}
    expected = [{k: ", ".join(v) for k, v in values.items() if k in keys} for values in records]
    assert [row.values for row in rows] == expected
    if not title_case:
        for slug, row in zip(SEEDS, rows, strict=True):
            built = to_records(row.values, iri=str(seed_record(slug).iri))
            assert built.record is not None
            assert isomorphic(
                upstream_part(built.record).public, upstream_part(seed_record(slug)).public
            )


def test_the_fixtures_are_what_the_seed_gives_today() -> None:
    from tests.fixtures.upstream.make_fixtures import fixture_files

    for name, content in fixture_files().items():
        assert fixture(name) == content, (
            f"{name}: run python -m tests.fixtures.upstream.make_fixtures"
        )

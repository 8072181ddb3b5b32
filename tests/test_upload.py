"""Uploading CSV (both upstream dialects, UTF-8 with and without BOM, Windows-1252) and XLSX
files built from seed records, with bad rows: a per-row report first, nothing written until
the author chooses all or nothing or the valid rows only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from iacoll.settings import Settings
from tests.upload_files import FILES, GOOD, rows_with_bad_ones, seed_row, xlsx_bytes
from tests.write_side import (
    AMP,
    AMP_SIREN,
    account_with_token,
    revisions,
    write_client,
)

PASSWORD = "un mot de passe assez long 2026"


@pytest.fixture(scope="module")
def client(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with write_client(seed_settings, tmp_path_factory.mktemp("upload-db")) as client:
        account_with_token(client, "agent@ampmetropole.fr", {AMP_SIREN: AMP})
        yield client


@pytest.fixture(scope="module")
def token(client: TestClient) -> str:
    return account_with_token(client, "api@ampmetropole.fr", {AMP_SIREN: AMP})


def sign_in(client: TestClient) -> None:
    page = client.get("/connexion")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf, page.text
    response = client.post(
        "/connexion",
        data={"email": "agent@ampmetropole.fr", "password": PASSWORD, "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    assert response.status_code in (302, 303), response.text


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def report_rows(html: str) -> list[tuple[str, str]]:
    """(row number, result) of each row of the report page."""
    return re.findall(r'<tr id="ligne-(\d+)" class="(importable|rejetee)"', html)


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_report_comes_first_and_writes_nothing(client: TestClient, name: str) -> None:
    sign_in(client)
    before = revisions(client)
    form = client.get("/publier/fichier")
    assert form.status_code == 200
    assert '<label for="fichier">' in form.text
    content = FILES[name](rows_with_bad_ones())
    sent = client.post(
        "/publier/fichier",
        data={"csrf": csrf_of(form.text)},
        files={"fichier": (name, content)},
        follow_redirects=True,
    )
    assert sent.status_code == 200, sent.text
    assert report_rows(sent.text) == [
        ("2", "importable"),
        ("3", "importable"),
        ("4", "rejetee"),
        ("5", "rejetee"),
        ("6", "rejetee"),
    ]
    assert "clé de contrôle" in sent.text  # row 4: the SIRET
    assert "« Thème qui n&#39;existe pas » n&#39;est pas une valeur admise" in sent.text
    assert "<code>nom_projet</code>" in sent.text  # row 6: the missing name
    assert revisions(client) == before


def test_all_or_nothing_with_a_bad_row_writes_nothing(client: TestClient) -> None:
    sign_in(client)
    before = revisions(client)
    form = client.get("/publier/fichier")
    content = FILES["point-virgule-bom.csv"](rows_with_bad_ones())
    report = client.post(
        "/publier/fichier",
        data={"csrf": csrf_of(form.text)},
        files={"fichier": ("lot.csv", content)},
    )
    applied = client.post(
        str(report.url),
        data={"csrf": csrf_of(report.text), "mode": "tout", "etat": "brouillon"},
    )
    assert applied.status_code == 200
    assert "Rien n&#39;a été importé : 3 ligne(s) rejetée(s) (4, 5, 6)" in applied.text
    assert revisions(client) == before


def test_valid_rows_only_writes_the_good_rows_as_drafts(client: TestClient) -> None:
    sign_in(client)
    before = revisions(client)
    form = client.get("/publier/fichier")
    content = FILES["classeur.xlsx"](rows_with_bad_ones())
    report = client.post(
        "/publier/fichier",
        data={"csrf": csrf_of(form.text)},
        files={"fichier": ("lot.xlsx", content)},
    )
    applied = client.post(
        str(report.url),
        data={"csrf": csrf_of(report.text), "mode": "valides", "etat": "brouillon"},
    )
    assert applied.status_code == 200, applied.text
    after = revisions(client)
    new = after[len(before) :]
    assert [(r[2], r[3]) for r in new] == [(1, "brouillon"), (1, "brouillon")]
    assert all("/id/cas-usage/metropole-aix-marseille-provence-" in str(r[1]) for r in new)
    assert "Ligne 4" in applied.text and "Ligne 6" in applied.text


def test_the_api_reports_then_applies_all_or_nothing(client: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    before = revisions(client)
    good = FILES["excel-windows-1252.csv"]([seed_row(slug) for slug in GOOD])
    sent = client.post(
        "/api/v1/depots?fichier=lot.csv", content=good, headers={**auth, "Content-Type": "text/csv"}
    )
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["counts"] == {"importable": 2, "rejetee": 0}
    assert [r["number"] for r in body["rows"]] == [2, 3]
    assert revisions(client) == before
    applied = client.post(f"{body['url']}/appliquer?mode=tout&etat=soumis", headers=auth)
    assert applied.status_code == 200, applied.text
    assert [s["state"] for s in applied.json()["saved"]] == ["soumis", "soumis"]
    assert len(revisions(client)) == len(before) + 2
    gone = client.get(body["url"], headers=auth)
    assert gone.status_code == 404


def test_all_or_nothing_through_the_api_is_a_422_naming_the_rows(
    client: TestClient, token: str
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    before = revisions(client)
    sent = client.post(
        "/api/v1/depots?fichier=lot.xlsx",
        content=xlsx_bytes(rows_with_bad_ones()),
        headers=auth,
    )
    refused = client.post(f"{sent.json()['url']}/appliquer?mode=tout", headers=auth)
    assert refused.status_code == 422
    problems = refused.json()["problems"]
    assert any(p["message_fr"].startswith("Ligne 4 : ") for p in problems)
    assert revisions(client) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("casse.xlsx", b"PK\x03\x04 pas un classeur", "XLSX"),
        ("guillemets.csv", b'coll_nom;nom_projet\n"Metropole;Callbot\n', "mal formé"),
        ("vide.csv", b"coll_nom;nom_projet\r\n", "aucune ligne"),
    ],
)
def test_an_unreadable_file_is_400_in_french(
    client: TestClient, token: str, name: str, content: bytes, message: str
) -> None:
    before = revisions(client)
    response = client.post(
        f"/api/v1/depots?fichier={name}",
        content=content,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400, response.text
    assert message in response.json()["error"]
    assert revisions(client) == before


def test_a_50_mb_upload_is_refused_before_it_is_read(client: TestClient) -> None:
    sign_in(client)
    before = revisions(client)
    form = client.get("/publier/fichier")
    response = client.post(
        "/publier/fichier",
        data={"csrf": csrf_of(form.text)},
        files={"fichier": ("gros.csv", b"x" * 50_000_000)},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 413
    assert "taille maximale acceptée (10 Mo)" in response.text
    assert revisions(client) == before

"""Uploading a file in Chromium, as an agent does: the per-row report comes first (nothing is
written), then the agent keeps the valid rows only, as drafts, and finds them in « Mes fiches »."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision
from iacoll.settings import Settings
from tests.browser import RecordedPage, sign_in
from tests.conftest import copy_with_accounts
from tests.server import live_server
from tests.upload_files import FILES, rows_with_bad_ones
from tests.write_side import AMP, AMP_SIREN

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "agent@ampmetropole.example", "une phrase de passe assez longue"


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("browser-upload")
    return copy_with_accounts(
        seed_settings, folder, [(EMAIL, PASSWORD, "contributeur", {AMP_SIREN: AMP})]
    )


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


def imported(settings: Settings) -> list[tuple[str, str]]:
    db = Database(settings)
    try:
        with db.transaction() as session:
            rows = session.scalars(select(Revision).where(Revision.source == "televersement"))
            return sorted((r.record_iri.rsplit("/", 1)[-1], r.state) for r in rows)
    finally:
        db.close()


def test_an_agent_reads_the_report_then_imports_the_valid_rows(
    server: str, settings: Settings, browser_page: RecordedPage
) -> None:
    page = browser_page.page
    sign_in(page, server, EMAIL, PASSWORD, "publier/fichier")

    content = FILES["excel-windows-1252.csv"](rows_with_bad_ones())
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        files=[{"name": "lot.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Analyser le fichier").click()
    page.wait_for_url("**/publier/fichier/*")
    results = page.locator("table.rapport tbody tr").evaluate_all(
        "rows => rows.map(r => [r.id, r.className])"
    )
    assert results == [
        ["ligne-2", "importable"],
        ["ligne-3", "importable"],
        ["ligne-4", "rejetee"],
        ["ligne-5", "rejetee"],
        ["ligne-6", "rejetee"],
    ]
    assert "clé de contrôle" in page.locator("#ligne-4").inner_text()
    assert imported(settings) == []  # the report writes nothing
    assert page.get_by_label("Seulement les lignes valides", exact=False).is_checked()

    page.get_by_role("button", name="Importer").click()
    saved = page.locator("#enregistrees li")
    saved.first.wait_for()
    assert saved.count() == 2
    assert [state for _, state in imported(settings)] == ["brouillon", "brouillon"]
    assert browser_page.errors() == []

"""The public information pages and « Signaler une erreur » in a real Chromium: axe-core finds
no serious or critical violation, nothing outside this machine is reached, and a report is
sent from a record's page with the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
from sqlalchemy import select

from iacoll.publishing.db import Database
from iacoll.publishing.reports import Signalement
from iacoll.settings import Settings
from tests.test_browser_pages import assert_accessible, assert_clean

if TYPE_CHECKING:
    from tests.browser import RecordedPage

pytest_plugins = ["tests.browser"]

pytestmark = pytest.mark.browser

RECORD = "id/cas-usage/dinum-albert"
PAGES = ("publier", "a-propos", "contact", "mentions-legales", "accessibilite")


@pytest.mark.parametrize("path", [*PAGES, "signaler?fiche=https://w3id.org/iacoll/" + RECORD])
def test_page_is_accessible(seed_server: str, browser_page: RecordedPage, path: str) -> None:
    page = browser_page.page
    page.goto(urljoin(seed_server, path))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)
    assert_clean(browser_page)


def test_a_report_is_sent_with_the_keyboard(
    seed_server: str, seed_settings: Settings, browser_page: RecordedPage
) -> None:
    page = browser_page.page
    page.goto(urljoin(seed_server, RECORD))
    link = page.get_by_role("link", name="Signaler une erreur")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/signaler?fiche=*")
    assert page.get_by_role("heading", level=1).inner_text() == "Signaler une erreur"
    message = "Erreur relevée au clavier : la date de démarrage est 2024."
    page.get_by_label("Votre message").focus()
    page.keyboard.type(message)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type("agent@exemple.fr")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Envoyer le signalement"
    page.keyboard.press("Enter")
    page.wait_for_url("**/signaler/envoye?fiche=*")
    assert page.get_by_role("heading", level=1).inner_text() == "Signalement envoyé"
    assert_accessible(page)
    assert_clean(browser_page)
    db = Database(seed_settings)
    try:
        with db.transaction() as session:
            found = session.scalars(select(Signalement).where(Signalement.message == message))
            [report] = list(found)
        assert report.record_iri == "https://w3id.org/iacoll/" + RECORD
        assert report.email == "agent@exemple.fr"
    finally:
        db.close()

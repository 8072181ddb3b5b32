"""Issue 10's history in Chromium: a contributor of Aix-Marseille-Provence changes the maturity
of a seed record through the form, a moderator publishes it from the queue, then an anonymous
visitor follows the record page's link to its history and reads the change in words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from iacoll.settings import Settings
from tests.browser import recorded_page, sign_in
from tests.conftest import copy_with_accounts
from tests.server import live_server

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser

AGENT, MODERATOR = "agent@ampmetropole.example", "moderation@iacoll.example"
PASSWORD = "mot de passe très long"
AMP = "https://w3id.org/iacoll/id/organisation/metropole-aix-marseille-provence"
RECORD = "https://w3id.org/iacoll/id/cas-usage/amp-callbot-encombrants"
TITLE = "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_with_accounts(
        seed_settings,
        tmp_path_factory.mktemp("browser-history"),
        [
            (AGENT, PASSWORD, "contributeur", {"200054807": AMP}),
            (MODERATOR, PASSWORD, "moderateur", {}),
        ],
    )


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


def test_a_published_change_shows_on_the_history_page(
    server: str, chromium_browser: Browser
) -> None:
    with recorded_page(chromium_browser) as agent:
        page = agent.page
        sign_in(page, server, AGENT, PASSWORD, "publier/modifier?fiche=" + RECORD)
        assert page.input_value("#champ-nom_projet") == TITLE
        page.select_option("#champ-projet_status", label="Terminée")
        page.get_by_role("button", name="Soumettre à la modération").click()
        page.wait_for_url("**/publier/modifier?*enregistre=soumis*")
        assert agent.errors() == []

    with recorded_page(chromium_browser) as moderator:
        page = moderator.page
        sign_in(page, server, MODERATOR, PASSWORD, "moderation")
        page.get_by_role("link", name=TITLE).first.click()
        assert "Terminée" in page.content()  # the moderator's diff
        page.get_by_role("button", name="Publier").click()
        page.wait_for_load_state()
        assert moderator.errors() == []

    with recorded_page(chromium_browser) as visitor:
        page = visitor.page
        page.goto(server + "id/cas-usage/amp-callbot-encombrants")
        page.get_by_role("link", name="Historique des révisions").click()
        page.wait_for_url("**/id/cas-usage/amp-callbot-encombrants/historique")
        latest = page.locator("ol.history > li").first
        assert latest.locator("h2").inner_text().startswith("Révision 2 publiée")
        change = latest.locator("ul.changes li").filter(has_text="Maturité")
        assert " ".join(change.inner_text().replace("\u00a0", " ").split()) == (
            "Maturité : En déploiement → Terminée"
        )
        assert "Métropole Aix-Marseille-Provence" in latest.inner_text()
        assert AGENT not in page.content() and "moderation@" not in page.content()
        oldest = page.locator("ol.history > li").last
        assert "Première publication de la fiche." in oldest.inner_text()
        latest.get_by_role("link", name="Voir cette révision 2").click()
        page.wait_for_url("**/revision/2")
        assert "Terminée" in page.locator("main").inner_text()
        assert visitor.errors() == []
        assert visitor.foreign_requests() == []

"""The AI Act qualification in Chromium: an agent of Aix-Marseille-Provence opens its callbot's
record (« Non qualifié »), follows « Qualifier ce système », answers (a question that follows
another appears at once with JavaScript; the keyboard reaches the answers), reads the result,
saves it; the save is submitted to the moderators like the contribution form's; a moderator
publishes it and the record page shows the level with the qualification in its history.
axe-core finds nothing serious on the questionnaire and the result; the console stays clean
under the site's Content-Security-Policy (the page's script is a file of /static)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from iacoll.settings import Settings
from tests.browser import recorded_page, sign_in
from tests.conftest import copy_with_accounts
from tests.server import live_server
from tests.test_aiact_form import SLUG, answers_for
from tests.test_browser_pages import assert_accessible, assert_clean

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser

AGENT, MODERATOR = "agent@ampmetropole.example", "moderation@iacoll.example"
PASSWORD = "mot de passe très long"
AMP = "https://w3id.org/iacoll/id/organisation/metropole-aix-marseille-provence"
TITLE = "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_with_accounts(
        seed_settings,
        tmp_path_factory.mktemp("aiact-browser"),
        [
            (AGENT, PASSWORD, "contributeur", {"200054807": AMP}),
            (MODERATOR, PASSWORD, "moderateur", {}),
        ],
    )


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


def assert_accessible_signed_in(page: Page) -> None:
    """axe-core on the page as a signed-in member sees it, header included."""
    assert_accessible(page)


def answer(page: Page, answers: dict[str, str]) -> None:
    """Tick ``answers``, then « Non » for every question shown and still unanswered."""
    for qid, value in answers.items():
        if page.locator(f"#question-{qid}").is_visible():
            page.check(f"#q-{qid}-{value}")
    for question in page.locator("fieldset.question:visible").all():
        if question.locator("input:checked").count() == 0:
            question.locator("input[value=non]").check()


def test_qualify_save_moderate_and_read(server: str, chromium_browser: Browser) -> None:
    with recorded_page(chromium_browser) as agent:
        page = agent.page
        sign_in(page, server, AGENT, PASSWORD, f"id/cas-usage/{SLUG}")
        risk = page.locator("section.system div.risk")
        assert risk.locator(".not-qualified").inner_text() == "Non qualifié"
        risk.get_by_role("link", name="Qualifier ce système").click()
        page.wait_for_url(lambda url: "/aiact/qualifier?fiche=" in url)
        assert page.locator("h1").inner_text() == "Qualifier un système au regard de l'AI Act"
        assert_accessible_signed_in(page)

        # JavaScript shows the questions that follow an answer (the server does it without)
        follows = page.locator("#question-e_admission")
        assert follows.is_hidden()
        page.check("#q-d_education-oui")
        assert follows.is_visible()
        page.check("#q-d_education-non")
        assert follows.is_hidden()
        # the keyboard reaches the answers: arrows move within a question's radio group
        page.focus("#q-systeme_ia-oui")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        assert page.is_checked("#q-systeme_ia-non")

        answer(page, answers_for(SLUG))
        page.get_by_role("button", name="Voir le résultat").click()
        page.wait_for_url(lambda url: "action=resultat" in url)
        level = page.locator("#niveau-propose")
        assert level.locator("strong").inner_text() == "Risque limité"
        assert level.locator("code").inner_text() == "eu-aiact:RiskLevelTransparencyRequired"
        assert "AI Act, art. 50(1)" in page.locator("#raisonnement").inner_text()
        assert page.get_by_role("button", name="Enregistrer cette qualification").is_visible()
        assert_accessible_signed_in(page)
        result_url = page.url

        page.get_by_role("button", name="Enregistrer cette qualification").click()
        page.wait_for_url(lambda url: "enregistre=soumis" in url)
        assert "soumise aux modérateurs" in page.locator("#notice").inner_text()
        assert_clean(agent)

    with recorded_page(chromium_browser) as visitor:  # signed out: the same page, all of it
        page = visitor.page
        page.goto(result_url)
        assert page.locator("#niveau-propose strong").inner_text() == "Risque limité"
        assert page.locator("#enregistrer form").count() == 0
        assert_accessible(page)
        assert_clean(visitor)

    with recorded_page(chromium_browser) as moderator:
        page = moderator.page
        sign_in(page, server, MODERATOR, PASSWORD, "moderation")
        page.get_by_role("link", name=TITLE).first.click()
        page.get_by_role("button", name="Publier").click()
        page.wait_for_load_state()
        page.goto(f"{server}id/cas-usage/{SLUG}")
        risk = page.locator("section.system div.risk")
        assert risk.locator("a[rel=external] code").inner_text() == (
            "eu-aiact:RiskLevelTransparencyRequired"
        )
        assert "Risque limité" in risk.inner_text()
        assert risk.get_by_role("link", name="Requalifier").is_visible()
        assert "Historique des qualifications" in risk.inner_text()
        assert_clean(moderator)


def test_without_javascript_the_update_button_asks_the_following_questions(
    server: str, chromium_browser: Browser
) -> None:
    with recorded_page(chromium_browser, javascript=False) as visitor:
        page = visitor.page
        page.goto(f"{server}aiact/qualifier?fiche=/id/cas-usage/{SLUG}")
        assert page.locator("#question-e_admission").is_hidden()
        page.check("#q-d_education-oui")
        assert page.locator("#question-e_admission").is_hidden()  # no script: nothing moves
        page.get_by_role("button", name="Mettre à jour les questions").click()
        page.wait_for_url(lambda url: "action=maj" in url)
        assert page.locator("#question-e_admission").is_visible()
        assert page.is_checked("#q-d_education-oui")

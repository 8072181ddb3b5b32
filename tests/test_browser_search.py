"""The search page in a real Chromium, on a desktop (1280 px) and a phone (390 px) width.

With JavaScript a ticked box or a new sort order applies at once; without it the same form
works with its buttons (the apply button at the top of the filters). On a phone the filters
fold above the results, so the first result is on the first screen. axe-core must find no
serious or critical violation on any of these pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from tests.test_browser_pages import assert_accessible, assert_clean

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from playwright.sync_api import Browser, Locator, Page

    from tests.browser import RecordedPage

pytest_plugins = ["tests.browser"]

pytestmark = pytest.mark.browser

DESKTOP = (1280, 900)
PHONE = (390, 844)


def recorded_page(
    browser: Browser, width: int, height: int, javascript: bool = True
) -> AbstractContextManager[RecordedPage]:
    """:func:`tests.browser.recorded_page`, imported once pytest loaded it as a plugin."""
    from tests.browser import recorded_page

    return recorded_page(browser, width, height, javascript)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def scripted(request: pytest.FixtureRequest, chromium_browser: Browser) -> Iterator[RecordedPage]:
    width, height = request.param
    with recorded_page(chromium_browser, width, height) as recorded:
        yield recorded


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def scriptless(request: pytest.FixtureRequest, chromium_browser: Browser) -> Iterator[RecordedPage]:
    width, height = request.param
    with recorded_page(chromium_browser, width, height, javascript=False) as recorded:
        yield recorded


def _params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _found(page: Page) -> int:
    numbers = re.findall(r"\d+", page.locator("p.found").inner_text())
    return int(numbers[0]) if numbers else 0


def _box(page: Page, facet: str, label: str) -> tuple[Locator, int]:
    """A facet's checkbox and the count its label announces."""
    fieldset = page.locator(f"#facette-{facet}")
    box = fieldset.get_by_role("checkbox", name=re.compile(f"^{label}"))
    text = fieldset.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    return box, int(re.findall(r"\((\d+)\)", text)[0])


def _unfold_on_phone(page: Page) -> None:
    """On a phone the filters are folded: open them as a person would."""
    panel = page.locator("#filtres-panneau")
    if page.viewport_size and page.viewport_size["width"] < 700:
        assert panel.get_attribute("open") is None, "the filters should be folded on a phone"
        page.locator("#filtres-panneau > summary").click()
    assert page.locator("#facette-statut").is_visible()


def assert_accessible_without_scripts(page: Page) -> None:
    """axe-core on the page as a browser without JavaScript shows it: axe needs JavaScript,
    so the same URL is opened, at the same size, with the page's own scripts refused."""
    browser = page.context.browser
    assert browser is not None and page.viewport_size is not None
    size = page.viewport_size
    with recorded_page(browser, size["width"], size["height"]) as checker:
        checker.page.route(re.compile(r"/static/.*\.js$"), lambda route: route.abort())
        checker.page.goto(page.url)
        assert checker.page.evaluate("!document.documentElement.classList.contains('js')")
        assert_accessible(checker.page)


def _hit_paths(page: Page) -> list[str]:
    links = page.locator("ol.hits > li h3 a")
    return links.evaluate_all("links => links.map(a => a.getAttribute('href'))")


def _export_paths(page: Page, url: str) -> list[str]:
    document = page.request.get(url).json()
    return ["/id/" + r["adresse"].split("/id/", 1)[1] for r in document["fiches"]]


def test_a_ticked_box_applies_at_once(served: str, scripted: RecordedPage) -> None:
    page = scripted.page
    page.goto(urljoin(served, "recherche?q=eau"))
    everything = _found(page)
    assert_accessible(page)
    _unfold_on_phone(page)
    assert page.get_by_text("dès qu'une case est cochée").is_visible()
    box, expected = _box(page, "statut", "En déploiement")
    with page.expect_navigation():
        box.click()  # no button pressed
    assert _params(page) == {"q": ["eau"], "statut": ["deploiement"]}
    assert 0 < _found(page) == expected < everything
    assert page.locator("#facette-statut input:checked").count() == 1
    if page.viewport_size and page.viewport_size["width"] > 700:
        # The box just ticked has the focus again, for keyboard users.
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert focused == "f-statut-deploiement"
    assert_accessible(page)
    assert_clean(scripted)


def test_sort_applies_at_once_and_stays_in_the_pages(served: str, scripted: RecordedPage) -> None:
    page = scripted.page
    page.goto(urljoin(served, "recherche?q=eau"))
    assert page.locator("#tri").input_value() == ""  # relevance, the default with words
    with page.expect_navigation():
        page.locator("#tri").select_option(label="Titre (A → Z)")
    assert _params(page) == {"q": ["eau"], "tri": ["titre"]}
    assert _hit_paths(page) == _export_paths(
        page, urljoin(served, "recherche.json?q=eau&tri=titre")
    )
    assert_accessible(page)

    page.goto(urljoin(served, "recherche"))
    with page.expect_navigation():
        page.locator("#tri").select_option(label="Date de démarrage (récente d'abord)")
    assert _params(page) == {"tri": ["demarrage"]}
    by_date = _export_paths(page, urljoin(served, "recherche.json?tri=demarrage"))
    assert _hit_paths(page) == by_date[:20]
    with page.expect_navigation():
        page.get_by_role("link", name="Page suivante").click()
    assert _params(page) == {"tri": ["demarrage"], "page": ["2"]}
    assert _hit_paths(page) == by_date[20:40]
    assert_clean(scripted)


def test_without_javascript_the_buttons_apply(served: str, scriptless: RecordedPage) -> None:
    page = scriptless.page
    page.goto(urljoin(served, "recherche?q=eau"))
    everything = _found(page)
    assert not page.get_by_text("dès qu'une case est cochée").is_visible()
    _unfold_on_phone(page)
    apply = page.get_by_role("button", name="Appliquer les filtres")
    # The apply button is at the top of the filters, above the first of them.
    first_facet = page.locator("#filtres-panneau fieldset").first.bounding_box()
    button = apply.bounding_box()
    assert first_facet and button and button["y"] < first_facet["y"]
    box, expected = _box(page, "statut", "En déploiement")
    box.check()
    assert page.url == urljoin(served, "recherche?q=eau")  # nothing happens before the button
    with page.expect_navigation():
        apply.click()
    assert _params(page) == {"q": ["eau"], "statut": ["deploiement"]}
    assert 0 < _found(page) == expected < everything
    assert_accessible_without_scripts(page)

    page.locator("#tri").select_option(label="Titre (A → Z)")
    with page.expect_navigation():
        page.get_by_role("button", name="Trier", exact=True).click()
    assert _params(page)["tri"] == ["titre"]
    assert _params(page)["statut"] == ["deploiement"]
    expected_order = _export_paths(
        page, urljoin(served, "recherche.json?q=eau&statut=deploiement&tri=titre")
    )
    assert _hit_paths(page) == expected_order
    assert_accessible_without_scripts(page)
    assert_clean(scriptless)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_first_result_is_on_the_first_screen(
    served: str, chromium_browser: Browser, javascript: bool
) -> None:
    width, height = PHONE
    with recorded_page(chromium_browser, width, height, javascript) as recorded:
        page = recorded.page
        page.goto(urljoin(served, "recherche"))
        first = page.locator("ol.hits > li").first.bounding_box()
        assert first is not None
        assert first["y"] + 40 < height, f"first result at {first['y']} px"
        assert page.locator("#filtres-panneau > summary").is_visible()
        assert not page.locator("#facette-theme").is_visible()
        # No horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if javascript:
            assert_accessible(page)
        else:
            assert_accessible_without_scripts(page)
        assert_clean(recorded)

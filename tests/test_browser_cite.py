"""The « Citer cette page » box and the organisation directory in a real Chromium.

Without scripts the boxes are plain selectable text and the « Copier » buttons stay hidden;
with scripts (copy.js) the buttons appear and copy the box's text to the clipboard. Both pages
must pass axe-core with no serious or critical violation and reach nothing outside this machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from iacoll.namespaces import DEFAULT_BASE
from tests.test_browser_pages import assert_accessible, assert_clean

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.browser import RecordedPage

pytest_plugins = ["tests.browser"]

pytestmark = pytest.mark.browser

RECORD = "id/cas-usage/sicoval-fuites-eau"


def test_copy_buttons_copy_the_permanent_address(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    page.goto(urljoin(served, RECORD))
    box = page.locator("section.cite")
    button = box.locator("button[data-copy='permalien']")
    assert button.is_visible()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == DEFAULT_BASE + RECORD
    assert button.inner_text() == "Copié"
    box.locator("button[data-copy='citation']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == box.locator("#citation").inner_text().strip()
    assert copied.endswith(f"iacoll, mis à jour le 6 décembre 2026, {DEFAULT_BASE}{RECORD}")
    assert_accessible(page)
    assert_clean(browser_page)


def test_without_scripts_the_boxes_are_selectable_text(
    served: str, chromium_browser: Browser
) -> None:
    context = chromium_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(urljoin(served, RECORD))
        assert not page.locator("section.cite button").first.is_visible()
        permalink = page.locator("#permalien")
        assert permalink.evaluate("e => getComputedStyle(e).userSelect") == "all"
        permalink.click()
        selected = page.evaluate("String(window.getSelection())")
        assert selected.strip() == DEFAULT_BASE + RECORD
    finally:
        context.close()


def test_directory_filters_in_the_browser(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    page.goto(urljoin(served, "id/organisation/"))
    assert_accessible(page)
    page.get_by_label("Type d'organisation").select_option("metropole")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    assert parse_qs(urlsplit(page.url).query) == {"type": ["metropole"]}  # empty ones dropped
    assert page.locator("table.directory tbody tr").count() == 10
    assert page.locator("p.found").inner_text() == "10 organisations sur 88."
    assert_accessible(page)
    assert_clean(browser_page)

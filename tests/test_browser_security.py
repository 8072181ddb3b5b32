"""The Content-Security-Policy in a real Chromium: the pages whose scripts do the most (the SPARQL
editor with YASGUI, the map with Leaflet, the API console with Swagger UI) run under it without
a single violation, and a page of the site cannot be framed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.browser import RecordedPage

pytest_plugins = ["tests.browser"]

pytestmark = pytest.mark.browser


def violations(recorded: RecordedPage) -> list[str]:
    return [e for e in recorded.errors() if "Content Security Policy" in e]


def test_the_api_console_runs_swagger_ui_from_the_app(
    served: str, browser_page: RecordedPage
) -> None:
    page = browser_page.page
    page.goto(served.rstrip("/") + "/api")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/fiches" in paths
    assert violations(browser_page) == []
    assert browser_page.foreign_requests() == []


@pytest.mark.parametrize(
    ("path", "ready"), [("/sparql", ".yasqe .CodeMirror"), ("/carte", ".leaflet-container")]
)
def test_the_editor_and_the_map_run_under_the_policy(
    served: str, browser_page: RecordedPage, path: str, ready: str
) -> None:
    page = browser_page.page
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(served.rstrip("/") + path)
    expect(page.locator(ready).first).to_be_visible()
    assert violations(browser_page) == []


def test_a_page_cannot_be_framed(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refused:
        page.set_content(f'<iframe id="f" src="{served}"></iframe>')
    assert "The request has been blocked" in refused.value.text

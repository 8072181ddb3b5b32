"""The browsing pages in a real Chromium, against ``iacoll serve``, each checked by axe-core.

The walk of issue 4: the home page, a search with a facet ticked, a use-case page opened from
the results, the map, the statistics page and the switch to English. On every page axe-core
(from npm) must find no serious or critical violation, nothing may be fetched from outside this
machine except map tiles, and the console must stay clean (failed tiles aside). Tiles are cut
off here on purpose: the map's points must still be listed when the tile server is unreachable.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser import RecordedPage

pytest_plugins = ["tests.browser"]

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page as it is now."""
    assert AXE.is_file(), f"{AXE} is missing: run `make node` (npm ci)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
        # not govern (a <script> tag added to the page would be refused: script-src 'self').
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


def assert_clean(recorded: RecordedPage, tile_host: str | None = None) -> None:
    """Only this machine (and the tile host) was asked; only failed tiles were logged."""
    foreign = [u for u in recorded.foreign_requests() if urlsplit(u).hostname != tile_host]
    assert not foreign, "the page reached outside this machine:\n" + "\n".join(foreign)
    errors = [e for e in recorded.errors() if not (tile_host and tile_host in e)]
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


def test_home(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    page.goto(served)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert int(page.locator("[data-figure=fiches]").inner_text()) > 0
    assert page.get_by_role("link", name="Mobilités").count() == 1
    assert_accessible(page)
    assert_clean(browser_page)


def test_search_with_a_facet_then_open_a_use_case(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    page.goto(urljoin(served, "recherche"))
    all_records = _found(page)
    assert_accessible(page)

    theme = page.locator("#facette-theme")
    box = theme.get_by_role("checkbox", name=re.compile(r"^Mobilités"))
    label = theme.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    expected = int(re.findall(r"\((\d+)\)", label)[0])
    with page.expect_navigation():
        box.check()  # applies at once (search.js)
    assert parse_qs(urlsplit(page.url).query) == {"theme": ["mobilites"]}
    assert page.locator("#facette-theme input:checked").count() == 1
    assert 0 < _found(page) == expected < all_records
    assert page.locator("ol.hits > li").count() == expected
    assert_accessible(page)

    first = page.locator("ol.hits a[href^='/id/cas-usage/']").first
    title = first.inner_text().strip()
    with page.expect_navigation() as navigation:
        first.click()
    response = navigation.value
    assert response is not None and response.status == 200, page.url
    assert urlsplit(page.url).path.startswith("/id/cas-usage/")
    # (the record page sets French typography: no-break spaces read as spaces)
    assert " ".join(title.split()) in " ".join(page.locator("h1").inner_text().split())
    assert_accessible(page)
    assert_clean(browser_page)


def _found(page: Page) -> int:
    """The number of records the results line announces."""
    numbers = re.findall(r"\d+", page.locator("p.found").inner_text())
    return int(numbers[0]) if numbers else 0


def test_map_lists_points_when_tiles_fail(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    island = _map_data(page, urljoin(served, "carte"))
    tile_host = urlsplit(island["tiles"]).hostname
    assert tile_host
    # No tile server here: every tile fails, as when the tile server is unreachable.
    page.route(lambda url: urlsplit(url).hostname == tile_host, lambda route: route.abort())
    page.goto(urljoin(served, "carte"))

    markers = page.locator("#carte .leaflet-marker-icon")
    markers.first.wait_for(state="visible")
    # One marker per position: organisations at the same town hall share it.
    positions = {(p["lat"], p["lon"]) for p in island["points"]}
    assert markers.count() == len(positions) == 35
    assert len(island["points"]) == 37  # 10 positions stated, 27 official
    rows = page.locator("#organisations-localisees tbody tr")
    assert rows.count() == len(island["points"])
    # Tiles fail asynchronously: wait for the word about them (Playwright's retrying expect).
    expect(page.locator("#carte-etat")).to_have_text(
        "Le fond de carte n'a pas pu être chargé ; les organisations restent listées "
        "dans le tableau ci-dessous."
    )
    assert any(urlsplit(u).hostname == tile_host for u in browser_page.requests)

    # A marker opens its popup: the organisation and links to its records.
    point = next(p for p in island["points"] if p["records"])
    # By the keyboard (Leaflet markers are buttons): around Paris, markers overlap at this zoom.
    page.get_by_role("button", name=point["name"], exact=True).press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert (
        popup.get_by_role("link", name=point["name"], exact=True).get_attribute("href")
        == point["path"]
    )
    hrefs = popup.locator("li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [r["path"] for r in point["records"]]
    # A point placed by the official reference says so in its popup.
    official = next(p for p in island["points"] if p["name"] == "Ville de Metz")
    assert official["official"] == "mairie de Metz"
    page.get_by_role("button", name=official["name"], exact=True).click()
    note = page.locator(".leaflet-popup-content .map-popup-official")
    note.wait_for(state="visible")
    assert note.inner_text() == "position officielle (mairie de Metz), la fiche n'en donne pas"
    # Paris and the Métropole du Grand Paris share the centre of Paris: one marker, two names.
    shared = page.get_by_role("button", name="Métropole du Grand Paris ; Ville de Paris")
    shared.press("Enter")  # markers overlap around Paris at this zoom
    popup = page.locator(".leaflet-popup-content", has_text="Ville de Paris")
    sections = popup.locator(".map-popup-title")
    sections.first.wait_for(state="visible")
    assert sections.all_inner_texts() == ["Métropole du Grand Paris", "Ville de Paris"]
    # Leaflet's own controls speak French too.
    assert page.get_by_role("button", name="Zoom avant").count() == 1
    assert popup.locator("xpath=../..").get_by_role("button", name="Fermer la bulle").count() == 1
    # Leaflet fades a popup in: colours are only what readers see once it is opaque.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-popup')]"
        ".every(p => getComputedStyle(p).opacity === '1')"
    )
    assert_accessible(page)
    assert_clean(browser_page, tile_host)


def test_map_honours_reduced_motion(served: str, browser_page: RecordedPage) -> None:
    """A reader who asked for less motion gets no fades: Leaflet marks animated maps."""
    page = browser_page.page
    page.route(
        lambda url: urlsplit(url).hostname not in {"127.0.0.1", "localhost"},
        lambda route: route.abort(),
    )
    page.goto(urljoin(served, "carte"))
    page.locator("#carte .leaflet-marker-icon").first.wait_for(state="visible")
    assert "leaflet-fade-anim" in (page.locator("#carte").get_attribute("class") or "")
    page.emulate_media(reduced_motion="reduce")
    page.goto(urljoin(served, "carte"))
    page.locator("#carte .leaflet-marker-icon").first.wait_for(state="visible")
    classes = (page.locator("#carte").get_attribute("class") or "").split()
    assert "leaflet-container" in classes
    assert "leaflet-fade-anim" not in classes and "leaflet-zoom-anim" not in classes


def _map_data(page: Page, url: str) -> dict[str, Any]:
    """The JSON island of the map page, read without running the page's scripts."""
    response = page.request.get(url)
    found = re.search(r'id="carte-donnees">(.*?)</script>', response.text(), re.S)
    assert found, "the map page has no #carte-donnees JSON island"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_statistics(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    page.goto(urljoin(served, "statistiques"))
    charts = page.locator("section.chart svg[role=img]")
    assert charts.count() >= 6
    for index in range(charts.count()):
        chart = charts.nth(index)
        title_id, desc_id = (chart.get_attribute("aria-labelledby") or "").split()
        assert (chart.locator(f"[id='{title_id}']").text_content() or "").strip()
        assert (chart.locator(f"[id='{desc_id}']").text_content() or "").strip()
    assert page.locator("section.chart table caption").count() == charts.count()
    assert_accessible(page)
    assert_clean(browser_page)


def test_switch_to_english(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    page.goto(urljoin(served, "statistiques"))
    with page.expect_navigation():
        page.locator("header a.lang-switch").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Catalogue statistics"
    assert_accessible(page)
    # The choice is remembered: the next pages are in English too.
    page.get_by_role("link", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/recherche"))
    assert page.locator("h1").inner_text() == "Search the catalogue"
    assert page.locator("#facette-theme legend").inner_text() == "Theme"
    assert_accessible(page)
    page.goto(served)
    assert page.locator("#chiffres-cles").inner_text() == "Key figures"
    assert_accessible(page)
    assert_clean(browser_page)

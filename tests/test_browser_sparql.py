"""The SPARQL editor page in a real Chromium: YASGUI renders, offers the examples, runs a query,
opens the query of a link, speaks French and fits the page.

Everything the page loads must come from the app itself (no CDN), and the console stays clean.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

import pytest

from iacoll.pages.render import example_queries
from tests.conftest import REPO

if TYPE_CHECKING:
    from tests.browser import RecordedPage

pytest_plugins = ["tests.browser"]

pytestmark = pytest.mark.browser

COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

# The editor of the tab on show (YASGUI keeps one panel per tab, only the active one visible).
ACTIVE_PANEL = ".tabPanel.active"
TAB_NAMES = ".yasgui .tabsList .tab a[role=tab] > span"


def editor_value(recorded: RecordedPage) -> str:
    """The text of the CodeMirror editor of the active tab."""
    value: str = recorded.page.evaluate(
        f"document.querySelector('{ACTIVE_PANEL} .CodeMirror').CodeMirror.getValue()"
    )
    return value


def test_editor_offers_examples_and_runs_a_query(served: str, browser_page: RecordedPage) -> None:
    page = browser_page.page
    endpoint = urljoin(served, "sparql")
    examples = example_queries()
    assert len(examples) == len(list((REPO / "sparql").glob("*.rq")))
    assert examples, "sparql/ holds no example query (*.rq) for the editor to offer"

    page.goto(endpoint)
    page.locator(f"{ACTIVE_PANEL} .yasqe .CodeMirror").wait_for(state="visible")

    # One tab per example query, in file order, each holding the text of its file.
    assert page.locator(TAB_NAMES).all_inner_texts() == [q.title for q in examples]
    for index, example in enumerate(examples):
        page.locator(TAB_NAMES).nth(index).click()
        page.locator(f"{ACTIVE_PANEL} .yasqe .CodeMirror").wait_for(state="visible")
        assert editor_value(browser_page).strip() == example.text.strip(), example.name

    # A new tab of our own, on the same endpoint, with a query typed in.
    page.locator(".yasgui button.addTab").click()
    assert page.locator(TAB_NAMES).count() == len(examples) + 1
    panel = page.locator(ACTIVE_PANEL)
    assert panel.locator("input.autocomplete").input_value() == endpoint
    panel.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(COUNT_QUERY)
    assert editor_value(browser_page) == COUNT_QUERY

    with page.expect_response(lambda r: r.url == endpoint and r.request.method == "POST") as sent:
        panel.locator(".yasqe_queryButton").click()
    assert sent.value.status == 200, sent.value.text()

    # The table shows one row: its row number, then the count, as "3481"^^<…#integer>.
    cell = panel.locator(".yasr table tbody tr td").nth(1)
    cell.wait_for(state="visible")
    found = re.match(r'\s*"?(\d+)"?', cell.inner_text())
    assert found, f"no number in the results table: {cell.inner_text()!r}"
    assert int(found.group(1)) > 0

    foreign = browser_page.foreign_requests()
    assert not foreign, "the page reached outside this machine:\n" + "\n".join(foreign)
    assert any(url.endswith("/static/yasgui/yasgui.min.js") for url in browser_page.requests)
    errors = browser_page.errors()
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


def open_editor(recorded: RecordedPage, url: str) -> None:
    recorded.page.goto(url)
    recorded.page.locator(f"{ACTIVE_PANEL} .yasqe .CodeMirror").wait_for(state="visible")


def active_tab_name(recorded: RecordedPage) -> str:
    return recorded.page.locator(".yasgui .tabsList .tab.active a[role=tab] > span").inner_text()


def test_a_query_link_opens_the_editor_with_the_query(
    served: str, browser_page: RecordedPage
) -> None:
    """A link ``/sparql?query=…`` (downloads page, model pages, README) followed in a browser
    opens the editor on that query, instead of saving a file called ``sparql``; a query marked
    ``# complet`` says that the public store answers it without the restricted fields."""
    page = browser_page.page
    examples = {q.name: q for q in example_queries()}
    algorithms = examples["25-cas-usage-par-type-algorithme"]
    assert algorithms.complete and not examples["01-cas-usage-par-theme"].complete
    open_editor(browser_page, urljoin(served, "sparql?query=" + quote(algorithms.text)))
    assert active_tab_name(browser_page) == algorithms.title
    assert editor_value(browser_page).strip() == algorithms.text.strip()
    note = page.locator("#note-complet")
    assert note.is_visible()
    assert "magasin complet" in note.inner_text() and "restreint" in note.inner_text()

    # The example links of the page switch tabs without leaving the page.
    page.locator("a[data-example='01-cas-usage-par-theme']").click()
    assert active_tab_name(browser_page) == examples["01-cas-usage-par-theme"].title
    assert not note.is_visible()
    assert page.url == urljoin(served, "sparql?query=" + quote(algorithms.text))

    # A query that is no example gets a tab of its own.
    open_editor(browser_page, urljoin(served, "sparql?query=" + quote(COUNT_QUERY)))
    assert active_tab_name(browser_page) == "Requête du lien"
    assert editor_value(browser_page) == COUNT_QUERY
    assert not note.is_visible()
    errors = browser_page.errors()
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("width", [1280, 390])
def test_editor_and_results_are_in_french_and_fit_the_page(
    served: str, browser_page: RecordedPage, width: int
) -> None:
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 900})
    examples = {q.name: q for q in example_queries()}
    themes = examples["01-cas-usage-par-theme"]
    open_editor(browser_page, urljoin(served, "sparql?query=" + quote(themes.text)))
    panel = page.locator(ACTIVE_PANEL)
    assert panel.locator(".yasqe_queryButton").get_attribute("title") == "Exécuter la requête"
    assert page.locator(".yasgui button.addTab").get_attribute("aria-label") == "Ajouter un onglet"
    panel.locator(".yasqe_queryButton").click()
    panel.locator(".yasr table tbody tr").first.wait_for(state="visible")
    header = panel.locator(".yasr .yasr_header").inner_text()
    assert re.search(r"\d+ résultats en [\d,]+ s", header), header
    assert "Lignes par page" in header and "Vue simple" in header
    assert "result" not in header and "Page size" not in header
    assert panel.locator(".yasr input.tableFilter").get_attribute("placeholder") == (
        "Filtrer les résultats"
    )
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways at {width}px: {widths}"
    errors = browser_page.errors()
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("start", "name"),
    [("download/", "21-catalogue-dcat"), ("vocab", "15-alignements-vocabulaires")],
)
def test_example_links_of_other_pages_open_the_editor(
    served: str, browser_page: RecordedPage, start: str, name: str
) -> None:
    """The downloads page and the model pages link their example queries: following the link
    shows the editor on that query's tab, not a file to save."""
    page = browser_page.page
    example = next(q for q in example_queries() if q.name == name)
    page.goto(urljoin(served, start))
    page.get_by_role("link", name=example.title).click()
    page.locator(f"{ACTIVE_PANEL} .yasqe .CodeMirror").wait_for(state="visible")
    assert page.url.startswith(urljoin(served, "sparql?query="))
    assert active_tab_name(browser_page) == example.title
    assert editor_value(browser_page).strip() == example.text.strip()

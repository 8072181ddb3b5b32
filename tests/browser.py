"""Driving Debian's Chromium through Playwright, for the tests of the HTML pages.

Playwright cannot download its own browsers here, so it launches ``/usr/bin/chromium`` (Debian's
``chromium`` package, installed by ``make test``; ``IACOLL_CHROMIUM`` names another binary).
Without Playwright or Chromium the browser tests fail with the reason (``make test`` installs
both): a skipped browser check would hide a broken page.

Use it in a test module with ``pytest_plugins = ["tests.browser"]`` and the ``browser_page``
fixture, or without pytest through :func:`chromium` and :func:`recorded_page`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request

CHROMIUM = os.environ.get("IACOLL_CHROMIUM", "/usr/bin/chromium")

# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# Milliseconds Playwright waits for a page, a selector or an expectation.
TIMEOUT_MS = 30_000


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} is missing (make chromium, or apt-get install chromium)"
    return None


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class RecordedPage:
    """A page with what it asked for and what it complained about."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requested URLs whose host is not this machine (data: and blob: URLs are local)."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                foreign.append(url)
        return foreign

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, in the order they came."""
        return [*self.page_errors, *self.console_errors]

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            where = f" ({location.get('url')}:{location.get('lineNumber')})" if location else ""
            self.console_errors.append(message.text + where)

    def _on_page_error(self, error: Exception) -> None:
        self.page_errors.append(f"uncaught: {error}")


@contextmanager
def recorded_page(
    browser: Browser, width: int = 1280, height: int = 900, javascript: bool = True
) -> Iterator[RecordedPage]:
    """A fresh page (own context: no shared storage) recording requests and errors, in a
    window of ``width`` × ``height`` CSS pixels, with or without JavaScript."""
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": width, "height": height},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    recorded = RecordedPage(page)
    page.on("request", recorded._on_request)
    page.on("console", recorded._on_console)
    page.on("pageerror", recorded._on_page_error)
    try:
        yield recorded
    finally:
        context.close()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One Chromium for the whole session; fails with the reason when it cannot run."""
    reason = missing()
    if reason is not None:
        pytest.fail(f"browser tests cannot run: {reason} (run `make test`, which installs it)")
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser_page(chromium_browser: Browser) -> Iterator[RecordedPage]:
    """A fresh recorded page of the session's Chromium."""
    with recorded_page(chromium_browser) as recorded:
        yield recorded


def sign_in(page: Page, server: str, email: str, password: str, target: str) -> None:
    """Sign in through ``/connexion`` as a person does, then wait for ``target`` (a path
    without its leading slash, query string allowed), where the sign-in page sends back."""
    page.goto(server + "connexion?suite=/" + target)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.click("form.sign-in button[type=submit]")
    path = "/" + target.split("?")[0]
    page.wait_for_url(lambda url: url.split("?")[0].endswith(path))

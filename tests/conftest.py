"""Shared test fixtures: paths of the repository and of the shared reference material."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI

from iacoll import sources
from iacoll.app import create_app
from iacoll.settings import Settings
from iacoll.store import build, full_store_path, open_stores, public_store_path
from tests.server import cli_server, live_server

REPO = sources.ROOT
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


# What tests ask to show at the end of the run (the W3C tallies, the dereference walk), in the
# order they ran; gathered from the reports, so pytest-xdist workers' summaries are shown too.
SUMMARIES: list[str] = []


@pytest.fixture
def summary(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """``summary(text)`` shows ``text`` in the « iacoll summaries » section at the end of the
    run (a test's own output is hidden, and so is a pytest-xdist worker's)."""
    return lambda text: record_property("iacoll-summary", text)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        SUMMARIES.extend(str(v) for k, v in report.user_properties if k == "iacoll-summary")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARIES:
        terminalreporter.section("iacoll summaries")
        for text in SUMMARIES:
            terminalreporter.write_line(text)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder (official shapes, W3C tests, seed documents)."""
    assert SHARED.is_dir(), f"{SHARED} is missing: tests need ../shared next to the repo"
    return SHARED


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a store built from the repository's seed catalogue (built once)."""
    settings = Settings.from_env({}, store_path=tmp_path_factory.mktemp("store"))
    build(settings)
    return settings


def copy_store(seed: Settings, folder: Path) -> Settings:
    """Settings over a private copy of the seed store in ``folder``, that a test may write to:
    Oxigraph checkpoints of the two stores (open in this process), the revision log through
    SQLite's backup API, the other files as they are."""
    target = folder / "store"
    shutil.copytree(
        seed.store_path,
        target,
        ignore=shutil.ignore_patterns("public", "complet", "snapshots", "iacoll.sqlite3*"),
    )
    stores = open_stores(seed)
    stores.flush()
    copy = replace(seed, store_path=target)
    stores.public.backup(str(public_store_path(copy)))
    stores.full.backup(str(full_store_path(copy)))
    with (
        sqlite3.connect(seed.store_path / "iacoll.sqlite3") as source,
        sqlite3.connect(target / "iacoll.sqlite3") as copied,
    ):
        source.backup(copied)
    return copy


def copy_with_accounts(
    seed: Settings, folder: Path, accounts: list[tuple[str, str, str, dict[str, str]]]
) -> Settings:
    """:func:`copy_store` with ``accounts`` created in its database: (e-mail, password, role,
    organisations as SIREN → IRI)."""
    from iacoll.publishing.accounts import Organisation, add_account
    from iacoll.publishing.db import Database

    own = copy_store(seed, folder)
    db = Database(own)
    with db.transaction() as session:
        for email, password, role, organisations in accounts:
            members = [Organisation(siren, iri) for siren, iri in organisations.items()]
            add_account(session, email, password, role, members)
    db.close()
    return own


@pytest.fixture(scope="session")
def seed_app(seed_settings: Settings) -> FastAPI:
    """``create_app`` over the seed store, once for the modules that share it (no lifespan)."""
    return create_app(seed_settings)


@pytest.fixture(scope="session")
def seed_server(seed_settings: Settings) -> Iterator[str]:
    """A real uvicorn server over the seed store; yields its base URL."""
    with live_server(seed_settings) as url:
        yield url


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``iacoll serve`` (what ``make run`` runs) in a subprocess over a fresh store."""
    with cli_server(tmp_path_factory.mktemp("served")) as url:
        yield url

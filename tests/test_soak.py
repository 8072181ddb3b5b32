"""A smoke run of the soak harness (``make soak``, :mod:`bench.soak`): three seconds of every
flood against ``iacoll serve`` on a copy of the seed store, so that the harness itself is
tested. The full run (minutes, 60 runaway clients) is ``make soak``'s; here each scenario runs
at least once and the checks find no leak, no crash and no lost record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bench.soak import tally as soak_tally
from bench.soak.__main__ import options, soak

from iacoll.settings import Settings
from tests.conftest import copy_store

pytestmark = pytest.mark.server

SCENARIOS = {"runaway", "facets", "big-body", "unread", "hostile", "odd", "head"}


def test_a_short_soak_runs_every_scenario_and_finds_nothing(
    seed_settings: Settings, tmp_path: Path, summary: Callable[[str], None]
) -> None:
    store = copy_store(seed_settings, tmp_path).store_path
    args = options(["--duration", "3", "--clients", "3", "--others", "1", "--store", str(store)])
    tally = soak(store, False, args)
    summary(soak_tally.summary(tally, args.duration, args.clients))
    assert set(tally.payloads) == SCENARIOS
    assert (tally.leaks, tally.crashes, tally.lost, tally.failures) == ([], [], [], [])
    assert len(tally.published) >= 1 and len(tally.drafts) >= 1
    assert tally.statuses["big-body 413"] >= 1 and max(tally.uploads) < 200 * 10**6
    assert {"HEAD /", "POST /sparql", "POST /api/v1/fiches", "GET /recherche"} <= tally.routes
    answered = {key.rsplit(" ", 1)[0] for key in tally.statuses if key.endswith(("200", "403"))}
    assert {"head", "facets", "hostile", "odd-accept", "huge-page", "pages"} <= answered
    assert set(tally.pages) == {"home", "search", "record"}
    assert tally.rss_peak >= tally.rss_start > 0
    assert tally.scanned >= 5  # pages, record answers, the published record's page

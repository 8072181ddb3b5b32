"""Shared test fixtures: paths of the repository and of the shared reference material."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacoll import sources

REPO = sources.ROOT
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder (official shapes, W3C tests, seed documents)."""
    assert SHARED.is_dir(), f"{SHARED} is missing: tests need ../shared next to the repo"
    return SHARED

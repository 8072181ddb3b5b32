"""Settings: read from IACOLL_* variables, and every one documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacoll.settings import Settings
from tests.conftest import REPO


def test_environment_and_overrides() -> None:
    env = {"IACOLL_PORT": "9001", "IACOLL_QUERY_TIMEOUT": "2.5", "IACOLL_STORE_PATH": "/tmp/s"}
    settings = Settings.from_env(env, port=None, query_max_rows=5)
    assert settings.port == 9001
    assert settings.query_timeout == 2.5
    assert settings.store_path == Path("/tmp/s")
    assert settings.query_max_rows == 5


@pytest.mark.parametrize(("variable", "default", "description"), Settings.documentation())
def test_setting_is_documented_in_readme(variable: str, default: str, description: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"| `{variable}` | `{default}` | {description} |" in readme

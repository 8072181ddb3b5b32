"""Interface messages of the home, search, map and statistics pages (fr, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}

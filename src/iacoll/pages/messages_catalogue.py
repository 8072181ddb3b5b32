"""Interface messages of the DCAT-AP catalogue and downloads pages (fr, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}

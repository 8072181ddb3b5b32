"""Interface messages of the resource pages: records, organisations, concepts, ontology."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}

"""What is wrong with a record, said once for every channel (form, API, upload, CLI).

A :class:`Problem` names the upstream field when there is one (``coll_siret``), so that the form
shows it next to the field, the API returns it as a structured error and an upload report puts
it on the row; ``path`` is the RDF property path (CURIEs) for everything else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["violation", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: where (field or path), what (fr/en), the offending value, how serious."""

    message_fr: str
    message_en: str
    field: str | None = None  # upstream field key (iacoll.model.fields), when the path has one
    path: str | None = None  # the RDF property path, as CURIEs
    value: str | None = None  # the offending value as given
    severity: Severity = "violation"

    def message(self, lang: str) -> str:
        """The message in ``lang`` (``en``), French otherwise."""
        return self.message_en if lang == "en" else self.message_fr

    def as_json(self) -> dict[str, Any]:
        """The structured error the API returns."""
        return asdict(self)


def blocking(problems: list[Problem]) -> list[Problem]:
    """The violations among ``problems`` (warnings and infos do not block a publication)."""
    return [p for p in problems if p.severity == "violation"]

"""The statistics page's AI Act block: qualified systems and the obligations that follow.

A template global, ``aiact_obligations(request)``, computed from the public store once per
store generation (:mod:`iacoll.aiact.overview` does the counting from the rule files).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from fastapi import Request
from rdflib import URIRef

from iacoll.aiact import load
from iacoll.aiact.citations import Citation
from iacoll.aiact.overview import Qualified, Standing, standing
from iacoll.pages.dates import human_date
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site

PARIS = ZoneInfo("Europe/Paris")
SYSTEMS = """
PREFIX eu-aiact: <https://w3id.org/dpv/legal/eu/aiact#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?system ?level ?clause WHERE {
  ?system a ?type .
  OPTIONAL { ?system eu-aiact:hasRiskLevel ?level }
  OPTIONAL { ?system skos:broader ?clause }
}
"""


@dataclass(frozen=True)
class Overview:
    total: int
    qualified: int
    obligations: list[Standing]
    today: datetime.date

    @property
    def missing(self) -> int:
        return self.total - self.qualified

    def when(self, item: Standing, lang: str) -> tuple[str, str]:
        """(message key, date in words) of an obligation's application."""
        if item.date is None:
            return "aiact.overview.always", ""
        words = human_date(item.date.isoformat(), lang) or item.date.isoformat()
        key = "aiact.overview.in_force" if item.in_force(self.today) else "aiact.overview.upcoming"
        return key, words

    @staticmethod
    def cite(citation: Citation, lang: str) -> dict[str, str]:
        """A citation's label and its link (ELI with EUR-Lex's anchor, Légifrance)."""
        return {"label": citation.label(lang), "url": citation.url(load().texts)}


def overview(site: Site, today: datetime.date) -> Overview:
    """Systems by qualification and the standing obligations, from the public store."""
    levels: dict[URIRef, URIRef | None] = {}
    clauses: dict[URIRef, set[URIRef]] = {}
    for row in site.select(SYSTEMS, type=URIRef(site.base + "def#SystemeIA")):
        system = URIRef(str(row["system"]))
        levels.setdefault(system, None)
        if row.get("level") is not None:
            levels[system] = URIRef(str(row["level"]))
        if row.get("clause") is not None:
            clauses.setdefault(system, set()).add(URIRef(str(row["clause"])))
    systems = [Qualified(s, lv, frozenset(clauses.get(s, ()))) for s, lv in levels.items()]
    qualified = sum(1 for s in systems if s.level is not None)
    return Overview(len(systems), qualified, standing(load(), systems), today)


def install(pages: Pages, site: Site) -> None:
    """Give templates ``aiact_obligations(request)`` and ``aiact_language(request)``."""

    def aiact_obligations(request: Request) -> Overview:
        today = datetime.datetime.now(PARIS).date()
        found: Overview = site.cache("aiact-obligations").get(
            today.isoformat(), lambda: overview(site, today)
        )
        return found

    pages.env.globals["aiact_obligations"] = aiact_obligations
    pages.env.globals["aiact_language"] = language_of

"""Records related to a record, and why: same sub-theme, same partner or vendor, inspiration,
possible duplicates, parts of a programme.

Each reason is one SPARQL pattern of :data:`REASONS` (mapping as data) binding ``?other`` (the
related record) and, when the relation goes through something, ``?via`` (the sub-theme, the
organisation); the page shows the groups in this order.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from iacoll.pages.resource_terms import Link, Reader
from iacoll.pages.search import collation

_ORGS = "(dct:contributor|ai:hasAISystem/(tech:hasProvider|tech:hasDeveloper))"

REASONS: tuple[tuple[str, str], ...] = (
    ("inspire-par", "?r iacoll:inspirePar|prov:wasInfluencedBy ?other ."),
    ("inspire", "?other iacoll:inspirePar|prov:wasInfluencedBy ?r ."),
    (
        "identique",
        "{ ?r iacoll:peutEtreIdentiqueA ?other } UNION { ?other iacoll:peutEtreIdentiqueA ?r }",
    ),
    ("partie-de", "?r dct:isPartOf ?other ."),
    ("contient", "?other dct:isPartOf ?r ."),
    ("sous-theme", "?r dcat:theme ?via . ?via skos:inScheme ?subthemes . ?other dcat:theme ?via ."),
    ("organisation", f"?r {_ORGS} ?via . ?other {_ORGS} ?via ."),
)

LIMIT = 50  # related records shown per reason


@dataclass(frozen=True)
class RelatedGroup:
    """Records related for one reason, each with what they share (if anything)."""

    reason: str
    records: list[tuple[Link, Link | None]]


def query() -> str:
    """One SELECT over every reason, ``?r`` being the record."""
    branches = " UNION ".join(
        f'{{ {pattern} BIND("{reason}" AS ?why) }}' for reason, pattern in REASONS
    )
    return (
        "SELECT DISTINCT ?why ?other ?via WHERE { "
        f"{branches} ?other a iacoll:Fiche . FILTER(?other != ?r) }}"
    )


def related(reader: Reader, record: URIRef) -> list[RelatedGroup]:
    """The related records of ``record``, grouped by reason in :data:`REASONS` order."""
    subthemes = URIRef(reader.site.base + "vocab/sous-theme")
    rows = reader.select(query(), r=record, subthemes=subthemes)
    groups: dict[str, list[tuple[Link, Link | None]]] = {reason: [] for reason, _ in REASONS}
    for row in rows:
        via = reader.link(row["via"]) if row["via"] is not None else None
        groups[str(row["why"])].append((reader.link(row["other"]), via))
    return [
        RelatedGroup(reason, sorted(found, key=_order)[:LIMIT])
        for reason, found in groups.items()
        if found
    ]


def _order(pair: tuple[Link, Link | None]) -> tuple[tuple[str, str], tuple[str, str]]:
    return (collation(pair[1].label) if pair[1] else ("", ""), collation(pair[0].label))

"""Records related to a record, and why: same sub-theme, same partner or vendor, inspiration,
possible duplicates, parts of a programme.

Each reason is SPARQL patterns (mapping as data): :data:`DIRECT` ones bind ``?other`` (the
related record) from ``?r``; :data:`SHARED` ones go through ``?via`` (a sub-theme, an
organisation), and the first records of each ``?via`` by label are read once per store
generation (a sub-theme may hold thousands of records at scale: a record page then costs the
same at 1,000 or 100,000 records). The page shows the groups in :data:`REASONS` order, each
by what is shared, then by title (then IRI: generated copies share titles).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from iacoll.pages.resource_terms import Link, Reader
from iacoll.pages.search import collation

_ORGS = "(dct:contributor|ai:hasAISystem/(tech:hasProvider|tech:hasDeveloper))"

# Reasons that go straight from the record to the other (a few records each).
DIRECT: tuple[tuple[str, str], ...] = (
    ("inspire-par", "?r iacoll:inspirePar|prov:wasInfluencedBy ?other ."),
    ("inspire", "?other iacoll:inspirePar|prov:wasInfluencedBy ?r ."),
    (
        "identique",
        "{ ?r iacoll:peutEtreIdentiqueA ?other } UNION { ?other iacoll:peutEtreIdentiqueA ?r }",
    ),
    ("partie-de", "?r dct:isPartOf ?other ."),
    ("contient", "?other dct:isPartOf ?r ."),
)
# Reasons that go through something shared (``?via``: a sub-theme, an organisation), which
# thousands of records may share: the pattern that finds the record's ``?via``, then the one
# that finds the records of a ``?via``.
SHARED: tuple[tuple[str, str, str], ...] = (
    (
        "sous-theme",
        "?r dcat:theme ?via . ?via skos:inScheme ?subthemes .",
        "?other dcat:theme ?via .",
    ),
    ("organisation", f"?r {_ORGS} ?via .", f"?other {_ORGS} ?via ."),
)
REASONS = (*(reason for reason, _ in DIRECT), *(reason for reason, _, _ in SHARED))

LIMIT = 50  # related records shown per reason


@dataclass(frozen=True)
class RelatedGroup:
    """Records related for one reason, each with what they share (if anything)."""

    reason: str
    records: list[tuple[Link, Link | None]]


def query() -> str:
    """One SELECT over every direct reason, ``?r`` being the record."""
    branches = " UNION ".join(
        f'{{ {pattern} BIND("{reason}" AS ?why) }}' for reason, pattern in DIRECT
    )
    return (
        "SELECT DISTINCT ?why ?other WHERE { "
        f"{branches} ?other a iacoll:Fiche . FILTER(?other != ?r) }}"
    )


def related(reader: Reader, record: URIRef) -> list[RelatedGroup]:
    """The related records of ``record``, grouped by reason in :data:`REASONS` order."""
    groups: dict[str, list[tuple[Link, Link | None]]] = {reason: [] for reason in REASONS}
    for row in reader.select(query(), r=record):
        groups[str(row["why"])].append((reader.link(row["other"]), None))
    subthemes = URIRef(reader.site.base + "vocab/sous-theme")
    for reason, mine, theirs in SHARED:
        rows = reader.select(
            f"SELECT DISTINCT ?via WHERE {{ {mine} }}", r=record, subthemes=subthemes
        )
        vias = sorted((reader.link(row["via"]) for row in rows), key=lambda v: collation(v.label))
        for via in vias:
            others = first_records(reader, theirs, URIRef(via.iri))
            groups[reason] += [(o, via) for o in others if o.iri != str(record)]
            if len(groups[reason]) >= LIMIT:
                break
    return [
        RelatedGroup(reason, sorted(found, key=_order)[:LIMIT])
        for reason, found in groups.items()
        if found
    ]


def first_records(reader: Reader, pattern: str, via: URIRef) -> list[Link]:
    """The first :data:`LIMIT` + 1 records by label that ``pattern`` finds through ``via``
    (read once per store generation and page language: thousands of records may share a
    sub-theme or a vendor, the page shows 50)."""
    cache = reader.site.cache("related-records")

    def read() -> list[Link]:
        query = f"SELECT DISTINCT ?other WHERE {{ {pattern} ?other a iacoll:Fiche }}"
        iris = [row["other"] for row in reader.select(query, via=via)]
        reader.site.read_labels(iris, reader.lang)
        links = sorted(
            (reader.link(i) for i in iris), key=lambda link: (collation(link.label), link.iri)
        )
        return links[: LIMIT + 1]

    found: list[Link] = cache.get((pattern, str(via), reader.lang), read)
    return found


def _order(pair: tuple[Link, Link | None]) -> tuple[tuple[str, str], tuple[str, str], str]:
    """By what is shared, then by record (records of the same title: by IRI)."""
    return (
        collation(pair[1].label) if pair[1] else ("", ""),
        collation(pair[0].label),
        pair[0].iri,
    )

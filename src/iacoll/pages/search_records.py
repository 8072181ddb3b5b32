"""What the search index reads of each record from the public store.

One query per field (:data:`TEXTS`) gathers, per record, the texts of every searched field:
titles and alternative titles, descriptions and the other free texts, the names of the organisations
involved (publisher, partners and contributors, AI system providers and developers), and the
dates the results can be sorted by. Places are not read here: a record is placed by its
publisher through :meth:`iacoll.pages.territory.Divisions.place` (the ``places`` dict of the
browsing pages), and the names of its départements and régions are searched.

The rows are read as the engine gives them (pyoxigraph terms, not rdflib's) and each record's
texts kept as one flat list per field until the index takes the record
(:func:`read_records` yields them one at a time): on 10,000 records the nested dictionaries
of texts this used to build weighed more than the library itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping

import pyoxigraph as ox

from iacoll.pages.search import Record, collation
from iacoll.pages.site import Site
from iacoll.pages.territory import Divisions, Place

# The texts of each field, one pattern binding a record ``?fiche`` to a text ``?texte`` per
# field; "publisher-iri" is the publisher's IRI, to place the record. One query per field:
# Oxigraph 0.5 took 3.4 s over the 71 seed records for these patterns as the branches of one
# UNION (the partners' path joined to the label alternatives), 0.1 s for the ten queries.
TEXTS = {
    "title": "?fiche dct:title ?texte",
    "other": "?fiche skos:altLabel|dct:alternative ?texte",
    "description": "?fiche dct:description ?texte",
    "details": """?fiche iacoll:chiffreCle|iacoll:pointPositif|iacoll:pointVigilance
        |iacoll:descriptionCible|iacoll:descriptionStatut
        |ai:hasAISystem/iacoll:descriptionImpact ?texte""",
    "publisher": "?fiche dct:publisher/skos:prefLabel ?texte",
    "publisher-name": "?fiche dct:publisher/(skos:altLabel|foaf:name) ?texte",
    "partner": """?fiche dct:contributor|prov:qualifiedAttribution/prov:agent
        |iacoll:collectiviteUtilisatrice|ai:hasAISystem/(tech:hasProvider|tech:hasDeveloper)
        ?organisation .
      ?organisation skos:prefLabel|skos:altLabel|foaf:name ?texte""",
    "publisher-iri": "?fiche dct:publisher ?editeur BIND(STR(?editeur) AS ?texte)",
    "start": "?fiche schema:startDate ?texte",
    "modified": "?fiche dct:modified ?texte",
}
# Shown first when a record has its texts in several languages: French, then English, then
# untagged; a record imported from another register keeps its source's (Dutch, Finnish…). Every
# language is searched.
PREFERRED = ("fr", "en", "")
OVERFLOW = {"title": "other", "description": "details", "publisher": "publisher-name"}


def place_names(place: Place | None, divisions: Divisions) -> tuple[str, ...]:
    """The names of a place that a search finds it by: its départements, its régions."""
    if place is None:
        return ()
    departements = [divisions.departements[c] for c in sorted(place.departements)]
    regions = [divisions.regions[c] for c in sorted(place.regions)]
    return (*departements, *regions)


def each_row(site: Site, query: str, take: Callable[[ox.QuerySolution], None]) -> None:
    """``take`` each row of a SELECT over the public graphs, as the engine reads it (the
    result is let go of in this frame, see :mod:`iacoll.terms`)."""
    result = site.store.query(query, use_default_graph_as_union=True)
    try:
        assert isinstance(result, ox.QuerySolutions)
        for row in result:
            take(row)
    finally:
        del result


def read_texts(site: Site, head: str) -> dict[str, list[list[str] | None]]:
    """Record IRI → per field of :data:`TEXTS`, its texts as ``[lang, text, lang, text…]``."""
    found: dict[str, list[list[str] | None]] = {}
    shared: dict[str, str] = {}  # one string per language tag, per text repeated across records
    for number, pattern in enumerate(TEXTS.values()):

        def take(row: ox.QuerySolution, number: int = number) -> None:
            text = row["texte"]
            if isinstance(text, ox.Literal):
                fields = found.setdefault(row["fiche"].value, [None] * len(TEXTS))
                texts = fields[number]
                if texts is None:
                    texts = fields[number] = []
                lang = text.language or ""
                value = text.value.strip()
                texts += (shared.setdefault(lang, lang), shared.setdefault(value, value))

        query = f"SELECT ?fiche ?texte WHERE {{ ?fiche a iacoll:Fiche . {pattern} }}"
        each_row(site, head + query, take)
    return found


def read_records(
    site: Site,
    head: str,
    places: Mapping[str, Place],
    divisions: Divisions,
    facets: Callable[[str], Mapping[str, frozenset[str]]],
) -> Iterator[Record]:
    """The records of ``site``'s store as the index reads them, one at a time; ``facets``
    gives a record's value keys per facet."""
    texts = read_texts(site, head)
    in_order = sorted(texts, key=lambda iri: (*collation(_title(iri, texts[iri])), iri))
    for iri in in_order:  # in the index's order: its sorts have nothing to move
        found = _shown(_by_language(texts.pop(iri)))
        located = [places[p] for p in sorted(found["publisher-iri"]) if p in places]
        yield _record(site, iri, found, located, divisions, facets(iri))


def _title(iri: str, fields: list[list[str] | None]) -> str:
    """The title :func:`_record` gives a record, from :func:`read_texts`'s lists."""
    only = [texts if field == "title" else None for field, texts in zip(TEXTS, fields, strict=True)]
    return " / ".join(sorted(_shown(_by_language(only))["title"])) or iri


def _by_language(fields: list[list[str] | None]) -> dict[str, dict[str, set[str]]]:
    """Field → language → texts, from :func:`read_texts`'s lists."""
    by_field: dict[str, dict[str, set[str]]] = {}
    for field, texts in zip(TEXTS, fields, strict=True):
        if texts:
            by_language = by_field[field] = defaultdict(set)
            for lang, text in zip(texts[::2], texts[1::2], strict=True):
                by_language[lang].add(text)
    return by_field


def preferred_language(found: Mapping[str, object]) -> str | None:
    """The language a text is shown in: French, English, untagged, else the first one (sorted);
    the search index and the map's names and titles share it."""
    for lang in PREFERRED:
        if found.get(lang):
            return lang
    return min(found, default=None)


def _shown(fields: Mapping[str, Mapping[str, set[str]]]) -> dict[str, set[str]]:
    """Per field, the texts of its preferred language; the other languages of the title, the
    description and the publisher's name go to the alternative titles, the details and the
    publisher's other names, so that they are searched too."""
    shown: dict[str, set[str]] = defaultdict(set)
    for field, found in fields.items():
        lang = preferred_language(found)
        for text_lang, texts in found.items():
            if text_lang == lang or field not in OVERFLOW:
                shown[field] |= texts
            else:
                shown[OVERFLOW[field]] |= texts
    return shown


def _record(
    site: Site,
    iri: str,
    found: dict[str, set[str]],
    located: list[Place],
    divisions: Divisions,
    facets: Mapping[str, frozenset[str]],
) -> Record:
    publisher = " / ".join(sorted(found["publisher"]))
    return Record(
        iri=iri,
        path=site.path_for_iri(iri) or iri,
        title=" / ".join(sorted(found["title"])) or iri,
        description="\n".join(sorted(found["description"])),
        other_titles=tuple(sorted(found["other"] - found["title"])),
        publisher=publisher,
        facets=facets,
        publisher_names=tuple(sorted(found["publisher-name"] - {publisher})),
        partners=tuple(sorted(found["partner"])),
        places=tuple(name for place in located for name in place_names(place, divisions)),
        departement=" / ".join(
            divisions.departements[c] for p in located for c in sorted(p.departements)
        ),
        details=tuple(sorted(found["details"])),
        start=min(found["start"], default=""),
        modified=max(found["modified"], default=""),
    )

"""What the search index reads of each record from the public store.

One query per field (:data:`TEXTS`) gathers, per record, the texts of every searched field:
titles and alternative titles, descriptions and the other free texts, the names of the organisations
involved (publisher, partners and contributors, AI system providers and developers), and the
dates the results can be sorted by. Places are not read here: a record is placed by its
publisher through :meth:`iacoll.pages.territory.Divisions.place` (the ``places`` dict of the
browsing pages), and the names of its départements and régions are searched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from rdflib import Literal

from iacoll.pages.search import Record
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


def read_records(
    site: Site,
    head: str,
    places: Mapping[str, Place],
    divisions: Divisions,
    facets: Callable[[str], Mapping[str, frozenset[str]]],
) -> list[Record]:
    """The records of ``site``'s store as the index reads them; ``facets`` gives a record's
    value keys per facet."""
    by_language: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    for field, pattern in TEXTS.items():
        query = f"SELECT ?fiche ?texte WHERE {{ ?fiche a iacoll:Fiche . {pattern} }}"
        for row in site.select(head + query):
            text = row["texte"]
            if isinstance(text, Literal):
                by_language[str(row["fiche"])][field][text.language or ""].add(str(text).strip())
    texts = {iri: _shown(fields) for iri, fields in by_language.items()}
    return [
        _record(
            site,
            iri,
            found,
            [places[p] for p in sorted(found["publisher-iri"]) if p in places],
            divisions,
            facets(iri),
        )
        for iri, found in texts.items()
    ]


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

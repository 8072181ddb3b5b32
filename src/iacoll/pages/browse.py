"""Home, search with facets, map and statistics pages.

Everything these pages show is read from the public store into a :class:`Library` (records for
the search index, value labels, key figures, map points), once per store generation: after a
publication one background thread builds the new one; requests wait for it up to 5 s, then get
the previous one until it is ready (:class:`iacoll.freshness.Latest`: on a large catalogue the
rebuild takes longer than a page may). The
facets are a table (:data:`FACETS`): one SPARQL pattern per facet binding the record ``?fiche``
to a value ``?v``.

The library is held for every record in the server's memory, so it is kept small: the search
index keeps a card per record and postings in arrays (:mod:`iacoll.pages.search`), the facet
value sets, names and titles are shared between the records and the map, and the rows are read
as the engine gives them, one query at a time (``bench/library_memory.py`` measures it).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from iacoll.model.reference import Reference
from iacoll.namespaces import ADMS_PUBLISHER_TYPE, COUNTRY, DEFAULT_BASE, PREFIXES, VOCAB
from iacoll.pages import library_cache, map_points, search_page
from iacoll.pages.i18n import language_of, translator
from iacoll.pages.messages_browse import MESSAGES
from iacoll.pages.messages_geo import KINDS
from iacoll.pages.render import Pages
from iacoll.pages.search import MISSING, Record, SearchIndex, collation
from iacoll.pages.search_records import each_row, read_records
from iacoll.pages.site import Site
from iacoll.pages.stats import BarChart, bar_chart
from iacoll.pages.territory import Divisions, Place

NOT_QUALIFIED = "non-qualifie"  # an AI system without an AI Act risk level
WRITTEN_HERE = "iacoll"  # a record written in iacoll, not imported from another register
# The sources the library file's key follows (library_cache.py).
SHAPES = (Path(__file__), Path(map_points.__file__))


@dataclass(frozen=True)
class Facet:
    """A facet of the search and a chart of the statistics page."""

    key: str  # URL parameter; ``facet.{key}`` names it in the messages
    pattern: str  # SPARQL binding ``?fiche`` (a record) and ``?v`` (a value of it)
    scheme: str | None = None  # vocabulary whose concepts are the values
    order: tuple[str, ...] = ()  # fixed order, every value shown (zeros too)
    by_key: bool = False  # values in key order (years) rather than by decreasing count
    restricted: bool = False  # restricted upstream: never in the public store
    unbound: str = MISSING  # value key of a row whose ``?v`` is unbound


# The kind of a publisher (messages_geo.KINDS): foreign (its dct:spatial is a country); the
# State and its agencies (ADMS national authority, or classified as an operator); a collectivité
# (ADMS local or regional authority, or classified in type-collectivite); a company; or other.
# The operator concept is compared as a string: its prefixed name needs an escaped "/"
# (vocab:type-collectivite\/operateur), which Virtuoso 7.2 does not parse.
_LOCAL = f"<{ADMS_PUBLISHER_TYPE.LocalAuthority}>, <{ADMS_PUBLISHER_TYPE.RegionalAuthority}>"
PUBLISHER_KIND = f"""?fiche dct:publisher ?organisation .
  OPTIONAL {{ ?organisation dct:type ?adms }}
  OPTIONAL {{ ?organisation org:classification ?classe }}
  OPTIONAL {{ ?organisation dct:spatial ?pays FILTER(STRSTARTS(STR(?pays), "{COUNTRY}")) }}
  BIND(COALESCE(STR(?classe) = CONCAT(STR(vocab:), "type-collectivite/operateur"), false)
    AS ?operateur)
  BIND(IF(BOUND(?pays), "etranger",
    IF(COALESCE(?adms = <{ADMS_PUBLISHER_TYPE.NationalAuthority}>, false) || ?operateur, "etat",
    IF(COALESCE(?adms IN ({_LOCAL}), false) || BOUND(?classe), "collectivite",
    IF(COALESCE(?adms = <{ADMS_PUBLISHER_TYPE.Company}>, false), "entreprise", "autre")))) AS ?v)"""

FACETS = (
    Facet("theme", "?fiche dcat:theme ?v . ?v skos:inScheme vocab:theme", "theme"),
    Facet("sous-theme", "?fiche dcat:theme ?v . ?v skos:inScheme vocab:sous-theme", "sous-theme"),
    Facet(
        "statut",
        "?fiche adms:status ?v",
        "statut",
        order=("experimentation", "deploiement", "terminee", "abandonne"),
    ),
    Facet("type-collectivite", "?fiche dct:publisher/org:classification ?v", "type-collectivite"),
    Facet("type-organisme", PUBLISHER_KIND, order=tuple(KINDS)),
    Facet("region", "?fiche dct:publisher ?v"),  # placed by territory.Divisions.place
    Facet("departement", "?fiche dct:publisher ?v"),
    Facet(
        "type-algorithme",
        "?fiche ai:hasAISystem/iacoll:typeAlgorithme ?v",
        "type-algorithme",
        restricted=True,
    ),
    Facet(
        "niveau-risque",
        "?fiche ai:hasAISystem ?systeme OPTIONAL { ?systeme eu-aiact:hasRiskLevel ?niveau . "
        "?v skos:exactMatch ?niveau ; skos:inScheme vocab:niveau-risque }",
        "niveau-risque",
        order=("inacceptable", "eleve", "limite", "minimal", NOT_QUALIFIED),
        unbound=NOT_QUALIFIED,
    ),
    Facet("type-fiche", "?fiche iacoll:typeFiche ?v", "type-fiche"),
    # The register a record was imported from (its source record's dct:isPartOf); records
    # written in iacoll (form, seed) have none.
    Facet(
        "registre",
        "OPTIONAL { ?fiche pav:importedFrom ?source . OPTIONAL { ?source dct:isPartOf ?r } "
        "BIND(COALESCE(?r, ?source) AS ?v) }",
        unbound=WRITTEN_HERE,
    ),
    # The publisher's country (dct:spatial, EU country authority); a publisher with none is a
    # French body, as the kinds of organisation above already assume.
    Facet(
        "pays",
        f"?fiche dct:publisher ?organisation . OPTIONAL {{ ?organisation dct:spatial ?v "
        f'FILTER(STRSTARTS(STR(?v), "{COUNTRY}")) }}',
        unbound="FRA",
    ),
    Facet(
        "annee",
        "?fiche schema:startDate ?date BIND(SUBSTR(STR(?date), 1, 4) AS ?v)",
        by_key=True,
    ),
)
BY_KEY = {facet.key: facet for facet in FACETS}
# The charts of the statistics page, in order.
CHARTS = (
    "theme",
    "registre",
    "pays",
    "statut",
    "type-collectivite",
    "type-organisme",
    "region",
    "departement",
    "type-algorithme",
    "niveau-risque",
    "annee",
)

# Key figures of the home page: distinct ?x of each pattern.
FIGURES = (
    ("fiches", "?x a iacoll:Fiche"),
    ("casUsage", "?x a iacoll:CasUsageIA"),
    ("initiatives", "?x a iacoll:InitiativeGouvernance"),
    ("organisations", "?x a foaf:Organization ; dct:source ?source"),
    ("collectivites", "?f a iacoll:Fiche ; dct:publisher ?x . ?x org:classification ?type"),
)

# What places a publisher (territory.Divisions.place): its départements and régions.
PUBLISHERS = """SELECT ?organisation ?departement ?region WHERE {
  ?fiche a iacoll:Fiche ; dct:publisher ?organisation .
  OPTIONAL { ?organisation iacoll:codeDepartement ?departement }
  OPTIONAL { ?organisation iacoll:codeRegion ?region } }"""

CONCEPT_LABELS = """SELECT ?concept ?schema ?libelle WHERE {
  ?concept skos:inScheme ?schema ; skos:prefLabel ?libelle .
  FILTER(STRSTARTS(STR(?schema), STR(vocab:))) }"""

# Labels of the source registers and of the countries (data/registres.ttl, EU vocabularies).
OTHER_LABELS = f"""SELECT ?x ?libelle ?facette WHERE {{
  {{ ?x a iacoll:RegistreSource ; rdfs:label ?libelle BIND("registre" AS ?facette) }}
  UNION {{ ?x skos:prefLabel ?libelle FILTER(STRSTARTS(STR(?x), "{COUNTRY}"))
    BIND("pays" AS ?facette) }} }}"""
REFERENCES = """SELECT ?titre WHERE { ?referentiel a iacoll:Referentiel ; dct:title ?titre }
ORDER BY ?titre"""


def prologue(base: str) -> str:
    """SPARQL prefixes of the project, the ones under the base IRI moved to ``base``."""
    spaces = {**PREFIXES, "vocab": VOCAB}
    lines = []
    for prefix, namespace in spaces.items():
        iri = str(namespace)
        if iri.startswith(DEFAULT_BASE):
            iri = base + iri[len(DEFAULT_BASE) :]
        lines.append(f"PREFIX {prefix}: <{iri}>")
    return "\n".join(lines) + "\n"


@dataclass
class Library:
    """What the browsing pages show, read from the public store."""

    index: SearchIndex
    labels: dict[str, dict[str, dict[str, str]]]  # facet → value key → language → label
    figures: dict[str, int]
    points: list[map_points.Point]
    sources: list[str] = field(default_factory=list)  # titles of the reference datasets

    @classmethod
    def load(cls, site: Site) -> Library:
        """Read records, labels, key figures and map points from ``site``'s store."""
        head = prologue(site.base)
        divisions = Divisions.of(Reference())
        places = _places(site, head, divisions)
        index = SearchIndex(_records(site, head, places, divisions), [f.key for f in FACETS])
        labels = _labels(site, head, divisions)
        figures = _figures(site, head)
        figures["departements"] = sum(1 for k in index.counts("departement") if k != MISSING)
        figures["regions"] = sum(1 for k in index.counts("region") if k != MISSING)
        figures["themes"] = len(index.counts("theme"))
        sources = [str(row["titre"]) for row in site.select(head + REFERENCES)]
        shown = {text: text for card in index.records for text in (card.title, card.path)}
        return cls(index, labels, figures, map_points.points(site, head, shown), sources)

    def label(self, facet: str, key: str, lang: str) -> str:
        """The label of value ``key`` of ``facet`` in ``lang``."""
        if key == MISSING:
            specific = f"facet.{facet}.missing"
            return translator(lang)(specific if specific in MESSAGES else "facet.missing")
        found = self.labels.get(facet, {}).get(key, {})
        return found.get(lang) or found.get("fr") or key

    def values(
        self, facet: str, counts: Mapping[str, int], lang: str, keep: Iterable[str] = ()
    ) -> list[tuple[str, str, int]]:
        """``(key, label, count)`` of a facet in display order, « not stated » last.

        The values counted, the ``keep`` ones (ticked) and, for a facet with a fixed order,
        every value of that order.
        """
        spec = BY_KEY[facet]
        counts = {**dict.fromkeys(keep, 0), **counts}
        if spec.order:
            keys = list(spec.order) + sorted(k for k in counts if k not in spec.order)
        elif spec.by_key:
            keys = sorted(counts)
        else:
            keys = sorted(counts, key=lambda k: (-counts[k], collation(self.label(facet, k, lang))))
        keys = [k for k in keys if k != MISSING] + ([MISSING] if MISSING in counts else [])
        return [(k, self.label(facet, k, lang), counts.get(k, 0)) for k in keys]


def _places(site: Site, head: str, divisions: Divisions) -> dict[str, Place]:
    """Where each publisher of a record is (see :mod:`iacoll.pages.territory`)."""
    found: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))

    def take(row: ox.QuerySolution) -> None:
        departements, regions = found[row["organisation"].value]
        for value, into in ((row["departement"], departements), (row["region"], regions)):
            if value is not None:
                into.add(value.value)

    each_row(site, head + PUBLISHERS, take)
    places = {}
    for organisation, (departements, regions) in found.items():
        located = divisions.place(departements, regions)
        if located is not None:
            places[organisation] = located
    return places


def records(site: Site) -> Iterator[Record]:
    """The records of ``site``'s store as the search index reads them (one at a time)."""
    head = prologue(site.base)
    divisions = Divisions.of(Reference())
    return _records(site, head, _places(site, head, divisions), divisions)


def _records(
    site: Site, head: str, places: dict[str, Place], divisions: Divisions
) -> Iterator[Record]:
    values = _facet_values(site, head, places)
    return read_records(
        site, head, places, divisions, lambda iri: _with_missing(values.pop(iri, None))
    )


NOT_STATED = frozenset({MISSING})


def _with_missing(found: list[frozenset[str] | None] | None) -> dict[str, frozenset[str]]:
    """A record's facet values; « not stated » where it has none (restricted facets aside)."""
    facets = {}
    for facet, keys in zip(FACETS, found or [None] * len(FACETS), strict=True):
        if keys:
            facets[facet.key] = keys
        elif not facet.restricted:
            facets[facet.key] = NOT_STATED
    return facets


def _facet_values(
    site: Site, head: str, places: dict[str, Place]
) -> dict[str, list[frozenset[str] | None]]:
    """Record IRI → the value keys of each facet of :data:`FACETS` (None: no row), equal sets
    shared."""
    found: dict[str, list[frozenset[str] | None]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}
    for number, facet in enumerate(FACETS):
        values: dict[str, set[str]] = defaultdict(set)

        def take(
            row: ox.QuerySolution, facet: Facet = facet, into: dict[str, set[str]] = values
        ) -> None:
            into[row["fiche"].value].update(_value_keys(facet, row["v"], places))

        query = f"SELECT ?fiche ?v WHERE {{ ?fiche a iacoll:Fiche . {facet.pattern} }}"
        each_row(site, head + query, take)
        for iri, keys in values.items():
            frozen = frozenset(keys)
            found.setdefault(iri, [None] * len(FACETS))[number] = shared.setdefault(frozen, frozen)
    return found


def _value_keys(facet: Facet, value: Any, places: dict[str, Place]) -> frozenset[str]:
    """The URL keys of a value: a concept's slug, a literal's text, or the INSEE codes of the
    régions or départements of a publisher."""
    if value is None:
        return frozenset({facet.unbound})
    if facet.key in ("region", "departement"):
        found = places.get(value.value)
        if found is None:
            return frozenset()
        return found.regions if facet.key == "region" else found.departements
    if isinstance(value, ox.NamedNode):
        return frozenset({value.value.rstrip("/").rsplit("/", 1)[-1]})
    return frozenset({value.value}) if isinstance(value, ox.Literal) else frozenset()


def _labels(site: Site, head: str, divisions: Divisions) -> dict[str, dict[str, dict[str, str]]]:
    by_scheme = {f.scheme: f.key for f in FACETS if f.scheme}
    labels: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in site.select(head + CONCEPT_LABELS):
        facet = by_scheme.get(str(row["schema"]).rsplit("/", 1)[-1])
        if facet is not None:
            key = str(row["concept"]).rsplit("/", 1)[-1]
            labels[facet][key][row["libelle"].language or "fr"] = str(row["libelle"])
    for code, name in divisions.regions.items():
        labels["region"][code] = {"fr": name}
    for code, name in divisions.departements.items():
        labels["departement"][code] = {"fr": f"{name} ({code})"}
    for key, names in KINDS.items():
        labels["type-organisme"][key] = names
    labels["niveau-risque"][NOT_QUALIFIED] = MESSAGES["facet.niveau-risque.non-qualifie"]
    for row in site.select(head + OTHER_LABELS):
        key = str(row["x"]).rstrip("/").rsplit("/", 1)[-1]
        labels[str(row["facette"])][key].setdefault(
            row["libelle"].language or "fr", str(row["libelle"])
        )
    labels["registre"][WRITTEN_HERE] = MESSAGES["facet.registre.iacoll"]
    return {facet: dict(values) for facet, values in labels.items()}  # plain dicts: pickled


def _figures(site: Site, head: str) -> dict[str, int]:
    selects = " ".join(
        f"{{ SELECT (COUNT(DISTINCT ?x) AS ?{name}) WHERE {{ {pattern} }} }}"
        for name, pattern in FIGURES
    )
    row = site.select(f"{head}SELECT * WHERE {{ {selects} }}")[0]
    return {name: int(row[name]) for name, _ in FIGURES}


# From this many records, a server reads the library in a child process: the ~2 s the child
# takes to start buy back what the read leaves in the server's memory (library_cache.py).
APART_FROM = 5_000
COUNT = "SELECT (COUNT(?fiche) AS ?n) WHERE { ?fiche a iacoll:Fiche }"


def load(site: Site, apart_from: int = APART_FROM) -> Library:
    """The library at the site's generation, from its file or read from the store (in a child
    process from ``apart_from`` records)."""
    large = int(site.select(prologue(site.base) + COUNT)[0]["n"]) >= apart_from
    apart = Library.load if large else None
    return library_cache.load(site, lambda: Library.load(site), SHAPES, apart=apart)


def prepare(site: Site) -> None:
    """Write the library file of the site's generation unless it is there (``iacoll build``
    runs it, so that the first start after a build loads the library instead of reading it)."""
    library_cache.load(site, lambda: Library.load(site), SHAPES, background=False)


def router(site: Site, pages: Pages) -> APIRouter:
    """The browsing routes, over a :class:`Library` read from ``site`` once per generation."""
    api = APIRouter()
    libraries = site.latest(lambda: load(site))
    site.warmers.append(libraries.start)  # read once the server starts, before a first visit

    def offer_earlier() -> None:  # a restart after publications: the last file, meanwhile
        found = library_cache.earlier(site, SHAPES)
        if found is not None:
            libraries.offer(found)

    site.warmers.append(lambda: threading.Thread(target=offer_earlier, daemon=True).start())

    @api.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        lang, library = language_of(request), libraries.get()
        themes = library.values("theme", library.index.counts("theme"), lang)
        return pages.render(request, "home.html", figures=library.figures, themes=themes)

    @api.get("/recherche", response_class=HTMLResponse)
    def search(request: Request) -> Response:
        return search_page.respond(request, libraries.get(), pages, FACETS)

    @api.get("/recherche.{extension}")
    def search_export(request: Request, extension: str) -> Response:
        return search_page.respond(request, libraries.get(), pages, FACETS, extension)

    @api.get("/carte", response_class=HTMLResponse)
    def map_page(request: Request) -> HTMLResponse:
        lang, library = language_of(request), libraries.get()
        placed = [point for point in library.points if point.lat is not None]
        return pages.render(
            request,
            "map.html",
            points=placed,
            unplaced=[point for point in library.points if point.lat is None],
            points_json=[point.as_json(lang) for point in placed],
            sources=library.sources,
            tile_url=site.settings.tile_url,
            tile_attribution=site.settings.tile_attribution,
        )

    @api.get("/statistiques", response_class=HTMLResponse)
    def statistics(request: Request) -> HTMLResponse:
        lang, library = language_of(request), libraries.get()
        charts = [_chart(library, key, lang) for key in CHARTS]
        return pages.render(
            request,
            "stats.html",
            charts=charts,
            facets=BY_KEY,
            total=len(library.index),
            missing=MISSING,
        )

    return api


def _chart(library: Library, key: str, lang: str) -> BarChart:
    rows = library.values(key, library.index.counts(key), lang)
    return bar_chart(key, translator(lang)(f"chart.{key}"), rows)

"""The carrier of an upstream record: found in the catalogue, or described from the upstream fields.

The upstream model describes the organisation inline (``coll_nom``, ``coll_siret``,
``coll_type``, ``latitude``, ``longitude``, ``image_url``); iacoll keeps organisations as records
of their own (``…/id/organisation/{slug}``). :class:`Catalogue` finds the organisation a row
names, by the SIREN its SIRET starts with, else by its name or one of its other names (accents,
case and punctuation ignored). A new organisation gets the shape ``tools/seed/build.py`` gives
the seed's: classes, names, ADMS publisher type, SIREN and SIRET, logo, head office, and what the
official reference (:class:`~iacoll.model.reference.Reference`) says of a collectivité: COG code,
départements and régions, cited to that reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from iacoll import sources
from iacoll.model.record import Record
from iacoll.model.reference import Reference, ReferenceMissing, Territory, fold
from iacoll.namespaces import (
    ADMS,
    ADMS_PUBLISHER_TYPE,
    CV,
    DCT,
    GEO,
    GSP,
    IACOLL,
    ID,
    INSEE_GEO,
    LOCN,
    VOCAB,
)

ORGANISATION = Namespace(f"{ID}organisation/")
REFERENCE_DOC = ID["document/decoupage-administratif"]
DIRECTORY = "https://annuaire-entreprises.data.gouv.fr/entreprise/"
NAME_PROPERTIES = (FOAF.name, SKOS.prefLabel, SKOS.altLabel)
# Kind of territory of the reference (or an EPCI's legal form) → type-collectivite concept.
TYPE_OF_TERRITORY = {
    "commune": "commune",
    "departement": "departement",
    "region": "region",
    "ept": "etablissement-public-territorial",
    "METRO": "metropole",
    "MET69": "metropole",
    "CA": "communaute-agglomeration",
    "CC": "communaute-communes",
    "CU": "epci",
}
# Kinds of territory of the reference a type-collectivite concept may be.
KINDS_OF_TYPE: dict[str, tuple[str, ...]] = {
    "commune": ("commune",),
    "departement": ("departement",),
    "region": ("region",),
    "epci": ("epci", "ept"),
    "metropole": ("epci",),
    "communaute-agglomeration": ("epci",),
    "communaute-communes": ("epci",),
    "etablissement-public-territorial": ("ept",),
}
# Words that open the name of a collectivité but not its name in the reference.
_PREFIX = re.compile(
    r"^(conseil departemental|conseil regional|departement|region|collectivite|ville|commune"
    r"|mairie)( de la| de l| du| des| de| d)? ",
)


def slugify(text: str, limit: int = 60) -> str:
    """``Métropole Aix-Marseille-Provence`` → ``metropole-aix-marseille-provence`` (at most
    ``limit`` characters, cut between words)."""
    words = fold(text).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "")


def unique_slug(slug: str, taken: Iterable[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when it is taken."""
    used = set(taken)
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


@dataclass
class Catalogue:
    """What is already published: the organisations (one graph), the record IRIs and, to tell a
    new record from one already there, each record's carrier and names. A snapshot: its indexes
    are built on first use."""

    organisations: Graph
    records: frozenset[str] = field(default_factory=frozenset)
    titles: dict[tuple[URIRef, str], URIRef] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Catalogue:
        """The catalogue a graph describes (the union of the published records, e.g.)."""
        organisations = Graph()
        for agent in set(graph.subjects(RDF.type, FOAF.Agent)):
            _closure(graph, agent, organisations)
        fiches = {s for s in graph.subjects(RDF.type, IACOLL.Fiche) if isinstance(s, URIRef)}
        titles = {
            (publisher, fold(str(title))): fiche
            for fiche in fiches
            for publisher in graph.objects(fiche, DCT.publisher)
            if isinstance(publisher, URIRef)
            for prop in (DCT.title, DCT.alternative, SKOS.altLabel)
            for title in graph.objects(fiche, prop)
        }
        return cls(organisations, frozenset(str(f) for f in fiches), titles)

    @classmethod
    def from_folder(cls, data: Path | None = None) -> Catalogue:
        """The organisations and records of a ``data/`` folder (default: the repository's)."""
        data = sources.DATA_DIR if data is None else data
        files = [
            *sorted((data / "organisation").glob("*.ttl")),
            *sorted((data / "cas-usage").glob("*.ttl")),
            *sorted((data / "initiative").glob("*.ttl")),
        ]
        return cls.from_graph(sources.read_all(files))

    def including(self, *records: Record | None) -> Catalogue:
        """This catalogue with ``records`` added (the rows of a batch read so far), so that the
        next row neither reuses their IRIs nor describes their organisations again."""
        graph = Graph()
        graph += self.organisations
        for record in records:
            if record is not None:
                graph += record.public
        added = Catalogue.from_graph(graph)
        known = self.records | added.records
        return Catalogue(added.organisations, known, {**self.titles, **added.titles})

    @cached_property
    def _iris(self) -> frozenset[URIRef]:
        agents = self.organisations.subjects(RDF.type, FOAF.Agent)
        return frozenset(s for s in agents if isinstance(s, URIRef))

    @cached_property
    def _sirens(self) -> dict[str, URIRef]:
        found: dict[str, URIRef] = {}
        for prop in (DCT.identifier, IACOLL.siren):
            for s, siren in self.organisations.subject_objects(prop):
                if isinstance(s, URIRef):
                    found[str(siren)] = s
        return found

    @cached_property
    def _names(self) -> dict[str, set[URIRef]]:
        found: dict[str, set[URIRef]] = {}
        for prop in NAME_PROPERTIES:
            for s, value in self.organisations.subject_objects(prop):
                if isinstance(s, URIRef):
                    found.setdefault(fold(str(value)), set()).add(s)
        return found

    def organisation_iris(self) -> frozenset[URIRef]:
        """The IRIs of the organisations."""
        return self._iris

    def by_siren(self, siren: str) -> URIRef | None:
        """The organisation whose SIREN (``dct:identifier``, ``iacoll:siren``) is ``siren``."""
        return self._sirens.get(siren)

    def by_name(self, name: str) -> URIRef | None:
        """The organisation with the name or other name ``name`` (accents and case ignored)."""
        found = self._names.get(fold(name), set())
        return next(iter(found)) if len(found) == 1 else None

    def record_named(self, publisher: URIRef, title: str) -> URIRef | None:
        """The record of ``publisher`` whose title, alternative title or other name is
        ``title`` (accents and case ignored)."""
        return self.titles.get((publisher, fold(title)))

    def name(self, iri: URIRef) -> str | None:
        """The ``foaf:name`` of an organisation."""
        value = self.organisations.value(iri, FOAF.name)
        return str(value) if value is not None else None

    def graph_of(self, iri: URIRef) -> Graph:
        """The organisation's own triples, with the blank nodes it holds (its record)."""
        graph = Graph()
        _closure(self.organisations, iri, graph)
        return graph


def _closure(source: Graph, node: Node, into: Graph) -> None:
    """The triples of ``node`` and of the blank nodes it holds, added to ``into``."""
    pending, seen = [node], set()
    while pending:
        current = pending.pop()
        seen.add(current)
        for p, o in source.predicate_objects(current):
            into.add((current, p, o))
            if isinstance(o, BNode) and o not in seen:
                pending.append(o)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue of the repository's ``data/`` (read once)."""
    return Catalogue.from_folder()


@cache
def _reference() -> Reference | None:
    try:
        return Reference()
    except ReferenceMissing:  # pragma: no cover - `make node` installs it
        return None


def territory_of(siren: str | None, name: str, kind: str | None) -> Territory | None:
    """The reference's collectivité: by SIREN (commune, EPCI, EPT), else by its name (« Ville
    de », « Département de la »… set aside) among the kinds its type allows, when exactly one
    territory has that name; one whose SIREN is not the given one is not it."""
    reference = _reference()
    if reference is None:
        return None
    if siren and (found := reference.by_siren(siren)) is not None:
        return found
    kinds = KINDS_OF_TYPE.get(kind or "", ()) if kind else ()
    if kind and not kinds:
        return None  # a syndicat, a GIP…: not in the reference
    matches = reference.by_name(_PREFIX.sub("", fold(name)), kinds=kinds)
    if len(matches) != 1 or (siren and matches[0].siren not in (None, siren)):
        return None
    return matches[0]


def type_of_territory(found: Territory) -> URIRef | None:
    """The ``type-collectivite`` concept of a reference territory."""
    slug = TYPE_OF_TERRITORY.get(found.legal_form) or TYPE_OF_TERRITORY.get(found.kind)
    return URIRef(f"{VOCAB}type-collectivite/{slug}") if slug else None


@dataclass
class NewOrganisation:
    """The values of an organisation the catalogue does not hold yet."""

    name: str
    siret: str | None = None
    kind: URIRef | None = None
    lat: str | None = None
    long: str | None = None
    logo: URIRef | None = None


def organisation_graph(iri: URIRef, values: NewOrganisation) -> Graph:
    """The record of a new organisation, shaped as the seed's (``tools/seed/build.py``)."""
    g = Graph()
    for cls in (FOAF.Agent, FOAF.Organization, ORG.Organization, CV.PublicOrganisation):
        g.add((iri, RDF.type, cls))
    g.add((iri, FOAF.name, Literal(values.name, lang="fr")))
    g.add((iri, SKOS.prefLabel, Literal(values.name, lang="fr")))
    siren = values.siret[:9] if values.siret else None
    found = territory_of(siren, values.name, _slug(values.kind))
    kind = values.kind or (type_of_territory(found) if found else None)
    if kind is not None:
        g.add((iri, ORG.classification, kind))
    regional = _slug(kind) == "region"
    g.add(
        (iri, DCT.type, ADMS_PUBLISHER_TYPE["RegionalAuthority" if regional else "LocalAuthority"])
    )
    if siren:
        add_siret(g, iri, values.siret or "")
    if values.logo is not None:
        g.add((iri, FOAF.logo, values.logo))
    if values.lat is not None and values.long is not None:
        add_site(g, iri, values.lat, values.long)
    if found is not None:
        add_territory(g, iri, found)
    return g


def _slug(concept: URIRef | None) -> str | None:
    return str(concept).rsplit("/", 1)[1] if concept is not None else None


def add_siret(g: Graph, iri: URIRef, siret: str) -> None:
    """SIREN (``dct:identifier``, ``iacoll:siren``, directory link) and SIRET of ``iri``."""
    siren = siret[:9]
    g.add((iri, DCT.identifier, Literal(siren)))
    g.add((iri, IACOLL.siren, Literal(siren)))
    g.add((iri, RDFS.seeAlso, URIRef(DIRECTORY + siren)))
    identifier = BNode()
    g.add((iri, ADMS.identifier, identifier))
    g.add((identifier, RDF.type, ADMS.Identifier))
    g.add((identifier, SKOS.notation, Literal(siret, datatype=IACOLL.SIRET)))


def add_site(g: Graph, iri: URIRef, lat: str, long: str) -> None:
    """The head office at (``lat``, ``long``), with its WKT point."""
    site, geometry = BNode(), BNode()
    g.add((iri, ORG.hasPrimarySite, site))
    g.add((site, RDF.type, ORG.Site))
    g.add((site, GEO.lat, Literal(lat, datatype=XSD.decimal)))
    g.add((site, GEO.long, Literal(long, datatype=XSD.decimal)))
    g.add((site, LOCN.geometry, geometry))
    g.add((geometry, RDF.type, LOCN.Geometry))
    g.add((geometry, GSP.asWKT, Literal(f"POINT({long} {lat})", datatype=GSP.wktLiteral)))


def add_territory(g: Graph, iri: URIRef, found: Territory) -> None:
    """What the official reference says of a collectivité, cited to it (as the seed does)."""
    g.add((iri, DCT.source, REFERENCE_DOC))
    g.add((iri, IACOLL.codeInsee, Literal(found.code)))
    if found.insee_iri:
        g.add((iri, DCT.spatial, URIRef(found.insee_iri)))
    if found.siren and (iri, IACOLL.siren, None) not in g:
        g.add((iri, IACOLL.siren, Literal(found.siren)))
        g.add((iri, RDFS.seeAlso, URIRef(DIRECTORY + found.siren)))
    for code in found.departements:
        g.add((iri, IACOLL.codeDepartement, Literal(code)))
        g.add((iri, DCT.spatial, INSEE_GEO[f"departement/{code}"]))
    for code in found.regions:
        g.add((iri, IACOLL.codeRegion, Literal(code)))
        g.add((iri, DCT.spatial, INSEE_GEO[f"region/{code}"]))

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
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS, XSD

from iacoll import sources
from iacoll.model.fields import by_key
from iacoll.model.record import Record
from iacoll.model.reference import Reference, ReferenceMissing, Territory, fold
from iacoll.model.upstream_values import Reading
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
# Words that open the name of a département or région but not its name in the reference.
_COUNCIL = re.compile(
    r"^(conseil departemental|conseil regional|departement|region|collectivite)"
    r"( de la| de l| du| des| de| d)? ",
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
    """What is already published: the organisations (one graph) and the record IRIs."""

    organisations: Graph
    records: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_folder(cls, data: Path | None = None) -> Catalogue:
        """The organisations and records of a ``data/`` folder (default: the repository's)."""
        data = sources.DATA_DIR if data is None else data
        graph = sources.read_all(sorted((data / "organisation").glob("*.ttl")))
        records = frozenset(
            f"{ID}{kind}/{path.stem}"
            for kind in ("cas-usage", "initiative")
            for path in (data / kind).glob("*.ttl")
        )
        return cls(graph, records)

    def organisation_iris(self) -> set[URIRef]:
        """The IRIs of the organisations."""
        return {
            s for s in self.organisations.subjects(RDF.type, FOAF.Agent) if isinstance(s, URIRef)
        }

    def by_siren(self, siren: str) -> URIRef | None:
        """The organisation whose SIREN (``dct:identifier``, ``iacoll:siren``) is ``siren``."""
        for prop in (IACOLL.siren, DCT.identifier):
            for subject in self.organisations.subjects(prop, Literal(siren)):
                if isinstance(subject, URIRef):
                    return subject
        return None

    def by_name(self, name: str) -> URIRef | None:
        """The organisation with the name or other name ``name`` (accents and case ignored)."""
        wanted = fold(name)
        found = {
            s
            for prop in NAME_PROPERTIES
            for s, value in self.organisations.subject_objects(prop)
            if isinstance(s, URIRef) and fold(str(value)) == wanted
        }
        return next(iter(found)) if len(found) == 1 else None

    def name(self, iri: URIRef) -> str | None:
        """The ``foaf:name`` of an organisation."""
        value = self.organisations.value(iri, FOAF.name)
        return str(value) if value is not None else None

    def graph_of(self, iri: URIRef) -> Graph:
        """The organisation's own triples, with the blank nodes it holds (its record)."""
        graph = Graph()
        pending: list[URIRef | BNode] = [iri]
        seen: set[URIRef | BNode] = set()
        while pending:
            node = pending.pop()
            seen.add(node)
            for p, o in self.organisations.predicate_objects(node):
                graph.add((node, p, o))
                if isinstance(o, BNode) and o not in seen:
                    pending.append(o)
        return graph


def split_partners(cell: str, catalogue: Catalogue) -> list[str]:
    """The partner names of one cell: separated by ``,``, ``;``, line breaks or `` - ``, and by
    ``-`` as the library's comma export writes them (``DRYAS-Kocliko-ENERLAB``), keeping a
    hyphenated name the catalogue knows or whose next part starts in lower case
    (``Noisy-le-Grand``)."""
    names: list[str] = []
    for part in re.split(r"\s*(?:[,;\n]|\s-\s)\s*", cell):
        part = " ".join(part.split()).strip(" .")
        if not part:
            continue
        if "-" not in part or catalogue.by_name(part) is not None:
            names.append(part)
            continue
        names.extend(_hyphenated(part.split("-"), catalogue))
    return names


def _hyphenated(pieces: list[str], catalogue: Catalogue) -> list[str]:
    names, i = [], 0
    while i < len(pieces):
        j = next(
            (j for j in range(len(pieces), i + 1, -1) if catalogue.by_name("-".join(pieces[i:j]))),
            i + 1,
        )
        while j < len(pieces) and (not pieces[j] or not pieces[j][0].isupper()):
            j += 1
        names.append("-".join(pieces[i:j]).strip())
        i = j
    return [name for name in names if name]


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
    """The reference's collectivité: by SIREN (commune, EPCI, EPT), else a département or a
    région by its name when the type says it is one."""
    reference = _reference()
    if reference is None:
        return None
    if siren and (found := reference.by_siren(siren)) is not None:
        return found
    if kind in ("departement", "region"):
        bare = _COUNCIL.sub("", fold(name))
        matches = reference.by_name(bare, kinds=(kind,))
        return matches[0] if len(matches) == 1 else None
    return None


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


# --- the carrier of a record -----------------------------------------------------------------


def first(terms: dict[str, list[Any]], key: str) -> Any:
    return terms.get(key, [None])[0] if terms.get(key) else None


def _given(terms: dict[str, list[Any]]) -> NewOrganisation | None:
    name, siret = first(terms, "coll_nom"), first(terms, "coll_siret")
    if name is None and siret is None:
        return None
    return NewOrganisation(
        name=name or "",
        siret=siret,
        kind=first(terms, "coll_type"),
        lat=first(terms, "latitude"),
        long=first(terms, "longitude"),
        logo=first(terms, "image_url"),
    )


def carrier(
    terms: dict[str, list[Any]], catalogue: Catalogue, reading: Reading
) -> tuple[URIRef | None, Record | None]:
    """The carrier's IRI, and its record when it is new or the values complete it."""
    given = _given(terms)
    if given is None:
        return None, None
    existing = catalogue.by_siren(given.siret[:9]) if given.siret else None
    if existing is None and given.name:
        existing = catalogue.by_name(given.name)
        siren = catalogue.organisations.value(existing, IACOLL.siren) if existing else None
        if given.siret and siren is not None and not given.siret.startswith(str(siren)):
            reading.problem(
                by_key("coll_siret"),
                given.siret,
                f"le numéro SIRET {given.siret} ne commence pas par le SIREN {siren} de"
                f" « {given.name} », déjà au catalogue : vérifiez-le.",
                f"the SIRET {given.siret} does not start with the SIREN {siren} of"
                f" “{given.name}”, already in the catalogue: check it.",
            )
            given.siret = None
    if existing is not None:
        return existing, _completed(existing, given, catalogue, reading)
    if not given.name:
        return None, None
    taken = {str(i).rsplit("/", 1)[1] for i in catalogue.organisation_iris()}
    iri = ORGANISATION[unique_slug(slugify(given.name), taken)]
    return iri, Record(iri, organisation_graph(iri, given))


def _completed(
    iri: URIRef, given: NewOrganisation, catalogue: Catalogue, reading: Reading
) -> Record | None:
    """The catalogue's organisation with the values it lacks added, or ``None`` if it lacks
    none; a value that differs from the catalogue's is reported, the catalogue's kept."""
    graph = catalogue.graph_of(iri)
    before = len(graph)
    checks: list[tuple[str, Any, Any]] = [
        ("coll_siret", given.siret, _siret_of(graph, iri)),
        ("coll_type", given.kind, graph.value(iri, ORG.classification)),
        ("image_url", given.logo, graph.value(iri, FOAF.logo)),
    ]
    for key, new, old in checks:
        if new is None:
            continue
        if old is None:
            _add_organisation_value(graph, iri, key, new)
        elif str(new) != str(old):
            _kept(reading, key, str(new), str(old), catalogue.name(iri) or str(iri))
    site = graph.value(iri, ORG.hasPrimarySite)
    if given.lat and given.long and site is None:
        add_site(graph, iri, given.lat, given.long)
    elif site is not None:
        for key, new, prop in (
            ("latitude", given.lat, GEO.lat),
            ("longitude", given.long, GEO.long),
        ):
            old = graph.value(site, prop)
            if new is not None and old is not None and abs(float(new) - float(old)) > 0.001:
                _kept(reading, key, new, str(old), catalogue.name(iri) or str(iri))
    return Record(iri, graph) if len(graph) > before else None


def _siret_of(graph: Graph, iri: URIRef) -> Any:
    for identifier in graph.objects(iri, ADMS.identifier):
        return graph.value(identifier, SKOS.notation)
    return None


def _add_organisation_value(graph: Graph, iri: URIRef, key: str, value: Any) -> None:
    if key == "coll_siret":
        add_siret(graph, iri, value)
    elif key == "coll_type":
        graph.add((iri, ORG.classification, value))
    else:
        graph.add((iri, FOAF.logo, value))


def _kept(reading: Reading, key: str, new: str, old: str, name: str) -> None:
    reading.problem(
        by_key(key),
        new,
        f"« {name} » est déjà au catalogue avec la valeur « {old} » ; la valeur donnée n'est pas"
        " reprise (signalez l'erreur aux modérateurs si le catalogue se trompe).",
        f"“{name}” is already in the catalogue with the value “{old}”; the given value is not"
        " kept (report the error to the moderators if the catalogue is wrong).",
        "warning",
    )


def is_public(carrier: URIRef | None, new: Graph | None, catalogue: Catalogue) -> bool:
    if carrier is None:
        return False
    for graph in (new, catalogue.organisations):
        if graph is not None and (carrier, RDF.type, CV.PublicOrganisation) in graph:
            return True
    return False

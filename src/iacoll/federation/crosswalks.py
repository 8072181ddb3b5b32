"""Crosswalks as data: how another register's fields and values map onto iacoll.

Each format has one versioned file, ``crosswalks/{format}.toml`` (TOML, read with the standard
library), that the importer and exporter of the format read and the « Correspondances » page
renders. Nothing of a mapping lives in code. A file holds:

.. code-block:: toml

    [crosswalk]
    format = "nl-algoritmeregister"          # the --from / --to name
    registry = "nl-algoritmeregister"        # id/registre/{registry} (data/registres.ttl)
    version = "1.0.0"                        # bumped whenever a mapping changes
    language = "nl"                          # the language of the source's values
    title_fr = "Algoritmeregister néerlandais (norme de publication 1.0)"
    title_en = "Dutch Algoritmeregister (publication standard 1.0)"
    specification = "https://…"              # the source format's own documentation

    [[field]]                                # one per source field
    source = "name"                          # the field as the source names it
    target = "dct:title"                     # an iacoll property (CURIE), "" when not mapped
    note_fr = "…"                            # optional: how, or why not
    note_en = "…"

    [[value]]                                # one per controlled value of the source
    field = "status"
    source = "In gebruik"
    concept = "statut:deploiement"           # an iacoll concept (vocabulary:notation)
    match = "closeMatch"                     # skos:exactMatch or skos:closeMatch
    export = true                            # optional; false: a variant no export writes

    [[own]]                                  # a value with no iacoll concept, kept as it is
    field = "publication_category"
    source = "Impactvolle algoritmes (Categorie B)"   # the canonical spelling, written back
    also = ["Impactvolle algoritmes"]        # optional: other spellings read as the same value

A source field absent from ``[[field]]``, or present with an empty ``target``, is unmapped:
the import report names it. An exporter reads the values backwards: a concept gives the value
whose mapping is the exactMatch, else its single closeMatch, among those without
``export = false`` (:func:`iacoll.federation.nl_algoritmeregister_export.reverse`).
:func:`skos` gives the values as SKOS concepts of the register
(``correspondances/{format}/valeurs/{field}/{value}``, apart from iacoll's own vocabularies) with
their ``skos:exactMatch`` / ``closeMatch`` onto iacoll's concepts, so that one facet works across
registers. An ``[[own]]`` value is the register's own classification, which iacoll keeps
without an equivalent: a record points at its concept (``correspondances/{format}/valeurs/…``,
with the other spellings as ``skos:altLabel``) and an export writes its canonical spelling back
(:meth:`Crosswalk.own_value`, :meth:`Crosswalk.own_source`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from iacoll import sources
from iacoll.errors import IacollError
from iacoll.model.upstream_organisations import slugify
from iacoll.namespaces import DCT, DEFAULT_BASE, PREFIXES, RDF, SKOS, VOCAB

FOLDER = sources.ROOT / "crosswalks"
MATCHES = {"exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch}


class CrosswalkError(IacollError):
    """A crosswalk file that cannot be read (a maintainer's error, caught by the tests)."""

    status = 500


@dataclass(frozen=True)
class FieldMapping:
    source: str
    target: URIRef | None  # None: known and not mapped
    note_fr: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class ValueMapping:
    field: str
    source: str
    concept: URIRef
    match: URIRef  # skos:exactMatch or skos:closeMatch


@dataclass(frozen=True)
class OwnValue:
    """A controlled value of the register with no iacoll equivalent, kept as its own concept."""

    field: str
    source: str  # the canonical spelling
    also: tuple[str, ...] = ()  # other spellings of the same value

    def spellings(self) -> tuple[str, ...]:
        return (self.source, *self.also)


def _same(a: str, b: str) -> bool:
    """Two spellings of a value are the same, case and spaces ignored."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(frozen=True)
class Crosswalk:
    format: str
    registry: str
    version: str
    language: str
    title_fr: str
    title_en: str
    specification: str
    fields: tuple[FieldMapping, ...]
    values: tuple[ValueMapping, ...]
    own: tuple[OwnValue, ...] = ()

    @property
    def iri(self) -> URIRef:
        """The crosswalk (all versions): ``{base}correspondances/{format}``."""
        return URIRef(f"{DEFAULT_BASE}correspondances/{self.format}")

    @property
    def version_iri(self) -> URIRef:
        """This version, which imported records cite (``pav:createdWith``)."""
        return URIRef(f"{self.iri}/{self.version}")

    def target(self, source_field: str) -> URIRef | None:
        """The iacoll property ``source_field`` maps onto (None: unmapped or unknown)."""
        found = next((f for f in self.fields if f.source == source_field), None)
        return None if found is None else found.target

    def mapped(self) -> frozenset[str]:
        """The source fields that map onto something."""
        return frozenset(f.source for f in self.fields if f.target is not None)

    def unmapped(self, present: set[str] | list[str]) -> list[str]:
        """Of the source fields ``present`` (with a value), those not mapped, sorted."""
        mapped = self.mapped()
        return sorted({name for name in present if name not in mapped})

    def concept(self, source_field: str, text: str) -> ValueMapping | None:
        """The iacoll concept of the value ``text`` of ``source_field`` (case and spaces
        ignored), None when the crosswalk has none."""
        return next(
            (v for v in self.values if v.field == source_field and _same(v.source, text)), None
        )

    def own_value(self, source_field: str, text: str) -> URIRef | None:
        """The concept of the register's own value ``text`` of ``source_field`` (any of its
        spellings, case and spaces ignored), None when the crosswalk does not list it."""
        found = next(
            (
                v
                for v in self.own
                if v.field == source_field and any(_same(s, text) for s in v.spellings())
            ),
            None,
        )
        return None if found is None else self.value_iri(found)

    def own_source(self, source_field: str, concept: URIRef) -> str | None:
        """The canonical spelling of the register's own value whose concept is ``concept``."""
        return next(
            (
                v.source
                for v in self.own
                if v.field == source_field and self.value_iri(v) == concept
            ),
            None,
        )

    def value_iri(self, value: ValueMapping | OwnValue) -> URIRef:
        """The register's own value as a concept, under the crosswalk (not among iacoll's
        vocabularies): ``correspondances/{format}/valeurs/{field}/{value}``."""
        return URIRef(f"{self.scheme_iri(value.field)}/{slugify(value.source)}")

    def scheme_iri(self, source_field: str) -> URIRef:
        """The register's values of a field: ``correspondances/{format}/valeurs/{field}``."""
        return URIRef(f"{self.iri}/valeurs/{slugify(source_field)}")


def curie(text: str) -> URIRef:
    """``dct:title`` → the IRI; ``statut:deploiement`` (a vocabulary) → ``vocab/statut/…``; a
    full IRI stays as it is."""
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if not sep or not local:
        raise CrosswalkError(
            f"« {text} » n'est ni un CURIE ni une IRI.", detail=f"Not a CURIE nor an IRI: {text}"
        )
    if prefix in PREFIXES:
        return URIRef(str(PREFIXES[prefix]) + local)
    return URIRef(f"{VOCAB}{prefix}/{local}")


@cache
def load(fmt: str, folder: Path = FOLDER) -> Crosswalk:
    """The crosswalk of format ``fmt`` (``crosswalks/{fmt}.toml``)."""
    path = folder / f"{fmt}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CrosswalkError(
            f"Correspondance illisible : {path} ({exc}).", detail=f"Unreadable {path}: {exc}"
        ) from exc
    head = data["crosswalk"]
    fields = tuple(
        FieldMapping(
            f["source"],
            curie(f["target"]) if f.get("target") else None,
            f.get("note_fr", ""),
            f.get("note_en", ""),
        )
        for f in data.get("field", [])
    )
    values = tuple(
        ValueMapping(v["field"], v["source"], curie(v["concept"]), MATCHES[v["match"]])
        for v in data.get("value", [])
    )
    own = tuple(
        OwnValue(v["field"], v["source"], tuple(v.get("also", ()))) for v in data.get("own", [])
    )
    return Crosswalk(
        head["format"],
        head["registry"],
        head["version"],
        head.get("language", "en"),
        head["title_fr"],
        head["title_en"],
        head.get("specification", ""),
        fields,
        values,
        own,
    )


def available(folder: Path = FOLDER) -> list[str]:
    """The formats that have a crosswalk file."""
    return sorted(p.stem for p in folder.glob("*.toml"))


def skos(crosswalk: Crosswalk) -> Graph:
    """The register's controlled values as SKOS concepts matched onto iacoll's."""
    graph = Graph()
    graph.add((crosswalk.iri, RDF.type, URIRef(str(PREFIXES["iacoll"]) + "Correspondance")))
    graph.add((crosswalk.iri, OWL.versionIRI, crosswalk.version_iri))
    graph.add((crosswalk.iri, OWL.versionInfo, Literal(crosswalk.version)))
    graph.add((crosswalk.iri, DCT.title, Literal(crosswalk.title_fr, lang="fr")))
    graph.add((crosswalk.iri, DCT.title, Literal(crosswalk.title_en, lang="en")))
    for value in crosswalk.values:
        concept = _concept(graph, crosswalk, value)
        graph.add((concept, value.match, value.concept))
    for own in crosswalk.own:
        concept = _concept(graph, crosswalk, own)
        for other in own.also:
            graph.add((concept, SKOS.altLabel, Literal(other, lang=crosswalk.language)))
    return graph


def _concept(graph: Graph, crosswalk: Crosswalk, value: ValueMapping | OwnValue) -> URIRef:
    """Adds the register's ``value`` as a concept of its field's scheme; its IRI."""
    scheme, concept = crosswalk.scheme_iri(value.field), crosswalk.value_iri(value)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCT.source, crosswalk.iri))
    graph.add((scheme, SKOS.prefLabel, Literal(value.field, lang=crosswalk.language)))
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.prefLabel, Literal(value.source, lang=crosswalk.language)))
    return concept

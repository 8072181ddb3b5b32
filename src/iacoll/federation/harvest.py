"""What every importer gives the import engine: records read from another register, row by row.

An importer (one module per format in :mod:`iacoll.federation`, listed in
:data:`iacoll.federation.formats.IMPORTERS`) reads a :class:`Source` and yields one
:class:`Harvested` per source record (a CSV row, a JSON object): either the iacoll records it
maps to (the use case first, then the organisations it names that are not in the catalogue
yet), with the guesses it made and the source fields it could not map, or the reason it was
rejected. It never writes: :func:`iacoll.federation.importing.run` sends the records through the
write path (validation, revision log, projection), adds the provenance
(:func:`with_provenance`) and withdraws the records gone upstream.

IRIs are stable: they are minted from the source's own identifiers (:func:`minted`), never
from a row number or a title that can change, so that importing the file again updates the same
records. Values keep their source language (``@nl``, ``@en``…); controlled values map onto
iacoll's SKOS concepts through the format's crosswalk (:mod:`iacoll.federation.crosswalks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from iacoll.model.record import Kind, Record
from iacoll.model.upstream_organisations import slugify
from iacoll.namespaces import DCT, ID, PAV, PROV, RDF

MAX_SOURCE_BYTES = 50 * 1024 * 1024  # the full Dutch register is 1.9 MB
MAX_PAGES = 1000  # pages a paged source (Hydra) may chain


@dataclass(frozen=True)
class Source:
    """What an importer reads: the bytes of a file or URL, where they come from, and a bounded
    ``fetch`` for the further pages of a paged source (Hydra ``next``)."""

    data: bytes
    location: str  # the file path or URL as the user gave it
    fetch: Callable[[str], bytes] = field(repr=False, default=lambda url: b"")
    media_type: str | None = None  # the HTTP Content-Type, when fetched


@dataclass
class Harvested:
    """One source record and what it became.

    ``where`` says where it is in the source, for the report (« ligne 12 », « enregistrement 37
    (lars 1234) »). ``records`` is empty when the record is rejected; ``rejected`` then says why,
    in French (``rejected_en`` in English). ``guesses`` name every value the importer chose
    among several readings (« Terminé → Terminée »); ``unmapped`` the source fields present with
    a value and left out (by their source name).
    """

    where: str
    source_id: str | None = None
    source_url: str | None = None
    records: list[Record] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    rejected: str | None = None
    rejected_en: str | None = None
    # Not a record at all (a DCAT dataset or data service): left out and reported with
    # ``rejected`` as the reason, but neither counted as rejected nor holding withdrawals back.
    ignored: bool = False
    # The register the record comes from when one format covers several (each DCAT catalogue is
    # its own register); None: the crosswalk's. Withdrawals stay within each register.
    registry: str | None = None

    @property
    def use_case(self) -> Record | None:
        """The record this source record is about (the first one), None when rejected."""
        return self.records[0] if self.records else None


def minted(kind: Kind, prefix: str, source_id: str) -> URIRef:
    """The stable IRI of a record read from a register: ``id/{kind}/{prefix}-{source id}``.

    ``prefix`` names the register (``nl``, ``uk``, ``hel``…); ``source_id`` is its own
    identifier of the record (the Dutch ``lars``, the GOV.UK slug), or of the organisation (its
    TOOI code, GOV.UK organisation slug, SIREN, or its name when the source has nothing else).
    """
    slug = slugify(source_id, limit=80) or re.sub(r"[^a-z0-9]+", "-", source_id.lower())
    return URIRef(f"{ID}{kind}/{prefix}-{slug}".rstrip("-"))


def registry_iri(key: str) -> URIRef:
    """The IRI of a source register (``id/registre/nl-algoritmeregister``, data/registres.ttl)."""
    return URIRef(f"{ID}registre/{key}")


# Provenance of an imported use case (PAV, the Provenance, Authoring and Versioning ontology):
#   <record> pav:importedFrom <source record URL or registry> ;
#            pav:importedOn "…"^^xsd:dateTime ;     # retrieval time of the import that changed it
#            pav:createdWith <crosswalk IRI, versioned> .
#   <source record URL> a prov:Entity ; dct:identifier "…" ; dct:isPartOf <registry> .
VOLATILE = (PAV.importedOn,)  # left out when an import compares a record with the stored one


def with_provenance(
    record: Record,
    *,
    registry: str,
    source_id: str | None,
    source_url: str | None,
    retrieved: datetime,
    crosswalk: URIRef,
) -> Record:
    """``record`` with where it was imported from, when, and with which crosswalk version."""
    public = Graph()
    public += record.public
    origin = URIRef(source_url) if source_url else registry_iri(registry)
    public.add((record.iri, PAV.importedFrom, origin))
    moment = retrieved.astimezone(UTC).replace(microsecond=0)
    public.add((record.iri, PAV.importedOn, Literal(moment.isoformat(), datatype=XSD.dateTime)))
    public.add((record.iri, PAV.createdWith, crosswalk))
    if source_url:
        public.add((origin, RDF.type, PROV.Entity))
        public.add((origin, DCT.isPartOf, registry_iri(registry)))
        if source_id:
            public.add((origin, DCT.identifier, Literal(source_id)))
    return Record(record.iri, public, record.restricted)


def without_volatile(record: Record) -> Record:
    """``record`` without the triples that change on every import (:data:`VOLATILE`)."""
    public = Graph()
    public += record.public
    for prop in VOLATILE:
        public.remove((record.iri, prop, None))
    return Record(record.iri, public, record.restricted)

"""Organisation and seed-document pages: who they are, and the records that name them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from iacoll.namespaces import ADMS, GEO, IACOLL
from iacoll.pages.resource_page import FieldsPage, FieldTable
from iacoll.pages.resource_terms import Link, Row
from iacoll.pages.search import collation

ANNUAIRE = "https://annuaire-entreprises.data.gouv.fr/entreprise/"
OSM = "https://www.openstreetmap.org/"

ORGANISATION_ROWS: FieldTable = (
    ("coll_type", ORG.classification, None),
    (None, DCTERMS.type, None),
    (None, IACOLL.codeDepartement, None),
    (None, FOAF.homepage, None),
    ("image_url", FOAF.logo, None),
)
ORGANISATION_SECTIONS = (
    RDF.type,
    FOAF.name,
    SKOS.prefLabel,
    SKOS.altLabel,
    DCTERMS.identifier,
    IACOLL.siren,
    ADMS.identifier,
    ORG.hasPrimarySite,
    RDFS.seeAlso,
    DCTERMS.source,
    SKOS.editorialNote,
)

# How an organisation takes part in a record (or a document): one SPARQL pattern each.
ROLES: tuple[tuple[str, str], ...] = (
    ("porteur", "?r dct:publisher ?o ; a iacoll:Fiche ."),
    (
        "partenaire",
        "?r dct:contributor ?o ; a iacoll:Fiche . OPTIONAL { ?r prov:qualifiedAttribution ?a ."
        " ?a prov:agent ?o ; dcat:hadRole ?role }",
    ),
    (
        "prestataire",
        "?r ai:hasAISystem ?s ; a iacoll:Fiche ."
        " ?s tech:hasProvider|tech:hasDeveloper|airo:isDevelopedBy ?o .",
    ),
    ("utilisatrice", "?r iacoll:collectiviteUtilisatrice ?o ; a iacoll:Fiche ."),
    ("document", "?r dct:publisher ?o ; a dct:BibliographicResource ."),
)


@dataclass(frozen=True)
class Involvement:
    """The records (or documents) an organisation takes part in, for one way of taking part."""

    role: str
    records: list[tuple[Link, list[Link]]]


class OrganisationPage(FieldsPage):
    """An organisation: identity, type, SIREN, site, and its records by role."""

    template = "organisation.html"
    sections = (*ORGANISATION_SECTIONS, *(p for _, p, _ in ORGANISATION_ROWS))

    @cached_property
    def fields(self) -> list[Row]:
        """Type, publisher type, département, homepage, logo."""
        return self.field_rows(ORGANISATION_ROWS)

    @cached_property
    def identity(self) -> bool:
        """Whether there is anything to show under « Identité »."""
        return bool(self.fields or self.siren or self.siret or self.coordinates or self.see_also)

    @cached_property
    def siren(self) -> tuple[str, str] | None:
        """The SIREN and its page in the Annuaire des entreprises."""
        value = self.graph.value(self.focus, self.iri(IACOLL.siren))
        value = value or self.graph.value(self.focus, DCTERMS.identifier)
        return None if value is None else (str(value), ANNUAIRE + str(value))

    @cached_property
    def siret(self) -> list[str]:
        """SIRET numbers (``adms:identifier`` notations)."""
        ids = self.graph.objects(self.focus, ADMS.identifier)
        return sorted(str(n) for i in ids for n in self.graph.objects(i, SKOS.notation))

    @cached_property
    def see_also(self) -> list[Link]:
        """Other pages about it (the Annuaire page is given with the SIREN)."""
        return [link for link in self.links(RDFS.seeAlso) if not link.iri.startswith(ANNUAIRE)]

    @cached_property
    def coordinates(self) -> tuple[str, str, str] | None:
        """Latitude, longitude and a map link of its primary site."""
        site = self.graph.value(self.focus, ORG.hasPrimarySite)
        lat = self.graph.value(site, GEO.lat) if site is not None else None
        lon = self.graph.value(site, GEO.long) if site is not None else None
        if lat is None or lon is None:
            return None
        query = urlencode({"mlat": str(lat), "mlon": str(lon)})
        return str(lat), str(lon), f"{OSM}?{query}#map=13/{lat}/{lon}"

    @cached_property
    def involvements(self) -> list[Involvement]:
        """Its records as carrier, partner (with roles), provider, user; documents it published."""
        branches = " UNION ".join(f'{{ {p} BIND("{role}" AS ?how) }}' for role, p in ROLES)
        rows = self.reader.select(
            f"SELECT DISTINCT ?how ?r ?role WHERE {{ {branches} }}", o=self.focus
        )
        found: dict[str, dict[URIRef, list[Link]]] = {role: {} for role, _ in ROLES}
        for row in rows:
            roles = found[str(row["how"])].setdefault(row["r"], [])
            if row["role"] is not None:
                roles.append(self.reader.link(row["role"]))
        return [
            Involvement(
                role,
                sorted(
                    ((self.reader.link(r), ls) for r, ls in records.items()),
                    key=lambda p: collation(p[0].label),
                ),
            )
            for role, records in found.items()
            if records
        ]

    @cached_property
    def record_count(self) -> int:
        """How many distinct records it takes part in."""
        return len({r.iri for i in self.involvements if i.role != "document" for r, _ in i.records})


DOCUMENT_ROWS: FieldTable = (
    (None, DCTERMS.publisher, None),
    ("source.issued", DCTERMS.issued, None),
    ("source.address", FOAF.page, None),
    ("source.citation", DCTERMS.bibliographicCitation, None),
)


class DocumentPage(FieldsPage):
    """A seed document: title, publishers, date, where to read it, and what iacoll took from
    it (its file name and the lines of each extract stay in the RDF)."""

    template = "resource_document.html"
    sections = (
        RDF.type,
        DCTERMS.title,
        SKOS.editorialNote,
        IACOLL.fichierSource,
        *(p for _, p, _ in DOCUMENT_ROWS),
    )

    @cached_property
    def fields(self) -> list[Row]:
        """Publishers, date, public address, bibliographic citation."""
        return self.field_rows(DOCUMENT_ROWS)

    @cached_property
    def citations(self) -> list[Link]:
        """Each record or organisation drawn from the document."""
        rows = self.reader.select(
            "SELECT DISTINCT ?r WHERE { ?r dct:source ?x . ?x dct:isPartOf ?d }", d=self.focus
        )
        return self.reader.links(row["r"] for row in rows)

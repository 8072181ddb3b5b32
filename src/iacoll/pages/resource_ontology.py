"""Documentation pages of hash-namespace documents: the ontology ``/def`` and the shapes.

Every term ``{document}#Name`` gets a section anchored ``#Name``, so ``/def#CasUsageIA`` lands
on the definition of ``iacoll:CasUsageIA``. The ontology page groups its terms by kind
(:data:`KINDS`) and shows, in :data:`TERM_ROWS` order, what a reader of an ontology looks for:
super-classes and sub-classes, domain and range, equivalences and alignments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from iacoll.pages.resource_page import ResourcePage
from iacoll.pages.resource_terms import Link, Row, Text, Value, capitalised
from iacoll.pages.resource_vocab import SchemeSummary, scheme_list, summaries

KINDS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("classes", (OWL.Class, RDFS.Class)),
    (
        "properties",
        (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property),
    ),
    ("individuals", (OWL.NamedIndividual,)),
    ("datatypes", (RDFS.Datatype,)),
)
# Rows of a term, in order; (message key, property) pairs with a key are inverse rows.
TERM_ROWS: tuple[tuple[str | None, URIRef], ...] = (
    (None, RDF.type),
    (None, RDFS.subClassOf),
    ("res.subclasses", RDFS.subClassOf),
    (None, RDFS.subPropertyOf),
    ("res.subproperties", RDFS.subPropertyOf),
    (None, RDFS.domain),
    (None, RDFS.range),
    (None, OWL.equivalentClass),
    (None, OWL.equivalentProperty),
    (None, OWL.inverseOf),
    (None, SKOS.exactMatch),
    (None, SKOS.closeMatch),
    (None, SKOS.broadMatch),
    (None, SKOS.narrowMatch),
    (None, SKOS.relatedMatch),
    (None, RDFS.seeAlso),
)
PROSE = (RDFS.label, SKOS.prefLabel, SKOS.definition, RDFS.comment, RDFS.isDefinedBy)
HEADER_PROSE = (RDF.type, DCTERMS.title, DCTERMS.description, RDFS.label)


@dataclass(frozen=True)
class Term:
    """One term of the document: anchor, names, definitions and properties."""

    anchor: str
    qname: str
    label: str
    labels: list[tuple[str, list[Text]]]
    definitions: list[tuple[str, list[Text]]]
    comments: list[Text]
    rows: list[Row]


class TermsPage(ResourcePage):
    """A hash-namespace document (the shapes): its headers, then every term in a section."""

    template = "resource_terms.html"
    documents_terms = True

    @cached_property
    def root(self) -> str:
        """The document IRI (``…/shapes``)."""
        path = self.site.path_for_iri(str(self.focus)) or "/"
        return self.site.base + path.strip("/").split("/", 1)[0]

    @cached_property
    def headers(self) -> list[URIRef]:
        """The ``owl:Ontology`` resources of the document (its title, version, licence)."""
        found = self.graph.subjects(RDF.type, OWL.Ontology)
        return sorted(s for s in found if isinstance(s, URIRef))

    @cached_property
    def title(self) -> str:
        """The focus's label, or the document's title."""
        if (self.focus, None, None) in self.graph or not self.headers:
            return self.site.label(self.focus, self.reader.lang)
        return self.site.label(self.headers[0], self.reader.lang)

    def header(self, subject: URIRef) -> tuple[Link, list[Text], list[Row]]:
        """A header resource: its link, description and other properties."""
        description = self.texts(DCTERMS.description, subject)
        rows = self.reader.rows(self.graph, subject, skip=HEADER_PROSE)
        return self.reader.link(subject), description, rows

    @cached_property
    def term_iris(self) -> list[URIRef]:
        """Every ``{document}#Name`` resource, by name."""
        start = self.root + "#"
        found = {s for s in self.graph.subjects() if str(s).startswith(start)}
        return sorted(s for s in found if isinstance(s, URIRef))

    @cached_property
    def terms(self) -> list[Term]:
        """Every term with its generic rows."""
        return [
            self.term(iri, self.reader.rows(self.graph, iri, skip=PROSE)) for iri in self.term_iris
        ]

    def term(self, iri: URIRef, rows: list[Row]) -> Term:
        """The section of one term."""
        anchor = str(iri).split("#", 1)[1]
        return Term(
            anchor,
            self.reader.qname(str(iri)) or anchor,
            capitalised(self.site.label(iri, self.reader.lang)),
            self.by_language(RDFS.label, iri) or self.by_language(SKOS.prefLabel, iri),
            self.by_language(SKOS.definition, iri),
            self.texts(RDFS.comment, iri),
            rows,
        )


class OntologyPage(TermsPage):
    """The ontology: header, its vocabularies, then classes, properties, individuals and
    datatypes."""

    template = "ontology.html"

    @cached_property
    def schemes(self) -> list[SchemeSummary]:
        """The project's concept schemes (as ``/vocab`` lists them)."""
        return summaries(self.reader, scheme_list(self.site))

    @cached_property
    def groups(self) -> list[tuple[str, list[Term]]]:
        """The terms by kind (a term is listed under its first kind)."""
        groups: dict[str, list[Term]] = {kind: [] for kind, _ in KINDS}
        for iri in self.term_iris:
            types = set(self.graph.objects(iri, RDF.type))
            kind = next((k for k, classes in KINDS if types & set(classes)), None)
            if kind is not None:
                groups[kind].append(self.term(iri, self.term_rows(iri)))
        return [(kind, terms) for kind, terms in groups.items() if terms]

    def term_rows(self, iri: URIRef) -> list[Row]:
        """The rows of :data:`TERM_ROWS`, then any other property of the term."""
        rows = []
        for key, prop in TERM_ROWS:
            if key is None:
                values = self.reader.values(self.graph, iri, prop)
                predicate = self.reader.predicate(prop)
            else:
                values = self.inverse(prop, iri)
                label = self.reader.message(key) or key
                predicate = Link(str(prop), label, self.reader.href(str(prop)), True)
            if values:
                rows.append(Row(predicate, values))
        skip = {p for _, p in TERM_ROWS} | set(PROSE)
        return rows + self.reader.rows(self.graph, iri, skip=skip)

    def inverse(self, prop: URIRef, iri: URIRef) -> list[Value]:
        """Terms of the document that point at ``iri`` with ``prop`` (sub-classes…)."""
        found = [s for s in self.graph.subjects(prop, iri) if isinstance(s, URIRef)]
        return list(self.reader.links(found))

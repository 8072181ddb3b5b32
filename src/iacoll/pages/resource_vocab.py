"""Concept and concept-scheme pages (SKOS): labels, definitions, hierarchy, mappings, use; the
list of the project's schemes (``/vocab``), which the ontology page ``/def`` shows too."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCMITYPE, DCTERMS, OWL, RDF, SKOS, XSD
from rdflib.term import Node

from iacoll.namespaces import IACOLL, VOID, bind_prefixes
from iacoll.pages.i18n import MESSAGES
from iacoll.pages.resource_page import ResourcePage
from iacoll.pages.resource_terms import Link, Reader, Row, Text
from iacoll.pages.search import collation
from iacoll.pages.site import Site

MAPPINGS = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    OWL.sameAs,
    IACOLL.classe,
)
CONCEPT_SECTIONS = (
    RDF.type,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.hiddenLabel,
    SKOS.definition,
    SKOS.notation,
    SKOS.inScheme,
    SKOS.topConceptOf,
    SKOS.broader,
    SKOS.narrower,
    SKOS.related,
    SKOS.editorialNote,
    *MAPPINGS,
)
SCHEME_SECTIONS = (
    RDF.type,
    DCTERMS.title,
    SKOS.prefLabel,
    DCTERMS.description,
    SKOS.hasTopConcept,
    SKOS.editorialNote,
)

# Records that use a concept: directly, through their AI system or through a blank node
# (a timeline event's phase, a partner's role).
USES = """SELECT DISTINCT ?r WHERE {
  { ?r ?p ?c } UNION { ?r ai:hasAISystem ?s . ?s ?p ?c }
  UNION { ?r ?p ?b . ?b ?q ?c FILTER(isBlank(?b)) }
  ?r a iacoll:Fiche }"""


# The project's schemes (IRIs under ``{base}vocab/``) and their number of concepts.
SCHEMES = f"""SELECT ?s (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  ?s a <{SKOS.ConceptScheme}> OPTIONAL {{ ?c <{SKOS.inScheme}> ?s }}
  FILTER(STRSTARTS(STR(?s), ?root)) }} GROUP BY ?s"""
SCHEME_FACTS = (RDF.type, DCTERMS.title, SKOS.prefLabel, DCTERMS.description)


def scheme_list(site: Site) -> Graph:
    """``{base}vocab``: a collection whose parts are the schemes, each with its title,
    description and number of concepts (``void:entities``)."""
    focus = URIRef(site.base + "vocab")
    graph = bind_prefixes(Graph())
    graph.add((focus, RDF.type, DCMITYPE.Collection))
    for prop, key in ((DCTERMS.title, "vocab.title"), (DCTERMS.description, "vocab.intro")):
        for lang, text in MESSAGES[key].items():
            graph.add((focus, prop, Literal(text, lang=lang)))
    rows = site.select(SCHEMES, root=Literal(str(focus) + "/"))
    for row in rows:
        graph.add((focus, DCTERMS.hasPart, row["s"]))
        graph.add((row["s"], VOID.entities, Literal(int(row["n"]), datatype=XSD.integer)))
    schemes = " ".join(f"<{row['s']}>" for row in rows)
    facts = " ".join(f"<{p}>" for p in SCHEME_FACTS)
    graph += site.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {schemes} }} VALUES ?p {{ {facts} }} "
        "?s ?p ?o }"
    )
    return graph


@dataclass(frozen=True)
class SchemeSummary:
    """A scheme as the lists show it: link, description, number of concepts."""

    link: Link
    description: list[Text]
    count: int


def summaries(reader: Reader, graph: Graph) -> list[SchemeSummary]:
    """The schemes of a :func:`scheme_list` graph, by label."""
    found = []
    for scheme in graph.subjects(VOID.entities, None):
        texts = [d for d in graph.objects(scheme, DCTERMS.description) if isinstance(d, Literal)]
        chosen = [d for d in texts if d.language == reader.lang] or texts
        count = graph.value(scheme, VOID.entities)
        number = int(count) if isinstance(count, Literal) else 0
        found.append(
            SchemeSummary(reader.link(scheme), [reader.text(d) for d in chosen[:1]], number)
        )
    return sorted(found, key=lambda s: collation(s.link.label))


class SchemeListPage(ResourcePage):
    """``/vocab``: every scheme of the project, with its description and size."""

    template = "schemes.html"
    sections = (RDF.type, DCTERMS.title, DCTERMS.description, DCTERMS.hasPart)
    documents_terms = True

    @cached_property
    def schemes(self) -> list[SchemeSummary]:
        """The schemes, by label."""
        return summaries(self.reader, self.graph)

    @cached_property
    def intro(self) -> list[Text]:
        """What the list is."""
        return self.texts(DCTERMS.description)


@dataclass(frozen=True)
class TreeNode:
    """A concept of a scheme and its narrower concepts."""

    concept: Link
    notation: str | None
    children: list[TreeNode]


class ConceptPage(ResourcePage):
    """A SKOS concept: labels in both languages, definition, hierarchy, mappings, records."""

    template = "concept.html"
    sections = CONCEPT_SECTIONS
    documents_terms = True  # its mappings name the terms of other vocabularies

    @cached_property
    def labels(self) -> list[tuple[str, list[Text]]]:
        """Preferred labels by language (page language first)."""
        return self.by_language(SKOS.prefLabel)

    @cached_property
    def definitions(self) -> list[tuple[str, list[Text]]]:
        """Definitions by language (page language first)."""
        return self.by_language(SKOS.definition)

    @cached_property
    def all_alt_labels(self) -> list[Text]:
        """Every alternative label, whatever its language."""
        found = [o for o in self.objects(SKOS.altLabel) if isinstance(o, Literal)]
        return sorted((self.reader.text(o) for o in found), key=lambda t: collation(t.value))

    @cached_property
    def notation(self) -> list[str]:
        """Codes of the concept."""
        return sorted(str(o) for o in self.objects(SKOS.notation))

    @cached_property
    def schemes(self) -> list[Link]:
        """The schemes it belongs to."""
        return self.reader.links({*self.objects(SKOS.inScheme), *self.objects(SKOS.topConceptOf)})

    @cached_property
    def broader(self) -> list[Link]:
        """Broader concepts."""
        return self.links(SKOS.broader)

    @cached_property
    def narrower(self) -> list[Link]:
        """Narrower concepts (stated here or as ``skos:broader`` on them)."""
        rows = self.reader.select("SELECT ?n WHERE { ?n skos:broader ?c }", c=self.focus)
        return self.reader.links({*self.objects(SKOS.narrower), *(r["n"] for r in rows)})

    @cached_property
    def related_concepts(self) -> list[Link]:
        """Related concepts."""
        return self.links(SKOS.related)

    @cached_property
    def mappings(self) -> list[Row]:
        """Mappings to other vocabularies (outbound links)."""
        found = (Row(self.reader.predicate(self.iri(p)), self.links(self.iri(p))) for p in MAPPINGS)
        return [row for row in found if row.values]

    @cached_property
    def records(self) -> list[Link]:
        """The records that use the concept."""
        rows = self.reader.select(USES, c=self.focus)
        return self.reader.links(row["r"] for row in rows)

    @cached_property
    def organisations(self) -> list[Link]:
        """Organisations classified by the concept (type of local authority)."""
        rows = self.reader.select("SELECT ?o WHERE { ?o org:classification ?c }", c=self.focus)
        return self.reader.links(row["o"] for row in rows)


class SchemePage(ResourcePage):
    """A concept scheme: title, description, its concepts as a tree, their mappings."""

    template = "scheme.html"
    sections = SCHEME_SECTIONS
    documents_terms = True

    @cached_property
    def description(self) -> list[Text]:
        """What the scheme is for."""
        return self.texts(DCTERMS.description)

    @cached_property
    def concepts(self) -> list[URIRef]:
        """Every concept of the scheme."""
        found = self.graph.subjects(SKOS.inScheme, self.focus)
        return sorted(c for c in found if isinstance(c, URIRef))

    @cached_property
    def tree(self) -> list[TreeNode]:
        """The top concepts and, under each, its narrower concepts."""
        children: dict[Node, set[Node]] = {c: set() for c in self.concepts}
        for concept in self.concepts:
            for parent in self.graph.objects(concept, SKOS.broader):
                children.setdefault(parent, set()).add(concept)
            for child in self.graph.objects(concept, SKOS.narrower):
                children[concept].add(child)
        tops = {*self.objects(SKOS.hasTopConcept)}
        tops |= {c for c in self.concepts if (c, SKOS.topConceptOf, self.focus) in self.graph}
        if not tops:
            tops = {c for c in self.concepts if not any(c in kids for kids in children.values())}
        return self.nodes(tops, children, set())

    def nodes(
        self, concepts: set[Node], children: dict[Node, set[Node]], seen: set[Node]
    ) -> list[TreeNode]:
        """Tree nodes of ``concepts``, sorted by label (a concept is shown once per branch)."""
        found = []
        for concept in concepts - seen:
            notation = self.graph.value(concept, SKOS.notation)
            kids = self.nodes(children.get(concept, set()), children, seen | {concept})
            found.append(
                TreeNode(self.reader.link(concept), str(notation) if notation else None, kids)
            )
        return sorted(found, key=lambda node: collation(node.concept.label))

    @cached_property
    def mappings(self) -> list[tuple[Link, Link, Link]]:
        """(concept, mapping property, target) for every mapping of the scheme's concepts."""
        found = [
            (self.reader.link(concept), self.reader.predicate(prop), self.reader.link(target))
            for concept in self.concepts
            for prop in (self.iri(m) for m in MAPPINGS)
            for target in self.graph.objects(concept, prop)
        ]
        return sorted(
            found, key=lambda t: (collation(t[0].label), collation(t[1].label), t[2].label)
        )

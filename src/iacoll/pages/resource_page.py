"""The page model every resource page builds on: title, types, property table, sources.

A page model wraps (graph, focus) for one request language. Its parts are cached properties
that the template reads, so nothing is queried for an RDF answer, which never renders one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, RDF, SKOS
from rdflib.term import Node

from iacoll.model.fields import FIELDS
from iacoll.namespaces import AI, AIRO, CV, DPV, EU_AIACT, IACOLL, ID, VCARD
from iacoll.pages.resource_terms import (
    LOCATORS,
    Link,
    Reader,
    Row,
    Text,
    Value,
    capitalised,
    pick_language,
    rebased,
)
from iacoll.pages.search import collation
from iacoll.pages.site import LABEL_PROPERTIES

INCOMING_LIMIT = 200
# Upstream field labels, as the interface words them where it differs from the field table.
FIELD_WORDING: dict[str, dict[str, str]] = {
    "coll_nom": {"en": "Lead organisation"},
    "url_infos": {"fr": "URL d'information"},
}
LABELS = {
    f.key: (
        FIELD_WORDING.get(f.key, {}).get("fr", f.label_fr),
        FIELD_WORDING.get(f.key, {}).get("en", f.label_en),
    )
    for f in FIELDS
}
# A type of the focus → the types that only restate it (standard superclasses asserted on
# every instance): not repeated beside it in the page heading.
RESTATED: dict[URIRef, tuple[URIRef, ...]] = {
    CV.PublicOrganisation: (FOAF.Organization, FOAF.Agent, ORG.Organization),
    FOAF.Organization: (FOAF.Agent, ORG.Organization),
    IACOLL.SystemeIA: (AI.AISystem, AIRO.AISystem, EU_AIACT.AISystem),
    IACOLL.Fiche: (DCAT.Resource,),
    IACOLL.CasUsageIA: (IACOLL.Fiche, DCAT.Resource, DPV.Process),
    VCARD.Organization: (VCARD.Kind,),
}


@dataclass(frozen=True)
class Source:
    """A seed document as a page cites it: « Source : <title>, <publishers>, <date> », linked
    to the document's page and, when known, to its public address (``foaf:page``)."""

    document: Link
    publishers: list[Link]
    issued: Text | None
    address: Link | None


# Rows of a field table: (upstream field key, or message key, or None for the property's own
# label; the property, written under the default base; the IRI prefix its values must have
# when one property carries several fields, relative to the base unless absolute).
FieldTable = tuple[tuple[str | None, URIRef, str | None], ...]


class ResourcePage:
    """Any resource: its label, types and every property (the generic page)."""

    template = "resource.html"
    sections: tuple[URIRef, ...] = ()  # properties shown in the page's own sections
    documents_terms = False  # a documentation page: unlabelled terms shown as code

    def __init__(self, reader: Reader, graph: Graph, focus: URIRef) -> None:
        if self.documents_terms != reader.terms_as_code:
            reader = replace(reader, terms_as_code=self.documents_terms)
        self.reader, self.graph, self.focus = reader, graph, focus
        self.site = reader.site

    def iri(self, default_iri: Node) -> URIRef:
        """An iacoll IRI (written under the default base) under the site's base."""
        return rebased(self.site, str(default_iri))

    @cached_property
    def heading(self) -> Text:
        """The label of the focus in the page language (its own graph first, then the store)."""
        for prop in LABEL_PROPERTIES:
            labels = self.texts(URIRef(prop))
            if labels:
                return labels[0]
        return Text(self.site.label(self.focus, self.reader.lang))

    @cached_property
    def title(self) -> str:
        """The page title."""
        return self.heading.value

    @cached_property
    def href(self) -> str:
        """The local path of the focus's page."""
        return self.reader.href(str(self.focus))

    @cached_property
    def types(self) -> list[Link]:
        """The classes of the focus, but those that only restate another (:data:`RESTATED`)."""
        types = set(self.objects(RDF.type))
        restated = {r for t, rs in RESTATED.items() if self.iri(t) in types for r in rs}
        shown = types - {self.iri(r) for r in restated}
        found = (self.reader.predicate(t) for t in shown)
        return sorted(found, key=lambda link: collation(link.label))

    @cached_property
    def rows(self) -> list[Row]:
        """Every property of the focus the page does not show elsewhere."""
        skip = (self.iri(p) for p in self.sections)
        return self.reader.rows(self.graph, self.focus, skip=skip)

    @cached_property
    def incoming(self) -> list[Row]:
        """Resources that point at the focus, grouped by property."""
        found = self.reader.select(
            "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
            f" ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}",
            o=self.focus,
        )
        by_property: dict[Node, list[Value]] = {}
        for row in found:
            by_property.setdefault(row["p"], []).append(self.reader.link(row["s"]))
        return [Row(self.reader.predicate(p), links) for p, links in by_property.items()]

    @cached_property
    def sources(self) -> list[Source]:
        """Provenance: each seed document the focus's extracts are part of (the file and the
        lines stay in the RDF), and each reference dataset it cites (``referentiels.ttl``)."""
        documents: set[URIRef] = set()
        prefix = str(self.iri(ID["document/"]))
        for extract in self.graph.objects(self.focus, DCTERMS.source):
            if isinstance(extract, BNode):
                found = self.graph.objects(extract, DCTERMS.isPartOf)
                documents |= {d for d in found if isinstance(d, URIRef)}
            elif isinstance(extract, URIRef) and str(extract).startswith(prefix):
                documents.add(extract)
        return sorted(map(self.source, documents), key=lambda s: collation(s.document.label))

    def source(self, document: URIRef) -> Source:
        """How the page cites ``document``: title, publishers, date, public address."""
        graph = self.site.describe(document)
        issued = graph.value(document, DCTERMS.issued)
        address = graph.value(document, FOAF.page)
        return Source(
            self.reader.link(document),
            self.reader.links(graph.objects(document, DCTERMS.publisher)),
            self.reader.text(issued) if isinstance(issued, Literal) else None,
            self.reader.link(address, locator=True) if isinstance(address, URIRef) else None,
        )

    @cached_property
    def updated(self) -> Text | None:
        """When the description was last updated (``dct:modified``); None when not stated."""
        found = [o for o in self.objects(DCTERMS.modified) if isinstance(o, Literal)]
        return self.reader.text(max(found, key=str)) if found else None

    @cached_property
    def publishers(self) -> list[Link]:
        """Who publishes the focus (a record's lead organisation, a document's publisher)."""
        return self.links(DCTERMS.publisher)

    @cached_property
    def citation(self) -> str:
        """Ready to paste: « title, publishers, iacoll, mis à jour le <date>, IRI »."""
        found = [self.title, *(p.label for p in self.publishers), "iacoll"]
        if self.updated is not None:
            day = self.updated.datetime is not None and len(self.updated.datetime) == 10
            words = self.reader.message("cite.updated.day" if day else "cite.updated.month")
            found.append(f"{words} {self.updated.value}")
        return ", ".join([*found, str(self.focus)])

    @cached_property
    def notes(self) -> list[Text]:
        """Editorial notes, in the page language when there is one."""
        return self.texts(SKOS.editorialNote)

    @cached_property
    def alt_labels(self) -> list[Text]:
        """Other names of the focus."""
        return sorted(self.texts(SKOS.altLabel), key=lambda t: collation(t.value))

    def objects(self, prop: Node, subject: Node | None = None) -> list[Node]:
        """The objects of ``prop`` on the focus (or on ``subject``)."""
        return list(self.graph.objects(self.focus if subject is None else subject, prop))

    def by_language(self, prop: Node, subject: Node | None = None) -> list[tuple[str, list[Text]]]:
        """Literals of ``prop`` grouped by language, the page language first, then French."""
        groups: dict[str, list[Text]] = {}
        for literal in self.objects(prop, subject):
            if isinstance(literal, Literal):
                lang = literal.language or ""
                groups.setdefault(lang, []).append(Text(str(literal), lang or None))
        order = sorted(groups, key=lambda lang: (lang != self.reader.lang, lang != "fr", lang))
        return [(lang, sorted(groups[lang], key=lambda t: t.value)) for lang in order]

    def texts(self, prop: Node, subject: Node | None = None) -> list[Text]:
        """Literals of ``prop`` on the focus (or ``subject``), in the page language if any."""
        found = pick_language(self.objects(prop, subject), self.reader.lang)
        return [self.reader.text(t) for t in found if isinstance(t, Literal)]

    def links(self, prop: Node) -> list[Link]:
        """The IRIs ``prop`` points at, sorted by label."""
        iris = (o for o in self.objects(prop) if isinstance(o, URIRef))
        return self.reader.links(iris, locator=prop in LOCATORS)


class FieldsPage(ResourcePage):
    """A page with field tables, labelled by the upstream field when there is one."""

    def field_rows(self, table: FieldTable) -> list[Row]:
        """The rows of ``table`` that have values on the focus."""
        rows = []
        for key, default_prop, prefix in table:
            prop = self.iri(default_prop)
            objects = self.objects(prop)
            if prefix is not None:
                start = prefix if "://" in prefix else self.site.base + prefix
                objects = [o for o in objects if str(o).startswith(start)]
            if objects:
                values = self.reader.shown(self.graph, objects, prop=prop)
                rows.append(Row(self.field_label(key, prop), values))
        return rows

    def field_label(self, key: str | None, prop: URIRef) -> Link:
        """The property as a row header, with the upstream field's label if it has one."""
        link = self.reader.predicate(prop)
        if key in LABELS:
            label = LABELS[key][self.reader.lang == "en"]
        else:
            label = (self.reader.message(key) if key else None) or link.label
        return replace(link, label=capitalised(label), code=link.code and label == link.label)

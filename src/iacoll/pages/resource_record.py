"""The record page (use case, governance initiative, programme…) and the AI-system page.

Field rows are mapping as data: :data:`FIELD_ROWS` lists, in page order, the upstream field
(its label comes from :data:`iacoll.model.fields.FIELDS`) or, for a property with no upstream
field, None (the ontology's or the messages' label), the property and, when one property
carries several fields (``dcat:theme``), the IRI prefix of the values it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from iacoll.namespaces import ADMS, AI, AIRO, DPV, EU_AIACT, IACOLL, NAL, SCHEMA, TECH
from iacoll.pages.resource_page import FieldsPage, FieldTable
from iacoll.pages.resource_related import RelatedGroup, related
from iacoll.pages.resource_terms import Link, Row, Text, Value
from iacoll.pages.search import collation

# See FieldTable: (upstream field, message key or None; property; prefix of the values).
FIELD_ROWS: FieldTable = (
    ("coll_nom", DCTERMS.publisher, None),
    (None, IACOLL.typeFiche, None),
    ("projet_status", ADMS.status, None),
    (None, IACOLL.descriptionStatut, None),
    ("status_abandon", IACOLL.raisonAbandon, None),
    ("projet_date", SCHEMA.startDate, None),
    ("theme", DCAT.theme, "vocab/theme/"),
    ("sous_theme", DCAT.theme, "vocab/sous-theme/"),
    ("res.eu_theme", DCAT.theme, str(NAL["data-theme/"])),
    ("audience_service", SCHEMA.audience, None),
    (None, IACOLL.descriptionCible, None),
    (None, IACOLL.fonctionIA, None),
    ("url_infos", DCAT.landingPage, None),
    (None, FOAF.page, None),
    (None, IACOLL.collectiviteUtilisatrice, None),
)
# In the RDF for machines, not on the page: the AI Act sector every record shares (« secteur
# public »), the SHACL profile it conforms to, its entry type restated as ``dct:type``; the date
# of the last update is in the page heading.
MACHINE_ONLY = (DPV.hasSector, DCTERMS.conformsTo, DCTERMS.type, DCTERMS.modified)
GOVERNANCE_ROWS: FieldTable = (
    ("risque", IACOLL.evaluationRisques, None),
    ("proportionalite", IACOLL.proportionnalite, None),
    ("decision", IACOLL.porteeDecision, None),
    ("reversibilite", IACOLL.reversibilite, None),
    ("objection", IACOLL.procedureObjection, None),
)
SYSTEM_ROWS: FieldTable = (
    ("impact_algorithme", IACOLL.niveauImpact, None),
    (None, IACOLL.descriptionImpact, None),
    ("erreur", IACOLL.efficacite, None),
    ("explicabilite", IACOLL.explicabilite, None),
    ("impact_environnement", IACOLL.impactEnvironnemental, None),
)
RECORD_SECTIONS = (
    RDF.type,
    DCTERMS.title,
    RDFS.label,
    SKOS.altLabel,
    DCTERMS.description,
    DCTERMS.contributor,
    PROV.qualifiedAttribution,
    IACOLL.evenement,
    IACOLL.chiffreCle,
    IACOLL.pointPositif,
    IACOLL.pointVigilance,
    AI.hasAISystem,
    IACOLL.inspirePar,
    PROV.wasInfluencedBy,
    IACOLL.peutEtreIdentiqueA,
    DCTERMS.isPartOf,
    DCTERMS.hasPart,
    DCTERMS.source,
    SKOS.editorialNote,
    *MACHINE_ONLY,
)
SYSTEM_SECTIONS = (
    RDF.type,
    RDFS.label,
    DCTERMS.title,
    EU_AIACT.hasRiskLevel,
    IACOLL.qualificationRisque,
    TECH.hasDeployer,
    AIRO.isDeployedBy,
    TECH.hasProvider,
    TECH.hasDeveloper,
    AIRO.isDevelopedBy,
)


@dataclass(frozen=True)
class Event:
    """A dated step of a timeline: a date or a start and end (dates in words, each with its
    machine form), what happened, its phase."""

    date: Text | None
    start: Text | None
    end: Text | None
    description: list[Text]
    phases: list[Link]

    @property
    def sort_key(self) -> str:
        """Chronological order (undated steps last)."""
        first = self.date or self.start or self.end
        return (first.datetime or first.value) if first is not None else "9999"


class SystemPage(FieldsPage):
    """An AI system: the use cases that deploy it, who deploys and provides it, its AI Act level."""

    template = "resource_system.html"

    sections = (*SYSTEM_SECTIONS, *(p for _, p, _ in SYSTEM_ROWS))

    @cached_property
    def title(self) -> str:
        """Its name, or (the name being a restricted field) "AI system — {record title}"."""
        named = super().title
        if named != self.focus.split("/")[-1] or not self.records:
            return named
        return f"{self.reader.message('res.system')} — {self.records[0].label}"

    @cached_property
    def fields(self) -> list[Row]:
        """Impact, effectiveness, explainability…"""
        return self.field_rows(SYSTEM_ROWS)

    @cached_property
    def risk_levels(self) -> list[tuple[Link, Link | None]]:
        """Each AI Act level: the iacoll concept and the DPV ``eu-aiact`` term; [] if none."""
        found: list[tuple[Link, Link | None]] = []
        for level in self.objects(EU_AIACT.hasRiskLevel):
            # The concept that matches the level, or whose narrower match it is (Art. 6(1)/6(2)).
            query = "SELECT ?c WHERE { ?c skos:exactMatch|skos:narrowMatch ?l }"
            rows = self.reader.select(query, l=level)
            if rows:
                found.append((self.reader.link(rows[0]["c"]), self.reader.link(level)))
            else:
                found.append((self.reader.link(level), None))
        return found

    @cached_property
    def qualifications(self) -> list[Value]:
        """The dated, attributed qualifications (history)."""
        return self.reader.values(self.graph, self.focus, self.iri(IACOLL.qualificationRisque))

    @cached_property
    def deployers(self) -> list[Link]:
        """Who deploys the system."""
        return self.links_of(TECH.hasDeployer, AIRO.isDeployedBy)

    @cached_property
    def providers(self) -> list[Link]:
        """Who provides or develops it."""
        return self.links_of(TECH.hasProvider, TECH.hasDeveloper, AIRO.isDevelopedBy)

    @cached_property
    def records(self) -> list[Link]:
        """The records whose system it is."""
        rows = self.reader.select("SELECT ?r WHERE { ?r ai:hasAISystem ?s }", s=self.focus)
        return self.reader.links(row["r"] for row in rows)

    def links_of(self, *props: URIRef) -> list[Link]:
        """IRIs any of ``props`` points at, once each."""
        return self.reader.links(o for p in props for o in self.objects(p) if isinstance(o, URIRef))


class RecordPage(FieldsPage):
    """A record of the library: every public field, partners, timeline, system, related, sources."""

    template = "record.html"

    sections = (*RECORD_SECTIONS, *(p for _, p, _ in (*FIELD_ROWS, *GOVERNANCE_ROWS)))

    @cached_property
    def fields(self) -> list[Row]:
        """The public fields, in the upstream model's order."""
        return self.field_rows(FIELD_ROWS)

    @cached_property
    def governance(self) -> list[Row]:
        """The AI-governance fields (risks, proportionality, reversibility…)."""
        return self.field_rows(GOVERNANCE_ROWS)

    @cached_property
    def description(self) -> list[Text]:
        """What the project does."""
        return self.texts(DCTERMS.description)

    @cached_property
    def partners(self) -> list[tuple[Link, list[Link]]]:
        """Each partner and its roles (``prov:qualifiedAttribution``)."""
        roles: dict[Node, list[Link]] = {}
        for attribution in self.objects(PROV.qualifiedAttribution):
            agent = self.graph.value(attribution, PROV.agent)
            if agent is None:
                continue
            for role in self.graph.objects(attribution, DCAT.hadRole):
                roles.setdefault(agent, []).append(self.reader.link(role))
        agents = {*self.objects(DCTERMS.contributor), *roles}
        found = [(self.reader.link(a), roles.get(a, [])) for a in agents]
        return sorted(found, key=lambda pair: collation(pair[0].label))

    @cached_property
    def events(self) -> list[Event]:
        """The timeline, in chronological order."""
        found = [self.event(node) for node in self.objects(self.iri(IACOLL.evenement))]
        return sorted(found, key=lambda e: e.sort_key)

    def event(self, node: Node) -> Event:
        """One step of the timeline."""

        def first(prop: URIRef) -> Text | None:
            value = self.graph.value(node, prop)
            return self.reader.text(value) if isinstance(value, Literal) else None

        return Event(
            first(DCTERMS.date),
            first(SCHEMA.startDate),
            first(SCHEMA.endDate),
            self.texts(DCTERMS.description, node),
            self.reader.links(self.graph.objects(node, self.iri(IACOLL.phase))),
        )

    @cached_property
    def figures(self) -> list[Text]:
        """Key figures, as the source states them."""
        return sorted(self.texts(self.iri(IACOLL.chiffreCle)), key=lambda t: t.value)

    @cached_property
    def positives(self) -> list[Text]:
        """Positive points."""
        return self.texts(self.iri(IACOLL.pointPositif))

    @cached_property
    def vigilance(self) -> list[Text]:
        """Points of vigilance."""
        return self.texts(self.iri(IACOLL.pointVigilance))

    @cached_property
    def system(self) -> SystemPage | None:
        """The AI system the use case deploys, if any."""
        systems = sorted(o for o in self.objects(AI.hasAISystem) if isinstance(o, URIRef))
        if not systems:
            return None
        return SystemPage(self.reader, self.site.describe(systems[0]), systems[0])

    @cached_property
    def related(self) -> list[RelatedGroup]:
        """Related records, grouped by why they are related."""
        return related(self.reader, self.focus)

"""From a stored record back to the upstream fields, and merging an edit into a stored record.

:func:`from_records` gives the values the edit form, the JSON API and the exports show;
:func:`upstream_part` is the part of a record the upstream fields carry: the values of the
fields on the record and on its AI system, the carrier (``dct:publisher``) and the standard
terms written beside them (``rdfs:label``, the EU data theme, ``ai:hasTechnique`` /
``ai:hasCapability``, ``dpv:hasDataSource``, ``dpv:hasHumanInvolvement``). :func:`merge`
replaces that part of a stored record by an edited one and keeps the rest.

What the seed records hold and no upstream field carries (so an edit keeps it as it is):

- on the record: ``dct:alternative`` (the source's heading), ``skos:altLabel``,
  ``skos:editorialNote``, ``dct:source`` (the extracts cited), ``iacoll:evenement`` (timeline),
  ``iacoll:chiffreCle``, ``iacoll:pointPositif``, ``iacoll:pointVigilance``, ``foaf:page``,
  ``dct:isPartOf``, ``iacoll:inspirePar`` / ``prov:wasInfluencedBy``,
  ``iacoll:peutEtreIdentiqueA`` / ``rdfs:seeAlso``, ``iacoll:collectiviteUtilisatrice``,
  ``prov:qualifiedAttribution`` (a partner's role), the prose beside a controlled value
  (``iacoll:descriptionStatut``, ``descriptionCible``; restricted ``descriptionFinancement``,
  ``descriptionBudget``, ``descriptionDeveloppement``), ``frapo:isFundedBy`` (restricted) and
  ``schema:codeRepository`` (restricted, kept while its address is still a ``dct:relation``);
- on the AI system: ``iacoll:descriptionDonnees``, ``descriptionCollecte``,
  ``descriptionHebergement`` (restricted), ``descriptionImpact``, ``tech:hasProvider``,
  ``tech:hasDeveloper`` / ``airo:isDevelopedBy``, and deployers other than the carrier;
- the structure, which :func:`~iacoll.model.upstream.to_records` writes again: classes,
  ``iacoll:typeFiche`` / ``dct:type``, ``dct:conformsTo``, ``ai:hasAISystem``,
  ``dpv:hasSector``, the carrier as deployer (moved to the new carrier when it changes).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS, XSD
from rdflib.term import Node

from iacoll.model.fields import FIELDS, Field
from iacoll.model.record import Record
from iacoll.model.upstream_organisations import Catalogue, default_catalogue
from iacoll.model.upstream_values import Vocabularies, vocabularies
from iacoll.namespaces import AI, AIRO, DCT, DPV, EU_AIACT, SCHEMA, TECH, VOCAB

# Standard terms written beside an upstream field on the AI system (tools/seed/mapping.py).
DPV_AI_TERMS: dict[str, tuple[URIRef, URIRef]] = {
    "machine-learning": (AI.hasTechnique, AI.MachineLearning),
    "ia-generative": (AI.hasCapability, AI.ContentGeneration),
    "computer-vision": (AI.hasCapability, AI.ComputerVision),
}
DPV_DATA_SOURCE: dict[str, URIRef] = {
    "interne": DPV.DataControllerDataSource,
    "tiers": DPV.ThirdPartyDataSource,
}
DERIVED = {
    "fiche": (RDFS.label, DCT.publisher),  # the carrier, named by coll_nom / coll_siret
    "systeme": (AI.hasTechnique, AI.hasCapability, DPV.hasDataSource, DPV.hasHumanInvolvement),
}


def owned_properties(node: str) -> set[URIRef]:
    """The properties of the record (``fiche``) or of its system (``systeme``) whose values the
    upstream fields give."""
    own = {f.path[0] for f in FIELDS if f.node == node}
    return own | set(DERIVED.get(node, ()))


def system_of(record: Record) -> URIRef | None:
    """The AI system of a use case."""
    value = record.public.value(record.iri, AI.hasAISystem)
    return value if isinstance(value, URIRef) else None


def _closure(graph: Graph, node: Node, into: Graph) -> None:
    for p, o in graph.predicate_objects(node):
        into.add((node, p, o))
        if isinstance(o, BNode):
            _closure(graph, o, into)


def owned(graph: Graph, record: URIRef | None, system: URIRef | None) -> Graph:
    """The triples of ``graph`` that upstream fields carry, with the blank nodes they hold."""
    part = Graph()
    for subject, node in ((record, "fiche"), (system, "systeme")):
        if subject is None:
            continue
        for prop in owned_properties(node):
            for value in graph.objects(subject, prop):
                part.add((subject, prop, value))
                if isinstance(value, BNode):
                    _closure(graph, value, part)
    return part


def upstream_part(record: Record) -> Record:
    """The record reduced to what the upstream fields carry."""
    system = system_of(record)
    return Record(
        record.iri,
        owned(record.public, record.iri, system),
        owned(record.restricted, record.iri, system),
    )


def merge(existing: Record, edited: Record) -> Record:
    """``existing`` with its upstream part replaced by ``edited``'s.

    What the form does not edit stays: notes, sources, timeline, key figures, partner roles,
    ``dct:alternative``, other deployers… A record without an AI system (a use case whose source
    does not say it uses AI, an initiative) gets none unless the edit gives a system field; a
    ``schema:codeRepository`` stays while its address is still a ``dct:relation``.
    """
    if existing.iri != edited.iri:
        raise ValueError(f"merge: {existing.iri} and {edited.iri} are two records")
    system = system_of(existing) or system_of(edited)
    public = _replaced(existing.public, edited.public, existing.iri, system)
    restricted = _replaced(existing.restricted, edited.restricted, existing.iri, system)
    _move_deployer(public, existing, edited, system)
    if system_of(existing) is None and system is not None and not _has_system_values(edited):
        _drop_system(public, existing.iri, system)
    for part in (public, restricted):
        for s, repository in list(part.subject_objects(SCHEMA.codeRepository)):
            if (s, DCT.relation, repository) not in part:
                part.remove((s, SCHEMA.codeRepository, repository))
    return Record(existing.iri, public, restricted)


def _move_deployer(graph: Graph, existing: Record, edited: Record, system: URIRef | None) -> None:
    """A new carrier deploys the system in place of the old one."""
    old = existing.public.value(existing.iri, DCT.publisher)
    new = edited.public.value(edited.iri, DCT.publisher)
    if system is None or old is None or new is None or old == new:
        return
    for prop in (TECH.hasDeployer, AIRO.isDeployedBy):
        graph.remove((system, prop, old))
        graph.add((system, prop, new))


def _has_system_values(record: Record) -> bool:
    system = system_of(record)
    return any(len(owned(part, None, system)) for part in (record.public, record.restricted))


def _replaced(old: Graph, new: Graph, record: URIRef, system: URIRef | None) -> Graph:
    result = Graph()
    result += old
    result -= owned(old, record, system)
    result += new
    return result


def _drop_system(graph: Graph, record: URIRef, system: URIRef) -> None:
    graph.remove((record, AI.hasAISystem, system))
    graph.remove((record, DPV.hasSector, EU_AIACT.PublicSector))
    graph.remove((system, None, None))


# --- from_records ----------------------------------------------------------------------------


def from_records(
    record: Record,
    organisation_graph: Graph | None,
    *,
    catalogue: Catalogue | None = None,
) -> dict[str, list[str]]:
    """The upstream fields of ``record``: key → values as the form and the exports show them.

    ``organisation_graph`` holds the record's carrier (``coll_*``, ``latitude``, ``longitude``,
    ``image_url``); partners are named from it, else from ``catalogue`` (default: ``data/``).
    Controlled values are the concepts' French labels, dates ``JJ/MM/AAAA``, ``MM/AAAA`` or
    ``AAAA``, the contact a bare address. Fields without a value are left out.
    """
    vocab = vocabularies()
    graph = record.public + record.restricted
    names = _names(organisation_graph, catalogue or default_catalogue())
    system = system_of(record)
    found: dict[str, list[str]] = {}
    for spec in FIELDS:
        subject: Node | None = {"fiche": record.iri, "systeme": system}.get(spec.node)
        source = graph
        if spec.node == "organisation":
            subject = record.public.value(record.iri, DCT.publisher)
            source = organisation_graph if organisation_graph is not None else Graph()
        if subject is None:
            continue
        values = sorted(_texts(spec, source, subject, vocab, names, graph))
        if values:
            found[spec.key] = values
    return found


def _names(organisation_graph: Graph | None, catalogue: Catalogue) -> Graph:
    names = Graph()
    for source in (organisation_graph, catalogue.organisations):
        if source is not None:
            for s, name in source.subject_objects(FOAF.name):
                if (s, FOAF.name, None) not in names:
                    names.add((s, FOAF.name, name))
    return names


def _texts(
    spec: Field, graph: Graph, subject: Node, vocab: Vocabularies, names: Graph, record: Graph
) -> list[str]:
    first = spec.path[0]
    values = list(graph.objects(subject, first))
    if spec.key == "partenaires":
        found = (names.value(v, FOAF.name) or record.value(v, FOAF.name) or v for v in values)
        return [str(name) for name in found]  # an organisation without a name: its IRI
    if len(spec.path) == 2:
        values = [o for v in values for o in graph.objects(v, spec.path[1])]
    if spec.key == "risque_categorie":
        concepts = [vocab.concept_matching("niveau-risque", v, SKOS.exactMatch) for v in values]
        return [vocab.label(c) for c in concepts if c is not None]
    if spec.scheme is not None:
        prefix = f"{VOCAB}{spec.scheme}/"
        return [vocab.label(v) for v in values if str(v).startswith(prefix)]
    return [_text(v) for v in values]


def _text(value: Node) -> str:
    if isinstance(value, Literal):
        lexical = str(value)
        if value.datatype == XSD.date:
            year, month, day = lexical.split("-")
            return f"{day}/{month}/{year}"
        if value.datatype == XSD.gYearMonth:
            year, month = lexical.split("-")
            return f"{month}/{year}"
        return lexical
    if str(value).startswith("mailto:"):
        return str(value)[len("mailto:") :]
    return str(value)

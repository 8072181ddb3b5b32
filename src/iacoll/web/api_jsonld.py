"""A record sent as JSON-LD: parsed into rdflib, checked for what it may hold, split by access.

The document must describe one record (one node typed ``iacoll:Fiche``) under ``id/``, and may
describe its AI systems (``ai:hasAISystem``) and blank nodes hanging from them; a node about
anything else (an organisation, a vocabulary concept) belongs to another record and is refused.
Remote ``@context`` documents are not fetched (the server would otherwise request any URL a
client names): a client inlines its context, as the record pages' own JSON-LD does.

Split: a statement is *restreint* when its property is, on that node, the first step of an
upstream *Restreint* field of :data:`iacoll.model.fields.FIELDS`, or one of the restricted
companions the seed catalogue keeps with them (:data:`RESTRICTED_EXTRA`); the blank nodes under
a restricted statement go with it.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from iacoll.model.fields import FIELDS
from iacoll.model.problems import Problem
from iacoll.model.record import NotARecordIri, Record, kind_of
from iacoll.namespaces import AI, DEFAULT_BASE, DPV, FRAPO, IACOLL, SCHEMA
from iacoll.web.api_body import InputError

NodeRole = str  # "fiche" or "systeme"

# Restricted statements the seed catalogue keeps next to the upstream Restreint fields
# (tools/seed/build.py, restricted_graph): descriptions of the funding, budget, development,
# data, collection and hosting, the funder, the code repository, the DPV mirrors of the
# algorithm type and data source; and the structured environmental footprint.
RESTRICTED_EXTRA: dict[NodeRole, frozenset[URIRef]] = {
    "fiche": frozenset(
        {
            IACOLL.descriptionFinancement,
            IACOLL.descriptionBudget,
            IACOLL.descriptionDeveloppement,
            FRAPO.isFundedBy,
            SCHEMA.codeRepository,
            IACOLL.empreintePublique,  # the footprint's publication flag (model/footprint.py)
        }
    ),
    "systeme": frozenset(
        {
            IACOLL.descriptionDonnees,
            IACOLL.descriptionCollecte,
            IACOLL.descriptionHebergement,
            AI.hasTechnique,
            AI.hasCapability,
            DPV.hasDataSource,
            IACOLL.empreinteEnvironnementale,  # restricted unless published (model/footprint.py)
            IACOLL.bonnePratiqueFrugalite,
        }
    ),
}


def _restricted_properties(role: NodeRole) -> frozenset[URIRef]:
    return RESTRICTED_EXTRA[role] | {
        f.path[0] for f in FIELDS if f.access == "restreint" and f.node == role
    }


RESTRICTED: dict[NodeRole, frozenset[URIRef]] = {
    role: _restricted_properties(role) for role in ("fiche", "systeme")
}


def unacceptable(message_fr: str, message_en: str) -> InputError:
    """A 422: the document is JSON-LD but not a record iacoll accepts."""
    return InputError(message_fr, message_en, status=422)


def parse_jsonld(document: Any, base: str) -> Graph:
    """The graph of a parsed JSON-LD ``document``, IRIs under ``base`` moved to the default."""
    _refuse_remote_contexts(document)
    graph = Graph()
    try:
        graph.parse(data=json.dumps(document), format="json-ld")
    except Exception as exc:  # rdflib raises many kinds for bad JSON-LD
        raise unacceptable(
            f"Ce JSON n'est pas du JSON-LD lisible : {exc}.",
            f"This JSON is not readable JSON-LD: {exc}.",
        ) from None
    return _unbased(graph, base)


def _refuse_remote_contexts(value: Any) -> None:
    if isinstance(value, list):
        for item in value:
            _refuse_remote_contexts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import") and _names_a_document(item):
                raise unacceptable(
                    "Les contextes JSON-LD distants ne sont pas chargés : incorporez le "
                    "contexte dans le document (objet « @context »).",
                    "Remote JSON-LD contexts are not fetched: inline the context in the "
                    'document (an "@context" object).',
                )
            _refuse_remote_contexts(item)


def _names_a_document(context: Any) -> bool:
    if isinstance(context, str):
        return True
    return isinstance(context, list) and any(isinstance(c, str) for c in context)


def _unbased(graph: Graph, base: str) -> Graph:
    if base == DEFAULT_BASE:
        return graph

    def move(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(base):
            return URIRef(DEFAULT_BASE + str(term)[len(base) :])
        return term

    moved = Graph()
    for s, p, o in graph:
        moved.add((move(s), move(p), move(o)))
    return moved


def record_iri(graph: Graph) -> URIRef:
    """The one node typed ``iacoll:Fiche`` that names a record."""
    found = sorted({s for s in graph.subjects(RDF.type, IACOLL.Fiche) if isinstance(s, URIRef)})
    if len(found) != 1:
        raise unacceptable(
            f"Le document doit décrire une seule fiche (un nœud de type iacoll:Fiche) ; "
            f"il en décrit {len(found)}.",
            f"The document must describe exactly one record (a node typed iacoll:Fiche); "
            f"it describes {len(found)}.",
        )
    try:
        kind_of(str(found[0]))
    except NotARecordIri:
        raise unacceptable(
            f"« {found[0]} » n'est pas l'adresse d'une fiche : utilisez "
            f"{DEFAULT_BASE}id/cas-usage/… ou id/initiative/….",
            f"“{found[0]}” is not the address of a record: use {DEFAULT_BASE}id/cas-usage/… "
            "or id/initiative/….",
        ) from None
    return found[0]


def split(graph: Graph, iri: URIRef) -> tuple[Record, list[Problem]]:
    """The record ``iri`` of ``graph``, split into its public and restricted parts, and a
    warning for every node described that is not part of it (those statements are dropped)."""
    roles: dict[Node, NodeRole] = {iri: "fiche"}
    for system in graph.objects(iri, AI.hasAISystem):
        roles.setdefault(system, "systeme")
    public, restricted = Graph(), Graph()
    for node, role in roles.items():
        for p, o in graph.predicate_objects(node):
            target = restricted if p in RESTRICTED[role] else public
            _copy_closure(graph, (node, p, o), target, set())
    return Record(iri, public, restricted), _strays(graph, public + restricted)


def _copy_closure(
    graph: Graph, triple: tuple[Node, Node, Node], into: Graph, seen: set[Node]
) -> None:
    into.add(triple)
    obj = triple[2]
    if isinstance(obj, BNode) and obj not in seen:
        seen.add(obj)
        for p, o in graph.predicate_objects(obj):
            _copy_closure(graph, (obj, p, o), into, seen)


def _strays(graph: Graph, kept: Graph) -> list[Problem]:
    strays = sorted({str(s) for s, _p, _o in graph if (s, None, None) not in kept})
    return [
        Problem(
            f"« {s} » ne fait pas partie de la fiche : une fiche décrit le projet et son "
            "système d'IA ; l'organisation, les documents et les concepts ont leurs propres "
            "fiches. Retirez ces données.",
            f"“{s}” is not part of the record: a record describes the project and its AI "
            "system; organisations, documents and concepts have records of their own. "
            "Remove these statements.",
            value=s,
            severity="warning",
        )
        for s in strays
    ]

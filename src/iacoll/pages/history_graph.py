"""The public past of a record in RDF (PROV-O): its published revisions and its withdrawal.

Each published revision is a ``prov:Entity`` at its stable IRI (:func:`revision_iri`,
``{record}/revision/{n}``) and a ``prov:specializationOf`` the record: PROV-DM's
*specialization* is « an entity that shares all aspects of another and presents more specific
ones » — the record as it read between two publications — while Dublin Core's
``dct:isVersionOf`` is, by the W3C PROV-DC mapping, only a kind of ``prov:wasDerivedFrom``
(a derivation, which a snapshot of the same record is not); ``dct:isVersionOf`` is stated
too, as the change feed (LDES) declares it its ``ldes:versionOfPath``. Each revision
``prov:wasRevisionOf`` the one published before it, was generated at its publication
(``prov:generatedAtTime``), invalidated when the next publication or the withdrawal replaced it
(``prov:invalidatedAtTime``), and is attributed to the organisation it was written for —
never to an account.

A withdrawn record's tombstone: its title and publisher, ``prov:invalidatedAtTime`` and a
``prov:qualifiedInvalidation`` whose ``rdfs:comment`` is the moderator's reason.

IRIs of the log are under the default base; every graph here is moved under the site's base.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from iacoll.namespaces import bind_prefixes, rebase
from iacoll.publishing.history import PastRevision, Withdrawal, revision_iri


def moment(at: datetime) -> Literal:
    """A UTC instant as an ``xsd:dateTime`` literal."""
    return Literal(at.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)


def revisions_graph(past: Sequence[PastRevision], base: str) -> Graph:
    """The PROV description of every published revision of one record (oldest first)."""
    graph = bind_prefixes(Graph())
    previous: PastRevision | None = None
    for revision in past:
        describe_revision(graph, revision, previous)
        previous = revision
    return rebase(graph, base)


def describe_revision(graph: Graph, revision: PastRevision, previous: PastRevision | None) -> None:
    """Add the PROV triples of ``revision`` (default base) to ``graph``."""
    node, record = URIRef(revision.iri), URIRef(revision.record_iri)
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, PROV.specializationOf, record))
    # Also the change feed's ldes:versionOfPath: a client that dereferences a member finds it.
    graph.add((node, DCTERMS.isVersionOf, record))
    graph.add((record, DCTERMS.hasVersion, node))
    if previous is not None:
        graph.add((node, PROV.wasRevisionOf, URIRef(previous.iri)))
    if revision.published_at is not None:
        graph.add((node, PROV.generatedAtTime, moment(revision.published_at)))
    if revision.replaced_at is not None:
        graph.add((node, PROV.invalidatedAtTime, moment(revision.replaced_at)))
    if revision.organisation is not None:
        graph.add((node, PROV.wasAttributedTo, URIRef(revision.organisation)))
    title = revision.public.public.value(record, DCTERMS.title)
    if title is not None:
        graph.add((node, DCTERMS.title, title))


def revision_graph(
    past: Sequence[PastRevision], number: int, base: str
) -> tuple[Graph, PastRevision] | None:
    """Revision ``number``'s public content with its PROV description (None: never published)."""
    found = next((i for i, r in enumerate(past) if r.number == number), None)
    if found is None:
        return None
    revision = past[found]
    graph = bind_prefixes(Graph())
    for triple in revision.public.public:
        graph.add(triple)
    describe_revision(graph, revision, past[found - 1] if found else None)
    return rebase(graph, base), revision


def tombstone_graph(gone: Withdrawal, history_iri: str, base: str) -> Graph:
    """What remains public of a withdrawn record: title, publisher, when and why."""
    graph = bind_prefixes(Graph())
    record = URIRef(gone.record_iri)
    graph.add((record, RDF.type, PROV.Entity))
    graph.add((record, DCTERMS.title, Literal(gone.title, lang="fr")))
    if gone.publisher is not None:
        graph.add((record, DCTERMS.publisher, URIRef(gone.publisher)))
    graph.add((record, PROV.invalidatedAtTime, moment(gone.at)))
    invalidation = BNode()
    graph.add((record, PROV.qualifiedInvalidation, invalidation))
    graph.add((invalidation, RDF.type, PROV.Invalidation))
    graph.add((invalidation, PROV.atTime, moment(gone.at)))
    if gone.reason:
        graph.add((invalidation, RDFS.comment, Literal(gone.reason, lang="fr")))
    if gone.last is not None:
        graph.add(
            (record, DCTERMS.hasVersion, URIRef(revision_iri(gone.record_iri, gone.last.number)))
        )
    graph.add((record, RDFS.seeAlso, URIRef(history_iri)))
    return rebase(graph, base)

"""The catalogue's changes as a Linked Data Event Stream (https://w3id.org/ldes/specification).

The stream ``{base}flux/ldes`` has one member per publication of the revision log, in order
(:func:`iacoll.publishing.history.events`), up to the last one the stores reflect (the store
generation):

- a publication of revision N of record R is the member ``R/revision/N``
  (:func:`~iacoll.publishing.history.revision_iri`), typed ``as:Create`` (R's first publication,
  or its first after a withdrawal) or ``as:Update``, ``dct:isVersionOf R``,
  ``prov:generatedAtTime`` its publication, ``prov:wasAttributedTo`` its organisation; its
  content, the revision's public part (never a restricted value), is the named graph of the
  member's IRI, as the LDES specification's own example does;
- a withdrawal of R is a tombstone ``R/retrait/{publication}`` typed ``as:Delete``, with the
  moderator's reason as ``rdfs:comment`` and no content.

The stream declares ``ldes:timestampPath prov:generatedAtTime``, ``ldes:versionOfPath
dct:isVersionOf`` and the create, update and delete objects, so a client knows how to
upsert and delete. Pages (``tree:Node``) hold :data:`PAGE_SIZE` publications each, by
publication number: page n holds publications ``(n-1)·size+1 … n·size``. A page links to the
next one by a ``tree:GreaterThanOrEqualToRelation`` on the timestamp path whose value is the
next page's first publication time. Every page but the last is complete (``ldes:immutable``):
its content never changes again. Pages are identified by the URL they are served at (TREE
reads ``<>`` as the page), given by the caller; members and the stream stay under the base IRI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from math import ceil

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node
from sqlalchemy import select

from iacoll.model.record import parse_text
from iacoll.namespaces import (
    AS,
    DCT,
    DEFAULT_BASE,
    LDES,
    PROV,
    RDF,
    RDFS,
    TREE,
    XSD,
    bind_prefixes,
    rebase,
)
from iacoll.publishing import history
from iacoll.publishing.db import Database
from iacoll.publishing.history import Event
from iacoll.publishing.log import Publication, Revision
from iacoll.terms import to_oxigraph, to_rdflib

STREAM_PATH = "flux/ldes"
PAGE_SIZE = 100  # publications per page
TIMESTAMP = PROV.generatedAtTime
VERSION_OF = DCT.isVersionOf
TITLES = (
    Literal("Modifications du catalogue iacoll", lang="fr"),
    Literal("Changes to the iacoll catalogue", lang="en"),
)


@dataclass(frozen=True)
class Page:
    """Page ``number`` of the stream at one generation: its publications and what follows."""

    number: int
    size: int
    last: int  # the number of the last page (the open one)
    events: tuple[Event, ...]
    next_start: datetime | None  # when the next page's first publication happened

    @property
    def immutable(self) -> bool:
        """Whether the page is complete: a later page exists, so nothing can join this one."""
        return self.number < self.last

    @property
    def last_modified(self) -> datetime | None:
        """When the page last changed: its link to the next page, else its last publication."""
        if self.next_start is not None:
            return self.next_start
        return self.events[-1].at if self.events else None


def stream_iri(base: str) -> URIRef:
    """``{base}flux/ldes``: the ``ldes:EventStream``."""
    return URIRef(base + STREAM_PATH)


def moved(iri: str, base: str) -> str:
    """An IRI of the log (under the default base) moved under ``base``."""
    return base + iri[len(DEFAULT_BASE) :] if iri.startswith(DEFAULT_BASE) else iri


def member_iri(event: Event, base: str) -> URIRef:
    """The member a publication is: the revision's IRI, or the tombstone of a withdrawal."""
    record = moved(event.record_iri, base)
    if event.kind == "publication" and event.number is not None:
        return URIRef(history.revision_iri(record, event.number))
    return URIRef(history.withdrawal_iri(record, event.id))


def last_page(upto: int, size: int = PAGE_SIZE) -> int:
    """The number of the last page when the stores reflect publications up to ``upto``."""
    return max(1, ceil(upto / size))


def page(db: Database, number: int, upto: int, size: int = PAGE_SIZE) -> Page | None:
    """Page ``number`` (from 1) of the stream up to publication ``upto``; None if none."""
    last = last_page(upto, size)
    if not 1 <= number <= last:
        return None
    end = min(number * size, upto)
    found = [e for e in history.events(db, after=(number - 1) * size, limit=size) if e.id <= end]
    following = [e for e in history.events(db, after=number * size, limit=1) if e.id <= upto]
    next_start = following[0].at if following and number < last else None
    return Page(number, size, last, tuple(found), next_start)


def stream_graph(base: str, first_page_url: str) -> Graph:
    """What the stream says of itself: its paths, version objects and its view."""
    graph = bind_prefixes(Graph(bind_namespaces="core"))
    _bind(graph)
    stream = stream_iri(base)
    graph.add((stream, RDF.type, LDES.EventStream))
    for title in TITLES:
        graph.add((stream, DCT.title, title))
    graph.add((stream, LDES.timestampPath, TIMESTAMP))
    graph.add((stream, LDES.versionOfPath, VERSION_OF))
    for kind, value in (("Create", AS.Create), ("Update", AS.Update), ("Delete", AS.Delete)):
        graph.add((stream, LDES[f"version{kind}Path"], RDF.type))
        graph.add((stream, LDES[f"version{kind}Object"], value))
    graph.add((stream, TREE.view, URIRef(first_page_url)))
    return graph


def page_quads(db: Database, base: str, found: Page, url: Callable[[int], str]) -> list[ox.Quad]:
    """The page as RDF: the stream, the node and its relation, and every member with its
    content in the member's named graph (default graph first, then the members' graphs in
    order). ``url(n)`` is the URL page n is served at. The contents are read in one query and
    parsed by Oxigraph (100 members: about 2 s through rdflib and the history → 0.1 s)."""
    head = stream_graph(base, url(1))
    node = URIRef(url(found.number))
    head.add((node, RDF.type, TREE.Node))
    if found.immutable:
        head.add((node, LDES.immutable, Literal(True)))
    if found.next_start is not None:
        relation = BNode()
        head.add((node, TREE.relation, relation))
        head.add((relation, RDF.type, TREE.GreaterThanOrEqualToRelation))
        head.add((relation, TREE.node, URIRef(url(found.number + 1))))
        head.add((relation, TREE.path, TIMESTAMP))
        head.add((relation, TREE.value, _moment(found.next_start)))
    creates = first_publications(db, found.events)
    for event in found.events:
        for triple in _member_facts(base, event, event.id in creates):
            head.add(triple)
    quads = [ox.Quad(*map(to_oxigraph, triple)) for triple in head]  # type: ignore[arg-type]
    texts = contents(db, found.events)
    # Through an in-memory store: Oxigraph writes some literals in their canonical form
    # ("1.9468180"^^xsd:decimal is read back "1.946818"), so a replica equals the store.
    stored = ox.Store()
    for event in found.events:
        text = texts.get((event.record_iri, event.number or 0))
        if event.kind == "publication" and text is not None:
            member = ox.NamedNode(str(member_iri(event, base)))
            stored.extend(
                ox.Quad(t.subject, t.predicate, t.object, member) for t in _parsed(text, base)
            )
    order = {str(member_iri(e, base)): n for n, e in enumerate(found.events)}
    members = sorted(stored, key=lambda q: (order[str(q.graph_name)[1:-1]], *_statement_order(q)))
    return [*sorted(quads, key=_statement_order), *members]


def page_dataset(db: Database, base: str, found: Page, url: Callable[[int], str]) -> Dataset:
    """:func:`page_quads` as an rdflib dataset."""
    dataset = Dataset()
    bind_prefixes(dataset)
    _bind(dataset)
    for quad in page_quads(db, base, found, url):
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        if isinstance(quad.graph_name, ox.NamedNode):
            dataset.graph(URIRef(quad.graph_name.value)).add(triple)
        else:
            dataset.add(triple)
    return dataset


def _member_facts(base: str, event: Event, create: bool) -> list[tuple[Node, Node, Node]]:
    member = member_iri(event, base)
    kind = AS.Delete if event.kind == "retrait" else AS.Create if create else AS.Update
    facts: list[tuple[Node, Node]] = [
        (RDF.type, PROV.Entity),
        (RDF.type, kind),
        (VERSION_OF, URIRef(moved(event.record_iri, base))),
        (TIMESTAMP, _moment(event.at)),
    ]
    if event.organisation:
        facts.append((PROV.wasAttributedTo, URIRef(moved(event.organisation, base))))
    if event.kind == "retrait" and event.comment:
        facts.append((RDFS.comment, Literal(event.comment, lang="fr")))
    return [(stream_iri(base), TREE.member, member), *((member, p, v) for p, v in facts)]


def contents(db: Database, events: tuple[Event, ...]) -> dict[tuple[str, int], str]:
    """The public N-Triples of the revisions ``events`` published, by (record, number)."""
    wanted = {(e.record_iri, e.number) for e in events if e.kind == "publication" and e.number}
    if not wanted:
        return {}
    with db.transaction() as session:
        rows = session.execute(
            select(Revision.record_iri, Revision.number, Revision.public_nt).where(
                Revision.record_iri.in_(sorted({iri for iri, _ in wanted})),
                Revision.state.in_(history.ONCE_PUBLISHED),
            )
        ).all()
    return {
        (r.record_iri, r.number): r.public_nt for r in rows if (r.record_iri, r.number) in wanted
    }


def _parsed(text: str, base: str) -> Iterable[ox.Quad | ox.Triple]:
    """A revision's N-Triples (under the default base) moved under ``base``, blank nodes
    renamed (each member's own)."""
    if base == DEFAULT_BASE:
        return ox.parse(text, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
    rebased = rebase(parse_text(text), base)
    return [ox.Triple(*map(to_oxigraph, t)) for t in rebased]  # type: ignore[arg-type]


def _statement_order(quad: ox.Quad) -> tuple[bool, str, str, str]:
    return (
        isinstance(quad.subject, ox.BlankNode),
        str(quad.subject),
        str(quad.predicate),
        str(quad.object),
    )


def first_publications(db: Database, events: tuple[Event, ...]) -> set[int]:
    """The publications of ``events`` that are their record's first (ever, or since its
    withdrawal): ``as:Create`` rather than ``as:Update``."""
    creates = set()
    with db.transaction() as session:
        for event in events:
            if event.kind != "publication":
                continue
            previous = session.execute(
                select(Publication.id, Publication.revision_id)
                .where(Publication.record_iri == event.record_iri, Publication.id < event.id)
                .order_by(Publication.id.desc())
                .limit(1)
            ).first()
            if previous is None or previous.revision_id is None:
                creates.add(event.id)
    return creates


def _moment(at: datetime) -> Literal:
    return Literal(at.isoformat(), datatype=XSD.dateTime)


def _bind(graph: Graph) -> None:
    graph.bind("ldes", LDES)
    graph.bind("tree", TREE)
    graph.bind("as", AS)

"""What a submitted revision changes, field by field, against the record's published revision.

The moderators read this before they approve. The upstream fields (:data:`FIELDS`) come
first, each with its French and English label, its access level and its values before and
after; everything else the revision changes (timeline, key figures, sources…) follows as the
triples it adds and removes. Both revisions are compared in canonical form, so a blank node
whose content did not change (an event of the timeline) is not reported.

Pure functions over :class:`iacoll.model.record.Record`: no store, no web.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from iacoll.model.fields import FIELDS, Field
from iacoll.model.record import Record

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One upstream field whose values differ: the values before (published) and after."""

    field: Field
    before: tuple[Node, ...]
    after: tuple[Node, ...]

    @property
    def restricted(self) -> bool:
        """Whether the field is *Restreint* upstream (members only)."""
        return self.field.access == "restreint"


@dataclass(frozen=True, slots=True)
class Diff:
    """The changes of a revision: field by field, then the other triples added and removed."""

    fields: tuple[FieldChange, ...]
    added: tuple[Triple, ...]
    removed: tuple[Triple, ...]
    new_record: bool  # nothing published yet: every value is new

    @property
    def empty(self) -> bool:
        """Whether the revision changes nothing."""
        return not (self.fields or self.added or self.removed)


def diff(
    published: Record | None,
    submitted: Record,
    aside: Callable[[Graph], Graph] | None = None,
) -> Diff:
    """The changes ``submitted`` makes to ``published`` (None: a record never published).
    ``aside`` gives the triples of a graph that the caller shows otherwise (as fields of its
    own): they are not listed among the other triples."""
    before = _canonical(published)
    after = _canonical(submitted)
    focus = submitted.iri
    changes: list[FieldChange] = []
    covered_before: set[Triple] = set()
    covered_after: set[Triple] = set()
    for field in FIELDS:
        old, old_triples = field_values(before, focus, field)
        new, new_triples = field_values(after, focus, field)
        covered_before |= old_triples
        covered_after |= new_triples
        if set(old) != set(new):
            changes.append(FieldChange(field, old, new))
    if aside is not None:
        covered_before |= set(aside(before))
        covered_after |= set(aside(after))
    added = _sorted(t for t in after if t not in before and t not in covered_after)
    removed = _sorted(t for t in before if t not in after and t not in covered_before)
    return Diff(tuple(changes), added, removed, published is None)


def field_values(graph: Graph, focus: URIRef, field: Field) -> tuple[tuple[Node, ...], set[Triple]]:
    """The values of ``field`` read from ``focus`` and the triples walked to reach them.

    Fields sharing one property (``theme`` and ``sous_theme`` on ``dcat:theme``) are told apart
    by their vocabulary: a value of a scheme field must lie under ``vocab/{scheme}/``.
    """
    nodes: set[Node] = {focus}
    walked: set[Triple] = set()
    for prop in field.path_from_record:
        reached: set[Node] = set()
        for node in nodes:
            for value in graph.objects(node, prop):
                if prop == field.path_from_record[-1] and not _in_scheme(value, field):
                    continue
                reached.add(value)
                walked.add((node, prop, value))
        nodes = reached
    return tuple(sorted(nodes, key=_sort_key)), walked


def _in_scheme(value: Node, field: Field) -> bool:
    if field.scheme is None:
        return True
    return f"/vocab/{field.scheme}/" in str(value)


def _canonical(record: Record | None) -> Graph:
    """The record's public and restricted parts in one graph, blank nodes named by content."""
    graph = Graph()
    if record is not None:
        for part in (record.public, record.restricted):
            for triple in part:
                graph.add(triple)
    return to_canonical_graph(graph)


def _sorted(triples: Iterable[Triple]) -> tuple[Triple, ...]:
    return tuple(sorted(triples, key=lambda t: tuple(_sort_key(n) for n in t)))


def _sort_key(node: Node) -> str:
    return node.n3()


def lines(triples: Iterable[Triple]) -> Iterator[str]:
    """Each triple as one N-Triples line (how the queue shows the changes outside fields)."""
    for s, p, o in triples:
        yield f"{s.n3()} {p.n3()} {o.n3()} ."

"""The data graph of a validation call as plain dictionaries, for the compiled shapes.

rdflib's in-memory store answers a triple pattern in ≈ 5 µs, most of it spent on the named
graphs each triple belongs to; the compiled shapes (:mod:`iacoll.validation_compiled`) ask
tens of thousands of patterns per call. :class:`Triples` indexes a set of triples by subject
and predicate, by predicate and object, and by object; the write path keeps one for its static
context (built once) and one per call for the records and what they cite, and
:class:`Union` answers as the rdflib graph holding both would, with the same set semantics
(a triple in both counts once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Set
from typing import TypeVar

from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_NONE: frozenset[Node] = frozenset()
T = TypeVar("T")


class Triples:
    """Triples indexed for the patterns the compiled shapes ask."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self.sp: dict[tuple[Node, Node], set[Node]] = {}
        self.po: dict[tuple[Node, Node], set[Node]] = {}
        self.p: dict[Node, set[tuple[Node, Node]]] = {}
        self.o: dict[Node, set[tuple[Node, Node]]] = {}
        for s, p, o in triples:
            self.sp.setdefault((s, p), set()).add(o)
            self.po.setdefault((p, o), set()).add(s)
            self.p.setdefault(p, set()).add((s, o))
            self.o.setdefault(o, set()).add((s, p))


class Union:
    """Two :class:`Triples` seen as one graph, with the part of rdflib's API the shapes use."""

    def __init__(self, first: Triples, second: Triples) -> None:
        self.first, self.second = first, second

    def objects(self, subject: Node, predicate: Node) -> Set[Node]:
        key = (subject, predicate)
        return _union(self.first.sp.get(key), self.second.sp.get(key))

    def subjects(self, predicate: Node, obj: Node | None) -> Set[Node]:
        if obj is None:
            return {s for s, _ in self.subject_objects(predicate)}
        key = (predicate, obj)
        return _union(self.first.po.get(key), self.second.po.get(key))

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return iter(_union(self.first.p.get(predicate), self.second.p.get(predicate)))

    def subject_predicates(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        return iter(_union(self.first.o.get(obj), self.second.o.get(obj)))

    def __contains__(self, triple: tuple[Node | None, Node, Node]) -> bool:
        s, p, o = triple
        if s is None:
            return (p, o) in self.first.po or (p, o) in self.second.po
        return o in self.first.sp.get((s, p), _NONE) or o in self.second.sp.get((s, p), _NONE)

    def transitive_objects(self, subject: Node, predicate: Node) -> set[Node]:
        """``subject`` and every node it reaches by ``predicate`` (as a set)."""
        return _closure(subject, lambda n: self.objects(n, predicate))

    def transitive_subjects(self, predicate: Node, obj: Node) -> set[Node]:
        """``obj`` and every node that reaches it by ``predicate`` (as a set)."""
        return _closure(obj, lambda n: self.subjects(predicate, n))


def _union(a: Set[T] | None, b: Set[T] | None) -> Set[T]:
    if a is None:
        return b if b is not None else frozenset()
    return a if b is None else a | b


def _closure(start: Node, step: Callable[[Node], Iterable[Node]]) -> set[Node]:
    seen = {start}
    pending = [start]
    while pending:
        for other in step(pending.pop()):
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return seen

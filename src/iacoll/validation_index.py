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

from collections.abc import Iterable, Iterator

from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_NONE: frozenset[Node] = frozenset()
_PAIRS: frozenset[tuple[Node, Node]] = frozenset()


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
        self.parts = (first, second)

    def objects(self, subject: Node, predicate: Node) -> frozenset[Node] | set[Node]:
        a, b = (part.sp.get((subject, predicate), _NONE) for part in self.parts)
        return a | b if a and b else a or b

    def subjects(self, predicate: Node, obj: Node | None) -> frozenset[Node] | set[Node]:
        if obj is None:
            return {s for s, _ in self.subject_objects(predicate)}
        a, b = (part.po.get((predicate, obj), _NONE) for part in self.parts)
        return a | b if a and b else a or b

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        a, b = (part.p.get(predicate, _PAIRS) for part in self.parts)
        yield from a | b if a and b else a or b

    def subject_predicates(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        a, b = (part.o.get(obj, _PAIRS) for part in self.parts)
        yield from a | b if a and b else a or b

    def __contains__(self, triple: tuple[Node | None, Node, Node]) -> bool:
        s, p, o = triple
        if s is None:
            return any((p, o) in part.po for part in self.parts)
        return any(o in part.sp.get((s, p), _NONE) for part in self.parts)

    def transitive_objects(self, subject: Node, predicate: Node) -> set[Node]:
        """``subject`` and every node it reaches by ``predicate`` (as a set)."""
        return self._closure(subject, lambda n: self.objects(n, predicate))

    def transitive_subjects(self, predicate: Node, obj: Node) -> set[Node]:
        """``obj`` and every node that reaches it by ``predicate`` (as a set)."""
        return self._closure(obj, lambda n: self.subjects(predicate, n))

    @staticmethod
    def _closure(start: Node, step: object) -> set[Node]:
        seen = {start}
        pending = [start]
        while pending:
            for other in step(pending.pop()):  # type: ignore[operator]
                if other not in seen:
                    seen.add(other)
                    pending.append(other)
        return seen

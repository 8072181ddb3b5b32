"""The SPARQL parts of the compiled shapes (:mod:`iacoll.validation_compiled`), run as pySHACL
runs them but fewer times.

pySHACL runs a SPARQL-based constraint once per focus node, ``$this`` pre-bound (≈ 1 ms with
rdflib). Each query is read once and evaluated in the cheapest way that gives the same answer:

* **pure**: no triple pattern anywhere (the SIREN and SIRET Luhn keys): the answer is a function
  of ``$this`` alone, kept per term for the life of the process;
* **whole**: ``$this`` is projected and bound by a triple pattern of the query's top-level group
  (joins, filters and binds only above it): pre-binding ``$this`` to a node gives the solutions
  of the free query whose ``$this`` is that node, so the free query runs once per call on the
  call's graph and the nodes it finds fail;
* **per node**: any other query, run as pySHACL runs it.

The queries of the repo's shapes are answered in Python where the data allows
(:mod:`iacoll.validation_sparql_known`); any other query is run by rdflib on the call's graph
as pySHACL words it (its ``SPARQLQueryHelper`` adds the prefixes and pre-binds ``$this``):
never through Oxigraph, which would canonicalise the literals the checks and messages read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pyshacl.helper import get_query_helper_cls
from rdflib import Graph, Variable
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from iacoll.validation_sparql_known import KNOWN, Unsure, key

if TYPE_CHECKING:
    from iacoll.validation_compiled import Run

THIS = Variable("this")
_VOLATILE = re.compile(r"\b(NOW|RAND|BNODE|UUID|STRUUID)\s*\(", re.I)  # not a function of $this
_ABOVE = ("Project", "Distinct", "Reduced", "Filter", "Extend", "ToMultiSet", "OrderBy")
_KEPT = 100_000  # pure answers kept per query (distinct SIRET or SIREN values)


class SparqlConstraint:
    """One ``sh:sparql`` constraint of a node shape: does a focus node fail it?"""

    def __init__(self, helper: Any) -> None:
        self.helper = helper
        self.free = helper.apply_prefixes(helper.select_text)
        algebra = prepareQuery(self.free).algebra
        if not _has_patterns(algebra) and not _VOLATILE.search(helper.select_text):
            self.mode = "pure"
        elif THIS in dict.get(algebra, "PV", []) and _bound_by_pattern(algebra.p):
            self.mode = "whole"
        else:
            self.mode = "per node"
        self.known: dict[Node, bool] = {}  # pure: the answer per term
        self.native = KNOWN.get(key(helper)) if self.mode != "per node" else None

    def fails(self, run: Run, focus: Node) -> bool:
        """Whether pySHACL would find a violation of this constraint on ``focus``."""
        if self.mode == "whole":
            found = run.sparql.get(id(self))
            if found is None:
                found = run.sparql[id(self)] = self._failing(run)
            return focus in found
        if self.mode == "pure":
            if focus not in self.known:
                if len(self.known) >= _KEPT:
                    self.known.clear()
                self.known[focus] = (
                    self.native(focus) if self.native else self._violated(run.rdf(), focus)
                )
            return self.known[focus]
        return self._violated(run.rdf(), focus)

    def _failing(self, run: Run) -> set[Node]:
        """The nodes of the call's graph that fail (the free query's ``$this``)."""
        if self.native is not None:
            try:
                return self.native(run.graph)  # type: ignore[no-any-return]
            except Unsure:
                pass
        return {row["this"] for row in run.rdf().query(self.free)}  # type: ignore[index, call-overload]

    def _violated(self, graph: Graph, focus: Node) -> bool:
        """pySHACL's ``_evaluate_sparql_constraint`` on one focus node: any violation found."""
        bindings, text = self.helper.pre_bind_variables(focus)
        results = graph.query(self.helper.apply_prefixes(text), initBindings=bindings)
        if not results or len(results.bindings) < 1:
            return False
        for row in results:
            found = row.asdict()  # type: ignore[union-attr]
            if found.pop("failure", None) is not None:
                return True
            if any(found.pop(name, None) is not None for name in ("path", "value", "this")):
                return True
        return False


class SparqlTarget:
    """A ``sh:target`` of type ``sh:SPARQLTarget``, as pySHACL's ``advanced_target`` reads it."""

    def __init__(self, shape: Any, node: Node) -> None:
        from iacoll.validation_compiled import CompileError

        selects = list(shape.sg.objects(node, SH.select))
        if not selects and (node, RDF.type, SH.SPARQLTarget) not in shape.sg.graph:
            raise CompileError(f"target {node} of {shape.node}: not a SPARQL target")
        if not selects:
            raise CompileError(f"SPARQL target {node} without sh:select")
        helper_class = get_query_helper_cls()  # type: ignore[no-untyped-call]
        helper = helper_class(shape, node, selects[0], deactivated=shape.deactivated)
        helper.collect_prefixes()
        self.text = helper.apply_prefixes(helper.select_text)
        self.native = KNOWN.get(key(helper))

    def nodes(self, run: Run) -> Iterable[Node]:
        """The target's focus nodes on the call's graph (once per call)."""
        if self.native is not None:
            try:
                return self.native(run.graph)  # type: ignore[no-any-return]
            except Unsure:
                pass
        results = run.rdf().query(self.text, initBindings=None)
        if not results or len(results.bindings) < 1:
            return []
        return [row["this"] for row in results]  # type: ignore[index, call-overload]


def _has_patterns(part: Any) -> bool:
    """Whether any graph pattern of the query (EXISTS included) holds a triple pattern."""
    if isinstance(part, CompValue):
        if part.name in ("Graph", "GraphGraphPattern", "ServiceGraphPattern"):
            return True
        if dict.get(part, "triples"):  # (CompValue.get answers the key when it is missing)
            return True
        return any(_has_patterns(value) for value in part.values())
    if isinstance(part, (list, tuple)):
        return any(_has_patterns(value) for value in part)
    return False


def _bound_by_pattern(part: Any) -> bool:
    """Whether ``$this`` is bound by a triple pattern joined at the top of the query."""
    if not isinstance(part, CompValue):
        return False
    if part.name == "BGP":
        return any(THIS in (s, o) for s, _, o in part.triples)
    if part.name == "Join":
        return _bound_by_pattern(part.p1) or _bound_by_pattern(part.p2)
    if part.name in _ABOVE:
        return _bound_by_pattern(part.p)
    return False

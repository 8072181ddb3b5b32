"""pySHACL itself on the write path: one validation report of chosen focus nodes.

:class:`iacoll.validation_records.RecordValidator` with ``engine="pyshacl"`` (the tests'
oracle, and the fallback when the shapes do not compile) finds each shape's targets on the
call's whole graph and has pySHACL evaluate the focus nodes of a batch of records per report.
"""

from __future__ import annotations

from pyshacl.functions import apply_functions, gather_functions, unapply_functions
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.rules import gather_rules
from pyshacl.shape import Shape
from pyshacl.target import apply_target_types, gather_target_types
from pyshacl.validator import Validator, assign_baked_in
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

Focus = URIRef | BNode


class PyshaclRun:
    """One pySHACL validation of a data graph, its shapes' focus nodes chosen by the caller.

    What ``pyshacl.validate`` does for iacoll's options (inference "none", advanced, warnings
    allowed, in place), except that each shape's targets, found on the whole graph, are then
    restricted to the records being checked. Not pySHACL's ``focus_nodes`` option: in 0.40 it
    drops blank-node focus nodes and also filters the value nodes of nested ``sh:node`` shapes,
    so that a vocabulary check on a concept outside the list would silently pass.
    """

    def __init__(self, data: Graph, shapes: Graph) -> None:
        apply_patches()  # type: ignore[no-untyped-call]
        assign_baked_in()  # type: ignore[no-untyped-call]
        self.graph = DataGraph.from_rdflib(data)
        options = {"inference": "none", "advanced": True, "allow_warnings": True, "inplace": True}
        validator = Validator(self.graph, shacl_graph=shapes, options=options)
        self.shapes_graph = validator.shacl_graph
        self.executor = validator.make_executor()
        self.shapes = list(self.shapes_graph.shapes)
        self.functions = gather_functions(self.executor, self.shapes_graph)
        for shape in self.shapes:
            shape.set_advanced(True)
        apply_target_types(gather_target_types(self.shapes_graph))
        if gather_rules(self.executor, self.shapes_graph):  # pragma: no cover - none in shapes/
            raise NotImplementedError("SHACL rules in the iacoll shapes: use pyshacl.validate")

    def targets(self, owners: dict[Node, URIRef]) -> list[tuple[Shape, list[Focus]]]:
        """Each shape's focus nodes among ``owners`` (targets found on the whole graph)."""
        found = []
        for shape in self.shapes:
            nodes = [n for n in shape.focus_nodes(self.graph) if n in owners]
            if nodes:
                found.append((shape, nodes))
        return found

    def report(self, focus: dict[Shape, list[Focus]]) -> Graph:
        """The validation report of these shapes on these focus nodes."""
        results = []
        if self.functions:  # pragma: no cover - none in shapes/
            apply_functions(self.executor, self.functions, self.graph)
        try:
            for shape, nodes in focus.items():
                if nodes:
                    results.extend(shape.validate(self.executor, self.graph, focus=nodes)[1])
        finally:
            if self.functions:  # pragma: no cover
                unapply_functions(self.functions, self.graph)
        report, _ = Validator.create_validation_report(self.shapes_graph, not results, results)
        return report  # type: ignore[no-any-return]

"""The iacoll shapes compiled into Python closures: pySHACL's answer, without its overhead.

pySHACL 0.40 evaluates a shape on a focus node by re-reading the shape's parameters, building
its constraint components and wrapping every result in triples; on the write path that is
≈ 125 shape evaluations and ≈ 9 ms of CPU per record. Here the shapes graph is read once by
pySHACL's own classes (:class:`pyshacl.shapes_graph.ShapesGraph`, its components' parsed
parameters, its SPARQL query helpers), and each shape becomes a :class:`Compiled` whose
components are closures over those parameters. Evaluating them over a call's data graph gives
the top-level results pySHACL gives with iacoll's options (inference "none", advanced, warnings
allowed): the same focus nodes, values, paths, severities and messages, nested results counted
only for conformance as pySHACL counts them (a shape of severity Warning or Info "conforms"
even with results; ``sh:node`` fails on any nested result). The SPARQL parts are in
:mod:`iacoll.validation_sparql`.

What the compiler does not know (a constraint component, a path kind, a custom target type,
SHACL rules or functions, a SPARQL-based result reported at top level) makes
:func:`compile_shapes` raise :class:`CompileError`; the write path then keeps validating with
pySHACL (:class:`iacoll.validation_records.RecordValidator`). pySHACL also stays the oracle:
tests/test_validation_compiled.py compares both engines' problems on the seed, on generated
records and on records broken constraint by constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.errors import ConstraintLoadWarning
from pyshacl.shapes_graph import ShapesGraph as PyShapesGraph
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from iacoll.validation import path_text
from iacoll.validation_components import MAKERS, Answer, CompileError, Evaluator, Hit
from iacoll.validation_sparql import SparqlTarget

ALLOWED = frozenset({SH.Info, SH.Warning})  # a shape of these severities conforms (pySHACL)
__all__ = ["CompileError", "CompiledShapes", "compile_shapes"]


@dataclass(eq=False)
class Compiled:
    """One shape: its parameters as pySHACL reads them, its components as closures."""

    shape: Any  # pySHACL's Shape
    severity: Node
    path: Node | None
    values: Callable[[Graph, Node], set[Node]]
    components: list[Evaluator] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)
    path_text: str | None = None
    steps: list[Node] | None = None
    generic: dict[type, Any] = field(default_factory=dict)  # pySHACL components, for messages

    @property
    def node(self) -> Node:
        return self.shape.node  # type: ignore[no-any-return]

    def validate(self, run: Run, focus: Node) -> Answer:
        """pySHACL's ``Shape.validate`` on one focus node, kept for the call."""
        key = (id(self), focus)
        found = run.memo.get(key)
        if found is None:
            found = run.memo[key] = self._validate(run, focus)
        return found

    def _validate(self, run: Run, focus: Node) -> Answer:
        value_nodes = self.values(run.graph, focus)
        allow_conform = self.severity in ALLOWED
        non_conformant = False
        hits: list[Hit] = []
        for component in self.components:
            ok, found = component(run, focus, value_nodes)
            if not ok and not allow_conform:
                non_conformant = non_conformant or any(h[2].severity not in ALLOWED for h in found)
            hits.extend(found)
        return not non_conformant, hits

    def message_texts(self, run: Run, hit: Hit) -> dict[str, str]:
        """The result's messages by language, as the write path reads pySHACL's report."""
        if self.messages:
            return self.messages
        component = self.generic[hit[3]]
        generic = component.make_generic_messages(run.rdf(), hit[0], hit[1])
        return _by_language(generic)


@dataclass
class Run:
    """One evaluation over a call's data graph: what it found so far.

    ``graph`` answers the triple patterns (:class:`iacoll.validation_index.Union`, or an
    rdflib graph); ``rdf`` gives the same data as an rdflib graph, for SPARQL that the
    compiler does not answer itself and for pySHACL's default messages.
    """

    graph: Any
    rdf: Callable[[], Graph]
    memo: dict[tuple[int, Node], Answer] = field(default_factory=dict)
    classes: dict[tuple[Node, Node], bool] = field(default_factory=dict)
    sparql: dict[int, set[Node]] = field(default_factory=dict)


class CompiledShapes:
    """The shapes of a shapes graph, compiled; :meth:`results` gives the top-level results."""

    def __init__(self, shapes: Graph) -> None:
        _refuse_extensions(shapes)
        self.sg = PyShapesGraph(shapes)
        self.compiled: dict[Node, Compiled] = {}
        self.targeted: list[tuple[Compiled, Callable[[Run], set[Node]]]] = []
        for shape in self.sg.shapes:
            shape.set_advanced(True)
            if _has_targets(shape):
                self.targeted.append((self.get(shape.node), _targets(shape)))
        for compiled, _ in self.targeted:
            _check_reported(self, compiled, set())
        for node in list(self.compiled):
            _refuse_cycles(self.sg.graph, node, ())

    def get(self, node: Node) -> Compiled:
        """The compiled shape of ``node`` (compiled on first need: shapes refer to each other)."""
        if node not in self.compiled:
            try:
                shape = self.sg.lookup_shape_from_node(node)
            except KeyError as error:
                raise CompileError(f"not a shape: {node}") from error
            self.compiled[node] = _compile(self, shape)
        return self.compiled[node]

    def results(
        self, graph: Any, wanted: Callable[[Node], bool], rdf: Callable[[], Graph] | None = None
    ) -> tuple[Run, list[Hit]]:
        """Every top-level result on ``graph`` whose focus node is ``wanted`` (``rdf``: the same
        data as an rdflib graph, when ``graph`` is not one)."""
        run = Run(graph, rdf or (lambda: graph))
        hits: list[Hit] = []
        for compiled, targets in self.targeted:
            for focus in targets(run):
                if wanted(focus):
                    hits.extend(compiled.validate(run, focus)[1])
        return run, hits


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """The shapes of ``shapes`` compiled; raises :class:`CompileError` on what is not known."""
    return CompiledShapes(shapes)


def _compile(shapes: CompiledShapes, shape: Any) -> Compiled:
    severities = set(shape.objects(SH.severity))
    if len(severities) > 1:
        raise CompileError(f"several sh:severity on {shape.node}")
    path = shape.path() if shape.is_property_shape else None
    compiled = Compiled(
        shape=shape,
        severity=shape.severity,
        path=path,
        values=_path(shapes.sg.graph, path),
        messages=_messages(shape),
        path_text=path_text(shapes.sg.graph, path),
        steps=_steps(shapes.sg.graph, path),
    )
    shapes.compiled[shape.node] = compiled  # before its components: they may refer back
    if shape.deactivated:
        return compiled
    kinds: list[type] = []
    for predicate, _ in shapes.sg.graph.predicate_objects(shape.node):
        kind = CONSTRAINT_PARAMETERS_MAP.get(predicate)
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    for kind in kinds:
        try:
            component = kind(shape)
        except ConstraintLoadWarning:  # pySHACL skips it (e.g. qualified shapes on a node shape)
            continue
        maker = MAKERS.get(kind)
        if maker is None:
            raise CompileError(f"{kind.__name__} on {shape.node}")
        compiled.components.append(maker(shapes, compiled, component))
        compiled.generic[kind] = component
    return compiled


def _check_reported(shapes: CompiledShapes, compiled: Compiled, seen: set[int]) -> None:
    """A shape whose results reach the report: messages readable, no SPARQL-based result."""
    if id(compiled) in seen:
        raise CompileError(f"recursive sh:property through {compiled.node}")
    seen = seen | {id(compiled)}
    if SPARQLBasedConstraint in compiled.generic:
        raise CompileError(f"SPARQL-based results reported at top level by {compiled.node}")
    for node in compiled.shape.objects(SH.property):
        _check_reported(shapes, shapes.get(node), seen)


_REFERS = (SH.node, SH.property, SH.qualifiedValueShape, SH["not"])
_LISTS = (SH["and"], SH["or"], SH.xone)


def _refuse_cycles(sg: Graph, node: Node, path: tuple[Node, ...]) -> None:
    """Shapes that refer to themselves: pySHACL cuts the recursion where it notices it."""
    if node in path:
        raise CompileError(f"recursive shapes through {node}")
    path = (*path, node)
    referred = [o for p in _REFERS for o in sg.objects(node, p)]
    referred += [i for p in _LISTS for x in sg.objects(node, p) for i in sg.items(x)]
    for shape in referred:
        _refuse_cycles(sg, shape, path)


def _messages(shape: Any) -> dict[str, str]:
    found = _by_language(shape.message)
    if len(found) != len(list(shape.message)):
        raise CompileError(f"several sh:message in one language on {shape.node}")
    return found


def _by_language(messages: Iterable[Node]) -> dict[str, str]:
    return {getattr(m, "language", None) or "": str(m) for m in messages}


def _refuse_extensions(shapes: Graph) -> None:
    for predicate in (SH.rule, SH.js, SH.jsFunctionName, SH.parameter, SH.expression):
        if (None, predicate, None) in shapes:
            raise CompileError(f"{predicate} in the shapes")
    for kind in (SH.SPARQLTargetType, SH.JSTargetType, SH.SPARQLFunction, SH.ConstraintComponent):
        if (None, RDF.type, kind) in shapes:
            raise CompileError(f"{kind} in the shapes")


# Paths ---------------------------------------------------------------------------------------


def _path(sg: Graph, path: Node | None) -> Callable[[Graph, Node], set[Node]]:
    """The value nodes of a focus node, as ``value_nodes_from_path`` finds them."""
    if path is None:
        return lambda graph, focus: {focus}
    step = _step(sg, path, inverse=False)
    return lambda graph, focus: step(graph, {focus})


def _step(sg: Graph, path: Node, inverse: bool) -> Callable[[Graph, set[Node]], set[Node]]:
    if isinstance(path, URIRef):
        if inverse:
            return lambda graph, nodes: {s for n in nodes for s in graph.subjects(path, n)}
        return lambda graph, nodes: {o for n in nodes for o in graph.objects(n, path)}
    if not isinstance(path, BNode):
        raise CompileError(f"path {path!r}")
    if (path, RDF.first, None) in sg:
        items = list(sg.items(path))
        if len(items) < 2:
            raise CompileError(f"sequence path of {len(items)} item")
        steps = [_step(sg, item, inverse) for item in items]

        def sequence(graph: Graph, nodes: set[Node]) -> set[Node]:
            for one in steps:
                nodes = one(graph, nodes)
            return nodes

        return sequence
    if (inner := sg.value(path, SH.inversePath)) is not None:
        return _step(sg, inner, not inverse)
    if (choices := sg.value(path, SH.alternativePath)) is not None:
        branches = [_step(sg, item, inverse) for item in sg.items(choices)]
        if len(branches) < 2:
            raise CompileError("alternative path of one item")
        return lambda graph, nodes: {v for b in branches for v in b(graph, nodes)}
    raise CompileError(f"path kind of {path}")


def _steps(sg: Graph, path: Node | None) -> list[Node] | None:
    """The path as the predicates of a sequence (what the write path maps to a field)."""
    if isinstance(path, URIRef):
        return [path]
    if path is not None and (path, RDF.first, None) in sg:
        items = list(sg.items(path))
        return items if all(isinstance(s, URIRef) for s in items) else None
    return None


# Targets -------------------------------------------------------------------------------------


def _has_targets(shape: Any) -> bool:
    return any(any(True for _ in found) for found in shape.target()) or bool(
        set(shape.sg.objects(shape.node, SH.target))
    )


def _targets(shape: Any) -> Callable[[Run], set[Node]]:
    """The shape's focus nodes on a call's graph, as ``Shape.focus_nodes`` finds them."""
    nodes, classes, implicit, objects_of, subjects_of = (list(t) for t in shape.target())
    classes = list(dict.fromkeys([*classes, *implicit]))
    sparql = [SparqlTarget(shape, node) for node in shape.sg.objects(shape.node, SH.target)]

    def targets(run: Run) -> set[Node]:
        graph = run.graph
        found: set[Node] = set(nodes)
        for target_class in classes:
            found.update(graph.subjects(RDF.type, target_class))
            for subclass in graph.transitive_subjects(RDFS.subClassOf, target_class):
                if subclass != target_class:
                    found.update(graph.subjects(RDF.type, subclass))
        for predicate in subjects_of:
            found.update(s for s, _ in graph.subject_objects(predicate))
        for predicate in objects_of:
            found.update(o for _, o in graph.subject_objects(predicate))
        for target in sparql:
            found.update(target.nodes(run))
        return found

    return targets

"""The constraint components of the compiled shapes (:mod:`iacoll.validation_compiled`).

Each maker reads the parameters pySHACL 0.40 parsed for a component of a shape (the component
object itself) and returns a closure ``(run, focus, value nodes) -> (conforms, results)``
giving pySHACL's answer: one result per failing value node, with the value pySHACL reports
(the value node, or none for ``sh:minCount``, ``sh:maxCount``, ``sh:hasValue``,
``sh:uniqueLang`` and the qualified counts), and pySHACL's own checks where they have quirks
(``Literal.ill_typed`` and the value types of ``sh:datatype``, ``compare_literal`` for the
ranges, the string of a node for ``sh:pattern``). A component the table does not know makes
the compiler raise :class:`CompileError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pyshacl.constraints.core import cardinality_constraints as card
from pyshacl.constraints.core import logical_constraints as logic
from pyshacl.constraints.core import other_constraints as other
from pyshacl.constraints.core import shape_based_constraints as based
from pyshacl.constraints.core import string_based_constraints as strings
from pyshacl.constraints.core import value_constraints as values
from pyshacl.constraints.core import value_range_constraints as ranges
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.rdfutil import compare
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from iacoll.validation_sparql import SparqlConstraint

if TYPE_CHECKING:
    from iacoll.validation_compiled import Compiled, CompiledShapes, Run

Hit = tuple[Node, Node | None, "Compiled", type]  # (focus, value, shape, pySHACL component)
Answer = tuple[bool, list[Hit]]
Evaluator = Callable[["Run", Node, set[Node]], Answer]


_compare: Any = compare.compare_literal


class CompileError(Exception):
    """The shapes use something the compiler does not reproduce: validate with pySHACL."""


def _min_count(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    least, kind = int(c.min_count.value), type(c)
    if least == 0:
        return lambda run, focus, vs: (True, [])
    return lambda run, focus, vs: (
        (True, []) if len(vs) >= least else (False, [(focus, None, me, kind)])
    )


def _max_count(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    most, kind = int(c.max_count.value), type(c)
    return lambda run, focus, vs: (
        (True, []) if len(vs) <= most else (False, [(focus, None, me, kind)])
    )


def _each_value(me: Compiled, kind: type, ok: Callable[[Run, Node], bool]) -> Evaluator:
    """A component that judges each value node alone, reporting the failing ones."""

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = [(focus, v, me, kind) for v in vs if not ok(run, v)]
        return not hits, hits

    return evaluate


def _datatype(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    rule = c.datatype_rule

    def ok(run: Run, v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if v.datatype == rule:
            return getattr(v, "ill_typed", None) is not True and c._assert_actual_datatype(v, rule)
        if rule == RDFS.Literal:
            return True
        if rule == RDFS.Datatype and v.datatype:
            return True
        if v.datatype is None and v.language is None and rule == values.XSD_string:
            return bool(c._assert_actual_datatype(v, rule))
        if rule == RDF.langString and v.language:
            return bool(c._assert_actual_datatype(v, rule))
        return False

    return _each_value(me, type(c), ok)


_KINDS = {
    BNode: (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    Literal: (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
    URIRef: (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
}


def _node_kind(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    rule = c.nodekind_rule
    accepted = {kind for kind, rules in _KINDS.items() if rule in rules}
    return _each_value(me, type(c), lambda run, v: _kind_of(v) in accepted)


def _kind_of(v: Node) -> type:
    return next((kind for kind in (BNode, Literal, URIRef) if isinstance(v, kind)), type(v))


def _in(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    allowed = c.in_vals
    return _each_value(me, type(c), lambda run, v: v in allowed)


def _class(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    rules, kind = list(c.class_rules), type(c)

    def has(run: Run, v: Node, rule: Node) -> bool:
        if isinstance(v, Literal):
            return False
        key = (v, rule)
        if key not in run.classes:
            run.classes[key] = any(
                t == rule or rule in run.graph.transitive_objects(t, RDFS.subClassOf)
                for t in run.graph.objects(v, RDF.type)
            )
        return run.classes[key]

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = [(focus, v, me, kind) for r in rules for v in vs if not has(run, v, r)]
        return not hits, hits

    return evaluate


def _pattern(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    matchers, kind = [c.compiled_cache[r] for r in c.string_rules], type(c)
    text: Any = strings.StringBasedConstraintBase.value_node_to_string

    def matches(matcher: Any, v: Node) -> bool:
        if isinstance(v, BNode):
            return False
        s = text(v)
        return bool(matcher.match(s) or matcher.search(s))

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = [(focus, v, me, kind) for m in matchers for v in vs if not matches(m, v)]
        return not hits, hits

    return evaluate


def _language_in(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    items = shapes.sg.graph.items(c.string_rules[0])
    wanted = {str(getattr(x, "value", x)).lower() for x in items}

    def ok(run: Run, v: Node) -> bool:
        lang = v.language if isinstance(v, Literal) else None
        if not lang:
            return False
        return "*" in wanted or lang.lower() in wanted or lang.split("-")[0].lower() in wanted

    return _each_value(me, type(c), ok)


def _unique_lang(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    unique, kind = next(iter(c.string_rules)), type(c)

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        if not unique:
            return False, []
        seen: set[str] = set()
        twice: set[str] = set()
        for v in vs:
            if isinstance(v, Literal) and v.language:
                lang = v.language.lower()
                (twice if lang in seen else seen).add(lang)
        return not twice, [(focus, None, me, kind) for _ in twice]

    return evaluate


def _has_value(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    wanted, kind = list(c.has_value_set), type(c)

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = [(focus, None, me, kind) for w in wanted if w not in vs]
        return not hits, hits

    return evaluate


def _range(test: Callable[[int], bool], attribute: str) -> Callable[..., Evaluator]:
    """sh:minInclusive and its siblings: ``compare_literal`` as pySHACL calls it."""

    def maker(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
        bounds, kind = list(getattr(c, attribute)), type(c)

        def ok(v: Node, bound: Literal) -> bool:
            if not isinstance(v, Literal):
                return False
            if isinstance(bound.value, str) != isinstance(v.value, str):
                return False
            try:
                return test(_compare(v, bound))
            except (TypeError, NotImplementedError):
                return False

        def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
            hits: list[Hit] = [(focus, v, me, kind) for b in bounds for v in vs if not ok(v, b)]
            return not hits, hits

        return evaluate

    return maker


def _node(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    targets, kind = [shapes.get(n) for n in c.node_shapes], type(c)

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = []
        for target in targets:
            for v in vs:
                ok, found = target.validate(run, v)
                if not ok or found:
                    hits.append((focus, v, me, kind))
        return not hits, hits

    return evaluate


def _property(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    properties = [shapes.get(n) for n in c.property_shapes]
    for p in properties:
        if p.path is None:
            raise CompileError(f"sh:property to a node shape: {p.node}")

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        conforms, hits = True, []
        for p in properties:
            for v in vs:
                ok, found = p.validate(run, v)
                conforms = conforms and ok
                hits.extend(found)
        return conforms, hits

    return evaluate


def _logical(rule: Callable[[list[bool]], bool], lists: str) -> Callable[..., Evaluator]:
    """sh:and, sh:or, sh:xone: each value node against the shapes of each list."""

    def maker(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
        groups = [
            [shapes.get(n) for n in dict.fromkeys(shapes.sg.graph.items(x))]
            for x in getattr(c, lists)
        ]
        if any(not group for group in groups):
            raise CompileError(f"empty list on {me.node}")
        kind = type(c)

        def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
            hits: list[Hit] = [
                (focus, v, me, kind)
                for group in groups
                for v in vs
                if not rule([s.validate(run, v)[0] for s in group])
            ]
            return not hits, hits

        return evaluate

    return maker


def _not(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    negated, kind = [shapes.get(n) for n in c.not_list], type(c)

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = [
            (focus, v, me, kind) for s in negated for v in vs if s.validate(run, v)[0]
        ]
        return not hits, hits

    return evaluate


def _qualified(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    if c.is_disjoint:
        raise CompileError(f"sh:qualifiedValueShapesDisjoint on {me.node}")
    chosen, kind = [shapes.get(n) for n in c.value_shapes], type(c)
    least, most = c.min_count, c.max_count

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        if not vs and (least is None or least < 1):
            return True, []
        hits: list[Hit] = []
        for s in chosen:
            count = sum(1 for v in vs if s.validate(run, v)[0])
            if most is not None and count > most:
                hits.append((focus, None, me, kind))
            if least is not None and count < least:
                hits.append((focus, None, me, kind))
        return not hits, hits

    return evaluate


def _sparql(shapes: CompiledShapes, me: Compiled, c: Any) -> Evaluator:
    if me.path is not None:
        raise CompileError(f"SPARQL-based constraint on a property shape: {me.node}")
    queries = [
        SparqlConstraint(helper) for helper in c.sparql_constraints if not helper.deactivated
    ]
    kind = type(c)

    def evaluate(run: Run, focus: Node, vs: set[Node]) -> Answer:
        hits: list[Hit] = [(focus, focus, me, kind) for q in queries if q.fails(run, focus)]
        return not hits, hits

    return evaluate


MAKERS: dict[type, Callable[..., Evaluator]] = {
    card.MinCountConstraintComponent: _min_count,
    card.MaxCountConstraintComponent: _max_count,
    values.DatatypeConstraintComponent: _datatype,
    values.NodeKindConstraintComponent: _node_kind,
    values.ClassConstraintComponent: _class,
    other.InConstraintComponent: _in,
    other.HasValueConstraintComponent: _has_value,
    strings.PatternConstraintComponent: _pattern,
    strings.LanguageInConstraintComponent: _language_in,
    strings.UniqueLangConstraintComponent: _unique_lang,
    ranges.MinInclusiveConstraintComponent: _range(lambda c: c >= 0, "min_vals"),
    ranges.MinExclusiveConstraintComponent: _range(lambda c: c > 0, "min_vals"),
    ranges.MaxInclusiveConstraintComponent: _range(lambda c: c <= 0, "max_vals"),
    ranges.MaxExclusiveConstraintComponent: _range(lambda c: c < 0, "max_vals"),
    based.NodeConstraintComponent: _node,
    based.PropertyConstraintComponent: _property,
    based.QualifiedValueShapeConstraintComponent: _qualified,
    logic.NotConstraintComponent: _not,
    logic.AndConstraintComponent: _logical(all, "and_list"),
    logic.OrConstraintComponent: _logical(any, "or_list"),
    logic.XoneConstraintComponent: _logical(lambda r: r.count(True) == 1, "xone_nodes"),
    SPARQLBasedConstraint: _sparql,
}

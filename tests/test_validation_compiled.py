"""The compiled shapes against pySHACL: the same problems, record by record.

:mod:`iacoll.validation_compiled` replaces pySHACL on the write path; pySHACL stays the oracle
(``RecordValidator(engine="pyshacl")``, itself compared with pySHACL's whole-graph answer by
tests/test_validation_records.py). Both engines must give the same multiset of problems per
record on the seed, on records generated as the bench makes them, and on records broken
constraint by constraint (each mutation must bring the problem it aims at). The SPARQL queries
of the shapes, answered in Python, are also compared with rdflib query by query.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest
from bench.generate import records as generated_records
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from iacoll import sources
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.namespaces import (
    IACOLL,
    IACOLL_SH,
)
from iacoll.publishing.seed import seed_records
from iacoll.validation import read_shapes
from iacoll.validation_compiled import CompileError, compile_shapes
from iacoll.validation_records import RecordValidator
from iacoll.validation_sparql import SparqlConstraint
from iacoll.validation_sparql_known import (
    KNOWN,
    key,
    siren_key_wrong,
    siret_key_wrong,
)

QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
Answer = dict[URIRef, Counter[Problem]]


@pytest.fixture(scope="module")
def engines() -> tuple[RecordValidator, RecordValidator]:
    compiled = RecordValidator(sources.DATA_DIR, workers=1)
    assert compiled.engine == "compiled"
    return compiled, RecordValidator(sources.DATA_DIR, workers=1, engine="pyshacl")


@pytest.fixture(scope="module")
def seed() -> list[Record]:
    return seed_records(sources.DATA_DIR)


def organisations(records: list[Record]) -> Graph:
    """What a call cites: the organisations (as ``Writer._cited`` takes those of the call)."""
    cited = Graph()
    for record in records:
        if record.kind == "organisation":
            cited += record.public
    return cited


def both(
    engines: tuple[RecordValidator, RecordValidator], records: list[Record], cited: Graph
) -> tuple[Answer, Answer]:
    """(compiled, pySHACL) problems of ``records`` as multisets."""
    compiled, oracle = engines
    return tuple(  # type: ignore[return-value]
        {iri: Counter(found) for iri, found in engine.problems(records, cited).items()}
        for engine in (compiled, oracle)
    )


def assert_same(found: Answer, expected: Answer) -> None:
    assert found.keys() == expected.keys()
    for iri, problems in expected.items():
        lost, added = problems - found[iri], found[iri] - problems
        assert not lost and not added, f"{iri}: lost {list(lost)}, added {list(added)}"


def test_the_repo_shapes_compile() -> None:
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    compiled = compile_shapes(shapes)
    assert len(compiled.targeted) >= 20


def test_an_unknown_component_does_not_compile() -> None:
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    shapes.add(
        (IACOLL_SH["Fiche-titre"], URIRef("http://www.w3.org/ns/shacl#minLength"), Literal(3))
    )
    with pytest.raises(CompileError, match="MinLength"):
        compile_shapes(shapes)


def test_every_sparql_query_of_the_shapes_is_answered_in_python() -> None:
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    compiled = compile_shapes(shapes)
    queries = [q for c in compiled.compiled.values() for q in _sparql_of(c)]
    targets = [t for _, find in compiled.targeted for t in _targets_of(find)]
    assert len(queries) == 9 and len(targets) == 3
    missing = [key(q.helper) for q in queries if q.native is None]
    missing += [t.text for t in targets if t.native is None]
    assert not missing, f"queries changed: give their functions these keys {missing}"
    assert {q.mode for q in queries} == {"pure", "whole"}


def _sparql_of(compiled: object) -> list[SparqlConstraint]:
    found = []
    for component in getattr(compiled, "components", []):
        for cell in component.__closure__ or ():
            value = cell.cell_contents
            if isinstance(value, list) and value and isinstance(value[0], SparqlConstraint):
                found.extend(value)
    return found


def _targets_of(find: Callable[..., object]) -> list[object]:
    for cell in find.__closure__ or ():
        value = cell.cell_contents
        if isinstance(value, list) and value and type(value[0]).__name__ == "SparqlTarget":
            return value
    return []


@pytest.mark.parametrize("check", [siret_key_wrong, siren_key_wrong])
def test_luhn_keys_are_the_queries_answers(check: Callable[[Node], bool]) -> None:
    """The Luhn keys in Python against the shapes' query run by rdflib, on drawn values."""
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    compiled = compile_shapes(shapes)
    query = next(
        q
        for c in compiled.compiled.values()
        for q in _sparql_of(c)
        if KNOWN[key(q.helper)] is check
    )
    rng = random.Random(7)
    digits = 14 if check is siret_key_wrong else 9
    values: list[Node] = [Literal("35600000000048"), Literal("356000000"), BNode(), URIRef("urn:x")]
    for _ in range(60):
        text = "".join(rng.choice("0123456789") for _ in range(digits))
        values += [Literal(text), Literal(text, datatype=IACOLL.SIRET), Literal(text + "\n")]
        values += [Literal("356000000" + text[9:]), Literal(text[:-1] + "a"), Literal(text[:-1])]
    for value in values:
        assert check(value) == query._violated(Graph(), value), value


def test_seed_records_get_pyshacls_problems(
    engines: tuple[RecordValidator, RecordValidator], seed: list[Record]
) -> None:
    found, expected = both(engines, seed, organisations(seed))
    assert sum(sum(p.values()) for p in expected.values()) > 500  # not a vacuous test
    assert_same(found, expected)


def test_generated_records_get_pyshacls_problems(
    engines: tuple[RecordValidator, RecordValidator], seed: list[Record]
) -> None:
    orgs, cases = generated_records(300)
    cited = organisations([*seed, *orgs])
    for first in range(0, len(cases), 100):  # as the bench's save_many calls
        found, expected = both(engines, [*orgs, *cases[first : first + 100]], cited)
        assert any(expected.values())
        assert_same(found, expected)

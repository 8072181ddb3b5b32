"""The write path's validator against pySHACL's whole-graph answer: no problem lost or added.

:class:`iacoll.validation_records.RecordValidator` validates records a batch at a time, on a
shapes graph that keeps its answers, with pySHACL's constraint parameters hashed, spreading
batches over processes. The oracle is pySHACL run once, as its documentation says, on one graph
holding the static context, what the records cite and every record, with the shapes in a plain
rdflib graph and pySHACL's own parameter list; its top-level results are read into problems by
the same code. Both answers must be the same multiset of problems for every record (pySHACL's
own result order varies between runs), on the seed records and on records broken by every
fixture of ``tests/fixtures/shapes/invalid/``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyshacl
import pyshacl.shape
import pytest
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from iacoll import sources
from iacoll.model.problems import Problem
from iacoll.model.record import NotARecordIri, Record, kind_of
from iacoll.namespaces import AI, ID
from iacoll.publishing.db import Database
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Writer
from iacoll.settings import Settings
from iacoll.validation_records import _POOLS, BATCH, RecordValidator

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SYSTEMS = f"{ID}systeme/"

Answer = dict[URIRef, Counter[Problem]]


def oracle(records: list[Record], cited: Graph, monkeypatch: pytest.MonkeyPatch) -> Answer:
    """pySHACL on the whole graph (context, cited, every record), read by the write path."""
    monkeypatch.setattr(  # pySHACL's own list, not the hashed one
        pyshacl.shape,
        "CONSTRAINT_PARAMS",
        (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP),
        raising=False,
    )
    whole = RecordValidator(sources.DATA_DIR, workers=1)
    owners: dict[Node, URIRef] = {}
    whole._data += cited
    for record in records:
        for part in (record.public, record.restricted):
            whole._data += part
            owners.update({s: record.iri for s in part.subjects()})
    owners.update({record.iri: record.iri for record in records})
    _, report, _ = pyshacl.validate(
        whole._data,
        shacl_graph=sources.read_all(sorted(sources.SHAPES_DIR.glob("*.ttl"))),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    found: Answer = {record.iri: Counter() for record in records}
    for iri, problem in whole._read(report, owners):
        found[iri][problem] += 1
    return found


def as_counts(problems: dict[URIRef, list[Problem]]) -> Answer:
    """Problems as multisets: pySHACL's result order varies between runs."""
    return {iri: Counter(found) for iri, found in problems.items()}


def write_path(records: list[Record], cited: Graph, workers: int) -> Answer:
    return as_counts(RecordValidator(sources.DATA_DIR, workers=workers).problems(records, cited))


def split(graph: Graph) -> tuple[list[Record], Graph]:
    """``graph`` as records (each record IRI with its systems and blank nodes) and the rest."""
    owner: dict[Node, URIRef] = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef):
            try:
                kind_of(str(subject))
            except NotARecordIri:
                continue
            owner[subject] = subject
    for record, system in graph.subject_objects(AI.hasAISystem):
        if str(system).startswith(SYSTEMS) and record in owner:
            owner.setdefault(system, owner[record])  # type: ignore[index]
    parts: dict[URIRef, Graph] = {iri: Graph() for iri in set(owner.values())}
    rest = Graph()
    for s, p, o in graph:
        node: Node = s
        seen: set[Node] = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            node = next(iter(graph.subjects(None, node)), node)
        (parts[owner[node]] if node in owner else rest).add((s, p, o))
    return [Record(iri, part) for iri, part in sorted(parts.items())], rest


def assert_same(found: Answer, expected: Answer) -> None:
    assert found.keys() == expected.keys()
    for iri, problems in expected.items():
        lost, added = problems - found[iri], found[iri] - problems
        assert not lost and not added, f"{iri}: lost {list(lost)}, added {list(added)}"


@pytest.fixture(scope="module")
def seed() -> tuple[list[Record], Graph]:
    records = seed_records(sources.DATA_DIR)
    cited = Graph()  # as Writer._cited: the organisations saved in the same call
    for record in records:
        if record.kind == "organisation":
            cited += record.public
    return records, cited


def test_the_seed_has_several_batches(seed: tuple[list[Record], Graph]) -> None:
    records, _ = seed
    assert len(records) > 2 * BATCH  # batches go to another process too


@pytest.mark.parametrize("workers", [1, 2])
def test_seed_records_get_the_whole_graph_answer(
    seed: tuple[list[Record], Graph], workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    records, cited = seed
    found = write_path(records, cited, workers)
    assert sum(sum(p.values()) for p in found.values()) > 0  # warnings: not a vacuous test
    assert_same(found, oracle(records, cited, monkeypatch))


def test_broken_records_get_the_whole_graph_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = sources.read_all(sorted((FIXTURES / "valid").glob("*.ttl")))
    for path in sorted((FIXTURES / "invalid").glob("*.ttl")):
        graph += sources.read_rdf(path)  # every defect at once, each file its own blank nodes
    records, cited = split(graph)
    found = write_path(records, cited, workers=2)
    violations = [p for c in found.values() for p in c if p.severity == "violation"]
    assert len(violations) > 50, "the fixtures' defects reach the records"
    assert_same(found, oracle(records, cited, monkeypatch))


def test_a_dead_worker_costs_time_not_problems(seed: tuple[list[Record], Graph]) -> None:
    records, cited = seed
    chosen = records[: 2 * BATCH + 1]
    validator = RecordValidator(sources.DATA_DIR, workers=2)
    first = as_counts(validator.problems(chosen, cited))
    pool = _POOLS[(sources.DATA_DIR, "compiled", 1)]
    for process in list(pool._processes.values()):  # as the kernel's OOM killer would
        process.kill()
        process.join()
    assert as_counts(validator.problems(chosen, cited)) == first  # checked here instead
    assert as_counts(validator.problems(chosen, cited)) == first  # by a new worker
    assert _POOLS[(sources.DATA_DIR, "compiled", 1)] is not pool


def test_a_call_without_records_has_no_problems() -> None:
    assert RecordValidator(sources.DATA_DIR, workers=2).problems([], Graph()) == {}


def test_one_validation_worker_keeps_validation_in_the_writing_process(
    seed: tuple[list[Record], Graph], tmp_path: Path
) -> None:
    """IACOLL_VALIDATION_WORKERS=1: a call of several batches starts no other process."""
    settings = Settings.from_env({"IACOLL_VALIDATION_WORKERS": "1"}, store_path=tmp_path)
    db = Database(settings)
    try:
        validator = Writer(settings, db).validator
        records, cited = seed
        before = dict(_POOLS)
        assert validator.workers == 1
        assert validator.problems(records[: 2 * BATCH + 1], cited)
        assert before == _POOLS
    finally:
        db.close()

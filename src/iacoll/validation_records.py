"""Validation of records on the write path: per call, on an in-memory graph, context cached.

The write path never validates data read back from a store (Oxigraph canonicalises literals):
it validates the records it is given, plus the context they cite — the ontology, the
vocabularies, the seed documents, the reference datasets and the organisations the records
name, passed in by the caller. The records of one call go into the data graph together, so
that each gets the answer pySHACL gives on that whole graph (a check such as
``iacoll-sh:Porteur`` looks across records); each shape's targets are found on the graph, and
the focus nodes of a batch of records are evaluated per report, the batches spread over
processes. The shapes are parsed once per validator, into a graph that keeps its answers
(:class:`iacoll.validation.ShapesGraph`), and compiled (:mod:`iacoll.validation_compiled`):
the compiled shapes give pySHACL's problems ≈ 20 times faster and are the default engine;
pySHACL itself (``engine="pyshacl"``) stays the oracle of the tests, and validates when the
shapes use something the compiler does not know (it then logs why). Measured:
bench/results/2026-12-07-write-path.md, bench/results/2026-12-08-compiled-validator.md.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pyshacl.shape import Shape
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from iacoll import sources
from iacoll.model.fields import FIELDS, Field
from iacoll.model.fields import Node as FieldNode
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.namespaces import AI, ID
from iacoll.validation import SEVERITIES, PreparedQueryGraph, path_text, read_shapes, short
from iacoll.validation_compiled import CompiledShapes, CompileError, compile_shapes
from iacoll.validation_index import Triples, Union
from iacoll.validation_pyshacl import Focus, PyshaclRun

BATCH = 50  # records per report (and per task of a worker process)
LOG = logging.getLogger(__name__)
Engine = Literal["compiled", "pyshacl"]  # iacoll.validation_compiled, or pySHACL itself
Triple = tuple[Node, Node, Node]


def context_files(data_path: Path) -> list[Path]:
    """The static context every record may cite: ontology, vocabularies, documents, référentiels."""
    files = [sources.ONTOLOGY_DIR / "iacoll.ttl", *sorted(sources.VOCABULARY_DIR.glob("*.ttl"))]
    cited = [data_path / name for name in ("documents.ttl", "referentiels.ttl")]
    return [*files, *(path for path in cited if path.exists())]


class RecordValidator:
    """Validates records with the iacoll shapes against a cached context.

    The records of a call go into the data graph together (with what they cite), so that each
    one is validated as pySHACL would on the whole graph; their focus nodes are then evaluated
    a batch of records at a time, the batches spread over ``workers`` processes (by default one
    per core this process may use): this one, and ``workers - 1`` others with their own
    validator of the same context, started on first need and kept for the life of the process.
    ``engine``: "compiled" (the default; pySHACL if the shapes do not compile) or "pyshacl".
    """

    def __init__(
        self, data_path: Path, workers: int | None = None, engine: Engine = "compiled"
    ) -> None:
        self.data_path = data_path
        self.workers = workers if workers is not None else _cores()
        self.shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
        self.compiled: CompiledShapes | None = None
        if engine == "compiled":
            try:
                self.compiled = compile_shapes(self.shapes)
            except CompileError as error:  # shapes beyond the compiler: pySHACL validates
                LOG.warning("validation by pySHACL: the shapes do not compile (%s)", error)
        self.engine: Engine = "compiled" if self.compiled is not None else "pyshacl"
        self._data = PreparedQueryGraph()
        sources.read_all(context_files(data_path), into=self._data)
        # The context indexed once for the compiled shapes (a call adds and removes its own).
        self._context = Triples(self._data) if self.compiled is not None else Triples()
        self._lock = threading.Lock()

    def problems(
        self, records: Sequence[Record], cited: Graph | None = None
    ) -> dict[URIRef, list[Problem]]:
        """Problems per record IRI (every record has an entry, maybe empty).

        ``cited`` holds what the records refer to beyond the static context (their
        organisations); records of the same call may cite one another.
        """
        found: dict[URIRef, list[Problem]] = {record.iri: [] for record in records}
        with _without_gc():
            call = _call(records, cited)
        batches = [
            {r.iri for r in records[start : start + BATCH]}
            for start in range(0, len(records), BATCH)
        ]
        share = max(1, min(self.workers, len(batches)))  # this process: every share-th batch
        others = {
            part: _submit(self.data_path, self.engine, share - 1, call, batches[part::share])
            for part in range(1, share)
        }
        answers = [self.check(call, batches[::share])]
        for part, other in others.items():
            try:
                if other is None:
                    raise BrokenProcessPool
                answers.append(other.result())
            except BrokenProcessPool:  # a worker died (killed, out of memory): check here
                _POOLS.pop((self.data_path, self.engine, share - 1), None)
                answers.append(self.check(call, batches[part::share]))
        for answer in answers:
            for record, problem in answer:
                found[record].append(problem)
        return found

    def check(self, call: Call, batches: list[set[URIRef]]) -> list[tuple[URIRef, Problem]]:
        """The problems of the records of ``batches`` (IRIs of records of ``call``)."""
        owners, extra = call
        with self._lock:
            if self.compiled is not None:
                with _without_gc():  # many small short-lived containers: refcounting frees them
                    return self._compiled_check(owners, extra, batches)
            added = [t for t in extra if t not in self._data]
            self._data.addN((s, p, o, self._data) for s, p, o in added)
            try:
                run = PyshaclRun(self._data, self.shapes)
                batch_of = {iri: i for i, batch in enumerate(batches) for iri in batch}
                focus: list[dict[Shape, list[Focus]]] = [{} for _ in batches]
                for shape, nodes in run.targets(owners):
                    for node in nodes:
                        if (i := batch_of.get(owners[node])) is not None:
                            focus[i].setdefault(shape, []).append(node)
                out: list[tuple[URIRef, Problem]] = []
                for mine in focus:
                    out.extend(self._read(run.report(mine), owners))
                return out
            finally:
                for triple in added:
                    self._data.remove(triple)

    def _compiled_check(
        self, owners: dict[Node, URIRef], extra: list[Triple], batches: list[set[URIRef]]
    ) -> list[tuple[URIRef, Problem]]:
        """The compiled engine's problems of the records of ``batches``: on the context's index
        and the call's, the call's triples loaded into the rdflib graph only if asked."""
        assert self.compiled is not None
        mine: set[URIRef] = set().union(*batches) if batches else set()
        graph = Union(self._context, Triples(extra))
        added: list[Triple] = []
        loaded: list[bool] = []

        def rdf() -> Graph:
            if not loaded:
                loaded.append(True)
                added.extend(t for t in extra if t not in self._data)
                self._data.addN((s, p, o, self._data) for s, p, o in added)
            return self._data

        try:
            run, hits = self.compiled.results(graph, lambda n: owners.get(n) in mine, rdf)
            return [
                (
                    owners[hit[0]],
                    self._problem(
                        graph,
                        hit[0],
                        hit[2].steps,
                        hit[2].path_text,
                        hit[1],
                        hit[2].message_texts(run, hit),
                        hit[2].severity,
                    ),
                )
                for hit in hits
            ]
        finally:
            for triple in added:
                self._data.remove(triple)

    def _read(self, report: Graph, owners: dict[Node, URIRef]) -> list[tuple[URIRef, Problem]]:
        out = []
        for result in report.objects(None, SH.result):  # top-level results only
            focus = report.value(result, SH.focusNode)
            if focus not in owners:
                continue
            path = report.value(result, SH.resultPath)
            problem = self._problem(
                self._data,
                focus,
                _steps(report, path),
                path_text(report, path),
                report.value(result, SH.value),
                {
                    getattr(m, "language", None) or "": str(m)
                    for m in report.objects(result, SH.resultMessage)
                },
                report.value(result, SH.resultSeverity),
            )
            out.append((owners[focus], problem))
        return out

    def _problem(
        self,
        graph: Graph | Union,
        focus: Node,
        steps: list[Node] | None,
        path: str | None,
        value: Node | None,
        messages: dict[str, str],
        level: Node | None,
    ) -> Problem:
        """A top-level result as a problem of the record (both engines)."""
        fr = messages.get("fr") or next(iter(messages.values()), "Valeur non conforme.")
        severity = SEVERITIES.get(level, "info") if isinstance(level, URIRef) else "info"
        return Problem(
            message_fr=fr,
            message_en=messages.get("en", fr),
            field=self._field(graph, focus, steps),
            path=path,
            value=None if value is None or value == focus else _plain(value),
            severity=severity,  # type: ignore[arg-type]
        )

    def _field(self, graph: Graph | Union, focus: Node, steps: list[Node] | None) -> str | None:
        """The upstream field a result is about: the focus node's kind and the full path."""
        chain: list[Node] = []
        node = focus
        while isinstance(node, BNode):
            parent = next(iter(graph.subject_predicates(node)), None)
            if parent is None:
                return None
            node, predicate = parent
            chain.insert(0, predicate)
        kind = self._kind(graph, node)
        if kind is None or steps is None:
            return None
        full = tuple(chain + steps)
        return _match(kind, full)

    def _kind(self, graph: Graph | Union, node: Node) -> FieldNode | None:
        text = str(node)
        if text.startswith(f"{ID}organisation/"):
            return "organisation"
        if text.startswith(f"{ID}systeme/") or (None, AI.hasAISystem, node) in graph:
            return "systeme"
        if text.startswith(str(ID)):
            return "fiche"
        return None


def _steps(report: Graph, path: Node | None) -> list[Node] | None:
    if isinstance(path, URIRef):
        return [path]
    if path is not None and (path, RDF.first, None) in report:
        steps = list(Collection(report, path))
        return steps if all(isinstance(s, URIRef) for s in steps) else None
    return None


def _match(kind: FieldNode, full: tuple[Node, ...]) -> str | None:
    candidates: list[Field] = [f for f in FIELDS if f.node == kind]
    for field in candidates:
        if field.path == full:
            return field.key
    for field in candidates:
        if full and field.path[: len(full)] == full:
            return field.key
    return None


Call = tuple[dict[Node, URIRef], list[Triple]]  # (record of each subject, triples to load)


def _call(records: Sequence[Record], cited: Graph | None) -> Call:
    """The records' triples (in order, once each) and what of ``cited`` they name."""
    owners: dict[Node, URIRef] = {}
    extra: dict[Triple, None] = {}
    for record in records:
        for part in (record.public, record.restricted):
            triples = list(part)  # (rdflib's store: once)
            extra.update(dict.fromkeys(triples))
            owners.update({s: record.iri for s, _, _ in triples})
    owners.update({record.iri: record.iri for record in records})  # a record is its own
    if cited is not None:
        extra.update(_named_by((o for _, _, o in extra), cited))
    return owners, list(extra)


_POOLS: dict[tuple[Path, Engine, int], ProcessPoolExecutor] = {}
_WORKER: list[RecordValidator] = []  # in a worker process: its validator


def _submit(
    data_path: Path, engine: Engine, workers: int, call: Call, batches: list[set[URIRef]]
) -> Future[list[tuple[URIRef, Problem]]] | None:
    """``batches`` sent to one of the processes that validate for ``data_path`` with
    ``engine`` (started once per process; spawned, not forked: the parent may be a server with
    threads); None when the pool is broken."""
    key = (data_path, engine, workers)
    if key not in _POOLS:
        _POOLS[key] = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(data_path, engine),
        )
    try:
        return _POOLS[key].submit(_check_in_worker, call, batches)
    except BrokenProcessPool:
        return None


def _cores() -> int:
    """The cores this process may use (all of them where the system does not say)."""
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start_worker(data_path: Path, engine: Engine) -> None:
    _WORKER.append(RecordValidator(data_path, workers=1, engine=engine))


def _check_in_worker(call: Call, batches: list[set[URIRef]]) -> list[tuple[URIRef, Problem]]:
    return _WORKER[0].check(call, batches)


def _named_by(objects: Iterable[Node], cited: Graph) -> dict[Triple, None]:
    """What of ``cited`` the records name (the descriptions of their objects, blank nodes
    followed), once each: not every organisation ``cited`` holds for an import."""
    wanted: list[Node] = [o for o in set(objects) if isinstance(o, URIRef)]
    found: dict[Triple, None] = {}
    seen: set[Node] = set()
    while wanted:
        node = wanted.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in cited.triples((node, None, None)):
            found[triple] = None
            if isinstance(triple[2], BNode):
                wanted.append(triple[2])
    return found


@contextmanager
def _without_gc() -> Iterator[None]:
    """Python's cycle collector paused: the compiled shapes allocate tens of thousands of small
    containers per call, and each collection they trigger walks the process's long-lived
    objects (the context, the shapes, a server's caches): half the CPU of a call, measured."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _plain(value: Node) -> str:
    return str(value) if not isinstance(value, BNode) else short(value)

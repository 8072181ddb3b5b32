"""Validation of records on the write path: per batch, on an in-memory graph, context cached.

The write path never validates data read back from a store (Oxigraph canonicalises literals):
it validates the records it is given, plus the context they cite — the ontology, the
vocabularies, the seed documents, the reference datasets and the organisations the records
name, passed in by the caller. pySHACL on one big graph grows faster than linear, so records
are validated a batch at a time: the data graph keeps the static context and receives each
batch's triples, removed again after the run (under a lock). pySHACL checks every target of the
graph; only the results about the batch's own nodes are kept (the context alone conforms and
costs a few milliseconds a run, measured: bench/results/2026-12-07-write-path.md). The shapes
are parsed once per validator, into a graph that keeps its answers
(:class:`iacoll.validation.ShapesGraph`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from pyshacl import validate as pyshacl_validate
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

BATCH = 50  # records per pySHACL run: small graphs stay fast
Triple = tuple[Node, Node, Node]


def context_files(data_path: Path) -> list[Path]:
    """The static context every record may cite: ontology, vocabularies, documents, référentiels."""
    files = [sources.ONTOLOGY_DIR / "iacoll.ttl", *sorted(sources.VOCABULARY_DIR.glob("*.ttl"))]
    cited = [data_path / name for name in ("documents.ttl", "referentiels.ttl")]
    return [*files, *(path for path in cited if path.exists())]


class RecordValidator:
    """Validates records with the iacoll shapes against a cached context."""

    def __init__(self, data_path: Path) -> None:
        self.shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
        self._data = PreparedQueryGraph()
        sources.read_all(context_files(data_path), into=self._data)
        self._lock = threading.Lock()

    def problems(
        self, records: Sequence[Record], cited: Graph | None = None
    ) -> dict[URIRef, list[Problem]]:
        """Problems per record IRI (every record has an entry, maybe empty).

        ``cited`` holds what the records refer to beyond the static context (their
        organisations); records of the same call may cite one another.
        """
        found: dict[URIRef, list[Problem]] = {record.iri: [] for record in records}
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            for record, problem in self._run(batch, cited):
                found[record].append(problem)
        return found

    def _run(self, batch: Sequence[Record], cited: Graph | None) -> list[tuple[URIRef, Problem]]:
        owners: dict[Node, URIRef] = {}
        extra: dict[Triple, None] = {}  # the batch's triples, in order, once each
        for record in batch:
            for part in (record.public, record.restricted):
                extra.update(dict.fromkeys(part))
                owners.update({s: record.iri for s in part.subjects()})
        if cited is not None:
            extra.update(dict.fromkeys(_named_by((o for _, _, o in extra), cited)))
        with self._lock:
            added = [t for t in extra if t not in self._data]
            self._data.addN((s, p, o, self._data) for s, p, o in added)
            try:
                report = self._validate(list(owners))
                return list(self._read(report, owners))
            finally:
                for triple in added:
                    self._data.remove(triple)

    def _validate(self, focus: list[Node]) -> Graph:
        if not focus:
            return Graph()
        _, report, _ = pyshacl_validate(
            self._data,
            shacl_graph=self.shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
        return report  # type: ignore[no-any-return]

    def _read(self, report: Graph, owners: dict[Node, URIRef]) -> list[tuple[URIRef, Problem]]:
        out = []
        for result in report.objects(None, SH.result):  # top-level results only
            focus = report.value(result, SH.focusNode)
            if focus not in owners:
                continue
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            messages = {
                getattr(m, "language", None) or "": str(m)
                for m in report.objects(result, SH.resultMessage)
            }
            fr = messages.get("fr") or next(iter(messages.values()), "Valeur non conforme.")
            level = report.value(result, SH.resultSeverity)
            severity = SEVERITIES.get(level, "info") if isinstance(level, URIRef) else "info"
            problem = Problem(
                message_fr=fr,
                message_en=messages.get("en", fr),
                field=self._field(focus, report, path),
                path=path_text(report, path),
                value=None if value is None or value == focus else _plain(value),
                severity=severity,  # type: ignore[arg-type]
            )
            out.append((owners[focus], problem))
        return out

    def _field(self, focus: Node, report: Graph, path: Node | None) -> str | None:
        """The upstream field a result is about: the focus node's kind and the full path."""
        chain: list[Node] = []
        node = focus
        while isinstance(node, BNode):
            parent = next(iter(self._data.subject_predicates(node)), None)
            if parent is None:
                return None
            node, predicate = parent
            chain.insert(0, predicate)
        kind = self._kind(node)
        steps = _steps(report, path)
        if kind is None or steps is None:
            return None
        full = tuple(chain + steps)
        return _match(kind, full)

    def _kind(self, node: Node) -> FieldNode | None:
        text = str(node)
        if text.startswith(f"{ID}organisation/"):
            return "organisation"
        if text.startswith(f"{ID}systeme/") or (None, AI.hasAISystem, node) in self._data:
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


def _named_by(objects: Iterable[Node], cited: Graph) -> Graph:
    """What of ``cited`` the batch names (the descriptions of its objects, blank nodes
    followed): the organisations cited for a whole call are not validated again with every
    batch."""
    wanted: list[Node] = [o for o in set(objects) if isinstance(o, URIRef)]
    found = Graph()
    seen: set[Node] = set()
    while wanted:
        node = wanted.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in cited.triples((node, None, None)):
            found.add(triple)
            if isinstance(triple[2], BNode):
                wanted.append(triple[2])
    return found


def _plain(value: Node) -> str:
    return str(value) if not isinstance(value, BNode) else short(value)

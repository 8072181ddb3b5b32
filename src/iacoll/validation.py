"""Validation of source files on a plain in-memory rdflib graph (never on the store).

Two profiles: ``iacoll`` (the project's shapes in ``shapes/``) and ``dcat-ap`` (the official
DCAT-AP 3.0.1 split shapes). The vocabularies, and for DCAT-AP the EU vocabulary subset, are
always loaded into the data graph as context: the shapes check concept membership there.
Only the report's top-level ``sh:result``s are counted (pySHACL nests ``sh:detail``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pyshacl.shape
from pyshacl import validate as pyshacl_validate
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from iacoll import sources
from iacoll.errors import UnreadableInput
from iacoll.namespaces import bind_prefixes


@dataclass(frozen=True)
class Profile:
    """A validation profile: which shapes, and which context goes into the data graph."""

    key: str
    label_fr: str
    label_en: str
    shape_files: Callable[[], list[Path]]
    context_files: Callable[[], list[Path]]


def _iacoll_shapes() -> list[Path]:
    return sorted(sources.SHAPES_DIR.glob("*.ttl"))


def _vocabularies() -> list[Path]:
    return [sources.ONTOLOGY_DIR / "iacoll.ttl", *sorted(sources.VOCABULARY_DIR.glob("*.ttl"))]


def _iacoll_context() -> list[Path]:
    """Vocabularies, and the published organisations and documents records refer to."""
    return [
        *_vocabularies(),
        *sorted((sources.DATA_DIR / "organisation").glob("*.ttl")),
        sources.DATA_DIR / "documents.ttl",
    ]


def _dcat_ap_shapes() -> list[Path]:
    return [sources.DCAT_AP_SHAPES_DIR / name for name in sources.DCAT_AP_SHAPE_FILES]


def _dcat_ap_context() -> list[Path]:
    return [*_vocabularies(), sources.EU_VOCABULARIES]


PROFILES: dict[str, Profile] = {
    "iacoll": Profile("iacoll", "profil iacoll", "iacoll profile", _iacoll_shapes, _iacoll_context),
    "dcat-ap": Profile(
        "dcat-ap", "DCAT-AP 3.0.1", "DCAT-AP 3.0.1", _dcat_ap_shapes, _dcat_ap_context
    ),
}

_NAMES = bind_prefixes(Graph(bind_namespaces="none"))

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Result:
    """One top-level SHACL result, located in a record and a file."""

    severity: str
    record: Node
    file: Path | None
    focus: Node
    path: Node | None
    value: Node | None
    messages: dict[str, str]
    field_names: dict[str, str]
    shape: Node | None
    path_text: str | None = None  # the property path as CURIEs ("adms:identifier/skos:notation")
    path_iris: str | None = None  # the same with full IRIs (JSON report)
    value_text: str | None = None  # the offending value as written, or what a blank node holds

    def message(self, lang: str) -> str:
        """The message in ``lang``, falling back to French, then any language."""
        return (
            self.messages.get(lang)
            or self.messages.get("fr")
            or next(iter(self.messages.values()), "")
        )

    def field_name(self, lang: str) -> str | None:
        """The upstream field label of the violated shape in ``lang``."""
        return self.field_names.get(lang) or self.field_names.get("fr")


@dataclass
class Report:
    """What ``validate_paths`` found."""

    profile: Profile
    files: list[Path]
    results: list[Result] = field(default_factory=list)
    records: int = 0

    def count(self, severity: str) -> int:
        """Number of top-level results of ``severity``."""
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings allowed)."""
        return self.count("violation") == 0


def validate_paths(paths: Iterable[Path], profile: str = "iacoll") -> Report:
    """Validate the RDF files under ``paths``; raise ``UnreadableInput`` on bad input.

    The profile's context (vocabularies; for ``iacoll`` also the catalogue's organisations and
    seed documents, which a new record may cite) goes into the data graph, but only results
    about what the given files describe are reported.
    """
    paths = list(paths)
    chosen = PROFILES[profile]
    files = list(sources.rdf_files(paths))
    if not files:
        where = paths[0] if paths else sources.DATA_DIR
        raise UnreadableInput(
            where,
            f"aucun fichier RDF ({', '.join(sources.RDF_SUFFIXES)}) à valider",
            message_en=f"no RDF file ({', '.join(sources.RDF_SUFFIXES)}) to validate",
        )
    data, origin = _read_with_origin(files)
    report = Report(chosen, files, records=_count_records(data))
    given = {f.resolve() for f in files}
    context = [f for f in sources.rdf_files(chosen.context_files()) if f.resolve() not in given]
    data_graph = sources.read_all(context, into=_copy(data))
    shapes = read_shapes(chosen.shape_files())
    report.results = [
        r
        for r in _results(data_graph, shapes, data, origin)
        if not isinstance(r.record, URIRef) or r.record in origin
    ]
    return report


Origin = dict[Node | tuple[Node, Node], Path]


def _read_with_origin(files: list[Path]) -> tuple[Graph, Origin]:
    """Read ``files`` into one graph, remembering which file first describes each subject, and
    each (subject, property) pair (a restricted field lives in another file than its record)."""
    graph = Graph()
    origin: Origin = {}
    for path in files:
        part = sources.read_rdf(path)
        for subject, predicate in set(part.subject_predicates()):
            if isinstance(subject, URIRef):
                origin.setdefault(subject, path)
            origin.setdefault((subject, predicate), path)
        graph += part
    return graph, origin


class PreparedQueryGraph(Graph):
    """A data graph that parses each SPARQL text once.

    pySHACL sends the text of a SPARQL-based constraint (SIRET key, France boxes) to
    ``Graph.query`` for every focus node, and rdflib would parse it every time.
    """

    prepared: ClassVar[dict[str, Query]] = {}

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``query_object``, parsing a query text only the first time it is seen."""
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            if query_object not in self.prepared:
                self.prepared[query_object] = prepareQuery(query_object)
            query_object = self.prepared[query_object]
        return super().query(query_object, *args, **kwargs)


class ShapesGraph(Graph):
    """A shapes graph that answers each triple pattern from memory after the first time.

    pySHACL reads the shapes graph again for every shape it evaluates on every focus node (the
    shape's parameters, its ``sh:in`` list, its SPARQL text): the same few hundred patterns,
    hundreds of thousands of times per batch of records. Any change forgets what was kept.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._answers: dict[tuple[Any, Any, Any], tuple[Any, ...]] = {}

    def add(self, triple: Any) -> Any:
        """Add ``triple``, forgetting the kept answers."""
        self._answers.clear()
        return super().add(triple)

    def addN(self, quads: Any) -> Any:
        """Add ``quads``, forgetting the kept answers."""
        self._answers.clear()
        return super().addN(quads)

    def remove(self, triple: Any) -> Any:
        """Remove ``triple``, forgetting the kept answers."""
        self._answers.clear()
        return super().remove(triple)

    def triples(self, triple: Any) -> Any:
        """The triples matching ``triple``; a property path is evaluated every time."""
        if isinstance(triple[1], PropertyPath):
            yield from super().triples(triple)
            return
        found = self._answers.get(triple)
        if found is None:
            found = self._answers[triple] = tuple(super().triples(triple))
        yield from found


class _Parameters(list[Any]):
    """pySHACL's list of constraint parameters, with a hashed membership test.

    ``Shape.validate`` tests each predicate of a shape against this list (``p in params``), a
    linear scan of ``URIRef.__eq__`` calls on every evaluation; it reads the list from a module
    attribute it caches itself (``CONSTRAINT_PARAMS``), which :func:`quick_parameters` sets.
    """

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def copy(self) -> _Parameters:
        """A copy, itself hashed (advanced mode appends ``sh:expression`` to a copy)."""
        return _Parameters(self)

    def append(self, item: Any) -> None:
        """Append ``item`` to the list and to the members."""
        super().append(item)
        self._members.add(item)


def quick_parameters() -> None:
    """Give pySHACL's shape evaluation the hashed parameter list (same members, same order)."""
    pyshacl.shape.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        _Parameters(ALL_CONSTRAINT_PARAMETERS),
        CONSTRAINT_PARAMETERS_MAP,
    )


def read_shapes(paths: Iterable[Path]) -> ShapesGraph:
    """The shapes of ``paths``, in a graph that keeps its answers, ready for pySHACL."""
    quick_parameters()
    return sources.read_all(paths, into=ShapesGraph())  # type: ignore[return-value]


def _copy(graph: Graph) -> Graph:
    copy = PreparedQueryGraph()
    copy += graph
    return copy


def _count_records(data: Graph) -> int:
    from iacoll.namespaces import IACOLL

    return len(set(data.subjects(RDF.type, IACOLL.Fiche)))


def _results(data_graph: Graph, shapes: Graph, data: Graph, origin: Origin) -> Iterable[Result]:
    _, report_graph, _ = pyshacl_validate(
        data_graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,  # SHACL-AF: the SPARQL target of iacoll-sh:Porteur
        allow_warnings=True,
        # The data graph is this run's own copy: validated in place it stays a
        # PreparedQueryGraph (pySHACL's clone would parse each SPARQL text per focus node).
        inplace=True,
    )
    for node in report_graph.objects(None, SH.result):
        focus = report_graph.value(node, SH.focusNode)
        shape = report_graph.value(node, SH.sourceShape)
        record = _record_of(data, focus)
        path = report_graph.value(node, SH.resultPath)
        value = _offending_value(report_graph, node, focus)
        yield Result(
            severity=SEVERITIES.get(report_graph.value(node, SH.resultSeverity), "info"),
            record=record,
            file=origin.get((focus, path)) or origin.get(record),
            focus=focus,
            path=path,
            value=value,
            messages=_by_language(report_graph.objects(node, SH.resultMessage)),
            field_names=_by_language(shapes.objects(shape, SH.name)) if shape else {},
            shape=shape,
            path_text=path_text(report_graph, path),
            path_iris=path_text(report_graph, path, curies=False),
            value_text=_value_text(data_graph, value),
        )


def short(node: Node | None) -> str:
    """A compact, readable form of an RDF term (CURIE, <IRI>, quoted literal, ``[]``)."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return _NAMES.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib refuses some IRIs
            return f"<{node}>"
    if isinstance(node, Literal):
        return json.dumps(str(node), ensure_ascii=False)
    if isinstance(node, BNode):
        return "[]"
    return str(node)


def path_text(graph: Graph, path: Node | None, *, curies: bool = True) -> str | None:
    """A SHACL property path in SPARQL syntax: ``adms:identifier/skos:notation`` with CURIEs,
    else full IRIs (a single predicate bare, steps of a longer path in ``<…>``)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return short(path) if curies else str(path)

    def step(node: Node) -> str:
        text = path_text(graph, node, curies=curies) or "?"
        return f"<{text}>" if not curies and isinstance(node, URIRef) else text

    if (path, RDF.first, None) in graph:
        return "/".join(step(s) for s in Collection(graph, path))
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return f"^{step(inverse)}"
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(step(a) for a in Collection(graph, alternatives)) + ")"
    for modifier, symbol in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        if (inner := graph.value(path, modifier)) is not None:
            return f"({step(inner)}){symbol}"
    return None


def _offending_value(report: Graph, result: Node, focus: Node) -> Node | None:
    """The result's value; when it only restates the focus node, the first nested one that says
    more (pySHACL puts the telling value, e.g. the risk level, in a ``sh:detail``)."""
    value = report.value(result, SH.value)
    if value is not None and value != focus:
        return value
    pending = list(report.objects(result, SH.detail))
    while pending:
        detail = pending.pop(0)
        nested = report.value(detail, SH.value)
        if nested is not None and nested != focus and not isinstance(nested, BNode):
            return nested
        pending.extend(report.objects(detail, SH.detail))
    return value


def _value_text(data: Graph, value: Node | None) -> str | None:
    """How to show ``value``: a blank node as what it holds (``[ geo:lat "…" ; geo:long "…" ]``)."""
    if value is None:
        return None
    if not isinstance(value, BNode):
        return short(value)
    pairs = sorted(
        f"{short(p)} {short(o)}"
        for p, o in data.predicate_objects(value)
        if p != RDF.type and not isinstance(o, BNode)
    )
    return f"[ {' ; '.join(pairs)} ]" if pairs else "[]"


def _by_language(literals: Iterable[Node]) -> dict[str, str]:
    found: dict[str, str] = {}
    for literal in literals:
        if isinstance(literal, Literal):
            found.setdefault(literal.language or "", str(literal))
    return found


def _record_of(data: Graph, focus: Node) -> Node:
    """The IRI a blank-node focus hangs from (its record, organisation or system)."""
    seen: set[Node] = set()
    node = focus
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(data.subjects(None, node)), None)
        if parent is None:
            break
        node = parent
    return node

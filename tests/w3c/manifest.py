"""The W3C protocol manifest as plain data: tests, their HTTP requests and expected responses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from urllib.request import url2pathname

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

#: The prefix every ``ht:absolutePath`` of the protocol manifest starts with.
PATH_PREFIX = "/sparql/"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
_STATUS_CLASS = re.compile(r"StatusCode([1-5])xx$")


@dataclass(frozen=True)
class HttpRequest:
    """One ``ht:Request`` and the ``ht:Response`` it must get."""

    method: str
    absolute_path: str
    headers: tuple[tuple[str, str], ...]
    body: str | None
    body_encoding: str
    status_classes: frozenset[int]
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def content_type(self) -> str:
        """The media type of the ``content-type`` header ('' when there is none)."""
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value.split(";")[0].strip().lower()
        return ""

    def parameters(self) -> list[tuple[str, str]]:
        """Protocol parameters of the URL and, for a form body, of the body."""
        pairs = parse_qsl(urlsplit(self.absolute_path).query, keep_blank_values=True)
        if self.body is not None and self.content_type == "application/x-www-form-urlencoded":
            pairs += parse_qsl(self.body, keep_blank_values=True)
        return pairs

    @property
    def is_update(self) -> bool:
        """Whether the request invokes the SPARQL update operation."""
        if self.content_type == "application/sparql-update":
            return True
        return any(name == "update" for name, _ in self.parameters())

    @property
    def expects_success(self) -> bool:
        """Whether a 2xx response is (one of) the expected outcome(s)."""
        return 2 in self.status_classes

    def describe(self) -> str:
        """``METHOD path`` with the headers and (shortened) body, for failure messages."""
        lines = [f"{self.method} {self.absolute_path}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body is not None:
            body = self.body if len(self.body) <= 300 else self.body[:300] + "…"
            lines.append(f"[body, {self.body_encoding}] {body}")
        return "\n    ".join(lines)


@dataclass(frozen=True)
class ProtocolTest:
    """One ``mf:ProtocolTest``: its requests, run in order, and the data it names."""

    name: str
    label: str
    requests: tuple[HttpRequest, ...]
    graph_data: tuple[tuple[Path, str], ...]

    @property
    def is_update_positive(self) -> bool:
        """An update the suite expects to succeed (a read-only endpoint must refuse it)."""
        first = self.requests[0]
        return first.is_update and first.expects_success


def _local_name(node: Node) -> str:
    return re.split(r"[#/]", str(node))[-1]


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return [] if head is None else list(Collection(graph, head))


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def _request(graph: Graph, node: Node) -> HttpRequest:
    headers = tuple(
        (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
        for h in _list(graph, graph.value(node, HT.headers))
    )
    body_node = graph.value(node, HT.body)
    body = None if body_node is None else _text(graph, body_node, CNT.chars)
    encoding = "UTF-8"
    if body_node is not None:
        encoding = _text(graph, body_node, CNT.characterEncoding) or "UTF-8"
    response = graph.value(node, HT.resp)
    if response is None:
        raise ValueError(f"request {node} has no ht:resp")
    classes = set()
    for status in graph.objects(response, MF.expectedStatus):
        match = _STATUS_CLASS.search(str(status))
        if match is None:
            raise ValueError(f"unsupported mf:expectedStatus {status}")
        classes.add(int(match.group(1)))
    boolean = graph.value(response, MF.expectedBoolean)
    path = _text(graph, node, HT.absolutePath) or ""
    if not path.startswith(PATH_PREFIX):
        raise ValueError(f"ht:absolutePath {path!r} does not start with {PATH_PREFIX}")
    return HttpRequest(
        method=_text(graph, node, HT.methodName) or "",
        absolute_path=path,
        headers=headers,
        body=body,
        body_encoding=encoding,
        status_classes=frozenset(classes),
        expected_format=_text(graph, response, MF.expectedFormat),
        expected_boolean=None if not isinstance(boolean, Literal) else bool(boolean.toPython()),
    )


def load_protocol_tests(manifest: Path) -> list[ProtocolTest]:
    """Every entry of the protocol manifest, in manifest order."""
    graph = Graph().parse(manifest, format="turtle")
    root = graph.value(None, RDF.type, MF.Manifest)
    tests: list[ProtocolTest] = []
    for entry in _list(graph, graph.value(root, MF.entries)):
        if (entry, RDF.type, MF.ProtocolTest) not in graph:
            raise ValueError(f"{entry} is not an mf:ProtocolTest")
        action = graph.value(entry, MF.action)
        requests = tuple(_request(graph, r) for r in _list(graph, graph.value(action, HT.requests)))
        data = tuple(
            (Path(url2pathname(urlsplit(str(graph.value(d, UT.graph))).path)), str(label))
            for d in graph.objects(entry, UT.graphData)
            if (label := graph.value(d, RDFS.label)) is not None
        )
        tests.append(
            ProtocolTest(_local_name(entry), _text(graph, entry, MF.name) or "", requests, data)
        )
    return tests


def load_entries(manifest: Path) -> list[tuple[str, str]]:
    """``(local name, mf:name)`` of every entry of a manifest (service description: prose)."""
    graph = Graph().parse(manifest, format="turtle")
    root = graph.value(None, RDF.type, MF.Manifest)
    return [
        (_local_name(e), _text(graph, e, MF.name) or "")
        for e in _list(graph, graph.value(root, MF.entries))
    ]


def dataset_graphs(tests: list[ProtocolTest]) -> tuple[dict[str, Path], set[str]]:
    """Graphs the endpoint must hold: ``{iri: data file}``, and IRIs named without data.

    The second set holds graph IRIs that requests pass as ``default-graph-uri`` /
    ``named-graph-uri`` although no ``ut:graphData`` gives them content (``data0.rdf``): the
    queries sent with them (``ASK {}`` and the like) do not read them, but they must exist.
    """
    with_data: dict[str, Path] = {}
    for test in tests:
        for path, iri in test.graph_data:
            with_data.setdefault(iri, path)
    named = {
        value
        for test in tests
        for request in test.requests
        if not request.is_update
        for name, value in request.parameters()
        if name in DATASET_PARAMETERS
    }
    return with_data, named - set(with_data)

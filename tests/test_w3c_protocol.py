"""The W3C SPARQL 1.1 Protocol and Service Description suites, run against a live endpoint.

A temporary store is laid out as iacoll expects (``<tmp>/public`` + ``<tmp>/build.json``) and
holds the suite's data (``data1.nt`` … ``data3.nt`` in the kasei.us named graphs given by
``ut:graphData``); a real uvicorn server serves it, and every request of the protocol manifest is
sent over HTTP with the ``/sparql/`` prefix replaced by the endpoint path.

How the suite is adapted to a read-only public endpoint (nothing is silently skipped):

* the 7 update tests that expect success (:data:`UPDATE_POSITIVES`) must instead get the
  read-only refusal: status 403 with the "read-only" message. Their follow-up ``ASK`` requests
  are still sent and must answer ``false`` (2xx, boolean): the refused update changed nothing;
* the negative update tests keep their W3C expectation (4xx);
* ``http://kasei.us/2009/09/sparql/data/data0.rdf`` is passed as ``default-graph-uri`` by six
  query tests but has no ``ut:graphData``: the queries sent with it (``ASK {}``,
  ``SELECT (1 AS ?value) {}``, ``DESCRIBE``, ``CONSTRUCT … WHERE {}``) do not read it, so it
  is created as an empty named graph (the endpoint refuses graphs it does not hold);
* every one of the 34 tests applies: none is skipped.

The last test shows ``W3C protocol: N passed, M failed, K refused-as-update`` in the run's
« iacoll summaries » section and fails if any W3C test failed.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from iacoll.namespaces import SD
from iacoll.settings import Settings
from tests.server import live_server
from tests.w3c.harness import (
    ACCEPTED_TYPES,
    RDFLIB_FORMATS,
    Response,
    check,
    endpoint_url,
    send,
)
from tests.w3c.manifest import (
    HttpRequest,
    ProtocolTest,
    dataset_graphs,
    load_entries,
    load_protocol_tests,
)

pytestmark = pytest.mark.server

SUITE = Path(__file__).resolve().parents[2] / "shared" / "ext" / "w3c-sparql11"
PROTOCOL_MANIFEST = SUITE / "sparql" / "sparql11" / "protocol" / "manifest.ttl"
SD_MANIFEST = SUITE / "sparql" / "sparql11" / "service-description" / "manifest.ttl"
ENDPOINT_PATH = "/sparql"

for _manifest in (PROTOCOL_MANIFEST, SD_MANIFEST):
    if not _manifest.is_file():
        raise FileNotFoundError(f"{_manifest} is missing: the W3C suite must be in ../shared/ext")

PROTOCOL_TESTS = load_protocol_tests(PROTOCOL_MANIFEST)
SD_TESTS = load_entries(SD_MANIFEST)

#: Update tests the suite expects to succeed; the read-only endpoint must refuse them (403).
UPDATE_POSITIVES = frozenset(
    {
        "update_dataset_default_graph",
        "update_dataset_default_graphs",
        "update_dataset_named_graphs",
        "update_dataset_full",
        "update_post_form",
        "update_post_direct",
        "update_base_uri",
    }
)

READ_ONLY_MARKERS = ("read-only", "lecture seule")


@dataclass
class Tally:
    """Outcomes of one suite, filled in by the tests and reported by the last one."""

    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


TALLY = {"protocol": Tally(), "service-description": Tally()}


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def w3c_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder as iacoll lays it out, holding the graphs the protocol manifest names."""
    root = tmp_path_factory.mktemp("w3c-store")
    with_data, empty = dataset_graphs(PROTOCOL_TESTS)
    store = ox.Store(str(root / "public"))
    for iri, path in sorted(with_data.items()):
        store.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    for iri in sorted(empty):
        store.add_graph(ox.NamedNode(iri))
    store.flush()
    del store
    gc.collect()  # release the store's lock: the app and its workers open it read-only
    (root / "build.json").write_text("{}", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def w3c_server(w3c_store: Path) -> Iterator[str]:
    """A real uvicorn server over the W3C store; yields its base URL (ending in '/')."""
    with live_server(Settings.from_env({}, store_path=w3c_store, query_timeout=10)) as url:
        yield url


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """One HTTP client (redirects followed, as a protocol client would)."""
    with httpx.Client(timeout=30, follow_redirects=True) as http:
        yield http


# --- the suite is read completely -------------------------------------------------------------


def test_manifests_are_read_completely() -> None:
    names = [t.name for t in PROTOCOL_TESTS]
    assert len(names) == 34 == len(set(names)), names
    assert all(t.requests for t in PROTOCOL_TESTS)
    assert len(SD_TESTS) == 3, SD_TESTS
    assert {t.name for t in PROTOCOL_TESTS if t.is_update_positive} == UPDATE_POSITIVES
    with_data, empty = dataset_graphs(PROTOCOL_TESTS)
    assert len(with_data) == 3 and all(p.is_file() for p in with_data.values()), with_data
    assert empty == {"http://kasei.us/2009/09/sparql/data/data0.rdf"}


def _fake(status: int, media_type: str, body: bytes) -> Response:
    return Response.of(httpx.Response(status, headers={"content-type": media_type}, content=body))


def test_harness_rebases_manifest_paths() -> None:
    base = "http://127.0.0.1:1/"
    assert endpoint_url(base, ENDPOINT_PATH, "/sparql/") == "http://127.0.0.1:1/sparql"
    assert (
        endpoint_url(base, ENDPOINT_PATH, "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A")
        == "http://127.0.0.1:1/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A"
    )


def test_harness_judges_responses() -> None:
    by_name = {t.name: t for t in PROTOCOL_TESTS}
    ask = by_name["query_post_direct"].requests[0]  # 2xx, boolean, true
    srj = "application/sparql-results+json"
    assert check(ask, _fake(200, srj, b'{"head": {}, "boolean": true}')) == []
    srx = b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><boolean>true</boolean></sparql>'
    assert check(ask, _fake(200, "application/sparql-results+xml", srx)) == []
    assert check(ask, _fake(200, srj, b'{"head": {}, "boolean": false}'))
    assert check(ask, _fake(200, srj, b'{"head": {"vars": []}, "results": {"bindings": []}}'))
    assert check(ask, _fake(200, "text/csv", b"value\r\n1\r\n"))
    assert check(ask, _fake(200, srj, b"not json"))
    assert check(ask, _fake(400, "application/json", b"{}"))
    construct = by_name["query_content_type_construct"].requests[0]  # 2xx, RDF
    assert check(construct, _fake(200, "text/turtle", b"<http://a> <http://b> 1 .")) == []
    assert check(construct, _fake(200, "text/turtle", b"<http://a> <http://b>"))
    assert check(construct, _fake(200, "application/ld+json", b"[]"))
    negative = by_name["bad_query_syntax"].requests[0]  # 4xx
    assert check(negative, _fake(400, "application/json", b"{}")) == []
    assert check(negative, _fake(200, srj, b'{"head": {}, "boolean": true}'))


# --- protocol tests ---------------------------------------------------------------------------


def _as_read_only(test: ProtocolTest, position: int, request: HttpRequest) -> HttpRequest:
    """What a read-only endpoint must answer instead of the W3C expectation."""
    if test.name not in UPDATE_POSITIVES:
        return request
    if position == 1:  # the update itself: refused
        return dataclasses.replace(
            request, status_classes=frozenset({4}), expected_format=None, expected_boolean=None
        )
    if request.expected_boolean is None:
        return request
    # the check that the update happened: it did not, so the ASK is false
    return dataclasses.replace(request, expected_boolean=not request.expected_boolean)


def _refusal_problems(response: Response) -> list[str]:
    if response.status != 403:
        return [f"status {response.status}, expected the read-only refusal 403"]
    text = response.body.decode("utf-8", errors="replace").lower()
    if not any(marker in text for marker in READ_ONLY_MARKERS):
        return ["403 body does not say the endpoint is read-only"]
    return []


@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=[t.name for t in PROTOCOL_TESTS])
def test_protocol(test: ProtocolTest, w3c_server: str, client: httpx.Client) -> None:
    tally = TALLY["protocol"]
    refused = test.name in UPDATE_POSITIVES
    problems: list[str] = []
    for position, original in enumerate(test.requests, start=1):
        request = _as_read_only(test, position, original)
        response = send(client, w3c_server, ENDPOINT_PATH, request)
        found = check(request, response)
        if refused and position == 1:
            found = found or _refusal_problems(response)
        if found:
            problems.append(
                f"request {position}/{len(test.requests)}:\n    {request.describe()}\n"
                f"  got {response.describe()}\n  " + "\n  ".join(found)
            )
    if problems:
        tally.failed.append(test.name)
    else:
        (tally.refused if refused else tally.passed).append(test.name)
    adapted = " (read-only: update must be refused)" if refused else ""
    assert not problems, f"{test.name} — {test.label}{adapted}\n" + "\n".join(problems)


# --- service description ----------------------------------------------------------------------

SD_LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}


@pytest.fixture(scope="module")
def service_description(w3c_server: str, client: httpx.Client) -> tuple[Response, Graph | None]:
    """GET on the endpoint without a query, asking for Turtle; the response and its graph."""
    http = client.get(w3c_server + ENDPOINT_PATH.lstrip("/"), headers={"Accept": "text/turtle"})
    response = Response.of(http)
    fmt = RDFLIB_FORMATS.get(response.media_type)
    graph = None
    if response.status == 200 and fmt is not None:
        try:
            graph = Graph().parse(data=response.body, format=fmt)
        except Exception:  # returns-rdf reports it
            graph = None
    return response, graph


def _returns_rdf(response: Response, graph: Graph | None, endpoint: str) -> list[str]:
    if response.status != 200:
        return [f"status {response.status}, expected 200"]
    if response.media_type not in ACCEPTED_TYPES["RDF"]:
        return [f"Content-Type {response.media_type} is not an RDF type"]
    if graph is None:
        return [f"body does not parse as {response.media_type}"]
    return [] if len(graph) else ["the RDF graph is empty"]


def _services(graph: Graph | None) -> list[Node]:
    return [] if graph is None else list(graph.subjects(RDF.type, SD.Service))


def _has_endpoint_triple(response: Response, graph: Graph | None, endpoint: str) -> list[str]:
    if graph is None:
        return ["no RDF service description"]
    subjects = set(graph.subjects(SD.endpoint, URIRef(endpoint)))
    if not subjects:
        found = sorted(str(o) for o in graph.objects(None, SD.endpoint))
        return [f"no sd:endpoint <{endpoint}> triple (sd:endpoint objects: {found})"]
    if not subjects & set(_services(graph)):
        return [f"the subject of sd:endpoint <{endpoint}> is not an sd:Service"]
    return []


def _conforms(response: Response, graph: Graph | None, endpoint: str) -> list[str]:
    services = _services(graph)
    if graph is None or not services:
        return ["no sd:Service in the service description"]
    problems: list[str] = []
    for service in services:
        languages = set(graph.objects(service, SD.supportedLanguage))
        formats = list(graph.objects(service, SD.resultFormat))
        if not languages:
            problems.append(f"{service} has no sd:supportedLanguage")
        if languages - SD_LANGUAGES:
            problems.append(
                f"unknown sd:supportedLanguage {sorted(map(str, languages - SD_LANGUAGES))}"
            )
        if SD.SPARQL11Update in languages:
            problems.append("sd:SPARQL11Update advertised, but the endpoint refuses updates")
        if not formats:
            problems.append(f"{service} has no sd:resultFormat")
        if any(not isinstance(f, URIRef) for f in formats):
            problems.append("an sd:resultFormat is not an IRI")
        if not all(isinstance(e, URIRef) for e in graph.objects(service, SD.endpoint)):
            problems.append("an sd:endpoint is not an IRI")
        for dataset in graph.objects(service, SD.defaultDataset):
            if (dataset, RDF.type, SD.Dataset) not in graph:
                problems.append("sd:defaultDataset is not typed sd:Dataset")
            for named in graph.objects(dataset, SD.namedGraph):
                if not isinstance(graph.value(named, SD.name), URIRef):
                    problems.append("an sd:namedGraph has no sd:name IRI")
    with_data, empty = dataset_graphs(PROTOCOL_TESTS)
    advertised = {str(n) for n in graph.objects(None, SD.name)}
    if advertised != set(with_data) | empty:
        problems.append(f"sd:name graphs {sorted(advertised)} are not the store's graphs")
    return problems


SD_CHECKS: dict[str, Callable[[Response, Graph | None, str], list[str]]] = {
    "returns-rdf": _returns_rdf,
    "has-endpoint-triple": _has_endpoint_triple,
    "conforms-to-schema": _conforms,
}


@pytest.mark.parametrize(("name", "label"), SD_TESTS, ids=[n for n, _ in SD_TESTS])
def test_service_description(
    name: str,
    label: str,
    w3c_server: str,
    service_description: tuple[Response, Graph | None],
) -> None:
    tally = TALLY["service-description"]
    response, graph = service_description
    check_sd = SD_CHECKS.get(name)
    endpoint = w3c_server + ENDPOINT_PATH.lstrip("/")
    if check_sd is None:
        problems = [f"no check implemented for service-description test {name}"]
    else:
        problems = check_sd(response, graph, endpoint)
    (tally.failed if problems else tally.passed).append(name)
    assert not problems, (
        f"{name} — {label}\n  GET {endpoint} (Accept: text/turtle)\n  got {response.describe()}\n  "
        + "\n  ".join(problems)
    )


# --- summary (keep last) ----------------------------------------------------------------------


def test_w3c_summary(summary: Callable[[str], None]) -> None:
    protocol, sd = TALLY["protocol"], TALLY["service-description"]
    lines = [
        f"W3C protocol: {len(protocol.passed)} passed, {len(protocol.failed)} failed, "
        f"{len(protocol.refused)} refused-as-update (of {len(PROTOCOL_TESTS)})",
        f"W3C service description: {len(sd.passed)} passed, {len(sd.failed)} failed "
        f"(of {len(SD_TESTS)})",
    ]
    lines += [f"  failed: {name}" for name in protocol.failed + sd.failed]
    ran = {*protocol.passed, *protocol.failed, *protocol.refused}
    ran |= {*sd.passed, *sd.failed}
    missing = [t.name for t in PROTOCOL_TESTS if t.name not in ran]
    missing += [name for name, _ in SD_TESTS if name not in ran]
    lines += [f"  not run (setup error or deselected): {name}" for name in missing]
    report = "\n".join(lines)
    summary(report)
    assert not protocol.failed and not sd.failed and not missing, report

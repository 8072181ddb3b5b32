"""A bounded load test on loopback (issue 14, item 7): 32 clients on a real uvicorn server over
the seed catalogue, 1,000 requests over a mix of what readers and scripts ask for, zero errors.

The mix (:data:`MIX`, drawn with a fixed seed): record pages in HTML and Turtle (every
``/id/cas-usage/…`` of the sitemap), the search with one or two facet values read from its form,
the home, statistics and map pages, the seven downloads, the DCAT catalogue's Hydra pages (HTML
and Turtle), and the example queries of ``sparql/`` by GET and by POST. Each answer must have its
status and media type, and its content: a download is the bytes whose size and SHA-256 the
catalogue declares, a query's answer has the rows (or the boolean, or the triples) of its
expected results file, a record page names its record. Each client has its own address
(``X-Forwarded-For`` from the loopback proxy uvicorn trusts), as readers do, so the per-client
SPARQL limit is not what is measured. A query the endpoint stops or refuses with 503 or 429
and ``Retry-After`` (the fair endpoint's short lane: on a busy two-core machine examples 01, 02,
10 and 14 take seconds each and meet one another) is asked again after that delay, three times
at most; still refused, it is counted as a documented refusal; pages never are. Latencies, p50
and p99 per kind of request, go to the « iacoll summaries » section; nothing is asserted about
time.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from bench.soak.stage import run_apart
from rdflib import Graph, URIRef

from iacoll import downloads
from iacoll.namespaces import DCAT, DEFAULT_BASE, SPDX
from iacoll.pages.browse import BY_KEY
from iacoll.settings import Settings
from iacoll.sources import ROOT
from tests.server import live_server

pytestmark = pytest.mark.server

CLIENTS = 32
REQUESTS = 1000
TIMEOUT = 60.0  # CI is slower, and runs two xdist workers
RETRIES = 3
RECONNECTS = 5  # per kind of request: more closed connections are errors
QUERIES = ROOT / "sparql"
HTML, TURTLE, RESULTS = "text/html", "text/turtle", "application/sparql-results+json"
# Kind of request → weight in the mix.
MIX = {
    "record-html": 8,
    "record-turtle": 4,
    "search": 6,
    "home": 2,
    "statistics": 2,
    "map": 2,
    "download": 2,
    "catalogue": 3,
    "sparql-get": 4,
    "sparql-post": 3,
}
Check = Callable[[httpx.Response], str | None]  # the problem with an answer, None when right


@dataclass(frozen=True)
class Call:
    """One request of the mix and how its answer is checked."""

    kind: str
    method: str
    path: str
    accept: str
    check: Check
    form: dict[str, str] | None = None


@dataclass
class Tally:
    """Latencies per kind and the requests whose answer was wrong."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    retried: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)  # still 503/429 after retries
    # connections closed before an answer, the request then sent again once on a new one
    reconnected: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Site:
    """What the mix draws from, read once from the server."""

    records: list[str]
    facets: list[tuple[str, str]]
    declared: dict[str, tuple[int, str]]  # download name → (size, SHA-256)
    pages: int  # catalogue pages


def _media(response: httpx.Response, expected: str) -> str | None:
    found = response.headers.get("content-type", "")
    if response.status_code != 200:
        return f"status {response.status_code}: {response.text[:200]!r}"
    return None if found.startswith(expected) else f"content type {found!r}, not {expected}"


def holding(expected: str, text: str) -> Check:
    """Status 200, media type ``expected``, ``text`` in the body."""

    def check(response: httpx.Response) -> str | None:
        wrong = _media(response, expected)
        if wrong is None and text not in response.text:
            return f"{text!r} not in the body"
        return wrong

    return check


def declared_file(media: str, size: int, sha256: str) -> Check:
    """A download: the bytes the catalogue declares."""

    def check(response: httpx.Response) -> str | None:
        wrong = _media(response, media)
        body = response.content
        if wrong is None and (len(body), hashlib.sha256(body).hexdigest()) != (size, sha256):
            return f"{len(body)} bytes, SHA-256 {hashlib.sha256(body).hexdigest()}: not declared"
        return wrong

    return check


@cache
def query_answer(query: Path) -> tuple[str, Check]:
    """The Accept header and the check of an example query: its expected rows, boolean or
    number of triples."""
    expected = QUERIES / "expected" / (query.stem + ".srj")
    if not expected.exists():
        triples = len(Graph().parse(QUERIES / "expected" / (query.stem + ".ttl")))
        return TURTLE, _graph_of(triples)
    oracle = json.loads(expected.read_text())
    return RESULTS, _results_like(oracle)


def _graph_of(triples: int) -> Check:
    def check(response: httpx.Response) -> str | None:
        wrong = _media(response, TURTLE)
        if wrong is None and len(Graph().parse(data=response.text, format="turtle")) != triples:
            return f"not the {triples} expected triples"
        return wrong

    return check


def _results_like(oracle: dict[str, object]) -> Check:
    def shape(body: dict[str, object]) -> object:
        results = body.get("results")
        return body.get("boolean") if "boolean" in body else len(results["bindings"])  # type: ignore[index]

    def check(response: httpx.Response) -> str | None:
        wrong = _media(response, RESULTS)
        if wrong is None and shape(response.json()) != shape(oracle):
            return f"{shape(response.json())} rows, expected {shape(oracle)}"
        return wrong

    return check


def read_site(url: str) -> Site:
    """Records from the sitemap, facet values from the search form, the declared downloads
    and the number of catalogue pages."""
    sitemap = httpx.get(url + "sitemap.xml", timeout=TIMEOUT).text
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    records = sorted(
        "/" + loc.removeprefix(DEFAULT_BASE) for loc in locs if "/id/cas-usage/" in loc
    )
    form = httpx.get(url + "recherche", timeout=TIMEOUT).text
    facets = sorted(
        {(k, v) for k, v in re.findall(r'name="([^"]+)" value="([^"]+)"', form) if k in BY_KEY}
    )
    first = httpx.get(url + "catalogue?page=1", headers={"Accept": TURTLE}, timeout=TIMEOUT)
    catalogue = Graph().parse(data=first.text, format="turtle")
    last = re.search(r"page=(\d+)", str(next(catalogue.objects(None, _HYDRA_LAST), "")))
    return Site(records, facets, _declared(catalogue), int(last.group(1)) if last else 1)


_HYDRA_LAST = URIRef("http://www.w3.org/ns/hydra/core#last")


def _declared(catalogue: Graph) -> dict[str, tuple[int, str]]:
    found = {}
    for download in downloads.DOWNLOADS:
        distribution = download.distribution(DEFAULT_BASE)
        size = catalogue.value(distribution, DCAT.byteSize)
        checksum = catalogue.value(distribution, SPDX.checksum)
        value = catalogue.value(checksum, SPDX.checksumValue)
        found[download.name] = (int(str(size)), str(value))
    return found


def draw(site: Site, kind: str, rng: random.Random) -> Call:
    """A request of ``kind``, drawn from ``site``."""
    if kind.startswith("record"):
        path = rng.choice(site.records)
        accept = HTML if kind == "record-html" else TURTLE
        return Call(kind, "GET", path, accept, holding(accept, path.rsplit("/", 1)[1]))
    if kind == "search":
        chosen = rng.sample(site.facets, rng.randint(1, 2))
        query = "&".join(f"{k}={v}" for k, v in chosen)
        return Call(kind, "GET", f"/recherche?{query}", HTML, holding(HTML, "</html>"))
    if kind in ("home", "statistics", "map"):
        path = {"home": "/", "statistics": "/statistiques", "map": "/carte"}[kind]
        return Call(kind, "GET", path, HTML, holding(HTML, "</html>"))
    if kind == "download":
        download = rng.choice(downloads.DOWNLOADS)
        check = declared_file(download.format.content_type, *site.declared[download.name])
        return Call(kind, "GET", f"/download/{download.name}", "*/*", check)
    if kind == "catalogue":
        page, accept = rng.randint(1, site.pages), rng.choice((HTML, TURTLE))
        text = "</html>" if accept == HTML else "hydra:"
        return Call(kind, "GET", f"/catalogue?page={page}", accept, holding(accept, text))
    example = rng.choice(sorted(QUERIES.glob("*.rq")))
    accept, check = query_answer(example)
    form = {"query": example.read_text()}
    if kind == "sparql-post":
        return Call(kind, "POST", "/sparql", accept, check, form)
    return Call(kind, "GET", "/sparql?" + urlencode(form), accept, check)


def plan(site: Site, count: int, seed: int = 14) -> list[Call]:
    """``count`` requests drawn from the mix, in a reproducible order."""
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    return [draw(site, kind, rng) for kind in kinds]


async def client(number: int, url: str, calls: list[Call], tally: Tally) -> None:
    """One reader, from its own address, taking the next call until there is none. Idle
    connections are dropped after a second, well before uvicorn's keep-alive timeout (5 s):
    httpx's default, the same 5 s, races the server's close under load."""
    headers = {"X-Forwarded-For": f"10.14.{number // 250}.{number % 250 + 1}"}
    limits = httpx.Limits(keepalive_expiry=1.0)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, timeout=TIMEOUT, limits=limits
    ) as http:
        while calls:
            call = calls.pop()
            started = time.perf_counter()
            problem = await answer(http, call, tally)
            tally.seconds[call.kind].append(time.perf_counter() - started)
            if problem is not None:
                tally.errors.append(f"{call.method} {call.path[:120]}: {problem}")


async def answer(http: httpx.AsyncClient, call: Call, tally: Tally) -> str | None:
    """The problem with the answer to ``call``, None when right. A query stopped to keep a
    worker for short ones (503) or refused for a full queue (429) says when to come back
    (``Retry-After``): the client does, as a script would, at most :data:`RETRIES` times; still
    refused then, it is a documented refusal (counted), not an error."""
    for attempt in range(RETRIES + 1):
        try:
            response = await http.request(
                call.method, call.path, headers={"Accept": call.accept}, data=call.form
            )
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            # A kept-alive connection closed as the request went out (RFC 9112 §9.3.1: a client
            # may send a safe request again on a new connection; every call here is a read),
            # once per call and at most RECONNECTS times per kind; beyond, an error.
            if tally.reconnected[call.kind] >= RECONNECTS or attempt == RETRIES:
                return f"{type(exc).__name__}: {exc}"
            tally.reconnected[call.kind] += 1
            try:
                response = await http.request(
                    call.method, call.path, headers={"Accept": call.accept}, data=call.form
                )
            except httpx.HTTPError as again:
                return f"{type(again).__name__} (sent again): {again}"
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
        later = response.headers.get("retry-after")
        if response.status_code not in (429, 503) or later is None:
            return call.check(response)
        tally.retried[call.kind] += 1
        if attempt < RETRIES:
            await asyncio.sleep(float(later))
    tally.refused[call.kind] += 1
    return None


async def run(url: str, calls: list[Call], clients: int) -> Tally:
    tally = Tally()
    pending = list(reversed(calls))
    await asyncio.gather(*(client(n, url, pending, tally) for n in range(clients)))
    return tally


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(tally: Tally, wall: float) -> str:
    total = sum(len(v) for v in tally.seconds.values())
    lines = [
        f"Load test: {CLIENTS} clients, {total} requests in {wall:.1f} s "
        f"({total / wall:.0f}/s), {len(tally.errors)} errors, "
        f"503/429 with Retry-After: {dict(tally.retried)}, still refused after {RETRIES} "
        f"retries: {dict(tally.refused)}; sent again after a closed connection: "
        f"{dict(tally.reconnected)}; "
        "latency p50 / p99 (ms):"
    ]
    everything = [s for values in tally.seconds.values() for s in values]
    for kind, values in [*sorted(tally.seconds.items()), ("all", everything)]:
        lines.append(
            f"  {kind:<14} {len(values):>5}  {1000 * statistics.median(values):>7.0f}"
            f"  {1000 * percentile(values, 0.99):>7.0f}"
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def server(seed_settings: Settings) -> Iterator[str]:
    """The seed catalogue served with a query deadline of a minute: on a busy two-core machine
    the heaviest example query (14, concepts per vocabulary) waits and runs past the default
    10 s behind the others (that deadline is test_sparql_fairness's)."""
    settings = Settings.from_env({}, store_path=seed_settings.store_path, query_timeout=TIMEOUT)
    with live_server(settings) as url:
        yield url


def test_32_clients_get_every_answer_right(server: str, summary: Callable[[str], None]) -> None:
    site = read_site(server)
    assert len(site.records) >= 50 and len(site.facets) > 30
    assert site.pages >= 2 and len(site.declared) == 7
    calls = plan(site, REQUESTS)
    started = time.perf_counter()
    tally = run_apart(run(server, calls, CLIENTS))
    summary(report(tally, time.perf_counter() - started))
    assert sum(len(v) for v in tally.seconds.values()) == REQUESTS
    assert set(tally.seconds) == set(MIX)
    assert tally.errors == [], "\n".join(tally.errors[:20])
    assert set(tally.retried) <= {"sparql-get", "sparql-post"}  # pages never wait

"""The abusive clients of issue 14, each looping until the deadline, and the readers the soak
times and searches for leaks while they run.

Each scenario counts what it sends (``payloads``) and what it gets (``statuses``); a 5xx other
than a documented refusal is a crash (:meth:`bench.soak.tally.Tally.answered`). Every client
sends its own ``X-Forwarded-For`` from loopback (uvicorn trusts it), so the per-client SPARQL
limit sees as many clients as the scenario says.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx

from bench.soak.tally import Tally

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BIG_ANSWER = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 9000"  # under the row cap
BIG_BODY = 200 * 10**6  # bytes of a flooding POST
CHUNK = 10**6
RECORD = "/id/cas-usage/amp-callbot-encombrants"
HUGE = "9" * 5000
GRACE = 2.0  # seconds past the deadline a request may still take
FIRST = 60.0  # … and a client's first request
ODD_ACCEPTS = (
    "text/html;q=0, */*;q=0.1", "text/html;q=0", "text/html;q=nan", "*/*;q=0",
    "text/turtle;q=inf", "application/x-inconnu", "", ";;;,,,q=", "text/*;q=1e309",
)  # fmt: skip
HOSTILE_QUERIES = (
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
    "DROP ALL",
    "SELECT * WHERE " + "{" * 2000 + " ?s ?p ?o " + "}" * 2000,
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "ASK { " + "OPTIONAL { " * 300 + "?s ?p ?o" + " }" * 300 + " }",
)
# GET routes, each also asked with HEAD.
ROUTES = (
    "/", "/recherche", "/carte", "/statistiques", "/sparql", "/catalogue", "/download/",
    "/def", "/shapes", "/vocab/", "/id/organisation/", "/sitemap.xml", "/robots.txt",
    "/download/iacoll.ttl", "/catalogue.ttl?page=1", RECORD, "/api", "/openapi.json",
)  # fmt: skip


async def upload(url: str, path: str, token: str, chunked: bool) -> tuple[int, int]:
    """POST :data:`BIG_BODY` bytes to ``path``, a megabyte at a time, until the server
    answers; its status (0 when none came) and the bytes sent by then."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BIG_BODY}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n{length}\r\n\r\n"
    )
    writer.write(head.encode())
    reply = asyncio.ensure_future(reader.readline())
    chunk = b"x" * CHUNK
    frame = f"{CHUNK:x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
    sent = 0
    try:
        while sent < BIG_BODY and not reply.done():
            writer.write(frame)
            await asyncio.wait_for(writer.drain(), 10)
            sent += CHUNK
    except (OSError, TimeoutError):
        pass  # the server closed the connection, or stopped reading: its answer tells why
    try:
        status = int((await asyncio.wait_for(reply, 30)).split()[1])
    except (OSError, TimeoutError, IndexError, ValueError):
        status = 0
    writer.close()
    return status, sent


Scenario = Callable[[httpx.AsyncClient, int], Awaitable[None]]


def address(group: int, number: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.{group}.{number // 250}.{number % 250 + 1}"}


class Floods:
    """The scenarios, against ``url`` until ``deadline`` (``time.monotonic``)."""

    def __init__(self, url: str, tally: Tally, deadline: float, contributor: str) -> None:
        self.url, self.tally, self.deadline, self.contributor = url, tally, deadline, contributor
        self.get_status: dict[str, int] = {}
        self.routes_to_head: list[str] = list(ROUTES)
        self.headed = 0  # HEAD requests sent

    async def repeat(self, name: str, clients: int, scenario: Scenario, group: int) -> None:
        """``clients`` clients of ``scenario``, each from its own address, until the deadline."""

        async def one(number: int) -> None:
            limits = httpx.Limits(keepalive_expiry=1.0)
            async with httpx.AsyncClient(
                base_url=self.url, timeout=120, headers=address(group, number), limits=limits
            ) as http:
                first = True  # each client's first request is answered, however late
                while (left := self.deadline - time.monotonic()) > 0 or first:
                    self.tally.payloads[name] += 1
                    patience = max(left, 0) + (FIRST if first else GRACE)
                    first = False
                    try:  # later ones hang up at the deadline, as impatient clients do
                        await asyncio.wait_for(scenario(http, number), patience)
                    except TimeoutError:
                        self.tally.statuses[f"{name} cut at the deadline"] += 1
                    except httpx.HTTPError as exc:
                        self.tally.statuses[f"{name} {type(exc).__name__}"] += 1
                        await asyncio.sleep(0.5)

        await asyncio.gather(*(one(n) for n in range(clients)))

    def route(self, method: str, path: str) -> None:
        self.tally.routes.add(f"{method} {path.split('?')[0]}")

    async def runaway(self, http: httpx.AsyncClient, number: int) -> None:
        """A slow SPARQL POST (the cross product of every triple, three times)."""
        self.route("POST", "/sparql")
        answer = await http.post("/sparql", data={"query": RUNAWAY})
        self.tally.answered("runaway", answer)
        if answer.status_code == 429:
            await asyncio.sleep(float(answer.headers.get("retry-after", "1")))

    async def facets(self, http: httpx.AsyncClient, number: int) -> None:
        """A search with 5,000 made-up theme values."""
        self.route("GET", "/recherche")
        query = "&".join(f"theme=x{n}" for n in range(5000))
        answer = await http.get(f"/recherche?{query}")
        self.tally.answered("facets", answer)
        self.tally.scan("/recherche?theme=x0…", answer.content)

    async def big_body(self, http: httpx.AsyncClient, number: int) -> None:
        """A 200 MB POST, streamed (declared length, or chunked), to the SPARQL endpoint and to
        the write API: it must be refused (413) before it is read. Sent on a raw connection, so
        that the answer is seen as soon as it comes: the megabytes sent by then are counted."""
        path = "/sparql" if number % 2 else "/api/v1/fiches"
        chunked = (number // 2) % 2 == 1
        self.route("POST", path)
        status, sent = await upload(self.url, path, self.contributor, chunked)
        self.tally.statuses[f"big-body {status}"] += 1
        self.tally.uploads.append(sent)
        if status != 413 or sent >= BIG_BODY:
            way = "chunked" if chunked else "declared length"
            self.tally.failures.append(f"200 MB POST {path} ({way}): {status} after {sent} bytes")
        await asyncio.sleep(0.5)

    async def unread(self, http: httpx.AsyncClient, number: int) -> None:
        """Opens a big answer (every triple; a dump) and reads nothing of it for 20 s."""
        path = "/sparql" if number % 2 else "/download/iacoll.nt"
        self.route("GET", path)
        params = {"query": BIG_ANSWER} if path == "/sparql" else None
        accept = {"Accept": "application/n-triples"}
        async with http.stream("GET", path, params=params, headers=accept) as answer:
            if answer.status_code != 200:
                await answer.aread()  # a refusal: short
            self.tally.answered("unread", answer)
            await asyncio.sleep(min(20.0, max(0.0, self.deadline - time.monotonic())))

    async def hostile(self, http: httpx.AsyncClient, number: int) -> None:
        """SERVICE, LOAD, FROM <http…>, updates, deep nesting: refused, never a crash."""
        query = HOSTILE_QUERIES[number % len(HOSTILE_QUERIES)]
        self.route("POST", "/sparql")
        answer = await http.post("/sparql", data={"query": query})
        self.tally.answered("hostile", answer)
        self.tally.scan("/sparql (hostile)", answer.content)
        await asyncio.sleep(0.2)

    async def odd(self, http: httpx.AsyncClient, number: int) -> None:
        """Huge ``?page=`` numbers and odd ``Accept`` headers."""
        for path in (
            f"/recherche?page={HUGE}",
            f"/catalogue.ttl?page={HUGE}",
            f"/flux/ldes/{HUGE}",
        ):
            self.route("GET", path)
            answer = await http.get(path)
            self.tally.answered("huge-page", answer)
            self.tally.scan(path[:40], answer.content)
        for accept in ODD_ACCEPTS:
            self.route("GET", RECORD)
            answer = await http.get(RECORD, headers={"Accept": accept})
            self.tally.answered("odd-accept", answer)
            self.tally.scan(RECORD, answer.content)
        await asyncio.sleep(0.5)

    async def heads(self, http: httpx.AsyncClient, number: int) -> None:
        """HEAD on the next GET route (those above, then every GET of the OpenAPI description
        without a path parameter, in turn): the GET's status, no body."""
        if not self.get_status:
            described = (await http.get("/openapi.json")).json().get("paths", {})
            found = sorted(p for p, ops in described.items() if "get" in ops and "{" not in p)
            self.routes_to_head = list(dict.fromkeys([*ROUTES, *found]))
        path = self.routes_to_head[self.headed % len(self.routes_to_head)]
        self.headed += 1
        self.route("HEAD", path)
        started = time.monotonic()
        answer = await http.head(path, timeout=30)
        self.tally.answered("head", answer)
        if time.monotonic() - started > 10:
            self.tally.notes.append(f"HEAD {path}: {time.monotonic() - started:.0f} s")
        if path not in self.get_status:
            self.get_status[path] = (await http.get(path, timeout=30)).status_code
        if answer.status_code != self.get_status[path] or answer.content:
            self.tally.failures.append(
                f"HEAD {path}: {answer.status_code} ({len(answer.content)} bytes), "
                f"GET {self.get_status[path]}"
            )

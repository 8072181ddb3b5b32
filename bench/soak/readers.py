"""The readers the soak serves while the floods run: a reader of pages, timed (home, search,
a record), and a leak sweep that reads what a published record reaches — its pages in HTML,
Turtle and JSON-LD, the search and its exports, the feeds, the sitemap, the downloads, SPARQL
over every graph — and searches each answer for the planted marks."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import quote

import httpx

from bench.soak.tally import MARKS, Tally
from iacoll.namespaces import DEFAULT_BASE

PAGES = {
    "home": "/",
    "search": "/recherche?q=callbot",
    "record": "/id/cas-usage/amp-callbot-encombrants",
}
SWEEP = (
    "/recherche", "/recherche.json", "/recherche.csv", "/sitemap.xml", "/flux/atom.xml",
    "/flux/ldes", "/statistiques", "/catalogue", "/catalogue.ttl?page=1", "/download/iacoll.nt",
    "/download/iacoll.csv",
)  # fmt: skip
FIND_MARKS = (
    'SELECT ?s ?o WHERE { ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), "%s")) } LIMIT 10',
    'SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), "%s")) } } LIMIT 10',
)


async def read_pages(url: str, tally: Tally, deadline: float) -> None:
    """Ask for each page in turn, timed; anything but the page is a failure."""
    headers = {"X-Forwarded-For": "10.99.0.1", "Accept": "text/html"}
    limits = httpx.Limits(keepalive_expiry=1.0)
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers, limits=limits) as http:
        while time.monotonic() < deadline:
            for name, path in PAGES.items():
                started = time.perf_counter()
                try:
                    answer = await http.get(path)
                except httpx.HTTPError as exc:
                    tally.failures.append(f"{path}: {type(exc).__name__}")
                    continue
                tally.pages[name].append(time.perf_counter() - started)
                tally.routes.add(f"GET {path.split('?')[0]}")
                tally.answered("pages", answer)
                if answer.status_code != 200:
                    tally.failures.append(f"{path}: {answer.status_code}")
                tally.scan(path, answer.content)
            await asyncio.sleep(0.2)


async def sweep(url: str, tally: Tally, deadline: float) -> None:
    """Read what the published records reach, again and again, searching for the marks."""
    headers = {"X-Forwarded-For": "10.98.0.1"}
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as http:
        while time.monotonic() < deadline:
            try:
                await asyncio.wait_for(_sweep_once(http, tally), deadline - time.monotonic() + 2)
            except TimeoutError:
                return
            await asyncio.sleep(1.0)


async def _sweep_once(http: httpx.AsyncClient, tally: Tally) -> None:
    for mark in MARKS:
        await _search(http, tally, mark)
    paths = list(SWEEP)
    for iri in tally.published[-3:] + tally.drafts[-2:]:
        paths.append("/" + iri.removeprefix(DEFAULT_BASE))
        paths.append("/graph/restreint/" + iri.removeprefix(DEFAULT_BASE + "id/"))
    for path in paths:
        for accept in ("text/html", "text/turtle", "application/ld+json"):
            await _read(http, tally, path, {"Accept": accept})
            if not path.startswith(("/id/", "/graph/")):
                break
    for mark in MARKS:
        for query in FIND_MARKS:
            params = {"query": query % mark}
            await _read(
                http, tally, "/sparql", {"Accept": "application/sparql-results+json"}, params
            )


async def _search(http: httpx.AsyncClient, tally: Tally, mark: str) -> None:
    """The search for a mark finds no record (the mark itself is echoed in the page)."""
    for path in (f"/recherche?q={quote(mark)}", f"/recherche.json?q={quote(mark)}"):
        answer = await http.get(path)
        tally.routes.add(f"GET {path.split('?')[0]}")
        tally.answered("sweep", answer)
        tally.scanned += 1
        found = [
            iri for iri in tally.published + tally.drafts if iri.rsplit("/", 1)[1] in answer.text
        ]
        tally.leaks += [f"{path}: finds {iri}" for iri in found]


async def _read(
    http: httpx.AsyncClient,
    tally: Tally,
    path: str,
    headers: dict[str, str],
    params: dict[str, str] | None = None,
) -> None:
    try:
        answer = await http.get(path, headers=headers, params=params)
    except httpx.HTTPError as exc:
        tally.statuses[f"sweep {type(exc).__name__}"] += 1
        return
    tally.routes.add(f"GET {path.split('?')[0]}")
    tally.answered("sweep", answer)
    tally.scan(f"{path} [{headers.get('Accept')}]", answer.content)

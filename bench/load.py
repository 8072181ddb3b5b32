"""Closed-loop load: ``clients`` concurrent httpx clients send a mix of requests for a fixed
time; latencies, statuses and throughput. And crawls that follow links page after page (a Hydra
harvest, an LDES feed) under a time cap.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Request:
    """One request of a mix: a label (query or page name), a path and its parameters."""

    label: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Stats:
    """What one workload measured."""

    requests: int
    errors: int
    seconds: float
    median_ms: float
    p99_ms: float
    per_s: float
    statuses: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def percentile(samples: Sequence[float], share: float) -> float:
    """The ``share`` percentile of ``samples`` (nearest rank), 0 when empty."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(latencies: list[float], statuses: dict[str, int], seconds: float) -> Stats:
    errors = sum(n for status, n in statuses.items() if not status.startswith("2"))
    return Stats(
        requests=len(latencies),
        errors=errors,
        seconds=round(seconds, 2),
        median_ms=round(statistics.median(latencies) * 1000, 2) if latencies else 0.0,
        p99_ms=round(percentile(latencies, 0.99) * 1000, 2),
        per_s=round((len(latencies) - errors) / seconds, 2) if seconds else 0.0,
        statuses=dict(sorted(statuses.items())),
    )


async def _client(
    http: httpx.AsyncClient,
    mix: itertools.cycle[Request],
    deadline: float,
    latencies: list[float],
    statuses: dict[str, int],
) -> None:
    while time.monotonic() < deadline:
        request = next(mix)
        start = time.perf_counter()
        try:
            answer = await http.get(request.path, params=request.params, headers=request.headers)
            await answer.aread()
            status = str(answer.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        latencies.append(time.perf_counter() - start)
        statuses[status] = statuses.get(status, 0) + 1


async def _run(base: str, mix: Sequence[Request], clients: int, seconds: float) -> Stats:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, limits=limits) as http:
        start = time.monotonic()
        deadline = start + seconds
        tasks = []
        for number in range(clients):  # each client starts at its own place in the mix
            shifted = [*mix[number % len(mix) :], *mix[: number % len(mix)]]
            tasks.append(_client(http, itertools.cycle(shifted), deadline, latencies, statuses))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - start
    return summary(latencies, statuses, elapsed)


def run(base: str, mix: Sequence[Request], clients: int, seconds: float) -> Stats:
    """``clients`` clients send ``mix`` in a loop to ``base`` for ``seconds``."""
    return asyncio.run(_run(base, mix, clients, seconds))


@dataclass
class Crawl:
    """A crawl following links: pages read, whether it reached the end, time per page."""

    pages: int
    finished: bool
    total_s: float
    page_median_ms: float
    page_p99_ms: float
    items: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def crawl(
    base: str,
    first: str,
    following: Callable[[httpx.Response], tuple[list[str], int]],
    cap_s: float,
    headers: dict[str, str] | None = None,
) -> Crawl:
    """Read ``first``, then every path ``following`` finds in each page (with its item count),
    until none is left or ``cap_s`` has passed."""
    seen, todo, latencies, items = {first}, [first], [], 0
    start = time.perf_counter()
    with httpx.Client(base_url=base, timeout=max(TIMEOUT_S, cap_s)) as http:
        while todo and time.perf_counter() - start < cap_s:
            path = todo.pop(0)
            began = time.perf_counter()
            answer = http.get(path, headers=headers or {})
            latencies.append(time.perf_counter() - began)
            answer.raise_for_status()
            links, count = following(answer)
            items += count
            for link in links:
                if link not in seen:
                    seen.add(link)
                    todo.append(link)
    return Crawl(
        pages=len(latencies),
        finished=not todo,
        total_s=round(time.perf_counter() - start, 2),
        page_median_ms=round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        page_p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        items=items,
    )

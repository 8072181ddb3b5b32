"""What the soak counts while it runs, and the summary it prints."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import httpx

# Marks planted by :mod:`bench.soak.writes`: in the restricted fields of every published record,
# and in the titles of drafts and submissions never published. No public answer may hold one.
RESTRICTED_MARK = "fuite-soak-4c1d"
UNPUBLISHED_MARK = "brouillon-soak-8e2f"
MARKS = (RESTRICTED_MARK, UNPUBLISHED_MARK)


@dataclass
class Tally:
    """Everything the soak observed."""

    routes: set[str] = field(default_factory=set)  # "METHOD /path" probed
    payloads: Counter[str] = field(default_factory=Counter)  # abusive requests, per scenario
    statuses: Counter[str] = field(default_factory=Counter)  # "scenario status" → count
    crashes: list[str] = field(default_factory=list)  # undocumented 5xx, server or worker gone
    failures: list[str] = field(default_factory=list)  # a page not served, a body read whole…
    uploads: list[int] = field(default_factory=list)  # bytes of a 200 MB POST sent when refused
    leaks: list[str] = field(default_factory=list)  # "url: mark"
    scanned: int = 0  # public bodies searched for the marks
    pages: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    rss_peak: int = 0  # bytes, the server's whole process tree
    rss_start: int = 0
    published: list[str] = field(default_factory=list)  # IRIs published through the API
    drafts: list[str] = field(default_factory=list)  # IRIs saved, never published
    lost: list[str] = field(default_factory=list)  # committed, then missing
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: start, flood, checks

    def answered(self, scenario: str, response: httpx.Response) -> None:
        """Count ``response``; a 5xx that is not a documented refusal is a crash."""
        self.statuses[f"{scenario} {response.status_code}"] += 1
        if response.status_code >= 500 and not documented(response):
            url = response.request.url
            self.crashes.append(f"{scenario}: {response.status_code} on {url.path[:80]}")

    def scan(self, url: str, body: bytes) -> None:
        """Search a public body for the marks."""
        self.scanned += 1
        text = body.decode("utf-8", errors="replace").lower()
        self.leaks += [f"{url[:100]}: {mark}" for mark in MARKS if mark in text]


def documented(response: httpx.Response) -> bool:
    """A refusal the endpoint documents: 503 or 429 with ``Retry-After``, or a query stopped
    at its deadline (503, « durée maximale »)."""
    if response.status_code in (429, 503) and "retry-after" in response.headers:
        return True
    return response.status_code == 503 and b"dur\xc3\xa9e maximale" in response.content


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(tally: Tally, duration: float, clients: int) -> str:
    """The lines ``make soak`` prints."""
    lines = [
        f"Soak: {duration:.0f} s, {clients} runaway SPARQL clients among the floods",
        f"  routes probed     {len(tally.routes)}",
        f"  payloads tried    {sum(tally.payloads.values())} "
        + ", ".join(f"{k} {v}" for k, v in sorted(tally.payloads.items())),
        f"  leaks             {len(tally.leaks)} ({tally.scanned} public answers searched)",
        f"  crashes           {len(tally.crashes)}",
        f"  records lost      {len(tally.lost)} "
        f"({len(tally.published)} published, {len(tally.drafts)} left unpublished)",
        f"  other failures    {len(tally.failures)} (pages not served, HEAD unlike GET, "
        "200 MB bodies not refused early)",
        f"  200 MB POSTs      {len(tally.uploads)}, refused after "
        f"{max(tally.uploads, default=0) / 10**6:.0f} MB sent at most",
        f"  peak RSS          {tally.rss_peak / 2**20:.0f} MiB (process tree; "
        f"{tally.rss_start / 2**20:.0f} MiB at start)",
        "  page latency under flood, p50 / p99 (ms):",
    ]
    for page, seconds in sorted(tally.pages.items()):
        lines.append(
            f"    {page:<12} {len(seconds):>5}  {1000 * statistics.median(seconds):>7.0f}"
            f"  {1000 * percentile(seconds, 0.99):>7.0f}"
        )
    lines.append("  phases: " + ", ".join(f"{k} {v:.0f} s" for k, v in tally.phases.items()))
    lines.append("  answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
    problems = tally.leaks + tally.crashes + tally.lost + tally.failures + tally.notes
    lines += [f"  ! {p}" for p in problems[:30]]
    return "\n".join(lines)


def failed(tally: Tally) -> bool:
    """Whether the soak found a leak, a crash, a lost record or a page not served."""
    return bool(tally.leaks or tally.crashes or tally.lost or tally.failures)

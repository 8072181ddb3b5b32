"""The page workloads of issue 13 on one code tree, to compare two trees side by side.

``python -m bench.pages_ab LABEL SRC STORE [SECONDS] > LABEL.json`` serves a fresh copy of the
built store ``STORE`` (copied next to it, removed after) with ``PYTHONPATH=SRC`` and the working
folder ``SRC/..`` (the ``data/`` files), then measures: one pass over 100 record pages in HTML
and 100 in Turtle, each asked once (nothing cached yet: the rendering path); a Hydra harvest of
``/catalogue.ttl`` twice (first: every page built; second: as kept); 10 HTML catalogue pages;
the Atom feed; the LDES feed from ``/flux/ldes`` twice; then the page mixes of
:func:`bench.mixes.pages` with 1 and 8 clients for ``SECONDS`` each. Run it for ``main`` and for
a branch one after the other in the same session and compare the ratios, not the absolute
timings (bench/results/2026-12-07-pages.md).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import load, mixes, servers


def _log(label: str, message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {label}: {message}", file=sys.stderr, flush=True)


def one_pass(http: httpx.Client, paths: list[str], headers: dict[str, str] | None = None) -> Any:
    """Each path asked once, in order: p50, mean and p99 in ms."""
    latencies = []
    for path in paths:
        began = time.perf_counter()
        answer = http.get(path, headers=headers or {})
        latencies.append(time.perf_counter() - began)
        answer.raise_for_status()
    return {
        "n": len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "mean_ms": round(statistics.mean(latencies) * 1000, 2),
        "p99_ms": round(load.percentile(latencies, 0.99) * 1000, 2),
    }


def measure(label: str, src: Path, built: Path, seconds: float) -> dict[str, Any]:
    """Everything above, on ``built`` served by the code under ``src``."""
    store = built.parent / f"{built.name}-{label}"
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run(["cp", "-a", str(built), str(store)], check=True)
    os.environ["PYTHONPATH"] = str(src)
    os.chdir(src.parent)
    records = mixes.sample_records(store / "public", 200)
    paths = [mixes.local(r) for r in records]
    turtle, trig = {"Accept": "text/turtle"}, {"Accept": "application/trig"}
    out: dict[str, Any] = {"label": label, "src": str(src)}
    with servers.iacoll(store) as server:
        out["start_s"] = server.start_s
        with httpx.Client(base_url=server.base, timeout=120) as http:
            out["record-html cold pass"] = one_pass(http, paths[:100])
            out["record-turtle cold pass"] = one_pass(
                http, [p + ".ttl" for p in paths[100:]], turtle
            )
        for run in ("cold", "warm"):
            _log(label, f"harvest {run}")
            out[f"harvest {run}"] = load.crawl(
                server.base, "/catalogue.ttl", mixes.hydra_next, 600, turtle
            ).as_dict()
        with httpx.Client(base_url=server.base, timeout=120) as http:
            html_pages = [f"/catalogue?page={k}" for k in range(11, 21)]
            out["catalogue html cold pass"] = one_pass(http, html_pages)
            began = time.perf_counter()
            http.get("/flux/publications.atom").raise_for_status()
            out["atom cold ms"] = round((time.perf_counter() - began) * 1000, 1)
        for run in ("cold", "warm"):
            _log(label, f"ldes {run}")
            out[f"ldes {run}"] = load.crawl(
                server.base, "/flux/ldes", mixes.ldes_next, 600, trig
            ).as_dict()
        for name, mix in mixes.pages(records).items():
            for clients in (1, 8):
                _log(label, f"{name} × {clients}")
                out[f"{name}/{clients}"] = load.run(server.base, mix, clients, seconds).as_dict()
        out["peak_rss_mb"] = round(server.peak_rss_mb)
    shutil.rmtree(store, ignore_errors=True)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    seconds = float(args[3]) if len(args) > 3 else 5.0
    found = measure(args[0], Path(args[1]).resolve(), Path(args[2]).resolve(), seconds)
    print(json.dumps(found, indent=1))

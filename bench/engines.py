"""SPARQL engines side by side on the iacoll catalogue: rdflib, pyoxigraph, the iacoll endpoint.

Not a test: a measurement, run by hand (``make bench``) and committed as a baseline under
``bench/results/``. Three systems answer the same example queries of ``sparql/`` over the same
data, one after the other on the same machine:

* ``rdflib`` — rdflib's own SPARQL engine over an in-memory ``Dataset`` (the Python peer);
* ``oxigraph`` — pyoxigraph's engine over an in-memory ``Store`` (what iacoll embeds);
* ``endpoint`` — the running iacoll server (``iacoll serve`` in a subprocess, HTTP on loopback,
  guard + killable worker process + serialisation), at scale 1 only: the gateway's overhead.

The data is the public part of the seed catalogue (vocabularies, records, organisations,
catalogue), and larger catalogues made by copying every record and organisation ``k`` times under
new IRIs (vocabularies are shared), so the queries keep their meaning. Result counts are
cross-checked between systems: a benchmark of wrong answers measures nothing.

It also times the endpoint's guard on pathological query texts of growing length (the
linear-time property of its lexer is measured here, not asserted in a test).

Usage: ``python -m bench.engines [--scale 1 4] [--repeat 5] [--out bench/results]``. The default
stops at scale 4: at scale 16 (≈140 000 triples) rdflib had not finished after 25 minutes on a
2-core machine (queries 14, 16 and 19 grow faster than the data), so larger scales are for
``--scale`` by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from iacoll import sources, store
from iacoll.settings import Settings
from iacoll.sparql import guard
from iacoll.terms import to_oxigraph

QUERIES = sorted((sources.ROOT / "sparql").glob("*.rq"))
RECORD_SPACE = "id/"  # records, systems, organisations, fiches: copied at scale k
SLOW_S = 5.0  # a query slower than this on its warm-up is timed once more, not ``repeat`` times


@dataclass
class Timing:
    """Median and spread of the repeated runs of one query on one system."""

    median_ms: float
    p95_ms: float
    results: int


@dataclass
class Run:
    """All measurements at one scale."""

    scale: int
    triples: int
    load_s: dict[str, float] = field(default_factory=dict)
    queries: dict[str, dict[str, Timing]] = field(default_factory=dict)


def _public_graphs(settings: Settings) -> dict[str, Graph]:
    """The public named graphs, computed from the source files as a build does."""
    return {
        named.iri(settings.base_iri): store.content(named, settings)
        for named in store.GRAPHS
        if named.public
    }


def _scaled(graphs: dict[str, Graph], base_iri: str, k: int) -> dict[str, Graph]:
    """Copy every record and organisation ``k`` times under new IRIs; share the vocabularies."""
    if k == 1:
        return graphs
    prefix = base_iri + RECORD_SPACE
    out: dict[str, Graph] = {}
    for name, graph in graphs.items():
        if name.endswith("/vocabulaires"):
            out[name] = graph
            continue
        scaled = Graph()
        for copy in range(k):
            suffix = "" if copy == 0 else f"-x{copy}"

            def rename(term: Any, suffix: str = suffix) -> Any:
                if suffix and isinstance(term, URIRef) and str(term).startswith(prefix):
                    return URIRef(str(term) + suffix)
                return term

            for s, p, o in graph:
                scaled.add((rename(s), p, rename(o)))
        out[name] = scaled
    return out


def _rdflib_dataset(graphs: dict[str, Graph]) -> Dataset:
    dataset = Dataset(default_union=True)
    for name, graph in graphs.items():
        target = dataset.graph(URIRef(name))
        for triple in graph:
            target.add(triple)
    return dataset


def _oxigraph_store(graphs: dict[str, Graph]) -> ox.Store:
    memory = ox.Store()
    for name, graph in graphs.items():
        node = ox.NamedNode(name)
        memory.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), node)  # type: ignore[arg-type]
            for s, p, o in graph
        )
    return memory


def _count_rdflib(dataset: Dataset, text: str) -> int:
    result = dataset.query(text)
    if result.type == "ASK":
        return 1 if result.askAnswer else 0
    return len(list(result))


def _count_oxigraph(memory: ox.Store, text: str) -> int:
    result = memory.query(text, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return 1 if bool(result) else 0
    return sum(1 for _ in result)


def _time(call: Callable[[], int], repeat: int) -> Timing:
    start = time.perf_counter()
    call()  # warm-up (parsing caches, lazy indexes)
    if time.perf_counter() - start > SLOW_S:
        repeat = 1  # keep the whole run bounded: one more sample of a slow query is enough
    samples, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(round(statistics.median(samples), 2), round(p95, 2), count)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _endpoint_timings(repeat: int) -> tuple[dict[str, Timing], dict[str, float]]:
    """Run every query through a real ``iacoll serve``; also time a cold build and a restart."""
    binary = str(Path(sys.executable).with_name("iacoll"))
    timings: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory(prefix="iacoll-bench-") as folder:
        env = {**os.environ, "IACOLL_STORE_PATH": folder}
        phases = {}
        for phase in ("build_cold_s", "build_noop_s"):
            start = time.perf_counter()
            subprocess.run([binary, "build"], env=env, check=True, capture_output=True)
            phases[phase] = round(time.perf_counter() - start, 2)
        port = _free_port()
        server = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/sparql"
            with httpx.Client(timeout=30) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        client.get(f"http://127.0.0.1:{port}/.well-known/void")
                        break
                    except httpx.TransportError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.2)
                for path in QUERIES:
                    text = path.read_text(encoding="utf-8")

                    def ask(text: str = text) -> int:
                        response = client.post(
                            url,
                            content=text.encode(),
                            headers={
                                "Content-Type": "application/sparql-query",
                                "Accept": "application/sparql-results+json, application/n-triples",
                            },
                        )
                        response.raise_for_status()
                        if response.headers["content-type"].startswith("application/n-triples"):
                            return sum(1 for line in response.text.splitlines() if line.strip())
                        body = response.json()
                        if "boolean" in body:
                            return 1 if body["boolean"] else 0
                        return len(body["results"]["bindings"])

                    timings[path.stem] = _time(ask, repeat)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return timings, phases


def measure(scales: list[int], repeat: int) -> tuple[list[Run], dict[str, float]]:
    """Measure every scale; the endpoint only at scale 1 (its store is the seed store)."""
    settings = Settings.from_env()
    seed = _public_graphs(settings)
    runs = []
    for k in scales:
        graphs = _scaled(seed, settings.base_iri, k)
        run = Run(scale=k, triples=sum(len(g) for g in graphs.values()))
        start = time.perf_counter()
        dataset = _rdflib_dataset(graphs)
        run.load_s["rdflib"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        memory = _oxigraph_store(graphs)
        run.load_s["oxigraph"] = round(time.perf_counter() - start, 3)
        for path in QUERIES:
            text = path.read_text(encoding="utf-8")
            run.queries[path.stem] = {
                "rdflib": _time(partial(_count_rdflib, dataset, text), repeat),
                "oxigraph": _time(partial(_count_oxigraph, memory, text), repeat),
            }
        runs.append(run)
        print(f"scale {k}: {run.triples} triples measured", file=sys.stderr)
    endpoint, phases = _endpoint_timings(repeat)
    if runs and runs[0].scale == 1:
        for name, timing in endpoint.items():
            runs[0].queries[name]["endpoint"] = timing
    return runs, phases


PATHOLOGICAL = ("a.", "'a\\'", "<a", "ex:a.", '"""a""')  # inputs that trip backtracking lexers


def guard_timings(repeat: int) -> dict[str, list[float]]:
    """Milliseconds the endpoint's guard takes on pathological queries of growing length
    (¼, ½ and all of the maximum): linear growth means no catastrophic backtracking."""
    out: dict[str, list[float]] = {}
    for unit in PATHOLOGICAL:
        row = []
        for fraction in (4, 2, 1):
            query = unit * (guard.MAX_QUERY_LENGTH // fraction // len(unit))

            def run(query: str = query) -> int:
                with contextlib.suppress(guard.QueryUnreadable, guard.QueryRefused):
                    guard.check_query(query, ())
                return 0

            row.append(_time(run, repeat).median_ms)
        out[unit] = row
    return out


def _check(runs: list[Run]) -> list[str]:
    """Queries whose result counts differ between systems (a benchmark of wrong answers)."""
    problems = []
    for run in runs:
        for name, systems in run.queries.items():
            counts = {system: t.results for system, t in systems.items()}
            if len(set(counts.values())) > 1:
                problems.append(f"scale {run.scale}, {name}: {counts}")
    return problems


def _ratio(slow: float, fast: float) -> str:
    return f"{slow / fast:.1f}×" if fast > 0 else "—"


def markdown(
    runs: list[Run], phases: dict[str, float], problems: list[str], guards: dict[str, list[float]]
) -> str:
    """The report: one table per scale, then the geometric-mean speed-up."""
    lines = [
        "# SPARQL engines on the iacoll catalogue",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}. Median of the repeated runs after one warm-up, in ms.",
        "",
        f"Store build from the sources (`iacoll build`): cold {phases.get('build_cold_s')} s "
        f"(validation included), restart on a built store {phases.get('build_noop_s')} s.",
        "",
    ]
    for run in runs:
        with_endpoint = any("endpoint" in s for s in run.queries.values())
        head = "| query | rdflib | oxigraph | rdflib / oxigraph |"
        rule = "|---|---:|---:|---:|"
        if with_endpoint:
            head += " endpoint (HTTP) | endpoint / oxigraph |"
            rule += "---:|---:|"
        lines += [
            f"## Scale {run.scale}: {run.triples:,} triples",
            "",
            f"Load: rdflib {run.load_s['rdflib']} s, oxigraph {run.load_s['oxigraph']} s "
            f"({_ratio(run.load_s['rdflib'], run.load_s['oxigraph'])}).",
            "",
            head,
            rule,
        ]
        speedups = []
        for name, systems in run.queries.items():
            rdf, oxi = systems["rdflib"], systems["oxigraph"]
            speedups.append(rdf.median_ms / max(oxi.median_ms, 0.01))
            speedup = _ratio(rdf.median_ms, oxi.median_ms)
            row = f"| {name} | {rdf.median_ms} | {oxi.median_ms} | {speedup} |"
            if with_endpoint and "endpoint" in systems:
                end = systems["endpoint"]
                row += f" {end.median_ms} | {_ratio(end.median_ms, oxi.median_ms)} |"
            lines.append(row)
        geo = statistics.geometric_mean(speedups)
        lines += ["", f"Geometric mean of rdflib / oxigraph: **{geo:.1f}×**.", ""]
    size = guard.MAX_QUERY_LENGTH
    lines += [
        "## The endpoint's guard on pathological queries",
        "",
        f"Median ms to read a query made of one unit repeated up to {size // 4:,}, {size // 2:,}"
        f" and {size:,} characters (the maximum): time should double with length.",
        "",
        "| unit | ¼ | ½ | all |",
        "|---|---:|---:|---:|",
        *(f"| `{u}` | {t[0]} | {t[1]} | {t[2]} |" for u, t in guards.items()),
        "",
    ]
    lines += ["## Cross-check", ""]
    lines += [f"- DIFFERENT COUNTS: {p}" for p in problems] or [
        "Every query returned the same number of results on every system."
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    runs, phases = measure(args.scale, args.repeat)
    problems = _check(runs)
    guards = guard_timings(args.repeat)
    report = markdown(runs, phases, problems, guards)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "engines.md").write_text(report, encoding="utf-8")
    raw = {
        "phases": phases,
        "runs": [
            {
                "scale": r.scale,
                "triples": r.triples,
                "load_s": r.load_s,
                "queries": {q: {s: t.__dict__ for s, t in v.items()} for q, v in r.queries.items()},
            }
            for r in runs
        ],
        "problems": problems,
        "guard_ms": guards,
    }
    (args.out / "engines.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    print(report)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()

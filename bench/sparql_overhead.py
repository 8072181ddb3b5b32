"""The SPARQL endpoint's overhead over the engine alone: the explore mix on ``oxigraph
serve-read-only`` and on ``iacoll serve`` from one or more source trees (``main`` and a branch,
say), on copies of the same built store, all running at once and measured in turn, in one run.

Usage: ``python -m bench.sparql_overhead STORE --src before=/work/main/src after=src
[--clients 1 8 32] [--seconds 10] [--repeat 3] [--work DIR] [--json FILE]`` (a ``--src`` value
is a ``PYTHONPATH``: ``name=src:/other/dir`` adds packages): prints a Markdown table (the median
round's req/s, p50 and p99, the CPU the server's process tree used per request, each iacoll's
ratio to oxigraph) and checks that every system gives the same result counts. On a shared
machine the CPU per request is the steadier figure: the ratio of throughputs moves with the
machine's load (``bench/results/2026-12-07-sparql-overhead.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from bench import load, mixes, servers

TICKS = os.sysconf("SC_CLK_TCK")


def _iacoll(store: Path, copy: Path, src: str) -> servers.Server:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy, symlinks=True)
    server = servers.iacoll(copy)
    server.env["PYTHONPATH"] = os.path.abspath(src)
    return server


def _measure(
    systems: list[servers.Server], mix: list[load.Request], args: Any
) -> dict[str, dict[str, Any]]:
    """Every system running at once, measured in turn (client count by client count, round by
    round, so that a busy moment of the machine falls on all of them): the median round."""
    with contextlib.ExitStack() as running:
        for server in systems:
            running.enter_context(server)
        out: dict[str, dict[str, Any]] = {}
        for server in systems:
            located = mixes.at(mix, server.sparql_path)
            out[server.name] = {"counts": mixes.counts(server.base, located)}
            load.run(server.base, located, 1, 1.0)  # warm-up
        for clients in args.clients:
            rounds: dict[str, list[load.Stats]] = {s.name: [] for s in systems}
            cpu: dict[str, list[float]] = {s.name: [] for s in systems}
            for number in range(args.repeat):
                for server in systems:
                    print(f"{server.name}: {clients} clients, round {number + 1}", file=sys.stderr)
                    located = mixes.at(mix, server.sparql_path)
                    before = _cpu_s(server)
                    stats = load.run(server.base, located, clients, args.seconds)
                    cpu[server.name].append((_cpu_s(server) - before) / max(stats.requests, 1))
                    rounds[server.name].append(stats)
            for name, measured in rounds.items():
                ordered = sorted(measured, key=lambda stats: stats.per_s)
                out[name][str(clients)] = ordered[len(ordered) // 2].as_dict()
                out[name][f"{clients}/rounds"] = [stats.per_s for stats in measured]
                out[name][str(clients)]["cpu_ms"] = round(
                    1000 * sorted(cpu[name])[len(ordered) // 2], 2
                )
    return out


def _cpu_s(server: servers.Server) -> float:
    """CPU seconds used so far by the server's process tree (its workers included)."""
    assert server.process is not None
    tree, total, todo = servers._children(), 0.0, [server.process.pid]
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        todo.extend(tree.get(pid, []))
    return total


def table(results: dict[str, dict[str, Any]], clients: list[int]) -> str:
    """The Markdown table of ``results`` (system name -> measures), ratios to oxigraph."""
    lines = [
        "| clients | system | req/s (median) | rounds req/s | p50 ms | p99 ms | errors "
        "| server CPU ms/req | ÷ oxigraph |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for number in clients:
        peer = results["oxigraph"][str(number)]["per_s"]
        for name, measured in results.items():
            stats = measured[str(number)]
            ratio = f"{stats['per_s'] / peer:.2f}×" if name != "oxigraph" and peer else ""
            spread = "/".join(f"{v:g}" for v in measured.get(f"{number}/rounds", []))
            lines.append(
                f"| {number} | {name} | {stats['per_s']} | {spread} | {stats['median_ms']} | "
                f"{stats['p99_ms']} | {stats['errors']} | {stats['cpu_ms']} | {ratio} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--src", nargs="+", default=[f"iacoll={Path('src').resolve()}"])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the explore mix")
    parser.add_argument("--repeat", type=int, default=3, help="measures per system, median kept")
    parser.add_argument("--work", type=Path, default=Path("var/bench/overhead"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    mix = mixes.explore(mixes.sample_records(args.store / "public", 200), args.rounds)
    systems = [servers.oxigraph(args.store, args.work / "ox")]
    for named in args.src:
        name, _, src = named.partition("=")
        systems.append(_iacoll(args.store, args.work / f"iacoll-{name}", src))
        systems[-1].name = f"iacoll {name}"
    results = _measure(systems, mix, args)
    differ = [n for n, r in results.items() if r["counts"] != results["oxigraph"]["counts"]]
    print(table(results, args.clients))
    print(f"\nResult counts of {len(mix)} requests: " + (f"differ: {differ}" if differ else "same"))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()

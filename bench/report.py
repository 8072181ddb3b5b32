"""The results of :mod:`bench.run` as Markdown and JSON: machine, phases, SPARQL against the
peers (medians, p99, req/s, ratios), pages, harvests, publication, the issue's targets (« tenu »
/ « non tenu ») and a scaling table across the scales run."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.servers import IACOLL_SETTINGS

PEERS = ("oxigraph", "virtuoso", "rdflib-endpoint")
CAPPED = 10_000  # iacoll's default query_max_rows: a count at the cap is not a disagreement


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, Python and library versions."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    versions = {
        name: _version(name)
        for name in ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "pyshacl")
    }
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_mb": ram,
        "python": sys.version.split()[0],
        **versions,
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def cross_check(systems: dict[str, Any]) -> dict[str, Any]:
    """Requests whose result counts differ between the systems that answered them."""
    answered = {name: s["counts"] for name, s in systems.items() if "counts" in s}
    keys = sorted({k for counts in answered.values() for k in counts})
    differ = {}
    for key in keys:
        values = {name: counts[key] for name, counts in answered.items() if key in counts}
        numbers = {v for v in values.values() if isinstance(v, int) and v != CAPPED}
        if len(numbers) > 1 or any(not isinstance(v, int) for v in values.values()):
            differ[key] = values
    return {"requests": len(keys), "systems": sorted(answered), "differ": differ}


def row(*cells: object) -> str:
    """A Markdown table row."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def ratio(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.2f}×" if theirs else "—"


def _sparql_rows(run: dict[str, Any]) -> list[str]:
    systems = run["systems"]
    rows = [
        "| mix / clients | system | req/s | p50 ms | p99 ms | errors | iacoll ÷ system |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for key, mine in systems["iacoll"]["mixes"].items():
        for name in ("iacoll", *PEERS):
            stats = systems.get(name, {}).get("mixes", {}).get(key)
            if stats:
                share = ratio(mine["per_s"], stats["per_s"]) if name != "iacoll" else ""
                figures = [stats[f] for f in ("per_s", "median_ms", "p99_ms", "errors")]
                rows.append(row(key, name, *figures, share))
    return rows


def _page_rows(run: dict[str, Any]) -> list[str]:
    rows = ["| page / clients | req/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|"]
    for key, stats in run["systems"]["iacoll"]["pages"].items():
        rows.append(row(key, *(stats[f] for f in ("per_s", "median_ms", "p99_ms", "errors"))))
    return rows


def _best(run: dict[str, Any], prefix: str, field: str, group: str = "pages") -> float:
    found = [
        s[field] for k, s in run["systems"]["iacoll"][group].items() if k.startswith(prefix + "/")
    ]
    return max(found) if field == "per_s" else min(found)


def _one_client(run: dict[str, Any], key: str, field: str, group: str = "pages") -> float:
    stats = run["systems"]["iacoll"][group].get(key + "/1") or next(
        s for k, s in run["systems"]["iacoll"][group].items() if k.startswith(key + "/")
    )
    return float(stats[field])


def _peer_ratio(run: dict[str, Any], peer: str) -> float | None:
    """The lowest iacoll ÷ peer throughput ratio on the explore mix, over the client counts."""
    theirs = run["systems"].get(peer, {}).get("mixes", {})
    ratios = [
        m["per_s"] / theirs[k]["per_s"]
        for k, m in run["systems"]["iacoll"]["mixes"].items()
        if k.startswith("explore/") and theirs.get(k, {}).get("per_s")
    ]
    return min(ratios) if ratios else None


def targets(run: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """The issue's targets: (target, measured value, held?) at this run's scale."""
    iacoll, phases = run["systems"]["iacoll"], run["phases"]
    harvest, ox, rd = (
        iacoll["harvest"],
        _peer_ratio(run, "oxigraph"),
        _peer_ratio(run, "rdflib-endpoint"),
    )
    visible = [
        max(p.get("page_visible_s", 1e9), p.get("sparql_visible_s", 1e9))
        for p in iacoll["publications"]
    ]
    out: list[tuple[str, str, bool | None]] = [
        (
            "SPARQL mix ≥ 0.8× oxigraph serve-read-only",
            f"{ox:.2f}× (lowest over the client counts)" if ox else "not measured",
            ox >= 0.8 if ox else None,
        ),
        (
            "SPARQL mix ≥ 20× rdflib-endpoint (at 10k)",
            f"{rd:.1f}×" if rd else "not measured",
            rd >= 20 if rd else None,
        ),
        (
            "/catalogue page < 200 ms (p50)",
            f"{harvest['page_median_ms']} ms",
            harvest["page_median_ms"] < 200,
        ),
        (
            "full Hydra harvest < 5 min",
            f"{harvest['total_s']} s, {harvest['pages']} pages, "
            + ("finished" if harvest["finished"] else "NOT finished (capped)"),
            harvest["finished"] and harvest["total_s"] < 300,
        ),
        (
            "record page HTML p50 < 15 ms (1 client)",
            f"{_one_client(run, 'record-html', 'median_ms')} ms",
            _one_client(run, "record-html", "median_ms") < 15,
        ),
        (
            "record page HTML ≥ 500 req/s",
            f"{_best(run, 'record-html', 'per_s')} req/s (best)",
            _best(run, "record-html", "per_s") >= 500,
        ),
        (
            "search with a facet p50 < 50 ms",
            f"{_one_client(run, 'search-facet', 'median_ms')} ms",
            _one_client(run, "search-facet", "median_ms") < 50,
        ),
        (
            "home p50 < 50 ms",
            f"{_one_client(run, 'home', 'median_ms')} ms",
            _one_client(run, "home", "median_ms") < 50,
        ),
        (
            "statistics p50 < 50 ms",
            f"{_one_client(run, 'statistics', 'median_ms')} ms",
            _one_client(run, "statistics", "median_ms") < 50,
        ),
        (
            "build < 120 s (write path + projection)",
            f"{phases['write']['wall_s'] + phases['build']['wall_s']:.0f} s",
            phases["write"]["wall_s"] + phases["build"]["wall_s"] < 120,
        ),
        (
            "one publication visible < 1 s (pages and SPARQL)",
            f"{max(visible):.2f} s (slowest of {len(visible)})",
            max(visible) < 1,
        ),
        (
            "server start < 2 s (first start after the build; a restart)",
            f"{iacoll['start_s']} s; {iacoll.get('restart_s', '—')} s",
            iacoll["start_s"] < 2,
        ),
        (
            "peak RSS < 1 GB (server tree, under load)",
            f"{iacoll['peak_rss_mb']} MB",
            iacoll["peak_rss_mb"] < 1024,
        ),
    ]
    return out


def _verdict(held: bool | None) -> str:
    return "non mesuré" if held is None else ("tenu" if held else "**non tenu**")


def markdown(
    run: dict[str, Any], runs: list[dict[str, Any]], when: str, about: dict[str, Any]
) -> str:
    scale, phases, iacoll = run["scale"], run["phases"], run["systems"]["iacoll"]
    lines = [f"# iacoll benchmark — {scale} use cases ({when})", ""]
    lines += ["Machine: " + ", ".join(f"{k} {v}" for k, v in about.items()), ""]
    lines += ["Settings: " + run["settings"], ""]
    lines += [
        "## Targets (issue 13), measured at this scale",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {value} | {_verdict(held)} |" for name, value, held in targets(run)]
    lines += [
        "",
        "## Build phases (each a subprocess: wall time, peak RSS)",
        "",
        "| phase | wall s | peak RSS MB | detail |",
        "|---|---:|---:|---|",
    ]
    for name, phase in phases.items():
        detail = ", ".join(
            f"{k} {v}" for k, v in phase.items() if k not in ("wall_s", "peak_rss_mb")
        )
        lines.append(f"| {name} | {phase['wall_s']} | {phase['peak_rss_mb']} | {detail} |")
    lines += ["", "## SPARQL: iacoll and its peers on the same data", ""]
    lines += [
        "Start (until the first answer): "
        + ", ".join(
            f"{n} {s.get('start_s', '—')} s" for n, s in run["systems"].items() if "start_s" in s
        )
    ]
    lines += [
        "Peak RSS of each process tree: "
        + ", ".join(
            f"{n} {s['peak_rss_mb']} MB" for n, s in run["systems"].items() if "peak_rss_mb" in s
        )
    ]
    loads = [f"{n} {s['load_s']} s" for n, s in run["systems"].items() if "load_s" in s]
    if loads:
        lines += ["Bulk load of the N-Quads dump after start-up: " + ", ".join(loads)]
    lines += [
        "Skipped: "
        + "; ".join(f"{n}: {s['skipped']}" for n, s in run["systems"].items() if "skipped" in s),
        "",
    ]
    lines += _sparql_rows(run)
    check = run["cross_check"]
    lines += [
        "",
        f"Result counts cross-checked on {check['requests']} requests between "
        f"{', '.join(check['systems'])}: {len(check['differ'])} differ.",
    ]
    lines += [f"- `{k}`: {v}" for k, v in check["differ"].items()]
    lines += ["", "## Pages (iacoll)", "", *_page_rows(run), "", "## Harvests and publication", ""]
    for name in ("harvest", "ldes"):
        c = iacoll[name]
        end = "finished" if c["finished"] else "capped before the end"
        lines.append(
            f"- {name}: {c['pages']} pages, {c['items']} members, {c['total_s']} s, page p50 "
            f"{c['page_median_ms']} ms, p99 {c['page_p99_ms']} ms, {end}"
        )
    for p in iacoll["publications"]:
        lines.append("- publication: " + ", ".join(f"{k} {v}" for k, v in p.items()))
    lines += ["", "## Scaling across the scales of this invocation", "", *scaling(runs), ""]
    return "\n".join(lines)


def _per_s(run: dict[str, Any], system: str, key: str) -> object:
    return run["systems"].get(system, {}).get("mixes", {}).get(key, {}).get("per_s")


def scaling(runs: list[dict[str, Any]]) -> list[str]:
    """One row per measure, one column per scale."""
    head = "| measure | " + " | ".join(str(r["scale"]) for r in runs) + " |"
    rows = [head, "|---|" + "---:|" * len(runs)]
    measures = {
        "write path s (validation s)": lambda r: (
            f"{r['phases']['write']['wall_s']} ({r['phases']['write'].get('validation_s')})"
        ),
        "projection build s": lambda r: r["phases"]["build"]["wall_s"],
        "server start s (restart s)": lambda r: (
            f"{r['systems']['iacoll']['start_s']} ({r['systems']['iacoll'].get('restart_s', '—')})"
        ),
        "explore mix req/s, 1 client (oxigraph)": lambda r: (
            f"{_per_s(r, 'iacoll', 'explore/1')} ({_per_s(r, 'oxigraph', 'explore/1')})"
        ),
        "record HTML p50 ms": lambda r: _one_client(r, "record-html", "median_ms"),
        "search facet p50 ms": lambda r: _one_client(r, "search-facet", "median_ms"),
        "home p50 ms": lambda r: _one_client(r, "home", "median_ms"),
        "/catalogue page p50 ms": lambda r: r["systems"]["iacoll"]["harvest"]["page_median_ms"],
        "server peak RSS MB": lambda r: r["systems"]["iacoll"]["peak_rss_mb"],
    }
    for name, get in measures.items():
        rows.append(f"| {name} | " + " | ".join(str(get(r)) for r in runs) + " |")
    return rows


def write(out: Path, runs: list[dict[str, Any]], args: Any) -> list[Path]:
    """``<date>-<scale>.md`` and ``.json`` for the last run (the scaling table covers all)."""
    out.mkdir(parents=True, exist_ok=True)
    run, about = runs[-1], machine()
    run["settings"] = (
        f"clients {args.clients}, {args.seconds} s per workload, explore rounds {args.rounds}; "
        f"iacoll serve with {IACOLL_SETTINGS} (every client shares one address), otherwise "
        "its defaults; load: closed loop, httpx, answers other than 2xx counted as errors"
    )
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    stem = out / f"{when}-{run['scale']}"
    stem.with_suffix(".md").write_text(markdown(run, runs, when, about), encoding="utf-8")
    body = {"machine": about, "run": run, "targets": targets(run)}
    stem.with_suffix(".json").write_text(
        json.dumps(body, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return [stem.with_suffix(".md"), stem.with_suffix(".json")]

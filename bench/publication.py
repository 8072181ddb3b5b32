"""From a publication to its visibility: snapshots, SPARQL workers, derived views.

Not a test: a measurement, run by hand (``make bench-publication``) and committed under
``bench/results/``. The seed catalogue is built into a temporary folder (``iacoll build``: one
named graph per record, ``{base}graph/{kind}/{slug}``, plus the vocabularies, context, history
and catalogue graphs), then measured at the seed's size and with every record graph copied
under new IRIs until ~10 000 records.

For each size, ``repeat`` times, the test plays the projector: write a new record's graph into
the public store (open read-write), ``generation.advance``, ``snapshots.snapshot``,
``snapshots.prune(keep=2)``; two worker processes (the server's pool) then answer
``ASK { <new record> ?p ?o }``. Measured: each step, and the time from the start of the write to
the first ``true`` answer (the workers reopen the newest snapshot before that query). Also timed:
rebuilding the pages' per-generation search index and figures (``browse.Library.load``), and, at
the seed's size, :func:`iacoll.derived.refresh_derived` (catalogue graph and the seven dumps).

Usage: ``python -m bench.publication [--sizes 71 10000] [--repeat 5] [--out bench/results]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from iacoll import generation, snapshots, store
from iacoll.derived import refresh_derived
from iacoll.namespaces import DEFAULT_BASE, IACOLL
from iacoll.pages.browse import Library
from iacoll.pages.site import Site
from iacoll.settings import Settings
from iacoll.sparql.workers import Job, WorkerPool

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FICHE = ox.NamedNode(str(IACOLL.Fiche))

Triple = tuple[Any, ox.NamedNode, Any]


def record_graphs(seed: ox.Store) -> dict[str, list[Triple]]:
    """The records of the seed's public store (one graph each, as the projector writes them):
    record IRI → its triples."""
    parts: dict[str, list[Triple]] = {}
    for name in seed.named_graphs():
        rest = name.value.removeprefix(DEFAULT_BASE + "graph/")
        if isinstance(name, ox.NamedNode) and rest.count("/") == 1:
            record = f"{DEFAULT_BASE}id/{rest}"
            quads = seed.quads_for_pattern(None, None, None, name)
            parts[record] = [(q.subject, q.predicate, q.object) for q in quads]
    return parts


def copied(record: str, triples: list[Triple], suffix: str) -> tuple[str, list[Triple]]:
    """``record``'s triples under the IRI ``record + suffix`` (fresh blank nodes)."""
    blanks: dict[Any, ox.BlankNode] = {}

    def rename(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return blanks.setdefault(term, ox.BlankNode())
        if isinstance(term, ox.NamedNode) and (
            term.value == record or term.value.startswith((record + "#", record + "/"))
        ):
            return ox.NamedNode(record + suffix + term.value[len(record) :])
        return term

    return record + suffix, [(rename(s), p, rename(o)) for s, p, o in triples]


def graph_of(record: str) -> ox.NamedNode:
    kind, slug = record.removeprefix(DEFAULT_BASE + "id/").split("/", 1)
    return ox.NamedNode(f"{DEFAULT_BASE}graph/{kind}/{slug}")


def lay_out(
    seed: ox.Store, target: Path, size: int
) -> tuple[ox.Store, int, dict[str, list[Triple]]]:
    """A public store of ~``size`` records (``iacoll:Fiche``: use cases and initiatives), one
    graph each, their organisations too (the seed's copied under new IRIs); returns it, its
    number of records and the seed's record graphs (to publish copies of them)."""
    parts = record_graphs(seed)
    fiches = sum(1 for triples in parts.values() if (RDF_TYPE, FICHE) in {t[1:] for t in triples})
    copies = max(1, round(size / fiches))
    public = ox.Store(str(target))
    public.bulk_extend(list(seed.quads_for_pattern(None, None, None, None)))
    for k in range(1, copies):
        quads = []
        for record, triples in parts.items():
            iri, moved = copied(record, triples, f"-x{k}")
            quads += [ox.Quad(s, p, o, graph_of(iri)) for s, p, o in moved]
        public.bulk_extend(quads)
    public.flush()
    return public, copies * fiches, parts


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


class Clock:
    """Laps of one publication: ``lap(name)`` records the time since the previous lap."""

    def __init__(self, steps: dict[str, list[float]]) -> None:
        self.steps = steps
        self.begin = self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.steps[name].append(now - self.last)
        self.last = now


def publications(
    root: Path, public: ox.Store, parts: dict[str, list[Triple]], repeat: int
) -> dict[str, float]:
    """Publish ``repeat`` new records; time each step and the visibility in the workers."""
    pool = WorkerPool(root / "public", size=2, memory_mb=2048, timeout=60)
    steps: dict[str, list[float]] = defaultdict(list)
    record, triples = next(iter(parts.items()))
    try:
        for n in range(2, 2 + repeat):
            iri, moved = copied(record, triples, f"-pub{n}")
            job = Job(f"ASK {{ <{iri}> ?p ?o }}", None, None, "json", None, 10, union=True)
            assert json.loads(pool.run(job).body)["boolean"] is False
            clock = Clock(steps)
            public.extend(ox.Quad(s, p, o, graph_of(iri)) for s, p, o in moved)
            public.flush()
            clock.lap("write the record's graph")
            now = generation.advance(root, n)
            clock.lap("generation.advance")
            snapshots.snapshot(public, root, now)
            clock.lap("snapshots.snapshot")
            seen = json.loads(pool.run(job).body)["boolean"]
            clock.lap("first query (the worker reopens)")
            steps["publication → visible in a worker"].append(clock.last - clock.begin)
            assert seen is True and json.loads(pool.run(job).body)["boolean"] is True
            clock.lap("second query (other worker)")
            snapshots.prune(root, keep=2)
            clock.lap("snapshots.prune(keep=2)")
            pool.run(job)
            clock.lap("query, nothing moved")
    finally:
        pool.close()
    return {name: median_ms(values) for name, values in steps.items()}


def one_size(seed: ox.Store, root: Path, size: int, repeat: int) -> dict[str, Any]:
    """Lay out ~``size`` records, then measure publications and the pages' rebuild."""
    root.mkdir()
    begin = time.perf_counter()
    public, records, parts = lay_out(seed, root / "public", size)
    row: dict[str, Any] = {"records": records, "quads": len(public)}
    row["layout s"] = round(time.perf_counter() - begin, 1)
    row["graphs"] = sum(1 for _ in public.named_graphs())
    snapshots.snapshot(public, root, generation.advance(root, 1))
    row["steps ms"] = publications(root, public, parts, repeat)
    site = Site(Settings.from_env({}, store_path=root), public)
    loads = []
    for _ in range(max(1, repeat // 2) if size < 1000 else 1):  # ~1 min at 10 000
        begin = time.perf_counter()
        Library.load(site)
        loads.append(time.perf_counter() - begin)
    row["library ms"] = median_ms(loads)
    row["snapshot MB"] = round(_new_bytes(root) / 1e6, 1)
    del public, site
    gc.collect()
    return row


def measure(sizes: list[int], repeat: int, work: Path) -> dict[str, Any]:
    seed_settings = Settings.from_env({}, store_path=work / "seed")
    begin = time.perf_counter()
    store.build(seed_settings)
    out: dict[str, Any] = {"seed build s": round(time.perf_counter() - begin, 1), "sizes": []}
    seed = store.open_stores(seed_settings).public
    for size in sizes:
        out["sizes"].append(one_size(seed, work / f"size-{size}", size, repeat))
    out["refresh ms"] = _refresh(seed_settings, work, repeat)
    return out


def _new_bytes(root: Path) -> int:
    """Bytes of the snapshot files not shared (hard links) with the live store."""
    total = 0
    for path in snapshots.folder(root).rglob("*"):
        if path.is_file() and path.stat().st_nlink == 1:
            total += path.stat().st_size
    return total


def _refresh(seed_settings: Settings, work: Path, repeat: int) -> list[int]:
    """``refresh_derived`` over a copy of the seed stores (both open read-write)."""
    copy = work / "refresh"
    live = ("public", "complet", "snapshots", "*.sqlite3*")
    shutil.copytree(seed_settings.store_path, copy, ignore=shutil.ignore_patterns(*live))
    settings = Settings.from_env({}, store_path=copy)
    seed = store.open_stores(seed_settings)
    seed.public.backup(str(store.public_store_path(settings)))
    seed.full.backup(str(store.full_store_path(settings)))
    public, full = store.open_stores(settings).public, store.open_stores(settings).full
    runs = []
    for _ in range(repeat):
        begin = time.perf_counter()
        refresh_derived(settings, public, full)
        runs.append(round((time.perf_counter() - begin) * 1000))
    return runs


def markdown(result: dict[str, Any], repeat: int) -> str:
    lines = [
        "# From a publication to its visibility",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, Python "
        f"{platform.python_version()}, pyoxigraph {ox.__version__}; shared with other sessions. "
        f"Made by `bench/publication.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; medians of "
        f"{repeat} publications, in ms. Seed store built in {result['seed build s']} s.",
        "",
    ]
    for row in result["sizes"]:
        lines += [
            f"## {row['records']} records ({row['quads']} quads, {row['graphs']} named graphs: "
            "records and organisations, one each; "
            f"laid out in {row['layout s']} s)",
            "",
            "| step | median ms |",
            "|---|---:|",
            *(f"| {name} | {value} |" for name, value in row["steps ms"].items()),
            f"| pages: rebuild search index and figures (`Library.load`) | {row['library ms']} |",
            "",
            f"Snapshot files not shared with the live store (hard links): {row['snapshot MB']} MB.",
            "",
        ]
    lines += [
        "## Derived views at the seed's size",
        "",
        "`refresh_derived` (catalogue graph, seven dump files, both stores), each run in ms: "
        f"{result['refresh ms']}.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[71, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iacoll-bench-") as work:
        result = measure(args.sizes, args.repeat, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    report = markdown(result, args.repeat)
    (args.out / "publication.md").write_text(report, encoding="utf-8")
    (args.out / "publication.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(report)
    sys.exit(0)


if __name__ == "__main__":
    main()

"""What the browsing library (:class:`iacoll.pages.browse.Library`) costs in memory, per record.

``python -m bench.library_memory STORE [--src main=/path/to/src branch=src]`` measures, for each
source tree, in fresh processes over the built store ``STORE`` (opened read-only, never
written):

* ``build``: the library read from the store (what a server does after a publication): the
  process's resident memory before and after (``VmRSS``, after the store's first query, so
  the store's own opening is left out), per record, and the time;
* ``parts``: the live size of each part of the library (a walk of ``sys.getsizeof`` over
  objects reached once: cards, postings, facet bitsets, labels, map points…);
* ``pickle``: the size of ``library.pickle`` and, in another fresh process, the time to load
  it and the resident memory it adds (what a server does at start after ``iacoll build``).

Results are printed as JSON; compare the trees within one run (bench/results/
2026-12-08-library-memory.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def deep_size(obj: Any, seen: set[int]) -> int:
    """Bytes of ``obj`` and of what it reaches, each object counted once."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, str | bytes | int | float | bool | array | bytearray) or obj is None:
        return size
    if isinstance(obj, dict):
        return size + sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    if isinstance(obj, list | tuple | set | frozenset):
        return size + sum(deep_size(x, seen) for x in obj)
    if hasattr(obj, "__dict__"):
        size += deep_size(vars(obj), seen)
    for klass in type(obj).__mro__:
        for slot in getattr(klass, "__slots__", ()):
            if hasattr(obj, slot):
                size += deep_size(getattr(obj, slot), seen)
    return size


def _parts(library: Any) -> dict[str, int]:
    index, seen = library.index, set()
    parts = {
        "cards": index.records,
        "postings": (index._positions, index._weights),
        "stems": (index._stems, index._vocabulary),
        "facet bitsets": index._values,
        "sort ranks": index._ranks,
        "labels": library.labels,
        "map points": library.points,
    }
    return {name: deep_size(part, seen) for name, part in parts.items()}


def child_build(store: str, out: str) -> dict[str, Any]:
    """In a fresh process: read the library from ``store``, measure, pickle it to ``out``."""
    from iacoll import store as stores
    from iacoll.pages.browse import Library
    from iacoll.pages.site import Site
    from iacoll.settings import Settings

    settings = Settings.from_env({}, store_path=Path(store))
    site = Site(settings, stores.read_public(settings))
    site.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # the store opened and first read
    gc.collect()
    before = _rss_mb()
    began = time.perf_counter()
    library = Library.load(site)
    seconds = time.perf_counter() - began
    gc.collect()
    grown = _rss_mb() - before
    records = len(library.index)
    blob = pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL)
    Path(out).write_bytes(blob)
    parts = _parts(library)
    return {
        "records": records,
        "build_s": round(seconds, 2),
        "build_rss_mb": round(grown, 1),
        "build_kb_per_record": round(grown * 1024 / records, 2),
        "live_bytes_per_record": {k: round(v / records) for k, v in parts.items()},
        "live_kb_per_record": round(sum(parts.values()) / 1024 / records, 2),
        "pickle_mb": round(len(blob) / 1e6, 2),
    }


def child_pickle(out: str) -> dict[str, Any]:
    """In a fresh process: load the pickled library, its time and the memory it adds."""
    import iacoll.pages.browse  # noqa: F401 (the classes, imported before measuring)

    gc.collect()
    before = _rss_mb()
    began = time.perf_counter()
    library = pickle.loads(Path(out).read_bytes())
    seconds = time.perf_counter() - began
    gc.collect()
    grown = _rss_mb() - before
    return {
        "pickle_load_ms": round(seconds * 1000, 1),
        "pickle_rss_mb": round(grown, 1),
        "pickle_kb_per_record": round(grown * 1024 / len(library.index), 2),
    }


def _run(src: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{Path(__file__).parent.parent}"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.library_memory", "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return found


def measure(store: Path, src: str) -> dict[str, Any]:
    """Both measures for the code of ``src``."""
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "library.pickle")
        return {**_run(src, "build", str(store), out), **_run(src, "pickle", out)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?")
    parser.add_argument("--src", nargs="*", default=["branch=src"], help="LABEL=PATH ...")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        print(json.dumps(child_build(*rest) if kind == "build" else child_pickle(*rest)))
        return
    results = {}
    for pair in args.src:
        label, src = pair.split("=", 1)
        results[label] = measure(Path(args.store), str(Path(src).resolve()))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Build, start and publication times of two iacoll source trees, side by side, on one store.

For each source tree (``--src`` given twice or more, e.g. main's and a branch's ``src/``):
``iacoll build`` on a copy of the store's revision log alone (the stores, the marks and the
downloads removed: projection, static graphs, catalogue graph and dumps from scratch), then
``iacoll serve`` on that built store until ``/`` answers 200, then ``--publications`` records
published through the API and timed until their page and ``ASK`` answer
(:mod:`bench.publish`), then a second start (after those publications).
``integrity.serve_checked`` alone (the checks and the build ``serve`` runs before the app) is
timed on copies, after the build and after the publications. Each step is a subprocess with
``PYTHONPATH`` set to the tree under test; wall time and peak RSS are reported.

    python -m bench.build_start_publish --store /tmp/iacoll-bench/shared-1000 \
        --work /tmp/iacoll-bench/build --src /work/main/src --src src
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import publish, servers

LOG_FILES = ("iacoll.sqlite3",)
IACOLL = [sys.executable, "-c", "import sys; from iacoll.cli import main; sys.exit(main())"]


def log_only(source: Path, target: Path) -> None:
    """``target``: a store folder holding only ``source``'s revision log."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in LOG_FILES:
        shutil.copy2(source / name, target / name)


def _env(src: Path, store: Path) -> dict[str, str]:
    here = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "IACOLL_STORE_PATH": str(store), **servers.IACOLL_SETTINGS}
    env["PYTHONPATH"] = os.pathsep.join((str(src.resolve()), here))
    return env


WRAP = """import json, resource, subprocess, sys, time
started = time.perf_counter()
child = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": child.returncode, "wall_s": round(wall, 2),
                  "peak_rss_mb": round(peak / 1024), "stderr": child.stderr[-2000:]}))
"""


def timed_build(src: Path, store: Path) -> dict[str, Any]:
    """``iacoll build`` in a subprocess of its own: wall seconds and peak RSS (measured by a
    wrapper process, so that no other child of this process counts)."""
    child = subprocess.run(
        [sys.executable, "-c", WRAP, *IACOLL, "build"],
        env=_env(src, store),
        capture_output=True,
        text=True,
        check=True,
    )
    out: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    if out.pop("code"):
        raise RuntimeError(f"build failed: {out['stderr']}")
    del out["stderr"]
    return out


def served(src: Path, store: Path, publications: int) -> dict[str, Any]:
    """Start ``iacoll serve`` (timed), publish ``publications`` records, stop; then start again."""
    command = [*IACOLL, "serve", "--host", "127.0.0.1"]
    command += ["--port", "{port}"]
    out: dict[str, Any] = {}
    with servers.Server("iacoll", command, "/", "/sparql", _env(src, store)) as server:
        out["start_s"] = server.start_s
        out["publications"] = publish.publications(server.base, store, publications)
        time.sleep(3)  # let the derived views follow before stopping
        out["peak_rss_mb"] = round(server.peak_rss_mb)
    with servers.Server("iacoll", command, "/", "/sparql", _env(src, store)) as server:
        out["restart_s"] = server.start_s
    return out


CHECKED = """import json, sys, time
from iacoll import integrity
from iacoll.settings import Settings
started = time.perf_counter()
integrity.serve_checked(Settings.from_env())
print(json.dumps(round(time.perf_counter() - started, 2)))
"""


def checked(src: Path, store: Path) -> float:
    """Seconds of ``integrity.serve_checked`` alone (what ``serve`` runs before the app) on a
    copy of ``store``, in a subprocess."""
    copy = store.with_name(store.name + "-checked")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy, symlinks=True)
    child = subprocess.run(
        [sys.executable, "-c", CHECKED],
        env=_env(src, copy),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds: float = json.loads(child.stdout.strip().splitlines()[-1])
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a generated store (read only)")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--src", type=Path, action="append", required=True)
    parser.add_argument("--publications", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true", help="serve copies of --store")
    args = parser.parse_args(argv)
    results = {}
    for number, src in enumerate(args.src):
        store = args.work / f"store-{number}"
        entry: dict[str, Any] = {"src": str(src)}
        if args.skip_build:
            shutil.rmtree(store, ignore_errors=True)
            shutil.copytree(args.store, store, symlinks=True)
        else:
            log_only(args.store, store)
            entry["build"] = timed_build(src, store)
        entry["checked_after_build_s"] = checked(src, store)
        entry["serve"] = served(src, store, args.publications)
        entry["checked_after_publications_s"] = checked(src, store)
        results[str(src)] = entry
        print(json.dumps(entry), flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

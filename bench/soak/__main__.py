"""``python -m bench.soak``: see :mod:`bench.soak`."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench.soak import readers, stage, writes
from bench.soak.floods import Floods
from bench.soak.tally import Tally, failed, summary
from iacoll.settings import Settings


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of flood")
    parser.add_argument("--clients", type=int, default=60, help="runaway SPARQL clients")
    parser.add_argument("--others", type=int, default=4, help="clients of each other flood")
    parser.add_argument(
        "--store", type=Path, default=None, help="a built store to use (default: build one)"
    )
    return parser.parse_args(argv)


async def flood(
    url: str, tokens: stage.Tokens, tally: Tally, args: argparse.Namespace
) -> writes.Publisher:
    """Every scenario, the page reader, the leak sweep and the publisher, together."""
    deadline = time.monotonic() + args.duration
    floods = Floods(url, tally, deadline, tokens.contributor)
    publisher = writes.Publisher(url, tokens, tally, str(int(time.time())))
    few = max(1, args.others)
    await asyncio.gather(
        floods.repeat("runaway", args.clients, floods.runaway, 1),
        floods.repeat("facets", few, floods.facets, 2),
        floods.repeat("big-body", 2, floods.big_body, 3),
        floods.repeat("unread", few * 2, floods.unread, 4),
        floods.repeat("hostile", few, floods.hostile, 5),
        floods.repeat("odd", 1, floods.odd, 6),
        floods.repeat("head", 1, floods.heads, 7),
        readers.read_pages(url, tally, deadline),
        readers.sweep(url, tally, deadline),
        publisher.loop(deadline),
    )
    return publisher


def soak(store: Path, build: bool, args: argparse.Namespace) -> Tally:
    """Prepare, serve, flood, check; what was observed."""
    tally = Tally()
    began = time.monotonic()
    tokens = stage.prepare(store, build)
    with stage.serving(store, store / "serve.log") as (url, process):
        tally.phases["start"] = time.monotonic() - began
        workers = stage.workers_alive(process.pid, Settings.from_env().query_workers)
        with stage.MemoryWatch(process.pid) as memory:
            publisher = stage.run_apart(flood(url, tokens, tally, args))
        tally.phases["flood"] = time.monotonic() - began - tally.phases["start"]
        tally.rss_start, tally.rss_peak = memory.start, memory.peak
        if process.poll() is not None:
            tally.crashes.append(f"iacoll serve exited ({process.returncode})")
        elif (alive := stage.workers_alive(process.pid, workers)) < workers:
            tally.crashes.append(f"{workers - alive} of the server's {workers} workers gone")
        else:
            stage.run_apart(writes.check_public(url, tally))
    writes.check_log(store, publisher.committed, tally)
    tally.phases["checks"] = time.monotonic() - began - sum(tally.phases.values())
    return tally


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    started = time.monotonic()
    if args.store is not None:
        tally = soak(args.store, not (args.store / "build.json").exists(), args)
    else:
        with tempfile.TemporaryDirectory(prefix="iacoll-soak-") as folder:
            tally = soak(Path(folder) / "store", True, args)
    print(summary(tally, args.duration, args.clients))
    print(f"  (whole run {time.monotonic() - started:.0f} s)")
    return 1 if failed(tally) else 0


if __name__ == "__main__":
    sys.exit(main())

"""CPU seconds of the parts of the bench's write phase, in one process: generation, validation,
the rest of ``Writer.save_many`` (cited organisations, checks, commit).

CPU time, not wall time: on a machine shared with other work, the wall time of a phase says
more about the neighbours than about the code. Validation runs in this process only
(``workers=1``), so that its CPU time is counted; ``bench.generate write`` spreads it over the
cores. Compare two versions of iacoll side by side from this checkout (``PYTHONPATH`` picks
the ``iacoll`` that runs; the harness stays this one), each on its own copy of the same seeded
store (``iacoll build`` of an empty store)::

    cp -a SEEDED /tmp/a && PYTHONPATH=/work/main/src python -m bench.write_path /tmp/a 300
    cp -a SEEDED /tmp/b && PYTHONPATH=src python -m bench.write_path /tmp/b 300

``--engine pyshacl`` validates with pySHACL instead of the compiled shapes. ``--engines`` only
validates (no store): the same generated records, in the same calls as ``save_many`` makes
them, by the compiled shapes and by pySHACL side by side, interleaved::

    python -m bench.write_path --engines 300

Results: bench/results/2026-12-07-write-path.md, bench/results/2026-12-08-compiled-validator.md.
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
from pathlib import Path
from typing import Any

from rdflib import Graph

from bench.generate import CHUNK, DATA, TimedValidator, records
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Author, Writer
from iacoll.settings import Settings
from iacoll.validation_records import RecordValidator


def measure(store: Path, count: int, engine: str | None = None) -> dict[str, float]:
    """Write ``count`` generated use cases (and their organisations) into ``store``."""
    start = time.process_time()
    orgs, cases = records(count)
    generated = time.process_time() - start
    settings = Settings.from_env(store_path=store, data_path=DATA)
    known = inspect.signature(RecordValidator).parameters
    one: dict[str, Any] = {"workers": 1} if "workers" in known else {}
    if engine is not None and "engine" in known:  # (older code: pySHACL only)
        one["engine"] = engine
    validator = TimedValidator(DATA, **one)  # (older code has no workers: one process anyway)
    writer = Writer(settings, Database(settings), validator=validator)
    start = time.process_time()
    for batch in (orgs, cases):
        for first in range(0, len(batch), CHUNK):
            writer.save_many(
                batch[first : first + CHUNK],
                author=Author.system(),
                state=State.PUBLIE,
                source="import",
                all_or_nothing=False,
            )
    saving = time.process_time() - start
    return {
        "records": len(orgs) + len(cases),
        "generate_cpu_s": round(generated, 2),
        "validation_cpu_s": round(validator.cpu_seconds, 2),
        "rest_of_save_many_cpu_s": round(saving - validator.cpu_seconds, 2),
    }


def engines(count: int, rounds: int = 2) -> dict[str, Any]:
    """CPU seconds of ``RecordValidator.problems`` on ``count`` generated use cases and their
    organisations, per engine, in ``save_many``'s calls (organisations, then use cases by
    ``CHUNK``, citing every organisation), the engines interleaved ``rounds`` times."""
    orgs, cases = records(count)
    cited = Graph()
    for record in [*seed_records(DATA), *orgs]:
        if record.kind == "organisation":
            cited += record.public
    calls = [orgs[i : i + CHUNK] for i in range(0, len(orgs), CHUNK)]
    calls += [cases[i : i + CHUNK] for i in range(0, len(cases), CHUNK)]
    validators = {e: RecordValidator(DATA, workers=1, engine=e) for e in ("compiled", "pyshacl")}
    cpu: dict[str, list[float]] = {e: [] for e in validators}
    for _ in range(rounds):
        for name, validator in validators.items():
            start = time.process_time()
            for call in calls:
                validator.problems(call, cited)
            cpu[name].append(round(time.process_time() - start, 3))
    total = len(orgs) + len(cases)
    best = {name: min(times) for name, times in cpu.items()}
    return {
        "records": total,
        "calls": len(calls),
        "cpu_s": cpu,
        "ms_per_record": {name: round(1000 * t / total, 3) for name, t in best.items()},
        "ratio": round(best["pyshacl"] / best["compiled"], 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, nargs="?", help="a copy of a seeded store")
    parser.add_argument("records", type=int, help="use cases to generate")
    parser.add_argument("--engine", choices=["compiled", "pyshacl"], help="validating engine")
    parser.add_argument("--engines", action="store_true", help="validation only, both engines")
    args = parser.parse_args(argv)
    if args.engines:
        print(json.dumps(engines(args.records)))
    elif args.store is None:
        parser.error("a store to write into (or --engines)")
    else:
        print(json.dumps(measure(args.store, args.records, args.engine)))


if __name__ == "__main__":
    main()

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

Results: bench/results/2026-12-07-write-path.md.
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
from pathlib import Path

from bench.generate import CHUNK, DATA, TimedValidator, records
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer
from iacoll.settings import Settings
from iacoll.validation_records import RecordValidator


def measure(store: Path, count: int) -> dict[str, float]:
    """Write ``count`` generated use cases (and their organisations) into ``store``."""
    start = time.process_time()
    orgs, cases = records(count)
    generated = time.process_time() - start
    settings = Settings.from_env(store_path=store, data_path=DATA)
    one = {"workers": 1} if "workers" in inspect.signature(RecordValidator).parameters else {}
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a copy of a seeded store (written into)")
    parser.add_argument("records", type=int, help="use cases to generate")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.store, args.records)))


if __name__ == "__main__":
    main()

"""A real PostgreSQL server for the tests (Debian's ``postgresql``), on a free loopback port.

``initdb`` refuses to run as root: as root, the cluster belongs to the ``postgres`` account the
Debian package creates, and its commands run through ``runuser``. The cluster lives in a folder
of its own, deleted at the end; ``fsync=off`` because nothing of a test server has to outlive a
power cut (iacoll's own durability is tested on SQLite by ``test_crash``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.server import free_port


def command(name: str) -> str:
    """The PostgreSQL program ``name`` (its newest installed version)."""
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    found = str(installed[-1]) if installed else shutil.which(name)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is missing: `make test` installs postgresql")
    return found


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a PostgreSQL cluster; yield its SQLAlchemy URL (database ``postgres``)."""
    folder = Path(tempfile.mkdtemp(prefix="iacoll-pg-"))
    runner: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        runner = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"

    def run(*args: str | Path) -> None:
        subprocess.run([*runner, *map(str, args)], check=True, capture_output=True, timeout=120)

    run(command("initdb"), "-D", data, "-A", "trust", "-U", "iacoll", "-E", "UTF8", "--no-sync")
    run(command("pg_ctl"), "-D", data, "-l", folder / "server.log", "-w", "-o", options, "start")
    try:
        yield f"postgresql+psycopg://iacoll@127.0.0.1:{port}/postgres"
    finally:
        run(command("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)

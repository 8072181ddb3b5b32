"""A Virtuoso Open Source server (Debian's ``virtuoso-opensource``, 7.2) in a folder of its own.

Debian's ``/etc/virtuoso-opensource-7/virtuoso.ini`` is copied with its database files moved
into the folder, two free loopback ports (ISQL and HTTP), and the limits a benchmark or a test
needs raised (result rows, HTTP threads, buffers). At start-up the anonymous ``SPARQL`` account
gets ``SPARQL_UPDATE``, so that ``/sparql`` takes SPARQL Update and ``/sparql-graph-crud`` the
Graph Store Protocol without authentication: a server for a loopback test or benchmark only.

Virtuoso's default graph is the union of every graph, its own system graphs included
(``virtrdf:``…); iacoll's data lives in named graphs, so queries that match iacoll's own
properties are not affected.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
PROGRAM = "virtuoso-t"
ISQL = "isql-vt"
INSTALL = "apt-get install virtuoso-opensource"
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its folder, ports and URLs."""

    folder: Path
    isql_port: int
    http_port: int

    @property
    def base(self) -> str:
        """The HTTP server's root URL."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The SPARQL endpoint (queries and updates)."""
        return self.base + "/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint (``?graph=`` or ``?graph-uri=``)."""
        return self.base + "/sparql-graph-crud"

    def isql(self, *statements: str, timeout: float = 3600) -> str:
        """Run SQL statements through ``isql-vt`` as ``dba``; return what it printed."""
        script = "\n".join(s.rstrip().rstrip(";") + ";" for s in statements)
        done = subprocess.run(
            [ISQL, str(self.isql_port), "dba", "dba", f"exec={script}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done.stdout

    def load_nquads(self, path: Path) -> None:
        """Bulk-load an N-Quads file (each quad into its own graph), then checkpoint."""
        target = self.folder / "load"
        target.mkdir(exist_ok=True)
        shutil.copy(path, target / "data.nq")
        self.isql(
            f"ld_dir('{target}', 'data.nq', 'urn:iacoll:unused')",
            "rdf_loader_run()",
            "checkpoint",
        )


def available() -> str | None:
    """``None`` when Virtuoso is installed, else why it cannot run (with the command)."""
    missing = [name for name in (PROGRAM, ISQL) if shutil.which(name) is None]
    if missing or not DEBIAN_INI.is_file():
        return f"Virtuoso is not installed ({', '.join(missing) or DEBIAN_INI}): {INSTALL}"
    return None


def configuration(folder: Path, isql_port: int, http_port: int, buffers: int) -> str:
    """Debian's virtuoso.ini with the database in ``folder`` and the given ports and buffers."""
    values = {
        ("Database", "DatabaseFile"): folder / "virtuoso.db",
        ("Database", "ErrorLogFile"): folder / "virtuoso.log",
        ("Database", "LockFile"): folder / "virtuoso.lck",
        ("Database", "TransactionFile"): folder / "virtuoso.trx",
        ("Database", "xa_persistent_file"): folder / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): folder / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): folder / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): isql_port,
        ("Parameters", "DirsAllowed"): f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
        ("Parameters", "NumberOfBuffers"): buffers,
        ("Parameters", "MaxDirtyBuffers"): buffers * 3 // 4,
        ("Parameters", "MaxClientConnections"): 64,
        ("HTTPServer", "ServerPort"): http_port,
        ("HTTPServer", "MaxClientConnections"): 64,
        ("HTTPServer", "ServerThreads"): 64,
        ("HTTPServer", "MaxKeepAlives"): 64,
        ("SPARQL", "ResultSetMaxRows"): 10_000_000,
        ("SPARQL", "MaxQueryExecutionTime"): 600,
        ("URIQA", "DefaultHost"): f"127.0.0.1:{http_port}",
    }
    section, lines = "", []
    seen: set[tuple[str, str]] = set()
    for line in DEBIAN_INI.read_text(encoding="utf-8").splitlines():
        header = re.match(r"\[(\w+)\]", line)
        if header:
            lines += _missing(values, seen, section)
            section = header.group(1)
        key = re.match(r"(\w+)\s*=", line)
        if key and (section, key.group(1)) in values:
            if (section, key.group(1)) in seen:
                continue  # Debian's file sets a few keys twice
            seen.add((section, key.group(1)))
            line = f"{key.group(1)} = {values[(section, key.group(1))]}"
        lines.append(line)
    lines += _missing(values, seen, section)
    return "\n".join(lines) + "\n"


def _missing(
    values: dict[tuple[str, str], object], seen: set[tuple[str, str]], section: str
) -> list[str]:
    out = []
    for (where, key), value in values.items():
        if where == section and (where, key) not in seen:
            seen.add((where, key))
            out.append(f"{key} = {value}")
    return out


@contextmanager
def running(
    folder: Path, isql_port: int, http_port: int, buffers: int = 20_000
) -> Iterator[Virtuoso]:
    """Start Virtuoso on a new database in ``folder``; stop it and keep the folder at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(configuration(folder, isql_port, http_port, buffers), encoding="utf-8")
    log = (folder / "server.out").open("wb")
    process = subprocess.Popen(
        [PROGRAM, "+foreground", "+configfile", str(ini)], stdout=log, stderr=subprocess.STDOUT
    )
    server = Virtuoso(folder, isql_port, http_port)
    try:
        _wait(server, process)
        server.isql('GRANT SPARQL_UPDATE TO "SPARQL"')
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait(server: Virtuoso, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                tail = (server.folder / "server.out").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Virtuoso exited with {process.returncode}: {tail}")
            try:
                if client.get(server.sparql, params={"query": "ASK {}"}).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise TimeoutError(f"Virtuoso did not answer in {START_TIMEOUT} s")

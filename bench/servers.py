"""The systems under test as real subprocesses: ``iacoll serve``, ``oxigraph serve-read-only``
(the same engine without iacoll: our ceiling), ``rdflib-endpoint`` (the Python peer) and
Virtuoso (Debian's ``virtuoso-opensource``, when installed).

Each :class:`Server` is started on a free loopback port, timed until its first answer, and
watched by a sampler that reads the resident memory of its whole process tree from ``/proc``
(the SPARQL worker processes of iacoll included) every 0.2 s: ``peak_rss_mb``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench import virtuoso

BIN = Path(sys.executable).parent
PAGE = os.sysconf("SC_PAGE_SIZE")
# Every client of the benchmark comes from 127.0.0.1: the per-address limit of public SPARQL
# queries (4 by default, more: 429) is raised so that 8 and 32 clients measure the server, not
# the limit. Everything else keeps its default.
IACOLL_SETTINGS = {"IACOLL_QUERY_PER_CLIENT": "64"}


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry))
    return tree


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
        except OSError:
            continue
        todo.extend(tree.get(current, []))
    return total / 1_048_576


@dataclass
class Server:
    """A running system: its name, base URL, SPARQL URL, start time and memory peak."""

    name: str
    command: list[str]
    ready_path: str
    sparql_path: str
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    port: int = field(default_factory=free_port)
    start_s: float = 0.0
    peak_rss_mb: float = 0.0
    process: subprocess.Popen[bytes] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sparql(self) -> str:
        return self.base + self.sparql_path

    def start(self, timeout: float = 900) -> Server:
        """Start it; return once ``ready_path`` answers 200 (``start_s`` is that wait)."""
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        started = time.perf_counter()
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        threading.Thread(target=self._sample, daemon=True).start()
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=30) as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
                try:
                    if client.get(self.base + self.ready_path).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.name} did not answer in {timeout} s")
                time.sleep(0.05)
        self.start_s = round(time.perf_counter() - started, 2)
        return self

    def _sample(self) -> None:
        while not self._stop.is_set() and self.process is not None:
            self.peak_rss_mb = max(self.peak_rss_mb, tree_rss_mb(self.process.pid))
            self._stop.wait(0.2)

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL after 10 s)."""
        self._stop.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def iacoll(store: Path) -> Server:
    """``iacoll serve`` on a built store."""
    env = {**os.environ, "IACOLL_STORE_PATH": str(store), **IACOLL_SETTINGS}
    command = [str(BIN / "iacoll"), "serve", "--host", "127.0.0.1", "--port", "{port}"]
    return Server("iacoll", command, "/", "/sparql", env)


def oxigraph(store: Path, copy: Path) -> Server:
    """``oxigraph serve-read-only`` on a copy of the public store (default graph: the union)."""
    shutil.rmtree(copy, ignore_errors=True)  # a fresh copy: the same data as iacoll serves
    shutil.copytree(store / "public", copy)
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(copy)]
    command += ["--bind", "127.0.0.1:{port}", "--union-default-graph"]
    return Server("oxigraph", command, "/query?query=ASK%7B%7D", "/query")


def dump_public(store: Path, dump: Path) -> Path:
    """Write the public store of ``store`` as N-Quads to ``dump`` (what the Python and Virtuoso
    peers load)."""
    ox.Store.read_only(str(store / "public")).dump(str(dump), ox.RdfFormat.N_QUADS)
    return dump


def rdflib_endpoint(dump: Path) -> Server:
    """``rdflib-endpoint serve`` on an N-Quads dump of the public store (default graph: union)."""
    command = [str(BIN / "rdflib-endpoint"), "serve", str(dump), "--host", "127.0.0.1"]
    command += ["--port", "{port}"]
    return Server("rdflib-endpoint", command, "/?query=ASK%7B%7D", "/")


@dataclass
class VirtuosoServer(Server):
    """Virtuoso (:mod:`bench.virtuoso`) on a new database, the N-Quads dump bulk-loaded after
    its first answer (``load_s``, not part of ``start_s``)."""

    dump: Path = Path()
    folder: Path = Path()
    isql_port: int = field(default_factory=free_port)
    load_s: float = 0.0

    def start(self, timeout: float = 900) -> Server:
        """Start on an empty database, open SPARQL Update to it, load the dump."""
        why = virtuoso.available()
        if why:
            raise RuntimeError(why)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(virtuoso.configuration(self.folder, self.isql_port, self.port, 100_000))
        self.command = [virtuoso.PROGRAM, "+foreground", "+configfile", str(ini)]
        super().start(timeout)
        running = virtuoso.Virtuoso(self.folder, self.isql_port, self.port)
        started = time.perf_counter()
        running.load_nquads(self.dump)
        self.load_s = round(time.perf_counter() - started, 2)
        return self


def virtuoso_peer(dump: Path, folder: Path) -> VirtuosoServer:
    """Virtuoso on an N-Quads dump of the public store (default graph: every graph)."""
    return VirtuosoServer(
        "virtuoso", [], "/sparql?query=ASK%7B%7D", "/sparql", dump=dump, folder=folder
    )

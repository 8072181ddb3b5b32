"""The soak's stage: a store built from the seed (as ``make run`` does), a contributor and a
moderator with API tokens (made as ``iacoll user`` makes them), ``iacoll serve`` in a
subprocess, and the memory of the server's whole process tree (the server and its SPARQL
workers)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from iacoll.cli_users import organisation_iri
from iacoll.publishing import accounts, tokens
from iacoll.publishing.db import Database
from iacoll.settings import Settings

T = TypeVar("T")

IACOLL = str(Path(sys.executable).parent / "iacoll")
CONTRIBUTOR = "agent-endurance@ampmetropole.fr"
MODERATOR = "moderation-endurance@example.org"
PASSWORD = "une phrase de passe pour l'endurance"
AMP_SIREN = "200054807"  # Métropole d'Aix-Marseille-Provence, publisher of the seed record


@dataclass(frozen=True)
class Tokens:
    """The API tokens of the soak's two accounts."""

    contributor: str
    moderator: str


def iacoll(*args: str) -> str:
    """Run the ``iacoll`` command; its standard output (an error stops the soak)."""
    done = subprocess.run([IACOLL, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"iacoll {' '.join(args[:2])}: {done.stderr.strip()}")
    return done.stdout


def prepare(store: Path, build: bool) -> Tokens:
    """Build the store (unless it is built already: ``iacoll build``) and create the two
    accounts and their tokens, as ``iacoll user add`` and ``iacoll user token`` do."""
    if build:
        iacoll("build", "--store", str(store))
    settings = Settings.from_env(store_path=store)
    db = Database(settings)
    try:
        with db.transaction() as session:
            amp = accounts.Organisation(AMP_SIREN, organisation_iri(settings, AMP_SIREN))
            agent = accounts.find_account(session, CONTRIBUTOR) or accounts.add_account(
                session, CONTRIBUTOR, PASSWORD, "contributeur", [amp]
            )  # found: a store the soak ran on before
            moderator = accounts.find_account(session, MODERATOR) or accounts.add_account(
                session, MODERATOR, None, "moderateur"
            )
            contributor = tokens.issue_token(session, agent.id, "endurance").secret
            approver = tokens.issue_token(session, moderator.id, "endurance", ["moderation"])
            return Tokens(contributor, approver.secret)
    finally:
        db.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(store: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``iacoll serve`` on a free port (its output in ``log``); yields its URL and process."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [IACOLL, "serve", "--port", str(port), "--store", str(store)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_until_up(url, process)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    """Until the server and its query workers answer (``ASK {}``)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"iacoll serve exited ({process.returncode})")
        try:
            if httpx.get(url + "sparql", params={"query": "ASK {}"}, timeout=60).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError("iacoll serve did not answer within 180 s")


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (from ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue += children.get(current, [])
    return found


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in bytes."""
    total = 0
    for member in descendants(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


class MemoryWatch:
    """Samples :func:`tree_rss` every ``every`` seconds in a thread; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid, self.every = pid, every
        self.start = self.peak = tree_rss(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, tree_rss(self.pid))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def workers_alive(pid: int, at_least: int = 0, wait: float = 30.0) -> int:
    """How many processes run under the server (its SPARQL workers and their helpers): waits
    up to ``wait`` seconds for ``at_least`` of them (a stopped worker's replacement may still be
    starting)."""
    deadline = time.monotonic() + wait
    while True:
        alive = len(descendants(pid)) - 1 if os.path.exists(f"/proc/{pid}") else 0
        if alive >= at_least or time.monotonic() > deadline:
            return alive
        time.sleep(0.5)


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own: the caller's thread may already run
    an event loop (in the tests, the browser tests' Playwright keeps one running for the rest
    of the session), where ``asyncio.run`` refuses."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

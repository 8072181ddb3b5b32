"""SPARQL worker processes cannot open Internet sockets (seccomp-BPF), whatever the guard lets by.

A real TCP listener on 127.0.0.1 stands for a server the query would reach. The worker pool is
driven directly with a ``SERVICE`` job (the pool does not apply the guard: that is the
endpoint's job, and users only reach the pool through the endpoint), so the filter is tested
on its own. A control run in the test process, without the filter, shows that the same job
does reach the listener and that Oxigraph quotes the remote body in its error.
"""

from __future__ import annotations

import platform
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import httpx
import pytest

from iacoll import store
from iacoll.settings import Settings
from iacoll.sparql import sandbox
from iacoll.sparql.workers import Job, WorkerPool, execute

REMOTE_BODY = b"REMOTE-BODY-THAT-MUST-NOT-BE-ECHOED"
BYPASS = (
    "PREFIX ex: <http://e/>\n"
    "SELECT * WHERE {{ BIND(ex:a\\# AS ?b) SERVICE <{url}> {{ ?x ?y ?z }} }}"
)

linux_only = pytest.mark.skipif(
    sys.platform != "linux" or platform.machine() not in sandbox.SOCKET_CALLS,
    reason="the seccomp filter exists for Linux x86-64 and AArch64 (CI and this machine)",
)


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives and answers each
    with an HTTP 500 whose body is :data:`REMOTE_BODY`."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self._socket.settimeout(0.1)
        self._count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        """An endpoint URL on the listener."""
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}/sparql"

    def connections(self, settle: float = 0.5) -> int:
        """Connections received so far (after ``settle`` seconds for late ones)."""
        time.sleep(settle)
        return self._count

    def __enter__(self) -> Listener:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._count += 1
            with connection:
                connection.settimeout(2)
                try:
                    connection.recv(65536)
                    connection.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                        % (len(REMOTE_BODY), REMOTE_BODY)
                    )
                except OSError:
                    pass


def service_job(settings: Settings, url: str) -> Job:
    graphs = tuple(store.public_graph_iris(settings))
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    return Job(query, graphs, graphs, "json", "TURTLE", 100)


@pytest.fixture(scope="module")
def pool(seed_settings: Settings) -> Iterator[WorkerPool]:
    workers = WorkerPool(store.public_store_path(seed_settings), size=1, memory_mb=1024, timeout=30)
    yield workers
    workers.close()


# --- the filter in the worker processes -------------------------------------------------------


@linux_only
def test_workers_run_under_a_seccomp_filter(pool: WorkerPool) -> None:
    assert pool.run(Job("ASK {}", None, None, "json", None, 1)).error is None  # started
    for pid in pool.pids():
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        assert "Seccomp:\t2" in status  # SECCOMP_MODE_FILTER


@linux_only
def test_service_run_by_a_worker_makes_no_connection(
    pool: WorkerPool, seed_settings: Settings
) -> None:
    with Listener() as listener:
        answer = pool.run(service_job(seed_settings, listener.url))
        assert listener.connections() == 0
    assert answer.error == "evaluation"
    assert answer.message == "PermissionError"  # the class only, never the engine's text
    after = pool.run(Job("ASK { ?s ?p ?o }", None, None, "json", None, 1))
    assert after.error is None  # the pipe to the worker (AF_UNIX) still works


def test_without_the_filter_the_same_job_connects_and_quotes_the_remote(
    seed_settings: Settings,
) -> None:
    """The control: in the test process (no filter), Oxigraph reaches the listener."""
    public = store.open_public(seed_settings)
    with Listener() as listener:
        with pytest.raises(OSError) as error:
            execute(public, service_job(seed_settings, listener.url))
        assert listener.connections() == 1
    assert REMOTE_BODY.decode() in str(error.value)


@linux_only
def test_filter_denies_internet_sockets_and_keeps_unix_ones() -> None:
    code = (
        "import socket\n"
        "from iacoll.sparql import sandbox\n"
        "print(sandbox.deny_internet_sockets())\n"
        "a, b = socket.socketpair(); a.send(b'x'); print(b.recv(1) == b'x')\n"
        "for family in (socket.AF_INET, socket.AF_INET6):\n"
        "    try: socket.socket(family)\n"
        "    except PermissionError: print('denied')\n"
        "    else: print('allowed')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["True", "True", "denied", "denied"]
    assert run.stderr == ""  # no warning: the filter is installed


def test_filter_program_jumps_stay_inside_it() -> None:
    program = sandbox.program()
    for pc, (code, jt, jf, _) in enumerate(program):
        if code == 0x15:  # BPF_JMP | BPF_JEQ | BPF_K
            assert pc + 1 + max(jt, jf) < len(program)
    assert program[-2][0] == program[-1][0] == 0x06  # ends with RET allow, RET errno
    assert program[-1][3] == sandbox.SECCOMP_RET_ERRNO | sandbox.EPERM


# --- the real server --------------------------------------------------------------------------


@pytest.mark.server
def test_server_refuses_the_bypass_and_makes_no_request(seed_server: str) -> None:
    with Listener() as listener:
        query = BYPASS.format(url=listener.url)
        response = httpx.get(seed_server + "sparql", params={"query": query}, timeout=30)
        assert response.status_code == 403
        assert "SERVICE" in response.json()["error"]
        assert listener.connections() == 0

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
import struct
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
    sys.platform != "linux" or platform.machine() not in sandbox.CALLS,
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
    """Every thread of every worker (Oxigraph starts its own) runs under the filter."""
    assert pool.run(Job("ASK { ?s ?p ?o }", None, None, "json", None, 1)).error is None
    pids = pool.pids()
    assert pids, "no worker process"
    for pid in pids:
        tasks = sorted(Path(f"/proc/{pid}/task").iterdir())
        assert tasks
        for task in tasks:
            status = (task / "status").read_text(encoding="utf-8")
            assert "Seccomp:\t2" in status, task  # SECCOMP_MODE_FILTER


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
def test_filter_denies_network_sockets_and_keeps_unix_ones() -> None:
    code = (
        "import socket\n"
        "from iacoll.sparql import sandbox\n"
        "print(sandbox.deny_internet_sockets())\n"
        "a, b = socket.socketpair(); a.send(b'x'); print(b.recv(1) == b'x')\n"
        "for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK):\n"
        "    try: socket.socket(family, socket.SOCK_DGRAM)\n"
        "    except PermissionError: print('denied')\n"
        "    else: print('allowed')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["True", "True", "denied", "denied", "denied"]
    assert run.stderr == ""  # no warning: the filter is installed


def _run_bpf(program: list[tuple[int, int, int, int]], data: bytes) -> int:
    """A classic-BPF interpreter for the three instructions the filter uses."""
    pc, accumulator = 0, 0
    for _ in range(len(program)):  # no backward jumps in BPF: at most one pass
        code, jt, jf, k = program[pc]
        if code == 0x20:  # BPF_LD | BPF_W | BPF_ABS
            accumulator, pc = int.from_bytes(data[k : k + 4], "little"), pc + 1
        elif code == 0x15:  # BPF_JMP | BPF_JEQ | BPF_K
            pc += 1 + (jt if accumulator == k else jf)
        elif code == 0x06:  # BPF_RET | BPF_K
            return k
        else:
            raise AssertionError(f"unexpected opcode {code:#x}")
        assert 0 <= pc < len(program), "jump outside the program"
    raise AssertionError("the program does not return")


ALLOW = sandbox.SECCOMP_RET_ALLOW
DENY = sandbox.SECCOMP_RET_ERRNO | sandbox.EPERM
NOSYS = sandbox.SECCOMP_RET_ERRNO | sandbox.ENOSYS
X86, ARM, I386 = sandbox.AUDIT_ARCH_X86_64, sandbox.AUDIT_ARCH_AARCH64, 0x40000003
X32 = sandbox.X32_SYSCALL_BIT
UNIX, INET, INET6, NETLINK, PACKET = 1, 2, 10, 16, 17


@pytest.mark.parametrize(
    ("arch", "number", "family", "verdict"),
    [
        (X86, 41, INET, DENY),  # socket
        (X86, 41, INET6, DENY),
        (X86, 41, NETLINK, DENY),
        (X86, 41, PACKET, DENY),
        (X86, 41, UNIX, ALLOW),
        (X86, X32 | 41, INET, DENY),  # x32 ABI socket
        (X86, X32 | 41, UNIX, ALLOW),
        (X86, 425, 0, NOSYS),  # io_uring_setup
        (X86, X32 | 425, 0, NOSYS),
        (X86, 0, INET, ALLOW),  # read(2, …): the argument is not a family
        (X86, 42, INET, ALLOW),  # connect on an existing (Unix) socket
        (X86, 198, INET, ALLOW),  # 198 is lremovexattr on x86-64, not socket
        (ARM, 198, INET, DENY),  # socket on AArch64
        (ARM, 198, INET6, DENY),
        (ARM, 198, UNIX, ALLOW),
        (ARM, 425, 0, NOSYS),
        (ARM, 41, INET, ALLOW),  # 41 is pivot_root on AArch64, not socket
        (I386, 102, INET, DENY),  # i386 socketcall through int 0x80: another architecture
        (I386, 3, 0, DENY),
    ],
)
def test_filter_program_verdicts(arch: int, number: int, family: int, verdict: int) -> None:
    """struct seccomp_data { int nr; __u32 arch; __u64 ip; __u64 args[6]; }, little-endian."""
    data = struct.pack(
        "<iIQ6Q", number if number < 2**31 else number - 2**32, arch, 0, family, 0, 0, 0, 0, 0
    )
    assert _run_bpf(sandbox.program(), data) == verdict


# --- the real server --------------------------------------------------------------------------


@pytest.mark.server
def test_server_refuses_the_bypass_and_makes_no_request(seed_server: str) -> None:
    with Listener() as listener:
        query = BYPASS.format(url=listener.url)
        response = httpx.get(seed_server + "sparql", params={"query": query}, timeout=30)
        assert response.status_code == 403
        assert "SERVICE" in response.json()["error"]
        assert listener.connections() == 0

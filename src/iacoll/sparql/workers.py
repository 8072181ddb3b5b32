"""Public SPARQL queries run in killable worker processes.

Neither Oxigraph nor rdflib can cancel a running query, and ``ORDER BY`` over everything can
exhaust memory. Each query therefore runs in a worker process that has an address-space limit
(``IACOLL_QUERY_MEMORY_MB`` beyond what the worker maps with its store open) and no Internet
sockets (:mod:`iacoll.sparql.sandbox`); the parent waits at most ``timeout``
seconds, then kills the worker and starts a fresh one. A result-row cap bounds what one query
returns. A worker that dies is replaced; how it died (an allocation that failed under the
address-space limit aborts the process with ``SIGABRT``) decides the message.

Publications reach the workers through snapshots (:mod:`iacoll.snapshots`): before each query a
worker checks the store generation (one ``stat``) and, when it moved, opens the newest snapshot
of the public store read-only instead of the one it had. With a remote store (``IACOLL_STORE_URL``)
a worker sends the query to the SPARQL server instead, without the seccomp filter (it needs a
socket); killing it stops the wait, not the server's evaluation (``oxigraph serve --timeout-s``
bounds that).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import resource
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from iacoll.remote import Server
from iacoll.snapshots import Follower
from iacoll.sparql import failures, results, sandbox
from iacoll.sparql.failures import QueryFailed as QueryFailed  # where callers import it from
from iacoll.sparql.spool import Output, Spool, SpoolFull, TooLarge
from iacoll.terms import read_query


@dataclass(frozen=True)
class Job:
    """One query, its dataset, and the formats negotiated for each query form."""

    query: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    results_format: str | None
    graph_format: str | None
    max_rows: int
    base_iri: str | None = None
    union: bool = False  # the default dataset: every graph, and their union as default graph


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: a body in ``format_key`` (in memory, or in a file of the spool
    folder), or an error kind and message."""

    format_key: str | None = None
    body: bytes = b""
    error: str | None = None
    message: str = ""
    path: str = ""  # the answer's file in the spool folder, instead of ``body`` (large answers)
    size: int = 0  # bytes of the answer, in ``body`` or in the file


Read = bool | tuple[list[str], list[ox.QuerySolution]] | list[ox.Triple]  # a query's answer
STARTED = "started"  # what a worker sends when it starts evaluating a job, before its answer


_OPENED: tuple[Any, int] | None = None  # the store a worker has open, and what it mapped then


def _limit_memory(megabytes: int | None, base: int | None = None) -> None:
    """Let the process map at most ``megabytes`` more than it maps now (None: lift the soft
    address-space limit up to the hard limit, which stays what it was: the worker may lift its
    own limit, a query cannot).

    The limit is relative to what the worker maps once its store is open: RocksDB's threads and
    caches, glibc's per-thread arenas and the interpreter reserve ~500 MiB of address space that
    is mostly never touched, and how much depends on the machine (its cores, its allocator).
    Under an absolute 640 MiB limit the same 51 MB answer went through or failed depending on
    how fragmented the worker's heap had become (CI, tests/test_memory_budget.py)."""
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        mapped = _mapped() if base is None else base
        limit = hard if megabytes is None else mapped + megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _mapped() -> int:
    """Bytes of address space this process maps now (``VmSize``; 0 where /proc has none)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _store(follower: Follower | Server, megabytes: int) -> ox.Store:
    """The store to query, (re)opened without the limit: opening a RocksDB snapshot starts
    threads and maps its caches, which did not always fit in a worker's limited address space
    next to what the previous snapshot left (CI: « Anonymous mmap … failed », « terminate
    called after throwing an instance of 'std::system_error' »). Only the query runs under it."""
    global _OPENED
    _limit_memory(None)
    try:
        opened = follower.store()
        if _OPENED is None or _OPENED[0] is not opened:  # measured once per store opened, so
            _OPENED = (opened, _mapped())  # what a query left mapped never raises the next limit
        return opened
    finally:
        _limit_memory(megabytes, None if _OPENED is None else _OPENED[1])


def worker_main(
    conn: Connection,
    store_path: str | Server,
    memory_mb: int,
    root: str = "",
    spool: str = "",
    answer_bytes: int = 0,
) -> None:
    """Entry point of a worker process: no Internet sockets, follow the store generation
    (``root`` is the stores' folder, the parent of ``store_path`` by default), answer jobs
    forever (large answers in files of the folder ``spool``, if given, up to
    ``answer_bytes``)."""
    follower: Follower | Server
    if isinstance(store_path, Server):  # a SPARQL server evaluates it: HTTP, no snapshots
        follower = store_path
    else:
        sandbox.deny_internet_sockets()
        follower = Follower(Path(store_path), Path(root) if root else Path(store_path).parent)
    follower.store()
    _limit_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            opened = _store(follower, memory_mb)
            conn.send(STARTED)  # the store is open: the query's own time starts now
            answer = execute(opened, job, Path(spool) if spool else None, answer_bytes)
        except SyntaxError as exc:
            answer = Answer(error="syntax", message=str(exc))
        except MemoryError:
            answer = Answer(error="memory", message="memory limit reached")
        except Exception as exc:  # the engine's text may quote a remote server: not echoed
            answer = Answer(error="evaluation", message=type(exc).__name__)
        conn.send(answer)


def execute(store: ox.Store, job: Job, spool: Path | None = None, answer_bytes: int = 0) -> Answer:
    """Run ``job`` on ``store`` and serialise the capped result: in :attr:`Answer.body`, or,
    past :data:`iacoll.sparql.spool.INLINE` bytes, in a new file of the folder ``spool``
    (:attr:`Answer.path`); an answer past ``answer_bytes`` (0: no limit) is the error
    ``too-large``."""
    read = _read(store, job)
    kind = "results" if isinstance(read, bool | tuple) else "graph"
    key = job.results_format if kind == "results" else job.graph_format
    if key is None:
        return Answer(error="not-acceptable", message=kind)
    if _rows(read) > job.max_rows:
        return Answer(error="too-many-rows", message=str(job.max_rows))
    out = Output(spool, answer_bytes)
    try:
        _serialise(read, key, out)
    except TooLarge:
        out.discard()
        return Answer(error="too-large", message=str(answer_bytes))
    except BaseException:
        out.discard()
        raise
    return Answer(key, out.finish(), path=out.path, size=out.size)


def _rows(read: Read) -> int:
    """Rows or triples of an answer (an ASK has none)."""
    if isinstance(read, bool):
        return 0
    return len(read[1] if isinstance(read, tuple) else read)


def _read(store: ox.Store, job: Job) -> Read:
    """The job's answer, at most one row more than its cap."""
    limit = job.max_rows + 1
    if job.union or _whole_store(store, job):
        # Same dataset, ~3x faster in Oxigraph than listing every graph (bench/engines.py).
        return read_query(
            store, job.query, limit, base_iri=job.base_iri, use_default_graph_as_union=True
        )
    return read_query(
        store,
        job.query,
        limit,
        base_iri=job.base_iri,
        default_graph=_nodes(job.default_graphs),
        named_graphs=_nodes(job.named_graphs),
    )


def _serialise(read: Read, key: str, out: Output) -> None:
    if isinstance(read, bool):
        out.write(results.ASK[key](read))
    elif isinstance(read, tuple):
        variables, solutions = read
        rows = (tuple(s) for s in solutions)  # a solution's values, in the variables' order
        results.write_select(key, variables, rows, out)
    else:
        ox.serialize(read, out, getattr(ox.RdfFormat, key))  # type: ignore[arg-type]


def _whole_store(store: ox.Store, job: Job) -> bool:
    """Whether the job's dataset is every named graph of ``store`` as the default graph and as
    the named graphs, with nothing in the store's own default graph: the union dataset."""
    if job.default_graphs is None or job.named_graphs is None:
        return False
    every = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    if set(job.default_graphs) != every or set(job.named_graphs) != every:
        return False
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def _nodes(iris: tuple[str, ...] | None) -> Any:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


class _Worker:
    def __init__(self, context: mp.context.SpawnContext, *args: str | int | Server) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=worker_main, args=(child, *args), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes; a killed or crashed worker is replaced.

    ``store`` is the public store's folder; ``root`` the folder of ``generation.json`` and
    ``snapshots/`` (by default the parent of ``store``, as :mod:`iacoll.store` lays them out).
    With a ``spool``, large answers come back as files of its folder (:attr:`Answer.path`),
    already admitted to it (:meth:`Spool.admit`): the caller releases them.
    """

    def __init__(
        self,
        store: Path | Server,
        *,
        size: int,
        memory_mb: int,
        timeout: float,
        root: Path | None = None,
        short: float | None = None,
        spool: Spool | None = None,
    ) -> None:
        self._context = mp.get_context("spawn")
        self._store, self._memory_mb, self.timeout = store, memory_mb, timeout
        self.size = size
        self._root = root or (store.parent if isinstance(store, Path) else Path())
        self.spool = spool
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        # The short lane: a query still running after ``short`` seconds needs one of the
        # ``size - 1`` long places, so one worker is always back within ``short`` seconds for
        # the next query however many runaways are sent (with one worker: no reservation).
        self.short = timeout if short is None else min(short, timeout)
        self._long = threading.BoundedSemaphore(max(size - 1, 1))
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        spool = self.spool
        worker = _Worker(
            self._context,
            self._store if isinstance(self._store, Server) else str(self._store),
            self._memory_mb,
            str(self._root),
            str(spool.folder) if spool else "",
            spool.answer_bytes if spool else 0,
        )
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> _Worker:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if self.spool is not None and worker.process.pid is not None:
            self.spool.forget(worker.process.pid)  # what it was writing when stopped
        return self._spawn()

    def run(self, job: Job, timeout: float | None = None) -> Answer:
        """Run ``job`` in a free worker within ``timeout`` seconds (at most the pool's limit;
        the rest of a request's deadline). Blocking: call it from a thread, not the event loop.
        A query still running after :attr:`short` seconds while every long place is taken is
        stopped (503, « réessayez »), so that short queries keep a worker."""
        limit = self.timeout if timeout is None else max(min(timeout, self.timeout), 0.0)
        deadline = time.monotonic() + limit
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty as exc:
            raise failures.busy() from exc
        long = False
        try:
            worker.conn.send(job)
            # A fresh worker starting, or one opening a newer snapshot: not the query's time.
            if not worker.conn.poll(limit):
                worker = self._retire(worker)
                raise failures.timed_out(self.timeout)
            answer: Answer | str = worker.conn.recv()
            if answer == STARTED:
                left = max(deadline - time.monotonic(), 0.0)
                first = min(self.short, left)
                if not worker.conn.poll(first):
                    long = first < left and self._long.acquire(blocking=False)
                    if not long or not worker.conn.poll(left - first):
                        worker = self._retire(worker)
                        raise (
                            failures.timed_out(self.timeout)
                            if long or first >= left
                            else failures.crowded()
                        )
                answer = worker.conn.recv()
            assert isinstance(answer, Answer)
            if answer.error == "memory":
                worker = self._retire(worker)
            if answer.path and self.spool is not None:
                try:
                    self.spool.admit(answer.path, answer.size)
                except SpoolFull as exc:
                    raise failures.spool_full() from exc
            return answer
        except (EOFError, OSError, BrokenPipeError) as exc:
            worker.process.join(timeout=5)
            exitcode = worker.process.exitcode
            worker = self._retire(worker)
            raise failures.crashed(exitcode, self._memory_mb) from exc
        finally:
            if long:
                self._long.release()
            self._idle.put(worker)

    def pids(self) -> list[int]:
        """Process ids of the workers (for monitoring)."""
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

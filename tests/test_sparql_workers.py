"""A worker that dies is replaced, and the message says how it died.

An allocation that fails under the address-space limit aborts Oxigraph (``SIGABRT``): that is
the memory message (503). Any other death (here a ``SIGTERM`` sent to the worker while it
evaluates) is a server failure (500) that says which signal stopped the process, never
"memory".
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from iacoll import store
from iacoll.settings import Settings
from iacoll.sparql.workers import Answer, Job, QueryFailed, WorkerPool, _whole_store, execute

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?e ?i"


def job(settings: Settings, query: str) -> Job:
    graphs = tuple(store.public_graph_iris(settings))
    return Job(query, graphs, graphs, "json", "TURTLE", 10**9)


@pytest.fixture
def pool(seed_settings: Settings) -> Iterator[WorkerPool]:
    workers = WorkerPool(store.public_store_path(seed_settings), size=1, memory_mb=600, timeout=60)
    yield workers
    workers.close()


def answered_after(pool: WorkerPool, settings: Settings) -> Answer:
    return pool.run(job(settings, "ASK { ?s ?p ?o }"))


def test_memory_limit_says_memory(pool: WorkerPool, seed_settings: Settings) -> None:
    with pytest.raises(QueryFailed) as error:
        pool.run(job(seed_settings, HOG))
    assert error.value.status == 503
    assert "mémoire allouée (600 Mio)" in error.value.message
    assert "memory limit (600 MiB)" in (error.value.detail or "")
    assert answered_after(pool, seed_settings).error is None


def test_other_crash_says_which_signal_and_not_memory(
    pool: WorkerPool, seed_settings: Settings
) -> None:
    [pid] = pool.pids()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            pool.run(job(seed_settings, RUNAWAY))
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(1.0)  # the worker is evaluating the runaway query
    os.kill(pid, signal.SIGTERM)
    thread.join(timeout=30)
    [error] = outcome
    assert isinstance(error, QueryFailed)
    assert error.status == 500
    assert "SIGTERM" in error.message and "mémoire" not in error.message
    assert "memory" not in (error.detail or "")
    assert pool.pids() != [pid]  # replaced
    assert answered_after(pool, seed_settings).error is None


# --- the union dataset shortcut -----------------------------------------------------------


def _memory_store() -> ox.Store:
    memory = ox.Store()
    for graph in ("https://e.org/g1", "https://e.org/g2"):
        node = ox.NamedNode(graph)
        memory.add(ox.Quad(ox.NamedNode(graph + "#s"), ox.NamedNode("https://e.org/p"), node, node))
    return memory


def _count(memory: ox.Store, default: tuple[str, ...], named: tuple[str, ...]) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answer = execute(memory, Job(query, default, named, "json", None, 10))
    body = json.loads(answer.body)
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_every_graph_of_the_store_is_read_as_the_union() -> None:
    memory = _memory_store()
    every = ("https://e.org/g1", "https://e.org/g2")
    assert _whole_store(memory, Job("ASK {}", every, every, "json", None, 1))
    assert _count(memory, every, every) == 2
    # A subset of the graphs (FROM, default-graph-uri) is not the union: listed, as asked.
    only = ("https://e.org/g1",)
    assert not _whole_store(memory, Job("ASK {}", only, every, "json", None, 1))
    assert _count(memory, only, every) == 1
    # Triples in the store's own default graph would join the union: not the same dataset.
    memory.add(
        ox.Quad(ox.NamedNode("https://e.org/x"), ox.NamedNode("https://e.org/p"), ox.Literal("x"))
    )
    assert not _whole_store(memory, Job("ASK {}", every, every, "json", None, 1))
    assert _count(memory, every, every) == 2


def test_a_query_failing_while_read_leaves_no_result_for_another_thread_to_drop() -> None:
    """An engine error raised while the answer is read keeps ``execute``'s frame in its
    traceback; the result it read must already be gone, or the thread that frees the traceback
    (the garbage collector's, in a server) gets pyoxigraph's "unsendable" error."""
    kept: list[BaseException] = []
    dropped: list[str] = []

    def run() -> None:
        try:  # nothing listens on port 9 of localhost: the SERVICE call fails while read
            execute(
                ox.Store(),
                Job(
                    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                    None,
                    None,
                    "json",
                    None,
                    10,
                ),
            )
        except Exception as exc:
            kept.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert kept and isinstance(kept[0], OSError | RuntimeError)
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: dropped.append(str(u.exc_value))
    try:
        kept.clear()
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert dropped == []


def test_a_json_answer_written_a_chunk_at_a_time_reads_as_one_row_at_a_time() -> None:
    """Rows are encoded by chunks (500 rows, or 64 K characters of values): the text is the
    same as row by row, separators included where chunks meet, and the rows keep their order."""
    memory = ox.Store()
    p = ox.NamedNode("https://e.org/p")
    for number in range(1_200):
        value = "x" * 100_000 if number == 700 else f"é{number}"  # one row past 64 K alone
        memory.add(ox.Quad(ox.NamedNode(f"https://e.org/s{number:04d}"), p, ox.Literal(value)))
    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?s"
    body = execute(memory, Job(query, None, None, "json", None, 2_000)).body.decode()
    rows = json.loads(body)["results"]["bindings"]
    assert [row["s"]["value"][-4:] for row in rows] == [f"{n:04d}" for n in range(1_200)]
    assert rows[1] == {
        "s": {"type": "uri", "value": "https://e.org/s0001"},
        "o": {"type": "literal", "value": "é1"},
    }
    one_by_one = ", ".join(json.dumps(row, ensure_ascii=False) for row in rows)
    assert (
        body
        == f'{{"head": {{"vars": ["s", "o", "none"]}}, "results": {{"bindings": [{one_by_one}]}}}}'
    )


def test_the_memory_limit_counts_from_what_the_open_store_maps(seed_settings: Settings) -> None:
    """A worker's store, threads and allocator arenas map hundreds of MiB it never touches;
    ``IACOLL_QUERY_MEMORY_MB`` is what a query may take beyond that: with 200 MiB, a 100 MB
    allocation succeeds and a 300 MB one fails, whatever the store itself maps."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import pyoxigraph as ox\n"
        "from iacoll.sparql import workers\n"
        "opened = ox.Store.read_only(sys.argv[1])\n"
        "workers._limit_memory(200)\n"
        "kept = bytearray(100 * 1024 * 1024)\n"
        "print('100 MB: ok', flush=True)\n"
        "del kept\n"
        "try:\n"
        "    bytearray(300 * 1024 * 1024)\n"
        "    print('300 MB: ok')\n"
        "except MemoryError:\n"
        "    print('300 MB: refused')\n"
    )
    path = str(store.public_store_path(seed_settings))
    done = subprocess.run(
        [sys.executable, "-c", code, path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["100 MB: ok", "300 MB: refused"]

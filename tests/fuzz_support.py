"""Shared pieces of the fuzz tests: one bounded, reproducible Hypothesis setting, a loopback
listener that counts the connections a query engine opens, and mutations of real sample files."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def bounded(examples: int) -> settings:
    """``examples`` examples, no deadline, the same examples on every run (no example database),
    so that CI and a developer see the same inputs."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


class Listener:
    """A TCP socket on loopback that accepts and counts connections (then closes them)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port: int = self.socket.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.socket.close()


@contextmanager
def listener() -> Iterator[Listener]:
    """A :class:`Listener` for the duration of the block."""
    found = Listener()
    try:
        yield found
    finally:
        found.close()


# --- mutations of a real sample -------------------------------------------------------------


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one of: a truncation, a few byte flips, a slice inserted twice, bytes
    that are not UTF-8, a huge run of one character."""
    kind = draw(st.sampled_from(["truncate", "flip", "duplicate", "latin1", "huge"]))
    size = len(data)
    if kind == "truncate":
        return data[: draw(st.integers(0, size))]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, size - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if kind == "duplicate":
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 400)))
        return data[:end] + data[start:end] + data[end:]
    if kind == "latin1":
        at = draw(st.integers(0, size))
        return data[:at] + draw(st.sampled_from([b"\xe9", b"\xff\xfe", b"\x80\x81", b"\x00"]))
    at = draw(st.integers(0, size))
    return data[:at] + draw(st.sampled_from([b"a", b"\xc3\xa9", b'"', b","])) * 200_000 + data[at:]


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.just("x" * 100_000),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from _paths(item, (*prefix, index))


def _replaced(value: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if delete and not rest:
            copy.pop(head, None)
        else:
            copy[head] = _replaced(value[head], rest, new, delete)
        return copy
    copy_list = list(value)
    if delete and not rest:
        del copy_list[head]
    else:
        copy_list[head] = _replaced(value[head], rest, new, delete)
    return copy_list


@st.composite
def mutated_json(draw: st.DrawFn, document: Any) -> Any:
    """``document`` with one to three of its values (at any depth) replaced by a value of
    another type, or removed."""
    paths = list(_paths(document))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths[1:] or paths))
        try:
            document = _replaced(document, path, draw(ODD_VALUES), draw(st.booleans()))
        except (KeyError, IndexError, TypeError):
            continue  # the path went away with an earlier mutation
    return document


def json_bytes(document: Any) -> bytes:
    """``document`` as UTF-8 JSON."""
    return json.dumps(document, ensure_ascii=False).encode()

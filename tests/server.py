"""Starting a real uvicorn server on a free port, in a thread of the test process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from iacoll.app import create_app
from iacoll.settings import Settings


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """Serve ``create_app(settings)`` with uvicorn; yield its base URL (ending in '/')."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def cli_server(store_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``iacoll serve`` (what ``make run`` runs) in a subprocess on a free port."""
    with cli_process(store_path, env) as (url, _process):
        yield url


@contextmanager
def cli_process(
    store_path: Path, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``iacoll serve`` over ``store_path`` with ``env`` added to the environment; yields its
    URL and process once it answers. Its output goes to a file: a pipe nobody reads fills up
    under a flood of requests and freezes the server."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "iacoll"), "serve", "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, "--store", str(store_path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            try:
                wait_until_up(url, process)
            except RuntimeError as exc:
                log.seek(0)
                raise RuntimeError(f"{exc}\n{log.read().decode(errors='replace')}") from None
            yield url, process
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"iacoll serve exited ({process.returncode})")
        try:
            if httpx.get(url + "sparql", headers={"Accept": "text/turtle"}).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    # Up when its query workers are too: they start beside the server (seconds on a busy machine).
    while time.monotonic() < deadline:
        ask = httpx.get(url + "sparql", params={"query": "ASK {}"}, timeout=60)
        if ask.status_code == 200:
            return
        time.sleep(0.2)
    raise RuntimeError("iacoll serve did not answer within 120 s")

"""Real Oxigraph SPARQL servers for the tests (``oxigraph serve``, the CLI of the PyPI package
``oxigraph``), each on a free loopback port with its own folder, stopped at the end."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.server import free_port, stop

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """``oxigraph serve --location folder``; yield its URL (no trailing slash) once it answers."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process, log)
            yield url
        finally:
            stop(process)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: object) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)  # type: ignore[attr-defined]
            output = log.read().decode(errors="replace")  # type: ignore[attr-defined]
            raise RuntimeError(f"oxigraph serve exited ({process.returncode}): {output}")
        try:
            if httpx.post(f"{url}/query", data={"query": "ASK {}"}).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("oxigraph serve did not answer within 60 s")

"""Answer files: a SPARQL answer too large to pass through the worker's pipe is written by the
worker into a file of the server's spool folder, then streamed from it to the client.

Each server has its own folder (``spool/<random>/`` in the store folder, holding a lock while
the server runs), removed at shutdown; the folders of servers that stopped without removing
theirs are swept at start-up. A worker writes an answer in memory up to :data:`INLINE` bytes
(most answers stop there and go through the pipe as before), then in a file, up to
``answer_bytes``; the server admits the file only while all the files it holds stay within
``total_bytes``, and removes it once sent, or once its client has gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from iacoll.settings import Settings

INLINE = 64 * 1024  # answers up to this size go through the pipe, in memory
LOCK = ".verrou"


class TooLarge(Exception):
    """An answer past the per-answer limit, while written."""


class Output:
    """Where a worker writes one answer: in memory, then, past :data:`INLINE` bytes, a new file
    of ``folder`` (none: in memory whatever the size); at most ``limit`` bytes (0: no limit)."""

    def __init__(self, folder: Path | None, limit: int = 0) -> None:
        self.folder, self.limit = folder, limit
        self.size = 0
        self.path = ""
        self._memory = io.BytesIO()
        self._file: IO[bytes] | None = None

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit and self.size > self.limit:
            raise TooLarge(self.limit)
        if self._file is None and self.folder is not None and self.size > INLINE:
            handle, self.path = tempfile.mkstemp(prefix=f"{os.getpid()}-", dir=self.folder)
            self._file = os.fdopen(handle, "wb")
            self._file.write(self._memory.getbuffer())
            self._memory = io.BytesIO()
        (self._memory if self._file is None else self._file).write(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush before :meth:`finish` (file-like for pyoxigraph)."""

    def finish(self) -> bytes:
        """Close the file; the answer's bytes when it stayed in memory, else ``b""``."""
        if self._file is not None:
            self._file.close()
        return self._memory.getvalue()

    def discard(self) -> None:
        """Forget what was written (an error answer, an exception)."""
        if self._file is not None:
            self._file.close()
            Path(self.path).unlink(missing_ok=True)
        self._memory = io.BytesIO()


class SpoolFull(Exception):
    """Admitting one more answer file would pass the spool's total."""


class Spool:
    """The server's answer files: its private folder, and the bytes its files hold."""

    def __init__(self, parent: Path, *, answer_bytes: int, total_bytes: int) -> None:
        parent.mkdir(parents=True, exist_ok=True)
        sweep(parent)
        self.folder = Path(tempfile.mkdtemp(dir=parent.resolve()))
        self._lock_file = (self.folder / LOCK).open("w")
        fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.answer_bytes, self.total_bytes = answer_bytes, total_bytes
        self._held: dict[str, int] = {}
        self._mutex = threading.Lock()

    def admit(self, path: str, size: int) -> None:
        """Count the answer file ``path`` in, or remove it and raise :class:`SpoolFull`."""
        with self._mutex:
            if sum(self._held.values()) + size <= self.total_bytes:
                self._held[path] = size
                return
        Path(path).unlink(missing_ok=True)
        raise SpoolFull(self.total_bytes)

    def release(self, path: str) -> None:
        """Remove the answer file ``path`` (sent, or its client gone); at most once."""
        with self._mutex:
            self._held.pop(path, None)
        Path(path).unlink(missing_ok=True)

    def held(self) -> int:
        """Bytes of the answer files admitted and not yet released."""
        with self._mutex:
            return sum(self._held.values())

    def forget(self, pid: int) -> None:
        """Remove what the worker ``pid`` (killed) was writing."""
        for path in self.folder.glob(f"{pid}-*"):
            if str(path) not in self._held:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove the folder and every answer file left in it."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock_file.close()


def sweep(parent: Path) -> None:
    """Remove the folders under ``parent`` that no running server holds (a folder without its
    lock file yet may be one a server has just made: left for a minute). A folder another
    server removes meanwhile is skipped."""
    for folder in parent.iterdir():
        with contextlib.suppress(OSError):
            _sweep_one(folder)


def _sweep_one(folder: Path) -> None:
    if not folder.is_dir():
        return
    if not (folder / LOCK).exists():
        if time.time() - folder.stat().st_mtime > 60:
            shutil.rmtree(folder, ignore_errors=True)
        return
    with (folder / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: a server holds it
        shutil.rmtree(folder, ignore_errors=True)


def answer_spool(settings: Settings) -> Spool:
    """The spool of a server over ``settings``: ``spool/`` in its store folder."""
    return Spool(
        settings.store_path / "spool",
        answer_bytes=settings.query_answer_mb * 1_000_000,
        total_bytes=settings.query_spool_mb * 1_000_000,
    )

"""The browsing library (:class:`iacoll.pages.browse.Library`) kept on disk per generation.

Reading it from the store takes ~0.8 s per 1,000 records (a SPARQL read of every record and
the search index built from it), so about a minute at 100,000: a restart, or a second app
server on the same state folder, would wait that long before its home page answers. Once built,
the library is pickled into ``{store}/library.pickle`` (in background, atomically: a temporary
file renamed), under a key made of the generation it was read at, the base IRI and the source
of the modules that shape it; the next process at the same generation loads it instead
(~5–10 ms and ~2.3 MB of memory per 1,000 records at 10,000: ``bench/library_memory.py``).
Any other key, or a file that does not load, is a miss: the library is read from the store —
by a child process on a large catalogue (:func:`read_apart`), so that what the read allocates
does not stay in the server's memory. The file is the store's own state, as trusted as the
store itself.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from iacoll.pages import search, search_cards, search_records, search_text
from iacoll.pages.site import Site
from iacoll.settings import Settings

FILE = "library.pickle"
log = logging.getLogger(__name__)
T = TypeVar("T")


def load(
    site: Site,
    build: Callable[[], T],
    shapes: tuple[Path, ...],
    background: bool = True,
    apart: Callable[[Site], T] | None = None,
) -> T:
    """The library at the site's generation: from the file when its key matches, else read
    by ``apart`` in a child process when given (:func:`read_apart`), else ``build()`` (then
    saved, in background unless ``background`` is false: a command that exits next).
    ``shapes``: the source files the library's classes and contents come from (the caller's
    module among them)."""
    path = site.settings.store_path / FILE
    wanted = key(site, shapes)  # read before the store: the content is at least this new
    found: T | None = _from_file(path, wanted)
    if found is None and apart is not None:
        found = read_apart(site, apart, path, wanted)
    if found is not None:
        return found
    library = build()
    if background:
        threading.Thread(target=save, args=(path, wanted, library), daemon=True).start()
    else:
        save(path, wanted, library)
    return library


def _from_file(path: Path, wanted: str, earlier: bool = False) -> Any:
    """The library saved in ``path`` under ``wanted`` (``earlier``: under ``wanted``'s key at
    an earlier generation instead); None for another key or no file. Only the key is read
    when it does not match."""
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)
            if _earlier(saved, wanted) if earlier else saved == wanted:
                return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: read the store instead
        log.warning("%s does not load: the library is read from the store", path)
    return None


def _earlier(saved: object, wanted: str) -> bool:
    """Whether key ``saved`` is ``wanted``'s at an earlier generation."""
    if not isinstance(saved, str) or saved.count(":") != 1:
        return False
    number, rest = saved.split(":")
    now, wanted_rest = wanted.split(":")
    return rest == wanted_rest and number.isdigit() and int(number) < int(now)


def earlier(site: Site, shapes: tuple[Path, ...]) -> Any:
    """The library file's content when it was saved at an earlier generation of this store
    (same base IRI and sources), else None: what a restarted server shows while it reads the
    current generation's (:meth:`iacoll.freshness.Latest.offer`)."""
    return _from_file(site.settings.store_path / FILE, key(site, shapes), earlier=True)


def read_apart(site: Site, read: Callable[[Site], T], path: Path, wanted: str) -> T | None:
    """``read`` a checkpoint of the site's store in a child process, which saves the library
    into ``path``; then load it from there (None when that failed: read it here). What the read
    allocates (every text of every record, the engine's caches) goes with the child: the
    server keeps only the library, as compact as a start from the file makes it
    (``bench/results/2026-12-08-library-memory.md``). A SPARQL server's store is read here."""
    if not isinstance(site.store, ox.Store):
        return None
    for left in path.parent.glob(f".{path.stem}-store.*.tmp"):  # a crashed server's
        if not _running(int(left.name.split(".")[2])):
            shutil.rmtree(left, ignore_errors=True)
    checkpoint = path.with_name(f".{path.stem}-store.{os.getpid()}.{threading.get_ident()}.tmp")
    shutil.rmtree(checkpoint, ignore_errors=True)
    try:
        site.store.backup(str(checkpoint))  # hard links: cheap, and frozen at this generation
        args = (site.settings, str(checkpoint), read, str(path), wanted)
        child = multiprocessing.get_context("spawn").Process(target=_child, args=args, daemon=True)
        child.start()
        child.join()
        if child.exitcode != 0:
            log.warning("the library's child process ended with %s", child.exitcode)
            return None
        found: T | None = _from_file(path, wanted)
        return found
    except Exception:
        log.exception("the library could not be read in a child process")
        return None
    finally:
        shutil.rmtree(checkpoint, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _child(
    settings: Settings, checkpoint: str, read: Callable[[Site], object], path: str, wanted: str
) -> None:
    """In the child process: read the library from the checkpoint and save it."""
    save(Path(path), wanted, read(Site(settings, ox.Store.read_only(checkpoint))))


def key(site: Site, shapes: tuple[Path, ...]) -> str:
    """``{generation}:{digest}``: the generation's number, then a hash of the base IRI and of
    the source of ``shapes`` and of the search modules."""
    digest = hashlib.sha256(f"{site.base}\n".encode())
    modules = (search, search_cards, search_records, search_text)  # search_text: the stems
    for source in (*shapes, *(Path(m.__file__ or "") for m in modules)):
        digest.update(source.read_bytes())
    return f"{site.generation.number}:{digest.hexdigest()}"


def save(path: Path, wanted: str, library: object) -> None:
    """Write ``library`` under ``wanted`` into ``path``, atomically (never raises)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with tmp.open("wb") as handle:
            pickle.dump(wanted, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(library, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except Exception:
        log.exception("the library could not be saved to %s", path)
        tmp.unlink(missing_ok=True)

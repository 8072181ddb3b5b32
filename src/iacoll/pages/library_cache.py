"""The browsing library (:class:`iacoll.pages.browse.Library`) kept on disk per generation.

Reading it from the store takes ~0.8 s per 1,000 records (a SPARQL read of every record and
the search index built from it), so about a minute at 100,000: a restart, or a second app
server on the same state folder, would wait that long before its home page answers. Once built,
the library is pickled into ``{store}/library.pickle`` (in background, atomically: a temporary
file renamed), under a key made of the generation it was read at, the base IRI and the source
of the modules that shape it; the next process at the same generation loads it instead
(~5–10 ms and ~2.3 MB of memory per 1,000 records at 10,000: ``bench/library_memory.py``).
Any other key, or a file that does not load, is a miss: the library is read from the store.
The file is the store's own state, as trusted as the store itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from iacoll.pages import search, search_cards, search_records, search_text
from iacoll.pages.site import Site

FILE = "library.pickle"
log = logging.getLogger(__name__)
T = TypeVar("T")


def load(
    site: Site, build: Callable[[], T], shapes: tuple[Path, ...], background: bool = True
) -> T:
    """The library at the site's generation: from the file when its key matches, else
    ``build()`` (then saved, in background unless ``background`` is false: a command that
    exits next). ``shapes``: the source files the library's classes and contents come from (the
    caller's module among them)."""
    path = site.settings.store_path / FILE
    wanted = key(site, shapes)  # read before the store: the content is at least this new
    try:
        with path.open("rb") as handle:
            if pickle.load(handle) == wanted:
                found: T = pickle.load(handle)
                return found
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: read the store instead
        log.warning("%s does not load: the library is read from the store", path)
    library = build()
    if background:
        threading.Thread(target=save, args=(path, wanted, library), daemon=True).start()
    else:
        save(path, wanted, library)
    return library


def key(site: Site, shapes: tuple[Path, ...]) -> str:
    """The generation, the base IRI and the source of ``shapes`` and of the search modules."""
    digest = hashlib.sha256(f"{site.generation.number}\n{site.base}\n".encode())
    modules = (search, search_cards, search_records, search_text)  # search_text: the stems
    for source in (*shapes, *(Path(m.__file__ or "") for m in modules)):
        digest.update(source.read_bytes())
    return digest.hexdigest()


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

"""The browsing library is kept on disk per generation: a restart at the same generation loads
it instead of reading every record from the store (pages/library_cache.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from iacoll import generation, store
from iacoll.pages import browse, library_cache
from iacoll.pages.browse import Library
from iacoll.pages.site import Site
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.write_side import wait_until

SHAPES = browse.SHAPES


def test_a_restart_at_the_same_generation_loads_the_library_from_disk(
    seed_settings: Settings, tmp_path: Path
) -> None:
    settings = copy_store(seed_settings, tmp_path)
    saved = settings.store_path / library_cache.FILE
    saved.unlink(missing_ok=True)
    public = store.open_public(settings)
    reads: list[int] = []

    def read(site: Site) -> Library:
        reads.append(site.generation.number)
        return Library.load(site)

    site = Site(settings, public)
    first = library_cache.load(site, lambda: read(site), SHAPES)
    assert reads == [site.generation.number]
    wait_until(saved.is_file)  # written in background

    restarted = Site(settings, public)  # another process at the same generation
    again = library_cache.load(restarted, lambda: read(restarted), SHAPES)
    assert len(reads) == 1  # not read from the store
    assert [r.iri for r in again.index.records] == [r.iri for r in first.index.records]
    assert again.figures == first.figures and again.labels == first.labels
    assert len(again.index.records) == len(first.index.records) > 50  # the seed's records

    generation.advance(settings.store_path, site.generation.number + 1)  # a publication
    moved = Site(settings, public)
    library_cache.load(moved, lambda: read(moved), SHAPES)
    assert len(reads) == 2  # another generation: read from the store


def test_a_damaged_file_is_read_from_the_store(seed_settings: Settings, tmp_path: Path) -> None:
    settings = copy_store(seed_settings, tmp_path)
    (settings.store_path / library_cache.FILE).write_bytes(b"\x80\x05 not a pickle")
    site = Site(settings, store.open_public(settings))
    loaded = library_cache.load(site, lambda: Library.load(site), SHAPES)
    assert loaded.figures == Library.load(site).figures


def test_iacoll_build_writes_the_library_file(seed_settings: Settings, tmp_path: Path) -> None:
    """The first start after a build loads the library instead of reading every record."""
    settings = copy_store(seed_settings, tmp_path)
    saved = settings.store_path / library_cache.FILE
    saved.unlink(missing_ok=True)
    env = {**os.environ, "IACOLL_STORE_PATH": str(settings.store_path)}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("iacoll")), "build"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert saved.is_file()

    def refuse() -> Library:
        raise AssertionError("read from the store")

    site = Site(settings, store.open_public(settings))
    assert len(library_cache.load(site, refuse, SHAPES).index.records) > 50


def test_a_large_library_is_read_in_a_child_process(
    seed_settings: Settings, tmp_path: Path
) -> None:
    """A child reads a checkpoint of the store and saves the file; this process only loads it
    (what the read allocates goes with the child). The checkpoint is removed after."""
    settings = copy_store(seed_settings, tmp_path)
    saved = settings.store_path / library_cache.FILE
    saved.unlink(missing_ok=True)
    site = Site(settings, store.open_public(settings))

    def refuse() -> Library:
        raise AssertionError("read in this process")

    loaded = library_cache.load(site, refuse, SHAPES, apart=Library.load)
    assert saved.is_file()
    here = Library.load(site)
    assert [r.iri for r in loaded.index.records] == [r.iri for r in here.index.records]
    assert loaded.figures == here.figures and loaded.points == here.points
    assert not list(settings.store_path.glob(".library-store.*"))
    assert browse.load(site, apart_from=0).figures == here.figures  # from the file now


def test_a_restart_after_publications_shows_the_earlier_file_meanwhile(
    seed_settings: Settings, tmp_path: Path
) -> None:
    """The file of an earlier generation of the same store (same base IRI and sources) is
    what a restarted server shows while it reads the current generation's; the current file,
    another base IRI or no file give nothing."""
    settings = copy_store(seed_settings, tmp_path)
    saved = settings.store_path / library_cache.FILE
    saved.unlink(missing_ok=True)
    public = store.open_public(settings)
    site = Site(settings, public)
    assert library_cache.earlier(site, SHAPES) is None  # no file
    first = library_cache.load(site, lambda: Library.load(site), SHAPES, background=False)
    assert library_cache.earlier(site, SHAPES) is None  # the current generation's file
    generation.advance(settings.store_path, site.generation.number + 3)  # publications
    restarted = Site(settings, public)
    found = library_cache.earlier(restarted, SHAPES)
    assert found is not None
    assert [r.iri for r in found.index.records] == [r.iri for r in first.index.records]
    other = Site(replace(settings, base_iri="https://example.org/iacoll/"), public)
    assert library_cache.earlier(other, SHAPES) is None  # another base: not this library

"""``iacoll build`` of a large catalogue writes the spreadsheets in a child process, from a
snapshot of the public store, while it writes the RDF dumps (:func:`iacoll.derived.refresh_derived`
with ``parallel``): the same files, byte for byte, as one process writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacoll import derived, downloads, generation, snapshots
from iacoll.settings import Settings
from iacoll.store import open_stores
from tests.conftest import copy_store


def files(found: list[downloads.DownloadFile]) -> dict[str, bytes]:
    return {f.download.name: f.path.read_bytes() for f in found}


def test_the_snapshot_child_writes_the_same_files(seed_settings: Settings, tmp_path: Path) -> None:
    public = open_stores(seed_settings).public
    alone = files(derived.write_dumps(seed_settings, public, target=tmp_path / "alone"))
    current = generation.current(seed_settings.store_path)
    snapshot = snapshots.snapshot(public, seed_settings.store_path, current)
    beside = derived.write_dumps(
        seed_settings, public, target=tmp_path / "beside", snapshot=snapshot
    )
    assert files(beside) == alone
    assert {"iacoll.csv", "iacoll.xlsx", "iacoll.nt"} <= alone.keys()
    assert all(body for body in alone.values())


def test_a_large_build_takes_a_snapshot_for_the_child(
    seed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = copy_store(seed_settings, tmp_path)
    stores = open_stores(settings)
    before = files(derived.write_dumps(settings, stores.public, target=tmp_path / "before"))
    assert snapshots.newest(settings.store_path) is None
    monkeypatch.setattr(derived, "PARALLEL_FROM", 1)  # the seed's 72 publications count as many
    derived.refresh_derived(settings, stores.public, stores.full, parallel=True)
    taken = snapshots.newest(settings.store_path)
    assert taken is not None
    assert taken.number == generation.current(settings.store_path).number
    written = {
        d.name: (downloads.folder(settings) / d.name).read_bytes() for d in downloads.DOWNLOADS
    }
    assert written == before

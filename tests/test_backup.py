"""``iacoll backup`` / ``iacoll restore``: a record published through the write path while
the server runs, a backup taken under that running server, the store folder deleted, the
backup restored: the record, its history and its downloads are served again (issue 14, build
item 3)."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from iacoll import namespaces as ns
from iacoll import store
from iacoll.pages import browse, library_cache
from iacoll.pages.browse import Library
from iacoll.pages.site import Site
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.server import cli_server
from tests.test_integrity import declared_checksums, iacoll, revised, served_checksums

RECORD = "id/cas-usage/sicoval-fuites-eau"
NEW_TITLE = "Détection des fuites d'eau par IA — Sicoval (révisée)"


def title(url: str) -> str:
    answer = httpx.get(url + RECORD, headers={"Accept": "application/ld+json"}, timeout=60)
    assert answer.status_code == 200
    return answer.text


def wait_for(url: str, text: str) -> None:
    deadline = time.monotonic() + 60
    while text not in title(url):
        assert time.monotonic() < deadline, f"{text!r} never served"
        time.sleep(0.3)


def test_backup_under_a_running_server_then_restore_after_loss(
    seed_settings: Settings, tmp_path: Path
) -> None:
    own = copy_store(seed_settings, tmp_path)
    store_path, dest = own.store_path, tmp_path / "sauvegarde"
    with cli_server(store_path) as url:
        published = iacoll("publish", str(revised(tmp_path)), "--store", str(store_path))
        assert published.returncode == 0, published.stderr
        wait_for(url, NEW_TITLE)
        saved = iacoll("backup", str(dest), "--store", str(store_path))
        assert saved.returncode == 0, saved.stderr
        history = httpx.get(url + RECORD + "/historique", timeout=60).text
    assert saved.stdout.startswith(f"Sauvegarde écrite dans {dest} : journal des révisions (")
    assert sorted(p.name for p in dest.iterdir()) == [
        "build.json",
        "complet",
        "generation.json",
        "iacoll.sqlite3",
        "projection.json",
        "public",
        "sauvegarde.json",
    ]
    again = iacoll("backup", str(dest), "--store", str(store_path))
    assert again.returncode == 1
    assert again.stderr.strip() == f"Le dossier {dest} existe déjà : donnez un dossier nouveau."

    shutil.rmtree(store_path)  # the loss
    restored = iacoll("restore", str(dest), "--store", str(store_path))
    assert restored.returncode == 0, restored.stderr
    assert f"restaurée dans {store_path} (" in restored.stdout
    with cli_server(store_path) as url:
        assert NEW_TITLE in title(url)
        assert httpx.get(url + RECORD + "/historique", timeout=60).text == history
        dump = httpx.get(url + "download/iacoll.nt", timeout=60)
        assert NEW_TITLE.encode() in dump.content
        assert dump.headers["etag"] == f'"{hashlib.sha256(dump.content).hexdigest()}"'
        assert served_checksums(url) == declared_checksums(url)
    assert revisions(own) == [1, 2]  # the seed's revision and the one published by the CLI


def revisions(settings: Settings) -> list[int]:
    """The numbers of the Sicoval record's revisions in the revision log."""
    db = Database(settings)
    with db.transaction() as session:
        numbers = session.scalars(
            select(Revision.number)
            .where(Revision.record_iri == ns.DEFAULT_BASE + RECORD)
            .order_by(Revision.number)
        ).all()
    db.close()
    return list(numbers)


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    restored = iacoll("restore", str(tmp_path), "--store", str(tmp_path / "magasin"))
    assert restored.returncode == 1
    assert restored.stderr.strip() == (
        f"{tmp_path} n'est pas une sauvegarde d'iacoll (pas de sauvegarde.json lisible) : "
        "donnez le dossier qu'a écrit « iacoll backup »."
    )
    assert not (tmp_path / "magasin").exists()


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_help_is_in_french(command: str) -> None:
    helped = iacoll(command, "--help")
    assert helped.returncode == 0
    assert {"backup": "Sauvegarde le journal", "restore": "Restaure la sauvegarde"}[command] in (
        helped.stdout
    )


def test_a_restored_store_serves_its_first_home_page_from_the_library_file(
    seed_settings: Settings, tmp_path: Path
) -> None:
    own = copy_store(seed_settings, tmp_path)
    saved = iacoll("backup", str(tmp_path / "sauvegarde"), "--store", str(own.store_path))
    assert saved.returncode == 0, saved.stderr
    shutil.rmtree(own.store_path)
    restored = iacoll("restore", str(tmp_path / "sauvegarde"), "--store", str(own.store_path))
    assert restored.returncode == 0, restored.stderr
    assert (own.store_path / library_cache.FILE).is_file()

    def refuse() -> Library:
        raise AssertionError("read from the store")

    site = Site(own, store.open_public(own))  # what the home page asks first: the library
    assert len(library_cache.load(site, refuse, browse.SHAPES).index.records) > 50

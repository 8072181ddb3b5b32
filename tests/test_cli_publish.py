"""``iacoll publish FILE``: an upstream CSV through the one write path, all or nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from sqlalchemy import func, select

from iacoll import store
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision
from iacoll.settings import Settings
from tests.conftest import FIXTURES, REPO, copy_store

IACOLL = str(Path(sys.executable).parent / "iacoll")
PROJECT = "Prévision des repas des cantines (publication en ligne de commande)"


@pytest.fixture(scope="module")
def own(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("cli-publish"))
    return settings


def one_row(folder: Path, siret: str) -> Path:
    """The first row of the semicolon fixture, as a new project, with ``siret``."""
    lines = (FIXTURES / "upstream" / "bibliotheque-points-virgules.csv").read_text("utf-8")
    header, row = lines.splitlines()[:2]
    cells = row.split(";")
    keys = header.split(";")
    cells[keys.index("nom_projet")] = PROJECT
    cells[keys.index("coll_siret")] = siret
    target = folder / "fiche.csv"
    target.write_text(f"{header}\n{';'.join(cells)}\n", encoding="utf-8")
    return target


def revisions(settings: Settings) -> int:
    db = Database(settings)
    with db.transaction() as session:
        count = session.scalar(select(func.count()).select_from(Revision)) or 0
    db.close()
    return count


def publish(settings: Settings, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [IACOLL, "publish", str(path), "--store", str(settings.store_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_wrong_check_digit_writes_nothing(own: Settings, tmp_path: Path) -> None:
    before = revisions(own)
    done = publish(own, one_row(tmp_path, "244 400 404 00016"))
    assert done.returncode == 1, done.stderr
    assert f"{tmp_path / 'fiche.csv'}:2: violation: coll_siret:" in done.stderr
    assert "Rien n'a été écrit." in done.stderr
    assert revisions(own) == before


def test_a_good_row_is_published_and_projected(own: Settings, tmp_path: Path) -> None:
    before = revisions(own)
    done = publish(own, one_row(tmp_path, ""))  # the catalogue knows Nantes Métropole
    assert done.returncode == 0, done.stderr
    assert "révision(s) enregistrée(s) à l'état « publie »" in done.stdout
    db = Database(own)
    with db.transaction() as session:
        added = session.scalars(select(Revision).where(Revision.id > before)).all()
    assert {(r.source, r.state) for r in added} == {("cli", "publie")}
    assert any(PROJECT in r.public_nt for r in added)
    public = store.open_stores(own).public
    titles = {
        q.object.value
        for q in public.quads_for_pattern(
            None, ox.NamedNode("http://purl.org/dc/terms/title"), None
        )
    }
    assert PROJECT in titles

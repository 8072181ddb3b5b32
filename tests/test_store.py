"""Building the Oxigraph stores: validate first, one named graph per source set, only what
changed, restricted data only in the complete store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from iacoll import sources, store
from iacoll.settings import Settings

ORG = "https://w3id.org/iacoll/id/organisation/sicoval"
NAME = "http://xmlns.com/foaf/0.1/name"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that the store builds from."""
    copy = tmp_path / "data"
    shutil.copytree(sources.DATA_DIR, copy)
    monkeypatch.setattr(sources, "DATA_DIR", copy)
    return copy


def names(path: Path) -> set[str]:
    opened = ox.Store.read_only(str(path))
    return {
        q.object.value
        for q in opened.quads_for_pattern(ox.NamedNode(ORG), ox.NamedNode(NAME), None)
    }


def test_build_loads_every_graph_then_nothing(tmp_path: Path, data_copy: Path) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "store")
    assert store.build(settings) == [
        "vocabulaires",
        "public",
        "restreint",
        "catalogue",
        "historique",
    ]
    assert store.build(settings) == []
    public = ox.Store.read_only(str(store.public_store_path(settings)))
    graphs = {g.value for g in public.named_graphs()}
    assert graphs == set(store.public_graph_iris(settings))
    full = ox.Store.read_only(str(store.full_store_path(settings)))
    assert "https://w3id.org/iacoll/graph/restreint" in {g.value for g in full.named_graphs()}


def test_only_the_changed_graph_is_rebuilt(tmp_path: Path, data_copy: Path) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "store")
    store.build(settings)
    org_file = data_copy / "organisation" / "sicoval.ttl"
    org_file.write_text(
        org_file.read_text(encoding="utf-8") + f'\n<{ORG}> <{NAME}> "Sicoval (test)"@fr .\n',
        encoding="utf-8",
    )
    assert store.build(settings) == ["public", "catalogue"]
    assert "Sicoval (test)" in names(store.public_store_path(settings))


def test_invalid_sources_change_nothing(tmp_path: Path, data_copy: Path) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "store")
    store.build(settings)
    record = data_copy / "cas-usage" / "sicoval-fuites-eau.ttl"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("iacoll:typeFiche type-fiche:cas-usage ;", ""), "utf-8")
    with pytest.raises(store.SourceNotValid) as error:
        store.build(settings)
    assert "rien n'a été chargé" in error.value.message
    record.write_text(text, "utf-8")
    assert store.build(settings) == []


def test_other_base_iri_rebases_everything(tmp_path: Path, data_copy: Path) -> None:
    base = "http://localhost:8000/"
    settings = Settings.from_env({}, store_path=tmp_path / "store", base_iri=base)
    store.build(settings)
    public = ox.Store.read_only(str(store.public_store_path(settings)))
    assert {g.value for g in public.named_graphs()} == {
        f"{base}graph/{key}" for key in ("vocabulaires", "public", "catalogue", "historique")
    }
    subject = ox.NamedNode(f"{base}id/organisation/sicoval")
    assert list(public.quads_for_pattern(subject, ox.NamedNode(NAME), None))
    assert not list(public.quads_for_pattern(ox.NamedNode(ORG), None, None))

"""Building the stores: static graphs from files, the seed records through the write path
into the revision log, then one named graph per record projected from the log; only what
changed; restricted parts only in the complete store."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from sqlalchemy import func, select

from iacoll import sources, store
from iacoll.projection import Projector, record_graph, record_quads
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision
from iacoll.publishing.seed import SeedNotValid
from iacoll.settings import Settings
from iacoll.terms import to_rdflib
from tests.conftest import copy_store

ORG = "https://w3id.org/iacoll/id/organisation/sicoval"
NAME = "http://xmlns.com/foaf/0.1/name"
STATIC = ("vocabulaires", "contexte", "historique", "correspondances", "regles-aiact", "catalogue")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that the store builds from."""
    copy = tmp_path / "data"
    shutil.copytree(sources.DATA_DIR, copy)
    return copy


def seed_count(data: Path) -> int:
    return sum(len(list((data / kind).glob("*.ttl"))) for kind in store.seed.ORDER)


def names(settings: Settings) -> set[str]:
    public = store.open_stores(settings).public
    return {
        q.object.value
        for q in public.quads_for_pattern(ox.NamedNode(ORG), ox.NamedNode(NAME), None)
    }


def graphs(opened: ox.Store) -> set[str]:
    return {g.value for g in opened.named_graphs()}


def log_counts(settings: Settings) -> tuple[int, int]:
    db = Database(settings)
    with db.transaction() as session:
        counts = (
            session.scalar(select(func.count()).select_from(Revision)) or 0,
            session.scalar(select(func.count()).select_from(Publication)) or 0,
        )
    db.close()
    return counts


def test_build_loads_every_graph_then_nothing(tmp_path: Path, data_copy: Path) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "store", data_path=data_copy)
    assert store.build(settings) == [
        "vocabulaires",
        "contexte",
        "historique",
        "correspondances",
        "regles-aiact",
        "fiches",
        "catalogue",
    ]
    assert store.build(settings) == []
    records = seed_count(data_copy)
    assert log_counts(settings) == (records, records)
    stores = store.open_stores(settings)
    public = graphs(stores.public)
    base = "https://w3id.org/iacoll/graph/"
    assert public >= {base + key for key in STATIC}
    assert len(public) == len(STATIC) + records
    assert base + "cas-usage/sicoval-fuites-eau" in public
    assert not any(g.startswith(base + "restreint/") for g in public)
    restricted = {g for g in graphs(stores.full) if g.startswith(base + "restreint/")}
    assert len(restricted) == len(list((data_copy / "restreint").glob("*.ttl")))
    assert base + "restreint/cas-usage/amp-callbot-encombrants" in restricted


def test_a_changed_seed_file_becomes_a_new_revision(tmp_path: Path, data_copy: Path) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "store", data_path=data_copy)
    store.build(settings)
    before = log_counts(settings)
    org_file = data_copy / "organisation" / "sicoval.ttl"
    org_file.write_text(
        org_file.read_text(encoding="utf-8") + f'\n<{ORG}> <{NAME}> "Sicoval (test)"@fr .\n',
        encoding="utf-8",
    )
    assert store.build(settings) == ["fiches", "catalogue"]
    assert log_counts(settings) == (before[0] + 1, before[1] + 1)
    assert "Sicoval (test)" in names(settings)
    db = Database(settings)
    with db.transaction() as session:
        states = session.execute(
            select(Revision.number, Revision.state).where(Revision.record_iri == ORG)
        ).all()
    assert sorted(states) == [(1, "remplace"), (2, "publie")]


def test_invalid_sources_change_nothing(tmp_path: Path, data_copy: Path) -> None:
    settings = Settings.from_env({}, store_path=tmp_path / "store", data_path=data_copy)
    store.build(settings)
    before = log_counts(settings)
    record = data_copy / "cas-usage" / "sicoval-fuites-eau.ttl"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("iacoll:typeFiche type-fiche:cas-usage ;", ""), "utf-8")
    with pytest.raises(SeedNotValid) as error:
        store.build(settings)
    assert "rien n'a été chargé" in error.value.message
    assert "sicoval-fuites-eau" in error.value.message
    assert log_counts(settings) == before
    record.write_text(text, "utf-8")
    assert store.build(settings) == []


def test_other_base_iri_rebases_everything(tmp_path: Path, data_copy: Path) -> None:
    base = "http://localhost:8000/"
    settings = Settings.from_env(
        {}, store_path=tmp_path / "store", base_iri=base, data_path=data_copy
    )
    store.build(settings)
    public = store.open_stores(settings).public
    named = graphs(public)
    assert {f"{base}graph/{key}" for key in STATIC} <= named
    assert all(g.startswith(f"{base}graph/") for g in named)
    subject = ox.NamedNode(f"{base}id/organisation/sicoval")
    assert list(public.quads_for_pattern(subject, ox.NamedNode(NAME), None))
    assert not list(public.quads_for_pattern(ox.NamedNode(ORG), None, None))


def _projected(seed: Settings, folder: Path, bulk: bool, partial: int = 0) -> dict[str, Graph]:
    """The seed's log projected into new stores in ``folder`` (``bulk`` or in transactions),
    every named graph read back; ``partial``: first leave half the quads of that many records
    in the stores, unmarked, as a bulk load interrupted by a crash would."""
    settings = replace(seed, store_path=folder)
    folder.mkdir()
    with (
        sqlite3.connect(seed.store_path / "iacoll.sqlite3") as source,
        sqlite3.connect(folder / "iacoll.sqlite3") as copied,
    ):
        source.backup(copied)
    stores = store.open_stores(settings)
    db = Database(settings)
    projector = Projector(settings, db, stores.public, stores.full)
    for _n, iri, public, _hidden in projector._pending(0, partial):
        graph = ox.NamedNode(record_graph(settings.base_iri, iri))
        quads = list(record_quads(public or "", graph, settings.base_iri))
        for opened in (stores.public, stores.full):
            opened.bulk_extend(quads[: len(quads) // 2])
    assert projector.catch_up(bulk=bulk) == log_counts(settings)[1]
    db.close()
    found: dict[str, Graph] = {}
    for name, opened in (("public", stores.public), ("complet", stores.full)):
        for graph in opened.named_graphs():
            rdf = Graph()
            for quad in opened.quads_for_pattern(None, None, None, graph):
                rdf.add(tuple(to_rdflib(t) for t in quad.triple))  # type: ignore[arg-type]
            found[f"{name} {graph.value}"] = rdf
    store.close_stores(settings)
    return found


def test_a_bulk_catch_up_projects_what_transactions_do(
    tmp_path: Path, seed_settings: Settings
) -> None:
    """``iacoll build`` projects through Oxigraph's bulk loader: the same graphs as the
    server's transactions, also after a crash left part of a bulk load in the stores."""
    by_transactions = _projected(seed_settings, tmp_path / "transactions", bulk=False)
    in_bulk = _projected(seed_settings, tmp_path / "bulk", bulk=True)
    after_crash = _projected(seed_settings, tmp_path / "crash", bulk=True, partial=20)
    records = seed_count(sources.DATA_DIR)
    restricted = len(list((sources.DATA_DIR / "restreint").glob("*.ttl")))
    assert len(by_transactions) == 2 * records + restricted
    for found in (in_bulk, after_crash):
        assert found.keys() == by_transactions.keys()
        for key, graph in by_transactions.items():
            assert len(found[key]) == len(graph), key
            assert isomorphic(found[key], graph), key


def test_the_seed_is_synced_into_another_log(seed_settings: Settings, tmp_path: Path) -> None:
    settings = copy_store(seed_settings, tmp_path)
    assert store.build(settings) == []
    records = seed_count(sources.DATA_DIR)
    other = replace(settings, database_url=f"sqlite:///{tmp_path / 'autre.sqlite3'}")
    assert "fiches" in store.build(other)  # the seed went into the other log, not skipped
    assert log_counts(other) == (records, records)
    assert store.build(other) == []


def test_the_log_of_the_seed_fingerprint_is_its_url_without_password(
    seed_settings: Settings,
) -> None:
    def fingerprint(url: str) -> str:
        return store.seed_fingerprint(replace(seed_settings, database_url=url))

    url = "postgresql+psycopg://iacoll:{}@{}/iacoll"
    same = fingerprint(url.format("premier", "db.example"))
    assert fingerprint(url.format("second", "db.example")) == same  # a new password: same log
    assert fingerprint(url.format("premier", "autre.example")) != same
    assert store.seed_fingerprint(seed_settings) != same

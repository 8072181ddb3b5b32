"""The revision log on a real PostgreSQL server (``IACOLL_DATABASE_URL``): build, pages,
queries, a publication through the API and moderation, the change feed, and stores rebuilt from
the log alone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from iacoll.app import create_app
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision
from iacoll.settings import Settings
from iacoll.store import build, open_stores
from tests.postgres import postgres_server
from tests.write_side import agent_and_moderator, publish_callbot_copy, wait_until

SLUG = "amp-callbot-essai-postgres"
IRI = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
COUNT_RECORDS = """SELECT (COUNT(DISTINCT ?r) AS ?n)
WHERE { GRAPH ?g { ?r a <https://w3id.org/iacoll/def#CasUsageIA> } }"""


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def settings(postgres: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built from the seed, its revision log on PostgreSQL."""
    built = Settings.from_env(
        {}, store_path=tmp_path_factory.mktemp("pg-store"), database_url=postgres
    )
    build(built)
    return built


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def log_of(settings: Settings) -> list[tuple[str, int, str, str]]:
    """Every revision of the log: (record, number, state, digest), in order."""
    db = Database(settings)
    try:
        with db.transaction() as session:
            rows = session.scalars(select(Revision).order_by(Revision.id))
            return [(r.record_iri, r.number, str(r.state), r.digest) for r in rows]
    finally:
        db.close()


def count(client: TestClient, query: str) -> int:
    answer = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_the_seed_is_the_first_revisions_of_the_postgres_log(
    settings: Settings, seed_settings: Settings, postgres: str
) -> None:
    on_postgres = log_of(settings)
    assert on_postgres == log_of(seed_settings)  # the same revisions as on SQLite
    assert len(on_postgres) == 159  # 72 records and the organisations that carry them
    assert not (settings.store_path / "iacoll.sqlite3").exists()
    with psycopg.connect(postgres.replace("postgresql+psycopg", "postgresql")) as connection:
        stored = connection.execute("SELECT count(*) FROM revision").fetchone()
    assert stored == (159,)


def test_pages_and_queries_read_the_projection_of_the_postgres_log(
    client: TestClient, seed_app_records: int
) -> None:
    page = client.get("/id/cas-usage/amp-callbot-encombrants")
    assert page.status_code == 200
    assert "Callbot" in page.text
    assert count(client, COUNT_RECORDS) == seed_app_records


@pytest.fixture(scope="module")
def seed_app_records(seed_settings: Settings) -> int:
    """How many use cases the SQLite seed store holds."""
    rows = open_stores(seed_settings).public.query(COUNT_RECORDS)
    return int(next(iter(rows))["n"].value)  # type: ignore[index]


def test_a_publication_reaches_pages_queries_and_the_feed(
    client: TestClient, settings: Settings, seed_app_records: int
) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    publish_callbot_copy(client, "", agent_and_moderator(db), SLUG)
    wait_until(lambda: count(client, COUNT_RECORDS) == seed_app_records + 1)
    assert client.get(f"/id/cas-usage/{SLUG}").status_code == 200
    # one revision, drafted, submitted, then approved: its state moved along
    assert [r[1:3] for r in log_of(settings) if r[0] == IRI] == [(1, "publie")]
    feed = client.get("/flux/publications.atom")
    assert feed.status_code == 200 and IRI in feed.text


def test_the_stores_are_rebuilt_from_the_postgres_log_alone(
    settings: Settings, tmp_path: Path, seed_app_records: int
) -> None:
    fresh = replace(settings, store_path=tmp_path / "store")
    build(fresh)
    rebuilt = open_stores(fresh).public
    assert int(next(iter(rebuilt.query(COUNT_RECORDS)))["n"].value) == seed_app_records + 1  # type: ignore[index]
    assert rebuilt.query(f"ASK {{ GRAPH ?g {{ <{IRI}> ?p ?o }} }}")

"""Several app servers on one revision log (docs/deployment.md): two ``iacoll serve`` processes,
each with its own embedded stores, share a real PostgreSQL log. A record published through one
server's API and moderation reaches the other server's pages, SPARQL endpoint and feed within
seconds: each server projects the shared log into its own stores (its LogFollower), so every
server is a read replica and any server takes writes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from iacoll.publishing.db import Database
from iacoll.settings import Settings
from tests.postgres import postgres_server
from tests.server import cli_process
from tests.write_side import agent_and_moderator, publish_callbot_copy, wait_until

pytestmark = pytest.mark.server

IACOLL = str(Path(sys.executable).parent / "iacoll")
SLUG = "amp-callbot-essai-replicas"
IRI = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
COUNT_RECORDS = """SELECT (COUNT(DISTINCT ?r) AS ?n)
WHERE { GRAPH ?g { ?r a <https://w3id.org/iacoll/def#CasUsageIA> } }"""
JSON = {"Accept": "application/sparql-results+json"}
HTTP = httpx.Client(timeout=120)


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def folders(postgres: str, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two store folders built on the same log: the first build writes the seed into it, the
    second finds it there and only projects it."""
    built = []
    for name in ("a", "b"):
        folder = tmp_path_factory.mktemp(f"replica-{name}")
        done = subprocess.run(
            [IACOLL, "build", "--store", str(folder)],
            env={**os.environ, "IACOLL_DATABASE_URL": postgres},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        built.append(folder)
    return built


@pytest.fixture(scope="module")
def tokens_of(postgres: str, folders: list[Path]) -> dict[str, str]:
    db = Database(Settings.from_env({}, store_path=folders[0], database_url=postgres))
    try:
        return agent_and_moderator(db)
    finally:
        db.close()


@pytest.fixture(scope="module")
def servers(postgres: str, folders: list[Path]) -> Iterator[list[str]]:
    env = {"IACOLL_DATABASE_URL": postgres, "IACOLL_SECRET_KEY": "une clé partagée " * 4}
    with cli_process(folders[0], env) as (first, _), cli_process(folders[1], env) as (second, _):
        yield [first, second]


def test_the_second_build_found_the_seed_in_the_shared_log(servers: list[str]) -> None:
    counts = [_count(url) for url in servers]
    assert counts[0] == counts[1] > 50


def test_a_publication_on_one_server_reaches_the_other(
    servers: list[str], tokens_of: dict[str, str]
) -> None:
    writer, reader = servers
    before = _count(reader)
    assert HTTP.get(reader + f"id/cas-usage/{SLUG}").status_code == 404
    publish_callbot_copy(HTTP, writer.rstrip("/"), tokens_of, SLUG)
    wait_until(lambda: _count(reader) == before + 1)
    page = HTTP.get(reader + f"id/cas-usage/{SLUG}")
    assert page.status_code == 200 and "Callbot" in page.text
    assert IRI in HTTP.get(reader + "flux/publications.atom").text
    assert _count(writer) == before + 1


def _count(url: str) -> int:
    answer = HTTP.post(url + "sparql", data={"query": COUNT_RECORDS}, headers=JSON)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])

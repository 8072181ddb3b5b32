"""The federated example queries (``sparql/federation/``): each parses, joins iacoll's endpoint
with another public one, is refused by iacoll's public endpoint (SERVICE), and its iacoll part,
run by rdflib as a client against a live server, answers rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery

from iacoll import sources
from iacoll.settings import Settings
from tests.server import live_server

FOLDER = sources.ROOT / "sparql" / "federation"
QUERIES = sorted(FOLDER.glob("*.rq"))
IACOLL = "https://w3id.org/iacoll/sparql"
SERVICES = re.compile(r"SERVICE <([^>]+)>")
# The iacoll block: from its SERVICE to the brace closing it (two-space indent in the files).
IACOLL_BLOCK = re.compile(r"SERVICE <" + re.escape(IACOLL) + r"> \{\n(.*?)\n  \}", re.S)


@pytest.fixture(scope="module")
def server(seed_settings: Settings) -> Iterator[str]:
    with live_server(seed_settings) as url:
        yield url


def test_there_are_federated_examples() -> None:
    assert [q.name for q in QUERIES] == [
        "01-collectivites-wikidata.rq",
        "02-pays-publications-office.rq",
    ]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_each_parses_and_joins_iacoll_with_another_endpoint(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parseQuery(text)
    services = SERVICES.findall(text)
    assert services[0] == IACOLL
    assert len(services) == 2 and services[1] != IACOLL
    first, second = text.splitlines()[:2]
    assert first.startswith("# ") and "client" in first  # French title, then English
    assert second.startswith("# ") and "client" in second


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_the_public_endpoint_refuses_them(server: str, path: Path) -> None:
    answer = httpx.post(
        server + "sparql",
        data={"query": path.read_text(encoding="utf-8")},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert answer.status_code == 403
    assert "SERVICE" in answer.text


def test_a_client_runs_the_iacoll_part(server: str) -> None:
    """rdflib, as a client, sends the SERVICE block to the live endpoint and reads its rows."""
    text = (FOLDER / "01-collectivites-wikidata.rq").read_text(encoding="utf-8")
    prologue = "\n".join(line for line in text.splitlines() if line.startswith("PREFIX"))
    found = IACOLL_BLOCK.search(text)
    assert found is not None
    block = found.group(1)
    query = f"{prologue}\nSELECT DISTINCT * WHERE {{ SERVICE <{server}sparql> {{\n{block}\n}} }}"
    rows = list(Graph().query(query))
    sirens = {str(row.siren) for row in rows}  # type: ignore[union-attr]
    assert "243300316" in sirens  # Bordeaux Métropole publishes use cases in the seed
    assert all(str(row.nom) for row in rows)  # type: ignore[union-attr]

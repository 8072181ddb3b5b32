"""Helpers of the write-side tests (API, upload): an app over its own database, accounts with
tokens, the revision table's content, seed records read back as upstream rows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from sqlalchemy import select

from iacoll import sources
from iacoll.app import create_app
from iacoll.model.record import Record
from iacoll.namespaces import DCT, ID
from iacoll.publishing import accounts, tokens
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.server import free_port

AMP = f"{ID}organisation/metropole-aix-marseille-provence"
AMP_SIREN = "200054807"
BORDEAUX = f"{ID}organisation/bordeaux-metropole"
BORDEAUX_SIREN = "243300316"


@contextmanager
def write_client(seed: Settings, folder: Path) -> Iterator[TestClient]:
    """A TestClient over ``create_app`` on a private copy of the seed store in ``folder``."""
    with TestClient(create_app(copy_store(seed, folder))) as client:
        yield client


@contextmanager
def served(app: object) -> Iterator[int]:
    """``app`` (already started) served by uvicorn on a free port; yields the port."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")  # type: ignore[arg-type]
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the test server did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def database(client: TestClient) -> Database:
    """The app's database."""
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    return db


def account_with_token(
    client: TestClient, email: str, organisations: dict[str, str], role: str = "contributeur"
) -> str:
    """Create an account member of ``organisations`` (SIREN → IRI); its API token."""
    with database(client).transaction() as session:
        account = accounts.add_account(
            session,
            email,
            "un mot de passe assez long 2026",
            role,
            [accounts.Organisation(siren, iri) for siren, iri in organisations.items()],
        )
        return tokens.issue_token(session, account.id).secret


def revisions(client: TestClient) -> list[tuple[object, ...]]:
    """Every revision row, as tuples: what "nothing changed" compares."""
    with database(client).transaction() as session:
        rows = session.scalars(select(Revision).order_by(Revision.id))
        return [(r.id, r.record_iri, r.number, r.state, r.digest) for r in rows]


def seed_record(kind: str, slug: str) -> Record:
    """The seed record ``kind/slug`` (public file, restricted file)."""
    public = Graph().parse(sources.DATA_DIR / kind / f"{slug}.ttl")
    restricted_file = sources.DATA_DIR / "restreint" / f"{slug}.ttl"
    restricted = Graph().parse(restricted_file) if restricted_file.exists() else Graph()
    return Record(URIRef(f"{ID}{kind}/{slug}"), public, restricted)


def renamed(record: Record, slug: str) -> Record:
    """``record`` under another IRI (its AI system follows): a new record with its values."""
    old_system = str(record.iri).replace("/cas-usage/", "/systeme/")
    new_iri = f"{ID}{record.kind}/{slug}"
    moves = {str(record.iri): new_iri, old_system: f"{ID}systeme/{slug}"}

    def move(graph: Graph) -> Graph:
        moved = Graph()
        for s, p, o in graph:
            moved.add(
                (
                    URIRef(moves[str(s)]) if str(s) in moves else s,
                    p,
                    URIRef(moves[str(o)]) if str(o) in moves else o,
                )
            )
        return moved

    return Record(URIRef(new_iri), move(record.public), move(record.restricted))


def publisher(record: Record) -> str:
    """The record's organisation."""
    return str(record.public.value(record.iri, DCT.publisher))


def agent_and_moderator(db: Database) -> dict[str, str]:
    """API tokens in ``db``: ``agent``, a contributor of AMP (write, restricted reading), and
    ``moderator``."""
    with db.transaction() as session:
        agent = accounts.add_account(
            session,
            "agent@ampmetropole.fr",
            None,
            "contributeur",
            [accounts.Organisation(AMP_SIREN, AMP)],
        )
        moderator = accounts.add_account(session, "moderation@iacoll.fr", None, "moderateur")
        writes = tokens.issue_token(session, agent.id, "api", ["fiches:ecrire", "restreint:lire"])
        moderates = tokens.issue_token(session, moderator.id, "api", ["moderation"])
        return {"agent": writes.secret, "moderator": moderates.secret}


def publish_callbot_copy(
    client: httpx.Client, base: str, tokens_of: dict[str, str], slug: str
) -> None:
    """AMP's callbot under ``slug``, created and submitted through the API with the agent's
    token, approved with the moderator's (``base``: the server's URL, "" for a TestClient)."""
    record = renamed(seed_record("cas-usage", "amp-callbot-encombrants"), slug)
    body = (record.public + record.restricted).serialize(format="json-ld")
    as_agent = {
        "Authorization": f"Bearer {tokens_of['agent']}",
        "Content-Type": "application/ld+json",
    }
    created = client.post(base + "/api/v1/fiches", content=body, headers=as_agent)
    assert created.status_code == 201, created.text
    submitted = client.post(base + f"/api/v1/fiches/cas-usage/{slug}/soumettre", headers=as_agent)
    assert submitted.status_code == 200, submitted.text
    approved = client.post(
        base + f"/moderation/revision/{submitted.json()['revision']}/approuver",
        headers={"Authorization": f"Bearer {tokens_of['moderator']}"},
        follow_redirects=False,
    )
    assert approved.status_code == 303, approved.text


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Poll ``condition`` every 0.2 s until it holds; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.2)

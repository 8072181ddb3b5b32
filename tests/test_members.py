"""Members-only fields: a signed-in member sees the *Restreint* fields on a record page, marked
« non publique », and queries the complet store at ``/sparql/membres``; an anonymous visitor
gets the public page exactly as it is without the members' section, and a 401 on the members'
endpoint. The members' endpoint keeps the public endpoint's guard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from iacoll.app import create_app
from iacoll.namespaces import ID
from iacoll.publishing.log import State
from iacoll.publishing.write import published_revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import (
    SEED,
    contributor,
    log_writer,
    moderator,
    seed_copy,
    sign_in,
)

PAGE = f"/id/cas-usage/{SEED}"
EMAIL = "contact-membres-2c9d@example.org"
FUNDING = "MEMBRES-2C9D fonds propres"
TITLE = "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence"
MEMBER, AUTHOR, MODERATOR = 201, 202, 203


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_store(seed_settings, tmp_path_factory.mktemp("members"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    """The application, the seed record ``amp-callbot-encombrants`` republished with a contact
    and a funding text (restricted) through the write path."""
    writer = log_writer(settings)
    with writer.db.transaction() as session:
        seeded = published_revision(session, str(ID[f"cas-usage/{SEED}"]))
        assert seeded is not None
        base = seeded.number
    record = seed_copy(SEED, TITLE, email=EMAIL, funding=FUNDING)
    saved = writer.save(record, author=contributor(AUTHOR), state=State.SOUMIS, base_number=base)
    writer.transition(saved.revision_id, State.PUBLIE, author=moderator(MODERATOR))
    writer.db.close()
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_member_sees_the_restricted_fields(client: TestClient, settings: Settings) -> None:
    client.cookies.clear()
    sign_in(client, "membre@example.org", "contributeur", [])
    page = client.get(PAGE, headers={"accept": "text/html"})
    assert page.status_code == 200
    section = dom(page.text).one("section", class_="members-only")
    rows = {
        " ".join(div.first("dt").text.split()): div.first("dd").text for div in section.all("div")
    }
    assert rows["Contact du service en charge (non publique)"] == EMAIL
    assert rows["Description globale de l'algorithme (non publique)"].startswith(
        "L'utilisation de l'IA vise à augmenter"
    )
    assert FUNDING in " ".join(rows.values())
    assert "non publique" in section.text


def test_an_anonymous_visitor_gets_the_public_page_unchanged(
    client: TestClient, settings: Settings
) -> None:
    client.cookies.clear()
    anonymous = client.get(PAGE, headers={"accept": "text/html"})
    assert anonymous.status_code == 200
    assert EMAIL not in anonymous.text and FUNDING not in anonymous.text
    assert "members-only" not in anonymous.text
    pages = client.app.state.pages  # type: ignore[attr-defined]
    hook = pages.env.globals.pop("membres_section")
    try:
        without = client.get(PAGE, headers={"accept": "text/html"})
    finally:
        pages.env.globals["membres_section"] = hook
    assert anonymous.content == without.content
    assert anonymous.headers["etag"] == without.headers["etag"]


def test_kept_answers_are_never_shown_to_someone_else(client: TestClient) -> None:
    """Rendered pages are kept per generation for anonymous visitors only: a member's page
    (the members' section, the account link) is neither served from nor kept in that cache."""
    client.cookies.clear()
    answers = client.app.state.site.cache("answers")  # type: ignore[attr-defined]
    first = client.get(PAGE, headers={"accept": "text/html"})
    kept = answers.builds
    again = client.get(PAGE, headers={"accept": "text/html"})
    assert answers.builds == kept and again.content == first.content
    sign_in(client, "membre@example.org", "contributeur", [])
    member = client.get(PAGE, headers={"accept": "text/html"})
    assert EMAIL in member.text and "membre@example.org" in member.text
    client.cookies.clear()
    anonymous = client.get(PAGE, headers={"accept": "text/html"})
    assert EMAIL not in anonymous.text and "membre@example.org" not in anonymous.text
    assert anonymous.content == first.content
    revalidated = client.get(
        PAGE, headers={"accept": "text/html", "if-none-match": first.headers["etag"]}
    )
    assert revalidated.status_code == 304


def test_the_members_endpoint_needs_an_account(client: TestClient) -> None:
    client.cookies.clear()
    refused = client.get(
        "/sparql/membres", params={"query": "ASK {}"}, headers={"accept": "application/json"}
    )
    assert refused.status_code == 401
    assert "réservé aux comptes connectés" in refused.json()["error"]


def test_a_member_queries_the_complet_store(client: TestClient, settings: Settings) -> None:
    client.cookies.clear()
    sign_in(client, "membre@example.org", "contributeur", [])
    query = """PREFIX dct: <http://purl.org/dc/terms/>
      PREFIX sys: <https://w3id.org/iacoll/id/systeme/>
      SELECT ?title WHERE { sys:cdg-finistere-botig dct:title ?title }"""
    answer = client.post(
        "/sparql/membres",
        data={"query": query},
        headers={"accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "private, no-store"
    rows = json.loads(answer.text)["results"]["bindings"]
    assert [r["title"]["value"] for r in rows] == ["Botig"]
    public = client.post(
        "/sparql", data={"query": query}, headers={"accept": "application/sparql-results+json"}
    )
    assert json.loads(public.text)["results"]["bindings"] == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403),
        ("LOAD <http://example.org/data.ttl>", 403),
        ("SELECT * FROM <http://example.org/ailleurs> WHERE { ?s ?p ?o }", 403),
    ],
)
def test_the_members_endpoint_keeps_the_guard(
    client: TestClient, settings: Settings, query: str, status: int
) -> None:
    client.cookies.clear()
    sign_in(client, "membre@example.org", "contributeur", [])
    answer = client.post(
        "/sparql/membres", data={"query": query}, headers={"accept": "application/json"}
    )
    assert answer.status_code == status
    update = client.post(
        "/sparql/membres",
        content="DELETE WHERE { ?s ?p ?o }",
        headers={"content-type": "application/sparql-update", "accept": "application/json"},
    )
    assert update.status_code == 403

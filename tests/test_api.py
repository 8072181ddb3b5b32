"""The write API (/api/v1): records as JSON-LD or upstream JSON, through the one write path;
structured errors that change nothing; the OpenAPI description at /api."""

from __future__ import annotations

import json
import socket
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from iacoll.app import create_app
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer
from iacoll.settings import Settings
from iacoll.web.api_docs import JSONLD_EXAMPLE, UPSTREAM_EXAMPLE
from tests.write_side import (
    AMP,
    AMP_SIREN,
    BORDEAUX,
    BORDEAUX_SIREN,
    account_with_token,
    renamed,
    revisions,
    seed_record,
    served,
    write_client,
)

LD = {"Content-Type": "application/ld+json"}


@pytest.fixture(scope="module")
def client(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with write_client(seed_settings, tmp_path_factory.mktemp("api-db")) as client:
        yield client


@pytest.fixture(scope="module")
def amp_token(client: TestClient) -> str:
    return account_with_token(client, "agent@ampmetropole.fr", {AMP_SIREN: AMP})


@pytest.fixture(scope="module")
def bordeaux_token(client: TestClient) -> str:
    return account_with_token(client, "agent@bordeaux-metropole.fr", {BORDEAUX_SIREN: BORDEAUX})


def bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def jsonld_of(slug: str, **changes: Any) -> dict[str, Any]:
    """The seed record amp-callbot-encombrants as a new record ``slug``, in JSON-LD."""
    record = renamed(seed_record("cas-usage", "amp-callbot-encombrants"), slug)
    document = json.loads((record.public + record.restricted).serialize(format="json-ld"))
    return {"@graph": document, **changes} if changes else {"@graph": document}


def assert_error(response: httpx.Response, status: int, text: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "status", "detail", "problems"}
    assert body["status"] == status
    assert text in body["error"], body["error"]
    return body


def test_a_seed_record_sent_as_jsonld_becomes_a_draft_revision(
    client: TestClient, amp_token: str
) -> None:
    before = revisions(client)
    response = client.post(
        "/api/v1/fiches", json=jsonld_of("amp-callbot-essai-api"), headers=bearer(amp_token, **LD)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["iri"] == "https://w3id.org/iacoll/id/cas-usage/amp-callbot-essai-api"
    assert (body["number"], body["state"]) == (1, "brouillon")
    assert response.headers["location"] == "/api/v1/fiches/cas-usage/amp-callbot-essai-api"
    after = revisions(client)
    assert len(after) == len(before) + 1
    assert after[-1][1:4] == (body["iri"], 1, "brouillon")


def test_status_and_revisions_of_a_record(client: TestClient, amp_token: str) -> None:
    client.post(
        "/api/v1/fiches", json=jsonld_of("amp-callbot-statut"), headers=bearer(amp_token, **LD)
    )
    response = client.get("/api/v1/fiches/cas-usage/amp-callbot-statut", headers=bearer(amp_token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["organisation"], body["published"]) == (AMP, None)
    assert [(r["number"], r["state"], r["source"]) for r in body["revisions"]] == [
        (1, "brouillon", "api")
    ]
    listed = client.get(
        "/api/v1/fiches/cas-usage/amp-callbot-statut/revisions", headers=bearer(amp_token)
    )
    assert [r["number"] for r in listed.json()] == [1]


def test_the_openapi_examples_are_accepted(client: TestClient, amp_token: str) -> None:
    url = "/api/v1/fiches/cas-usage/amp-callbot-encombrants"
    published = client.get(url, headers=bearer(amp_token)).json()["published"]
    ld = client.put(
        f"{url}?base_number={published}",
        json=JSONLD_EXAMPLE,
        headers=bearer(amp_token, **LD),
    )
    assert ld.status_code in (200, 201), ld.text
    upstream = client.post("/api/v1/fiches", json=UPSTREAM_EXAMPLE, headers=bearer(amp_token))
    assert upstream.status_code in (200, 201), upstream.text
    assert upstream.json()["state"] == "brouillon"


def test_without_a_token_401_and_nothing_changes(client: TestClient) -> None:
    before = revisions(client)
    missing = client.post("/api/v1/fiches", json=jsonld_of("sans-jeton"), headers=LD)
    assert_error(missing, 401, "Connectez-vous")
    wrong = client.post(
        "/api/v1/fiches", json=jsonld_of("sans-jeton"), headers=bearer("iacoll_faux", **LD)
    )
    assert_error(wrong, 401, "Jeton d'API inconnu")
    assert revisions(client) == before


def test_an_organisation_the_account_does_not_belong_to_is_403(
    client: TestClient, bordeaux_token: str
) -> None:
    before = revisions(client)
    response = client.post(
        "/api/v1/fiches", json=jsonld_of("pas-bordeaux"), headers=bearer(bordeaux_token, **LD)
    )
    assert response.status_code == 403, response.text
    assert response.json()["problems"] == [] or response.json()["problems"][0]["value"] == AMP
    assert revisions(client) == before


def test_malformed_json_is_400_with_its_position_in_french_and_english(
    client: TestClient, amp_token: str
) -> None:
    before = revisions(client)
    body = b'{"@id": "https://w3id.org/iacoll/id/cas-usage/x",\n "dct:title" "x"}'
    fr = client.post("/api/v1/fiches", content=body, headers=bearer(amp_token, **LD))
    assert_error(fr, 400, "JSON mal formé ligne 2, colonne 14")
    en = client.post(
        "/api/v1/fiches",
        content=body,
        headers=bearer(amp_token, **LD, **{"Accept-Language": "en-GB,en;q=0.8"}),
    )
    error = assert_error(en, 400, "Malformed JSON at line 2, column 14")
    assert error["detail"].startswith("JSON mal formé")
    assert revisions(client) == before


def test_script_tags_and_control_characters_are_422_on_their_field(
    client: TestClient, amp_token: str
) -> None:
    before = revisions(client)
    values = {
        **UPSTREAM_EXAMPLE,
        "nom_projet": "Callbot <script>alert('x')</script>",
        "usage_description": "Un texte\u0007avec une cloche",
    }
    response = client.post("/api/v1/fiches", json=values, headers=bearer(amp_token))
    body = assert_error(response, 422, "n'a pas été enregistrée")
    found = {(p["field"], p["severity"]) for p in body["problems"]}
    assert {("nom_projet", "violation"), ("usage_description", "violation")} <= found
    assert revisions(client) == before


def test_a_siret_with_a_wrong_check_digit_is_refused_when_submitted(
    client: TestClient, bordeaux_token: str
) -> None:
    before = revisions(client)
    values = {
        **UPSTREAM_EXAMPLE,
        "coll_nom": "Bordeaux Métropole",
        "coll_siret": "243 300 316 00012",
        "coll_type": "Métropole",
    }
    response = client.post(
        "/api/v1/fiches?etat=soumis", json=values, headers=bearer(bordeaux_token)
    )
    body = assert_error(response, 422, "")
    siret = [p for p in body["problems"] if p["field"] == "coll_siret"]
    assert siret and "clé" in siret[0]["message_fr"] and siret[0]["message_en"]
    assert revisions(client) == before


def test_unknown_upstream_field_is_named(client: TestClient, amp_token: str) -> None:
    response = client.post(
        "/api/v1/fiches", json={**UPSTREAM_EXAMPLE, "nom_du_projet": "x"}, headers=bearer(amp_token)
    )
    body = assert_error(response, 422, "")
    assert body["problems"][0]["field"] == "nom_du_projet"
    assert "Champ inconnu" in body["problems"][0]["message_fr"]


def test_wrong_content_type_is_415(client: TestClient, amp_token: str) -> None:
    response = client.post(
        "/api/v1/fiches", content=b"x", headers=bearer(amp_token, **{"Content-Type": "text/plain"})
    )
    assert_error(response, 415, "application/ld+json")


def test_a_body_over_the_limit_is_413_before_it_is_read(client: TestClient, amp_token: str) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap counts the bytes
        for _ in range(60):
            yield b" " * 1_000_000

    before = revisions(client)
    response = client.post("/api/v1/fiches", content=chunks(), headers=bearer(amp_token, **LD))
    assert_error(response, 413, "taille maximale")
    assert revisions(client) == before


def test_a_stale_base_number_is_409_and_changes_nothing(client: TestClient, amp_token: str) -> None:
    before = revisions(client)
    published = [
        r for r in before if r[1].endswith("/amp-callbot-encombrants") and r[3] == "publie"
    ]
    assert published, "the seed record is published in the log"
    stale = published[-1][2] - 1
    response = client.put(
        f"/api/v1/fiches/cas-usage/amp-callbot-encombrants?base_number={stale}",
        json=JSONLD_EXAMPLE,
        headers=bearer(amp_token, **LD),
    )
    body = assert_error(response, 409, "modifiée et publiée entre-temps")
    assert body["detail"].startswith("This record was edited and published meanwhile")
    assert revisions(client) == before


def test_submit_a_draft_then_it_is_no_longer_editable_by_submit(
    client: TestClient, amp_token: str
) -> None:
    client.post(
        "/api/v1/fiches", json=jsonld_of("amp-callbot-soumis"), headers=bearer(amp_token, **LD)
    )
    url = "/api/v1/fiches/cas-usage/amp-callbot-soumis"
    submitted = client.post(url + "/soumettre", headers=bearer(amp_token))
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["state"] == "soumis"
    again = client.post(url + "/soumettre", headers=bearer(amp_token))
    assert_error(again, 409, "seul un brouillon")


def test_openapi_documents_the_write_api_with_examples_and_errors(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    create = schema["paths"]["/api/v1/fiches"]["post"]
    content = create["requestBody"]["content"]
    assert content["application/ld+json"]["examples"]["cas-usage"]["value"] == JSONLD_EXAMPLE
    assert set(content["application/json"]["schema"]["properties"]) >= {"coll_siret", "theme"}
    for status in ("400", "401", "403", "409", "413", "422"):
        assert create["responses"][status]["content"]["application/json"]["schema"]
    assert "/api/v1/depots" in schema["paths"]
    assert client.get("/api").status_code == 200


def test_every_operation_of_the_openapi_has_its_own_id(seed_settings: Settings) -> None:
    """HEAD is answered for every GET route by a middleware: a route declaring both methods
    gave two operations one id (FastAPI: « Duplicate Operation ID »)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schema = create_app(seed_settings).openapi()
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)) and len(ids) > 10
    assert "head" not in {method for path in schema["paths"].values() for method in path}


def test_a_real_server_answers_413_to_a_50_mb_declared_body_without_waiting_for_it(
    client: TestClient, amp_token: str
) -> None:
    with served(client.app) as port, socket.create_connection(("127.0.0.1", port), 30) as sock:
        head = (
            "POST /api/v1/depots?fichier=gros.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {amp_token}\r\nContent-Type: text/csv\r\n"
            "Content-Length: 50000000\r\n\r\n"
        )
        sock.sendall(head.encode() + b"x" * 65536)
        answer = b""
        while b"taille" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    # Only 64 KiB of the 50 MB were sent: the answer came from the declared length alone.
    text = answer.decode("utf-8", "replace")
    assert text.startswith("HTTP/1.1 413"), text
    assert "taille maximale acceptée (10 Mo)" in text


def test_a_record_published_since_start_up_is_known_to_the_next_upstream_record(
    client: TestClient, amp_token: str
) -> None:
    """The upstream fields are read against the log's published catalogue, not the seed
    folder: a second record of the same name for the same carrier gets its own address and a
    warning that names the first one, instead of silently becoming a revision of it."""
    values = {**UPSTREAM_EXAMPLE, "nom_projet": "Tri des encombrants par la vision"}
    first = client.post("/api/v1/fiches?etat=soumis", json=values, headers=bearer(amp_token))
    assert first.status_code == 201, first.text
    writer: Writer = client.app.state.writer  # type: ignore[attr-defined]
    writer.transition(first.json()["revision"], State.PUBLIE, author=Author.system())
    again = client.post("/api/v1/fiches", json=values, headers=bearer(amp_token))
    assert again.status_code == 201, again.text
    assert again.json()["iri"] == first.json()["iri"] + "-2"
    named = [p for p in again.json()["problems"] if p["field"] == "nom_projet"]
    assert [p["severity"] for p in named] == ["warning"]
    assert first.json()["iri"] in named[0]["message_fr"]

"""Every answer carries the security headers (CSP compatible with the bundled YASGUI, Leaflet
and Swagger UI, nosniff, frame-ancestors, Referrer-Policy, HSTS on HTTPS when configured), and
every GET route answers HEAD with the same headers and no body (issue 14)."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from iacoll.app import create_app
from iacoll.settings import Settings
from iacoll.web.headers import content_security_policy

PAGES = ("/", "/recherche", "/carte", "/statistiques", "/download/", "/sparql", "/api")


@pytest.fixture(scope="module")
def client(seed_app: FastAPI) -> TestClient:
    return TestClient(seed_app)  # no lifespan: seed_app is shared


def test_the_policy_allows_the_tile_server_and_nothing_else_outside() -> None:
    policy = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["img-src"] == "'self' data: https://*.tile.example.org"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "http" not in directives["connect-src"]


@pytest.mark.parametrize("path", [*PAGES, "/id/cas-usage/amp-callbot-encombrants.ttl"])
def test_every_answer_has_the_security_headers(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "strict-transport-security" not in answer.headers  # off by default


def test_errors_and_static_files_have_them_too(client: TestClient) -> None:
    missing = client.get("/id/cas-usage/nulle-part", headers={"Accept": "application/json"})
    assert missing.status_code == 404
    static = client.get("/static/api-docs.js")
    assert static.status_code == 200
    for answer in (missing, static):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" in answer.headers


@pytest.mark.parametrize("path", PAGES)
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == got.headers["content-length"]


def test_hsts_is_sent_over_https_when_configured(seed_settings: Settings) -> None:
    settings = dataclasses.replace(seed_settings, hsts_max_age=31536000)
    with TestClient(create_app(settings), base_url="https://testserver") as secure:
        assert secure.get("/").headers["strict-transport-security"] == "max-age=31536000"
    with TestClient(create_app(settings)) as plain:
        assert "strict-transport-security" not in plain.get("/").headers


def test_the_api_console_loads_swagger_ui_from_the_app(client: TestClient) -> None:
    page = client.get("/api").text
    assert "cdn" not in page and "https://" not in page
    assert '<script src="/static/swagger-ui/swagger-ui-bundle.js">' in page
    bundle = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in bundle.content[:2_000_000]

"""Sessions kept on the server, their lifetime, and unsafe requests from other sites."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from iacoll.app import create_app
from iacoll.publishing import accounts, sessions, tokens
from iacoll.publishing.accounts import Organisation
from iacoll.settings import Settings
from tests.test_auth_web import PASSWORD, client, csrf_of, sign_in

BORDEAUX = Organisation("243300316", "https://w3id.org/iacoll/id/organisation/bordeaux-metropole")
AGENT = "agent@bordeaux.fr"
REFUSED = "Requête refusée : elle vient d'un autre site que celui d'iacoll"


@pytest.fixture(scope="module")
def app(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("sessions")
    settings = Settings.from_env(
        {},
        store_path=seed_settings.store_path,
        database_url=f"sqlite:///{folder / 'accounts.sqlite3'}",
        secret_key="cle-de-test-" + "s" * 40,
    )
    application = create_app(settings)
    with application.state.db.transaction() as session:
        accounts.add_account(session, AGENT, PASSWORD, "contributeur", [BORDEAUX])
    yield application
    application.state.db.close()


def who(browser: TestClient) -> str | None:
    """The e-mail the account page shows, or None when it sends to the sign-in page."""
    page = browser.get("/compte", follow_redirects=False)
    if page.status_code == 303:
        return None
    return AGENT if AGENT in page.text else "?"


def tokens_of(app: FastAPI) -> int:
    with app.state.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(tokens.ApiToken)) or 0)


def test_a_copy_of_the_cookie_stops_working_when_its_session_signs_out(app: FastAPI) -> None:
    browser = client(app)
    sign_in(browser, AGENT)
    copy = client(app)
    copy.cookies.set("iacoll_session", browser.cookies["iacoll_session"])
    assert who(copy) == AGENT
    token = csrf_of(browser.get("/compte").text)
    assert browser.post("/deconnexion", data={"csrf": token}).status_code == 200
    assert who(browser) is None
    assert who(copy) is None  # before: the signed cookie alone still signed the copy in


def test_a_session_ends_twelve_hours_after_sign_in_even_when_active(app: FastAPI) -> None:
    browser = client(app)
    sign_in(browser, AGENT)
    assert who(browser) == AGENT  # the cookie is signed again: its own expiry slides
    with app.state.db.transaction() as session:
        row = session.scalars(
            select(sessions.WebSession).order_by(sessions.WebSession.opened_at.desc())
        ).first()
        assert row is not None and row.ended_at is None
        row.opened_at -= sessions.LIFETIME + timedelta(minutes=1)
    assert who(browser) is None
    sign_in(browser, AGENT)
    assert who(browser) == AGENT


def test_each_sign_in_opens_its_own_session(app: FastAPI) -> None:
    first, second = client(app), client(app)
    sign_in(first, AGENT)
    sign_in(second, AGENT)
    token = csrf_of(first.get("/compte").text)
    first.post("/deconnexion", data={"csrf": token})
    assert (who(first), who(second)) == (None, AGENT)  # signing out here ends only this one


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Site": "same-site"}, True),  # a sibling sub-domain: SameSite lets it in
        ({"Origin": "https://autre.collectivite.fr"}, True),
        ({"Origin": "null"}, True),
        ({"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}, False),
        ({"Origin": "http://testserver"}, False),
        ({}, False),  # no browser header: the CSRF token decides
    ],
)
def test_a_form_posted_from_another_site_with_the_session_is_refused(
    app: FastAPI, headers: dict[str, str], refused: bool
) -> None:
    browser = client(app)
    sign_in(browser, AGENT)
    data = {
        "csrf": csrf_of(browser.get("/compte").text),
        "label": "essai",
        "scope": "fiches:ecrire",
    }
    before = tokens_of(app)
    response = browser.post("/compte/jetons", data=data, headers=headers)
    if refused:
        assert (response.status_code, tokens_of(app)) == (403, before)
        assert REFUSED in response.text
    else:
        assert (response.status_code, tokens_of(app)) == (201, before + 1)


def test_the_write_api_with_the_session_from_another_site_is_refused(app: FastAPI) -> None:
    browser = client(app)
    sign_in(browser, AGENT)
    body, kind = b"{}", {"Content-Type": "text/plain"}
    other = {"Origin": "https://autre.collectivite.fr", **kind}
    refused = browser.post("/api/v1/fiches", content=body, headers=other)
    assert refused.status_code == 403 and REFUSED in refused.text
    same = browser.post(
        "/api/v1/fiches", content=body, headers={"Origin": "http://testserver", **kind}
    )
    assert same.status_code == 415  # reached the API, which reads the media type


def test_a_token_and_public_queries_are_not_concerned(app: FastAPI) -> None:
    with app.state.db.transaction() as session:
        account = accounts.find_account(session, AGENT)
        assert account is not None
        secret = tokens.issue_token(session, account.id, "script", ["fiches:ecrire"]).secret
    browser = client(app)
    sign_in(browser, AGENT)
    other = {"Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain"}
    with_token = browser.post(
        "/api/v1/fiches", content=b"{}", headers={**other, "Authorization": f"Bearer {secret}"}
    )
    assert with_token.status_code == 415  # a token is no ambient authority: not refused
    with browser:  # the query workers start with the application
        query = browser.post(
            "/sparql",
            data={"query": "ASK {}"},
            headers={"Sec-Fetch-Site": "cross-site", "Accept": "application/sparql-results+json"},
        )
    assert query.status_code == 200 and query.json()["boolean"] is True

"""OpenID Connect sign-in against a real local provider (oidc-provider-mock on a loopback
port, in a thread): the whole authorization-code flow, state and nonce checked."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from oidc_provider_mock import run_server_in_thread

from iacoll.app import create_app
from iacoll.publishing import accounts
from iacoll.publishing.accounts import Organisation
from iacoll.settings import Settings
from tests.html import dom

BORDEAUX = Organisation("243300316", "https://w3id.org/iacoll/id/organisation/bordeaux-metropole")


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID provider on a free loopback port (nonce required); yields its issuer."""
    with run_server_in_thread(port=0, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def app(
    seed_settings: Settings, provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("oidc")
    settings = Settings.from_env(
        {},
        store_path=seed_settings.store_path,
        database_url=f"sqlite:///{folder / 'accounts.sqlite3'}",
        oidc_issuer=provider,
        oidc_client_id="iacoll",
        oidc_client_secret="secret-du-client",
        oidc_label="ProConnect",
    )
    application = create_app(settings)
    yield application
    application.state.db.close()


def set_user(provider: str, sub: str, **claims: object) -> None:
    """The claims the provider will give for ``sub``."""
    httpx.put(f"{provider}/users/{sub}", json=claims).raise_for_status()


def start(browser: TestClient, suite: str = "/compte") -> str:
    """Follow « Se connecter avec ProConnect »: the provider's authorization URL."""
    response = browser.get(f"/connexion/oidc?suite={suite}", follow_redirects=False)
    assert response.status_code == 302
    return response.headers["location"]


def consent(authorize_url: str, sub: str) -> str:
    """Sign in at the provider as ``sub``: the redirect back to iacoll (path and query)."""
    response = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False)
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["location"])
    assert back.netloc == "testserver" and back.path == "/connexion/oidc/retour"
    return f"{back.path}?{back.query}"


def whoami(browser: TestClient) -> str | None:
    response = browser.get("/compte", follow_redirects=False)
    if response.status_code != 200:
        return None
    return dom(response.text).one(id="compte-email").text


def test_button_appears_when_a_provider_is_configured(app: FastAPI) -> None:
    page = dom(TestClient(app).get("/connexion?suite=/recherche").text)
    button = page.one("a", class_="oidc-button")
    assert button.text == "Se connecter avec ProConnect"
    assert button.attrs["href"] == "/connexion/oidc?suite=/recherche"


def test_authorization_request_carries_state_nonce_and_our_redirect(
    app: FastAPI, provider: str
) -> None:
    url = urlsplit(start(TestClient(app)))
    assert f"{url.scheme}://{url.netloc}" == provider
    query = parse_qs(url.query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["iacoll"]
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == ["http://testserver/connexion/oidc/retour"]
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20


def test_first_sign_in_creates_a_contributor_without_organisation(
    app: FastAPI, provider: str
) -> None:
    set_user(provider, "agent-nouveau", email="Nouvel.Agent@ville.fr", email_verified=True)
    browser = TestClient(app)
    back = browser.get(consent(start(browser), "agent-nouveau"), follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/compte"
    assert whoami(browser) == "nouvel.agent@ville.fr"
    page = dom(browser.get("/compte").text)
    assert page.one(id="compte-role").text == "contributeur"
    assert "n'est rattaché à aucune organisation" in page.text
    with app.state.db.transaction() as session:
        account = accounts.find_account(session, "nouvel.agent@ville.fr")
    assert account is not None and account.oidc and account.organisations == ()
    # a second sign-in finds the same account
    again = TestClient(app)
    again.get(consent(start(again), "agent-nouveau"))
    with app.state.db.transaction() as session:
        assert len([a for a in accounts.list_accounts(session) if a.oidc]) == 1


def test_sign_in_links_the_account_an_admin_created(app: FastAPI, provider: str) -> None:
    with app.state.db.transaction() as session:
        accounts.add_account(session, "agent@bordeaux.fr", None, "contributeur", [BORDEAUX])
    set_user(provider, "agent-bordeaux", email="agent@bordeaux.fr", email_verified=True)
    browser = TestClient(app)
    browser.get(consent(start(browser, "/recherche"), "agent-bordeaux"), follow_redirects=False)
    assert whoami(browser) == "agent@bordeaux.fr"
    organisations = dom(browser.get("/compte").text).one("ul", class_="account-organisations")
    assert organisations.one("a").text == "Bordeaux Métropole"


def test_callback_with_another_state_is_refused(app: FastAPI, provider: str) -> None:
    set_user(provider, "agent-etat", email="etat@ville.fr", email_verified=True)
    browser = TestClient(app)
    back = consent(start(browser), "agent-etat")
    forged = back.replace("state=", "state=x")
    refused = browser.get(forged, headers={"Accept": "application/json"})
    assert refused.status_code == 400
    assert refused.json()["error"] == (
        "La connexion par le fournisseur d'identité a échoué (code « mismatching_state ») : "
        "recommencez depuis la page « Se connecter »."
    )
    assert whoami(browser) is None


def test_code_of_another_browser_fails_the_nonce_check(app: FastAPI, provider: str) -> None:
    """A code obtained in browser A, delivered to browser B with B's own state: the ID token
    carries A's nonce, B's session expects its own."""
    set_user(provider, "agent-nonce", email="nonce@ville.fr", email_verified=True)
    victim, attacker = TestClient(app), TestClient(app)
    stolen = parse_qs(urlsplit(consent(start(attacker), "agent-nonce")).query)["code"][0]
    own_state = parse_qs(urlsplit(start(victim)).query)["state"][0]
    refused = victim.get(
        f"/connexion/oidc/retour?code={stolen}&state={own_state}",
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 400
    assert refused.json()["error"].startswith(
        "La connexion par le fournisseur d'identité a échoué (code « invalid_claim »)"
    )
    assert "'nonce'" in refused.json()["detail"]
    assert whoami(victim) is None


def test_callback_cannot_be_replayed(app: FastAPI, provider: str) -> None:
    set_user(provider, "agent-rejoue", email="rejoue@ville.fr", email_verified=True)
    browser = TestClient(app)
    back = consent(start(browser), "agent-rejoue")
    assert browser.get(back, follow_redirects=False).status_code == 303
    replay = TestClient(app)
    replay.cookies = browser.cookies
    assert replay.get(back, headers={"Accept": "application/json"}).status_code == 400


def test_refusal_at_the_provider_says_so_in_french(app: FastAPI) -> None:
    browser = TestClient(app)
    denied = httpx.post(start(browser), data={"action": "deny"}, follow_redirects=False)
    back = urlsplit(denied.headers["location"])
    answer = browser.get(f"{back.path}?{back.query}", headers={"Accept": "text/html"})
    assert answer.status_code == 400
    message = dom(answer.text).one("p", class_="error-message").text
    assert message.startswith("La connexion a été refusée chez le fournisseur d'identité")
    assert whoami(browser) is None


def test_unverified_email_and_disabled_account_are_refused(app: FastAPI, provider: str) -> None:
    set_user(provider, "agent-douteux", email="douteux@ville.fr", email_verified=False)
    browser = TestClient(app)
    refused = browser.get(consent(start(browser), "agent-douteux"))
    assert refused.status_code == 400
    assert "n'a pas vérifié votre adresse" in refused.text
    with app.state.db.transaction() as session:
        accounts.add_account(session, "parti@ville.fr", None)
        accounts.set_active(session, "parti@ville.fr", False)
    set_user(provider, "agent-parti", email="parti@ville.fr", email_verified=True)
    other = TestClient(app)
    disabled = other.get(consent(start(other), "agent-parti"))
    assert disabled.status_code == 400 and "Ce compte est désactivé" in disabled.text
    assert whoami(other) is None


def test_without_email_in_the_id_token_userinfo_is_asked(
    seed_settings: Settings, provider: str, tmp_path: Path
) -> None:
    """Scope ``openid`` alone: no e-mail in the ID token, so the userinfo endpoint is read
    (same subject checked); it has none either, and no account is opened."""
    settings = Settings.from_env(
        {},
        store_path=seed_settings.store_path,
        database_url=f"sqlite:///{tmp_path / 'accounts.sqlite3'}",
        oidc_issuer=provider,
        oidc_client_id="iacoll",
        oidc_client_secret="secret-du-client",
        oidc_scopes="openid",
    )
    application = create_app(settings)
    set_user(provider, "agent-discret", email="discret@ville.fr", email_verified=True)
    browser = TestClient(application)
    authorize = start(browser)
    assert parse_qs(urlsplit(authorize).query)["scope"] == ["openid"]
    refused = browser.get(consent(authorize, "agent-discret"), headers={"Accept": "text/html"})
    assert refused.status_code == 400
    assert "n'a pas transmis d'adresse électronique" in html.unescape(refused.text)
    with application.state.db.transaction() as session:
        assert accounts.list_accounts(session) == []
    application.state.db.close()


def test_sign_out_also_ends_the_session_at_the_provider(app: FastAPI, provider: str) -> None:
    set_user(provider, "agent-sortant", email="sortant@ville.fr", email_verified=True)
    browser = TestClient(app)
    browser.get(consent(start(browser), "agent-sortant"))
    page = browser.get("/compte").text
    token = dom(page).one("form", class_="sign-out").one("input").attrs["value"]
    out = browser.post("/deconnexion", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 302
    target = urlsplit(out.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider}/oauth2/end_session"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["id_token_hint"][0].count(".") == 2  # the ID token (a JWT) of this sign-in
    assert whoami(browser) is None
    # the provider accepts the hint it issued
    assert httpx.get(out.headers["location"]).status_code == 200

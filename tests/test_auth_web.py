"""Sign-in, sessions, CSRF, rate limits, API tokens and « Mon compte », in process."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from iacoll.app import create_app
from iacoll.publishing import accounts, tokens
from iacoll.publishing.accounts import Organisation
from iacoll.settings import Settings
from iacoll.web.auth import current_account, reads_restricted, require_account
from iacoll.web.sessions import SchemeSessionMiddleware
from tests.html import Element, dom

PASSWORD = "une phrase de passe solide"
BORDEAUX = Organisation("243300316", "https://w3id.org/iacoll/id/organisation/bordeaux-metropole")
_hosts = (f"10.0.0.{n}" for n in itertools.count(1))


@pytest.fixture(scope="module")
def app(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The application over the seed store, with its own accounts database."""
    folder = tmp_path_factory.mktemp("accounts")
    settings = Settings.from_env(
        {},
        store_path=seed_settings.store_path,
        database_url=f"sqlite:///{folder / 'accounts.sqlite3'}",
        secret_key="cle-de-test-" + "x" * 40,
    )
    application = create_app(settings)
    _add_probe_routes(application)
    with application.state.db.transaction() as session:
        accounts.add_account(session, "agent@bordeaux.fr", PASSWORD, "contributeur", [BORDEAUX])
        accounts.add_account(session, "moderation@iacoll.fr", PASSWORD, "moderateur")
    yield application
    application.state.db.close()


def _add_probe_routes(app: FastAPI) -> None:
    """Routes that show what ``current_account`` and ``require_account`` answer."""

    def who(request: Request) -> dict[str, object]:
        account = current_account(request)
        return {"email": account.email if account else None}

    def moderate(request: Request) -> dict[str, object]:
        return {"email": require_account(request, "moderateur").email}

    def write(request: Request) -> dict[str, object]:
        return {"email": require_account(request, scope="fiches:ecrire").email}

    def restricted(request: Request) -> dict[str, object]:
        return {"restreint": reads_restricted(request)}

    for path, handler in (
        ("/essai/restreint", restricted),
        ("/essai/qui", who),
        ("/essai/moderer", moderate),
        ("/essai/ecrire", write),
    ):
        app.router.add_api_route(path, handler)
        app.router.routes.insert(0, app.router.routes.pop())


def client(app: FastAPI, base_url: str = "http://testserver") -> TestClient:
    """A browser of its own (cookies), from an address of its own (rate limits)."""
    return TestClient(app, base_url=base_url, client=(next(_hosts), 50000))


def input_labelled(page: Element, text: str) -> Element:
    """The input whose ``<label>`` reads ``text``."""
    label = next(label for label in page.all("label") if label.text == text)
    return page.one(id=label.attrs["for"])


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(browser: TestClient, email: str, password: str = PASSWORD, **extra: str) -> object:
    token = csrf_of(browser.get("/connexion").text)
    data = {"email": email, "password": password, "csrf": token, **extra}
    return browser.post("/connexion", data=data, follow_redirects=False)


def test_sign_in_page_is_a_labelled_french_form(app: FastAPI) -> None:
    page = dom(client(app).get("/connexion").text)
    form = page.one("form", class_="sign-in")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/connexion"
    assert input_labelled(page, "Adresse électronique").attrs["type"] == "email"
    assert input_labelled(page, "Mot de passe").attrs["autocomplete"] == "current-password"
    assert page.one("h1").text == "Se connecter"
    assert "/connexion/oidc" not in str(page.links())  # no provider configured


def test_sign_in_opens_a_session_and_the_header_shows_the_account(app: FastAPI) -> None:
    browser = client(app)
    response = sign_in(browser, "Agent@Bordeaux.fr", suite="/recherche")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/recherche"  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith("iacoll_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert browser.get("/essai/qui").json() == {"email": "agent@bordeaux.fr"}
    header = dom(browser.get("/").text).one("header")
    assert header.one("a", class_="account-link").text == "agent@bordeaux.fr"
    assert header.one("form", class_="sign-out").one("button").text == "Se déconnecter"


def test_anonymous_header_offers_to_sign_in(app: FastAPI) -> None:
    header = dom(client(app).get("/recherche").text).one("header")
    link = header.one("a", class_="account-link")
    assert link.text == "Se connecter"
    assert link.attrs["href"] == "/connexion?suite=/recherche"


def test_wrong_password_says_so_without_saying_which(app: FastAPI) -> None:
    for email in ("agent@bordeaux.fr", "personne@bordeaux.fr"):
        browser = client(app)
        response = sign_in(browser, email, "pas le bon mot de passe")
        assert response.status_code == 401  # type: ignore[attr-defined]
        alert = dom(response.text).one(role="alert")  # type: ignore[attr-defined]
        assert "Adresse électronique ou mot de passe incorrect" in alert.text
        assert browser.get("/essai/qui").json() == {"email": None}


def test_sign_in_without_csrf_token_is_refused(app: FastAPI) -> None:
    browser = client(app)
    browser.get("/connexion")
    response = browser.post(
        "/connexion", data={"email": "agent@bordeaux.fr", "password": PASSWORD, "csrf": "faux"}
    )
    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.text
    assert browser.get("/essai/qui").json() == {"email": None}


def test_session_is_replaced_at_sign_in(app: FastAPI) -> None:
    browser = client(app)
    before = csrf_of(browser.get("/connexion").text)
    planted = browser.cookies["iacoll_session"]
    sign_in(browser, "agent@bordeaux.fr")
    assert browser.cookies["iacoll_session"] != planted
    after = csrf_of(browser.get("/compte").text)
    assert after != before
    # the pre-sign-in cookie carries no account
    other = client(app)
    other.cookies.set("iacoll_session", planted)
    assert other.get("/essai/qui").json() == {"email": None}


def test_sign_out_needs_csrf_and_ends_the_session(app: FastAPI) -> None:
    browser = client(app)
    sign_in(browser, "agent@bordeaux.fr")
    assert browser.post("/deconnexion", data={"csrf": "faux"}).status_code == 403
    assert browser.get("/essai/qui").json() == {"email": "agent@bordeaux.fr"}
    token = csrf_of(browser.get("/compte").text)
    response = browser.post("/deconnexion", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert browser.get("/essai/qui").json() == {"email": None}


def test_five_failures_lock_the_address_for_a_while(app: FastAPI) -> None:
    browser = client(app)
    with app.state.db.transaction() as session:
        accounts.add_account(session, "cible@ville.fr", PASSWORD)
    for _ in range(5):
        assert sign_in(browser, "cible@ville.fr", "devine").status_code == 401  # type: ignore[attr-defined]
    # even the right password, even from another address: the e-mail is locked
    locked = sign_in(client(app), "cible@ville.fr")
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "Trop de tentatives de connexion" in locked.text  # type: ignore[attr-defined]


def test_one_client_cannot_try_many_addresses(app: FastAPI) -> None:
    browser = client(app)
    statuses = [
        sign_in(browser, f"essai{n}@ville.fr", "devine").status_code  # type: ignore[attr-defined]
        for n in range(21)
    ]
    assert statuses == [401] * 20 + [429]


def test_disabled_account_is_signed_out(app: FastAPI) -> None:
    with app.state.db.transaction() as session:
        accounts.add_account(session, "partant@ville.fr", PASSWORD)
    browser = client(app)
    sign_in(browser, "partant@ville.fr")
    assert browser.get("/essai/qui").json() == {"email": "partant@ville.fr"}
    with app.state.db.transaction() as session:
        accounts.set_active(session, "partant@ville.fr", False)
    assert browser.get("/essai/qui").json() == {"email": None}
    assert sign_in(client(app), "partant@ville.fr").status_code == 401  # type: ignore[attr-defined]


def test_roles_401_and_403_in_french(app: FastAPI) -> None:
    anonymous = client(app).get("/essai/moderer", headers={"Accept": "application/json"})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"].startswith("Connectez-vous pour continuer")
    page = client(app).get("/essai/moderer", headers={"Accept": "text/html"})
    assert page.status_code == 401
    assert dom(page.text).one("main").one("a").attrs["href"] == "/connexion?suite=/essai/moderer"
    contributor = client(app)
    sign_in(contributor, "agent@bordeaux.fr")
    refused = contributor.get("/essai/moderer", headers={"Accept": "application/json"})
    assert refused.status_code == 403
    assert "il faut le rôle « moderateur »" in refused.json()["error"]
    moderator = client(app)
    sign_in(moderator, "moderation@iacoll.fr")
    assert moderator.get("/essai/moderer").json() == {"email": "moderation@iacoll.fr"}


def test_bearer_token_authenticates_within_its_scopes(app: FastAPI) -> None:
    with app.state.db.transaction() as session:
        moderator = accounts.find_account(session, "moderation@iacoll.fr")
        assert moderator is not None
        reader = tokens.issue_token(session, moderator.id, "lecture", ["restreint:lire"])
        writer = tokens.issue_token(session, moderator.id, "écriture", ["fiches:ecrire"])
    api = client(app)
    as_reader = {"Authorization": f"Bearer {reader.secret}", "Accept": "application/json"}
    assert api.get("/essai/qui", headers=as_reader).json() == {"email": "moderation@iacoll.fr"}
    refused = api.get("/essai/ecrire", headers=as_reader)
    assert refused.status_code == 403
    assert "n'a pas la portée « fiches:ecrire »" in refused.json()["error"]
    as_writer = {"Authorization": f"bearer {writer.secret}"}
    assert api.get("/essai/ecrire", headers=as_writer).json() == {"email": "moderation@iacoll.fr"}
    bad = api.get("/essai/qui", headers={**as_reader, "Authorization": "Bearer iacoll_faux"})
    assert bad.status_code == 401
    assert "Jeton d'API inconnu, révoqué" in bad.json()["error"]
    assert "set-cookie" not in bad.headers


def test_account_page_creates_shows_once_and_revokes_a_token(app: FastAPI) -> None:
    browser = client(app)
    assert browser.get("/compte", follow_redirects=False).headers["location"] == (
        "/connexion?suite=/compte"
    )
    sign_in(browser, "agent@bordeaux.fr")
    page = dom(browser.get("/compte").text)
    assert page.one(id="compte-email").text == "agent@bordeaux.fr"
    organisations = page.one("ul", class_="account-organisations")
    assert organisations.one("a").attrs["href"] == "/id/organisation/bordeaux-metropole"
    assert organisations.one("a").text == "Bordeaux Métropole"
    scopes = [
        i.attrs["value"] for i in page.one("form", class_="token-create").all("input", name="scope")
    ]
    assert "moderation" not in scopes  # a contributor cannot give a token more than it has
    created = browser.post(
        "/compte/jetons",
        data={
            "csrf": csrf_of(browser.get("/compte").text),
            "label": "script SIG",
            "scope": ["fiches:ecrire"],
        },
    )
    assert created.status_code == 201
    assert created.headers["cache-control"] == "no-store"
    secret = dom(created.text).one(id="nouveau-jeton").text
    assert secret.startswith("iacoll_")
    api = {"Authorization": f"Bearer {secret}"}
    assert client(app).get("/essai/ecrire", headers=api).json() == {"email": "agent@bordeaux.fr"}
    listing = browser.get("/compte").text
    assert secret not in listing  # shown once
    row = dom(listing).one("table", class_="tokens").one("tbody").one("tr")
    assert row.all("td").__next__().text == "script SIG"
    revoke = row.one("form")
    response = browser.post(revoke.attrs["action"], data={"csrf": csrf_of(listing)})
    assert response.status_code == 200  # followed the 303 back to /compte
    assert "révoqué le" in dom(response.text).one("table", class_="tokens").text
    assert client(app).get("/essai/ecrire", headers=api).status_code == 401


def test_contributor_cannot_create_a_moderation_token(app: FastAPI) -> None:
    browser = client(app)
    sign_in(browser, "agent@bordeaux.fr")
    token = csrf_of(browser.get("/compte").text)
    response = browser.post("/compte/jetons", data={"csrf": token, "scope": ["moderation"]})
    assert response.status_code == 403


def test_session_cookie_is_secure_over_https(app: FastAPI) -> None:
    browser = client(app, base_url="https://testserver")
    response = sign_in(browser, "agent@bordeaux.fr")
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_outside_redirect_after_sign_in_is_refused(app: FastAPI) -> None:
    for target in ("https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example"):
        response = sign_in(client(app), "agent@bordeaux.fr", suite=target)
        assert response.headers["location"] == "/compte"  # type: ignore[attr-defined]


def test_restricted_fields_need_a_session_or_the_reading_scope(app: FastAPI) -> None:
    with app.state.db.transaction() as session:
        agent = accounts.find_account(session, "agent@bordeaux.fr")
        assert agent is not None
        reader = tokens.issue_token(session, agent.id, "", ["restreint:lire"])
        writer = tokens.issue_token(session, agent.id, "", ["fiches:ecrire"])
    anonymous = client(app)
    assert anonymous.get("/essai/restreint").json() == {"restreint": False}
    member = client(app)
    sign_in(member, "agent@bordeaux.fr")
    assert member.get("/essai/restreint").json() == {"restreint": True}
    for secret, expected in ((reader.secret, True), (writer.secret, False), ("faux", False)):
        answer = anonymous.get("/essai/restreint", headers={"Authorization": f"Bearer {secret}"})
        assert answer.json() == {"restreint": expected}


@pytest.mark.parametrize(
    ("setting", "scheme", "secure"),
    [
        ("auto", "http", False),
        ("auto", "https", True),
        ("yes", "http", True),
        ("no", "https", False),
    ],
)
def test_secure_cookie_setting(setting: str, scheme: str, secure: bool) -> None:
    def remember(request: Request) -> PlainTextResponse:
        request.session["vu"] = 1
        return PlainTextResponse("ok")

    plain = Starlette(routes=[Route("/", remember)])
    plain.add_middleware(SchemeSessionMiddleware, secret_key="k" * 40, secure=setting)
    cookie = TestClient(plain, base_url=f"{scheme}://testserver").get("/").headers["set-cookie"]
    assert ("; secure" in cookie) is secure
    assert "httponly" in cookie and "samesite=lax" in cookie and "Max-Age=28800" in cookie


@pytest.mark.server
def test_cookie_is_secure_behind_an_https_proxy(seed_server: str) -> None:
    """A real uvicorn server: ``X-Forwarded-Proto: https`` from a trusted (loopback) proxy
    makes the request HTTPS, hence a Secure session cookie; plain HTTP does not."""
    behind_proxy = httpx.get(seed_server + "connexion", headers={"X-Forwarded-Proto": "https"})
    direct = httpx.get(seed_server + "connexion")
    assert behind_proxy.status_code == direct.status_code == 200
    assert "; secure" in behind_proxy.headers["set-cookie"]
    assert "; secure" not in direct.headers["set-cookie"]

"""Authorisation of the write side (issue 14, item 5), against the real application.

An agent of Aix-Marseille-Provence (A) tries every write-side route of the route table on
Bordeaux Métropole's (B) records, drafts, upload and token: each answers as the route's
convention says (403, or 404 where existence is not revealed), no answer carries a value of
B's drafts, and the revision log is unchanged. A route added to the write side without a case
here fails :func:`test_every_write_route_has_a_case`. B's drafts are on no page, in no RDF
answer and in neither SPARQL endpoint; B's published restricted fields are for members only
(every signed-in account: README « Champs réservés aux membres »). Tokens keep to their scopes;
a disabled account, a revoked token, a lost role or organisation stop working at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete

from iacoll.publishing import accounts, tokens, uploads
from iacoll.publishing.accounts import AccountRow, Membership
from iacoll.settings import Settings
from tests.authz_support import (
    A_EMAIL,
    B_EMAIL,
    B_NEW,
    B_PUBLISHED,
    B_RESTRICTED,
    B_SEED,
    MARK,
    MODERATOR_EMAIL,
    Scene,
    add,
    b_csv,
    browser,
    build_scene,
    csrf,
    jsonld,
    routes,
    token,
)
from tests.test_aiact_form import answers_for
from tests.write_side import AMP, AMP_SIREN, BORDEAUX, revisions, seed_record, write_client

LD = {"Content-Type": "application/ld+json"}
JSON = {"Accept": "application/json"}
# The write side: these prefixes, and every route that is not a GET — but for these public ones.
PREFIXES = ("/api/v1/", "/publier", "/moderation", "/mes-fiches", "/compte", "/sparql/membres")
PUBLIC = {
    ("GET", "/publier"),  # what publishing is (an information page)
    ("POST", "/sparql"),  # the public SPARQL endpoint (read-only)
    ("POST", "/api/aiact/qualification"),  # qualifies answers, stores nothing
    ("POST", "/signaler"),  # anyone may report an error
    ("POST", "/connexion"),
    ("POST", "/deconnexion"),
}


@pytest.fixture(scope="module")
def scene(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    with write_client(seed_settings, tmp_path_factory.mktemp("authz")) as client:
        yield build_scene(client.app)  # type: ignore[arg-type]


def api(iri: str) -> str:
    return "/api/v1/fiches/" + iri.split("/id/", 1)[1]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def write_side(app: FastAPI) -> set[tuple[str, str]]:
    return {
        (method, path)
        for method, path in routes(app)
        if (path.startswith(PREFIXES) or method != "GET") and (method, path) not in PUBLIC
    }


def attempts(scene: Scene, token: str, auth: dict[str, str]) -> dict[tuple[str, str], Any]:
    """(method, route) → (URL, request arguments, what A gets): A aiming at B's things."""
    published = seed_record("cas-usage", B_SEED)
    hijack = jsonld(published, publisher=AMP)  # B's record claimed for A
    form = {"csrf": token, "comment": "essai", "mode": "tout"}
    upload = {"files": {"fichier": ("a.csv", b_csv("Envoi de A"), "text/csv")}, "data": form}
    edit = {"fiche": B_PUBLISHED, "base_number": str(scene.b_base), "organisation": AMP_SIREN}
    edit |= {"coll_nom": "Métropole Aix-Marseille-Provence", "nom_projet": "Repris par A"}
    api_csv = {"content": b_csv("Envoi de A"), "headers": {**auth, "Content-Type": "text/csv"}}
    depot, revision = scene.b_depot, scene.b_new_revision
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    return {
        ("GET", "/api/v1/fiches/{kind}/{slug}"): (api(B_NEW), {"headers": auth}, 403),
        ("GET", "/api/v1/fiches/{kind}/{slug}/revisions"): (
            api(B_NEW) + "/revisions",
            {"headers": auth},
            403,
        ),
        ("PUT", "/api/v1/fiches/{kind}/{slug}"): (
            f"{api(B_PUBLISHED)}?base_number={scene.b_base}",
            {"json": hijack, "headers": {**auth, **LD}},
            403,
        ),
        ("POST", "/api/v1/fiches"): (
            "/api/v1/fiches",
            {"json": jsonld(published), "headers": {**auth, **LD}},
            403,
        ),
        ("POST", "/api/v1/fiches/{kind}/{slug}/soumettre"): (
            api(B_PUBLISHED) + "/soumettre",
            {"headers": auth},
            403,
        ),
        ("POST", "/api/v1/depots"): ("/api/v1/depots?fichier=a.csv", api_csv, 201),
        ("GET", "/api/v1/depots/{identifier}"): (f"/api/v1/depots/{depot}", {"headers": auth}, 404),
        ("POST", "/api/v1/depots/{identifier}/appliquer"): (
            f"/api/v1/depots/{depot}/appliquer?mode=tout",
            {"headers": auth},
            404,
        ),
        ("GET", "/publier/fichier"): ("/publier/fichier", {}, 200),
        ("POST", "/publier/fichier"): ("/publier/fichier", upload, 303),
        ("GET", "/publier/fichier/{identifier}"): (f"/publier/fichier/{depot}", {}, 404),
        ("POST", "/publier/fichier/{identifier}"): (
            f"/publier/fichier/{depot}",
            {"data": form},
            404,
        ),
        ("GET", "/publier/nouveau"): ("/publier/nouveau", {}, 200),
        ("GET", "/publier/modifier"): ("/publier/modifier", {"params": {"fiche": B_NEW}}, 404),
        ("POST", "/publier"): ("/publier", {"data": {**form, **edit}}, 403),
        ("GET", "/moderation"): ("/moderation", {}, 403),
        ("GET", "/moderation/revision/{revision_id}"): (
            f"/moderation/revision/{revision}",
            {},
            403,
        ),
        ("POST", "/moderation/revision/{revision_id}/{decision}"): (
            f"/moderation/revision/{revision}/approuver",
            {"data": form},
            403,
        ),
        ("POST", "/moderation/retirer"): (
            "/moderation/retirer",
            {"data": {**form, "fiche": f"/id/cas-usage/{B_SEED}"}},
            403,
        ),
        ("POST", "/moderation/signalement/{report_id}/clore"): (
            "/moderation/signalement/1/clore",
            {"data": form},
            403,
        ),
        ("GET", "/mes-fiches"): ("/mes-fiches", {}, 200),
        ("GET", "/compte"): ("/compte", {}, 200),
        ("POST", "/compte/jetons"): (
            "/compte/jetons",
            {"data": {**form, "scope": "restreint:lire"}},
            201,
        ),
        ("POST", "/compte/jetons/{token_id}/revoquer"): (
            f"/compte/jetons/{scene.b_token_id}/revoquer",
            {"data": form},
            303,
        ),
        ("POST", "/aiact/qualifier"): (
            "/aiact/qualifier",
            {"data": {**form, "fiche": B_PUBLISHED}},
            403,
        ),
        ("GET", "/sparql/membres"): ("/sparql/membres", {"params": {"query": query}}, 200),
        ("POST", "/sparql/membres"): ("/sparql/membres", {"data": {"query": query}}, 200),
    }


def test_every_write_route_has_a_case(scene: Scene) -> None:
    found = write_side(scene.app)
    assert sorted(found - set(attempts(scene, "", {}))) == []
    assert sorted(set(attempts(scene, "", {})) - found) == []
    assert len(found) == 27


def test_anonymous_is_sent_to_sign_in_on_every_write_route(scene: Scene) -> None:
    anonymous = browser(scene.app)
    before = revisions(anonymous)
    wrong = {}
    for (method, _), (url, options, _) in attempts(scene, csrf(anonymous), {}).items():
        answer = anonymous.request(method, url, follow_redirects=False, **options)
        to_sign_in = answer.status_code == 303 and answer.headers["location"].startswith(
            "/connexion"
        )
        if answer.status_code != 401 and not to_sign_in:
            wrong[method, url] = answer.status_code
    assert wrong == {}
    assert revisions(anonymous) == before


def test_an_agent_of_a_reaches_nothing_of_b_on_any_write_route(scene: Scene) -> None:
    a = browser(scene.app, A_EMAIL)
    before = revisions(a)
    got, leaked = {}, []
    for (method, _), (url, options, status) in attempts(
        scene, csrf(a), bearer(scene.a_token)
    ).items():
        answer = a.request(method, url, follow_redirects=False, **options)
        got[method, url] = (answer.status_code, status)
        if MARK in answer.text:
            leaked.append((method, url))
    assert {key: pair for key, pair in got.items() if pair[0] != pair[1]} == {}
    assert leaked == []
    assert revisions(a) == before
    b_status = a.get(api(B_NEW), headers=bearer(scene.b_token))  # B's token still works
    assert (b_status.status_code, b_status.json()["latest"]["state"]) == (200, "soumis")
    with scene.app.state.db.transaction() as session:
        b = accounts.find_account(session, B_EMAIL)
        assert b is not None
    assert uploads.find(scene.app.state.db, scene.b_depot, b.id) is not None
    sent = b_csv("Envoi de A")
    report = a.post("/api/v1/depots?fichier=a.csv", content=sent, headers=bearer(scene.a_token))
    assert report.json()["counts"] == {"importable": 0, "rejetee": 1}
    refused = [p for p in report.json()["rows"][0]["problems"] if p["value"] == BORDEAUX]
    assert [(p["field"], p["severity"]) for p in refused] == [("coll_siret", "violation")]
    assert "n'est pas membre de l'organisation" in refused[0]["message_fr"]


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("", "text/html"),
        ("", "text/turtle"),
        ("", "application/ld+json"),
        (".ttl", "*/*"),
        (".jsonld", "*/*"),
        ("/historique", "text/html"),
        ("/historique.ttl", "*/*"),
        ("/notice", "text/html"),
    ],
)
def test_b_drafts_are_on_no_page_for_a(scene: Scene, path: str, accept: str) -> None:
    a = browser(scene.app, A_EMAIL)
    never = a.get("/id/cas-usage/bordeaux-brouillon-authz" + path, headers={"Accept": accept})
    assert never.status_code == 404
    shown = a.get(f"/id/cas-usage/{B_SEED}{path}", headers={"Accept": accept})
    assert shown.status_code == 200
    assert MARK not in shown.text and MARK not in never.text
    if (path, accept) in (("", "text/html"), ("/notice", "text/html")):
        assert B_RESTRICTED in shown.text  # a member reads B's published restricted fields
        public = browser(scene.app).get(f"/id/cas-usage/{B_SEED}{path}")
        assert B_RESTRICTED not in public.text


def test_b_draft_revision_number_is_not_a_page(scene: Scene) -> None:
    a = browser(scene.app, A_EMAIL)
    assert a.get(f"/id/cas-usage/{B_SEED}/revision/{scene.b_base}").status_code == 200
    draft = a.get(f"/id/cas-usage/{B_SEED}/revision/{scene.b_base + 1}")  # B's draft
    assert draft.status_code == 404 and MARK not in draft.text


def count(client: TestClient, endpoint: str, needle: str, **headers: str) -> int:
    match = f'?s ?p ?o FILTER(CONTAINS(STR(?o), "{needle}"))'
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {match} }} }}"
    answer = client.post(
        endpoint,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json", **headers},
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_shows_no_draft_and_restricted_fields_to_members_only(scene: Scene) -> None:
    a = browser(scene.app, A_EMAIL)
    assert count(a, "/sparql", MARK) == count(a, "/sparql/membres", MARK) == 0
    assert count(a, "/sparql", B_RESTRICTED) == 0
    assert count(a, "/sparql/membres", B_RESTRICTED) == 1
    assert browser(scene.app).post("/sparql/membres", data={"query": "ASK {}"}).status_code == 401


def test_a_reading_token_cannot_write(scene: Scene) -> None:
    with scene.app.state.db.transaction() as session:
        agent = accounts.find_account(session, A_EMAIL)
        assert agent is not None
    reader = bearer(token(scene.app, agent.id, "restreint:lire").secret)
    client = browser(scene.app)
    before = revisions(client)
    amp = seed_record("cas-usage", "amp-callbot-encombrants")
    sent = client.post("/api/v1/fiches", json=jsonld(amp), headers={**reader, **LD})
    assert sent.status_code == 403 and "fiches:ecrire" in sent.json()["error"]
    form = {
        "csrf": csrf(client, **reader),
        "organisation": AMP_SIREN,
        "nom_projet": "Jeton lecteur",
    }
    pages = {
        "/publier": {"data": {**form, "coll_nom": "Métropole Aix-Marseille-Provence"}},
        "/publier/fichier": {"data": form, "files": {"fichier": ("a.csv", b"nom_projet\r\nx\r\n")}},
        "/aiact/qualifier": {"data": {**form, "fiche": str(amp.iri)}},
    }
    for url, options in pages.items():
        answer = client.post(url, headers={**reader, **JSON}, follow_redirects=False, **options)
        assert (url, answer.status_code) == (url, 403)
    assert client.get("/publier/nouveau", headers=reader).status_code == 403
    assert count(client, "/sparql/membres", B_RESTRICTED, **reader) == 1  # what it is for
    assert revisions(client) == before


def test_a_write_token_cannot_moderate_nor_make_tokens(scene: Scene) -> None:
    with scene.app.state.db.transaction() as session:
        moderator = accounts.find_account(session, MODERATOR_EMAIL)
        assert moderator is not None
        listed = len(tokens.list_tokens(session, moderator.id))
    writer = bearer(token(scene.app, moderator.id, "fiches:ecrire").secret)
    client = browser(scene.app)
    before = revisions(client)
    approve = f"/moderation/revision/{scene.b_new_revision}/approuver"
    for method, url in (("GET", "/moderation"), ("POST", approve)):
        answer = client.request(method, url, headers={**writer, **JSON})
        assert answer.status_code == 403 and "moderation" in answer.json()["error"]
    assert (
        client.get("/sparql/membres", params={"query": "ASK {}"}, headers=writer).status_code == 403
    )
    answers = {f"q-{k}": v for k, v in answers_for("cnaf-score-fraude").items()}
    review = {"csrf": csrf(client, **writer), "fiche": B_PUBLISHED, **answers}
    published = client.post(
        "/aiact/qualifier", data=review, headers={**writer, **JSON}, follow_redirects=False
    )
    assert published.status_code == 403 and "modérateurs" in published.json()["error"]
    moderating = bearer(token(scene.app, moderator.id, "moderation").secret)
    for secret in (writer, moderating):
        data = {"csrf": csrf(client, **secret), "scope": ["moderation", "fiches:ecrire"]}
        made = client.post("/compte/jetons", data=data, headers={**secret, **JSON})
        assert made.status_code == 403 and "Mon compte" in made.json()["error"]
    with scene.app.state.db.transaction() as session:
        assert len(tokens.list_tokens(session, moderator.id)) == listed + 2
    assert revisions(client) == before


def test_a_disabled_account_and_a_revoked_token_stop_at_once(scene: Scene) -> None:
    agent = add(scene.app, "partant@ampmetropole.fr", "contributeur", {AMP_SIREN: AMP})
    secret = bearer(token(scene.app, agent.id, "fiches:ecrire", "restreint:lire").secret)
    session_client, token_client = browser(scene.app, agent.email), browser(scene.app)
    mine = api(str(seed_record("cas-usage", "amp-callbot-encombrants").iri))
    checks = (
        (session_client, "/mes-fiches", {}),
        (session_client, "/sparql/membres", {"params": {"query": "ASK {}"}}),
        (token_client, mine, {"headers": secret}),
        (token_client, "/sparql/membres", {"params": {"query": "ASK {}"}, "headers": secret}),
    )
    assert [c.get(url, **options).status_code for c, url, options in checks] == [200] * 4
    with scene.app.state.db.transaction() as session:
        accounts.set_active(session, agent.email, False)
    assert [c.get(url, **options).status_code for c, url, options in checks] == [401] * 4
    other = add(scene.app, "revoque@ampmetropole.fr", "contributeur", {AMP_SIREN: AMP})
    issued = token(scene.app, other.id, "fiches:ecrire", "restreint:lire")
    assert token_client.get(mine, headers=bearer(issued.secret)).status_code == 200
    with scene.app.state.db.transaction() as session:
        assert tokens.revoke_token(session, other.id, issued.id)
    assert token_client.get(mine, headers=bearer(issued.secret)).status_code == 401
    assert (
        token_client.get(
            "/sparql/membres", params={"query": "ASK {}"}, headers=bearer(issued.secret)
        ).status_code
        == 401
    )


def test_a_lost_role_or_organisation_takes_effect_at_once(scene: Scene) -> None:
    chief = add(scene.app, "chef@iacoll.fr", "moderateur", {})
    moderator = browser(scene.app, chief.email)
    assert moderator.get("/moderation").status_code == 200
    with scene.app.state.db.transaction() as session:
        session.get(AccountRow, chief.id).role = "contributeur"  # type: ignore[union-attr]
    assert moderator.get("/moderation").status_code == 403
    agent = add(scene.app, "detache@ampmetropole.fr", "contributeur", {AMP_SIREN: AMP})
    secret = bearer(token(scene.app, agent.id).secret)
    client = browser(scene.app, agent.email)
    amp = seed_record("cas-usage", "amp-callbot-encombrants")
    iri = str(amp.iri)
    assert client.get(api(iri), headers=secret).status_code == 200
    assert client.get("/publier/modifier", params={"fiche": iri}).status_code == 200
    with scene.app.state.db.transaction() as session:
        session.execute(delete(Membership).where(Membership.account_id == agent.id))
    before = revisions(client)
    assert client.get(api(iri), headers=secret).status_code == 403
    assert client.get("/publier/modifier", params={"fiche": iri}).status_code == 404
    put = client.put(api(iri), json=jsonld(amp), headers={**secret, **LD})
    assert put.status_code == 403
    assert revisions(client) == before

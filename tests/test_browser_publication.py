"""The whole publication path in Chromium, as issue 9 asks: a contributor signs in, submits a
record with a mistake, reads the French message next to the field (marked invalid, described by
the message, reached from the error summary), fixes it and submits; a
moderator requests a change; the contributor makes it; the moderator publishes. Then an
anonymous visitor finds the record on its page, in search, in SPARQL and in the dumps, without
its restricted fields, and a signed-in member sees them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision, State
from iacoll.settings import Settings
from tests.browser import recorded_page, sign_in
from tests.conftest import copy_with_accounts
from tests.server import live_server

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser

AGENT, MODERATOR = "agent@bordeaux.example", "moderation@iacoll.example"
PASSWORD = "mot de passe très long"
BORDEAUX = "https://w3id.org/iacoll/id/organisation/bordeaux-metropole"
PROJECT = "Repérage des fuites du réseau d'eau (parcours complet)"
# Restricted values that must never be public (contact, algorithm name).
CONTACT = "fuites-e2e-9d41@bordeaux-metropole.example"
ALGORITHM = "Détecteur E2E-9D41"


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_with_accounts(
        seed_settings,
        tmp_path_factory.mktemp("publication"),
        [
            (AGENT, PASSWORD, "contributeur", {"243300316": BORDEAUX}),
            (MODERATOR, PASSWORD, "moderateur", {}),
        ],
    )


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


def fill_record(page: Page, siret: str) -> None:
    page.fill("#champ-coll_siret", siret)
    page.fill("#champ-nom_projet", PROJECT)
    page.fill(
        "#champ-usage_description",
        "Un modèle signale les fuites probables du réseau d'eau potable.",
    )
    page.select_option("#champ-projet_status", label="En expérimentation")
    page.fill("#champ-projet_date", "03/2025")
    page.select_option("#champ-theme", label="Transition écologique et énergétique")
    page.get_by_label("Gestion de l'eau").check()
    page.get_by_label("Agent", exact=True).check()
    page.fill("#champ-projet_contact", CONTACT)
    page.get_by_label("Projet développé en interne").check()
    page.get_by_label("En interne de l'administration").check()
    page.fill("#champ-nom_algorithme", ALGORITHM)
    page.get_by_label("Machine Learning").check()
    page.get_by_label("Jeu de données interne").check()
    page.get_by_label("Automatisée").check()


def real_errors(errors: list[str]) -> list[str]:
    """Console errors but Chromium's note on the form's 422 (a form sent back with messages)."""
    return [e for e in errors if "status of 422" not in e]


def project_revisions(settings: Settings) -> list[Revision]:
    """The revisions the form wrote for the project, oldest first."""
    db = Database(settings)
    try:
        with db.transaction() as session:
            found = session.scalars(
                select(Revision).where(Revision.source == "formulaire").order_by(Revision.id)
            ).all()
    finally:
        db.close()
    return [r for r in found if PROJECT in r.public_nt]


def latest(settings: Settings) -> Revision:
    mine = project_revisions(settings)
    assert mine, "no revision of the project in the log"
    return mine[-1]


def moderate(browser: Browser, server: str, action: str, comment: str | None = None) -> None:
    with recorded_page(browser) as recorded:
        page = recorded.page
        sign_in(page, server, MODERATOR, PASSWORD, "moderation")
        page.get_by_role("link", name=PROJECT).first.click()
        if comment is not None:
            page.fill("#commentaire", comment)
        page.get_by_role("button", name=action).click()
        page.wait_for_load_state()
        assert real_errors(recorded.errors()) == []


def wait_for(url: str, needle: str, seconds: float = 120) -> str:
    """The body of ``url`` once it contains ``needle`` (the dumps are rewritten in background)."""
    deadline = time.monotonic() + seconds
    while True:
        body = httpx.get(url, timeout=30).text
        if needle in body or time.monotonic() > deadline:
            return body
        time.sleep(1)


def test_contribute_moderate_publish_and_read(
    server: str, settings: Settings, chromium_browser: Browser
) -> None:
    with recorded_page(chromium_browser) as agent:
        page = agent.page
        page.goto(server + "publier/nouveau")  # signed out: the form sends to the sign-in page
        assert "/connexion" in page.url
        sign_in(page, server, AGENT, PASSWORD, "publier/nouveau")
        assert page.input_value("#champ-coll_nom") == "Bordeaux Métropole"  # from the catalogue
        fill_record(page, "243 300 316 00012")  # one digit mistyped
        page.get_by_role("button", name="Soumettre à la modération").click()
        message = page.locator("#erreur-coll_siret")
        message.wait_for()
        assert "clé de contrôle est fausse" in message.inner_text()
        siret = page.locator("#champ-coll_siret")
        assert siret.get_attribute("aria-invalid") == "true"
        assert "erreur-coll_siret" in (siret.get_attribute("aria-describedby") or "")
        assert page.evaluate("document.activeElement.id") == "resume-erreurs"
        assert page.input_value("#champ-nom_projet") == PROJECT  # nothing typed is lost
        assert page.get_by_label("Gestion de l'eau").is_checked()
        assert project_revisions(settings) == []  # nothing was written
        page.click("#resume-erreurs a[href='#champ-coll_siret']")  # the summary leads to it
        assert page.evaluate("document.activeElement.id") == "champ-coll_siret"
        page.fill("#champ-coll_siret", "243 300 316 00011")
        page.get_by_role("button", name="Soumettre à la modération").click()
        page.wait_for_url("**/publier/modifier?*enregistre=soumis*")
        assert "soumise à la modération" in page.locator("#notice").inner_text()
        assert latest(settings).state == State.SOUMIS.value

        moderate(
            chromium_browser, server, "Demander des modifications", "Précisez le public du service."
        )
        assert latest(settings).state == State.MODIFICATIONS_DEMANDEES.value

        page.goto(server + "mes-fiches")
        assert "Précisez le public du service." in page.content()
        page.get_by_role("link", name=PROJECT).first.click()
        page.get_by_label("Grand public").check()
        page.get_by_role("button", name="Soumettre à la modération").click()
        page.wait_for_url("**/publier/modifier?*enregistre=soumis*")
        assert latest(settings).state == State.SOUMIS.value

        moderate(chromium_browser, server, "Publier")
        published = latest(settings)
        assert published.state == State.PUBLIE.value
        record_path = "/" + published.record_iri.removeprefix(settings.base_iri)

        # A signed-in member sees the restricted fields on the record page.
        page.goto(server + record_path.lstrip("/"))
        member_view = page.content()
        assert PROJECT in member_view and ALGORITHM in member_view and CONTACT in member_view
        assert real_errors(agent.errors()) == []
        assert agent.foreign_requests() == []

    with recorded_page(chromium_browser) as visitor:
        page = visitor.page
        page.goto(server + record_path.lstrip("/"))
        public_view = page.content()
        assert PROJECT in public_view
        assert ALGORITHM not in public_view and CONTACT not in public_view
        page.goto(server + "recherche?q=" + quote("fuites réseau parcours complet"))
        assert PROJECT in page.content()
        assert visitor.errors() == []

    title = PROJECT.replace('"', '\\"')
    ask = f'ASK {{ ?fiche <http://purl.org/dc/terms/title> "{title}"@fr }}'
    answer = httpx.get(
        server + "sparql",
        params={"query": ask},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert answer.json()["boolean"] is True
    hidden = f'ASK {{ ?s ?p "{ALGORITHM}"@fr }}'
    answer = httpx.get(
        server + "sparql",
        params={"query": hidden},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert answer.json()["boolean"] is False
    dump = wait_for(server + "download/iacoll.nt", PROJECT)
    assert PROJECT in dump
    assert ALGORITHM not in dump and CONTACT not in dump

"""The contribution form in Chromium: a contributor signs in, submits a record with a mistake,
reads the French message next to the field, fixes it and submits it for moderation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from iacoll.publishing.accounts import Organisation, add_account
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision, State
from iacoll.settings import Settings
from iacoll.store import build
from tests.browser import RecordedPage
from tests.server import live_server

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser

EMAIL = "agent@bordeaux.example"
PASSWORD = "mot de passe très long"
PROJECT = "Repérage des fuites du réseau d'eau"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built from the seed catalogue, with one contributor of Bordeaux Métropole."""
    settings = Settings.from_env({}, store_path=tmp_path_factory.mktemp("browser-contribute"))
    build(settings)
    db = Database(settings)
    with db.transaction() as session:
        iri = "https://w3id.org/iacoll/id/organisation/bordeaux-metropole"
        add_account(session, EMAIL, PASSWORD, "contributeur", [Organisation("243300316", iri)])
    db.close()
    return settings


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


def states(settings: Settings) -> list[str]:
    db = Database(settings)
    try:
        with db.transaction() as session:
            found = session.scalars(select(Revision).where(Revision.source == "formulaire"))
            return [r.state for r in found if PROJECT in r.public_nt]
    finally:
        db.close()


def test_a_contributor_fixes_the_field_the_form_points_at_then_submits(
    server: str, settings: Settings, browser_page: RecordedPage
) -> None:
    page = browser_page.page
    page.goto(server + "publier/nouveau")
    assert "/connexion" in page.url
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.sign-in button[type=submit]")
    page.wait_for_url("**/publier/nouveau")

    assert page.input_value("#champ-coll_nom") == "Bordeaux Métropole"  # filled from the catalogue
    page.fill("#champ-coll_siret", "243 300 316 00012")  # one digit mistyped
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
    page.fill("#champ-projet_contact", "eau@bordeaux-metropole.example")
    page.get_by_label("Projet développé en interne").check()
    page.get_by_label("En interne de l'administration").check()
    page.fill("#champ-nom_algorithme", "Détecteur de fuites")
    page.get_by_label("Machine Learning").check()
    page.get_by_label("Jeu de données interne").check()
    page.get_by_label("Automatisée").check()
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
    assert states(settings) == []

    page.click("#resume-erreurs a[href='#champ-coll_siret']")
    assert page.evaluate("document.activeElement.id") == "champ-coll_siret"
    page.fill("#champ-coll_siret", "243 300 316 00011")
    page.get_by_role("button", name="Soumettre à la modération").click()
    page.wait_for_url("**/publier/modifier?*enregistre=soumis*")
    assert "soumise à la modération" in page.locator("#notice").inner_text()
    assert states(settings) == [State.SOUMIS.value]
    # Chromium notes the 422 of the form sent back with its messages; nothing else.
    assert [e for e in browser_page.errors() if "status of 422" not in e] == []
    assert browser_page.foreign_requests() == []

"""The moderators' queue and « Mes fiches », through the web application and the write path.

A contributor of Aix-Marseille-Provence submits a record; the queue shows it with the diff
against the published revision (upstream field labels, « non publique » on restricted fields);
a moderator requests changes with a comment, the contributor sees the state and the comment,
submits again, the moderator publishes; then withdraws. Roles are enforced: a contributor gets
a French 403 on /moderation and sees only the records of their organisations.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from iacoll.app import create_app
from iacoll.publishing import accounts, reports, tokens, update_date
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.settings import Settings
from iacoll.web import form_footprint
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import (
    ORGANISATION,
    OTHER_ORGANISATION,
    contributor,
    latest,
    publish,
    seed_copy,
    sign_in,
)

SLUG = "essai-moderation"
IRI = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
CONTRIBUTOR, MODERATOR, STRANGER = 101, 102, 103


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_store(seed_settings, tmp_path_factory.mktemp("moderation"))


@pytest.fixture(scope="module")
def app_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def writer(app_client: TestClient) -> Writer:
    """The application's write path (it projects what it publishes)."""
    found: Writer = app_client.app.state.writer  # type: ignore[attr-defined]
    return found


@pytest.fixture(scope="module")
def db(writer: Writer) -> Database:
    return writer.db


def client_as(
    app_client: TestClient, settings: Settings, account: int, role: str, orgs: list[str]
) -> TestClient:
    sign_in(app_client, f"compte{account}@example.org", role, orgs)
    return app_client


def csrf_of(html: str) -> str:
    return next(i.attrs["value"] for i in dom(html).all("input") if i.attrs.get("name") == "csrf")


def submit(writer: Writer, title: str, base: int | None = None, **restricted: str) -> int:
    record = seed_copy(SLUG, title, **restricted)
    saved = writer.save(
        record, author=contributor(CONTRIBUTOR), state=State.SOUMIS, base_number=base
    )
    return saved.revision_id


def test_moderation_needs_a_moderator(app_client: TestClient, settings: Settings) -> None:
    app_client.cookies.clear()
    anonymous = app_client.get("/moderation", headers={"accept": "text/html"})
    assert anonymous.status_code == 401
    agent = client_as(app_client, settings, CONTRIBUTOR, "contributeur", [ORGANISATION])
    refused = agent.get("/moderation", headers={"accept": "text/html"})
    assert refused.status_code == 403
    assert "réservée aux modérateurs" in refused.text
    posted = agent.post("/moderation/revision/1/approuver", data={"csrf": "x"})
    assert posted.status_code == 403


def test_the_whole_moderation_cycle(
    app_client: TestClient, settings: Settings, db: Database, writer: Writer
) -> None:
    first = submit(writer, "Essai de modération", email="premier@example.org")
    client = client_as(app_client, settings, MODERATOR, "moderateur", [])
    queue_page = client.get("/moderation")
    assert queue_page.status_code == 200
    assert queue_page.headers["cache-control"] == "no-store"
    assert "Essai de modération" in queue_page.text
    assert f'href="/moderation/revision/{first}"' in queue_page.text
    assert "Nouvelle fiche" in queue_page.text

    review = client.get(f"/moderation/revision/{first}")
    assert review.status_code == 200
    assert "jamais été publiée" in review.text
    table = dom(review.text).first("table")
    headers = [
        " ".join(th.text.split()) for th in table.all("th") if th.attrs.get("scope") == "row"
    ]
    assert "Projet" in headers
    assert "Contact du service en charge (non publique)" in headers
    assert "premier@example.org" in table.text

    token = csrf_of(review.text)
    empty = client.post(
        f"/moderation/revision/{first}/demander-modifications", data={"csrf": token, "comment": " "}
    )
    assert empty.status_code == 400
    assert "Écrivez un commentaire" in empty.text
    assert latest(db, IRI).state == State.SOUMIS
    forged = client.post(f"/moderation/revision/{first}/approuver", data={"csrf": "faux"})
    assert forged.status_code == 403
    assert latest(db, IRI).state == State.SOUMIS

    asked = client.post(
        f"/moderation/revision/{first}/demander-modifications",
        data={"csrf": token, "comment": "Précisez le financement."},
        follow_redirects=False,
    )
    assert asked.status_code == 303
    assert latest(db, IRI).state == State.MODIFICATIONS_DEMANDEES
    assert "Essai de modération" not in client.get("/moderation").text

    agent = client_as(app_client, settings, CONTRIBUTOR, "contributeur", [ORGANISATION])
    mine = agent.get("/mes-fiches")
    assert mine.status_code == 200
    row = next(tr for tr in dom(mine.text).all("tr") if "Essai de modération" in tr.text)
    assert "Modifications demandées" in row.text
    assert "Précisez le financement." in row.text
    assert f"/publier/modifier?fiche={IRI.replace(':', '%3A').replace('/', '%2F')}" in mine.text

    second = submit(
        writer, "Essai de modération", email="premier@example.org", funding="Fonds propres"
    )
    client = client_as(app_client, settings, MODERATOR, "moderateur", [])
    review = client.get(f"/moderation/revision/{second}")
    assert "Fonds propres" in review.text  # a restricted property outside the fields: other triples
    published = client.post(
        f"/moderation/revision/{second}/approuver",
        data={"csrf": csrf_of(review.text)},
        follow_redirects=False,
    )
    assert published.status_code == 303
    assert latest(db, IRI).state == State.PUBLIE

    third = submit(
        writer,
        "Essai de modération, titre revu",
        base=latest_published_number(db),
        email="second@example.org",
    )
    review = client.get(f"/moderation/revision/{third}")
    assert f"version publiée n° {latest_published_number(db)}" in review.text
    rows = {
        " ".join(tr.first("th").text.split()): tr.text
        for tr in dom(review.text).first("table").all("tr")
        if list(tr.all("td"))
    }
    assert set(rows) == {  # an undated edit is dated the day it is saved
        "Projet",
        "Contact du service en charge (non publique)",
        "Date de mise à jour des informations",
    }
    dated = rows["Date de mise à jour des informations"].split()[-2:]
    assert dated == ["2026-12-06", update_date.today().isoformat()]
    assert "premier@example.org" in rows["Contact du service en charge (non publique)"]
    assert "second@example.org" in rows["Contact du service en charge (non publique)"]
    rejected = client.post(
        f"/moderation/revision/{third}/rejeter",
        data={"csrf": csrf_of(review.text), "comment": "Titre trop long."},
        follow_redirects=False,
    )
    assert rejected.status_code == 303
    assert latest(db, IRI).state == State.REJETE

    withdrawn = client.post(
        "/moderation/retirer",
        data={
            "csrf": csrf_of(review.text),
            "fiche": f"/id/cas-usage/{SLUG}",
            "comment": "Doublon.",
        },
        follow_redirects=False,
    )
    assert withdrawn.status_code == 303
    again = client.post(
        "/moderation/retirer",
        data={
            "csrf": csrf_of(review.text),
            "fiche": f"/id/cas-usage/{SLUG}",
            "comment": "Doublon.",
        },
    )
    assert again.status_code == 404
    history = client.get(f"/moderation/revision/{third}").text
    assert "Retirée de la publication" in history and "Doublon." in history


def latest_published_number(db: Database) -> int:
    with db.transaction() as session:
        current = published_revision(session, IRI)
        assert current is not None
        return current.number


def test_a_contributor_sees_only_the_records_of_their_organisations(
    app_client: TestClient, settings: Settings, writer: Writer
) -> None:
    other = seed_copy(
        "essai-autre-organisation",
        "Fiche d'une autre organisation",
        publisher=OTHER_ORGANISATION,
    )
    stranger = Author(STRANGER, frozenset({OTHER_ORGANISATION}), "contributeur")
    writer.save(other, author=stranger, state=State.BROUILLON)
    mine = seed_copy("essai-mes-fiches", "Ma fiche en brouillon")
    writer.save(mine, author=contributor(CONTRIBUTOR), state=State.BROUILLON)
    client = client_as(app_client, settings, CONTRIBUTOR, "contributeur", [ORGANISATION])
    page = client.get("/mes-fiches")
    assert "Ma fiche en brouillon" in page.text
    assert "Brouillon" in page.text
    assert "Fiche d'une autre organisation" not in page.text
    app_client.cookies.clear()
    assert app_client.get("/mes-fiches", headers={"accept": "text/html"}).status_code == 401


def test_open_error_reports_are_listed_and_closed(
    app_client: TestClient, settings: Settings, db: Database
) -> None:
    sent = reports.file_report(
        db, reports.Sent(IRI, "La date de démarrage est fausse : 2023.", "agent@example.org")
    )
    client = client_as(app_client, settings, MODERATOR, "admin", [])
    page = client.get("/moderation")
    assert "La date de démarrage est fausse" in page.text
    closed = client.post(
        f"/moderation/signalement/{sent.id}/clore",
        data={"csrf": csrf_of(page.text), "comment": "Corrigé."},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    after = client.get(closed.headers["location"])
    assert "Le signalement est clos." in after.text
    assert "La date de démarrage est fausse" not in after.text


def test_a_moderators_api_token_decides_without_a_form(
    app_client: TestClient, settings: Settings, db: Database, writer: Writer
) -> None:
    """A token with the ``moderation`` scope approves from a script (no session, no CSRF form
    token); a moderator's token without that scope, and a contributor's, are refused."""
    with db.transaction() as session:
        moderator = accounts.add_account(
            session, "jeton-moderation@example.org", None, "moderateur"
        )
        scoped = tokens.issue_token(session, moderator.id, "script", ["moderation"]).secret
        unscoped = tokens.issue_token(session, moderator.id, "écriture").secret
    submitted = writer.save(
        seed_copy("essai-jeton-moderation", "Essai par jeton"),
        author=contributor(CONTRIBUTOR),
        state=State.SOUMIS,
    ).revision_id
    app_client.cookies.clear()
    decision = f"/moderation/revision/{submitted}/approuver"
    refused = app_client.post(decision, headers={"Authorization": f"Bearer {unscoped}"})
    assert refused.status_code == 403
    assert "portée « moderation »" in refused.text
    iri = "https://w3id.org/iacoll/id/cas-usage/essai-jeton-moderation"
    assert latest(db, iri).state == State.SOUMIS
    approved = app_client.post(
        decision, headers={"Authorization": f"Bearer {scoped}"}, follow_redirects=False
    )
    assert approved.status_code == 303, approved.text
    assert latest(db, iri).state == State.PUBLIE
    assert app_client.get("/id/cas-usage/essai-jeton-moderation").status_code == 200


def test_the_footprint_is_reviewed_as_the_forms_fields(
    app_client: TestClient, settings: Settings, writer: Writer
) -> None:
    """A revision that adds a structured footprint: the moderator reads the form's fields
    (labels, values, « non publique »), not the blank nodes of its measurements."""
    slug = "essai-empreinte-moderation"
    record = seed_copy(slug, "Essai d'empreinte")
    number = publish(writer, record)
    tool = "https://w3id.org/iacoll/vocab/outil-mesure-empreinte/codecarbon"
    measured = form_footprint.apply(
        record,
        {"empreinte_energie": ["15"], "empreinte_emissions": ["2,5"], "empreinte_outils": [tool]},
    )
    saved = writer.save(
        measured, author=contributor(CONTRIBUTOR), state=State.SOUMIS, base_number=number
    )
    client = client_as(app_client, settings, MODERATOR, "moderateur", [])
    review = client.get(f"/moderation/revision/{saved.revision_id}")
    assert review.status_code == 200
    table = dom(review.text).first("table")
    rows = {
        " ".join(tr.first("th").text.split()): " ".join(tr.text.split())
        for tr in table.all("tr")
        if tr.all("th") and tr.first("th").attrs.get("scope") == "row"
    }
    assert set(rows) - {"Date de mise à jour des informations"} == {  # the date: set on save
        "Énergie consommée (kWh) (non publique)",
        "Émissions (kg CO₂e) (non publique)",
        "Outils de mesure (non publique)",
    }
    assert "15" in rows["Énergie consommée (kWh) (non publique)"]
    assert "2,5" in rows["Émissions (kg CO₂e) (non publique)"]
    assert "CodeCarbon" in rows["Outils de mesure (non publique)"]
    assert "qudt" not in review.text.lower() and "_:" not in review.text

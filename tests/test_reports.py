"""« Signaler une erreur »: a form on every record page, no account needed, CSRF-protected,
rate-limited per address, stored in the ``signalement`` table for the moderators and never
published."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from iacoll.publishing import reports
from iacoll.publishing.db import Database
from iacoll.publishing.reports import Signalement
from iacoll.settings import Settings
from tests.html import Element, dom

RECORD = "https://w3id.org/iacoll/id/cas-usage/dinum-albert"
RECORD_TITLE = "Albert, IA générative pour les agents — Dinum"
ORGANISATION = "https://w3id.org/iacoll/id/organisation/bordeaux-metropole"
HTML = {"accept": "text/html"}
SHORT = "Décrivez l'erreur en quelques mots (10 caractères au moins)."
LONG = "Le message est trop long : 5001 caractères pour 5000 au plus. Raccourcissez-le."
CONTROL = (
    "Le message contient des caractères de contrôle invisibles : retirez-les (recopiez le "
    "texte sans mise en forme) et renvoyez-le."
)
EMAIL = (
    "Cette adresse électronique n'a pas la forme nom@domaine.fr : corrigez-la ou laissez le "
    "champ vide."
)


@pytest.fixture(scope="module")
def app(seed_app: FastAPI) -> FastAPI:
    return seed_app


@pytest.fixture(scope="module")
def database(seed_settings: Settings) -> Iterator[Database]:
    database = Database(seed_settings)
    yield database
    database.close()


@pytest.fixture
def db(database: Database) -> Database:
    """The database, its ``signalement`` table emptied."""
    with database.transaction() as session:
        session.execute(delete(Signalement))
    return database


ADDRESSES = itertools.count(1)


def client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    """A client from an address of its own: the rate limit counts it from zero."""
    return client_at(app, f"192.0.2.{next(ADDRESSES)}")


def stored(db: Database) -> list[Signalement]:
    with db.transaction() as session:
        return list(session.scalars(select(Signalement).order_by(Signalement.id)))


def open_form(client: TestClient, record: str = RECORD, lang: str = "fr") -> Element:
    response = client.get("/signaler", params={"fiche": record, "lang": lang}, headers=HTML)
    assert response.status_code == 200, response.text
    return dom(response.text)


def csrf_of(form: Element) -> str:
    return form.one("input", name="csrf").attrs["value"]


def send(client: TestClient, csrf: str | None, **fields: str) -> httpx.Response:
    data = {"fiche": RECORD, "message": "Le nom du projet a changé en 2025.", **fields}
    if csrf is not None:
        data["csrf"] = csrf
    return client.post("/signaler", data=data, headers=HTML, follow_redirects=False)


@pytest.mark.parametrize(
    ("path", "record"),
    [("/id/cas-usage/dinum-albert", RECORD), ("/id/organisation/bordeaux-metropole", ORGANISATION)],
)
def test_record_pages_link_to_the_form(client: TestClient, path: str, record: str) -> None:
    html = dom(client.get(path, headers=HTML).text)
    link = html.one("p", class_="report-link").first("a")
    assert link.attrs["href"] == "/signaler?fiche=" + quote(record, safe="")
    assert link.text == "Signaler une erreur"


def test_form_names_the_record_and_labels_every_field(client: TestClient) -> None:
    html = open_form(client)
    assert html.one("h1").text == "Signaler une erreur"
    assert html.first("main").links()["/id/cas-usage/dinum-albert"] == RECORD_TITLE
    form = html.one("form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/signaler"
    labels = {label.attrs["for"]: label.text for label in form.all("label")}
    assert labels == {
        "message": "Votre message",
        "email": "Votre adresse électronique (facultatif)",
    }
    assert form.one("input", name="fiche").attrs["value"] == RECORD
    assert len(csrf_of(html)) > 20
    english = open_form(client, lang="en")
    assert english.one("h1").text == "Report an error"
    assert {label.text for label in english.all("label")} == {
        "Your message",
        "Your email address (optional)",
    }


def test_a_report_is_stored_exactly_as_sent(client: TestClient, db: Database) -> None:
    message = "Passé en déploiement en 2025.\nSource : délibération <script>x</script>"
    response = send(client, csrf_of(open_form(client)), message=message, email="agent@ville.fr")
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == "/signaler/envoye?fiche=" + quote(RECORD, safe="")
    [report] = stored(db)
    assert (report.record_iri, report.message, report.email) == (RECORD, message, "agent@ville.fr")
    assert (report.status, report.handled_by, report.comment) == ("ouvert", None, None)
    thanks = dom(client.get(location, headers=HTML).text)
    assert thanks.one("h1").text == "Signalement envoyé"
    assert "Merci : votre signalement a été transmis aux modérateurs." in thanks.first("main").text
    assert thanks.first("main").links()["/id/cas-usage/dinum-albert"] == RECORD_TITLE
    # never public: neither the message nor the address shows on the record's page
    public = client.get("/id/cas-usage/dinum-albert", headers=HTML).text
    assert "délibération" not in public and "agent@ville.fr" not in public


def test_the_email_is_optional(client: TestClient, db: Database) -> None:
    response = send(client, csrf_of(open_form(client)), email="  ")
    assert response.status_code == 303
    [report] = stored(db)
    assert report.email is None
    assert report.message == "Le nom du projet a changé en 2025."


@pytest.mark.parametrize("csrf", [None, "pas-le-bon-jeton"])
def test_without_the_csrf_token_nothing_is_stored(
    client: TestClient, db: Database, csrf: str | None
) -> None:
    open_form(client)  # the session has a token, the post does not carry it
    response = send(client, csrf)
    assert response.status_code == 403
    assert "Le formulaire a expiré ou ne vient pas de ce site" in response.text
    assert stored(db) == []


def test_the_sixth_report_within_the_hour_is_refused(
    app: FastAPI, client: TestClient, db: Database
) -> None:
    csrf = csrf_of(open_form(client))
    for n in (1, 2, 3, 4, 5):
        response = send(client, csrf, message=f"Erreur numéro {n} dans la fiche.")
        assert response.status_code == 303
    response = send(client, csrf, message="Erreur numéro 6 dans la fiche.")
    assert response.status_code == 429
    html = dom(response.text)
    assert html.one("p", class_="error-message").text == (
        "Vous avez déjà envoyé 5 signalements dans l'heure : c'est le maximum. Réessayez dans "
        "une heure, ou écrivez aux modérateurs (page Contact)."
    )
    assert [r.message for r in stored(db)] == [
        f"Erreur numéro {n} dans la fiche." for n in (1, 2, 3, 4, 5)
    ]
    other = client_at(app, "198.51.100.7")  # the limit is per address
    assert send(other, csrf_of(open_form(other))).status_code == 303


@pytest.mark.parametrize(
    "record",
    [
        "https://w3id.org/iacoll/id/cas-usage/fiche-qui-n-existe-pas",
        "https://w3id.org/iacoll/def",  # exists, but is not a record
        "https://example.org/id/cas-usage/dinum-albert",
        "https://w3id.org/iacoll/id/cas-usage/dinum-albert> ?p ?o } #",
    ],
)
def test_an_unknown_record_is_a_french_404(client: TestClient, db: Database, record: str) -> None:
    expected = (
        "Aucune fiche publiée n'a cette adresse : repartez de la page de la fiche et suivez son "
        "lien « Signaler une erreur »."
    )
    response = client.get("/signaler", params={"fiche": record}, headers=HTML)
    assert response.status_code == 404
    assert dom(response.text).one("p", class_="error-message").text == expected
    posted = send(client, csrf_of(open_form(client)), fiche=record)
    assert posted.status_code == 404
    assert stored(db) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"message": "Faux."}, "message", SHORT),
        ({"message": "x" * 5001}, "message", LONG),
        ({"message": "Erreur dans\x00 la fiche"}, "message", CONTROL),
        ({"message": "Erreur dans\x1b[31m la fiche"}, "message", CONTROL),
        ({"email": "pas une adresse"}, "email", EMAIL),
        ({"email": "agent@ville.fr\x07"}, "email", EMAIL),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_stored(
    client: TestClient, db: Database, fields: dict[str, str], field: str, message: str
) -> None:
    response = send(client, csrf_of(open_form(client)), **fields)
    assert response.status_code == 400
    html = dom(response.text)
    assert html.one("p", class_="field-error", id=f"{field}-erreur").text == message
    widget = html.one(id=field)
    assert widget.attrs["aria-invalid"] == "true"
    assert f"{field}-erreur" in widget.attrs["aria-describedby"].split()
    assert stored(db) == []


def test_typed_text_is_kept_when_the_form_comes_back(client: TestClient) -> None:
    response = send(client, csrf_of(open_form(client)), message="Trop <b>", email="a@b.fr")
    html = dom(response.text)
    assert html.one("textarea", id="message").text == "Trop <b>"
    assert html.one("input", id="email").attrs["value"] == "a@b.fr"


def test_an_oversized_form_is_refused_before_it_is_read(client: TestClient, db: Database) -> None:
    response = send(client, csrf_of(open_form(client)), message="é" * 60_000)
    assert response.status_code == 413
    assert "Le formulaire envoyé dépasse 100 ko" in response.text
    assert stored(db) == []


def test_the_form_without_a_record_says_where_to_start(client: TestClient) -> None:
    response = client.get("/signaler", headers=HTML)
    assert response.status_code == 200
    html = dom(response.text)
    assert not list(html.all("form", class_="report-form"))
    assert "ouvrez la fiche concernée et suivez le lien « Signaler une erreur »" in (
        html.first("main").text
    )


def test_moderators_list_and_close_reports(db: Database) -> None:
    first = reports.file_report(db, reports.Sent(RECORD, "Première erreur signalée.", None))
    second = reports.file_report(
        db, reports.Sent(ORGANISATION, "  Seconde erreur signalée.  ", "a@b.fr")
    )
    assert second.message == "Seconde erreur signalée."
    assert [r.id for r in reports.open_reports(db)] == [first.id, second.id]
    assert reports.count_open(db) == 2
    closed = reports.close_report(db, first.id, account_id=7, comment="Corrigé dans la fiche.")
    assert (closed.status, closed.handled_by) == ("traite", 7)
    assert closed.comment == "Corrigé dans la fiche."
    assert closed.handled_at is not None
    assert [r.id for r in reports.open_reports(db)] == [second.id]
    with pytest.raises(reports.ReportAlreadyClosed) as again:
        reports.close_report(db, first.id, account_id=8)
    assert again.value.status == 409
    with pytest.raises(reports.ReportNotFound) as missing:
        reports.close_report(db, 9999, account_id=7)
    assert missing.value.status == 404
    assert re.fullmatch(r"Aucun signalement n'a le numéro 9999\.", missing.value.message)

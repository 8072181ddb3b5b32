"""The transparency notice of a use case: filled from the published revision, « non renseigné »
and a checklist for what is missing, restricted values for members only, and the PDF.

A seed record with few fields (``lorient-celtic``: a description, nothing else the notice
reads) gives a checklist of exactly its missing fields, written here by hand from
``data/cas-usage/lorient-celtic.ttl``. A fixture record with every notice field filled is
published through the app's writer: no « non renseigné » anywhere, and its restricted
operations text appears only in a signed-in member's notice.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal

from iacoll.app import create_app
from iacoll.namespaces import IACOLL, ID, VOCAB
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import ORGANISATION, publish, seed_copy, sign_in

COMPLETE = "essai-notice-complete"
SECRET = "OperationsRestreintes4e1b"  # the restricted operations text of the fixture
CONTACT = "notice-4e1b@example.org"
HEADINGS = (
    "1° Le degré et le mode de contribution du traitement algorithmique à la prise de décision",
    "2° Les données traitées et leurs sources",
    "3° Les paramètres de traitement et, le cas échéant, leur pondération, appliqués à la "
    "situation de l'intéressé",
    "4° Les opérations effectuées par le traitement",
)
# lorient-celtic states its description (the purpose) and nothing else the notice reads.
LORIENT_CHECKLIST = [
    ("impact_algorithme", "Impact de l'algorithme sur la décision"),
    ("decision", "Portée de la décision"),
    ("donnees_source", "Source des données"),
    ("donnees_acces", "Mode de collecte et d'accès des données"),
    ("type_algorithme", "Type d'algorithme"),
    ("algorithme_description", "Description globale de l'algorithme"),
    ("algorithme_operations", "Opérations effectuées par l'algorithme"),
    ("objection", "Procédure d'objection"),
    ("reversibilite", "Réversibilité des traitements et des services"),
    ("projet_contact", "Contact du service en charge"),
]


def complete_record() -> Any:
    """A use case of Aix-Marseille-Provence with every field of the notice filled."""
    record = seed_copy(COMPLETE, "Essai de notice complète", email=CONTACT)
    iri, system = ID[f"cas-usage/{COMPLETE}"], ID[f"systeme/{COMPLETE}"]
    public, restricted = record.public, record.restricted
    public.add((system, IACOLL.niveauImpact, VOCAB["niveau-impact/1"]))
    for prop, text in (
        (IACOLL.porteeDecision, "Attribution d'un créneau de ramassage"),
        (IACOLL.procedureObjection, "Demande de réexamen par un agent du centre d'appel"),
        (IACOLL.reversibilite, "Retour au traitement par téléconseiller à tout moment"),
    ):
        public.add((iri, prop, Literal(text, lang="fr")))
    restricted.add((system, IACOLL.sourceDonnees, VOCAB["source-donnees/usager"]))
    restricted.add((system, IACOLL.modeCollecte, VOCAB["mode-collecte/automatisee"]))
    restricted.add((system, IACOLL.typeAlgorithme, VOCAB["type-algorithme/ia-generative"]))
    restricted.add((system, IACOLL.operations, Literal(SECRET, lang="fr")))
    return record


@pytest.fixture(scope="module")
def client(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("notice"))
    with TestClient(create_app(settings)) as client:
        publish(client.app.state.writer, complete_record())  # type: ignore[attr-defined]
        yield client


def checklist(html: str) -> list[tuple[str, str]]:
    section = dom(html).first("section", class_="checklist")
    return [(li.attrs["data-champ"], li.first("strong").text) for li in section.all("li")]


def pdf_text(body: bytes, folder: Path) -> str:
    path = folder / "notice.pdf"
    path.write_bytes(body)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    assert out.returncode == 0, out.stderr
    return " ".join(out.stdout.decode().replace("’", "'").split())


def anonymous(client: TestClient) -> TestClient:
    client.cookies.clear()
    return client


def test_seed_record_with_few_fields_lists_exactly_what_is_missing(client: TestClient) -> None:
    response = anonymous(client).get("/id/cas-usage/lorient-celtic/notice")
    assert response.status_code == 200
    assert checklist(response.text) == LORIENT_CHECKLIST
    page = dom(response.text)
    assert page.text.count("non renseigné") == len(LORIENT_CHECKLIST)
    assert "1 / 7 éléments renseignés" in " ".join(page.text.split())
    assert "compléter la fiche" not in response.text  # no edit link for the public
    purpose = page.first("section", class_="notice-item")
    assert "trait de côte" in purpose.text
    assert "article 22" not in response.text  # the record does not say decisions are automated


def test_complete_record_has_nothing_missing(client: TestClient) -> None:
    response = anonymous(client).get(f"/id/cas-usage/{COMPLETE}/notice")
    assert response.status_code == 200
    assert "non renseigné" not in response.text
    assert checklist(response.text) == []
    text = " ".join(dom(response.text).text.split())
    assert "7 / 7 éléments renseignés" in text
    assert "Attribution d'un créneau de ramassage" in text
    assert "article 22 du règlement général sur la protection des données" in text
    assert "Métropole Aix-Marseille-Provence" in text


def test_restricted_values_only_in_a_members_notice(client: TestClient, tmp_path: Path) -> None:
    public = anonymous(client).get(f"/id/cas-usage/{COMPLETE}/notice")
    public_pdf = client.get(f"/id/cas-usage/{COMPLETE}/notice.pdf")
    for text in (public.text, pdf_text(public_pdf.content, tmp_path)):
        assert SECRET not in text and CONTACT not in text
        assert "communiqué sur demande" in text
    sign_in(client, "membre-notice@example.org", "contributeur", [ORGANISATION])
    try:
        member = client.get(f"/id/cas-usage/{COMPLETE}/notice")
        member_pdf = client.get(f"/id/cas-usage/{COMPLETE}/notice.pdf")
        lorient = client.get("/id/cas-usage/lorient-celtic/notice")
    finally:
        client.cookies.clear()
    assert SECRET in member.text and CONTACT in member.text
    assert member.headers["cache-control"] == "private, no-store"
    assert "non publique" in member.text
    assert SECRET in pdf_text(member_pdf.content, tmp_path)
    # Lorient is not the member's organisation: no edit link there.
    assert "compléter la fiche" not in lorient.text


def test_members_of_the_organisation_get_edit_links(client: TestClient) -> None:
    sign_in(client, "membre-notice@example.org", "contributeur", [ORGANISATION])
    try:
        page = client.get("/id/cas-usage/amp-callbot-encombrants/notice")
    finally:
        client.cookies.clear()
    links = [a.attrs["href"] for a in dom(page.text).first("section", class_="checklist").all("a")]
    fiche = "https%3A%2F%2Fw3id.org%2Fiacoll%2Fid%2Fcas-usage%2Famp-callbot-encombrants"
    assert links[0] == f"/publier/modifier?fiche={fiche}#bloc-impact_algorithme"
    assert len(links) == 9  # the callbot states its purpose and its algorithm's description


def test_pdf_has_the_four_legal_headings(client: TestClient, tmp_path: Path) -> None:
    response = anonymous(client).get("/id/cas-usage/lorient-celtic/notice.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    for heading in HEADINGS:
        assert heading in text
    assert "L311-3-1" in text and "CADA" in text and "CNIL" in text
    assert "Ce que la collectivité doit encore renseigner" not in text  # the page's, not the PDF's


def test_unknown_use_case_has_no_notice(client: TestClient) -> None:
    assert anonymous(client).get("/id/cas-usage/inconnu/notice").status_code == 404


def test_the_record_page_links_its_notice(client: TestClient) -> None:
    page = dom(anonymous(client).get("/id/cas-usage/lorient-celtic").text)
    link = page.first("p", class_="notice-link").first("a")
    assert link.attrs["href"] == "/id/cas-usage/lorient-celtic/notice"

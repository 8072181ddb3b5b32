"""The pages a French public website has: « Publier un projet », « À propos », « Contact »,
« Mentions légales », « Accessibilité » — in French and English, linked from every footer,
listed in the sitemap, with the operator's values from the settings and never made up."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from iacoll.model.fields import FIELDS
from iacoll.namespaces import DCT
from iacoll.pages.site import Site
from iacoll.web import info_pages
from tests.conftest import REPO
from tests.crawl import problems
from tests.html import Element, dom

PAGES = ("/publier", "/a-propos", "/contact", "/mentions-legales", "/accessibilite")

# (path, language, title, sentences the page must show)
EXPECTED = [
    (
        "/publier",
        "fr",
        "Publier un projet",
        [
            "Qui peut publier ?",
            "Chaque compte est rattaché à une ou plusieurs organisations, reconnues par leur "
            "numéro SIREN : un contributeur ne modifie que les fiches de ses organisations.",
            "connexion par ProConnect",
            "Par l'API JSON, avec un jeton d'accès personnel",
            "Par un fichier CSV ou XLSX au format de la Bibliothèque d'IA territoriales",
            "« La contribution fera l'objet d'une validation avant publication. »",
        ],
    ),
    (
        "/publier",
        "en",
        "Publish a project",
        [
            "Who can publish?",
            "identified by their SIREN number",
            "Through the JSON API, with a personal access token",
            "(each contribution is checked before it is published)",
        ],
    ),
    (
        "/a-propos",
        "fr",
        "À propos",
        [
            "Le modèle de données est celui de la Bibliothèque d'IA territoriales",
            "Localtis Mag #15",
            "Les données publiques du catalogue sont diffusées sous la Licence Ouverte Etalab 2.0",
            "sous licence publique de l'Union européenne (EUPL 1.2)",
        ],
    ),
    (
        "/a-propos",
        "en",
        "About",
        ["The public data of the catalogue is published under the Etalab Open Licence 2.0"],
    ),
    (
        "/contact",
        "fr",
        "Contact",
        [
            "Le site n'a pas encore d'adresse de contact. En attendant :",
            "pour une erreur dans une fiche, suivez le lien « Signaler une erreur »",
        ],
    ),
    ("/contact", "en", "Contact", ["The site has no contact address yet."]),
    (
        "/mentions-legales",
        "fr",
        "Mentions légales",
        [
            "Éditeur",
            "Directeur de la publication",
            "Hébergeur",
            "Données personnelles",
            "Signalements d'erreur : le message et, si vous la donnez, votre adresse "
            "électronique, vue des seuls modérateurs pour vous répondre.",
            "Le site dépose un seul cookie de session (iacoll_session), strictement nécessaire",
        ],
    ),
    (
        "/mentions-legales",
        "en",
        "Legal notice",
        ["Publication director", "to be completed by the operator", "a single session cookie"],
    ),
    (
        "/accessibilite",
        "fr",
        "Accessibilité",
        [
            "Accessibilité : non conforme",
            "il n'existe aucun résultat d'audit en cours de validité permettant de mesurer le "
            "respect des critères",
            "En l'absence d'audit de conformité, il n'y a pas de résultats de tests.",
            "vous pouvez saisir le Défenseur des droits",
            "Défenseur des droits Libre réponse 71120 75342 Paris CEDEX 07",
        ],
    ),
    (
        "/accessibilite",
        "en",
        "Accessibility",
        ["Accessibility: not compliant", "Means of redress", "Défenseur des droits"],
    ),
]


@pytest.fixture(scope="module")
def client(seed_app: FastAPI) -> TestClient:
    """A client of the app (no lifespan: the pages need no SPARQL worker)."""
    return TestClient(seed_app)


def operator_client(client: TestClient, **values: str) -> TestClient:
    """The information pages of the app of ``client`` with the operator's settings ``values``
    (building a whole second app reads the store again)."""
    site: Site = client.app.state.site  # type: ignore[attr-defined]
    operated = Site(replace(site.settings, **values), site.store)
    app = FastAPI()
    app.include_router(info_pages.router(operated, client.app.state.pages))  # type: ignore[attr-defined]
    return TestClient(app)


def page(client: TestClient, path: str, lang: str = "fr") -> Element:
    response = client.get(path, params={"lang": lang}, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return dom(response.text)


def main_text(html: Element) -> str:
    return html.first("main").text


@pytest.mark.parametrize(("path", "lang", "title", "sentences"), EXPECTED)
def test_page_renders_with_its_content(
    client: TestClient, path: str, lang: str, title: str, sentences: list[str]
) -> None:
    html = page(client, path, lang)
    assert html.first("html").attrs["lang"] == lang
    assert html.one("h1").text == title
    assert html.first("title").text == f"{title} — iacoll"
    text = main_text(html)
    for sentence in sentences:
        assert sentence in text


@pytest.mark.parametrize("path", ["/", "/id/cas-usage/dinum-albert", *PAGES])
def test_footer_links_every_page(client: TestClient, path: str) -> None:
    footer = page(client, path).first("footer")
    links = footer.links()
    assert links == {
        "/publier": "Publier un projet",
        "/a-propos": "À propos",
        "/contact": "Contact",
        "/mentions-legales": "Mentions légales",
        "/accessibilite": "Accessibilité : non conforme",
    }
    english = page(client, path, "en").first("footer").links()
    assert english["/a-propos"] == "About"
    assert english["/accessibilite"] == "Accessibility: not compliant"


def test_publish_page_lists_public_and_restricted_fields(client: TestClient) -> None:
    html = page(client, "/publier")
    public = [li.text for li in html.one("section", aria_labelledby="champs-publics").all("li")]
    restricted = [
        li.text for li in html.one("section", aria_labelledby="champs-restreints").all("li")
    ]
    assert public == [f.label_fr for f in FIELDS if f.access == "public"]
    assert restricted == [f"{f.label_fr} (non publique)" for f in FIELDS if f.access == "restreint"]
    assert "Porteur" in public and "Budget annuel (non publique)" in restricted
    assert html.one("h3", id="champs-restreints").text == f"Champs non publics ({len(restricted)})"
    links = html.links()
    assert links["/connexion"] == "Se connecter"
    assert links["/publier/nouveau"] == "Ouvrir le formulaire"
    assert links["/api"] == "Documentation de l'API"


def test_publish_page_quotes_the_seed_verbatim(client: TestClient, shared: Path) -> None:
    """Each quotation on the page is the upstream form's text, word for word."""
    html = page(client, "/publier")
    quotes = [s.text.strip("« »\u00a0") for s in html.all("span", class_="quote")]
    assert quotes == [
        "aux agents de documenter et qualifier eux-mêmes leurs cas d'usages d'IA",
        'tous les champs, à l\'exception de ceux marqués comme "(non publique)", seront '
        "accessibles publiquement",
        "La contribution fera l'objet d'une validation avant publication.",
    ]
    seeds = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in (shared / "seeds").glob("*.txt")
    )
    for quote in quotes:
        assert quote in seeds
    sources = html.one("p", class_="info-sources").links()
    assert set(sources) == {
        "/id/document/bibliotheque-ia-territoriales-2025",
        "/id/document/webinaire-ia-durable-territoires-2025",
    }


def test_about_page_states_the_licence_the_catalogue_declares(client: TestClient) -> None:
    catalogue = Graph().parse(REPO / "data" / "catalogue.ttl")
    licences = set(catalogue.objects(URIRef("https://w3id.org/iacoll/id/catalogue"), DCT.license))
    etalab = URIRef("http://publications.europa.eu/resource/authority/licence/ETALAB_2_0")
    assert licences == {etalab}
    html = page(client, "/a-propos")
    assert html.links()["https://www.etalab.gouv.fr/licence-ouverte-open-licence/"] == (
        "Licence Ouverte Etalab 2.0"
    )
    assert "L'adresse du dépôt n'a pas encore été renseignée par l'exploitant du site." in (
        main_text(html)
    )


def test_operator_values_come_from_the_settings(client: TestClient) -> None:
    client = operator_client(
        client,
        contact_email="moderation@example.org",
        publisher_name="Syndicat mixte exemple",
        publisher_address="1 rue de l'Exemple, 00000 Exempleville",
        publication_director="Le directeur général des services",
        host_name="Hébergeur exemple",
        host_address="2 avenue de l'Hébergement, 00000 Exempleville",
        source_url="https://forge.example.org/iacoll",
    )
    legal = page(client, "/mentions-legales")
    assert "à compléter" not in main_text(legal)
    editor = legal.one("section", aria_labelledby="editeur")
    assert editor.field("Nom").text == "Syndicat mixte exemple"
    assert editor.field("Adresse").text == "1 rue de l'Exemple, 00000 Exempleville"
    assert editor.field("Contact").links() == {
        "mailto:moderation@example.org": "moderation@example.org"
    }
    director = legal.one("section", aria_labelledby="direction")
    assert director.first("p").text == "Le directeur général des services"
    host = legal.one("section", aria_labelledby="hebergeur")
    assert host.field("Nom").text == "Hébergeur exemple"
    contact = page(client, "/contact")
    assert contact.first("main").links()["mailto:moderation@example.org"] == (
        "moderation@example.org"
    )
    assert "pas encore d'adresse de contact" not in main_text(contact)
    about = page(client, "/a-propos")
    assert about.links()["https://forge.example.org/iacoll"] == "https://forge.example.org/iacoll"
    a11y = page(client, "/accessibilite")
    assert "mailto:moderation@example.org" in a11y.first("main").links()


def test_unset_operator_values_are_never_made_up(client: TestClient) -> None:
    legal = page(client, "/mentions-legales")
    unset = [e.text for e in legal.all("em", class_="unset")]
    assert unset == ["à compléter par l'exploitant"] * 6
    assert not any(href.startswith("mailto:") for href in legal.links())
    assert not any(href.startswith("mailto:") for href in page(client, "/contact").links())
    english = page(client, "/mentions-legales", "en")
    assert [e.text for e in english.all("em", class_="unset")] == [
        "to be completed by the operator"
    ] * 6


def test_accessibility_statement_gives_the_means_of_redress(client: TestClient) -> None:
    links = page(client, "/accessibilite").first("main").links()
    assert links["https://formulaire.defenseurdesdroits.fr/"] == (
        "écrire un message au Défenseur des droits (formulaire en ligne)"
    )
    assert links["https://www.defenseurdesdroits.fr/saisir/delegues"] == (
        "contacter le délégué du Défenseur des droits dans votre région"
    )
    assert links["/contact"] == "Contact"


@pytest.mark.parametrize("path", PAGES)
def test_pages_pass_the_crawl_oracles(client: TestClient, path: str) -> None:
    """No raw IRI, no seed file name or line number, no English on the French page."""
    from iacoll.pages.i18n import MESSAGES
    from tests.crawl import Oracles

    oracles = Oracles.build(MESSAGES, [], [])
    assert problems(page(client, path), True, oracles) == []
    assert problems(page(client, path, "en"), False, None) == []


def test_sitemap_lists_the_pages(client: TestClient) -> None:
    sitemap = client.get("/sitemap.xml").text
    for path in PAGES:
        assert f"<loc>https://w3id.org/iacoll{path}</loc>" in sitemap

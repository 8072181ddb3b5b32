"""Sharing: OpenGraph and Twitter-card metadata and a canonical link on every page, a sitemap
of every page and minted resource, ``robots.txt``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from iacoll.app import create_app
from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages import sharing
from iacoll.settings import Settings
from tests.html import Element, dom

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SICOVAL = "/id/cas-usage/sicoval-fuites-eau"


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as test_client:
        yield test_client


def meta(html: Element, key: str) -> str:
    """The content of ``<meta property=key>`` or ``<meta name=key>`` (exactly one)."""
    found = [*html.all("meta", property=key), *html.all("meta", name=key)]
    assert len(found) == 1, (key, len(found))
    return found[0].attrs["content"]


def head(client: TestClient, url: str) -> Element:
    """The ``<head>`` of the page at ``url`` (language from the URL only, no cookie)."""
    client.cookies.clear()
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, url
    return dom(response.text).one("head")


def test_a_record_page_shares_its_title_description_and_address(client: TestClient) -> None:
    page = head(client, SICOVAL + ".html?lang=fr")
    title = "Détection des fuites d'eau par IA — Sicoval"
    assert meta(page, "og:title") == meta(page, "twitter:title") == title
    description = meta(page, "og:description")
    assert description.startswith("Dans ce contexte de recherche de fuites")
    assert len(description) <= sharing.DESCRIPTION_LENGTH + 1 and description.endswith("…")
    assert meta(page, "description") == meta(page, "twitter:description") == description
    address = DEFAULT_BASE + SICOVAL.lstrip("/")  # no .html, no ?lang=
    assert page.one("link", rel="canonical").attrs["href"] == meta(page, "og:url") == address
    assert meta(page, "og:type") == "website" and meta(page, "og:site_name") == "iacoll"
    assert meta(page, "og:locale") == "fr_FR" and meta(page, "og:locale:alternate") == "en_GB"
    assert meta(page, "twitter:card") == "summary"
    english = head(client, SICOVAL + "?lang=en")
    assert meta(english, "og:locale") == "en_GB"


@pytest.mark.parametrize(
    ("url", "canonical", "title", "description"),
    [
        ("/", "", "iacoll — ", "Catalogue en données ouvertes liées"),
        (
            "/catalogue?page=2&lang=fr",
            "catalogue?page=2",
            "Catalogue DCAT-AP — page 2",
            "Catalogue",
        ),
        ("/download/", "download/", "Téléchargements", "Toutes les données publiques"),
        ("/sparql", "sparql", "Interroger le catalogue en SPARQL", "Point d'accès SPARQL"),
        ("/vocab", "vocab", "Vocabulaires contrôlés d'iacoll", "Les listes de valeurs"),
        ("/vocab/theme", "vocab/theme", "Thèmes de politique publique", "Grande politique"),
        ("/def", "def", "Ontologie iacoll", "Classes et propriétés"),
        ("/recherche?q=eau&format=html", "recherche?q=eau", "Rechercher", ""),
    ],
)
def test_every_kind_of_page_has_its_sharing_metadata(
    client: TestClient, url: str, canonical: str, title: str, description: str
) -> None:
    page = head(client, url)
    assert page.one("link", rel="canonical").attrs["href"] == DEFAULT_BASE + canonical
    assert meta(page, "og:title").startswith(title)
    assert " — iacoll" not in meta(page, "og:title")
    assert meta(page, "og:description").startswith(description)
    assert meta(page, "og:description")  # never empty: the tagline at least


def test_sitemap_lists_every_page_and_minted_resource(client: TestClient) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == SITEMAP + "urlset"
    urls = [u.findtext(SITEMAP + "loc") for u in root.iter(SITEMAP + "url")]
    stamps = {u.findtext(SITEMAP + "lastmod") for u in root.iter(SITEMAP + "url")}
    # What the public dump describes under the base, one page per IRI (fragments dropped).
    dump = Graph().parse(data=client.get("/download/iacoll.nt").content, format="nt")
    minted = {
        str(s).split("#", 1)[0]
        for s in dump.subjects()
        if isinstance(s, URIRef) and str(s).startswith(DEFAULT_BASE)
    }
    pages = {DEFAULT_BASE + p.lstrip("/") for p in sharing.PAGES}
    assert len(urls) == len(set(urls)) == len(pages | minted) < sharing.SITEMAP_LIMIT
    assert set(urls) == pages | minted
    assert DEFAULT_BASE + SICOVAL.lstrip("/") in urls and DEFAULT_BASE + "vocab" in urls
    assert len(minted) > 400
    site = client.app.state.site  # type: ignore[attr-defined]
    assert stamps == {site.last_modified.strftime("%Y-%m-%dT%H:%M:%SZ")}  # the store's build
    for url in sorted(urls)[::25]:  # a sample of the pages answers (test_dereference: all)
        path = "/" + url[len(DEFAULT_BASE) :]
        assert client.get(path, headers={"Accept": "text/html"}).status_code == 200, path
    etag = response.headers["etag"]
    assert client.get("/sitemap.xml", headers={"If-None-Match": etag}).status_code == 304


def test_robots_allows_pages_and_points_to_the_sitemap(client: TestClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = [line for line in response.text.splitlines() if line and not line.startswith("#")]
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /sparql?",
        "Disallow: /recherche?",
        f"Sitemap: {DEFAULT_BASE}sitemap.xml",
    ]

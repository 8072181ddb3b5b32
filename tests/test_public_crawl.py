"""A crawl of every public page: no raw IRI, no seed file name, no line number, and no
English on a French page (the oracles are :mod:`tests.crawl`'s).

The crawl starts from the home page, the listing pages and every minted resource (the IRIs of
the public source files and of the generated catalogue) and follows every internal link, in
French and in English (the language-independent checks).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal

from iacoll import sources, store
from iacoll.app import create_app
from iacoll.pages.i18n import MESSAGES
from iacoll.pages.view import split_suffix
from iacoll.settings import Settings
from tests.crawl import Crawl, Oracles, crawl, dom, problems
from tests.test_dereference import PUBLIC_SOURCES, is_other_router, minted, path_of

LISTINGS = (
    "/",
    "/recherche",
    "/carte",
    "/statistiques",
    "/sparql",
    "/catalogue",
    "/download/",
    "/def",
    "/shapes",
    "/vocab/",
    "/id/organisation/",
)


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def starts(seed_settings: Settings) -> list[str]:
    """The listing pages and the path of every minted resource."""
    graph = sources.read_all(list(sources.rdf_files(PUBLIC_SOURCES)))
    graph += store.content(next(g for g in store.GRAPHS if g.key == "catalogue"), seed_settings)
    paths = {path_of(str(iri)) for iri in minted(graph)}
    resources = sorted(p for p in paths if not is_other_router(p) and split_suffix(p)[1] is None)
    return [*LISTINGS, *resources]


@pytest.fixture(scope="module")
def oracles(seed_settings: Settings) -> Oracles:
    """English strings: the interface's and the store's ``@en`` literals."""
    graph = sources.read_all(list(sources.rdf_files(PUBLIC_SOURCES)))
    literals = [o for o in graph.objects() if isinstance(o, Literal)]
    english = (str(o) for o in literals if o.language == "en")
    french = (str(o) for o in literals if o.language in ("fr", None))
    return Oracles.build(MESSAGES, english, french)


@pytest.fixture(scope="module")
def french_crawl(client: TestClient, starts: list[str], oracles: Oracles) -> Crawl:
    return crawl(client, starts, None, oracles)


def test_the_crawl_reaches_every_page(french_crawl: Crawl, starts: list[str]) -> None:
    reached = set(french_crawl.pages)
    assert {s for s in starts if s != "/vocab/"} <= reached | {"/vocab/"}
    assert len(reached) > 400  # 418 with the seed: the fiche datasets of old are gone


def test_french_pages_are_clean(french_crawl: Crawl) -> None:
    assert not any(french_crawl.pages.values()), french_crawl.report()


def test_english_pages_are_clean(client: TestClient, starts: list[str], oracles: Oracles) -> None:
    english = crawl(client, starts, "en", oracles)
    assert len(english.pages) > 400
    assert not any(english.pages.values()), english.report()


def test_the_oracles_can_fail(oracles: Oracles) -> None:
    """The findings of the issue, as the pages printed them, are caught."""
    page = dom(
        '<html lang="fr"><head><title>x</title></head><body>'
        "<p>IRI https://w3id.org/iacoll/id/cas-usage/x</p>"
        "<p>Fichier source 001_48550992bcc9d727.txt, lignes 516-605</p>"
        "<p><code>seeds/003_c0a67556ff48aa69.txt:614</code></p>"
        "<h2>Other formats</h2><p>Ecological and energy transition</p>"
        '<p lang="en">Ecological and energy transition</p>'
        "<pre>https://w3id.org/iacoll/def</pre>"
        '<a href="https://a.fr/" title="https://a.fr/">site</a>'
        "</body></html>"
    )
    found = problems(page, True, oracles)
    assert sorted(found) == [
        ("English", "Ecological and energy transition"),
        ("English", "Other formats"),
        ("line numbers", "lignes 516"),
        ("raw IRI", "https://a.fr/"),
        ("raw IRI", "https://w3id.org/iacoll/id/cas-usage/x"),
        ("seed file name", "001_48550992bcc9d727.txt"),
        ("seed file name", "003_c0a67556ff48aa69.txt"),
    ]
    clean = dom(
        '<html lang="fr"><body><p>Source : <a href="https://a.fr/">Localtis Mag #15</a></p>'
        "<p>Permalien : <code>https://w3id.org/iacoll/id/cas-usage/x</code></p>"
        '<p lang="en">Other formats</p><p>Transition écologique, 10:30, Sicoval</p>'
        '<script type="application/ld+json">{"f": "001_48550992bcc9d727.txt"}</script>'
        "</body></html>"
    )
    assert problems(clean, True, oracles) == []

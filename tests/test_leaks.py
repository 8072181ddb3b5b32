"""The leak test: restricted values and unpublished revisions never reach a public route.

A record is published through the write path with unique restricted values (a contact email,
a funding text, an algorithm name, all carrying ``fuite-7f3a``); a second record is submitted
and never published, and a new revision of the first is submitted and left waiting (both
carrying their own unique marks). Then every public route is read: a crawl of every page from
the listings and the sitemap, each minted resource in Turtle and JSON-LD too, the search and its
exports, the downloads (ZIP members and gzip bodies unpacked), the DCAT catalogue and its pages,
the VoID and service descriptions, error pages (the record's restricted graph IRI), and every
SPARQL form against the public endpoint: default graph, ``GRAPH ?g``, ``FROM`` and ``FROM NAMED``
the restricted graphs, ``default-graph-uri`` and ``named-graph-uri``, ``DESCRIBE`` of the
record and its system, ``CONSTRUCT``. No mark may appear anywhere. A signed-in member does see
the restricted values, on the record page and through ``/sparql/membres``.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from iacoll.app import create_app
from iacoll.publishing.log import State
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.crawl import local
from tests.html import dom
from tests.moderation_support import (
    contributor,
    log_writer,
    moderator,
    seed_copy,
    sign_in,
)
from tests.test_public_crawl import LISTINGS

SLUG = "essai-champs-reserves"
TITLE = "Essai des champs réservés aux membres"
EMAIL = "fuite-7f3a@example.org"
FUNDING = "FUITE-7F3A : financement interne"
ALGORITHM = "Algorithme FUITE-7F3A"
PUBLISHED_MARK = "fuite-7f3a"  # in every restricted value of the published record
UNPUBLISHED_SLUG = "essai-soumis-jamais-publie"
UNPUBLISHED_MARK = "soumis-9b1e"  # the title of a record submitted, never published
PENDING_MARK = "soumis-5d2c"  # the title of a submitted revision of the published record
MARKS = (PUBLISHED_MARK, UNPUBLISHED_MARK, PENDING_MARK)
CASE_PATH = f"/id/cas-usage/{SLUG}"
SYSTEM_PATH = f"/id/systeme/{SLUG}"
AUTHOR, MODERATOR, MEMBER = 301, 302, 303
RDF_ACCEPTS = ("text/turtle", "application/ld+json")


@dataclass
class Findings:
    """Every URL read (with its status) and the marks found in each body."""

    read: dict[str, int] = field(default_factory=dict)
    leaks: list[tuple[str, str]] = field(default_factory=list)

    def check(self, url: str, status: int, body: bytes) -> None:
        self.read[url] = status
        text = readable(body).lower()
        self.leaks += [(url, mark) for mark in MARKS if mark in text]


def readable(body: bytes) -> str:
    """The text of a body: ZIP members (XLSX) and gzip unpacked."""
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(readable(archive.read(name)) for name in archive.namelist())
    if body.startswith(b"\x1f\x8b"):
        return readable(gzip.decompress(body))
    return body.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def settings(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store where the leak record is published and the other two wait in moderation."""
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("leaks"))
    writer = log_writer(settings)
    author = contributor(AUTHOR)
    record = seed_copy(SLUG, TITLE, email=EMAIL, funding=FUNDING, algorithm=ALGORITHM)
    saved = writer.save(record, author=author, state=State.SOUMIS)
    writer.transition(saved.revision_id, State.PUBLIE, author=moderator(MODERATOR))
    waiting = seed_copy(UNPUBLISHED_SLUG, f"Fiche {UNPUBLISHED_MARK.upper()}")
    writer.save(waiting, author=author, state=State.SOUMIS)
    pending = seed_copy(SLUG, f"Titre {PENDING_MARK.upper()}", email=EMAIL, funding=FUNDING)
    writer.save(pending, author=author, state=State.SOUMIS, base_number=saved.number)
    writer.db.close()
    return settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def links_of(html: str) -> Iterator[str]:
    for a in dom(html).all("a"):
        path = local(a.attrs.get("href", ""), None)
        if path is not None:
            yield path


def sitemap_paths(client: TestClient, base: str) -> list[str]:
    text = client.get("/sitemap.xml").text
    return ["/" + loc.removeprefix(base) for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


@pytest.fixture(scope="module")
def public_crawl(client: TestClient, settings: Settings) -> Findings:
    """Every page reached from the listings, the sitemap and the record; minted resources in
    RDF too; every download."""
    findings = Findings()
    pages = [f"/catalogue?page={n}" for n in range(1, 10)]
    starts = [*LISTINGS, *pages, CASE_PATH, SYSTEM_PATH, *sitemap_paths(client, settings.base_iri)]
    queue = list(dict.fromkeys(starts))
    queued = set(queue)
    client.cookies.clear()
    while queue:
        url = queue.pop()
        response = client.get(url, headers={"accept": "text/html"})
        findings.check(url, response.status_code, response.content)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if url.startswith(("/id/", "/graph/", "/catalogue", "/vocab/", "/def", "/shapes")):
            for accept in RDF_ACCEPTS:
                rdf = client.get(url, headers={"accept": accept})
                findings.check(f"{url} [{accept}]", rdf.status_code, rdf.content)
        for target in links_of(response.text):
            if target not in queued:
                queued.add(target)
                queue.append(target)
    return findings


def test_the_crawl_reads_the_published_record_and_finds_no_mark(
    public_crawl: Findings, client: TestClient
) -> None:
    assert public_crawl.read[CASE_PATH] == 200
    assert TITLE in client.get(CASE_PATH, headers={"accept": "text/html"}).text
    downloads = [u for u in public_crawl.read if u.startswith("/download/") and u != "/download/"]
    assert len(downloads) >= 6 and all(public_crawl.read[u] == 200 for u in downloads)
    assert any(TITLE in readable(client.get(u).content) for u in downloads)
    assert len(public_crawl.read) > 800
    assert public_crawl.leaks == []


def test_unpublished_revisions_are_absent(public_crawl: Findings, client: TestClient) -> None:
    assert f"/id/cas-usage/{UNPUBLISHED_SLUG}" not in public_crawl.read
    page = client.get(f"/id/cas-usage/{UNPUBLISHED_SLUG}", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert UNPUBLISHED_MARK not in page.text.lower()
    assert "Titre SOUMIS-5D2C" not in client.get(CASE_PATH, headers={"accept": "text/html"}).text


@pytest.mark.parametrize(
    "url",
    [
        "/recherche?q=fuite-7f3a",
        "/recherche?q=FUITE-7F3A",
        "/recherche?q=7f3a",
        "/recherche?q=soumis-9b1e",
        "/recherche?q=soumis-5d2c",
    ],
)
def test_search_matches_no_restricted_or_unpublished_text(client: TestClient, url: str) -> None:
    client.cookies.clear()
    for fmt in ("html", "json", "csv"):
        answer = client.get(url + f"&format={fmt}" if fmt != "html" else url)
        assert answer.status_code == 200
        assert SLUG not in answer.text and UNPUBLISHED_SLUG not in answer.text


def test_search_finds_the_published_record_by_its_public_title(client: TestClient) -> None:
    answer = client.get("/recherche.json", params={"q": "Essai des champs réservés"})
    assert SLUG in answer.text
    assert not any(mark in answer.text.lower() for mark in MARKS)


def test_error_pages_and_other_routes(client: TestClient, settings: Settings) -> None:
    base = settings.base_iri
    client.cookies.clear()
    for path in (
        f"/graph/restreint/cas-usage/{SLUG}",
        "/graph/restreint",
        f"/id/cas-usage/{UNPUBLISHED_SLUG}",
        f"{CASE_PATH}/inexistant",
    ):
        for accept in ("text/html", "application/json", "text/turtle"):
            answer = client.get(path, headers={"accept": accept})
            assert answer.status_code == 404, (path, accept)
            assert not any(mark in answer.text.lower() for mark in MARKS)
    for path in ("/robots.txt", "/sitemap.xml", "/.well-known/void", "/sparql", "/openapi.json"):
        for accept in ("text/html", "text/turtle", "application/json"):
            answer = client.get(path, headers={"accept": accept})
            assert not any(mark in answer.text.lower() for mark in MARKS), (path, accept)
    assert f"{base}id/cas-usage/{SLUG}" in client.get("/sitemap.xml").text


def sparql_forms(base: str) -> list[tuple[str, dict[str, str | list[str]]]]:
    """``(label, parameters)`` of every query form tried against the public endpoint."""
    case, system = f"<{base}id/cas-usage/{SLUG}>", f"<{base}id/systeme/{SLUG}>"
    restricted = [
        f"{base}graph/restreint/cas-usage/{SLUG}",
        f"{base}graph/restreint",
        f"{base}graph/restreint/cas-usage/{UNPUBLISHED_SLUG}",
    ]
    marked = 'FILTER(CONTAINS(LCASE(STR(?o)), "fuite-7f3a") || CONTAINS(LCASE(STR(?o)), "soumis-"))'
    forms: list[tuple[str, dict[str, str | list[str]]]] = [
        ("default graph", {"query": f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o {marked} }}"}),
        ("GRAPH ?g", {"query": f"SELECT ?g ?s ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o {marked} }} }}"}),
        ("ASK", {"query": f"ASK {{ ?s ?p ?o {marked} }}"}),
        ("CONSTRUCT", {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o {marked} }}"}),
        (
            "CONSTRUCT record",
            {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {case} ?q ?s . ?s ?p ?o }}"},
        ),
        ("DESCRIBE record", {"query": f"DESCRIBE {case}"}),
        ("DESCRIBE system", {"query": f"DESCRIBE {system}"}),
        ("DESCRIBE both", {"query": f"DESCRIBE {case} {system}"}),
        (
            "record triples",
            {"query": f"SELECT * WHERE {{ {{ {case} ?p ?o }} UNION {{ {system} ?p ?o }} }}"},
        ),
    ]
    for graph in restricted:
        forms += [
            (f"FROM {graph}", {"query": f"SELECT * FROM <{graph}> WHERE {{ ?s ?p ?o }}"}),
            (
                f"FROM NAMED {graph}",
                {"query": f"SELECT * FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
            ),
            (f"GRAPH <{graph}>", {"query": f"SELECT * WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}),
            (
                f"default-graph-uri {graph}",
                {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": graph},
            ),
            (
                f"named-graph-uri {graph}",
                {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": graph},
            ),
            (f"DESCRIBE {graph}", {"query": f"DESCRIBE <{graph}>"}),
        ]
    return forms


def test_no_sparql_form_returns_a_mark(client: TestClient, settings: Settings) -> None:
    client.cookies.clear()
    answered = 0
    for label, params in sparql_forms(settings.base_iri):
        for method in ("GET", "POST"):
            for accept in ("application/sparql-results+json", "text/turtle", "text/html"):
                if method == "GET":
                    answer = client.get("/sparql", params=params, headers={"accept": accept})
                else:
                    answer = client.post("/sparql", data=params, headers={"accept": accept})
                if accept == "text/html" and any(m in str(params).lower() for m in MARKS):
                    continue  # the HTML answer is the editor, showing the query that names a mark
                assert not any(m in answer.text.lower() for m in MARKS), (label, method, accept)
                answered += answer.status_code == 200
    assert answered > 50
    describe = client.get(
        "/sparql",
        params={"query": f"DESCRIBE <{settings.base_iri}id/cas-usage/{SLUG}>"},
        headers={"accept": "text/turtle"},
    )
    assert TITLE in describe.text  # the record is there, its restricted part is not


def test_a_member_sees_the_restricted_values(client: TestClient, settings: Settings) -> None:
    client.cookies.clear()
    sign_in(client, "membre@example.org", "contributeur", [])
    page = client.get(CASE_PATH, headers={"accept": "text/html"})
    section = dom(page.text).one("section", class_="members-only")
    assert EMAIL in section.text and FUNDING in section.text and ALGORITHM in section.text
    assert PENDING_MARK not in page.text.lower()  # members see publications, not submissions
    query = f"""SELECT ?o WHERE {{ ?s ?p ?o
      FILTER(CONTAINS(LCASE(STR(?o)), "{PUBLISHED_MARK}")) }} ORDER BY ?o"""
    answer = client.post(
        "/sparql/membres", data={"query": query}, headers={"accept": "application/json"}
    )
    assert answer.status_code == 200, answer.text
    values = [row["o"]["value"] for row in json.loads(answer.text)["results"]["bindings"]]
    assert sorted(values) == sorted([ALGORITHM, FUNDING, f"mailto:{EMAIL}"])

"""Content negotiation of the resource pages, driven by the format registry.

Every HTML and RDF format of ``conneg.FORMATS`` × every kind of resource × the ``Accept``
headers real clients send (a browser, curl, none, each media type and alias, q-weighted
lists), then the suffix and ``?format=`` overrides: the chosen ``Content-Type``, ``Vary``,
``Content-Location`` and ``Link`` headers are checked, the RDF bodies are compared as graphs
across formats (HTML through its embedded JSON-LD), and revalidation answers 304.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from iacoll import conneg
from iacoll.app import create_app
from iacoll.settings import Settings

FORMATS = conneg.of_kind("html", "rdf")
RDF_FORMATS = conneg.of_kind("rdf")
HTML = conneg.BY_KEY["html"]

# One resource of every kind the site mints.
RESOURCES = {
    "use case": "/id/cas-usage/sicoval-fuites-eau",
    "initiative": "/id/initiative/sicoval-strategie-numerique-responsable",
    "AI system": "/id/systeme/sicoval-fuites-eau",
    "organisation": "/id/organisation/sicoval",
    "concept": "/vocab/theme/transition-ecologique",
    "scheme": "/vocab/theme",
    "ontology": "/def",
    "catalogue": "/id/catalogue",
    "document": "/id/document/bibliotheque-ia-territoriales-2025",
    "graph": "/graph/contexte",
    "vocabularies": "/vocab",
    "register dataset": "/id/jeu-de-donnees/registre",
    "distribution": "/id/distribution/csv",
}

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def accept_cases() -> list[tuple[str, str | None, conneg.Format]]:
    """(case name, Accept header, the format it must get), from the registry."""
    cases: list[tuple[str, str | None, conneg.Format]] = [
        ("browser", BROWSER, HTML),
        ("curl", "*/*", HTML),
        ("no Accept", None, HTML),
        ("q-weighted", "text/turtle;q=0.5, application/ld+json;q=0.9", conneg.BY_KEY["jsonld"]),
        (
            "q-weighted below html",
            "text/html;q=0.2, application/rdf+xml;q=0.3",
            conneg.BY_KEY["rdfxml"],
        ),
        ("q=0 refuses", "text/html;q=0, application/n-triples", conneg.BY_KEY["ntriples"]),
        # RFC 9110 §12.5.1: the most specific range sets a format's q; q=0 there refuses it
        # even when */* accepts everything else.
        ("q=0 beats */*", "text/html;q=0, */*;q=0.1", conneg.BY_KEY["turtle"]),
        ("specific below */*", "*/*, text/html;q=0.5", conneg.BY_KEY["turtle"]),
        ("q=nan is no qvalue", "text/html;q=nan, text/turtle;q=0.1", conneg.BY_KEY["turtle"]),
        ("q=2 is no qvalue", "text/html;q=2, text/turtle;q=0.1", conneg.BY_KEY["turtle"]),
        # A range matches the media type a format is served with, never an alias: no
        # application/* is HTML (application/xhtml+xml is only an alias of text/html).
        ("application/*", "application/*", conneg.BY_KEY["jsonld"]),
        ("text/*", "text/*", HTML),
        ("range below exact", "application/*;q=0.5, text/turtle", conneg.BY_KEY["turtle"]),
        # Generic XML is RDF/XML, which application/rdf+xml names first.
        ("xml and rdf+xml", "application/xml, application/rdf+xml", conneg.BY_KEY["rdfxml"]),
        ("xml below turtle", "application/xml;q=0.5, text/turtle", conneg.BY_KEY["turtle"]),
    ]
    for fmt in FORMATS:
        cases.append((f"exact {fmt.media_type}", fmt.media_type, fmt))
        taken = {f.media_type for f in FORMATS}
        for alias in fmt.aliases:
            if "/" in alias and alias not in taken:
                taken.add(alias)
                cases.append((f"alias {alias}", alias, fmt))
    return cases


def override_cases() -> list[tuple[str, str, conneg.Format]]:
    """(case name, URL suffix, the format it must get whatever the Accept header says)."""
    cases = []
    for fmt in FORMATS:
        cases.append((f"suffix {fmt.suffix}", fmt.suffix, fmt))
        cases.append((f"?format={fmt.key}", f"?format={fmt.key}", fmt))
        cases.append((f"?format={fmt.media_type}", f"?format={quote(fmt.media_type)}", fmt))
    return cases


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


def get(client: TestClient, url: str, accept: str | None = None, **headers: str) -> httpx.Response:
    client.cookies.clear()
    sent = {"accept": accept} if accept is not None else {}
    if accept is None:
        client.headers.pop("accept", None)
    response: httpx.Response = client.get(url, headers={**sent, **headers})
    return response


def check_representation(response: httpx.Response, path: str, fmt: conneg.Format) -> None:
    """The headers every representation of the resource at ``path`` carries."""
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == fmt.content_type
    assert "Accept" in [v.strip() for v in response.headers["vary"].split(",")]
    assert response.headers["content-location"] == path + fmt.suffix
    links = response.headers["link"]
    for other in FORMATS:
        assert f'<{path}{other.suffix}>; rel="alternate"; type="{other.media_type}"' in links
    assert response.headers["etag"]
    assert response.headers["last-modified"]


@pytest.mark.parametrize("path", RESOURCES.values(), ids=list(RESOURCES))
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [(header, fmt) for _, header, fmt in accept_cases()],
    ids=[name for name, _, _ in accept_cases()],
)
def test_accept_header_chooses_the_format(
    client: TestClient, path: str, accept: str | None, fmt: conneg.Format
) -> None:
    check_representation(get(client, path, accept), path, fmt)


@pytest.mark.parametrize("path", RESOURCES.values(), ids=list(RESOURCES))
@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(suffix, fmt) for _, suffix, fmt in override_cases()],
    ids=[name for name, _, _ in override_cases()],
)
def test_suffix_and_format_parameter_override_accept(
    client: TestClient, path: str, suffix: str, fmt: conneg.Format
) -> None:
    # The Accept header asks for something else: the explicit choice wins.
    accept = "text/turtle" if fmt.key != "turtle" else BROWSER
    check_representation(get(client, path + suffix, accept), path, fmt)


def parse(response: httpx.Response, fmt: conneg.Format) -> Graph:
    if fmt.kind == "html":
        return Graph().parse(data=embedded_jsonld(response.text), format="json-ld")
    return Graph().parse(data=response.content, format=fmt.rdflib)


def embedded_jsonld(html: str) -> str:
    found: list[str] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1, "the page embeds its JSON-LD once"
    json.loads(found[0])
    return found[0]


@pytest.mark.parametrize("path", RESOURCES.values(), ids=list(RESOURCES))
def test_every_format_is_the_same_graph(client: TestClient, path: str) -> None:
    reference = parse(get(client, path + ".ttl"), conneg.BY_KEY["turtle"])
    assert len(reference) > 0
    for fmt in FORMATS:
        graph = parse(get(client, path + fmt.suffix), fmt)
        assert isomorphic(graph, reference), f"{path}{fmt.suffix} differs from the Turtle"


@pytest.mark.parametrize("path", RESOURCES.values(), ids=list(RESOURCES))
def test_html_lists_its_alternates(client: TestClient, path: str) -> None:
    html = get(client, path).text
    for fmt in RDF_FORMATS:
        assert f'<link rel="alternate" type="{fmt.media_type}" href="{path}{fmt.suffix}"' in html
        assert f'<a href="{path}{fmt.suffix}" type="{fmt.media_type}">{fmt.label}</a>' in html


@pytest.mark.parametrize("path", RESOURCES.values(), ids=list(RESOURCES))
@pytest.mark.parametrize("fmt", FORMATS, ids=[f.key for f in FORMATS])
def test_revalidation_answers_304(client: TestClient, path: str, fmt: conneg.Format) -> None:
    url = path + fmt.suffix
    first = get(client, url)
    etag, stamp = first.headers["etag"], first.headers["last-modified"]
    assert get(client, url, **{"if-none-match": etag}).status_code == 304
    assert get(client, url, **{"if-none-match": "W/" + etag}).status_code == 304
    assert get(client, url, **{"if-none-match": '"something-else"'}).status_code == 200
    assert get(client, url, **{"if-modified-since": stamp}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(stamp) - timedelta(days=1), usegmt=True)
    assert get(client, url, **{"if-modified-since": earlier}).status_code == 200
    not_modified = get(client, url, **{"if-none-match": etag})
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert "Accept" in not_modified.headers["vary"]


def test_etag_differs_between_formats(client: TestClient) -> None:
    path = RESOURCES["use case"]
    tags = {get(client, path + fmt.suffix).headers["etag"] for fmt in FORMATS}
    assert len(tags) == len(FORMATS)


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_unknown_format_is_400_listing_the_choices(client: TestClient, accept: str) -> None:
    response = get(client, RESOURCES["use case"] + "?format=docx", accept)
    assert response.status_code == 400
    text = response.text if accept == "text/html" else response.json()["error"]
    for fmt in FORMATS:
        assert fmt.key in text
    if accept == "application/json":
        body = response.json()
        assert body["status"] == 400
        assert "docx" in body["detail"] and "Choices" in body["detail"]


def test_no_acceptable_format_is_406(client: TestClient) -> None:
    response = get(client, RESOURCES["use case"], "application/sparql-results+json")
    assert response.status_code == 406


def test_head_has_the_headers_and_no_body(client: TestClient) -> None:
    path = RESOURCES["organisation"]
    response = client.head(path, headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-location"] == path + ".ttl"
    assert response.content == b""

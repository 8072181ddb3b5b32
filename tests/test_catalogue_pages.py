"""``/catalogue``: Hydra paging, one harvestable dataset (the register) and every public record
listed with ``dcat:resource``, DCAT-AP 3.0.1 conformance of every page and of all pages merged
(the official split shapes are the oracle), conneg, the fiche datasets of earlier versions
redirected to their records."""

from __future__ import annotations

from collections.abc import Iterator
from math import ceil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from iacoll import conneg, sources
from iacoll import namespaces as ns
from iacoll.app import create_app
from iacoll.settings import Settings
from iacoll.store import build

SHARED = Path(__file__).resolve().parents[2] / "shared"
SPLIT = ("shapes", "range", "shapes_recommended", "mdr-vocabularies.shape", "deprecateduris")
TURTLE = {"Accept": "text/turtle"}
CATALOGUE = URIRef(ns.DEFAULT_BASE + "id/catalogue")
REGISTER = URIRef(ns.DEFAULT_BASE + "id/jeu-de-donnees/registre")
MEMBERS = (ns.DCAT.dataset, ns.DCAT_RESOURCE)


def members(page: Graph) -> set[URIRef]:
    """The datasets and records a page lists."""
    return {m for prop in MEMBERS for m in page.objects(CATALOGUE, prop)}  # type: ignore[misc]


def path_of(iri: URIRef) -> str:
    """The server path of a link minted under the (default) base IRI."""
    assert str(iri).startswith(ns.DEFAULT_BASE), iri
    return "/" + str(iri)[len(ns.DEFAULT_BASE) :]


def parse(response: object, fmt: conneg.Format) -> Graph:
    return Graph().parse(data=response.content, format=fmt.rdflib)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def pages(client: TestClient) -> list[Graph]:
    """Every page, fetched by following ``hydra:next`` from ``/catalogue``."""
    found, url = [], "/catalogue"
    while url:
        response = client.get(url, headers=TURTLE)
        assert response.status_code == 200, response.text
        graph = parse(response, conneg.BY_KEY["turtle"])
        found.append(graph)
        view = graph.value(None, ns.RDF.type, ns.HYDRA.PartialCollectionView)
        following = graph.value(view, ns.HYDRA.next)
        url = path_of(following) if following is not None else ""
        assert len(found) < 50, "hydra:next does not end"
    return found


@pytest.fixture(scope="module")
def merged(pages: list[Graph]) -> Graph:
    graph = Graph()
    for page in pages:
        graph += page
    return graph


def french(graph: Graph, node: object, prop: URIRef) -> str:
    """The ``@fr`` value of ``prop`` on ``node``."""
    values = [v for v in graph.objects(node, prop) if getattr(v, "language", None) == "fr"]  # type: ignore[arg-type]
    assert len(values) == 1, (node, prop, values)
    return str(values[0])


def record_iris() -> set[URIRef]:
    graph = Graph()
    for folder in ("cas-usage", "initiative"):
        for path in (sources.DATA_DIR / folder).glob("*.ttl"):
            graph.parse(path)
    return set(graph.subjects(ns.RDF.type, ns.IACOLL.Fiche))  # type: ignore[arg-type]


def test_hydra_paging_counts_every_member(pages: list[Graph], seed_settings: Settings) -> None:
    datasets = [members(page) for page in pages]
    total = sum(len(d) for d in datasets)
    assert total == len(set().union(*datasets)) == len(record_iris()) + 1
    size = seed_settings.catalogue_page_size
    assert len(pages) == ceil(total / size) > 1
    for number, page in enumerate(pages, start=1):
        view = page.value(None, ns.RDF.type, ns.HYDRA.PartialCollectionView)
        assert view == URIRef(f"{ns.DEFAULT_BASE}catalogue.ttl?page={number}")
        assert int(page.value(CATALOGUE, ns.HYDRA.totalItems)) == total  # type: ignore[arg-type]
        assert int(page.value(view, ns.HYDRA.totalItems)) == total  # type: ignore[arg-type]
        assert page.value(view, ns.HYDRA.first) == URIRef(f"{ns.DEFAULT_BASE}catalogue.ttl?page=1")
        assert page.value(view, ns.HYDRA.last) == URIRef(
            f"{ns.DEFAULT_BASE}catalogue.ttl?page={len(pages)}"
        )
        assert (page.value(view, ns.HYDRA.previous) is None) == (number == 1)
        assert (page.value(view, ns.HYDRA.next) is None) == (number == len(pages))
        assert (view, ns.RDF.type, ns.HYDRA.PagedCollection) in page  # legacy (CKAN) terms too
        assert len(datasets[number - 1]) == (size if number < len(pages) else total % size or size)
        assert set(page.objects(CATALOGUE, ns.HYDRA.member)) == datasets[number - 1]


def test_every_dataset_has_identifier_title_and_description(pages: list[Graph]) -> None:
    identifiers = []
    for page in pages:
        for dataset in page.objects(CATALOGUE, ns.DCAT.dataset):
            assert (dataset, ns.RDF.type, ns.DCAT.Dataset) in page
            identifiers.append(str(page.value(dataset, ns.DCT.identifier)))
            assert french(page, dataset, ns.DCT.title)
            assert page.value(dataset, ns.DCT.description) is not None, dataset
    assert "None" not in identifiers
    assert len(identifiers) == len(set(identifiers))


def test_one_dataset_and_every_record_as_a_resource(pages: list[Graph]) -> None:
    """data.gouv.fr creates one dataset per ``dcat:Dataset``: only the register is one, with
    all its distributions; each record is listed (``dcat:resource``) with its type, title and
    publisher, and is no dataset."""
    datasets = {d for page in pages for d in page.objects(CATALOGUE, ns.DCAT.dataset)}
    assert datasets == {REGISTER}
    assert all((None, ns.RDF.type, ns.DCAT.Dataset) not in page for page in pages[1:])
    formats = {
        str(pages[0].value(d, ns.DCT.format)).rsplit("/", 1)[1]
        for d in pages[0].objects(REGISTER, ns.DCAT.distribution)
    }
    assert formats == {
        "RDF_TURTLE",
        "RDF_N_TRIPLES",
        "JSON_LD",
        "RDF_XML",
        "CSV",
        "XLSX",
        "SPARQLQ",
    }
    listed = set()
    for page in pages:
        for record in page.objects(CATALOGUE, ns.DCAT_RESOURCE):
            listed.add(record)
            assert (record, ns.RDF.type, ns.IACOLL.Fiche) in page
            assert (record, ns.RDF.type, ns.DCAT.Dataset) not in page
            assert french(page, record, ns.DCT.title)
            publisher = page.value(record, ns.DCT.publisher)
            assert (publisher, ns.RDF.type, ns.FOAF.Agent) in page
            assert page.value(publisher, ns.FOAF.name) is not None
    assert listed == record_iris()


@pytest.fixture(scope="module")
def shape_graphs() -> dict[str, Graph]:
    folder = SHARED / "ext" / "dcat-ap" / "3.0.1" / "shacl-split"
    return {name: Graph().parse(folder / f"{name}.ttl") for name in SPLIT}


@pytest.fixture(scope="module")
def context() -> Graph:
    """The EU vocabulary subset and the project vocabularies (as in test_catalogue.py)."""
    graph = Graph().parse(SHARED / "ext" / "eu-vocabularies" / "eu-nal-subset.ttl")
    for vocabulary in sources.VOCABULARY_DIR.glob("*.ttl"):
        graph.parse(vocabulary)
    return graph


def violations(data: Graph, shapes: Graph) -> list[str]:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return [
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
        f"{report.value(r, SH.resultMessage)}"
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]


@pytest.mark.parametrize("name", SPLIT)
def test_each_page_and_all_pages_conform(
    name: str, pages: list[Graph], merged: Graph, shape_graphs: dict[str, Graph], context: Graph
) -> None:
    for label, graph in [*((f"page {n}", p) for n, p in enumerate(pages, 1)), ("all", merged)]:
        assert violations(graph + context, shape_graphs[name]) == [], label


@pytest.mark.parametrize("name", ("shapes", "range", "mdr-vocabularies.shape"))
def test_each_page_conforms_on_its_own(
    name: str, pages: list[Graph], shape_graphs: dict[str, Graph]
) -> None:
    """A page carries the types and labels the shapes need, without any vocabulary loaded."""
    for number, page in enumerate(pages, 1):
        assert violations(page, shape_graphs[name]) == [], f"page {number}"


@pytest.mark.parametrize("number", (1, 2))
@pytest.mark.parametrize("fmt", conneg.of_kind("rdf"), ids=lambda f: f.key)
def test_every_rdf_format_gives_the_same_graph(
    client: TestClient, pages: list[Graph], fmt: conneg.Format, number: int
) -> None:
    response = client.get(f"/catalogue?page={number}", headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.headers["content-type"] == fmt.content_type
    assert "Accept" in response.headers["vary"]
    assert response.headers["content-location"] == f"/catalogue{fmt.suffix}?page={number}"
    assert isomorphic(without_suffix(parse(response, fmt), fmt), without_suffix(pages[number - 1]))


def without_suffix(graph: Graph, fmt: conneg.Format = conneg.BY_KEY["turtle"]) -> Graph:
    """``graph`` with its page links written without the format suffix they keep."""
    moved = Graph()
    for s, p, o in graph:
        s, o = (
            URIRef(str(t).replace(f"catalogue{fmt.suffix}?", "catalogue?"))
            if isinstance(t, URIRef)
            else t
            for t in (s, o)
        )
        moved.add((s, p, o))
    return moved


@pytest.mark.parametrize(
    ("start", "accept", "key"),
    [
        ("/catalogue", "text/turtle", "turtle"),
        ("/catalogue", "application/rdf+xml", "rdfxml"),
        ("/catalogue.ttl", "*/*", "turtle"),
    ],
)
def test_page_links_keep_the_format_chosen(
    client: TestClient, start: str, accept: str, key: str
) -> None:
    """Whether ``Accept`` or the suffix chose RDF, following ``hydra:next`` with the same
    ``Accept`` (a Turtle-only client, a ``*/*`` harvester) reaches every page in that format."""
    fmt = conneg.BY_KEY[key]
    url, seen = start, 0
    while url:
        response = client.get(url, headers={"Accept": accept})
        assert response.headers["content-type"] == fmt.content_type, url
        graph = parse(response, fmt)
        seen += len(members(graph))
        view = graph.value(None, ns.RDF.type, ns.HYDRA.PartialCollectionView)
        following = graph.value(view, ns.HYDRA.next)
        if following is not None:
            assert f"catalogue{fmt.suffix}?page=" in following
        url = path_of(following) if following is not None else ""
    assert seen == len(record_iris()) + 1


def test_explicit_format_is_kept_in_the_links(client: TestClient) -> None:
    """A harvester asks for ``/catalogue.rdf`` once, then follows ``hydra:next`` with */*."""
    xml = conneg.BY_KEY["rdfxml"]
    graph = parse(client.get("/catalogue.rdf"), xml)
    view = graph.value(None, ns.RDF.type, ns.HYDRA.PartialCollectionView)
    assert view == URIRef(f"{ns.DEFAULT_BASE}catalogue.rdf?page=1")
    following = graph.value(view, ns.HYDRA.next)
    assert following == URIRef(f"{ns.DEFAULT_BASE}catalogue.rdf?page=2")
    response = client.get(path_of(following), headers={"Accept": "*/*"})
    assert response.headers["content-type"] == xml.content_type
    assert (CATALOGUE, ns.RDF.type, ns.DCAT.Catalog) in parse(response, xml)
    jsonld = client.get("/catalogue?page=2&format=jsonld")
    assert jsonld.headers["content-type"] == conneg.BY_KEY["jsonld"].content_type


def test_html_page_lists_its_datasets(client: TestClient, pages: list[Graph]) -> None:
    response = client.get("/catalogue?page=2", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    records = set(pages[1].objects(CATALOGUE, ns.DCAT_RESOURCE))
    assert len(records) == 20
    for record in records:
        assert french(pages[1], record, ns.DCT.title).replace("'", "&#39;") in html
        assert f'href="{path_of(record)}"' in html  # type: ignore[arg-type]
    assert 'rel="next"' in html and 'rel="prev"' in html
    assert 'type="application/ld+json"' in html
    assert 'href="/catalogue.ttl?page=2"' in html
    english = client.get("/catalogue?lang=en", headers={"Accept": "text/html"}).text
    assert "DCAT-AP catalogue" in english


def test_html_varies_with_the_language(client: TestClient) -> None:
    """The HTML page goes through the same response path as every page: it says it varies
    with the cookie, names its language, and a copy in one language never revalidates the
    other."""
    client.cookies.clear()
    french_page = client.get("/catalogue", headers={"Accept": "text/html"})
    assert "Cookie" in french_page.headers["vary"] and "Accept" in french_page.headers["vary"]
    assert french_page.headers["content-language"] == "fr"
    client.cookies.set("lang", "en")
    try:
        english = client.get("/catalogue", headers={"Accept": "text/html"})
        assert english.headers["content-language"] == "en"
        assert english.headers["etag"] != french_page.headers["etag"]
        stale = client.get(
            "/catalogue",
            headers={"Accept": "text/html", "If-None-Match": french_page.headers["etag"]},
        )
        assert stale.status_code == 200 and "DCAT-AP catalogue" in stale.text
        fresh = client.get(
            "/catalogue", headers={"Accept": "text/html", "If-None-Match": english.headers["etag"]}
        )
        assert fresh.status_code == 304
    finally:
        client.cookies.clear()


def test_revalidation_and_head(client: TestClient) -> None:
    first = client.get("/catalogue.ttl")
    assert first.headers["etag"] and first.headers["last-modified"]
    again = client.get("/catalogue.ttl", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    head = client.head("/catalogue.ttl")
    assert head.status_code == 200
    assert head.headers["content-type"] == conneg.BY_KEY["turtle"].content_type


@pytest.mark.parametrize(
    ("query", "status"), [("page=0", 404), ("page=999", 404), ("page=x", 404), ("page=", 404)]
)
def test_bad_pages(client: TestClient, query: str, status: int) -> None:
    response = client.get(f"/catalogue?{query}", headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.json()["status"] == status
    unknown = client.get("/catalogue?format=yaml")
    assert unknown.status_code == 400


def test_register_and_its_distributions_dereference(client: TestClient, pages: list[Graph]) -> None:
    """What the catalogue mints is in the store, so the resource router serves it."""
    for iri in (REGISTER, *pages[0].objects(REGISTER, ns.DCAT.distribution)):
        response = client.get(path_of(iri), headers=TURTLE)  # type: ignore[arg-type]
        assert response.status_code == 200, iri
        assert (iri, ns.RDF.type, None) in parse(response, conneg.BY_KEY["turtle"])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/id/fiche/sicoval-fuites-eau", "/id/cas-usage/sicoval-fuites-eau"),
        ("/id/fiche/sicoval-fuites-eau.ttl", "/id/cas-usage/sicoval-fuites-eau.ttl"),
        (
            "/id/fiche/sicoval-fuites-eau/distribution/turtle",
            "/id/cas-usage/sicoval-fuites-eau.ttl",
        ),
        ("/id/fiche/sicoval-fuites-eau/distribution/html", "/id/cas-usage/sicoval-fuites-eau.html"),
        (
            "/id/fiche/sicoval-strategie-numerique-responsable",
            "/id/initiative/sicoval-strategie-numerique-responsable",
        ),
    ],
)
def test_fiche_datasets_of_earlier_versions_move_to_their_record(
    client: TestClient, old: str, new: str
) -> None:
    response = client.get(old, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == new
    assert client.get(new, headers=TURTLE).status_code == 200


@pytest.mark.parametrize(
    "path", ["/id/fiche/inconnue", "/id/fiche/sicoval-fuites-eau/distribution/pdf"]
)
def test_unknown_fiche_is_not_found(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "application/json"}, follow_redirects=False)
    assert response.status_code == 404
    assert "/recherche" in response.json()["error"]


@pytest.fixture(scope="module")
def rebased(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, TestClient]]:
    """A store built under another base IRI, and a client of its server."""
    base = "http://127.0.0.1:8015/"
    settings = Settings.from_env({}, store_path=tmp_path_factory.mktemp("base"), base_iri=base)
    build(settings)
    with TestClient(create_app(settings)) as test_client:
        yield base, test_client


def test_identifiers_follow_the_base_iri(rebased: tuple[str, TestClient]) -> None:
    """Under ``--base-iri``, each dataset's ``dct:identifier`` is its own (moved) IRI, and
    neither the catalogue nor the dumps mention the default base any more."""
    base, client = rebased
    url, checked = "/catalogue.ttl", 0
    while url:
        response = client.get(url, headers={"Accept": "*/*"})
        assert ns.DEFAULT_BASE not in response.text, url
        graph = parse(response, conneg.BY_KEY["turtle"])
        for dataset in graph.objects(URIRef(base + "id/catalogue"), ns.DCAT.dataset):
            assert str(dataset).startswith(base)
            assert graph.value(dataset, ns.DCT.identifier) == Literal(str(dataset))
            checked += 1
        for record in graph.objects(URIRef(base + "id/catalogue"), ns.DCAT_RESOURCE):
            assert str(record).startswith(base)
            checked += 1
        view = graph.value(None, ns.RDF.type, ns.HYDRA.PartialCollectionView)
        following = graph.value(view, ns.HYDRA.next)
        url = str(following)[len(base) - 1 :] if following is not None else ""
    assert checked == len(record_iris()) + 1
    dump = client.get("/download/iacoll.ttl").text
    assert ns.DEFAULT_BASE not in dump
    record = URIRef(base + "id/cas-usage/sicoval-fuites-eau")
    assert (URIRef(base + "id/catalogue"), ns.DCAT_RESOURCE, record) in Graph().parse(
        data=dump, format="turtle"
    )
    for name in ("iacoll.nt", "iacoll.jsonld", "iacoll.rdf", "iacoll.csv", "iacoll-excel.csv"):
        assert ns.DEFAULT_BASE not in client.get(f"/download/{name}").text, name


def test_the_html_page_links_the_first_last_and_nearby_pages() -> None:
    """A catalogue of 5,000 pages links from page 100 to pages 1, 95–105 and 5,000, the pages
    left out shown as one ellipsis each (not 5,000 links on every page)."""
    from iacoll.pages.catalogue_pages import Page, page_links

    links = page_links(Page(100, 20, 100_000))
    assert [n for n, _ in links] == [1, None, *range(95, 106), None, 5000]
    assert links[0] == (1, "/catalogue?page=1")
    assert [n for n, _ in page_links(Page(2, 20, 100))] == [1, 2, 3, 4, 5]

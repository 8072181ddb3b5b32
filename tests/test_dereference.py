"""Every IRI minted in the public source files dereferences, to a page and to RDF.

The IRIs are collected from the files themselves (ontology, vocabularies, shapes, public
records, organisations, documents, catalogue; never ``data/restreint``), subjects and objects.
Each document (an IRI without its ``#fragment``) answers 200 in HTML and in Turtle, and the
Turtle describes every IRI of it (``/def#CasUsageIA`` is a subject of ``/def``, whose page has
the anchor). The whole documents are checked against their source files, the restricted fields
are checked absent, and a store built under another base IRI serves its own IRIs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from iacoll import sources, store
from iacoll.app import create_app
from iacoll.conneg import BY_KEY
from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages.view import split_suffix
from iacoll.settings import Settings
from iacoll.store import build

PUBLIC_SOURCES = (
    sources.ONTOLOGY_DIR,  # the ontology and ontology/vocabularies/
    sources.SHAPES_DIR,
    *(sources.DATA_DIR / folder for folder in ("cas-usage", "initiative", "organisation")),
    sources.DATA_DIR / "documents.ttl",
    sources.DATA_DIR / "catalogue.ttl",
)
# Minted IRIs answered by the other routers (home page, SPARQL endpoint, downloads).
OTHER_ROUTERS = ("/", "/sparql", "/download/", "/flux/")  # /flux/: the change feeds
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def normalised(graph: Graph) -> Graph:
    """Literals in one lexical form, for comparisons with the source files.

    ``"x"^^xsd:string`` is ``"x"`` (the same RDF 1.1 term, the store types every literal) and
    an ``xsd:decimal`` gets its shortest form (rdflib's Turtle writes ``50000`` as ``50000.0``).
    """
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD_STRING:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.datatype == XSD_DECIMAL:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD_DECIMAL)
        result.add((s, p, o))
    return result


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def public_graph(seed_settings: Settings) -> Graph:
    """The public source files, plus what the build generates (dcat:resource links, downloads)."""
    files = list(sources.rdf_files(PUBLIC_SOURCES))
    assert not [f for f in files if "restreint" in f.parts]
    graph = sources.read_all(files)
    catalogue = next(g for g in store.GRAPHS if g.key == "catalogue")
    graph += store.content(catalogue, seed_settings)
    return graph


def minted(graph: Graph) -> set[URIRef]:
    """Every IRI under the base that appears in ``graph``, as subject, predicate or object."""
    terms = {term for triple in graph for term in triple}
    return {t for t in terms if isinstance(t, URIRef) and str(t).startswith(DEFAULT_BASE)}


def path_of(iri: str) -> str:
    return "/" + iri[len(DEFAULT_BASE) :].split("#", 1)[0]


def is_other_router(path: str) -> bool:
    return path == "/" or any(path.startswith(p) for p in OTHER_ROUTERS[1:])


def turtle(client: TestClient, path: str) -> Graph:
    response = client.get(path, headers={"accept": "text/turtle"})
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return Graph().parse(data=response.content, format="turtle")


def check_document(client: TestClient, path: str, iris: list[URIRef]) -> list[str]:
    """Problems of one document: its HTML page, its Turtle and the IRIs it must describe."""
    _, suffix_format = split_suffix(path)
    if suffix_format is not None:  # a representation (e.g. a fiche's .html distribution)
        response = client.get(path)
        expected = BY_KEY[suffix_format].media_type
        if response.status_code != 200 or not response.headers["content-type"].startswith(expected):
            return [f"{path}: answered {response.status_code} {response.headers['content-type']}"]
        return []
    page = client.get(path, headers={"accept": "text/html"})
    if page.status_code != 200 or not page.headers["content-type"].startswith("text/html"):
        return [f"{path}: HTML answered {page.status_code}"]
    response = client.get(path, headers={"accept": "text/turtle"})
    if response.status_code != 200:
        return [f"{path}: Turtle answered {response.status_code}"]
    graph = Graph().parse(data=response.content, format="turtle")
    problems = []
    for iri in iris:
        described = (iri, None, None) in graph or (None, None, iri) in graph
        if not described:
            problems.append(f"{iri}: not in the RDF of {path}")
        if "#" in iri and f'id="{iri.split("#", 1)[1]}"' not in page.text:
            problems.append(f"{iri}: no anchor on the page {path}")
    return problems


def test_every_minted_iri_dereferences(
    client: TestClient, public_graph: Graph, summary: Callable[[str], None]
) -> None:
    documents: dict[str, list[URIRef]] = defaultdict(list)
    for iri in minted(public_graph):
        documents[path_of(str(iri))].append(iri)
    mine = {p: iris for p, iris in documents.items() if not is_other_router(p)}
    problems = [
        problem for p, iris in sorted(mine.items()) for problem in check_document(client, p, iris)
    ]
    assert not problems, "\n".join(problems)
    walked = sum(len(iris) for iris in mine.values())
    hashed = sum(1 for iris in mine.values() for iri in iris if "#" in iri)
    summary(
        f"[dereference] {walked} minted IRIs ({hashed} hash IRIs) in {len(mine)} documents,"
        f" each in HTML and Turtle; {len(documents) - len(mine)} paths of other routers"
    )
    assert walked > 600


def test_iris_of_the_other_routers_answer(client: TestClient, public_graph: Graph) -> None:
    """The home page, the SPARQL endpoint and the downloads are minted too."""
    paths = {path_of(str(i)) for i in minted(public_graph)}
    others = sorted(p for p in paths if is_other_router(p))
    assert "/" in others and "/sparql" in others
    failing = [p for p in others if client.get(p).status_code != 200]
    assert not failing, f"not answered: {failing}"


def test_unknown_iris_are_404_in_the_error_shape(client: TestClient) -> None:
    for path in (
        "/id/cas-usage/nexiste-pas",
        "/vocab/theme/nexiste-pas",
        "/vocab/nexiste-pas",
        "/graph/restreint",
        "/def/9.9.9",
        "/nulle/part",
        "/id/a%20b",
    ):
        response = client.get(path, headers={"accept": "application/json"})
        assert response.status_code == 404, path
        body = response.json()
        assert body["status"] == 404 and body["see"]
        assert "Aucune ressource" in body["error"] and "No public resource" in body["detail"]
    page = client.get("/id/cas-usage/nexiste-pas", headers={"accept": "text/html"})
    assert page.status_code == 404 and "Erreur 404" in page.text


def test_the_ontology_is_its_source_file(client: TestClient) -> None:
    expected = sources.read_rdf(sources.ONTOLOGY_DIR / "iacoll.ttl")
    for path in ("/def", "/def/1.0.0"):
        assert isomorphic(normalised(turtle(client, path)), normalised(expected)), path


@pytest.mark.parametrize(
    "vocabulary", sorted(sources.VOCABULARY_DIR.glob("*.ttl")), ids=lambda p: p.stem
)
def test_a_scheme_is_its_vocabulary_file(client: TestClient, vocabulary: Path) -> None:
    served = normalised(turtle(client, f"/vocab/{vocabulary.stem}"))
    assert isomorphic(served, normalised(sources.read_rdf(vocabulary)))


def test_the_shapes_document_is_the_shapes_files(client: TestClient) -> None:
    expected = Graph()
    for path in sorted(sources.SHAPES_DIR.glob("*.ttl")):
        sources.read_rdf(path, expected)
    expected = normalised(expected)
    served = normalised(turtle(client, "/shapes"))
    # The catalogue types the profile it conforms to; that triple describes /shapes/1.0.0 too.
    profile = (URIRef(DEFAULT_BASE + "shapes/1.0.0"), RDF.type, DCTERMS.Standard)
    assert profile in served
    served.remove(profile)
    assert isomorphic(served, expected)


@pytest.mark.parametrize(
    "iri",
    [
        "id/cas-usage/sicoval-fuites-eau",
        "id/initiative/amp-priam",
        "id/organisation/bordeaux-metropole",
        "id/document/localtis-mag-15",
        "vocab/type-fiche/initiative-gouvernance",
        "id/jeu-de-donnees/registre",
    ],
)
def test_a_resource_is_its_concise_bounded_description(
    client: TestClient, public_graph: Graph, iri: str
) -> None:
    expected = normalised(public_graph.cbd(URIRef(DEFAULT_BASE + iri)))
    assert len(expected) > 0
    assert isomorphic(normalised(turtle(client, "/" + iri)), expected)


def test_restricted_fields_are_never_served(client: TestClient, public_graph: Graph) -> None:
    restricted = sources.read_all([sources.DATA_DIR / "restreint"])
    only_restricted: dict[Node, set[Node]] = defaultdict(set)
    for s, p, _ in restricted:
        if isinstance(s, URIRef) and not list(public_graph.objects(s, p)):
            only_restricted[s].add(p)
    assert only_restricted, "the restricted files hold fields absent from the public ones"
    for subject, predicates in only_restricted.items():
        for fmt in (".ttl", ".html"):
            response = client.get(path_of(str(subject)) + fmt)
            assert response.status_code == 200
        served = turtle(client, path_of(str(subject)))
        leaked = [p for p in predicates if (subject, p, None) in served]
        assert not leaked, f"{subject}: restricted {leaked} served"


def test_another_base_iri_is_served_under_its_own_iris(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = "https://example.org/ia/"
    settings = Settings.from_env({}, store_path=tmp_path_factory.mktemp("rebased"), base_iri=base)
    build(settings)
    with TestClient(create_app(settings)) as client:
        record = turtle(client, "/id/cas-usage/sicoval-fuites-eau")
        subject = URIRef(base + "id/cas-usage/sicoval-fuites-eau")
        assert (subject, None, None) in record
        assert not [t for t in minted(record) if str(t).startswith(DEFAULT_BASE)]
        ontology = turtle(client, "/def")
        assert (URIRef(base + "def#CasUsageIA"), None, None) in ontology
        page = client.get("/id/cas-usage/sicoval-fuites-eau", headers={"accept": "text/html"})
        assert 'href="/id/organisation/sicoval"' in page.text
        assert 'href="/vocab/theme/transition-ecologique"' in page.text
        assert client.get("/vocab/theme", headers={"accept": "text/html"}).status_code == 200

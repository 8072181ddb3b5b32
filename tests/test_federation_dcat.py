"""``iacoll import --from dcat`` and ``iacoll export --to dcat-ap``.

The round trip (Done-when): the ``dcat-ap`` export of the seed store, read back by the ``dcat``
importer, gives every published record with a public graph isomorphic to the one the store
holds, and the organisations it needs; the export passes the official DCAT-AP 3.0.1 split
shapes. iacoll's own ``/catalogue``, served by a real server and paged with Hydra, imports the
same records by dereferencing them. Plain DCAT-AP datasets (the official examples in
``../shared/ext/dcat-ap``) are rejected, never turned into use cases; a hand-made catalogue of
another register (``tests/fixtures/federation/dcat``) gives minted IRIs and passes the shapes,
in every RDF syntax, told by extension, media type or first bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from math import ceil
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from iacoll import sources
from iacoll.cli_federation import _ACCEPT
from iacoll.federation import crosswalks, dcat, dcat_ap_export, formats, importing
from iacoll.federation.harvest import Harvested, Source
from iacoll.federation.jsonld_export import record_graphs
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import DCAT, DCAT_RESOURCE, DEFAULT_BASE, ID, RDF
from iacoll.publishing.published import published_catalogue
from iacoll.settings import Settings
from iacoll.store import open_stores, writer_for
from tests.conftest import FIXTURES, SHARED, copy_store

HERE = FIXTURES / "federation" / "dcat"
EXAMPLES = SHARED / "ext" / "dcat-ap"
SPLIT = ("shapes", "range", "shapes_recommended", "mdr-vocabularies.shape", "deprecateduris")
DATASET_FR = "jeu de données, pas un cas d'usage d'IA"
SERVICE_FR = "service de données, pas un cas d'usage d'IA"
# What iacoll's catalogue lists besides the records: the register and three data services.
NOT_RECORDS = {
    f"{ID}jeu-de-donnees/registre": DATASET_FR,
    f"{ID}service/sparql": SERVICE_FR,
    f"{ID}service/flux-ldes": SERVICE_FR,
    f"{ID}service/flux-atom": SERVICE_FR,
}


def read(source: Source, catalogue: Catalogue | None = None) -> list[Harvested]:
    return list(dcat.read(source, catalogue or Catalogue(Graph())))


def file_source(path: Path, fetch: Callable[[str], bytes] | None = None) -> Source:
    if fetch is None:
        return Source(path.read_bytes(), str(path))
    return Source(path.read_bytes(), str(path), fetch)


@pytest.fixture(scope="module")
def public(seed_settings: Settings) -> ox.Store:
    return open_stores(seed_settings).public


@pytest.fixture(scope="module")
def stored(public: ox.Store, seed_settings: Settings) -> dict[URIRef, Graph]:
    """Every published record's public graph, by IRI."""
    return record_graphs(public, seed_settings.base_iri)


@pytest.fixture(scope="module")
def exported(
    public: ox.Store, seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("dcat") / "iacoll.ttl"
    path.write_bytes(dcat_ap_export.export(public, seed_settings.base_iri))
    return path


@pytest.fixture(scope="module")
def asked() -> list[str]:
    return []


@pytest.fixture(scope="module")
def round_trip(exported: Path, seed_app: FastAPI, asked: list[str]) -> list[Harvested]:
    """The export read into an empty catalogue: the organisations, only named by the export,
    are read at their IRIs (served by the app, as w3id.org redirects to it)."""
    client = TestClient(seed_app)

    def fetch(url: str) -> bytes:
        asked.append(url)
        answer = client.get("/" + url.removeprefix(DEFAULT_BASE), headers=_ACCEPT)
        assert answer.status_code == 200, url
        return answer.content

    return read(file_source(exported, fetch))


def use_cases(stored: dict[URIRef, Graph]) -> set[URIRef]:
    return {iri for iri in stored if "/organisation/" not in str(iri)}


# --- the round trip -------------------------------------------------------------------------


def test_dcat_ap_export_imports_back_every_record_isomorphic(
    round_trip: list[Harvested], stored: dict[URIRef, Graph]
) -> None:
    imported = [item for item in round_trip if item.rejected is None]
    assert {item.use_case.iri for item in imported if item.use_case} == use_cases(stored)
    assert len(imported) == len(use_cases(stored)) == 71
    for item in imported:
        assert item.use_case is not None
        assert isomorphic(item.use_case.public, stored[item.use_case.iri]), item.use_case.iri
        assert len(item.use_case.restricted) == 0
        assert item.unmapped == [] and item.guesses == []
        assert item.source_url is None  # an iacoll IRI is its own source: no provenance on it


def test_round_trip_brings_the_organisations_a_new_store_needs(
    round_trip: list[Harvested], stored: dict[URIRef, Graph], asked: list[str]
) -> None:
    """The export describes the records and names their organisations (see dcat_ap_export):
    those a new store lacks are read at their IRIs, once each, and nothing else is fetched."""
    organisations = {r.iri for item in round_trip for r in item.records[1:]}
    assert sorted(asked) == sorted({str(iri) for iri in organisations})
    for item in round_trip:
        for record in item.records[1:]:
            assert isomorphic(record.public, stored[record.iri]), record.iri
    cited = {
        o
        for iri in use_cases(stored)
        for o in stored[iri].objects()
        if str(o).startswith(f"{ID}organisation/")
    }
    assert organisations == cited and len(organisations) > 20
    first = next(i for i in round_trip if i.use_case and "amp-callbot" in str(i.use_case.iri))
    assert [str(r.iri) for r in first.records[1:]] == [
        f"{ID}organisation/metropole-aix-marseille-provence"
    ]


def test_known_organisations_are_not_given_again(
    exported: Path, public: ox.Store, seed_settings: Settings
) -> None:
    published = Graph()
    for graph in record_graphs(public, seed_settings.base_iri).values():
        published += graph

    def refuse(url: str) -> bytes:
        raise AssertionError(f"fetched {url}")

    items = read(file_source(exported, refuse), Catalogue.from_graph(published))
    assert all(len(item.records) <= 1 for item in items)


def test_what_is_not_a_record_is_rejected_with_its_reason(round_trip: list[Harvested]) -> None:
    rejected = {item.source_id: item.rejected for item in round_trip if item.rejected}
    assert rejected == NOT_RECORDS
    register = next(i for i in round_trip if i.source_id == f"{ID}jeu-de-donnees/registre")
    assert register.rejected_en == "a dataset, not an AI use case" and register.records == []


def test_export_lists_every_record_and_the_register(
    exported: Path, stored: dict[URIRef, Graph]
) -> None:
    graph = Graph().parse(exported)
    catalogue = ID.catalogue
    assert set(graph.objects(catalogue, DCAT_RESOURCE)) == use_cases(stored)
    assert set(graph.objects(catalogue, DCAT.dataset)) == {ID["jeu-de-donnees/registre"]}
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    assert not list(graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/hydra/core#Collection")))


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    graph = Graph().parse(SHARED / "ext" / "eu-vocabularies" / "eu-nal-subset.ttl")
    for vocabulary in sources.VOCABULARY_DIR.glob("*.ttl"):
        graph.parse(vocabulary)
    return graph


@pytest.mark.parametrize("name", SPLIT)
def test_dcat_ap_export_passes_the_official_shapes(
    exported: Path, vocabularies: Graph, name: str
) -> None:
    shapes = Graph().parse(EXAMPLES / "3.0.1" / "shacl-split" / f"{name}.ttl")
    data = Graph().parse(exported) + vocabularies
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    violations = [
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}"
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert violations == []


def test_the_import_engine_accepts_every_record_of_the_export(
    exported: Path, seed_settings: Settings, tmp_path: Path
) -> None:
    """Through the write path (shapes, dry run) on a copy of the seed store."""
    own = copy_store(seed_settings, tmp_path)
    writer, _ = writer_for(own)
    report = importing.run(
        writer,
        "dcat",
        file_source(exported),
        catalogue=published_catalogue(writer.db),
        dry_run=True,
    )
    counts = report.counts
    assert counts["lus"] == 75 and counts["ignores"] == 4 and counts["rejetes"] == 0
    assert counts["importes"] + counts["inchanges"] == 71
    assert not report.withdrawals_held  # the register and the services are left out, not rows
    ignored = {r.source_id for r in report.rows if r.outcome == "ignore"}
    assert len(ignored) == 4


def test_importing_the_export_publishes_the_same_records_and_again_changes_nothing(
    exported: Path, seed_settings: Settings, stored: dict[URIRef, Graph], tmp_path: Path
) -> None:
    """Through the write path, for real, on a copy of the seed store: each record gets a new
    revision whose public graph is the published one plus the provenance the engine adds
    (pav:importedFrom the register, pav:importedOn, pav:createdWith the crosswalk version):
    the only triples that do not round-trip. A second import writes nothing."""
    own = copy_store(seed_settings, tmp_path)
    writer, _ = writer_for(own)
    first = importing.run(
        writer, "dcat", file_source(exported), catalogue=published_catalogue(writer.db)
    )
    assert first.counts["importes"] == 71 and first.withdrawn == []
    now = record_graphs(open_stores(own).public, own.base_iri)
    for iri in use_cases(stored):
        graph = Graph()
        graph += now[iri]
        added = {p for p in graph.predicates(iri) if str(p).startswith("http://purl.org/pav/")}
        assert {str(p).rsplit("/", 1)[1] for p in added} == {
            "importedFrom",
            "importedOn",
            "createdWith",
        }
        assert graph.value(iri, URIRef("http://purl.org/pav/importedFrom")) == URIRef(
            f"{ID}registre/dcat-w3id-org"  # the catalogue named by its host
        )
        for prop in added:
            graph.remove((iri, prop, None))
        assert isomorphic(graph, stored[iri]), iri
    again = importing.run(
        writer, "dcat", file_source(exported), catalogue=published_catalogue(writer.db)
    )
    assert again.counts["inchanges"] == 71 and again.counts["importes"] == 0


# --- iacoll's own /catalogue over HTTP, paged with Hydra ------------------------------------


@pytest.fixture(scope="module")
def served(seed_settings: Settings) -> Iterator[str]:
    from tests.server import live_server

    with live_server(seed_settings) as url:
        yield url


def test_live_catalogue_imports_through_hydra_paging_and_dereferencing(
    served: str, stored: dict[URIRef, Graph], seed_settings: Settings
) -> None:
    """The pages' links and the records' IRIs are ``https://w3id.org/iacoll/…``: the fetch
    sends them to the test server as w3id.org redirects them to the real one."""
    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        local = served + url[len(DEFAULT_BASE) :] if url.startswith(DEFAULT_BASE) else url
        answer = httpx.get(local, headers=_ACCEPT, follow_redirects=True, timeout=30)
        answer.raise_for_status()
        return answer.content

    first = httpx.get(served + "catalogue", headers=_ACCEPT, timeout=30)
    assert first.headers["content-type"].startswith("text/turtle")
    source = Source(first.content, served + "catalogue", fetch, "text/turtle")
    items = read(source)
    pages = [url for url in asked if "/catalogue" in url]
    last = ceil((len(use_cases(stored)) + 1) / seed_settings.catalogue_page_size)
    assert last > 1
    assert pages == [f"{DEFAULT_BASE}catalogue.ttl?page={n}" for n in range(2, last + 1)]
    imported = [item for item in items if item.rejected is None]
    assert {i.use_case.iri for i in imported if i.use_case} == use_cases(stored)
    for item in imported:
        for record in item.records:
            assert isomorphic(record.public, stored[record.iri]), record.iri
    assert {i.source_id: i.rejected for i in items if i.rejected} == NOT_RECORDS
    # every record dereferenced once, its AI systems too; the organisations are in the pages
    # only by name, and new to an empty catalogue: dereferenced as well.
    records = [url for url in asked if "/id/cas-usage/" in url or "/id/initiative/" in url]
    assert len(records) == len(set(records)) == 71
    assert any("/id/systeme/" in url for url in asked)
    assert {i.where.split(",")[0] for i in items} == {f"page {n}" for n in range(1, last + 1)}


# --- hand-made catalogues and the official DCAT-AP examples --------------------------------


def test_a_foreign_register_gets_minted_iris_and_rejections_say_why() -> None:
    items = {item.source_id: item for item in read(file_source(HERE / "registre-exemple.ttl"))}
    case = items["42"]
    assert case.use_case is not None
    assert str(case.use_case.iri) == f"{ID}cas-usage/registre-exemple-eu-42"
    assert case.source_url == "https://www.registre-exemple.eu/cas/42"
    assert [str(r.iri) for r in case.records[1:]] == [
        f"{ID}organisation/registre-exemple-eu-gm9999"
    ]
    system = URIRef(f"{ID}systeme/registre-exemple-eu-42")
    assert (case.use_case.iri, URIRef("https://w3id.org/dpv/ai#hasAISystem"), system) in (
        case.use_case.public
    )
    assert case.unmapped == ["pav:importedFrom", "pav:importedOn", "dct:identifier (organisation)"]
    assert case.guesses and "registre-exemple-eu" in case.guesses[0]
    assert str(items["43"].records[0].iri) == f"{ID}cas-usage/registre-exemple-eu-43"
    reasons = {k: v.rejected for k, v in items.items() if v.rejected}
    assert reasons == {
        "parkings": DATASET_FR,
        "https://www.registre-exemple.eu/api": SERVICE_FR,
        "https://www.registre-exemple.eu/doc/guide": (
            "ressource de type foaf:Document, ni un cas d'usage d'IA ni une initiative"
        ),
        "https://www.registre-exemple.eu/cas/fantome": (
            "ressource seulement citée, illisible à son adresse : réponse vide"
        ),
    }


def test_the_foreign_records_pass_the_write_path(seed_settings: Settings, tmp_path: Path) -> None:
    own = copy_store(seed_settings, tmp_path)
    writer, _ = writer_for(own)
    report = importing.run(
        writer,
        "dcat",
        file_source(HERE / "registre-exemple.ttl"),
        catalogue=published_catalogue(writer.db),
        dry_run=True,
    )
    outcomes = {row.source_id: (row.outcome, row.reason) for row in report.rows}
    assert outcomes["42"] == ("importe", None)
    assert outcomes["43"] == ("importe", None)
    assert outcomes["https://www.registre-exemple.eu/cas/fantome"][0] == "rejete"  # unreadable
    assert (report.counts["rejetes"], report.counts["ignores"]) == (1, 3)  # not records


SYNTAXES = {"turtle": ".ttl", "json-ld": ".jsonld", "xml": ".rdf", "nt": ".nt", "trig": ".trig"}
MEDIA = {
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
    "nt": "application/n-triples",
    "trig": "application/trig",
}


@pytest.fixture(scope="module")
def reference() -> dict[str | None, Graph]:
    return {
        i.source_id: i.records[0].public
        for i in read(file_source(HERE / "registre-exemple.ttl"))
        if i.records
    }


@pytest.mark.parametrize("how", ["extension", "media type", "first bytes"])
@pytest.mark.parametrize("syntax", list(SYNTAXES))
def test_every_rdf_syntax_is_read(
    tmp_path: Path, reference: dict[str | None, Graph], syntax: str, how: str
) -> None:
    graph = Graph().parse(HERE / "registre-exemple.ttl")
    data = graph.serialize(format=syntax, encoding="utf-8")
    if how == "extension":
        path = tmp_path / f"catalogue{SYNTAXES[syntax]}"
        path.write_bytes(data)
        source = Source(data, str(path))
    else:
        media = MEDIA[syntax] if how == "media type" else None
        source = Source(data, "https://www.registre-exemple.eu/catalogue", media_type=media)
    items = read(source)
    got = {i.source_id: i.records[0].public for i in items if i.records}
    assert set(got) == set(reference) == {"42", "43"}
    for key, record in got.items():
        assert isomorphic(record, reference[key]), (syntax, how, key)
    assert sum(1 for i in items if i.rejected) == 4


def test_a_trig_catalogue_in_named_graphs_is_read_whole(reference: dict[str | None, Graph]) -> None:
    dataset = Dataset()
    named = dataset.graph(URIRef("https://www.registre-exemple.eu/graphe/1"))
    named.parse(HERE / "registre-exemple.ttl")
    data = dataset.serialize(format="trig", encoding="utf-8")
    assert b"graphe/1" in data
    for location in ("catalogue.trig", "https://www.registre-exemple.eu/catalogue"):
        items = read(Source(data, location))  # by extension, then by first bytes
        got = {i.source_id: i.records[0].public for i in items if i.records}
        assert set(got) == {"42", "43"}
        assert all(isomorphic(got[k], reference[k]) for k in got)


def test_hydra_legacy_next_page_and_a_loop(tmp_path: Path) -> None:
    pages = {"https://portail.exemple.fr/catalogue?page=2": (HERE / "page-2.ttl").read_bytes()}
    pages["https://portail.exemple.fr/catalogue?page=1"] = (HERE / "page-1.ttl").read_bytes()
    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        return pages[url]

    source = Source(
        pages["https://portail.exemple.fr/catalogue?page=1"],
        "https://portail.exemple.fr/catalogue?page=1",
        fetch,
    )
    items = read(source)
    assert asked == ["https://portail.exemple.fr/catalogue?page=2"]  # page 1 again: a loop
    assert [(i.where, i.rejected) for i in items] == [
        ("page 1, <https://portail.exemple.fr/jeu/a>", DATASET_FR),
        ("page 2, <https://portail.exemple.fr/jeu/b>", DATASET_FR),
    ]


def test_too_many_pages_stop_the_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dcat, "MAX_PAGES", 5)

    def page(n: int) -> bytes:
        return (
            "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n"
            f"<https://x.example/c?page={n}> hydra:next <https://x.example/c?page={n + 1}> .\n"
        ).encode()

    def fetch(url: str) -> bytes:
        return page(int(url.rsplit("=", 1)[1]))

    with pytest.raises(dcat.CatalogueUnreadable, match="plus de 5 pages"):
        read(Source(page(1), "https://x.example/c?page=1", fetch))


def test_a_jsonld_catalogue_with_iacolls_context_is_read_without_fetching(
    public: ox.Store, seed_settings: Settings, stored: dict[URIRef, Graph]
) -> None:
    from iacoll.federation import jsonld_export

    body = jsonld_export.export(public, seed_settings.base_iri)
    assert json.loads(body)["@context"] == "https://w3id.org/iacoll/contexte/1.1.0.jsonld"

    def refuse(url: str) -> bytes:
        raise AssertionError(f"fetched {url}")

    items = read(Source(body, "iacoll.jsonld", refuse))
    assert {i.use_case.iri for i in items if i.use_case} == use_cases(stored)
    for item in items:
        assert item.use_case is not None
        assert isomorphic(item.use_case.public, stored[item.use_case.iri])


def test_an_iacoll_instance_under_another_base_comes_home(
    exported: Path, stored: dict[URIRef, Graph]
) -> None:
    moved = exported.read_text(encoding="utf-8").replace(DEFAULT_BASE, "https://ia.exemple.org/")
    items = read(Source(moved.encode(), "moved.ttl"))
    imported = [i for i in items if i.use_case is not None]
    assert len(imported) == 71
    for item in imported[:10]:
        assert item.use_case is not None
        assert isomorphic(item.use_case.public, stored[item.use_case.iri])


def official_examples() -> list[Path]:
    return sorted((EXAMPLES / "3.0.0-hvd" / "examples").glob("*.ttl")) + sorted(
        (EXAMPLES / "2.1.1" / "examples").glob("*.nt")
    )


def test_official_dcat_ap_examples_give_no_use_case() -> None:
    """The DCAT-AP examples (HVD 3.0.0, 2.1.1) describe datasets and data services: each is
    rejected as such; the one example that is not valid Turtle is reported unreadable."""
    counts = {"dataset": 0, "service": 0}
    unreadable = []
    for path in official_examples():
        try:
            items = read(file_source(path))
        except dcat.CatalogueUnreadable as exc:
            unreadable.append((path.name, exc.message))
            continue
        for item in items:
            assert item.records == [], (path.name, item.where)
            assert item.rejected in (DATASET_FR, SERVICE_FR), (path.name, item.rejected)
            counts["dataset" if item.rejected == DATASET_FR else "service"] += 1
    assert [name for name, _ in unreadable] == ["example-bees_wasps_dataset.ttl"]
    assert "n'est pas un catalogue RDF lisible (turtle)" in unreadable[0][1]
    assert counts == {"dataset": 17, "service": 8}


def test_catalogue_prefix_rule() -> None:
    empty = Graph()
    assert (
        dcat.catalogue_prefix(empty, "https://www.data.exemple.fr/catalogue") == "data-exemple-fr"
    )
    assert dcat.catalogue_prefix(empty, "/tmp/Registre_Helsinki.ttl") == "registre-helsinki"
    named = Graph()
    named.add((URIRef("https://registre.exemple.eu/cat"), RDF.type, DCAT.Catalog))
    assert dcat.catalogue_prefix(named, "x.ttl") == "registre-exemple-eu"


def test_format_registry_and_crosswalk() -> None:
    assert formats.importer("dcat") is dcat
    assert formats.exporter("dcat-ap") is dcat_ap_export
    assert (dcat_ap_export.MEDIA_TYPE, dcat_ap_export.SUFFIX) == ("text/turtle", ".ttl")
    crosswalk = crosswalks.load(dcat.CROSSWALK)
    assert crosswalk.format == "dcat" and crosswalk.version == "1.0.0"
    assert crosswalk.target("dcat:dataset") is None
    assert {"pav:importedFrom", "hydra:next", "dcat:resource"} <= {
        f.source for f in crosswalk.fields
    }

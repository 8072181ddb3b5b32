"""Organisations seen in several sources are one node (federation/linking.py): an import links a
new organisation to the published one with the same SIREN, TOOI identifier or GOV.UK
organisation page, or, as an inference named in the report, the same name in the same country;
the published organisation is never overwritten, and re-importing changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from iacoll import store
from iacoll.federation import importing, linking
from iacoll.federation.harvest import Source
from iacoll.namespaces import DCT, FOAF, IACOLL, ID, OWL
from iacoll.publishing.published import published_catalogue
from iacoll.publishing.write import Writer
from iacoll.settings import Settings
from tests.conftest import copy_store

METZ = URIRef(f"{ID}organisation/ville-de-metz")  # SIREN 215704636 in data/organisation/
TOOI_UTRECHT = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"
HMRC_PAGE = "https://www.gov.uk/government/organisations/hm-revenue-customs"

PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix iacoll: <https://w3id.org/iacoll/def#> .
@prefix dpv: <https://w3id.org/dpv#> .
@prefix type-fiche: <https://w3id.org/iacoll/vocab/type-fiche/> .
@prefix theme: <https://w3id.org/iacoll/vocab/theme/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
"""


def catalogue(host: str, cases: list[tuple[str, str, str]]) -> bytes:
    """A DCAT catalogue of ``host`` listing use cases (id, title, publisher's Turtle)."""
    lines = [PREFIXES, f"@base <https://{host}/> .", "<catalogue> a dcat:Catalog ;"]
    lines.append(f'  dct:title "Registre {host}"@fr ;')
    lines.append("  dcat:resource " + " , ".join(f"<cas/{c[0]}>" for c in cases) + " .")
    for ident, title, agent in cases:
        lines.append(
            f"""<cas/{ident}> a iacoll:CasUsageIA , iacoll:Fiche , dcat:Resource , dpv:Process ;
  dct:identifier "{ident}" ; dct:title "{title}"@fr ; rdfs:label "{title}"@fr ;
  iacoll:typeFiche type-fiche:cas-usage ; dct:type type-fiche:cas-usage ;
  dcat:theme theme:mobilites ;
  dct:description "Un cas d'usage de l'IA décrit pour le test de liaison."@fr ;
  dct:conformsTo <https://w3id.org/iacoll/shapes/1.0.0> ;
  dct:publisher <org/{ident}> .
<org/{ident}> a foaf:Agent , foaf:Organization , org:Organization ; {agent} ."""
        )
    return "\n".join(lines).encode()


@pytest.fixture(scope="module")
def built(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, Writer]]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("linking"))
    writer, _ = store.writer_for(settings)
    yield settings, writer
    writer.db.close()


def run(writer: Writer, fmt: str, data: bytes, name: str) -> importing.ImportReport:
    return importing.run(writer, fmt, Source(data, name), catalogue=published_catalogue(writer.db))


def objects(settings: Settings, subject: str, prop: URIRef) -> set[str]:
    stores = store.open_stores(settings)
    found = stores.public.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(prop)), None)
    return {q.object.value for q in found}


def organisations(settings: Settings) -> set[str]:
    stores = store.open_stores(settings)
    query = "SELECT DISTINCT ?o WHERE { ?o a <http://xmlns.com/foaf/0.1/Agent> }"
    rows = stores.public.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return {str(row["o"].value) for row in rows}


def test_identifiers_read_from_an_organisation() -> None:
    graph = Graph()
    org = URIRef(f"{ID}organisation/x")
    graph.add((org, IACOLL.siren, Literal("215704636")))
    graph.add((org, DCT.identifier, Literal("gm0344")))  # not a SIREN: no key
    graph.add((org, OWL.sameAs, URIRef(TOOI_UTRECHT + "/")))
    graph.add((org, FOAF.page, URIRef(HMRC_PAGE.replace("https", "http"))))
    assert linking.keys(graph, org) == {
        ("siren", "215704636"),
        ("tooi", TOOI_UTRECHT),
        ("govuk", HMRC_PAGE),
    }


def test_a_published_siren_links_the_import_to_the_published_organisation(
    built: tuple[Settings, Writer],
) -> None:
    settings, writer = built
    agent = 'dct:identifier "215704636" ; foaf:name "Metz (commune)"@fr'
    data = catalogue("registre-lie.example", [("metz-1", "Comptage des vélos à Metz", agent)])
    report = run(writer, "dcat", data, "registre-lie.ttl")
    assert report.counts["importes"] == 1, [(r.where, r.reason) for r in report.rows]
    case = f"{ID}cas-usage/registre-lie-example-metz-1"
    assert objects(settings, case, DCT.publisher) == {str(METZ)}
    minted = f"{ID}organisation/registre-lie-example-215704636"
    assert minted not in organisations(settings)
    assert objects(settings, str(METZ), FOAF.name) == {"Ville de Metz"}  # not overwritten
    guesses = [g for row in report.rows for g in row.guesses]
    assert f"organisation <{minted}> reconnue par son SIREN 215704636 : <{METZ}>" in guesses
    again = run(writer, "dcat", data, "registre-lie.ttl")
    assert again.counts["importes"] == 0 and again.counts["inchanges"] == 1


def test_a_tooi_identifier_links_two_registers(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    agent = f'foaf:name "Gemeente Utrecht"@nl ; owl:sameAs <{TOOI_UTRECHT}>'
    first = catalogue("register-a.example", [("a1", "Parkeerscan Utrecht", agent)])
    assert run(writer, "dcat", first, "a.ttl").counts["importes"] == 1
    known = f"{ID}organisation/register-a-example-gemeente-utrecht"
    assert known in organisations(settings)
    other = f'foaf:name "Municipality of Utrecht"@en ; owl:sameAs <{TOOI_UTRECHT}>'
    second = catalogue("register-b.example", [("b1", "Afvalroute Utrecht", other)])
    report = run(writer, "dcat", second, "b.ttl")
    assert report.counts["importes"] == 1
    assert objects(settings, f"{ID}cas-usage/register-b-example-b1", DCT.publisher) == {known}
    assert f"{ID}organisation/register-b-example-municipality-of-utrecht" not in organisations(
        settings
    )
    assert any("son identifiant TOOI gm0344" in g for row in report.rows for g in row.guesses)


def test_a_name_in_the_same_country_links_as_an_inference(
    built: tuple[Settings, Writer],
) -> None:
    """The UK ATRS index names its bodies only (« HMRC »), with the country of the register;
    a catalogue naming the same body in the same country is linked, the guess says so."""
    settings, writer = built
    index = {
        "records": [
            {
                "publishing_body": "HMRC",
                "title": "HMRC: Ask HMRC online",
                "url": "https://www.gov.uk/algorithmic-transparency-records/hmrc-ask-hmrc-online",
                "description": "Digital (virtual) assistant chat (chatbot).",
            }
        ]
    }
    assert run(writer, "uk-atrs", json.dumps(index).encode(), "uk.json").counts["importes"] == 1
    hmrc = f"{ID}organisation/uk-hmrc"
    agent = f'foaf:name "HMRC"@en ; dct:spatial country:GBR ; foaf:page <{HMRC_PAGE}>'
    data = catalogue("register-c.example", [("c1", "Tax chatbot", agent)])
    report = run(writer, "dcat", data, "c.ttl")
    assert objects(settings, f"{ID}cas-usage/register-c-example-c1", DCT.publisher) == {hmrc}
    assert any(
        "son nom et son pays (GBR), par inférence" in g for r in report.rows for g in r.guesses
    )
    # A body of the same name in another country stays apart.
    elsewhere = 'foaf:name "HMRC"@en ; dct:spatial country:IRL'
    data = catalogue("register-d.example", [("d1", "Other chatbot", elsewhere)])
    assert run(writer, "dcat", data, "d.ttl").counts["importes"] == 1
    assert objects(settings, f"{ID}cas-usage/register-d-example-d1", DCT.publisher) == {
        f"{ID}organisation/register-d-example-hmrc"
    }

"""The structured environmental footprint (issue 12, item 6).

ViPARE's footprint (Metz: ~2,5 kg CO₂eq, 15 kWh, 29 models, 55 trainings, CodeCarbon and Green
Algorithms, 003:440-446) is recorded as QUDT quantities in its restricted file; a footprint is
restricted like the upstream field unless the record says ``iacoll:empreintePublique true``,
and then the projection publishes it. The statistics page sums kWh and kg CO₂e per scope: over
every footprint for a signed-in member, over the published ones for the public. Checked with
the real application on a copy of the seed store, where a second use case publishes its
footprint through the write path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from iacoll import sources
from iacoll.app import create_app
from iacoll.model.footprint import FLAG, footprint_triples, is_published, published
from iacoll.model.record import Record
from iacoll.namespaces import IACOLL, ID, QUANTITYKIND, QUDT, UNIT, VOCAB
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.html import dom
from tests.moderation_support import log_writer, publish, seed_copy, sign_in

VIPARE = ID["systeme/metz-vipare"]
SHOWN = "empreinte-publiee"  # the use case that publishes its footprint
SHOWN_SYSTEM = ID[f"systeme/{SHOWN}"]
INFERENCE = VOCAB["perimetre-empreinte/inference"]
TRAINING = VOCAB["perimetre-empreinte/entrainement"]
TOOLS = VOCAB["outil-mesure-empreinte/"]


def measures(graph: Graph, system: URIRef) -> dict[URIRef, tuple[Decimal, URIRef | None, bool]]:
    """Unit → (value, scope, approximate) of the system's footprint measurements."""
    found = {}
    footprint = graph.value(system, IACOLL.empreinteEnvironnementale)
    for measure in graph.objects(footprint, IACOLL.mesureEmpreinte):
        value = graph.value(measure, QUDT.value)
        assert isinstance(value, Literal) and value.datatype == XSD.decimal
        unit = graph.value(measure, QUDT.hasUnit)
        approx = graph.value(measure, IACOLL.valeurApprochee) == Literal(True)
        found[unit] = (value.toPython(), graph.value(measure, IACOLL.perimetreMesure), approx)
    return found  # type: ignore[return-value]


def test_vipare_footprint_is_recorded_as_structured_values() -> None:
    graph = Graph().parse(sources.DATA_DIR / "restreint" / "metz-vipare.ttl")
    assert measures(graph, VIPARE) == {
        UNIT["KiloW-HR"]: (Decimal("15"), TRAINING, True),
        UNIT.KiloGM: (Decimal("2.5"), TRAINING, True),
    }
    footprint = graph.value(VIPARE, IACOLL.empreinteEnvironnementale)
    kinds = {graph.value(m, QUDT.hasQuantityKind) for m in graph.objects(footprint, None)}
    assert {QUANTITYKIND.Energy, QUANTITYKIND.CO2Equivalent} <= kinds
    assert set(graph.objects(footprint, IACOLL.outilMesure)) == {
        URIRef(TOOLS + "codecarbon"),
        URIRef(TOOLS + "green-algorithms"),
    }
    assert graph.value(footprint, IACOLL.nombreEntrainements) == Literal(
        55, datatype=XSD.nonNegativeInteger
    )
    assert graph.value(footprint, IACOLL.nombreModeles) == Literal(
        29, datatype=XSD.nonNegativeInteger
    )
    assert str(graph.value(footprint, IACOLL.equivalenceRemarquable)) == (
        "1 AR Paris/Metz en train !"
    )
    # The seed's free text stays as the note, and the record does not publish its footprint.
    assert "~ 2,5 kg CO₂eq - 15 KWh" in str(graph.value(VIPARE, IACOLL.impactEnvironnemental))
    assert not is_published(graph)


def test_no_public_file_holds_a_footprint() -> None:
    for folder in ("cas-usage", "initiative"):
        for path in sorted((sources.DATA_DIR / folder).glob("*.ttl")):
            graph = Graph().parse(path)
            for prop in (IACOLL.empreinteEnvironnementale, IACOLL.bonnePratiqueFrugalite, FLAG):
                assert (None, prop, None) not in graph, f"{path.name}: {prop} is restricted"


def shown_record() -> Record:
    """A copy of the callbot seed record whose organisation publishes a footprint of 3.5 kWh
    and 0.75 kg CO₂e per year of inference, measured with EcoLogits, and one good practice."""
    record = seed_copy(SHOWN, "Empreinte publiée — essai")
    footprint, energy, emissions = BNode(), BNode(), BNode()
    graph = record.restricted
    graph.add((record.iri, FLAG, Literal(True)))
    graph.add((SHOWN_SYSTEM, IACOLL.empreinteEnvironnementale, footprint))
    graph.add(
        (SHOWN_SYSTEM, IACOLL.bonnePratiqueFrugalite, VOCAB["bonne-pratique-frugalite/formation"])
    )
    graph.add((footprint, RDF.type, IACOLL.EmpreinteEnvironnementale))
    graph.add((footprint, IACOLL.outilMesure, URIRef(TOOLS + "ecologits")))
    for node, value, unit, kind in (
        (energy, "3.5", UNIT["KiloW-HR"], QUANTITYKIND.Energy),
        (emissions, "0.75", UNIT.KiloGM, QUANTITYKIND.CO2Equivalent),
    ):
        graph.add((footprint, IACOLL.mesureEmpreinte, node))
        graph.add((node, RDF.type, IACOLL.MesureEmpreinte))
        graph.add((node, QUDT.value, Literal(value, datatype=XSD.decimal)))
        graph.add((node, QUDT.hasUnit, unit))
        graph.add((node, QUDT.hasQuantityKind, kind))
        graph.add((node, IACOLL.perimetreMesure, INFERENCE))
    return record


def test_published_moves_the_footprint_only_when_the_record_says_so() -> None:
    record = shown_record()
    public, restricted = record.canonical()
    moved_public, moved_restricted = published(public, restricted)
    footprint = footprint_triples(record.restricted)
    assert len(footprint) == 17  # 2 system links, 4 on the footprint, 2 × 5 measurements, flag
    shown, hidden = Graph().parse(data=moved_public, format="nt"), Graph()
    hidden.parse(data=moved_restricted, format="nt")
    assert len(shown) == len(record.public) + 17 and len(hidden) == len(record.restricted) - 17
    assert (SHOWN_SYSTEM, IACOLL.empreinteEnvironnementale, None) in shown
    assert (SHOWN_SYSTEM, IACOLL.empreinteEnvironnementale, None) not in hidden
    assert (SHOWN_SYSTEM, DCTERMS.description, None) in hidden  # other fields stay restricted
    record.restricted.set((record.iri, FLAG, Literal(False)))
    public, restricted = record.canonical()
    assert published(public, restricted) == (public, restricted)
    assert published(None, restricted) == (None, restricted)  # withdrawn stays withdrawn


@pytest.fixture(scope="module")
def client(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = copy_store(seed_settings, tmp_path_factory.mktemp("empreinte"))
    writer = log_writer(settings)
    publish(writer, shown_record())
    writer.db.close()
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def footprint_block(client: TestClient) -> tuple[str, dict[str, list[str]], str]:
    """(note, scope → cells, tools line) of the statistics page's footprint block."""
    page = client.get("/statistiques")
    assert page.status_code == 200
    section = dom(page.text).one("section", class_="empreinte")
    assert section.one("h2").text == "Empreinte environnementale"
    rows = {
        row.one("th").text: [cell.text for cell in row.all("td")]
        for row in section.one("tbody").all("tr")
    }
    return (
        section.one("p", class_="note").text,
        rows,
        section.one("p", class_="empreinte-outils").text,
    )


def test_members_see_every_footprint_summed(client: TestClient) -> None:
    sign_in(client, "membre-empreinte@example.org", "contributeur", [])
    note, rows, tools = footprint_block(client)
    assert note.startswith("Réservé aux membres")
    assert rows == {"Entraînement": ["15", "2,5", "1"], "Inférence": ["3,5", "0,75", "1"]}
    assert tools == "Outils de mesure utilisés : CodeCarbon, EcoLogits, Green Algorithms"
    page = dom(client.get("/statistiques").text).one("section", class_="empreinte")
    assert "Fiches donnant une mesure chiffrée : 2" in page.text


def test_the_public_sees_only_published_footprints(client: TestClient) -> None:
    client.cookies.clear()
    note, rows, tools = footprint_block(client)
    assert note.startswith("Sommes des empreintes que leurs organisations ont choisi de publier")
    assert rows == {"Inférence": ["3,5", "0,75", "1"]}  # ViPARE's (training) is not published
    assert tools == "Outils de mesure utilisés : EcoLogits"
    english = dom(client.get("/statistiques?lang=en").text).one("section", class_="empreinte")
    assert english.one("h2").text == "Environmental footprint"
    assert "3.5" in english.text and "0.75" in english.text


VALUES = """PREFIX iacoll: <https://w3id.org/iacoll/def#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
SELECT ?valeur WHERE {{ <{system}> iacoll:empreinteEnvironnementale/iacoll:mesureEmpreinte
  / qudt:value ?valeur }} ORDER BY ?valeur"""


def values(client: TestClient, endpoint: str, system: URIRef) -> list[str]:
    answer = client.post(
        endpoint,
        data={"query": VALUES.format(system=system)},
        headers={"accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.text
    return [row["valeur"]["value"] for row in json.loads(answer.text)["results"]["bindings"]]


def test_the_public_endpoint_holds_only_the_published_footprint(client: TestClient) -> None:
    client.cookies.clear()
    assert values(client, "/sparql", VIPARE) == []
    assert values(client, "/sparql", SHOWN_SYSTEM) == ["0.75", "3.5"]
    sign_in(client, "membre-empreinte@example.org", "contributeur", [])
    assert values(client, "/sparql/membres", VIPARE) == ["2.5", "15"]
    assert values(client, "/sparql/membres", SHOWN_SYSTEM) == ["0.75", "3.5"]


def test_a_member_reads_vipare_footprint_on_its_page_the_public_does_not(
    client: TestClient,
) -> None:
    sign_in(client, "membre-empreinte@example.org", "contributeur", [])
    page = client.get("/id/cas-usage/metz-vipare", headers={"accept": "text/html"})
    section = dom(page.text).one("section", class_="members-only")
    rows = {
        " ".join(div.first("dt").text.split()): div.first("dd").text for div in section.all("div")
    }
    shown = rows["Empreinte environnementale (non publique)"]
    for words in (
        "15 kWh — Entraînement, valeur approchée",
        "2,5 kg CO₂e — Entraînement, valeur approchée",
        "Outils de mesure : CodeCarbon, Green Algorithms",
        "55 entraînements, 29 modèles",
        "Équivalence : 1 AR Paris/Metz en train !",
    ):
        assert words in shown, words
    client.cookies.clear()
    public = client.get("/id/cas-usage/metz-vipare", headers={"accept": "text/html"}).text
    assert "members-only" not in public and "kg CO₂e" not in public

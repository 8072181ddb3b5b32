"""The UK ATRS importer on GOV.UK's real index (136 records) and on a hand-made tricky index."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, SKOS, XSD

from iacoll import sources
from iacoll.federation import crosswalks, formats, uk_atrs
from iacoll.federation.fiches import UnreadableSource
from iacoll.federation.harvest import Harvested, Source
from iacoll.model.upstream_organisations import Catalogue, default_catalogue
from iacoll.namespaces import ADMS, COUNTRY, DCAT, DCT, ID, VOCAB
from tests.federation_support import violations

REAL = sources.ROOT.parent / "shared" / "ext-samples" / "uk-atrs_records_index.json"
TRICKY = Path(__file__).parent / "fixtures" / "federation" / "uk" / "tricky-index.json"


def harvest(path: Path, catalogue: Catalogue | None = None) -> list[Harvested]:
    source = Source(path.read_bytes(), str(path))
    return list(uk_atrs.read(source, catalogue or default_catalogue()))


@pytest.fixture(scope="module")
def real() -> list[Harvested]:
    return harvest(REAL)


def test_the_format_is_registered() -> None:
    assert formats.importer("uk-atrs") is uk_atrs
    assert uk_atrs.CROSSWALK == "uk-atrs"


def test_the_real_index_gives_136_use_cases(real: list[Harvested]) -> None:
    assert len(real) == 136
    assert [h.where for h in real if h.rejected] == []
    iris = {h.use_case.iri for h in real if h.use_case}
    assert len(iris) == 136  # one stable IRI per GOV.UK slug


def test_a_named_record(real: list[Harvested]) -> None:
    ask = next(h for h in real if h.source_id == "hmrc-ask-hmrc-online")
    assert ask.where == "enregistrement 1 (hmrc-ask-hmrc-online)"
    assert (
        ask.source_url == "https://www.gov.uk/algorithmic-transparency-records/hmrc-ask-hmrc-online"
    )
    record = ask.use_case
    assert record is not None
    assert record.iri == URIRef(f"{ID}cas-usage/uk-hmrc-ask-hmrc-online")
    g, s = record.public, record.iri
    assert g.value(s, DCT.title) == Literal("HMRC: Ask HMRC online", lang="en")
    assert g.value(s, DCT.alternative) == Literal("Ask HMRC online", lang="en")
    assert g.value(s, DCT.modified) == Literal("2025-06-26", datatype=XSD.date)
    assert g.value(s, DCAT.landingPage) == URIRef(ask.source_url)
    assert g.value(s, DCAT.theme) == URIRef(f"{VOCAB}theme/citoyennete")
    publisher = URIRef(f"{ID}organisation/uk-hmrc")
    assert g.value(s, DCT.publisher) == publisher
    # the publisher is the body, not GOV.UK's listed organisations
    assert ask.unmapped == ["listed_organisations"]
    assert any("HMRC" in guess for guess in ask.guesses)
    hmrc = next(r for r in ask.records if r.iri == publisher)
    assert hmrc.public.value(publisher, FOAF.name) == Literal("HMRC", lang="en")
    assert hmrc.public.value(publisher, DCT.spatial) == COUNTRY["GBR"]


def test_records_without_publishing_body_name_the_guess(real: list[Harvested]) -> None:
    parlex = next(h for h in real if h.source_id == "dsit-parlex")
    assert parlex.use_case is not None
    assert parlex.use_case.public.value(parlex.use_case.iri, DCT.publisher) == URIRef(
        f"{ID}organisation/uk-dsit"
    )
    assert "« DSIT » lu en tête du titre" in " ".join(parlex.guesses)
    trustid = next(h for h in real if h.source_id == "trustid")
    assert trustid.use_case is not None
    assert trustid.use_case.public.value(trustid.use_case.iri, DCT.publisher) == URIRef(
        f"{ID}organisation/uk-government-digital-service"
    )
    assert sum(1 for h in real if any("publishing_body absent" in g for g in h.guesses)) == 6


def test_organisations_come_once_per_body_and_not_when_published(real: list[Harvested]) -> None:
    bodies = {r.iri for h in real for r in h.records[1:]}
    assert len(bodies) == 74  # 73 bodies named plus GDS, for the unattributed records
    hmrc = URIRef(f"{ID}organisation/uk-hmrc")
    graph = Graph()
    graph.add((hmrc, FOAF.name, Literal("HMRC", lang="en")))
    graph.add((hmrc, RDF.type, FOAF.Agent))
    again = harvest(REAL, Catalogue(graph))
    assert all(r.iri != hmrc for h in again for r in h.records[1:])


def test_every_real_record_passes_the_shapes(real: list[Harvested]) -> None:
    assert violations(real, default_catalogue()) == []


def test_the_tricky_index() -> None:
    found = harvest(TRICKY)
    assert [h.where for h in found] == [
        "enregistrement 1 (dvla-licence-checker)",
        "enregistrement 2 (hmrc-refund-helper)",
        "enregistrement 3",
        "enregistrement 4",
        "enregistrement 5 (borsetshire-bin-bot)",
        "enregistrement 6 (dwp-untitled)",
    ]
    first, second, no_url, elsewhere, unknown, untitled = found
    record = first.use_case
    assert record is not None
    assert record.public.value(record.iri, DCT.title) == Literal(
        "DVLA : Licence Checker", lang="en"
    )
    assert record.public.value(record.iri, DCT.description) is None  # none given, none invented
    assert first.unmapped == ["phase"]
    assert record.public.value(record.iri, DCAT.theme) == URIRef(f"{VOCAB}theme/mobilites")
    notes = {n.language: str(n) for n in record.public.objects(record.iri, SKOS.editorialNote)}
    assert notes["en"].startswith("Theme assigned by iacoll from the main remit of the body")
    assert record.public.value(record.iri, ADMS.status) is None
    refund = second.use_case
    assert refund is not None
    assert refund.public.value(refund.iri, DCT.modified) is None  # "not a date"
    assert refund.public.value(refund.iri, DCT.description) == Literal(
        "Helps with refunds.\n\nSecond paragraph.", lang="en"
    )
    assert refund.public.value(refund.iri, DCT.publisher) == URIRef(f"{ID}organisation/uk-hmrc")
    assert no_url.rejected == "Pas d'URL GOV.UK : la fiche n'a pas d'identifiant stable."
    assert no_url.rejected_en == "No GOV.UK URL: the record has no stable identifier."
    assert elsewhere.rejected is not None and elsewhere.records == []
    bins = unknown.use_case  # a body the crosswalk does not know: kept, without a theme
    assert unknown.rejected is None and bins is not None
    assert bins.public.value(bins.iri, DCAT.theme) is None
    assert (bins.iri, SKOS.editorialNote, None) not in bins.public
    assert any("Borsetshire Council" in guess for guess in unknown.guesses)
    assert untitled.rejected_en == "No title: the record cannot be named."
    assert violations(found, default_catalogue()) == []


def test_the_crosswalk_documents_every_field() -> None:
    walk = crosswalks.load("uk-atrs")
    fields = {"publishing_body", "tool_name", "title", "url", "published", "description"}
    assert fields | {"listed_organisations"} == {f.source for f in walk.fields}
    assert all(f.note_fr and f.note_en for f in walk.fields)
    assert walk.mapped() == fields
    assert len({v.source for v in walk.values}) == 74


def test_a_file_of_another_format_is_unreadable() -> None:
    with pytest.raises(UnreadableSource, match="ce n'est pas du JSON"):
        harvest(Path(__file__).parent / "fixtures" / "federation" / "jrc" / "tricky-services.csv")

"""The seed's links and titles say only what the cited lines say, or say they are inferred.

Extends ``test_seed_traceability.py`` (which checks every literal, URL and concept) to what a
literal check misses: each link from a record or its AI system to an organisation (owner,
partner, deployer, provider, developer, user authority, funder) must have one of the
organisation's names in the cited lines, or carry the editors' note for that link; a use case
typed with an AI system must have AI named in its cited lines, or carry the editors' note for the
typing; a record whose source does not say AI is used has no AI system. The expected inferences
are listed here, so that a new one cannot appear silently. Titles are the editors' (short, not
truncated), the source's heading is kept as ``dct:alternative``, and every record carries its
last revision date. Documents carry a citation, and only addresses they state.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import rdflib.namespace as ns
from rdflib import Graph, Literal, Namespace, URIRef

from tests.test_seed_traceability import (
    DATA,
    IACOLL,
    ORGANISATION,
    SEEDS,
    cited_text,
    normalise,
    record_files,
    record_graph,
)

AI = Namespace("https://w3id.org/dpv/ai#")
TECH = Namespace("https://w3id.org/dpv/tech#")
AIRO = Namespace("https://w3id.org/airo#")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
DOCUMENT = "https://w3id.org/iacoll/id/document/"

RECORD_LINKS = (
    ns.DCTERMS.publisher,
    ns.DCTERMS.contributor,
    IACOLL.collectiviteUtilisatrice,
    FRAPO.isFundedBy,
)
SYSTEM_LINKS = (
    TECH.hasDeployer,
    AIRO.isDeployedBy,
    TECH.hasProvider,
    TECH.hasDeveloper,
    AIRO.isDevelopedBy,
)

INFERRED_LINK = "Lien déduit par la rédaction d'iacoll"
INFERRED_TYPING = "Typage comme système d'IA déduit par la rédaction d'iacoll"
NO_AI = "La source ne précise pas que ce projet recourt à l'intelligence artificielle."
EDITORIAL_TITLE = "Titre rédigé par la rédaction d'iacoll"
RECORD_MODIFIED = Literal("2026-12-06", datatype=ns.XSD.date)

# (record, organisation) links the cited lines do not state, each with the editors' note.
INFERRED_LINKS = {
    # Localtis's IGN article lists these projects under "PROJETS IA TOUS AZIMUTS" without saying
    # the IGN carries them (000:972-974, 1071-1101).
    ("ign-carhab", "ign"),
    ("ign-observatoire-haies", "ign"),
    ("ign-geo-k-phyto", "ign"),
    ("ign-simplu3d", "ign"),
    ("ign-autres-usages", "ign"),
    # "des cas d'usage [...] sont testés" through the MGP's training programme (004:88-98).
    ("mgp-ia-btp-match", "metropole-du-grand-paris"),
    ("mgp-livraisons-urbaines", "metropole-du-grand-paris"),
    # the source places the project in a territory without naming who carries it.
    ("pemb-amelia", "paris-est-marne-et-bois"),
    ("grand-clermont-ilots-chaleur", "pays-du-grand-clermont"),
}
# Use cases whose cited lines do not name AI but whose system is kept as an AI system.
INFERRED_TYPINGS = {
    "paris-securisation-grands-evenements",
    "nimes-risque-inondations",
}
# Use cases whose source does not say AI is used: no AI system at all.
WITHOUT_SYSTEM = {"lorient-celtic", "porto-vecchio-lia", "idfm-vianavigo"}

AI_WORDS = re.compile(
    r"\bia\b|intelligence artificielle|intelligence artifi cielle|apprentissage automatique"
    r"|machine learning|\bllm\b|modèles de langage"
)


@cache
def organisation_names(iri: URIRef) -> tuple[str, ...]:
    graph = Graph().parse(DATA / "organisation" / f"{str(iri)[len(ORGANISATION) :]}.ttl")
    props = (ns.FOAF.name, ns.SKOS.prefLabel, ns.SKOS.altLabel)
    return tuple(sorted({str(o) for p in props for o in graph.objects(iri, p)}))


def notes(graph: Graph, record: URIRef) -> list[str]:
    return [
        str(n)
        for n in graph.objects(record, ns.SKOS.editorialNote)
        if isinstance(n, Literal) and n.language == "fr"
    ]


def linked_organisations(graph: Graph, record: URIRef) -> set[URIRef]:
    found = {o for p in RECORD_LINKS for o in graph.objects(record, p)}
    for system in graph.objects(record, AI.hasAISystem):
        found |= {o for p in SYSTEM_LINKS for o in graph.objects(system, p)}
    return {o for o in found if isinstance(o, URIRef)}


def noted_links(graph: Graph, record: URIRef) -> set[URIRef]:
    """Organisations that an inferred-link note of the record names."""
    inferred = [n for n in notes(graph, record) if n.startswith(INFERRED_LINK)]
    return {
        org
        for org in linked_organisations(graph, record)
        if any(f": {name})" in note for note in inferred for name in organisation_names(org))
    }


def mentions(texts: tuple[str, ...], name: str) -> bool:
    """``name`` as whole words in one of the normalised texts ("IGN" is not in "alignements")."""
    pattern = re.compile(rf"(?<!\w){re.escape(normalise(name))}(?!\w)")
    return any(pattern.search(text) for text in texts)


def names_ai(graph: Graph, record: URIRef) -> bool:
    return any(AI_WORDS.search(text) for text in cited_text(graph, record).texts)


@pytest.mark.parametrize("path", record_files(), ids=lambda p: p.stem)
def test_links_to_organisations_are_stated_or_noted(path: Path) -> None:
    graph, record = record_graph(path)
    cited = cited_text(graph, record)
    noted = noted_links(graph, record)
    for org in sorted(linked_organisations(graph, record)):
        stated = any(mentions(cited.texts, name) for name in organisation_names(org))
        assert stated or org in noted, (
            f"{record} -> {org}: none of {organisation_names(org)} in {cited.ranges}, "
            "and no inferred-link note names it"
        )


def test_inferred_links_are_the_expected_ones() -> None:
    found = set()
    for path in record_files():
        graph, record = record_graph(path)
        found |= {(path.stem, str(org)[len(ORGANISATION) :]) for org in noted_links(graph, record)}
    assert found == INFERRED_LINKS


@pytest.mark.parametrize("path", sorted((DATA / "cas-usage").glob("*.ttl")), ids=lambda p: p.stem)
def test_ai_systems_are_stated_or_noted(path: Path) -> None:
    graph, record = record_graph(path)
    systems = list(graph.objects(record, AI.hasAISystem))
    record_notes = notes(graph, record)
    if NO_AI in record_notes:
        assert not systems, f"{record}: the source does not say AI is used, yet it has a system"
        assert (None, ns.RDF.type, IACOLL.SystemeIA) not in graph
        return
    assert len(systems) == 1, record
    assert (systems[0], ns.RDF.type, IACOLL.SystemeIA) in graph
    noted = any(n.startswith(INFERRED_TYPING) for n in record_notes)
    assert names_ai(graph, record) or noted, f"{record}: AI not named in the cited lines"


def test_inferred_typings_and_records_without_system_are_the_expected_ones() -> None:
    typings, without = set(), set()
    for path in sorted((DATA / "cas-usage").glob("*.ttl")):
        graph, record = record_graph(path)
        if any(n.startswith(INFERRED_TYPING) for n in notes(graph, record)):
            typings.add(path.stem)
        if graph.value(record, AI.hasAISystem) is None:
            without.add(path.stem)
    assert typings == INFERRED_TYPINGS
    assert without == WITHOUT_SYSTEM


@pytest.mark.parametrize("path", record_files(), ids=lambda p: p.stem)
def test_titles_are_editorial_and_keep_the_heading(path: Path) -> None:
    graph, record = record_graph(path)
    titles = list(graph.objects(record, ns.DCTERMS.title))
    assert len(titles) == 1 and titles[0] == graph.value(record, ns.RDFS.label), record
    title = str(titles[0])
    assert len(title) <= 80, f"{record}: {len(title)} characters"
    assert "..." not in title and "…" not in title, record
    headings = list(graph.objects(record, ns.DCTERMS.alternative))
    assert len(headings) == 1 and headings[0].language == "fr", record  # type: ignore[union-attr]
    assert any(n.startswith(EDITORIAL_TITLE) for n in notes(graph, record)), record
    if AI_WORDS.search(normalise(title)):
        assert names_ai(graph, record), f"{record}: « IA » in the title, not in the source"
        assert NO_AI not in notes(graph, record), record
        assert not any(n.startswith(INFERRED_TYPING) for n in notes(graph, record)), record
    assert graph.value(record, ns.DCTERMS.modified) == RECORD_MODIFIED, record


# Addresses of the documents and the lines that state them.
DOCUMENT_ADDRESSES = {
    "localtis-mag-15": (ns.FOAF.page, "http://www.banquedesterritoires.fr/edition-localtis"),
    "bibliotheque-ia-territoriales-2025": (
        ns.RDFS.seeAlso,
        "https://lesinterconnectes.github.io/Bibliotheque-IA-territoriale",
    ),
    "journee-expert-ia-tours-2025": (
        ns.RDFS.seeAlso,
        "https://www.evenements.interconnectes.com/journee-expert-ia-tours",
    ),
}


def test_documents_have_a_citation_and_only_addresses_they_state() -> None:
    graph = Graph().parse(DATA / "documents.ttl")
    documents = sorted(graph.subjects(IACOLL.fichierSource, None))
    assert len(documents) == 5
    for document in documents:
        slug = str(document)[len(DOCUMENT) :]
        text = (SEEDS / str(graph.value(document, IACOLL.fichierSource))).read_text("utf-8")
        citation = str(graph.value(document, ns.DCTERMS.bibliographicCitation))
        publishers = list(graph.objects(document, ns.DCTERMS.publisher))
        assert publishers, slug
        for publisher in publishers:
            assert any(name in citation for name in organisation_names(publisher)), slug
        issued = graph.value(document, ns.DCTERMS.issued)
        assert str(issued)[:4] in citation if issued else "non daté" in citation, slug
        addresses = [
            (p, str(o)) for p in (ns.FOAF.page, ns.RDFS.seeAlso) for o in graph.objects(document, p)
        ]
        assert addresses == ([DOCUMENT_ADDRESSES[slug]] if slug in DOCUMENT_ADDRESSES else [])
        for _prop, url in addresses:
            assert url in text, f"{slug}: {url} not in the document"
        if issued is None:
            assert any("date" in n for n in notes(graph, document)), slug

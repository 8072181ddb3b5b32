"""What the write API reads: JSON with error positions, JSON-LD split by access, text checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from iacoll import sources
from iacoll.model.record import Record
from iacoll.model.text_checks import literal_problems
from iacoll.namespaces import DCT, IACOLL, ID
from iacoll.web.api_body import InputError, parse_json
from iacoll.web.api_jsonld import parse_jsonld, record_iri, split

RECORDS = sorted(
    path for kind in ("cas-usage", "initiative") for path in (sources.DATA_DIR / kind).glob("*.ttl")
)


def _seed(path: Path) -> tuple[URIRef, Graph, Graph]:
    restricted_file = sources.DATA_DIR / "restreint" / path.name
    restricted = Graph().parse(restricted_file) if restricted_file.exists() else Graph()
    return URIRef(f"{ID}{path.parent.name}/{path.stem}"), Graph().parse(path), restricted


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_split_gives_back_every_seed_records_public_and_restricted_parts(path: Path) -> None:
    iri, public, restricted = _seed(path)
    record, warnings = split(public + restricted, iri)
    assert warnings == []
    assert isomorphic(record.public, public)
    assert isomorphic(record.restricted, restricted)


def test_jsonld_of_a_seed_record_parses_to_the_same_graph_and_names_its_record() -> None:
    iri, public, restricted = _seed(sources.DATA_DIR / "cas-usage" / "noisy-le-grand-recital.ttl")
    document = parse_json((public + restricted).serialize(format="json-ld").encode())
    graph = parse_jsonld(document, "https://w3id.org/iacoll/")
    assert record_iri(graph) == iri
    assert isomorphic(graph, public + restricted)
    record, _ = split(graph, iri)
    assert (iri, IACOLL.dispositifFinancement, None) in record.restricted
    assert (iri, IACOLL.dispositifFinancement, None) not in record.public


def test_jsonld_under_another_base_comes_back_under_the_default_base() -> None:
    iri, public, _ = _seed(sources.DATA_DIR / "cas-usage" / "amp-callbot-encombrants.ttl")
    moved = public.serialize(format="json-ld").replace(
        "https://w3id.org/iacoll/id/", "http://localhost:8000/id/"
    )
    graph = parse_jsonld(parse_json(moved.encode()), "http://localhost:8000/")
    assert record_iri(graph) == iri


def test_statements_about_another_record_are_dropped_with_a_warning() -> None:
    iri, public, _ = _seed(sources.DATA_DIR / "cas-usage" / "amp-callbot-encombrants.ttl")
    organisation = URIRef(f"{ID}organisation/metropole-aix-marseille-provence")
    public.add((organisation, DCT.title, Literal("Autre chose", lang="fr")))
    record, warnings = split(public, iri)
    assert (organisation, None, None) not in record.public
    assert [(w.severity, w.value) for w in warnings] == [("warning", str(organisation))]
    assert "ne fait pas partie de la fiche" in warnings[0].message_fr


def test_a_remote_context_is_refused_unfetched() -> None:
    with pytest.raises(InputError) as caught:
        parse_jsonld({"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "x"}, "b")
    assert caught.value.status == 422
    assert "contextes JSON-LD distants" in caught.value.message


@pytest.mark.parametrize(
    ("count", "document"),
    [(0, {"@id": "http://example.org/x"}), (2, None)],
)
def test_a_document_must_name_exactly_one_record(count: int, document: object) -> None:
    if document is None:
        document = {
            "@graph": [
                {"@id": f"{ID}cas-usage/a", "@type": str(IACOLL.Fiche)},
                {"@id": f"{ID}cas-usage/b", "@type": str(IACOLL.Fiche)},
            ]
        }
    with pytest.raises(InputError) as caught:
        record_iri(parse_jsonld(document, "https://w3id.org/iacoll/"))
    assert caught.value.status == 422
    assert f"il en décrit {count}" in caught.value.message


def test_malformed_json_names_line_and_column_in_french_and_english() -> None:
    with pytest.raises(InputError) as caught:
        parse_json(b'{\n  "nom_projet": "Callbot",\n  "theme" "Mobilit\xc3\xa9s"\n}')
    error = caught.value
    assert error.status == 400
    assert error.message == (
        "JSON mal formé ligne 3, colonne 11 (caractère 40) : deux-points sont attendus."
    )
    assert error.text("en") == (
        "Malformed JSON at line 3, column 11 (character 40): Expecting ':' delimiter."
    )


def test_text_that_is_not_utf8_is_refused_with_its_byte() -> None:
    with pytest.raises(InputError) as caught:
        parse_json('{"nom_projet": "Mobilités"}'.encode("cp1252"))
    assert "octet 24" in caught.value.message


def test_markup_and_control_characters_are_violations_on_their_field() -> None:
    iri = URIRef(f"{ID}cas-usage/essai")
    record = Record(iri, Graph(), Graph())
    record.public.add((iri, DCT.title, Literal("Chatbot<script>alert(1)</script>", lang="fr")))
    record.public.add((iri, DCT.description, Literal("Texte\x07collé", lang="fr")))
    record.public.add((iri, IACOLL.pointPositif, Literal("Texte sain\navec retour", lang="fr")))
    problems = literal_problems(record)
    assert [(p.field, p.severity, p.value) for p in problems] == [
        ("nom_projet", "violation", "Chatbot<script>alert(1)</script>"),
        ("usage_description", "violation", "Texte\\x07collé"),
    ]
    assert "HTML ou JavaScript" in problems[0].message_fr
    assert "caractère de contrôle" in problems[1].message_fr

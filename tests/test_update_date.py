"""The use case's update date (``dct:modified``) follows an agent's changes, not a reread."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from iacoll.model.record import Record
from iacoll.namespaces import DCT
from iacoll.publishing.update_date import stamped

CAS = URIRef("https://w3id.org/iacoll/id/cas-usage/exemple")
ORG = URIRef("https://w3id.org/iacoll/id/organisation/exemple")
DAY = date(2026, 12, 7)


def record(iri: URIRef, title: str, when: str | None) -> Record:
    graph = Graph()
    graph.add((iri, DCT.title, Literal(title, lang="fr")))
    if when is not None:
        graph.add((iri, DCT.modified, Literal(when, datatype=XSD.date)))
    return Record(iri, graph)


def dates(result: Record) -> set[str]:
    return {str(d) for d in result.public.objects(result.iri, DCT.modified)}


def test_a_changed_record_with_the_old_date_gets_the_day_of_the_save() -> None:
    previous = record(CAS, "Avant", "2025-01-21")
    assert dates(stamped(record(CAS, "Après", "2025-01-21"), previous, DAY)) == {"2026-12-07"}


def test_a_changed_record_without_a_date_gets_the_day_of_the_save() -> None:
    previous = record(CAS, "Avant", "2025-01-21")
    assert dates(stamped(record(CAS, "Après", None), previous, DAY)) == {"2026-12-07"}
    assert dates(stamped(record(CAS, "Nouvelle", None), None, DAY)) == {"2026-12-07"}


def test_a_date_the_agent_set_is_kept() -> None:
    previous = record(CAS, "Avant", "2025-01-21")
    assert dates(stamped(record(CAS, "Après", "2025-11-30"), previous, DAY)) == {"2025-11-30"}
    assert dates(stamped(record(CAS, "Nouvelle", "2024-02-29"), None, DAY)) == {"2024-02-29"}


def test_an_unchanged_record_keeps_its_date() -> None:
    previous = record(CAS, "Même", "2025-01-21")
    assert dates(stamped(record(CAS, "Même", "2025-01-21"), previous, DAY)) == {"2025-01-21"}


def test_only_use_cases_carry_the_date() -> None:
    previous = record(ORG, "Avant", None)
    assert dates(stamped(record(ORG, "Après", None), previous, DAY)) == set()

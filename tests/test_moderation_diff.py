"""The diff the moderators read: field by field with the upstream labels, then other triples."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from iacoll.model.record import Record
from iacoll.namespaces import AI, IACOLL, ID, VCARD, VOCAB
from iacoll.publishing.diff import diff, lines

CASE = ID["cas-usage/essai-diff"]
SYSTEM = ID["systeme/essai-diff"]


def record(title: str, email: str | None, themes: list[str], events: list[str]) -> Record:
    public, restricted = Graph(), Graph()
    public.add((CASE, RDF.type, IACOLL.Fiche))
    public.add((CASE, DCTERMS.title, Literal(title, lang="fr")))
    public.add((CASE, AI.hasAISystem, SYSTEM))
    for theme in themes:
        public.add((CASE, DCAT.theme, VOCAB[theme]))
    for text in events:
        event = BNode()
        public.add((CASE, IACOLL.evenement, event))
        public.add((event, DCTERMS.description, Literal(text, lang="fr")))
    if email is not None:
        contact = BNode()
        restricted.add((CASE, DCAT.contactPoint, contact))
        restricted.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    restricted.add((SYSTEM, DCTERMS.title, Literal("Algo", lang="fr")))
    return Record(CASE, public, restricted)


def test_fields_changed_are_labelled_and_other_triples_listed() -> None:
    before = record("Ancien titre", "a@example.org", ["theme/mobilite"], ["Lancement"])
    after = record(
        "Nouveau titre",
        "b@example.org",
        ["theme/mobilite", "sous-theme/stationnement"],
        ["Lancement", "Bilan"],
    )
    changes = diff(before, after)
    by_key = {c.field.key: c for c in changes.fields}
    assert sorted(by_key) == ["nom_projet", "projet_contact", "sous_theme"]
    assert by_key["nom_projet"].field.label_fr == "Projet"
    assert [str(v) for v in by_key["nom_projet"].before] == ["Ancien titre"]
    assert [str(v) for v in by_key["nom_projet"].after] == ["Nouveau titre"]
    assert by_key["projet_contact"].restricted
    assert [str(v) for v in by_key["projet_contact"].after] == ["mailto:b@example.org"]
    assert [str(v) for v in by_key["sous_theme"].after] == [str(VOCAB["sous-theme/stationnement"])]
    assert not by_key["sous_theme"].before
    # The event added is outside the fields: its triples, once each; the unchanged event and the
    # contact point's structure are not reported.
    added = list(lines(changes.added))
    assert len(added) == 2
    assert any('"Bilan"@fr' in line for line in added)
    assert any(str(IACOLL.evenement) in line for line in added)
    assert changes.removed == ()
    assert not changes.new_record and not changes.empty


def test_a_new_record_and_an_unchanged_one() -> None:
    submitted = record("Titre", None, ["theme/mobilite"], [])
    fresh = diff(None, submitted)
    assert fresh.new_record
    assert {c.field.key for c in fresh.fields} == {"nom_projet", "theme", "nom_algorithme"}
    same = diff(submitted, record("Titre", None, ["theme/mobilite"], []))
    assert same.empty


def test_removed_values_are_reported() -> None:
    changes = diff(
        record("T", "a@example.org", [], ["Lancement"]),
        record("T", None, [], []),
    )
    assert [c.field.key for c in changes.fields] == ["projet_contact"]
    assert [str(v) for v in changes.fields[0].before] == ["mailto:a@example.org"]
    assert changes.fields[0].after == ()
    assert any('"Lancement"@fr' in line for line in lines(changes.removed))

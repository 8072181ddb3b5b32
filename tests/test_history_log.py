"""The public past of a record, read from the revision log: publications in order, the
revisions once published (with their public part only) and the withdrawal of a record."""

from __future__ import annotations

import pytest

from iacoll.namespaces import DCT
from iacoll.publishing import history
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.settings import Settings
from tests.conftest import copy_store
from tests.moderation_support import contributor, log_writer, publish, seed_copy

SLUG = "essai-historique"
IRI = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
MODERATOR = Author(900, frozenset(), "moderateur")


@pytest.fixture(scope="module")
def writer(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Writer:
    return log_writer(copy_store(seed_settings, tmp_path_factory.mktemp("history-log")))


def test_publications_revisions_and_the_withdrawal(writer: Writer) -> None:
    first = seed_copy(SLUG, "Premier titre", email="secret@example.org")
    assert publish(writer, first) == 1
    draft = seed_copy(SLUG, "Brouillon jamais publié")
    writer.save(draft, author=contributor(1), state=State.BROUILLON, base_number=1)
    second = seed_copy(SLUG, "Second titre")
    assert publish(writer, second) == 3  # the draft is number 2, never published
    assert history.withdrawal(writer.db, IRI) is None
    with writer.db.transaction() as session:
        current = published_revision(session, IRI)
        assert current is not None
        current_id = current.id
    writer.transition(current_id, State.RETIRE, author=MODERATOR, comment="Projet abandonné.")

    found = history.events(writer.db, record_iri=IRI)
    assert [(e.kind, e.number, e.comment) for e in found] == [
        ("publication", 1, None),
        ("publication", 3, None),
        ("retrait", 3, "Projet abandonné."),
    ]
    assert [e.id for e in found] == sorted(e.id for e in found)
    assert all(e.at.tzinfo is not None for e in found)
    assert history.events(writer.db, after=found[0].id, record_iri=IRI) == found[1:]

    past = history.past_revisions(writer.db, IRI)
    assert [(p.number, p.state) for p in past] == [(1, State.REMPLACE), (3, State.RETIRE)]
    assert past[0].iri == IRI + "/revision/1"
    assert past[0].replaced_at == found[1].at and past[1].replaced_at == found[2].at
    titles = [str(p.public.public.value(p.public.iri, DCT.title)) for p in past]
    assert titles == ["Premier titre", "Second titre"]
    assert len(past[0].public.restricted) == 0  # never the restricted part
    assert "secret@example.org" not in past[0].public.public.serialize(format="nt")
    assert history.past_revision(writer.db, IRI, 2) is None  # a draft is never public

    gone = history.withdrawal(writer.db, IRI)
    assert gone is not None
    assert (gone.title, gone.reason) == ("Second titre", "Projet abandonné.")
    assert (
        gone.publisher == "https://w3id.org/iacoll/id/organisation/metropole-aix-marseille-provence"
    )
    assert gone.last is not None and gone.last.number == 3


def test_seed_records_have_one_publication_each(writer: Writer) -> None:
    sicoval = "https://w3id.org/iacoll/id/cas-usage/sicoval-fuites-eau"
    assert [(e.kind, e.number) for e in history.events(writer.db, record_iri=sicoval)] == [
        ("publication", 1)
    ]
    assert len(history.events(writer.db, limit=5)) == 5

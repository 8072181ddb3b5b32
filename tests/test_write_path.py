"""The one write path: validation on the record as given, one transaction in the revision log,
moderation states, optimistic concurrency, and the stores as projections of the log."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from sqlalchemy import func, select

from iacoll import generation, sources, store
from iacoll.model.record import Record
from iacoll.namespaces import DCT, IACOLL
from iacoll.projection import WriterLock, read_marks, record_graph, restricted_graph, write_marks
from iacoll.publishing import accounts, update_date
from iacoll.publishing.log import Publication, Revision, State, Transition
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import (
    Author,
    NotAllowed,
    RecordRejected,
    StaleRevision,
    Writer,
)
from iacoll.settings import Settings

CAS = "https://w3id.org/iacoll/id/cas-usage/"
ORG = "https://w3id.org/iacoll/id/organisation/"
RECORD = CAS + "sicoval-fuites-eau"
SICOVAL = ORG + "sicoval"
BASE = "https://w3id.org/iacoll/"
TITLE = URIRef(DCT.title)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Writer]]:
    """A store built from a copy of the seed folder, and its write path."""
    folder = tmp_path_factory.mktemp("write")
    shutil.copytree(sources.DATA_DIR, folder / "data")
    settings = Settings.from_env({}, store_path=folder / "store", data_path=folder / "data")
    store.build(settings)
    writer, _ = store.writer_for(settings)
    yield settings, writer
    writer.db.close()


def seed(iri: str, settings: Settings) -> Record:
    return next(r for r in seed_records(settings.data_path) if str(r.iri) == iri)


def copy(graph: Graph) -> Graph:
    duplicate = Graph()
    duplicate += graph
    return duplicate


def retitled(record: Record, title: str) -> Record:
    public = copy(record.public)
    public.set((record.iri, TITLE, Literal(title, lang="fr")))
    return Record(record.iri, public, copy(record.restricted))


def sicoval_agent() -> Author:
    return Author(account_id=7, organisations=frozenset({SICOVAL}))


def counts(writer: Writer) -> tuple[int, int, int]:
    with writer.db.transaction() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Revision, Transition, Publication)
        )


def shape(opened: ox.Store) -> list[tuple[str, ...]]:
    """The store's quads, blank nodes blurred (a replay mints new ones): a sorted multiset."""

    def term(node: object) -> str:
        return "_" if isinstance(node, ox.BlankNode) else str(node)

    return sorted(tuple(term(t) for t in quad) for quad in opened)


def titles(opened: ox.Store, iri: str) -> set[str]:
    return {
        q.object.value
        for q in opened.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(TITLE)), None)
    }


def withdraw(writer: Writer, iri: str) -> None:
    """An administrator withdraws the published revision of ``iri``."""
    revision = published(writer, iri, Revision.id)
    writer.transition(revision, State.RETIRE, author=Author(account_id=1, role="admin"))


def published(writer: Writer, iri: str, column: Any) -> int:
    """``column`` (the id, the number) of the published revision of ``iri``."""
    with writer.db.transaction() as session:
        value = session.scalar(
            select(column).where(Revision.record_iri == iri, Revision.state == State.PUBLIE.value)
        )
    assert value is not None
    return int(value)


def published_number(writer: Writer, iri: str) -> int:
    return published(writer, iri, Revision.number)


def test_a_draft_is_kept_incomplete_and_submitting_it_is_refused(
    built: tuple[Settings, Writer],
) -> None:
    settings, writer = built
    record = seed(RECORD, settings)
    public = copy(record.public)
    public.remove((record.iri, IACOLL.typeFiche, None))
    broken = Record(record.iri, public, record.restricted)
    before = counts(writer)
    draft = writer.save(broken, author=sicoval_agent(), base_number=1)
    assert draft.state is State.BROUILLON
    assert any(p.severity == "violation" and "typeFiche" in (p.path or "") for p in draft.problems)
    assert counts(writer)[0] == before[0] + 1
    with pytest.raises(RecordRejected) as refused:
        writer.save(broken, author=sicoval_agent(), state=State.SOUMIS, base_number=1)
    assert refused.value.status == 422
    assert "rien n'a été enregistré" in refused.value.message
    assert counts(writer)[0] == before[0] + 1  # the refused submission wrote nothing


def test_problems_name_the_upstream_field(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    record = seed(RECORD, settings)
    public = copy(record.public)
    public.remove((record.iri, DCT.title, None))
    problems = writer.validate(Record(record.iri, public, record.restricted))
    fields = {p.field for p in problems if p.severity == "violation"}
    assert "nom_projet" in fields


def test_only_the_organisations_agents_write_its_records(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    stranger = Author(account_id=8, organisations=frozenset({ORG + "ville-de-paris"}))
    before = counts(writer)
    with pytest.raises(NotAllowed) as refused:
        writer.save(retitled(seed(RECORD, settings), "Autre"), author=stranger, base_number=1)
    assert refused.value.status == 403
    assert counts(writer) == before


def test_submit_publish_project_and_generation(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    stores = store.open_stores(settings)
    base = published_number(writer, RECORD)
    before = generation.current(settings.store_path).number
    edited = retitled(seed(RECORD, settings), "Détection des fuites d'eau (révisée)")
    saved = writer.save(edited, author=sicoval_agent(), state=State.SOUMIS, base_number=base)
    assert saved.state is State.SOUMIS
    assert "Détection des fuites d'eau (révisée)" not in titles(stores.public, RECORD)
    moderator = Author(account_id=1, role="moderateur")
    writer.transition(saved.revision_id, State.PUBLIE, author=moderator)
    assert titles(stores.public, RECORD) == {"Détection des fuites d'eau (révisée)"}
    assert titles(stores.full, RECORD) == {"Détection des fuites d'eau (révisée)"}
    assert generation.current(settings.store_path).number > before
    assert published_number(writer, RECORD) == saved.number


def test_a_stale_edit_is_refused(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    record = seed(RECORD, settings)
    current = published_number(writer, RECORD)
    with pytest.raises(StaleRevision) as stale:
        writer.save(retitled(record, "Ancienne base"), author=sicoval_agent(), base_number=1)
    assert stale.value.status == 409
    assert f"révision {current}" in stale.value.message


def test_moderators_explain_a_refusal(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    base = published_number(writer, RECORD)
    saved = writer.save(
        retitled(seed(RECORD, settings), "À revoir"),
        author=sicoval_agent(),
        state=State.SOUMIS,
        base_number=base,
    )
    moderator = Author(account_id=1, role="moderateur")
    with pytest.raises(NotAllowed):
        writer.transition(saved.revision_id, State.MODIFICATIONS_DEMANDEES, author=moderator)
    with pytest.raises(NotAllowed):
        writer.transition(saved.revision_id, State.PUBLIE, author=sicoval_agent())
    asked = writer.transition(
        saved.revision_id,
        State.MODIFICATIONS_DEMANDEES,
        author=moderator,
        comment="Précisez la source des données.",
    )
    assert asked.state is State.MODIFICATIONS_DEMANDEES
    with writer.db.transaction() as session:
        revision = session.get(Revision, saved.revision_id)
        assert revision is not None
        assert revision.comment == "Précisez la source des données."


def test_restricted_parts_reach_only_the_complete_store(built: tuple[Settings, Writer]) -> None:
    settings, _ = built
    stores = store.open_stores(settings)
    iri = CAS + "amp-callbot-encombrants"
    hidden = restricted_graph(BASE, iri)
    assert stores.full.contains_named_graph(ox.NamedNode(hidden))
    assert not stores.public.contains_named_graph(ox.NamedNode(hidden))
    system = ox.NamedNode("https://w3id.org/iacoll/id/systeme/amp-callbot-encombrants")
    description = ox.NamedNode(str(DCT.description))
    assert not list(stores.public.quads_for_pattern(system, description, None))
    assert list(stores.full.quads_for_pattern(system, description, None))


def test_withdrawal_removes_the_record_graphs(built: tuple[Settings, Writer]) -> None:
    settings, writer = built
    stores = store.open_stores(settings)
    iri = CAS + "amp-callbot-encombrants"
    withdraw(writer, iri)
    for name in (record_graph(BASE, iri), restricted_graph(BASE, iri)):
        assert not stores.full.contains_named_graph(ox.NamedNode(name))
    assert not stores.public.contains_named_graph(ox.NamedNode(record_graph(BASE, iri)))


def test_replaying_the_log_gives_the_same_stores(built: tuple[Settings, Writer]) -> None:
    settings, _ = built
    stores = store.open_stores(settings)
    before = shape(stores.public), shape(stores.full)
    marks = read_marks(settings.store_path)
    write_marks(settings.store_path, {"public": 0, "complet": marks["complet"] - 3})
    _, projector = store.writer_for(settings)
    assert projector.catch_up() == marks["public"]
    assert (shape(stores.public), shape(stores.full)) == before
    assert read_marks(settings.store_path) == marks


def test_publishing_an_organisation_links_the_accounts_waiting_for_it(
    built: tuple[Settings, Writer],
) -> None:
    """An account attached by SIREN before its organisation was catalogued writes for the
    organisation once a revision of it is published."""
    settings, writer = built
    with writer.db.transaction() as session:
        agent = accounts.add_account(
            session,
            "attente@example.org",
            None,
            "contributeur",
            [accounts.Organisation("243100633", None)],  # Sicoval's SIREN, no IRI yet
        )
    assert agent.organisations == ()
    sicoval = seed(SICOVAL, settings)
    writer.save(
        retitled(sicoval, "Sicoval"),
        author=Author(None, frozenset(), "moderateur"),
        state=State.PUBLIE,
        base_number=published_number(writer, SICOVAL),
    )
    with writer.db.transaction() as session:
        linked = accounts.find_account(session, "attente@example.org")
    assert linked is not None and linked.organisations == (SICOVAL,)


def test_markup_and_control_characters_are_refused_even_in_a_draft(
    built: tuple[Settings, Writer],
) -> None:
    """Whichever way a record comes (here straight to the write path, as the command line and
    importers call it), a tag or a control character keeps it out, draft or not."""
    settings, writer = built
    before = counts(writer)
    for text, kind in (
        ("Fuites <script>alert(1)</script>", "HTML"),
        ("Fuites\x1b[31m", "contrôle"),
    ):
        record = retitled(seed(RECORD, settings), text)
        with pytest.raises(RecordRejected) as refused:
            writer.save(
                record,
                author=sicoval_agent(),
                state=State.BROUILLON,
                base_number=published_number(writer, RECORD),
            )
        titles = [p for p in refused.value.problems if p.field == "nom_projet"]
        assert [p.severity for p in titles] == ["violation"], refused.value.problems
        assert kind in titles[0].message_fr
    assert counts(writer) == before


def modified(opened: ox.Store, iri: str) -> set[str]:
    return {
        q.object.value
        for q in opened.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(DCT.modified)), None)
    }


def test_an_agents_edit_dates_the_record_and_a_source_keeps_its_date(
    built: tuple[Settings, Writer],
) -> None:
    """The record's ``dct:modified`` says when its published content last changed: an agent's
    undated edit gets the day of the save; a file's or register's date (CLI) is kept."""
    settings, writer = built
    stores = store.open_stores(settings)
    iri = CAS + "plaisir-optimus"
    given = seed(iri, settings)
    (old,) = {str(d) for d in given.public.objects(given.iri, DCT.modified)}
    assert old == "2026-12-06" != update_date.today().isoformat()
    moderator = Author(account_id=1, role="moderateur")
    plaisir = Author(account_id=8, organisations=frozenset({ORG + "ville-de-plaisir"}))

    edited = retitled(given, "Optimus (modifié par l'agent)")
    saved = writer.save(
        edited,
        author=plaisir,
        state=State.SOUMIS,
        base_number=published_number(writer, iri),
        source="api",
    )
    writer.transition(saved.revision_id, State.PUBLIE, author=moderator)
    assert modified(stores.public, iri) == {update_date.today().isoformat()}

    from_file = retitled(given, "Optimus (fichier)")
    writer.save(
        from_file,
        author=Author.system(),
        state=State.PUBLIE,
        base_number=published_number(writer, iri),
        source="cli",
    )
    assert modified(stores.public, iri) == {old}


def catalogue_links(opened: ox.Store) -> set[str]:
    """The records the catalogue graph lists (``dcat:resource``)."""
    graph = ox.NamedNode(BASE + "graph/catalogue")
    resource = ox.NamedNode("http://www.w3.org/ns/dcat#resource")
    return {q.object.value for q in opened.quads_for_pattern(None, resource, None, graph)}


def test_the_catalogue_links_follow_publications_before_any_refresh(
    built: tuple[Settings, Writer],
) -> None:
    """The projector keeps the catalogue graph's ``dcat:resource`` links in the transactions
    that apply the records (the dumps follow later, in the background)."""
    settings, writer = built
    stores = store.open_stores(settings)
    iri = CAS + "brivadois-mission-90"
    assert iri in catalogue_links(stores.public) and iri in catalogue_links(stores.full)
    withdraw(writer, iri)
    assert iri not in catalogue_links(stores.public) | catalogue_links(stores.full)
    record = retitled(seed(iri, settings), "Mission 90 (republiée)")
    writer.save(record, author=Author(account_id=1, role="admin"), state=State.PUBLIE)
    assert iri in catalogue_links(stores.public) and iri in catalogue_links(stores.full)
    title = ox.NamedNode(str(TITLE))
    titles = {
        q.object.value for q in stores.public.quads_for_pattern(ox.NamedNode(iri), title, None)
    }
    assert titles == {"Mission 90 (republiée)"}


def test_two_processes_take_turns_at_writing_the_stores(tmp_path: Path) -> None:
    """On SPARQL servers no store lock keeps ``iacoll publish`` from projecting beside the
    server: the projector's lock is also a ``flock`` in the state folder. While another process
    holds it, it cannot be taken; once that process has let it go, it can."""
    path = tmp_path / "projection.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "held\n"
        fd = os.open(path, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            holder.stdin.close()  # the holder leaves its ``with`` and exits
            assert holder.wait(timeout=60) == 0
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free now: does not raise
        finally:
            os.close(fd)
    finally:
        holder.kill()
    with WriterLock(path):  # and this process takes it the same way
        pass


HOLD_THE_LOCK = """
import sys
from pathlib import Path
from iacoll.projection import WriterLock
with WriterLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""

"""What the moderation, members and leak tests share: accounts and revisions.

Each test module copies the seed store built once for the session (``seed_settings``) into a
folder of its own (``tests.conftest.copy_store``), so that what it publishes never reaches the
other tests.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS

from iacoll import sources
from iacoll.model.record import Record
from iacoll.namespaces import IACOLL, ID, VCARD
from iacoll.publishing import accounts
from iacoll.publishing.accounts import Account
from iacoll.publishing.db import Database
from iacoll.publishing.log import Revision, State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.settings import Settings

SEED = "amp-callbot-encombrants"
PUBLIC_FILE = sources.DATA_DIR / "cas-usage" / f"{SEED}.ttl"
RESTRICTED_FILE = sources.DATA_DIR / "restreint" / f"{SEED}.ttl"
ORGANISATION = str(ID["organisation/metropole-aix-marseille-provence"])
OTHER_ORGANISATION = str(ID["organisation/bordeaux-metropole"])
SIRENS = {ORGANISATION: "200054807", OTHER_ORGANISATION: "243300316"}
PASSWORD = "une phrase de passe solide"


def log_writer(settings: Settings) -> Writer:
    """The write path over the log of ``settings``, without projecting: the application
    created afterwards projects what was published when it starts."""
    return Writer(settings, Database(settings))


def contributor(account_id: int) -> Author:
    """An author of the Aix-Marseille-Provence metropole."""
    return Author(account_id, frozenset({ORGANISATION}), "contributeur")


def moderator(account_id: int) -> Author:
    """A moderator."""
    return Author(account_id, frozenset(), "moderateur")


def publish(writer: Writer, record: Record) -> int:
    """Submit ``record`` as an agent of its organisation (from its published revision, if
    any) and publish it as a moderator, through the write path; its revision number."""
    with writer.db.transaction() as session:
        current = published_revision(session, str(record.iri))
        base = None if current is None else current.number
    saved = writer.save(record, author=contributor(1), state=State.SOUMIS, base_number=base)
    writer.transition(saved.revision_id, State.PUBLIE, author=moderator(900))
    return saved.number


def sign_in(client: TestClient, email: str, role: str, organisations: list[str]) -> Account:
    """Create the account (once) in the application's database and sign ``client`` in with
    it through ``/connexion``, as a person does."""
    app: Any = client.app
    with app.state.db.transaction() as session:
        account = accounts.find_account(session, email) or accounts.add_account(
            session,
            email,
            PASSWORD,
            role,
            [accounts.Organisation(SIRENS[iri], iri) for iri in organisations],
        )
    client.cookies.clear()
    form = client.get("/connexion").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    answer = client.post(
        "/connexion",
        data={"email": email, "password": PASSWORD, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return account


def seed_copy(
    slug: str,
    title: str,
    *,
    email: str | None = None,
    funding: str | None = None,
    algorithm: str | None = None,
    publisher: str = ORGANISATION,
) -> Record:
    """A new use case of Aix-Marseille-Provence: the seed record ``amp-callbot-encombrants``
    (which conforms to the shapes) under ``slug`` with ``title``, plus restricted values."""
    old_case, old_system = ID["cas-usage/" + SEED], ID["systeme/" + SEED]
    iri, system = ID[f"cas-usage/{slug}"], ID[f"systeme/{slug}"]
    moved = {old_case: iri, old_system: system}
    public, restricted = Graph(), Graph()
    for source, target in ((PUBLIC_FILE, public), (RESTRICTED_FILE, restricted)):
        for s, p, o in Graph().parse(source):
            target.add((moved.get(s, s), p, moved.get(o, o)))  # type: ignore[arg-type]
    public.set((iri, DCTERMS.publisher, URIRef(publisher)))
    for prop in (DCTERMS.title, RDFS.label):
        public.set((iri, prop, Literal(title, lang="fr")))
    if email:
        contact = BNode()
        restricted.add((iri, DCAT.contactPoint, contact))
        restricted.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    if funding:
        restricted.add((iri, IACOLL.descriptionFinancement, Literal(funding, lang="fr")))
    if algorithm:
        restricted.add((system, DCTERMS.title, Literal(algorithm, lang="fr")))
    return Record(iri, public, restricted)


def latest(db: Database, iri: str) -> Revision:
    """The latest revision of the record ``iri``."""
    from sqlalchemy import select

    with db.transaction() as session:
        found = session.scalars(
            select(Revision).where(Revision.record_iri == iri).order_by(Revision.number.desc())
        ).first()
        assert found is not None
        return found

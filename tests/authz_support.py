"""The scene of the authorisation tests: two organisations, their agents, B's drafts.

Aix-Marseille-Provence (A) and Bordeaux Métropole (B) each have a contributor; B has a draft
revision of its published seed record ``bordeaux-calque-plantabilite``, a record that was never
published, an upload kept server-side and an API token. Every draft value carries
:data:`MARK`, so that a draft leaking anywhere is found by a plain substring search.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from iacoll import sources
from iacoll.model.record import Record
from iacoll.model.upstream import from_records
from iacoll.namespaces import IACOLL, ID
from iacoll.publishing import accounts, tokens, uploads
from iacoll.publishing.accounts import Organisation
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from tests.write_side import AMP, AMP_SIREN, BORDEAUX, BORDEAUX_SIREN, renamed, seed_record

MARK = "BROUILLON-B-7F3A"  # in every value of B's drafts, nowhere else
PASSWORD = "une phrase de passe solide"
B_SEED = "bordeaux-calque-plantabilite"
B_PUBLISHED = f"{ID}cas-usage/{B_SEED}"
B_NEW = f"{ID}cas-usage/bordeaux-brouillon-authz"
# A restricted value of B's published record (its system's iacoll:operations, in
# data/restreint/bordeaux-calque-plantabilite.ttl),
# in no public file: every signed-in member may read it (README, « Champs réservés aux
# membres »), the public not.
B_RESTRICTED = "En croisant diverses données souterraines et de surface"
A_EMAIL, B_EMAIL = "agent@ampmetropole.fr", "agent@bordeaux-metropole.fr"
MODERATOR_EMAIL = "moderation@iacoll.fr"
_hosts = (f"10.9.0.{n}" for n in itertools.count(1))


@dataclass(frozen=True)
class Scene:
    """What the tests act on: the started app and B's ids."""

    app: FastAPI
    a_token: str  # A's token, scope fiches:ecrire
    b_token: str
    b_token_id: int
    b_base: int  # the number of B's published revision
    b_revision: int  # B's draft revision of its published record
    b_new_revision: int  # the revision of B's never-published record
    b_depot: str


def add(app: FastAPI, email: str, role: str, organisations: dict[str, str]) -> accounts.Account:
    """A new account of ``organisations`` (SIREN → IRI)."""
    members = [Organisation(siren, iri) for siren, iri in organisations.items()]
    with app.state.db.transaction() as session:
        return accounts.add_account(session, email, PASSWORD, role, members)


def token(app: FastAPI, account_id: int, *scopes: str) -> tokens.IssuedToken:
    with app.state.db.transaction() as session:
        return tokens.issue_token(session, account_id, "essai", scopes or tokens.DEFAULT_SCOPES)


def browser(app: FastAPI, email: str | None = None) -> TestClient:
    """A browser of its own (cookies, client address), signed in as ``email`` if given."""
    client = TestClient(app, client=(next(_hosts), 50000))
    if email is not None:
        data = {"email": email, "password": PASSWORD, "csrf": csrf(client)}
        signed = client.post("/connexion", data=data, follow_redirects=False)
        assert signed.status_code == 303, signed.text
    return client


def csrf(client: TestClient, **headers: str) -> str:
    """The CSRF token of ``client``'s session (opened by the sign-in page if need be)."""
    found = re.search(
        r'name="csrf" value="([^"]+)"', client.get("/connexion", headers=headers).text
    )
    assert found is not None
    return found.group(1)


def b_draft(title: str, base: Record) -> Record:
    """``base`` retitled ``title`` with a restricted funding text: every value carries MARK."""
    public, restricted = Graph() + base.public, Graph() + base.restricted
    for prop in (DCTERMS.title, RDFS.label):
        public.set((base.iri, prop, Literal(title, lang="fr")))
    funding = Literal(f"Fonds {MARK}", lang="fr")
    restricted.set((base.iri, IACOLL.descriptionFinancement, funding))
    return Record(URIRef(base.iri), public, restricted)


def build_scene(app: FastAPI) -> Scene:
    """Accounts, B's drafts, B's upload and token, in the started ``app``."""
    a = add(app, A_EMAIL, "contributeur", {AMP_SIREN: AMP})
    b = add(app, B_EMAIL, "contributeur", {BORDEAUX_SIREN: BORDEAUX})
    add(app, MODERATOR_EMAIL, "moderateur", {})
    writer: Writer = app.state.writer
    author = Author(b.id, frozenset({BORDEAUX}), "contributeur")
    with writer.db.transaction() as session:
        published = published_revision(session, B_PUBLISHED)
        assert published is not None
        base = published.number
    seeded = seed_record("cas-usage", B_SEED)
    draft = writer.save(b_draft(f"Calque {MARK}", seeded), author=author, base_number=base)
    new = b_draft(f"Nouveau {MARK}", renamed(seeded, B_NEW.rsplit("/", 1)[1]))
    never = writer.save(new, author=author, state=State.SOUMIS)
    b_token = token(app, b.id)
    depot = uploads.keep(writer.db, b.id, "b.csv", b_csv(f"Dépôt {MARK}"))
    a_token = token(app, a.id).secret
    return Scene(
        app, a_token, b_token.secret, b_token.id, base, draft.revision_id, never.revision_id, depot
    )


def b_csv(title: str) -> bytes:
    """An upstream CSV row of B's seed record retitled ``title`` (carrier: Bordeaux)."""
    organisation = Graph().parse(sources.DATA_DIR / "organisation" / "bordeaux-metropole.ttl")
    values = from_records(seed_record("cas-usage", B_SEED), organisation)
    row = {key: ", ".join(texts) for key, texts in values.items()}
    row["nom_projet"] = title
    keys = ["coll_nom", "coll_siret", "coll_type", "nom_projet"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(keys)
    writer.writerow([row.get(k, "") for k in keys])
    return buffer.getvalue().encode("utf-8")


def jsonld(record: Record, publisher: str | None = None) -> dict[str, Any]:
    """``record`` as a JSON-LD body, its publisher replaced by ``publisher`` if given."""
    import json

    graph = record.public + record.restricted
    if publisher is not None:
        graph.set((record.iri, DCTERMS.publisher, URIRef(publisher)))
    return {"@graph": json.loads(graph.serialize(format="json-ld"))}


def routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route of ``app``, through included routers; HEAD left out (the
    HeadAsGet middleware answers it as the GET)."""

    def walk(found: list[Any]) -> Iterator[Any]:
        for route in found:
            inner = getattr(route, "original_router", None)
            yield from walk(inner.routes) if inner is not None else [route]

    for route in walk(list(app.routes)):
        for method in sorted(getattr(route, "methods", None) or ()):
            if method != "HEAD":
                yield method, route.path

"""Publications during the soak, and the records-lost check.

A contributor keeps saving new use cases through the write API (the seed record
``amp-callbot-encombrants`` under a new IRI, its restricted fields carrying
:data:`~bench.soak.tally.RESTRICTED_MARK`) and a moderator approves each one with a token; every
third time a draft titled with :data:`~bench.soak.tally.UNPUBLISHED_MARK` is saved and never
published. At the end, every committed revision (every 2xx write) must be in the revision log
with its state, and every published record on its public page and in the SPARQL endpoint.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS
from rdflib.term import Node

from bench.soak.stage import Tokens
from bench.soak.tally import RESTRICTED_MARK, UNPUBLISHED_MARK, Tally
from iacoll import sources
from iacoll.namespaces import DEFAULT_BASE, IACOLL, ID, VCARD

SEED = "amp-callbot-encombrants"
PAUSE = 1.0  # seconds between two publications


def document(slug: str, title: str) -> dict[str, Any]:
    """The seed record as the new use case ``slug``, in JSON-LD, with marked restricted
    fields (a contact e-mail and a funding text)."""
    moves: dict[Node, Node] = {
        ID["cas-usage/" + SEED]: ID[f"cas-usage/{slug}"],
        ID["systeme/" + SEED]: ID[f"systeme/{slug}"],
    }
    graph = Graph()
    for source in (sources.DATA_DIR / "cas-usage", sources.DATA_DIR / "restreint"):
        for s, p, o in Graph().parse(source / f"{SEED}.ttl"):
            graph.add((moves.get(s, s), p, moves.get(o, o)))
    iri = ID[f"cas-usage/{slug}"]
    for prop in (DCTERMS.title, RDFS.label):
        graph.set((iri, prop, Literal(title, lang="fr")))
    contact = BNode()
    graph.add((iri, DCAT.contactPoint, contact))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{RESTRICTED_MARK}-{slug}@example.org")))
    funding = f"{RESTRICTED_MARK.upper()} : financement interne"
    graph.add((iri, IACOLL.descriptionFinancement, Literal(funding, lang="fr")))
    return {"@graph": json.loads(graph.serialize(format="json-ld"))}


class Publisher:
    """Saves and publishes records through the API until ``deadline``."""

    def __init__(self, url: str, tokens: Tokens, tally: Tally, run: str) -> None:
        self.url, self.tokens, self.tally, self.run = url, tokens, tally, run
        self.committed: list[tuple[str, int, str]] = []  # (IRI, revision id, expected state)

    async def loop(self, deadline: float) -> None:
        async with httpx.AsyncClient(base_url=self.url, timeout=120) as http:
            number = 0
            while time.monotonic() < deadline:
                number += 1
                await self.publish(http, number)
                if number % 3 == 1:
                    await self.draft(http, number)
                await asyncio.sleep(PAUSE)

    async def save(self, http: httpx.AsyncClient, slug: str, title: str, state: str) -> int | None:
        """Save the record ``slug`` in ``state``; its revision id (None when refused)."""
        response = await http.post(
            "/api/v1/fiches",
            params={"etat": state},
            json=document(slug, title),
            headers={"Authorization": f"Bearer {self.tokens.contributor}",
                     "Content-Type": "application/ld+json"},
        )  # fmt: skip
        self.tally.answered("write", response)
        if response.status_code not in (200, 201):
            self.tally.notes.append(f"save {slug}: {response.status_code} {response.text[:150]}")
            return None
        revision: int = response.json()["revision"]
        self.committed.append((str(ID[f"cas-usage/{slug}"]), revision, state))
        return revision

    async def publish(self, http: httpx.AsyncClient, number: int) -> None:
        slug = f"endurance-{self.run}-{number}"
        revision = await self.save(
            http, slug, f"Essai d'endurance {self.run} n° {number}", "soumis"
        )
        if revision is None:
            return
        decision = await http.post(
            f"/moderation/revision/{revision}/approuver",
            headers={"Authorization": f"Bearer {self.tokens.moderator}"},
        )
        self.tally.answered("moderation", decision)
        if decision.status_code == 303:
            self.committed[-1] = (self.committed[-1][0], revision, "publie")
            self.tally.published.append(str(ID[f"cas-usage/{slug}"]))
        else:
            self.tally.notes.append(f"approve {slug}: {decision.status_code}")

    async def draft(self, http: httpx.AsyncClient, number: int) -> None:
        slug = f"brouillon-{self.run}-{number}"
        title = f"Fiche {UNPUBLISHED_MARK.upper()} {number}"
        state = "brouillon" if number % 2 else "soumis"
        if await self.save(http, slug, title, state) is not None:
            self.tally.drafts.append(str(ID[f"cas-usage/{slug}"]))


def check_log(store: Path, committed: list[tuple[str, int, str]], tally: Tally) -> None:
    """Every committed revision is in the revision log (read after the server stopped), in
    the state the soak left it."""
    with sqlite3.connect(store / "iacoll.sqlite3") as db:
        rows = dict(
            (row[0], (row[1], row[2]))
            for row in db.execute("SELECT id, record_iri, state FROM revision")
        )
    for iri, revision, state in committed:
        if rows.get(revision) != (iri, state):
            tally.lost.append(f"revision {revision} of {iri}: {rows.get(revision)} in the log")


async def check_public(url: str, tally: Tally) -> None:
    """Every published record has its public page and answers in the SPARQL endpoint."""
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        for iri in tally.published:
            path = "/" + iri.removeprefix(DEFAULT_BASE)
            page = await http.get(path, headers={"Accept": "text/html"})
            if page.status_code != 200:
                tally.lost.append(f"{iri}: page {page.status_code}")
            tally.scan(path, page.content)
            if not await _asked(http, f"ASK {{ <{iri}> ?p ?o }}"):
                tally.lost.append(f"{iri}: not in the SPARQL endpoint")
        for iri in tally.drafts:
            path = "/" + iri.removeprefix(DEFAULT_BASE)
            page = await http.get(path, headers={"Accept": "text/html"})
            if page.status_code != 404:
                tally.leaks.append(f"{path}: unpublished draft answered {page.status_code}")


async def _asked(http: httpx.AsyncClient, query: str) -> bool:
    """The boolean of an ASK query (asked again while the endpoint says to come back)."""
    for _ in range(10):
        answer = await http.get(
            "/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        if answer.status_code == 200:
            return bool(answer.json()["boolean"])
        await asyncio.sleep(float(answer.headers.get("retry-after", "2")))
    return False

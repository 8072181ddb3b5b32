"""Publishing one new record into the large catalogue, through the API, until it is visible.

An agent of the Métropole Aix-Marseille-Provence (a seed organisation, its SIREN read from its
seed record) creates a copy of one of the Métropole's seed use cases with ``POST
/api/v1/fiches`` (validated on the write path), submits it, and a moderator approves it
(``/moderation/revision/{n}/approuver``), both with API tokens. Measured: the write (create +
submit), the approval, and from the start of the approval until the record's page answers 200
and until ``ASK`` on ``/sparql`` answers true.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
from rdflib import URIRef

from bench.generate import DATA, use_case
from bench.mixes import local
from iacoll.namespaces import IACOLL, ID
from iacoll.publishing import accounts, tokens
from iacoll.publishing.db import Database
from iacoll.publishing.seed import seed_records
from iacoll.settings import Settings

AMP = f"{ID}organisation/metropole-aix-marseille-provence"
TEMPLATE = f"{ID}cas-usage/amp-callbot-encombrants"
POLL_S = 0.02


def tokens_for(store: Path) -> tuple[str, str]:
    """API tokens of a new agent of the Métropole and of a new moderator (in the store's log)."""
    records = {str(r.iri): r for r in seed_records(DATA)}
    siren = str(records[AMP].public.value(URIRef(AMP), IACOLL.siren))
    db = Database(Settings.from_env(store_path=store, data_path=DATA))
    stamp = int(time.time())
    with db.transaction() as session:
        organisation = accounts.Organisation(siren, AMP)
        agent = accounts.add_account(
            session, f"agent-{stamp}@bench.iacoll.fr", None, "contributeur", [organisation]
        )
        moderator = accounts.add_account(
            session, f"moderation-{stamp}@bench.iacoll.fr", None, "moderateur"
        )
        writes = tokens.issue_token(session, agent.id, "bench").secret
        moderates = tokens.issue_token(session, moderator.id, "bench", ["moderation"]).secret
    db.close()
    return writes, moderates


def _visible(http: httpx.Client, iri: str) -> tuple[bool, bool]:
    page = http.get(local(iri)).status_code == 200
    ask = http.get(
        "/sparql",
        params={"query": f"ASK {{ <{iri}> ?p ?o }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    return page, ask.status_code == 200 and bool(json.loads(ask.content).get("boolean"))


def publish_one(base: str, writes: str, moderates: str, number: int) -> dict[str, Any]:
    """One record created, submitted, approved, then waited for; the times, in seconds."""
    template = next(r for r in seed_records(DATA) if str(r.iri) == TEMPLATE)
    record = use_case(template, number, URIRef(AMP), None)
    slug = record.slug
    body = (record.public + record.restricted).serialize(format="json-ld")
    agent = {"Authorization": f"Bearer {writes}", "Content-Type": "application/ld+json"}
    with httpx.Client(base_url=base, timeout=120) as http:
        start = time.perf_counter()
        created = http.post("/api/v1/fiches", content=body, headers=agent)
        created.raise_for_status()
        submitted = http.post(f"/api/v1/fiches/cas-usage/{slug}/soumettre", headers=agent)
        submitted.raise_for_status()
        written = time.perf_counter()
        approved = http.post(
            f"/moderation/revision/{submitted.json()['revision']}/approuver",
            headers={"Authorization": f"Bearer {moderates}"},
            follow_redirects=False,
        )
        if approved.status_code != 303:
            raise RuntimeError(f"approval refused: {approved.status_code} {approved.text[:300]}")
        approving = time.perf_counter()
        times: dict[str, float] = {}
        while len(times) < 2 and time.perf_counter() - approving < 120:
            page, ask = _visible(http, str(record.iri))
            for name, seen in (("page_visible_s", page), ("sparql_visible_s", ask)):
                if seen and name not in times:
                    times[name] = round(time.perf_counter() - written, 3)
            time.sleep(POLL_S)
    return {
        "write_s": round(written - start, 3),
        "approve_s": round(approving - written, 3),
        **times,
    }


def publications(base: str, store: Path, repeat: int = 3) -> list[dict[str, Any]]:
    """``repeat`` publications, one after the other."""
    writes, moderates = tokens_for(store)
    first = int(time.time())  # new slugs on a store measured before (--reuse)
    out = []
    for number in range(first, first + repeat):
        try:
            out.append(publish_one(base, writes, moderates, number))
        except (httpx.HTTPError, RuntimeError) as exc:
            out.append({"error": str(exc)[:300]})
    return out

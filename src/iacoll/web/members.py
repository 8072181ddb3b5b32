"""What signed-in members see that the public does not: the upstream *Restreint* fields.

Two ways in, both for any signed-in account (session cookie or ``Authorization: Bearer``):

- on a record page, a section « Champs réservés aux membres », each value marked « non
  publique ». :func:`install` gives the record template a function that renders it; for an
  anonymous visitor it renders nothing, so the public page is byte-for-byte what it was. The
  values come from the record's published revision in the revision log (the source the complet
  store is projected from), never from a draft;
- ``/sparql/membres``: the SPARQL protocol over the complet store, with the public endpoint's
  guard (no SERVICE, no update, only the store's own graphs) and worker processes. Read-only:
  the store is opened read-only by the workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from rdflib import Graph, URIRef
from rdflib.term import Node

from iacoll import generation, remote, store
from iacoll.errors import IacollError
from iacoll.model.fields import FIELDS
from iacoll.model.footprint import footprint_triples
from iacoll.namespaces import DEFAULT_BASE, IACOLL
from iacoll.pages.changes import text_of
from iacoll.pages.footprint_text import footprint_lines
from iacoll.pages.i18n import language_of, translator
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.publishing import queue
from iacoll.publishing.db import Database
from iacoll.publishing.diff import field_values
from iacoll.settings import Settings
from iacoll.sparql import protocol
from iacoll.sparql.admission import Admission
from iacoll.sparql.spool import Spool
from iacoll.sparql.workers import WorkerPool
from iacoll.web import auth

SCOPE = "restreint:lire"  # what an API token needs to read the restricted fields


class MembersOnly(IacollError):
    """A members' route reached without signing in."""

    status = 401


class MembersForbidden(IacollError):
    """A token without the scope that reads the restricted fields."""

    status = 403


@dataclass(frozen=True)
class Entry:
    """One restricted field (or property) of a record and its values, as the page shows it."""

    label: str
    values: list[str]


def restricted_entries(
    site: Site, record_iri: str, restricted: Graph, public: Graph, lang: str
) -> list[Entry]:
    """The record's restricted values: the upstream fields first, in the model's order, then
    every other restricted property (descriptions of funding, of data…) by its label."""
    union = public + restricted
    focus = URIRef(record_iri)
    found: list[Entry] = []
    walked: set[tuple[Node, Node, Node]] = set()
    for field in FIELDS:
        if field.access != "restreint":
            continue
        values, triples = field_values(union, focus, field)
        walked |= triples
        if values:
            label = field.label_en if lang == "en" else field.label_fr
            found.append(Entry(label, [text_of(site, v, lang) for v in values]))
    # The structured environmental footprint, in words (pages/footprint_text.py).
    for system in set(restricted.subjects(IACOLL.empreinteEnvironnementale)) | set(
        restricted.subjects(IACOLL.bonnePratiqueFrugalite)
    ):
        lines = footprint_lines(restricted, system, lambda n: text_of(site, n, lang), lang)
        found.append(Entry(translator(lang)("empreinte.title"), lines))
    walked |= set(footprint_triples(restricted))
    inner = {t[2] for t in walked}  # nodes a field path goes through (a contact point)
    others: dict[str, list[str]] = {}
    for s, p, o in sorted(restricted):
        if (s, p, o) in walked or s in inner:
            continue
        label = text_of(site, p, lang) if isinstance(p, URIRef) else str(p)
        others.setdefault(label, []).append(text_of(site, o, lang))
    found += [Entry(label, values) for label, values in others.items()]
    return found


def default_base_iri(site: Site, iri: str) -> str:
    """``iri`` (under the site's base) as the revision log names it (default base)."""
    return DEFAULT_BASE + iri.removeprefix(site.base) if iri.startswith(site.base) else iri


def install(pages: Pages, site: Site, db: Database) -> None:
    """Give templates ``membres_section(request, focus)``: the members-only section of a record
    page for a signed-in member, empty markup for anyone else."""
    template = pages.env.get_template("membres/section.html")

    def membres_section(request: Request, focus: str) -> Markup:
        if not auth.reads_restricted(request):
            return Markup("")
        iri = default_base_iri(site, str(focus))
        record = queue.published_record(db, iri)
        if record is None:
            return Markup("")
        lang = language_of(request)
        entries = restricted_entries(site, iri, record.restricted, record.public, lang)
        return Markup(template.render(lang=lang, t=translator(lang), entries=entries))

    pages.env.globals["membres_section"] = membres_section


class MembersEndpoint:
    """The SPARQL endpoint over the complet store: its worker pool and the graphs it serves,
    listed from ``full`` (the complet store this process projects into) again whenever the
    store generation moves, since publications add graphs."""

    def __init__(self, settings: Settings, full: ox.Store) -> None:
        self.settings, self.full = settings, full
        self.endpoint = protocol.Endpoint(None, self.graphs, settings.query_max_rows)  # type: ignore[arg-type]
        self._generation = -1
        self._graphs: tuple[str, ...] = ()

    def start(self, spool: Spool | None = None) -> None:
        """Start the worker process (one: members are few), its large answers in ``spool``."""
        servers = remote.servers(self.settings)  # or the complet store's SPARQL server
        self.endpoint.pool = WorkerPool(
            servers[1] if servers else store.full_store_path(self.settings),
            root=self.settings.store_path,
            size=1,
            memory_mb=self.settings.query_memory_mb,
            timeout=self.settings.query_timeout,
            spool=spool,
        )
        self.endpoint.admission = Admission(
            1, per_client=self.settings.query_per_client, queue=self.settings.query_queue
        )

    def close(self) -> None:
        """Stop the worker process."""
        if self.endpoint.pool is not None:
            self.endpoint.pool.close()
        if self.endpoint.admission is not None:
            self.endpoint.admission.close()

    def current(self) -> protocol.Endpoint:
        """The endpoint, its graphs up to date with the store generation."""
        number = generation.current(self.settings.store_path).number
        if number != self._generation or not self._graphs:
            names = self.full.named_graphs()
            self._graphs = tuple(sorted(g.value for g in names if isinstance(g, ox.NamedNode)))
            self._generation = number
        return self.endpoint

    def graphs(self) -> tuple[str, ...]:
        """The complet store's graphs (what FROM / FROM NAMED may name here)."""
        self.current()
        return self._graphs


def member(request: Request) -> None:
    """Refuse anyone not signed in (401, in French); an invalid token gets its own 401."""
    account = auth.current_account(request)
    if account is None:
        raise MembersOnly(
            "Le point d'accès SPARQL des membres est réservé aux comptes connectés : "
            "connectez-vous, ou envoyez votre jeton dans l'en-tête « Authorization: Bearer ». "
            "Le point d'accès public est /sparql.",
            detail="The members' SPARQL endpoint needs a signed-in account or an API token "
            "(Authorization: Bearer). The public endpoint is /sparql.",
        )
    if not account.has_scope(SCOPE):
        raise MembersForbidden(
            f"Ce jeton d'API n'a pas la portée « {SCOPE} » : créez-en un qui l'a, depuis la "
            "page « Mon compte ».",
            detail=f"This API token lacks the scope '{SCOPE}'.",
        )


def router(members: MembersEndpoint) -> APIRouter:
    """``/sparql/membres`` (GET, HEAD, POST)."""
    api = APIRouter()

    async def answer(request: Request) -> Response:
        member(request)
        operation = await protocol.parse_request(request)
        endpoint = members.current()
        if operation.query is None and not operation.update:
            raise protocol.BadRequest(
                "Paramètre « query » manquant : indiquez une requête SPARQL.",
                detail="Missing 'query' parameter.",
            )
        response = await endpoint.answer(operation, request)
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["Vary"] = "Accept, Cookie, Authorization"
        return response

    route: Callable[[Request], object] = answer
    api.add_api_route(
        "/sparql/membres",
        route,
        methods=["GET", "POST"],
        name="sparql_membres",
        include_in_schema=False,
    )
    return api

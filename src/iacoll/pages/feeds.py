"""The change feeds on the web: the Linked Data Event Stream (:mod:`iacoll.feeds.ldes`) at
``/flux/ldes`` and its pages ``/flux/ldes/{n}``, and the Atom feed of publications at
``/flux/publications.atom``.

Both read the revision log up to the publication the stores reflect (the store generation), so
a replica built from the feed equals the public store. A complete page of the stream never
changes: ``Cache-Control: public, max-age=31536000, immutable`` and a strong ``ETag`` (the
digest of its body), kept in memory across generations; the open last page, the stream's
description and the Atom feed are rebuilt when the generation moves and cached for a minute
(:data:`SHORT`). Pages are TriG, N-Quads or JSON-LD (the members' content is in named graphs);
the description is also Turtle and N-Triples.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator
from rdflib import Dataset, Graph, URIRef

from iacoll import conneg
from iacoll.errors import IacollError
from iacoll.feeds import ldes
from iacoll.namespaces import AS, DCT, LDES, PREFIXES, TREE
from iacoll.numbers import whole
from iacoll.pages.dates import human_date
from iacoll.pages.i18n import language_of, translator
from iacoll.pages.site import Site
from iacoll.pages.view import not_modified, written
from iacoll.publishing import history
from iacoll.publishing.db import Database
from iacoll.publishing.history import Event

ATOM_PATH = "flux/publications.atom"
ATOM_SIZE = 50  # latest publications in the Atom feed
ATOM_TYPE = "application/atom+xml"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
KEPT = 256  # complete pages kept in memory (by page, format and URL root)
PAGE_FORMATS = tuple(conneg.BY_KEY[k] for k in ("trig", "nquads", "jsonld"))
STREAM_FORMATS = (*PAGE_FORMATS, *(conneg.BY_KEY[k] for k in ("turtle", "ntriples")))
TITLE = ox.NamedNode(str(DCT.title))
NAMESPACES = (*PREFIXES.items(), ("ldes", LDES), ("tree", TREE), ("as", AS))


class FeedPageNotFound(IacollError):
    """A page of the change feed that does not exist (404)."""

    status = 404


def serialise(data: Graph, fmt: conneg.Format) -> bytes:
    """``data`` in ``fmt`` (a graph in a dataset format goes in the default graph)."""
    if fmt.kind == "dataset" and not isinstance(data, Dataset):
        dataset = Dataset()
        for prefix, namespace in data.namespaces():
            dataset.bind(prefix, namespace)
        for triple in data:
            dataset.add(triple)
        data = dataset
    body: bytes = data.serialize(format=fmt.rdflib or "trig", encoding="utf-8")
    return body


def answer(
    request: Request, body: bytes, fmt: conneg.Format, cache: str, last: datetime | None
) -> Response:
    """The response with its validators (strong ``ETag``: the body's digest) or a 304."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": cache, "Vary": "Accept"}
    if last is not None:
        headers["Last-Modified"] = format_datetime(last.astimezone(UTC), usegmt=True)
    if not_modified(request, etag, last):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=fmt.content_type, headers=headers)


def _negotiate(request: Request, candidates: tuple[conneg.Format, ...]) -> conneg.Format:
    explicit = request.query_params.get("format")
    return conneg.negotiate(request.headers.get("accept"), candidates, explicit)


class Feeds:
    """The feeds of one site: what the log holds up to the site's generation."""

    def __init__(self, site: Site, db: Database, page_size: int = ldes.PAGE_SIZE) -> None:
        self.site, self.db, self.page_size = site, db, page_size
        self.cache = site.cache("feeds")
        self.complete: OrderedDict[tuple[int, str, str], bytes] = OrderedDict()

    @property
    def upto(self) -> int:
        """The last publication the stores reflect."""
        return self.site.generation.number

    def page_url(self, request: Request) -> Callable[[int], str]:
        root = str(request.base_url)
        return lambda number: f"{root}{ldes.STREAM_PATH}/{number}"

    def stream(self, request: Request) -> Response:
        fmt = _negotiate(request, STREAM_FORMATS)
        url = self.page_url(request)(1)
        body = self.cache.get(
            ("stream", url, fmt.key),
            lambda: serialise(ldes.stream_graph(self.site.base, url), fmt),
        )
        return answer(request, body, fmt, SHORT, self.site.last_modified)

    def page(self, request: Request, raw: str) -> Response:
        fmt = _negotiate(request, PAGE_FORMATS)
        upto, size = self.upto, self.page_size
        number = whole(raw) or 0
        found = self.cache.get(("page", number), lambda: ldes.page(self.db, number, upto, size))
        if found is None:
            t = translator(language_of(request))
            last = ldes.last_page(upto, size)
            raise FeedPageNotFound(
                t("feeds.page_missing").format(number=raw, last=last),
                detail=f"The change feed has no page '{raw}': pages 1 to {last}.",
            )
        key = (number, str(request.base_url), fmt.key)
        if found.immutable and key in self.complete:
            body = self.complete[key]
        else:
            body = self.cache.get(("body", *key), lambda: self._page_body(request, found, fmt))
            if found.immutable:
                self.complete[key] = body
                while len(self.complete) > KEPT:
                    self.complete.popitem(last=False)
        control = IMMUTABLE if found.immutable else SHORT
        changed = found.last_modified or self.site.last_modified
        return answer(request, body, fmt, control, changed)

    def _page_body(self, request: Request, found: ldes.Page, fmt: conneg.Format) -> bytes:
        urls = self.page_url(request)
        if fmt.key == "jsonld":
            return serialise(ldes.page_dataset(self.db, self.site.base, found, urls), fmt)
        quads = ldes.page_quads(self.db, self.site.base, found, urls)
        return written(quads, fmt, NAMESPACES)  # TriG, N-Quads: Oxigraph's writers

    def atom(self, request: Request) -> Response:
        lang = language_of(request)
        body = self.cache.get(("atom", lang, str(request.base_url)), lambda: self.atom_xml(request))
        fmt = conneg.Format("atom", ATOM_TYPE, ".atom", "Atom", "file")
        return answer(request, body, fmt, SHORT, self.site.last_modified)

    def latest(self) -> list[Event]:
        """The last :data:`ATOM_SIZE` publications the stores reflect, newest first (publication
        numbers follow each other, as the stream's pages assume)."""
        upto = self.upto
        found = history.events(self.db, after=max(0, upto - ATOM_SIZE))
        return [e for e in reversed(found) if e.id <= upto]

    def atom_xml(self, request: Request) -> bytes:
        """The Atom feed (feedgen) of :meth:`latest`, in the request's language."""
        lang = language_of(request)
        t, base = translator(lang), self.site.base
        events = self.latest()
        feed = FeedGenerator()
        feed.id(base + ATOM_PATH)
        feed.title(t("feeds.atom.title"))
        feed.subtitle(t("feeds.atom.subtitle"))
        feed.link(href=f"{request.base_url}{ATOM_PATH}", rel="self", type=ATOM_TYPE)
        feed.link(href=base, rel="alternate", type="text/html")
        feed.language(lang)
        feed.updated(events[0].at if events else self.site.last_modified)
        creates = ldes.first_publications(self.db, tuple(events))
        texts = ldes.contents(self.db, tuple(events))  # one query, not one history per event
        for event in events:
            text = texts.get((event.record_iri, event.number or 0))
            self._entry(feed, event, event.id in creates, lang, text)
        xml: bytes = feed.atom_str(pretty=True)
        return xml

    def _entry(
        self, feed: FeedGenerator, event: Event, create: bool, lang: str, text: str | None
    ) -> None:
        t, base = translator(lang), self.site.base
        record = ldes.moved(event.record_iri, base)
        kind = "delete" if event.kind == "retrait" else "create" if create else "update"
        organisation = (
            self.site.label(URIRef(ldes.moved(event.organisation, base)), lang)
            if event.organisation
            else t("feeds.atom.unknown")
        )
        date = human_date(event.at.date().isoformat(), lang) or event.at.date().isoformat()
        summary = t("feeds.atom.summary").format(organisation=organisation, date=date)
        if event.comment:
            summary += " " + t("feeds.atom.reason").format(reason=event.comment)
        entry = feed.add_entry(order="append")
        entry.id(str(ldes.member_iri(event, base)))
        entry.title(t(f"feeds.atom.{kind}").format(title=self._title(event, lang, text)))
        entry.link(href=record, rel="alternate", type="text/html")
        entry.author({"name": organisation})
        entry.published(event.at)
        entry.updated(event.at)
        entry.summary(summary)

    def _title(self, event: Event, lang: str, text: str | None) -> str:
        """The record's title as the revision of ``event`` gives it (``text``: its public
        N-Triples)."""
        record = ox.NamedNode(event.record_iri)
        titles = [
            t.object
            for t in (ox.parse(text, format=ox.RdfFormat.N_TRIPLES) if text else ())
            if t.subject == record and t.predicate == TITLE and isinstance(t.object, ox.Literal)
        ]
        for wanted in (lang, "fr", None):
            chosen = sorted(t.value for t in titles if wanted is None or t.language == wanted)
            if chosen:
                return chosen[0]
        return event.record_iri.rsplit("/", 1)[-1]


def router(site: Site, db: Database, page_size: int = ldes.PAGE_SIZE) -> APIRouter:
    """``/flux/ldes``, ``/flux/ldes/{n}`` and ``/flux/publications.atom``."""
    api = APIRouter()
    feeds = Feeds(site, db, page_size)

    @api.api_route("/" + ldes.STREAM_PATH, methods=["GET"])
    def ldes_stream(request: Request) -> Response:
        """The Linked Data Event Stream of the catalogue's publications."""
        return feeds.stream(request)

    @api.api_route("/" + ldes.STREAM_PATH + "/{number}", methods=["GET"])
    def ldes_page(request: Request, number: str) -> Response:
        """Page ``number`` of the stream (``tree:Node``)."""
        return feeds.page(request, number)

    @api.api_route("/" + ATOM_PATH, methods=["GET"])
    def publications_atom(request: Request) -> Response:
        """The Atom feed of the latest publications, newest first."""
        return feeds.atom(request)

    return api

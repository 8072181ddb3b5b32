"""What the log has published, as the upstream mapping reads it (:class:`Catalogue`): the
organisations, record IRIs and titles that tell a new record or organisation from one already
there. Every contribution (form, API, upload, command line) reads it from here, so that an
organisation published a minute ago is known to the next row, not described again.
"""

from __future__ import annotations

import threading

from rdflib import Graph
from sqlalchemy import func, select

from iacoll.model.record import parse_text
from iacoll.model.upstream_organisations import Catalogue
from iacoll.publishing.db import Database
from iacoll.publishing.log import Publication, Revision, State


def published_catalogue(db: Database) -> Catalogue:
    """The organisations and records published in the log, read now."""
    graph = Graph()
    with db.transaction() as session:
        for text in session.scalars(
            select(Revision.public_nt).where(Revision.state == State.PUBLIE.value)
        ):
            graph += parse_text(text)
    return Catalogue.from_graph(graph)


class CatalogueCache:
    """:func:`published_catalogue`, read again only after a new publication (any process's:
    the last ``publication`` row of the log tells)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._mark: int | None = None
        self._catalogue: Catalogue | None = None

    def get(self) -> Catalogue:
        """The published catalogue as of the log's last publication."""
        with self.db.transaction() as session:
            mark = session.scalar(select(func.max(Publication.id)))
        with self._lock:
            if self._catalogue is None or mark != self._mark:
                self._catalogue, self._mark = published_catalogue(self.db), mark
            return self._catalogue

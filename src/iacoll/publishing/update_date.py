"""A use case's « Date de mise à jour des informations » (``dct:modified``) follows its revisions.

The upstream field says when the collectivité last updated the information. When an agent saves
a changed version through the form, the API or an upload and leaves that date as it was (or
leaves it out), the date becomes the day of the save (Paris time): the record's ``dct:modified``
then always says when its published content last changed, which is what a harvester compares.
A date the agent changed is theirs and is kept; the seed files, the command line and the
importers keep the date their source gives. The stamp is applied before validation, so the
validated graph is the one logged (nothing is added after the shapes have seen it).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from iacoll.model.record import Record, canonical_text
from iacoll.namespaces import DCT

# The write path's ``source`` values of an agent writing now (not a file's or register's date).
AGENT_SOURCES = frozenset({"formulaire", "api", "televersement"})
PARIS = ZoneInfo("Europe/Paris")


def today() -> date:
    """Today in Paris, the collectivités' calendar."""
    return datetime.now(PARIS).date()


def _without_date(record: Record) -> str:
    """The public part's canonical text without the record's own ``dct:modified``."""
    graph = Graph()
    for triple in record.public:
        if triple[0] == record.iri and triple[1] == DCT.modified:
            continue
        graph.add(triple)
    return canonical_text(graph) + "\x00" + canonical_text(record.restricted)


def stamped(record: Record, previous: Record | None, day: date) -> Record:
    """``record`` with ``dct:modified`` set to ``day`` when an agent changed it without dating it.

    Only use cases carry the date. ``previous`` is the version the stores show (None for a new
    record). Unchanged content, or a date the agent set to something other than ``previous``'s,
    leaves the record as given.
    """
    if record.kind != "cas-usage":
        return record
    given = record.public.value(record.iri, DCT.modified)
    if previous is not None:
        if _without_date(record) == _without_date(previous):
            return record
        if given is not None and given != previous.public.value(previous.iri, DCT.modified):
            return record
    elif given is not None:
        return record
    public = Graph()
    public += record.public
    public.remove((record.iri, DCT.modified, None))
    public.add((URIRef(record.iri), DCT.modified, Literal(day.isoformat(), datatype=XSD.date)))
    return Record(record.iri, public, record.restricted)

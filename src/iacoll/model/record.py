"""A record of the catalogue: what the write path validates, logs and projects as one unit.

A record is a use case (``id/cas-usage/…``), a governance initiative (``id/initiative/…``) or an
organisation (``id/organisation/…``). Its IRI and every IRI it mints stay under
:data:`iacoll.namespaces.DEFAULT_BASE` (the store rebases them when it projects). Its content is
two rdflib graphs: ``public`` (what anyone may read) and ``restricted`` (the upstream
*Restreint* fields, shown to signed-in members only). :meth:`Record.canonical` gives the text the
revision log keeps: canonical N-Triples, one sorted line per triple, blank nodes labelled from
their content, so that the same record always gives the same text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from iacoll.namespaces import ID

Kind = Literal["cas-usage", "initiative", "organisation"]
KINDS: tuple[Kind, ...] = ("cas-usage", "initiative", "organisation")


class NotARecordIri(ValueError):
    """An IRI outside ``id/{cas-usage,initiative,organisation}/{slug}``."""


def kind_of(iri: str) -> Kind:
    """The kind of record ``iri`` names (``…/id/cas-usage/x`` → ``cas-usage``)."""
    for kind in KINDS:
        prefix = f"{ID}{kind}/"
        if iri.startswith(prefix) and "/" not in iri[len(prefix) :] and len(iri) > len(prefix):
            return kind
    raise NotARecordIri(
        f"« {iri} » n'est pas l'IRI d'une fiche (id/cas-usage|initiative|organisation/…)"
    )


def canonical_text(graph: Graph) -> str:
    """Canonical N-Triples of ``graph``: sorted lines, content-derived blank-node labels."""
    if len(graph) == 0:
        return ""
    text = to_canonical_graph(graph).serialize(format="nt")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def parse_text(text: str) -> Graph:
    """The graph of a canonical N-Triples text (empty text: empty graph)."""
    graph = Graph()
    if text:
        graph.parse(data=text, format="nt")
    return graph


def digest_of(public: str, restricted: str) -> str:
    """SHA-256 of a record's canonical texts (:meth:`Record.digest` without canonicalising
    again when the texts are at hand)."""
    return hashlib.sha256(f"{public}\x00{restricted}".encode()).hexdigest()


@dataclass(frozen=True)
class Record:
    """One record: its IRI, its kind and its public and restricted parts."""

    iri: URIRef
    public: Graph
    restricted: Graph = field(default_factory=Graph)

    @property
    def kind(self) -> Kind:
        """``cas-usage``, ``initiative`` or ``organisation``, read from the IRI."""
        return kind_of(str(self.iri))

    @property
    def slug(self) -> str:
        """The last segment of the IRI (``amp-callbot-encombrants``)."""
        return str(self.iri).rsplit("/", 1)[1]

    def canonical(self) -> tuple[str, str]:
        """``(public, restricted)`` as canonical N-Triples texts."""
        return canonical_text(self.public), canonical_text(self.restricted)

    def digest(self) -> str:
        """SHA-256 of the canonical texts: equal for isomorphic records."""
        return digest_of(*self.canonical())

    @classmethod
    def from_text(cls, iri: str, public: str, restricted: str = "") -> Record:
        """The record whose parts are the N-Triples texts kept in the revision log."""
        return cls(URIRef(iri), parse_text(public), parse_text(restricted))

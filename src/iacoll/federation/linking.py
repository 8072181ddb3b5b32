"""Organisations and vendors seen in several sources become one node of the catalogue.

Each importer mints its organisations' IRIs from its own register's identifiers
(``id/organisation/nl-gemeente-utrecht``, ``…/uk-hmrc``). Before an import saves anything,
:func:`link` looks each new organisation up among those already published and those met earlier
in the same import, by the identifiers its source states:

* its SIREN (``iacoll:siren`` / ``dct:identifier``, nine digits): French bodies;
* its TOOI identifier (``owl:sameAs <https://identifier.overheid.nl/tooi/id/…>``), the
  Dutch government's organisation register;
* its GOV.UK organisation page (``foaf:page``, ``rdfs:seeAlso`` or ``owl:sameAs``
  ``<https://www.gov.uk/government/organisations/…>``);

and, failing an identifier, by its name in the same country (both must state ``dct:spatial``;
accents and case ignored) — an editorial inference the report names as a guess. A match
replaces the new IRI by the known one in every record of the import, and the new description is
dropped: a published organisation is never overwritten by an import. Only the identifiers the
sources state are used; none is looked up elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from iacoll.federation.harvest import Harvested
from iacoll.model.record import Record
from iacoll.model.reference import fold
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import DCT, FOAF, IACOLL, OWL, RDF, RDFS, SKOS

TOOI = "https://identifier.overheid.nl/tooi/id/"
GOV_UK = "https://www.gov.uk/government/organisations/"
SIREN = re.compile(r"\d{9}")
PAGES = (OWL.sameAs, FOAF.page, RDFS.seeAlso)
KEY_LABELS = {"siren": "son SIREN", "tooi": "son identifiant TOOI", "govuk": "sa page GOV.UK"}


def keys(graph: Graph, iri: URIRef) -> set[tuple[str, str]]:
    """The identifiers ``graph`` states for the organisation ``iri``: (kind, value) pairs."""
    found = {
        ("siren", str(v))
        for prop in (IACOLL.siren, DCT.identifier)
        for v in graph.objects(iri, prop)
        if SIREN.fullmatch(str(v))
    }
    for prop in PAGES:
        for v in graph.objects(iri, prop):
            text = str(v).rstrip("/")
            if text.startswith(TOOI):
                found.add(("tooi", text))
            elif text.startswith(GOV_UK) or text.startswith(GOV_UK.replace("https", "http", 1)):
                found.add(("govuk", GOV_UK + text.rsplit("/", 1)[-1]))
    return found


def names_in_country(graph: Graph, iri: URIRef) -> set[tuple[str, str]]:
    """(folded name, country IRI) of the organisation, when it states its country."""
    countries = [str(c) for c in graph.objects(iri, DCT.spatial) if isinstance(c, URIRef)]
    names = {fold(str(n)) for p in (FOAF.name, SKOS.prefLabel) for n in graph.objects(iri, p)}
    return {(name, country) for name in names for country in countries}


@dataclass
class Directory:
    """The organisations known so far, by identifier and by name in a country."""

    by_key: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    by_name: dict[tuple[str, str], set[URIRef]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalogue: Catalogue) -> Directory:
        directory = cls()
        for iri in sorted(catalogue.organisation_iris()):
            directory.add(catalogue.organisations, iri)
        return directory

    def add(self, graph: Graph, iri: URIRef) -> None:
        for key in keys(graph, iri):
            self.by_key.setdefault(key, iri)
        for pair in names_in_country(graph, iri):
            self.by_name.setdefault(pair, set()).add(iri)

    def match(self, graph: Graph, iri: URIRef) -> tuple[URIRef, str] | None:
        """The known organisation ``iri`` is, and the French reason; None if new."""
        for kind, value in sorted(keys(graph, iri)):
            known = self.by_key.get((kind, value))
            if known is not None and known != iri:
                return known, f"{KEY_LABELS[kind]} {value.rsplit('/', 1)[-1]}"
        for name, country in sorted(names_in_country(graph, iri)):
            found = self.by_name.get((name, country), set()) - {iri}
            if len(found) == 1:
                known = next(iter(found))
                return known, f"son nom et son pays ({country.rsplit('/', 1)[-1]}), par inférence"
        return None


def link(harvested: Iterable[Harvested], catalogue: Catalogue) -> Iterator[Harvested]:
    """``harvested`` with each organisation already known under another IRI replaced by it."""
    directory = Directory.of(catalogue)
    renamed: dict[URIRef, URIRef] = {}
    for item in harvested:
        kept: list[Record] = []
        for record in item.records:
            if _is_organisation(record) and record.iri not in renamed:
                found = directory.match(record.public, record.iri)
                if found is not None:
                    renamed[record.iri] = found[0]
                    item.guesses.append(
                        f"organisation <{record.iri}> reconnue par {found[1]} : <{found[0]}>"
                    )
                    continue
                directory.add(record.public, record.iri)
            if record.iri in renamed:
                continue  # the known organisation keeps its own description
            kept.append(record)
        item.records = [_renamed(r, renamed) for r in kept]
        yield item


def _is_organisation(record: Record) -> bool:
    return (record.iri, RDF.type, FOAF.Agent) in record.public and "/organisation/" in str(
        record.iri
    )


def _renamed(record: Record, renamed: dict[URIRef, URIRef]) -> Record:
    if not renamed or not any(_mentions(record.public, iri) for iri in renamed):
        return record
    return Record(record.iri, _rename(record.public, renamed), _rename(record.restricted, renamed))


def _mentions(graph: Graph, iri: URIRef) -> bool:
    return (None, None, iri) in graph


def _rename(graph: Graph, renamed: dict[URIRef, URIRef]) -> Graph:
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=False)
    for s, p, o in graph:
        out.add((s, p, _swap(o, renamed)))
    return out


def _swap(node: Node, renamed: dict[URIRef, URIRef]) -> Node:
    return renamed.get(node, node) if isinstance(node, URIRef) else node

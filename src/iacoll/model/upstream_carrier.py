"""The carrier of an upstream record: the catalogue's organisation, completed, or a new one.

:func:`carrier` finds the organisation the ``coll_*`` values name in the
:class:`~iacoll.model.upstream_organisations.Catalogue` — by the SIREN its SIRET starts with,
else by name — and adds what it lacks (SIRET, type, logo, head office); a value that differs
from the catalogue's is reported and the catalogue's kept. An organisation the catalogue does
not hold becomes a new record. :func:`split_partners` reads the partners of one cell.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF, SKOS

from iacoll.model.fields import by_key
from iacoll.model.record import Record
from iacoll.model.upstream_organisations import (
    ORGANISATION,
    Catalogue,
    NewOrganisation,
    add_siret,
    add_site,
    organisation_graph,
    slugify,
    unique_slug,
)
from iacoll.model.upstream_values import Reading, vocabularies
from iacoll.namespaces import ADMS, CV, GEO, IACOLL, ORG, VOCAB


def split_partners(cell: str, catalogue: Catalogue) -> list[str]:
    """The partner names of one cell: separated by ``,``, ``;``, line breaks or `` - ``, and by
    ``-`` as the library's comma export writes them (``DRYAS-Kocliko-ENERLAB``), keeping a
    hyphenated name the catalogue knows or whose next part starts in lower case
    (``Noisy-le-Grand``)."""
    names: list[str] = []
    for part in re.split(r"\s*(?:[,;\n]|\s-\s)\s*", cell):
        part = " ".join(part.split()).strip(" .")
        if not part:
            continue
        if "-" not in part or catalogue.by_name(part) is not None:
            names.append(part)
            continue
        names.extend(_hyphenated(part.split("-"), catalogue))
    return names


def _hyphenated(pieces: list[str], catalogue: Catalogue) -> list[str]:
    names, i = [], 0
    while i < len(pieces):
        j = next(
            (
                j
                for j in range(min(len(pieces), i + 8), i + 1, -1)
                if catalogue.by_name("-".join(pieces[i:j]))
            ),
            i + 1,
        )
        while j < len(pieces) and (not pieces[j] or not pieces[j][0].isupper()):
            j += 1
        names.append("-".join(pieces[i:j]).strip())
        i = j
    return [name for name in names if name]


# --- the carrier of a record -----------------------------------------------------------------


def first(terms: dict[str, list[Any]], key: str) -> Any:
    return terms.get(key, [None])[0] if terms.get(key) else None


def _given(terms: dict[str, list[Any]]) -> NewOrganisation | None:
    name, siret = first(terms, "coll_nom"), first(terms, "coll_siret")
    if name is None and siret is None:
        return None
    return NewOrganisation(
        name=name or "",
        siret=siret,
        kind=first(terms, "coll_type"),
        lat=first(terms, "latitude"),
        long=first(terms, "longitude"),
        logo=first(terms, "image_url"),
    )


def carrier(
    terms: dict[str, list[Any]], catalogue: Catalogue, reading: Reading
) -> tuple[URIRef | None, Record | None]:
    """The carrier's IRI, and its record when it is new or the values complete it."""
    given = _given(terms)
    if given is None:
        return None, None
    existing = catalogue.by_siren(given.siret[:9]) if given.siret else None
    if existing is None and given.name:
        existing = catalogue.by_name(given.name)
        siren = catalogue.organisations.value(existing, IACOLL.siren) if existing else None
        if given.siret and siren is not None and not given.siret.startswith(str(siren)):
            reading.problem(
                by_key("coll_siret"),
                given.siret,
                f"le numéro SIRET {given.siret} ne commence pas par le SIREN {siren} de"
                f" « {given.name} », déjà au catalogue : vérifiez-le.",
                f"the SIRET {given.siret} does not start with the SIREN {siren} of"
                f" “{given.name}”, already in the catalogue: check it.",
            )
            given.siret = None
    if existing is not None:
        return existing, _completed(existing, given, catalogue, reading)
    if not given.name:
        return None, None
    taken = {str(i).rsplit("/", 1)[1] for i in catalogue.organisation_iris()}
    iri = ORGANISATION[unique_slug(slugify(given.name), taken)]
    return iri, Record(iri, organisation_graph(iri, given))


def _completed(
    iri: URIRef, given: NewOrganisation, catalogue: Catalogue, reading: Reading
) -> Record | None:
    """The catalogue's organisation with the values it lacks added, or ``None`` if it lacks
    none; a value that differs from the catalogue's is reported, the catalogue's kept."""
    known = catalogue.organisations  # read only: the record is copied when something is added
    additions = Graph()
    checks: list[tuple[str, Any, Any]] = [
        ("coll_siret", given.siret, _siret_of(known, iri)),
        ("coll_type", given.kind, known.value(iri, ORG.classification)),
        ("image_url", given.logo, known.value(iri, FOAF.logo)),
    ]
    for key, new, old in checks:
        if new is None:
            continue
        if old is None:
            _add_organisation_value(additions, iri, key, new)
        elif str(new) != str(old):
            _kept(reading, key, _shown(new), _shown(old), catalogue.name(iri) or str(iri))
    site = known.value(iri, ORG.hasPrimarySite)
    if given.lat and given.long and site is None:
        add_site(additions, iri, given.lat, given.long)
    elif site is not None:
        for key, new, prop in (
            ("latitude", given.lat, GEO.lat),
            ("longitude", given.long, GEO.long),
        ):
            old = known.value(site, prop)
            if new is not None and old is not None and abs(float(new) - float(str(old))) > 0.001:
                _kept(reading, key, new, str(old), catalogue.name(iri) or str(iri))
    if not len(additions):
        return None
    return Record(iri, catalogue.graph_of(iri) + additions)


def _shown(value: Any) -> str:
    """A value as the form shows it: a concept by its label."""
    if isinstance(value, URIRef) and str(value).startswith(str(VOCAB)):
        return vocabularies().label(value)
    return str(value)


def _siret_of(graph: Graph, iri: URIRef) -> Any:
    for identifier in graph.objects(iri, ADMS.identifier):
        return graph.value(identifier, SKOS.notation)
    return None


def _add_organisation_value(graph: Graph, iri: URIRef, key: str, value: Any) -> None:
    if key == "coll_siret":
        add_siret(graph, iri, value)
    elif key == "coll_type":
        graph.add((iri, ORG.classification, value))
    else:
        graph.add((iri, FOAF.logo, value))


def _kept(reading: Reading, key: str, new: str, old: str, name: str) -> None:
    reading.problem(
        by_key(key),
        new,
        f"« {name} » est déjà au catalogue avec la valeur « {old} » ; la valeur donnée n'est pas"
        " reprise (signalez l'erreur aux modérateurs si le catalogue se trompe).",
        f"“{name}” is already in the catalogue with the value “{old}”; the given value is not"
        " kept (report the error to the moderators if the catalogue is wrong).",
        "warning",
    )


def is_public(carrier: URIRef | None, new: Graph | None, catalogue: Catalogue) -> bool:
    if carrier is None:
        return False
    for graph in (new, catalogue.organisations):
        if graph is not None and (carrier, RDF.type, CV.PublicOrganisation) in graph:
            return True
    return False

"""``iacoll export --to nl-publicatiestandaard``: the published use cases as records of the
Dutch Algoritmeregister's publication standard 1.0.0 in the field names of its JSON Schema
(``schema.json`` of ``MinBZK/Algoritmeregister``: ``theme``, ``start_date``, ``contact``,
``purpose_and_impact``…), where ``nl-algoritmeregister`` writes those of the register's
submission API (``category``, ``begin_date``, ``goal``…).

The texts are read from the public store by :data:`TEXTS` (schema field → property paths from
the use case, the first with a value wins, and the schema's ``maxLength``); the theme and the
status through ``crosswalks/nl-algoritmeregister.toml`` read backwards
(:func:`~iacoll.federation.nl_algoritmeregister_export.reverse`); ``link`` is the landing page,
``supplier`` the names of the AI system's providers, ``search_terms`` the keywords,
``source_id`` the record's IRI (at the store's base: it serves the record as RDF). What the
output says and does not say:

- a **text the schema requires that iacoll does not hold** for a record is the empty string
  ``""``: the schema's ``type: string`` without ``minLength`` takes it, and it says "not filled
  in", inventing nothing. ``contact`` is always ``""`` (iacoll's contact point is a members-only
  field, and may name a person), and so are ``impact_assessments`` and ``data`` (iacoll has no
  public field for them);
- ``status``, ``start_date`` and ``publication_category`` have no empty value (an enum, a
  ``YYYY-MM`` pattern): a record without them leaves them out, and the schema reports them
  missing. ``publication_category`` is the category the record keeps from the register
  (``iacoll:categoriePublication``), else category A for an AI system of the AI Act's high risk
  level; otherwise iacoll has nothing to choose between B (impactful) and C (other) with;
- ``language`` is the ISO 639-3 code of the record's texts: ``nld`` for a record in Dutch (one
  imported from the register), ``fra`` for a French one — the schema's ``const "nld"`` rejects
  it, which is true rather than a French text labelled Dutch.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.paths import Path

from iacoll.federation.nl_algoritmeregister_export import (
    CROSSWALK,
    LANGUAGES,
    PROPORTIONALITY,
    RISKS,
    Published,
    categories,
    cut,
    keywords,
    month,
    names,
    publication_category,
    published,
    reverse,
)
from iacoll.namespaces import ADMS, AI, DCAT, DCT, FOAF, IACOLL, SCHEMA, SKOS, TECH

MEDIA_TYPE = "application/json"
SUFFIX = ".json"
SCHEMA_VERSION = "1.0.0"
SUPPLIER = 199  # the schema's maxLength

# Schema field → (property paths from the use case, the first with a value wins; maxLength).
# The description serves the purpose, the proportionality the considerations, the risk
# assessment the risk management, the role of humans in the decision (else the system's level
# of impact on it) the human intervention, the AI system's public description its technical
# operation. No path: iacoll holds no public value for the field.
TEXTS: dict[str, tuple[tuple[URIRef | Path, ...], int]] = {
    "name": ((DCT.title,), 99),
    "description_short": ((DCT.description,), 399),
    "organization": ((DCT.publisher / FOAF.name,), 99),
    "contact": ((), 0),  # dcat:contactPoint is members-only: never exported
    "purpose_and_impact": ((DCT.description,), 2499),
    "considerations": (PROPORTIONALITY, 2499),
    "human_intervention": (
        (
            AI.hasAISystem / IACOLL.descriptionImpact,
            AI.hasAISystem / IACOLL.niveauImpact / SKOS.prefLabel,
        ),
        2499,
    ),
    "risk_management": (RISKS, 2499),
    "impact_assessments": ((), 0),  # no public iacoll field
    "data": ((), 0),  # iacoll's data-source fields are members-only
    "technical_operation": ((AI.hasAISystem / DCT.description,), 4999),
}
# The schema's properties, in its order (those iacoll can fill).
ORDER = (
    "name",
    "description_short",
    "organization",
    "theme",
    "status",
    "start_date",
    "contact",
    "link",
    "publication_category",
    "purpose_and_impact",
    "considerations",
    "human_intervention",
    "risk_management",
    "impact_assessments",
    "data",
    "technical_operation",
    "supplier",
    "language",
    "schema",
    "source_id",
    "search_terms",
)


def export(store: ox.Store, base: str) -> bytes:
    """The public store's use cases as publication standard 1.0.0 records (JSON, UTF-8)."""
    records = [record(case) for case in published(store, base)]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def record(case: Published) -> dict[str, Any]:
    """One use case in the schema's field names and order: every text of :data:`TEXTS` (``""``
    when not held), the other fields when iacoll holds a value."""
    lang = case.language()
    statuses = reverse(CROSSWALK, "status")
    found: dict[str, Any] = {
        name: cut(case.text(*paths, lang=lang), limit) if paths else ""
        for name, (paths, limit) in TEXTS.items()
    }
    found |= {
        "theme": categories(case, CROSSWALK, "category"),
        "status": next((statuses[s] for s in case.values(ADMS.status) if s in statuses), None),
        "start_date": month(case.values(SCHEMA.startDate)) or None,
        "link": next((str(v) for v in case.values(DCAT.landingPage)), None),
        "publication_category": publication_category(case),
        "supplier": cut(", ".join(names(case, AI.hasAISystem / TECH.hasProvider, lang)), SUPPLIER),
        "language": LANGUAGES.get(lang, lang),
        "schema": SCHEMA_VERSION,
        "source_id": case.address,
        "search_terms": ", ".join(keywords(case, lang)) or None,
    }
    return {name: found[name] for name in ORDER if found[name] is not None}

"""Export of the published use cases for a Dutch-style register: a JSON list of records with the
field names of publication standard 1.0 (``MinBZK/Algoritmeregister``, submission API v1_0).

Each record carries what iacoll publishes, read from the public store: ``name`` (dct:title),
``description_short`` (dct:description, cut at a word to the standard's 350 characters, whole
in ``goal``), ``organization`` (the publisher's name), ``category`` and ``status`` (the concepts
read back through ``crosswalks/nl-algoritmeregister.toml``), ``website`` (dcat:landingPage),
``begin_date``, ``proportionality``, ``risks``, ``url`` and ``source_id`` (the record's IRI,
which serves it as RDF), ``lang`` (ISO 639-3 code of the texts' language: ``fra``) and
``standard_version`` ``"1.0"``, ``publication_category`` when the record states one
(:func:`publication_category`). Values iacoll does not hold (``contact_email``, a category it
cannot tell) are left out rather than invented.

The helpers the other exporters of register formats share live here: :func:`published` (the
public use cases, each as a small graph at the default base: the case, its AI system, the names
of its publisher and provider, the labels of its system's levels), :func:`choose`,
:func:`names` and :func:`keywords` (texts in the record's language), :func:`cut`, :func:`month`
and :func:`reverse` / :func:`categories` (a crosswalk read backwards: concept → the register's
value).
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.term import Node

from iacoll.federation import crosswalks
from iacoll.namespaces import ADMS, AI, DCAT, DCT, DEFAULT_BASE, EU_AIACT, FOAF, IACOLL, SCHEMA
from iacoll.terms import OxTerm, select_rows, to_rdflib

MEDIA_TYPE = "application/json"
SUFFIX = ".json"
CROSSWALK = "nl-algoritmeregister"
STANDARD_VERSION = "1.0"
NAME = 99  # name, organization: the JSON Schema's maxLength (config v1_0: 100)
SHORT = 350  # description_short: the standard's display limit (config v1_0: 400)
LONG = 2500  # goal, proportionality, risks
LANGUAGES = {"fr": "fra", "en": "eng", "nl": "nld", "fy": "fry", "de": "deu", "fi": "fin"}
PREFERRED = ("fr", "nl", "en")  # French first; a Dutch original before its English translation
# iacoll keeps these texts on the use case (model/fields.py); the Eurocities import puts them on
# its AI system: both are read, the case first.
PROPORTIONALITY = (IACOLL.proportionnalite, AI.hasAISystem / IACOLL.proportionnalite)
RISKS = (IACOLL.evaluationRisques, AI.hasAISystem / IACOLL.evaluationRisques)

# The case's own statements, its AI system's, the names of its publisher and of its system's
# provider, and the labels of the concepts its system's levels point to (impact on decisions).
QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ai: <https://w3id.org/dpv/ai#>
PREFIX tech: <https://w3id.org/dpv/tech#>
SELECT ?case ?s ?p ?o ?type ?impact WHERE {
  ?case a ?type .
  {
    ?case ?p ?o . BIND(?case AS ?s)
  } UNION {
    ?case ai:hasAISystem ?s . ?s ?p ?o .
  } UNION {
    ?case dct:publisher|ai:hasAISystem/tech:hasProvider ?s . ?s foaf:name ?o .
    BIND(foaf:name AS ?p)
  } UNION {
    ?case ai:hasAISystem ?system . ?system ?impact ?s . ?s skos:prefLabel ?o .
    BIND(skos:prefLabel AS ?p)
  }
}
"""


@dataclass(frozen=True)
class Published:
    """A published use case: its IRI and what :data:`QUERY` reads of it, at the default base
    (where the crosswalks and namespaces are), and its IRI as the store has it (``address``: at
    the store's base, where it is served)."""

    iri: URIRef
    graph: Graph
    address: str

    def values(self, *paths: URIRef | Path) -> list[Node]:
        """The values at the first of ``paths`` (from the case) that has some."""
        for path in paths:
            found = sorted(set(self.graph.objects(self.iri, path)), key=str)
            if found:
                return found
        return []

    def language(self) -> str:
        """The language of the record's texts: its title's (French first)."""
        return choose(self.values(DCT.title))[1]

    def text(self, *paths: URIRef | Path, lang: str | None = None) -> str:
        """The text at the first of ``paths`` that has one, in ``lang`` (by default the
        record's language) if it can."""
        return choose(self.values(*paths), self.language() if lang is None else lang)[0]


def published(store: ox.Store, base: str) -> list[Published]:
    """The public store's use cases, sorted by IRI. ``base``: the store's base IRI
    (``settings.base_iri``); IRIs under it are read back at :data:`DEFAULT_BASE`, the base of
    the crosswalks and namespaces."""
    _, rows = select_rows(
        store,
        QUERY,
        use_default_graph_as_union=True,
        substitutions={
            ox.Variable("type"): ox.NamedNode(f"{base}def#CasUsageIA"),
            ox.Variable("impact"): ox.NamedNode(f"{base}def#niveauImpact"),
        },
    )
    graphs: dict[str, Graph] = defaultdict(Graph)
    for row in rows:
        case = row["case"]
        if isinstance(case, ox.NamedNode):
            triple = (_home(row["s"], base), _home(row["p"], base), _home(row["o"], base))
            graphs[case.value].add(triple)
    return [Published(_home(iri, base), graphs[iri], iri) for iri in sorted(graphs)]


def _home(term: OxTerm | str, base: str) -> Any:
    """``term`` as rdflib, an IRI of the store's base moved to the default base."""
    value = URIRef(term) if isinstance(term, str) else to_rdflib(term)
    if isinstance(value, URIRef) and base != DEFAULT_BASE and str(value).startswith(base):
        return URIRef(DEFAULT_BASE + str(value)[len(base) :])
    return value


def choose(terms: list[Node], first: str = "") -> tuple[str, str]:
    """The text in ``first`` (the record's language), else in the first preferred language
    present, and that language."""
    texts = {t.language or "": str(t) for t in terms if isinstance(t, Literal)}
    for lang in (first, *PREFERRED, *sorted(texts)):
        if lang in texts:
            return texts[lang], lang
    return "", ""


def names(case: Published, path: URIRef | Path, lang: str) -> list[str]:
    """The name (foaf:name) of each node at ``path`` from the case, in ``lang`` if it can, sorted:
    the providers of its AI system…"""
    nodes = case.values(path)
    return sorted({choose(list(case.graph.objects(n, FOAF.name)), lang)[0] for n in nodes} - {""})


def keywords(case: Published, lang: str) -> list[str]:
    """The case's keywords in ``lang`` (all of them when none is in it), sorted."""
    found = [k for k in case.values(DCAT.keyword) if isinstance(k, Literal)]
    own = [str(k) for k in found if k.language == lang]
    return sorted(set(own or [str(k) for k in found]))


def cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, cut at a word with « … »."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return head + "…"


@cache
def reverse(fmt: str, source_field: str) -> dict[Node, str]:
    """The crosswalk of ``fmt`` read backwards for ``source_field``: an iacoll concept → the
    register's value whose mapping is the exactMatch, else the single closeMatch. A value marked
    ``export = false`` in the file (another spelling, language or version of a value listed
    too, or a value that is only a part of the concept) is never written; a concept with two
    candidates gets none."""
    path = crosswalks.FOLDER / f"{fmt}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    candidates: dict[Node, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for value in data.get("value", []):
        if value["field"] == source_field and value.get("export", True):
            candidates[crosswalks.curie(value["concept"])][value["match"]].append(value["source"])
    out: dict[Node, str] = {}
    for concept, by_match in candidates.items():
        exact, close = by_match.get("exactMatch", []), by_match.get("closeMatch", [])
        if len(exact) == 1 or (not exact and len(close) == 1):
            out[concept] = (exact or close)[0]
    return out


def month(terms: list[Node]) -> str:
    """The first ``YYYY-MM`` month of ``terms`` (a gYearMonth or a date)."""
    for term in terms:
        value = str(term)
        if isinstance(term, Literal) and len(value) >= 7 and value[4] == "-":
            return value[:7]
    return ""


def categories(case: Published, fmt: str, source_field: str) -> list[str]:
    """The register's values of the case's themes (those the crosswalk gives back), sorted."""
    values = reverse(fmt, source_field)
    return sorted({values[t] for t in case.values(DCAT.theme) if t in values})


HIGH_RISK = "Hoog-risico AI-systeem (Categorie A)"


def publication_category(case: Published, schema: bool = True) -> str | None:
    """The category the record keeps from the register (``iacoll:categoriePublication``), else
    category A for an AI system of the AI Act's high risk level, else None: nothing tells B
    (impactful) from C (other). In the JSON Schema's spelling (« Impactvolle algoritmes
    (Categorie B) »), or with ``schema=False`` the submission API's (« Impactvolle
    algoritmes »: its permitted values are the schema's without « (Categorie X) »)."""
    walk = crosswalks.load(CROSSWALK)
    stated = next(
        (
            found
            for concept in case.values(IACOLL.categoriePublication)
            if isinstance(concept, URIRef)
            and (found := walk.own_source("publication_category", concept))
        ),
        None,
    )
    if stated is None and EU_AIACT.RiskLevelHigh in case.values(
        AI.hasAISystem / EU_AIACT.hasRiskLevel
    ):
        stated = HIGH_RISK
    return stated if stated is None or schema else stated.split(" (Categorie")[0]


def export(store: ox.Store, base: str) -> bytes:
    """The public store's use cases as publication standard 1.0 records (JSON, UTF-8)."""
    records = [_record(case) for case in published(store, base)]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _record(case: Published) -> dict[str, Any]:
    lang = case.language()
    description = case.text(DCT.description)
    statuses = reverse(CROSSWALK, "status")
    record: dict[str, Any] = {
        "name": cut(case.text(DCT.title), NAME),
        "description_short": cut(description, SHORT),
        "organization": cut(case.text(DCT.publisher / FOAF.name), NAME),
        "category": categories(case, CROSSWALK, "category")[:3],
        "status": next((statuses[s] for s in case.values(ADMS.status) if s in statuses), ""),
        "begin_date": month(case.values(SCHEMA.startDate)),
        "website": next((str(v) for v in case.values(DCAT.landingPage)), ""),
        "goal": cut(description, LONG),
        "proportionality": cut(case.text(*PROPORTIONALITY), LONG),
        "risks": cut(case.text(*RISKS), LONG),
        "url": case.address,
        "lang": LANGUAGES.get(lang, "fra"),
        "standard_version": STANDARD_VERSION,
        "source_id": case.address,
        "publication_category": publication_category(case, schema=False),
    }
    return {k: v for k, v in record.items() if v}

"""Export of the published use cases for a Dutch-style register: a JSON list of records with the
field names of publication standard 1.0 (``MinBZK/Algoritmeregister``, submission API v1_0).

Each record carries what iacoll publishes, read from the public store: ``name`` (dct:title),
``description_short`` (dct:description, cut at a word to the standard's 350 characters, whole
in ``goal``), ``organization`` (the publisher's name), ``category`` and ``status`` (the concepts
read back through ``crosswalks/nl-algoritmeregister.toml``), ``website`` (dcat:landingPage),
``begin_date``, ``proportionality``, ``risks``, ``url`` and ``source_id`` (the record's IRI,
which serves it as RDF), ``lang`` (ISO 639-3 code of the texts' language: ``fra``) and
``standard_version`` ``"1.0"``. Values iacoll does not hold (``contact_email``,
``publication_category``) are left out rather than invented.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from iacoll.federation.crosswalks import Crosswalk, load
from iacoll.namespaces import DEFAULT_BASE
from iacoll.terms import OxTerm, select_rows

MEDIA_TYPE = "application/json"
SUFFIX = ".json"
CROSSWALK = "nl-algoritmeregister"
STANDARD_VERSION = "1.0"
NAME = 99  # name, organization: the JSON Schema's maxLength (config v1_0: 100)
SHORT = 350  # description_short: the standard's display limit (config v1_0: 400)
LONG = 2500  # goal, proportionality, risks
LANGUAGES = {"fr": "fra", "en": "eng", "nl": "nld", "fy": "fry", "de": "deu", "fi": "fin"}
PREFERRED = ("fr", "nl", "en")  # French first; a Dutch original before its English translation

QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX adms: <http://www.w3.org/ns/adms#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
SELECT ?case ?key ?value ?type ?proportionality ?risks WHERE {
  ?case a ?type .
  {
    VALUES ?key { "name" } ?case dct:title ?value .
  } UNION {
    VALUES ?key { "description" } ?case dct:description ?value .
  } UNION {
    VALUES ?key { "organization" } ?case dct:publisher/foaf:name ?value .
  } UNION {
    VALUES ?key { "status" } ?case adms:status ?value .
  } UNION {
    VALUES ?key { "theme" } ?case dcat:theme ?value .
  } UNION {
    VALUES ?key { "website" } ?case dcat:landingPage ?value .
  } UNION {
    VALUES ?key { "begin_date" } ?case schema:startDate ?value .
  } UNION {
    VALUES ?key { "proportionality" } ?case ?proportionality ?value .
  } UNION {
    VALUES ?key { "risks" } ?case ?risks ?value .
  }
}
"""


def export(store: ox.Store, base: str) -> bytes:
    """The public store's use cases as publication standard 1.0 records (JSON, UTF-8)."""
    crosswalk = load(CROSSWALK)
    values: dict[str, dict[str, list[OxTerm]]] = defaultdict(lambda: defaultdict(list))
    _, rows = select_rows(
        store,
        QUERY,
        use_default_graph_as_union=True,
        substitutions={
            ox.Variable("type"): ox.NamedNode(f"{base}def#CasUsageIA"),
            ox.Variable("proportionality"): ox.NamedNode(f"{base}def#proportionnalite"),
            ox.Variable("risks"): ox.NamedNode(f"{base}def#evaluationRisques"),
        },
    )
    for row in rows:
        case, key, value = row["case"], row["key"], row["value"]
        if isinstance(case, ox.NamedNode) and isinstance(key, ox.Literal) and value is not None:
            values[case.value][key.value].append(value)
    records = [_record(iri, found, crosswalk, base) for iri, found in sorted(values.items())]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _record(
    iri: str, found: dict[str, list[OxTerm]], crosswalk: Crosswalk, base: str
) -> dict[str, Any]:
    name, lang = _text(found.get("name", []))
    description, _ = _text(found.get("description", []), lang)
    organization, _ = _text(found.get("organization", []), lang)
    record: dict[str, Any] = {
        "name": _cut(name, NAME),
        "description_short": _cut(description, SHORT),
        "organization": _cut(organization, NAME),
    }
    categories = _categories(found.get("theme", []), crosswalk, base)
    if categories:
        record["category"] = categories[:3]
    status = _status(found.get("status", []), crosswalk, base)
    if status:
        record["status"] = status
    begin = _month(found.get("begin_date", []))
    if begin:
        record["begin_date"] = begin
    website = next((v.value for v in found.get("website", []) if isinstance(v, ox.NamedNode)), "")
    if website:
        record["website"] = website
    if description:
        record["goal"] = _cut(description, LONG)
    for key in ("proportionality", "risks"):
        text, _ = _text(found.get(key, []), lang)
        if text:
            record[key] = _cut(text, LONG)
    record["url"] = iri
    record["lang"] = LANGUAGES.get(lang, "fra")
    record["standard_version"] = STANDARD_VERSION
    record["source_id"] = iri
    return {k: v for k, v in record.items() if v}


def _text(terms: list[OxTerm], first: str = "") -> tuple[str, str]:
    """The text in ``first`` (the record's language), else in the first preferred language
    present, and that language."""
    texts = {t.language or "": t.value for t in terms if isinstance(t, ox.Literal)}
    for lang in (first, *PREFERRED, *sorted(texts)):
        if lang in texts:
            return texts[lang], lang
    return "", ""


def _cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, cut at a word with « … »."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return head + "…"


def _local(term: OxTerm, base: str) -> str:
    """A concept of the store (rebased on ``base``) as the default-base IRI the crosswalk uses."""
    value = term.value if isinstance(term, ox.NamedNode) else ""
    return DEFAULT_BASE + value[len(base) :] if value.startswith(base) else value


def _status(terms: list[OxTerm], crosswalk: Crosswalk, base: str) -> str:
    for term in terms:
        concept = _local(term, base)
        found = [
            v.source for v in crosswalk.values if v.field == "status" and str(v.concept) == concept
        ]
        if found:
            return found[0]
    return ""


def _categories(terms: list[OxTerm], crosswalk: Crosswalk, base: str) -> list[str]:
    out = []
    for term in terms:
        concept = _local(term, base)
        found = [
            v.source
            for v in crosswalk.values
            if v.field == "category" and str(v.concept) == concept
        ]
        if len(found) == 1 and found[0] not in out:
            out.append(found[0])
    return sorted(out)


def _month(terms: list[OxTerm]) -> str:
    for term in terms:
        if isinstance(term, ox.Literal) and len(term.value) >= 7 and term.value[4] == "-":
            return term.value[:7]
    return ""

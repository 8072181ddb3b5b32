"""Import of the Dutch Algoritmeregister (algoritmes.overheid.nl): one use case per algorithm.

Three shapes of the register's JSON are read, told apart by their top level:

* the site-data export (``GET /api/downloads/site-data/json``): ``{algoritme_versions: [...],
  organisation_details: [...]}``, one version per algorithm and language (NLD, ENG…), read as
  one record per ``lars`` whose texts carry each language's tag (``@nl``, ``@en``);
* publication standard 1.0: a list of records (the submission API's and the vendor templates'
  field names), whose rich-text fields hold a little HTML;
* the daily scrape of ``schellevis/algoritmeregister``: ``{algoritmes, count, fetched_at,
  source_url}`` with simplified Dutch field names.

Fields and values map through ``crosswalks/nl-algoritmeregister.toml``. Use cases get
``id/cas-usage/nl-{lars}``; organisations ``id/organisation/nl-{code}``, from the register's
organisation code when the source gives one, else from the Dutch name (the register's codes are
the slugs of the Dutch names, so both give the same IRI).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from iacoll.errors import UnreadableInput
from iacoll.federation.crosswalks import Crosswalk, load
from iacoll.federation.harvest import Harvested, Source, minted
from iacoll.model.record import Record
from iacoll.model.text_checks import fault
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import (
    COUNTRY,
    DCAT,
    DCT,
    DPV,
    FOAF,
    IACOLL,
    ORG,
    RDF,
    RDFS,
    SCHEMA,
    SHAPES_IRI,
    SKOS,
    VOCAB,
)

CROSSWALK = "nl-algoritmeregister"
PREFIX = "nl"
NETHERLANDS = COUNTRY.NLD
CAS_USAGE = VOCAB["type-fiche/cas-usage"]
LANGUAGES = {"NLD": "nl", "ENG": "en", "FRY": "fy"}
# Fields read for the record's IRI, its provenance or the reading itself: never "unmapped".
READ = frozenset({"lars", "id", "language", "state", "published", "standard_version"})
RICH_BREAKS = frozenset({"p", "div", "br", "li", "ul", "ol"})
# The scrape's impactassessment (derived by the scraper from impacttoetsen, iama and dpia):
# "Onbekend" (unknown) states nothing.
IMPACT_ASSESSED = {"Ja": True, "Nee": False}


@dataclass
class Texts:
    """One record's values, each by language (``nl``, ``en``) or as a single value."""

    lars: str
    where: str
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # field → lang → text
    values: dict[str, Any] = field(default_factory=dict)  # field → value of the main version
    present: set[str] = field(default_factory=set)
    organisation_code: str | None = None
    organisation_names: dict[str, str] = field(default_factory=dict)  # lang → name
    source_url: str | None = None
    guesses: list[str] = field(default_factory=list)


def read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]:
    """One :class:`Harvested` per algorithm of ``source`` (any of the three shapes).

    A record whose categories give no iacoll theme keeps none: no theme is invented (the
    scraper's file has no category at all); the shapes report it as a warning on an imported
    record (``iacoll-sh:FicheImportee-theme``)."""
    try:
        data = json.loads(source.data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # too deep
        raise UnreadableInput(
            Path(source.location),
            f"ce n'est pas un JSON lisible ({exc}).",
            message_en=f"not readable JSON ({exc}).",
        ) from exc
    crosswalk = load(CROSSWALK)
    emitted: set[URIRef] = set()
    for item in _records(data, Path(source.location)):
        if isinstance(item, Harvested):
            yield item
            continue
        yield _harvest(item, crosswalk, catalogue, emitted)


def shape(data: Any, location: Path = Path("-")) -> str:
    """``site-data``, ``standard-1.0`` or ``scrape``: which of the register's shapes ``data``
    has (:class:`UnreadableInput` for anything else)."""
    if isinstance(data, dict) and isinstance(data.get("algoritme_versions"), list):
        return "site-data"
    if isinstance(data, dict) and isinstance(data.get("algoritmes"), list):
        return "scrape"
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return "standard-1.0"
    if isinstance(data, dict) and "name" in data:
        return "standard-1.0"
    raise UnreadableInput(
        location,
        "ce JSON n'a aucune des formes lues du registre néerlandais (export site-data, liste "
        "d'enregistrements de la norme 1.0, fichier du scraper {algoritmes, …}).",
        message_en="this JSON has none of the Dutch register's shapes read (site-data export, "
        "list of standard 1.0 records, scraper file {algoritmes, …}).",
    )


def _records(data: Any, location: Path) -> Iterator[Texts | Harvested]:
    kind = shape(data, location)
    if kind == "site-data":
        yield from _site_data(data)
    elif kind == "scrape":
        yield from _scrape(data)
    else:
        yield from _standard(data if isinstance(data, list) else [data])


# --- The three shapes ---------------------------------------------------------------------


def _site_data(data: dict[str, Any]) -> Iterator[Texts | Harvested]:
    names: dict[str, dict[str, str]] = {}  # organisation code → lang → name
    for detail in _objects(data.get("organisation_details")):
        lang = LANGUAGES.get(str(detail.get("language")))
        if detail.get("code") and detail.get("name") and lang:
            names.setdefault(str(detail["code"]), {})[lang] = str(detail["name"])
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, version in enumerate(data["algoritme_versions"], start=1):
        if not isinstance(version, dict):
            yield _not_an_object(number)
            continue
        groups.setdefault(str(version.get("lars") or f"#{number}"), []).append((number, version))
    for lars, versions in groups.items():
        number = versions[0][0]
        where = f"enregistrement {number} (lars {lars})"
        if lars.startswith("#"):
            yield _rejected(where, None, "l'enregistrement n'a pas de lars", "no lars")
            continue
        published = [
            (n, v)
            for n, v in versions
            if v.get("published") is not False and str(v.get("state") or "PUBLISHED") == "PUBLISHED"
        ]
        if not published:
            yield _rejected(where, lars, "aucune version publiée", "no published version")
            continue
        ordered = sorted(published, key=lambda nv: nv[1].get("language") != "NLD")
        texts = Texts(lars, where)
        for _, version in ordered:
            lang = LANGUAGES.get(str(version.get("language")), "nl")
            _collect(texts, version, lang)
        main = ordered[0][1]
        code = main.get("owner") or main.get("org_id")
        texts.organisation_code = str(code) if code else None
        if texts.organisation_code:
            texts.present.add("owner" if main.get("owner") else "org_id")
            for lang, name in names.get(texts.organisation_code, {}).items():
                texts.organisation_names.setdefault(lang, name)
        for _, version in ordered:
            lang = LANGUAGES.get(str(version.get("language")), "nl")
            if version.get("organization"):
                texts.organisation_names.setdefault(lang, str(version["organization"]))
        yield texts


def _standard(items: list[dict[str, Any]]) -> Iterator[Texts | Harvested]:
    for number, item in enumerate(items, start=1):
        lars = str(item.get("lars") or item.get("id") or "")
        label = "lars" if item.get("lars") else "id"
        where = f"enregistrement {number}" + (f" ({label} {lars})" if lars else "")
        if not lars:
            yield _rejected(where, None, "l'enregistrement n'a ni lars ni id", "no lars nor id")
            continue
        lang = LANGUAGES.get(str(item.get("lang") or "NLD").upper(), "nl")
        texts = Texts(lars, where)
        _collect(texts, item, lang)
        if item.get("organization"):
            texts.organisation_names[lang] = str(item["organization"])
        code = item.get("org_id") or item.get("owner")
        if code:
            texts.organisation_code = str(code)
            texts.present.add("org_id" if item.get("org_id") else "owner")
        yield texts


def _scrape(data: dict[str, Any]) -> Iterator[Texts | Harvested]:
    for number, item in enumerate(data["algoritmes"], start=1):
        if not isinstance(item, dict):
            yield _not_an_object(number)
            continue
        lars = str(item.get("id") or "")
        where = f"enregistrement {number}" + (f" (lars {lars})" if lars else "")
        if not lars:
            yield _rejected(where, None, "l'enregistrement n'a pas d'id", "no id")
            continue
        texts = Texts(lars, where)
        # The scraper's names onto the register's: title = name, doel = goal text, …
        renamed = {
            "name": item.get("title"),
            "description_short": item.get("doel"),
            "status": item.get("status"),
            "create_dt": item.get("geregistreerd"),
            "impactassessment": item.get("impactassessment"),
        }
        _collect(texts, {k: v for k, v in renamed.items() if v}, "nl")
        texts.present = {k for k, v in item.items() if _filled(v)} - {"id"}
        if item.get("organisatie"):
            texts.organisation_names["nl"] = str(item["organisatie"])
        url = str(item.get("url") or "")
        if url.startswith("https://algoritmes.overheid.nl/"):
            texts.source_url = url
            texts.present.discard("url")
        yield texts


# --- Reading one record -------------------------------------------------------------------

TEXT_FIELDS = (
    "name",
    "description_short",
    "description",
    "proportionality",
    "risks",
    "decision_making_process",
    "objection_procedure",
)


def _collect(texts: Texts, item: dict[str, Any], lang: str) -> None:
    for key, value in item.items():
        if not _filled(value) or key in READ:
            continue
        texts.present.add(key)
        if key in TEXT_FIELDS and isinstance(value, str):
            text = plain_text(value)
            if fault(text) == "markup":  # escaped tags (&lt;x&gt;) read as text
                text = text.replace("<", "‹").replace(">", "›")
                texts.guesses.append(
                    f"« {key} » ({lang}) : chevrons du texte remplacés par ‹ › (balise apparente)"
                )
            if text:
                texts.texts.setdefault(key, {}).setdefault(lang, text)
        else:
            texts.values.setdefault(key, value)


def _filled(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    return not (isinstance(value, str) and value.strip() in ("", "None"))


def _harvest(
    texts: Texts,
    crosswalk: Crosswalk,
    catalogue: Catalogue,
    emitted: set[URIRef],
) -> Harvested:
    iri = minted("cas-usage", PREFIX, texts.lars)
    harvested = Harvested(texts.where, source_id=texts.lars, source_url=texts.source_url)
    harvested.guesses.extend(texts.guesses)
    publisher = _organisation_iri(texts)
    if publisher is None:
        return _rejected(
            texts.where,
            texts.lars,
            "l'enregistrement ne nomme pas son organisation (organization vide) : une fiche "
            "exige un éditeur (dct:publisher)",
            "the record names no organisation (empty organization): a record needs a "
            "publisher (dct:publisher)",
        )
    names = texts.texts.get("name")
    if not names:
        return _rejected(texts.where, texts.lars, "l'enregistrement n'a pas de nom", "no name")
    graph = Graph()
    for cls in (IACOLL.CasUsageIA, IACOLL.Fiche, DCAT.Resource, DPV.Process):
        graph.add((iri, RDF.type, cls))
    graph.add((iri, IACOLL.typeFiche, CAS_USAGE))
    graph.add((iri, DCT.type, CAS_USAGE))
    graph.add((iri, DCT.conformsTo, SHAPES_IRI))
    graph.add((iri, DCT.publisher, publisher))
    for lang, name in names.items():
        graph.add((iri, DCT.title, Literal(name, lang=lang)))
        graph.add((iri, RDFS.label, Literal(name, lang=lang)))
    descriptions = texts.texts.get("description_short") or texts.texts.get("description") or {}
    for lang, text in descriptions.items():
        graph.add((iri, DCT.description, Literal(text, lang=lang)))
    for key in ("proportionality", "risks", "decision_making_process", "objection_procedure"):
        prop = crosswalk.target(key)
        for lang, text in texts.texts.get(key, {}).items():
            if prop is not None:
                graph.add((iri, prop, Literal(text, lang=lang)))
    unknown = _values(texts, crosswalk, graph, iri, harvested)
    harvested.records.append(Record(iri, graph))
    if publisher not in emitted and not _published(catalogue, publisher):
        harvested.records.append(_organisation(publisher, texts))
        emitted.add(publisher)
    used = {"description"} if "description_short" in texts.texts else set()
    harvested.unmapped = sorted(
        set(crosswalk.unmapped(texts.present - READ)) | (texts.present & used) | unknown
    )
    return harvested


def _values(
    texts: Texts, crosswalk: Crosswalk, graph: Graph, iri: URIRef, harvested: Harvested
) -> set[str]:
    """Adds the controlled values, dates and links; returns the fields whose value is unknown
    to the crosswalk (unmapped although the field is)."""
    unknown = set()
    status = texts.values.get("status")
    if isinstance(status, str):
        found = crosswalk.concept("status", status)
        prop = crosswalk.target("status")
        if found is not None and prop is not None:
            graph.add((iri, prop, found.concept))
        else:
            unknown.add("status")
            harvested.guesses.append(f"Statut « {status} » inconnu de la correspondance : omis")
    categories = texts.values.get("category")
    for category in categories if isinstance(categories, list) else [categories or ""]:
        if not str(category).strip():
            continue
        found = crosswalk.concept("category", str(category))
        if found is not None:
            graph.add((iri, DCAT.theme, found.concept))
        else:
            harvested.guesses.append(f"Thème « {category} » sans équivalent iacoll : omis")
    unknown |= _publication_category(texts, crosswalk, graph, iri, harvested)
    website = texts.values.get("website")
    if isinstance(website, str) and re.match(r"https?://\S+$", website.strip()):
        graph.add((iri, DCAT.landingPage, URIRef(website.strip())))
    begin = texts.values.get("begin_date")
    if isinstance(begin, str) and re.fullmatch(r"\d{4}-\d{2}", begin.strip()):
        graph.add((iri, SCHEMA.startDate, Literal(begin.strip(), datatype=XSD.gYearMonth)))
    assessed = _impact_assessed(texts.values)
    prop = crosswalk.target("impactassessment")
    if assessed is not None and prop is not None:
        graph.add((iri, prop, Literal(assessed)))
    for key in ("publication_dt", "create_dt"):
        day = _date(texts.values.get(key))
        if day is not None:
            graph.add((iri, DCT.modified, Literal(day.isoformat(), datatype=XSD.date)))
            break
    return unknown


def _publication_category(
    texts: Texts, crosswalk: Crosswalk, graph: Graph, iri: URIRef, harvested: Harvested
) -> set[str]:
    """The category the organisation publishes under (A, B, C), kept as the register's own
    concept; an unknown one is omitted and reported."""
    stated = texts.values.get("publication_category")
    prop = crosswalk.target("publication_category")
    if not isinstance(stated, str) or prop is None:
        return set()
    concept = crosswalk.own_value("publication_category", stated)
    if concept is None:
        harvested.guesses.append(
            f"Catégorie de publication « {stated} » inconnue de la correspondance : omise"
        )
        return {"publication_category"}
    graph.add((iri, prop, concept))
    return set()


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _impact_assessed(values: dict[str, Any]) -> bool | None:
    """Whether an impact assessment was carried out: the scrape's Ja / Nee, or a non-empty
    list of assessments (impacttoetsen_grouping) in the register's own files; None when the
    source does not say (an empty list does not say « none »)."""
    stated = values.get("impactassessment")
    if isinstance(stated, str):
        return IMPACT_ASSESSED.get(stated.strip())
    grouping = values.get("impacttoetsen_grouping")
    if isinstance(grouping, list) and any(
        isinstance(g, dict) and str(g.get("title") or "").strip() for g in grouping
    ):
        return True
    return None


# --- Organisations ------------------------------------------------------------------------


def _organisation_iri(texts: Texts) -> URIRef | None:
    if texts.organisation_code:
        return minted("organisation", PREFIX, texts.organisation_code)
    name = texts.organisation_names.get("nl") or next(iter(texts.organisation_names.values()), "")
    return minted("organisation", PREFIX, name) if name.strip() else None


def _organisation(iri: URIRef, texts: Texts) -> Record:
    graph = Graph()
    for cls in (FOAF.Agent, FOAF.Organization, ORG.Organization):
        graph.add((iri, RDF.type, cls))
    for lang, name in texts.organisation_names.items():
        graph.add((iri, FOAF.name, Literal(name, lang=lang)))
        graph.add((iri, SKOS.prefLabel, Literal(name, lang=lang)))
    graph.add((iri, DCT.spatial, NETHERLANDS))
    return Record(iri, graph)


def _published(catalogue: Catalogue, iri: URIRef) -> bool:
    return (iri, None, None) in catalogue.organisations


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _not_an_object(number: int) -> Harvested:
    return _rejected(
        f"enregistrement {number}",
        None,
        "l'enregistrement n'est pas un objet JSON {…}",
        "the record is not a JSON object {…}",
    )


def _rejected(where: str, lars: str | None, reason_fr: str, reason_en: str) -> Harvested:
    return Harvested(where, source_id=lars, rejected=reason_fr, rejected_en=reason_en)


# --- Rich text ----------------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RICH_BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in RICH_BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: str) -> str:
    """``value`` without its HTML (the register's rich text allows div, p, br, ul, ol, li):
    blocks become lines, spaces are tidied, blank lines dropped."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and ">" in text:
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)

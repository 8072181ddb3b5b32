"""The iacoll records a register's use case becomes: the use case and the organisation it names.

Shared by the importers of the European registers (:mod:`.uk_atrs`, :mod:`.jrc_aiwatch`,
:mod:`.eurocities_csv`): the classes and the type every use case carries, texts in the source's
language, the organisation with the country the source states. What a field maps onto is read
from the format's crosswalk (:mod:`.crosswalks`); this module only assembles the graphs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from iacoll.errors import IacollError
from iacoll.federation.harvest import Harvested, Source
from iacoll.model.record import Record
from iacoll.model.text_checks import CONTROL, MARKUP
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import (
    ADMS,
    AI,
    AIRO,
    DCAT,
    DCT,
    DPV,
    EU_AIACT,
    IACOLL,
    SCHEMA,
    SHAPES_IRI,
    TECH,
    VOCAB,
)

CAS_USAGE = URIRef(f"{VOCAB}type-fiche/cas-usage")
USE_CASE_CLASSES = (IACOLL.CasUsageIA, IACOLL.Fiche, DCAT.Resource, DPV.Process)
SYSTEM_CLASSES = (IACOLL.SystemeIA, AI.AISystem, AIRO.AISystem, EU_AIACT.AISystem)
ORGANISATION_CLASSES = (FOAF.Agent, FOAF.Organization, ORG.Organization)
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_FLEXIBLE = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")


class UnreadableSource(IacollError):
    """The source is not a file of the format (raised before any record is read)."""

    status = 400


def rejected(found: Harvested, french: str, english: str) -> Harvested:
    """``found``, rejected for the reason given in French and English."""
    found.rejected, found.rejected_en = french, english
    return found


def text(value: str | None) -> str:
    """``value`` as a literal's text: line breaks kept (as ``\\n``), spaces within a line
    collapsed, empty lines between paragraphs kept once, invisible control characters (which
    the write path refuses) dropped, ends trimmed; "" for None."""
    if not value:
        return ""
    value = CONTROL.sub("", value.replace("\r\n", "\n"))
    if MARKUP.search(value):
        value = plain(value)
    lines = [" ".join(line.split()) for line in value.split("\n")]
    joined = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


class _Plain(HTMLParser):
    """The text of an HTML fragment: block elements become line breaks, scripts are dropped."""

    BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain(fragment: str) -> str:
    """The text of a rich-text (HTML) cell, paragraphs kept as line breaks."""
    parser = _Plain()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def day(value: str | None) -> Literal | None:
    """The ``xsd:date`` of a source date (``2025-06-26T07:39:09Z`` → ``2025-06-26``), None when
    it does not start with a full date."""
    found = _DATE.match((value or "").strip())
    return Literal(found.group(1), datatype=XSD.date) if found else None


def flexible_date(value: str | None) -> Literal | None:
    """A year (``xsd:gYear``), month (``xsd:gYearMonth``) or day (``xsd:date``) written
    ``2019``, ``2019-05``, ``2021/01/01``…; None for any other form."""
    found = _FLEXIBLE.match((value or "").strip())
    if not found:
        return None
    year, month, dd = found.groups()
    try:
        date(int(year), int(month or 1), int(dd or 1))
    except ValueError:  # 2021/13/01, 2021-02-30
        return None
    if dd:
        return Literal(f"{year}-{int(month):02d}-{int(dd):02d}", datatype=XSD.date)
    if month:
        return Literal(f"{year}-{int(month):02d}", datatype=XSD.gYearMonth)
    return Literal(year, datatype=XSD.gYear)


def decoded(data: bytes) -> str:
    """The text of a file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(source: Source, required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with the line each starts on (the header is line 1); cells
    may span lines. The delimiter is sniffed among ``,`` and ``;``. A header without one of
    the ``required`` columns makes the source unreadable."""
    content = decoded(source.data)
    header = content.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        yield from _rows(reader, source, required)
    except csv.Error as error:  # a cell over the csv module's limit, a stray quote…
        line = reader.line_num
        raise UnreadableSource(
            f"{source.location}:{line} : CSV illisible ({error}) : vérifiez les guillemets et "
            "la taille des cellules de cette ligne.",
            detail=f"{source.location}:{line}: unreadable CSV ({error}).",
        ) from None


def _rows(
    reader: Any, source: Source, required: Iterable[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    names = [name.strip() for name in next(reader, [])]
    if missing := [name for name in required if name not in names]:
        raise UnreadableSource(
            f"{source.location} : colonnes absentes de l'en-tête : {', '.join(missing)}.",
            detail=f"{source.location}: columns missing from the header: {', '.join(missing)}.",
        )
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield start, {n: c for n, c in zip(names, cells, strict=False) if n}
        start = reader.line_num + 1


@dataclass
class UseCase:
    """The values of a use case read from a register (texts in ``lang``)."""

    iri: URIRef
    title: str
    description: str
    lang: str
    publisher: URIRef
    landing_page: str | None = None
    modified: Literal | None = None
    issued: Literal | None = None
    started: Literal | None = None
    ended: Literal | None = None
    status: URIRef | None = None
    themes: list[URIRef] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    extra: list[tuple[URIRef, str]] = field(default_factory=list)  # (property, text in lang)
    # Editorial notes (French, English): what iacoll inferred rather than read in the source.
    notes: list[tuple[str, str]] = field(default_factory=list)
    system: list[tuple[URIRef, Node]] = field(default_factory=list)  # of the AI system it deploys

    @property
    def system_iri(self) -> URIRef:
        """The AI system the use case deploys: ``id/systeme/{the use case's slug}``."""
        return URIRef(str(self.iri).replace("/cas-usage/", "/systeme/", 1))

    def record(self) -> Record:
        graph = Graph()
        s = self.iri
        for cls in USE_CASE_CLASSES:
            graph.add((s, RDF.type, cls))
        title = Literal(self.title, lang=self.lang)
        graph.add((s, DCT.title, title))
        graph.add((s, RDFS.label, title))
        graph.add((s, IACOLL.typeFiche, CAS_USAGE))
        graph.add((s, DCT.type, CAS_USAGE))
        graph.add((s, DCT.publisher, self.publisher))
        if self.description:
            graph.add((s, DCT.description, Literal(self.description, lang=self.lang)))
        graph.add((s, DCT.conformsTo, SHAPES_IRI))
        for french, english in self.notes:
            graph.add((s, SKOS.editorialNote, Literal(french, lang="fr")))
            graph.add((s, SKOS.editorialNote, Literal(english, lang="en")))
        if self.landing_page:
            graph.add((s, DCAT.landingPage, URIRef(self.landing_page)))
        dates = (
            (DCT.modified, self.modified),
            (DCT.issued, self.issued),
            (SCHEMA.startDate, self.started),
            (SCHEMA.endDate, self.ended),
        )
        for prop, when in dates:
            if when is not None:
                graph.add((s, prop, when))
        if self.status is not None:
            graph.add((s, ADMS.status, self.status))
        for theme in self.themes:
            graph.add((s, DCAT.theme, theme))
        for keyword in self.keywords:
            graph.add((s, DCAT.keyword, Literal(keyword, lang=self.lang)))
        for prop, value in self.extra:
            graph.add((s, prop, Literal(value, lang=self.lang)))
        if self.system:
            self._add_system(graph)
        return Record(s, graph)

    def _add_system(self, graph: Graph) -> None:
        system = self.system_iri
        graph.add((self.iri, AI.hasAISystem, system))
        for cls in SYSTEM_CLASSES:
            graph.add((system, RDF.type, cls))
        graph.add((system, TECH.hasDeployer, self.publisher))
        graph.add((system, AIRO.isDeployedBy, self.publisher))
        for prop, value in self.system:
            graph.add((system, prop, value))


def organisation(iri: URIRef, name: str, lang: str, country: URIRef | None) -> Record:
    """A new organisation: its classes, its name in ``lang``, the country it is in."""
    graph = Graph()
    for cls in ORGANISATION_CLASSES:
        graph.add((iri, RDF.type, cls))
    label = Literal(name, lang=lang)
    graph.add((iri, FOAF.name, label))
    graph.add((iri, SKOS.prefLabel, label))
    if country is not None:
        graph.add((iri, DCT.spatial, country))
    return Record(iri, graph)


def is_published(catalogue: Catalogue, iri: URIRef) -> bool:
    """Whether the catalogue already holds the organisation ``iri``."""
    return iri in catalogue.organisation_iris()


def new_organisations(catalogue: Catalogue, records: Iterable[Record]) -> list[Record]:
    """Of the organisations ``records``, those the catalogue does not hold yet."""
    return [r for r in records if not is_published(catalogue, r.iri)]

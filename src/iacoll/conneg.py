"""The one format registry, and content negotiation over it.

Every media type iacoll speaks is listed here once; conneg, ``?format=``, file suffixes,
``Content-Type`` and ``Link: rel="alternate"`` all read :data:`FORMATS`.
Precedence: explicit format (suffix or ``?format=``), then q-sorted ``Accept``, then the default.
An exact media type beats a ``type/*`` range of the same quality, and a range never matches
a format by an alias: the ``Content-Type`` sent always falls within what was accepted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from iacoll.errors import IacollError

# "dataset": RDF with named graphs (the change feed's pages). "table": a list of records as
# plain objects (search exports); "file": download files, never
# negotiated.
Kind = Literal["rdf", "dataset", "results", "html", "table", "file"]

# RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")


@dataclass(frozen=True)
class Format:
    """One serialisation format."""

    key: str
    media_type: str
    suffix: str
    label: str
    kind: Kind
    oxigraph: str | None = None
    aliases: tuple[str, ...] = ()
    rdflib: str | None = None

    @property
    def content_type(self) -> str:
        """``Content-Type`` header value."""
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


FORMATS: tuple[Format, ...] = (
    Format("html", "text/html", ".html", "HTML", "html", aliases=("application/xhtml+xml",)),
    Format(
        "turtle",
        "text/turtle",
        ".ttl",
        "Turtle",
        "rdf",
        "TURTLE",
        ("application/x-turtle", "application/turtle", "ttl", "n3", "text/n3"),
        "turtle",
    ),
    Format(
        "jsonld",
        "application/ld+json",
        ".jsonld",
        "JSON-LD",
        "rdf",
        "JSON_LD",
        ("json-ld", "json", "application/json"),
        "json-ld",
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        ".rdf",
        "RDF/XML",
        "rdf",
        "RDF_XML",
        ("rdf", "xml", "rdf+xml", "application/xml"),  # generic XML: the XML syntax of RDF
        "xml",
    ),
    Format(
        "ntriples",
        "application/n-triples",
        ".nt",
        "N-Triples",
        "rdf",
        "N_TRIPLES",
        ("nt", "text/plain"),
        "nt",
    ),
    Format("trig", "application/trig", ".trig", "TriG", "dataset", "TRIG", (), "trig"),
    Format("nquads", "application/n-quads", ".nq", "N-Quads", "dataset", "N_QUADS", (), "nquads"),
    Format(
        "json",
        "application/sparql-results+json",
        ".srj",
        "SPARQL JSON",
        "results",
        aliases=("application/json", "sparql-results+json"),
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        ".srx",
        "SPARQL XML",
        "results",
        aliases=("application/xml", "text/xml", "sparql-results+xml"),
    ),
    Format("csv", "text/csv", ".csv", "CSV", "results"),
    Format("tsv", "text/tab-separated-values", ".tsv", "TSV", "results", aliases=("tab",)),
    # A list of records as plain JSON objects (the search results export).
    Format("json-list", "application/json", ".json", "JSON", "table"),
    # Spreadsheets for people (downloads): the CSV French Excel opens (BOM, semicolon), XLSX.
    Format("csv-excel", "text/csv", "-excel.csv", "CSV pour Excel (point-virgule)", "file"),
    Format(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
        "XLSX (Excel, LibreOffice)",
        "file",
    ),
)

BY_KEY = {f.key: f for f in FORMATS}


class UnknownFormat(IacollError):
    """An explicit format that iacoll does not know (400, lists the choices)."""

    status = 400


class NotAcceptable(IacollError):
    """No representation matches the ``Accept`` header (406)."""

    status = 406


def lookup(name: str, candidates: Sequence[Format]) -> Format:
    """Resolve an explicit ``?format=`` value (key, suffix, media type or alias)."""
    wanted = name.strip().lower().lstrip(".")
    for fmt in candidates:
        names = {fmt.key, fmt.suffix.lstrip("."), fmt.media_type, *fmt.aliases}
        if wanted in names:
            return fmt
    choices = ", ".join(f.key for f in candidates)
    raise UnknownFormat(
        f"Format inconnu « {name} ». Formats possibles : {choices}.",
        detail=f"Unknown format '{name}'. Choices: {choices}.",
    )


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` media ranges with their q-value, best first (stable for equal q). A q-value
    that is not RFC 9110's ``qvalue`` (``0`` to ``1``, three decimals at most: no ``nan``,
    ``inf`` or ``2``) makes its range not acceptable (q = 0)."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate(header.split(",")):
        fields = [p.strip() for p in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                value = param[2:].strip()
                quality = float(value) if QVALUE.fullmatch(value) else 0.0
        ranges.append((fields[0].lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], _specificity(r[0]) * -1, r[2]))
    return [(media, quality) for media, quality, _ in ranges]


def _specificity(media_range: str) -> int:
    if media_range == "*/*":
        return 0
    return 1 if media_range.endswith("/*") else 2


def negotiate(
    accept: str | None, candidates: Sequence[Format], explicit: str | None = None
) -> Format:
    """Pick the representation: explicit name, else ``Accept``, else the first candidate.

    Each candidate takes the q-value of the most specific range that matches it (RFC 9110
    §12.5.1: ``text/html;q=0, */*;q=0.1`` refuses HTML and accepts the rest; its own media
    type outranks its aliases, so ``text/html;q=0`` is never answered in HTML); the best q wins,
    then the more specific range, then the earlier range, then the candidates' order."""
    if explicit:
        return lookup(explicit, candidates)
    ranges = parse_accept(accept)
    ranked: list[tuple[float, int, int, int, Format]] = []
    for index, fmt in enumerate(candidates):
        matching = [
            (_specificity(media), quality, position)
            for position, (media, quality) in enumerate(ranges)
            if _matches(media, fmt)
        ]
        if not matching:
            continue
        specificity = max(m[0] for m in matching)
        # its own media type before an alias (``text/html;q=0, application/xhtml+xml``)
        quality, position = min(
            ((q, p) for s, q, p in matching if s == specificity),
            key=lambda m: (ranges[m[1]][0] != fmt.media_type, m[1]),
        )
        if quality > 0:
            ranked.append((-quality, -specificity, position, index, fmt))
    if ranked:
        return min(ranked, key=lambda r: r[:4])[4]
    choices = ", ".join(f.media_type for f in candidates)
    raise NotAcceptable(
        f"Aucun format demandé n'est disponible. Formats possibles : {choices}.",
        detail=f"None of the accepted media types is available. Choices: {choices}.",
    )


def _matches(media_range: str, fmt: Format) -> bool:
    """Whether ``fmt`` answers ``media_range``: ``*/*``; ``type/*`` by the media type it is
    served with (``application/*`` is not HTML through its XHTML alias, nor Turtle through
    ``application/x-turtle``); a full media type by its name or an alias."""
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return fmt.media_type.startswith(media_range[:-1])
    return media_range in (fmt.media_type, *(a for a in fmt.aliases if "/" in a))


def of_kind(*kinds: Kind) -> tuple[Format, ...]:
    """Formats of the given kinds, in registry order."""
    return tuple(f for f in FORMATS if f.kind in kinds)

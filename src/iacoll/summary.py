"""A short summary of the catalogue's source files (what ``make run`` prints before serving)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCAT, FOAF, RDF, SKOS
from rdflib.term import Node

from iacoll import sources
from iacoll.namespaces import IACOLL, VOCAB


@dataclass(frozen=True)
class Summary:
    """Counts over the catalogue."""

    records: int
    organisations: int
    by_type: Counter[str]
    by_theme: Counter[str]


def summarise(paths: Iterable[Path]) -> Summary:
    """Count records by entry type and theme, and organisations, with French labels."""
    data = sources.read_all(paths)
    vocab = sources.read_all([sources.VOCABULARY_DIR])
    records = set(data.subjects(RDF.type, IACOLL.Fiche))
    by_type: Counter[str] = Counter()
    by_theme: Counter[str] = Counter()
    for record in records:
        for kind in data.objects(record, IACOLL.typeFiche):
            by_type[_label(vocab, kind)] += 1
        for theme in data.objects(record, DCAT.theme):
            if str(theme).startswith(str(VOCAB) + "theme/"):
                by_theme[_label(vocab, theme)] += 1
    organisations = len(set(data.subjects(RDF.type, FOAF.Agent)))
    return Summary(len(records), organisations, by_type, by_theme)


def _label(vocab: Graph, concept: Node, lang: str = "fr") -> str:
    for label in vocab.objects(concept, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    return str(concept)


def render_summary(summary: Summary, lang: str = "fr") -> str:
    """Plain-text summary."""
    head = (
        f"{summary.records} fiches, {summary.organisations} organisations"
        if lang == "fr"
        else f"{summary.records} records, {summary.organisations} organisations"
    )
    lines = [head, "", "Par type :" if lang == "fr" else "By type:"]
    lines += [f"  {n:4d}  {label}" for label, n in summary.by_type.most_common()]
    lines += ["", "Par thématique :" if lang == "fr" else "By theme:"]
    lines += [f"  {n:4d}  {label}" for label, n in summary.by_theme.most_common()]
    return "\n".join(lines)

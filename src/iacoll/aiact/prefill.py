"""The questionnaire for a record: what its values already answer, and what is left to ask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from iacoll import sources
from iacoll.aiact import logic
from iacoll.aiact.rules import NO, Prefill, Question, Rulebook, Text, load
from iacoll.namespaces import AI


@dataclass(frozen=True)
class Asked:
    """A question of the questionnaire, with its answer when one is known."""

    question: Question
    answer: str | None  # given, prefilled, or « non » when its gates make it moot
    origin: Text | None  # « prérempli depuis le public visé : Grand public »
    to_ask: bool  # still to be answered
    moot: bool = False  # not asked: its gates are answered « non »

    @property
    def prefilled(self) -> bool:
        return self.origin is not None


def questions_for(
    record: Graph | None = None,
    answers: Mapping[str, str] | None = None,
    book: Rulebook | None = None,
) -> list[Asked]:
    """Every question, prefilled from ``record`` (its audience, algorithm type, decision-impact
    level, sub-themes, AI function…) and from ``answers``; ``to_ask`` marks what is missing."""
    book = book or load()
    given = dict(answers or {})
    origins: dict[str, Text] = {}
    if record is not None:
        for q in book.questions:
            found = _prefill(q, record)
            if found and q.id not in given:
                given[q.id], origins[q.id] = found
    effective = logic.effective(book.questions, given)
    out = []
    for q in book.questions:
        answer = effective.get(q.id)
        skipped = q.ask_if != () and all(effective.get(g) == NO for g in q.ask_if)
        out.append(Asked(q, answer, origins.get(q.id), answer is None and not skipped, skipped))
    return out


def _prefill(question: Question, record: Graph) -> tuple[str, Text] | None:
    for rule in question.prefill:
        matched = [c for c in record.objects(None, rule.prop) if c in rule.concepts]
        if matched:
            return rule.answer, _origin(rule, matched, record)
    return None


def _origin(rule: Prefill, concepts: Sequence[Node], record: Graph) -> Text:
    labels = {lang: ", ".join(_label(c, lang, record) for c in concepts) for lang in ("fr", "en")}
    return Text(
        f"prérempli depuis {rule.origin.fr} : {labels['fr']}",
        f"prefilled from {rule.origin.en}: {labels['en']}",
    )


def _label(concept: Node, lang: str, record: Graph) -> str:
    for graph in (record, _vocabularies()):
        for label in graph.objects(concept, SKOS.prefLabel):
            if getattr(label, "language", None) == lang:
                return str(label)
    return str(concept).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@cache
def _vocabularies() -> Graph:
    return sources.read_all(sorted(sources.VOCABULARY_DIR.glob("*.ttl")))


def record_graph(iri: URIRef, graph: Graph) -> Graph:
    """The part of ``graph`` that describes the record ``iri`` and its AI system."""
    out = Graph()
    subjects = [iri, *graph.objects(iri, AI.hasAISystem)]
    for subject in subjects:
        out += graph.triples((subject, None, None))
    return out


def seed_record(name: str, data_dir: Path = sources.DATA_DIR) -> Graph | None:
    """The record a slug (``la-haye-delibia``) or a use-case IRI names in the seed data, its
    public and members-only files together; None when there is none."""
    slug = name.rstrip("/").rsplit("/", 1)[-1]
    files = [data_dir / folder / f"{slug}.ttl" for folder in ("cas-usage", "restreint")]
    if not files[0].exists():
        return None
    graph = Graph()
    for path in files:
        if path.exists():
            sources.read_rdf(path, into=graph)
    return graph

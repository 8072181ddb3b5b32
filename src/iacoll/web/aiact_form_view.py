"""What the « Qualifier un système » page shows: the questions by group (with their answer,
where a prefilled answer comes from, whether they are asked yet) and the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef

from iacoll.aiact import Result, load, questions_for
from iacoll.aiact.citations import Citation
from iacoll.aiact.rules import NO, Level, Question
from iacoll.namespaces import PREFIXES
from iacoll.pages.dates import human_date
from iacoll.pages.site import Site

# The answers of a yes/no question, in the order shown (messages aiact.answer.*).
YES_NO = ("oui", "non", "nsp")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # a message key for oui / non / nsp, else the option's label
    message: bool
    checked: bool


@dataclass(frozen=True)
class Shown:
    """A question as the page shows it."""

    id: str
    text: str
    help: str | None
    origin: str | None  # « prérempli depuis le public visé : Grand public »
    choices: tuple[Choice, ...]
    cite: tuple[dict[str, str], ...]
    ask_if: tuple[str, ...]
    hidden: bool  # not asked yet (its gates unanswered) or moot (its gates « non »)


@dataclass(frozen=True)
class Group:
    id: str
    questions: tuple[Shown, ...]

    @property
    def hidden(self) -> bool:
        return all(q.hidden for q in self.questions)


@dataclass(frozen=True)
class Questionnaire:
    groups: tuple[Group, ...]

    @property
    def waiting(self) -> int:
        """The questions that further answers may bring."""
        return sum(1 for g in self.groups for q in g.questions if q.hidden)


def cite_links(cites: tuple[Citation, ...], lang: str) -> tuple[dict[str, str], ...]:
    texts = load().texts
    return tuple({"label": c.label(lang), "url": c.url(texts)} for c in cites)


def _choices(question: Question, answer: str | None, lang: str) -> tuple[Choice, ...]:
    if not question.options:
        return tuple(Choice(v, f"aiact.answer.{v}", True, v == answer) for v in YES_NO)
    found = [Choice(v, text(lang), False, v == answer) for v, text in question.options]
    return (*found, Choice("nsp", "aiact.answer.nsp", True, answer == "nsp"))


def questionnaire(
    record: Graph, given: dict[str, str], answers: dict[str, str], lang: str
) -> Questionnaire:
    """The questions of ``record`` with ``answers`` (the engine's: prefilled and given)."""
    prefilled = {a.question.id: a for a in questions_for(record)}
    groups: dict[str, list[Shown]] = {}
    for asked in questions_for(record, given):
        q, answer = asked.question, answers.get(asked.question.id)
        first = prefilled[q.id]
        origin = first.origin(lang) if first.origin and first.answer == answer else None
        waiting = bool(q.ask_if) and not any(answers.get(g) not in (None, NO) for g in q.ask_if)
        shown = Shown(
            q.id,
            q.text(lang),
            q.help(lang) if q.help else None,
            origin,
            _choices(q, answer, lang),
            cite_links(q.cite, lang),
            q.ask_if,
            asked.moot or waiting,
        )
        groups.setdefault(q.group, []).append(shown)
    return Questionnaire(tuple(Group(g, tuple(qs)) for g, qs in groups.items()))


def curie(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(str(namespace)):
            return f"{prefix}:{str(iri)[len(str(namespace)) :]}"
    return str(iri)


def _level(level: Level | None, site: Site, lang: str) -> dict[str, Any] | None:
    if level is None:
        return None
    concept = level.concept
    return {
        "id": level.id,
        "label": site.label(concept, lang) if concept else level.label(lang),
        "rule_label": level.label(lang),
        "concept_path": site.path_for_iri(str(concept)) if concept else None,
        "iri": str(level.iri) if level.iri else None,
        "curie": curie(level.iri) if level.iri else None,
    }


def result_view(result: Result, site: Site, lang: str) -> dict[str, Any]:
    """The result as the page shows it."""
    level = result.level
    return {
        "settled": result.settled,
        "storable": level is not None and level.iri is not None,
        "why_not": "a-preciser" if level is None else "hors-champ",
        "level": _level(level, site, lang),
        "provisional": _level(result.provisional, site, lang),
        "clauses": [{"iri": str(c), "curie": curie(c)} for c in result.clauses],
        "reasoning": [
            {"text": s.text(lang), "cite": cite_links(s.cite, lang)} for s in result.reasoning
        ],
        "to_find": [q.to_find(lang) for q in result.to_find],
        "obligations": [
            {
                "text": a.obligation.text(lang),
                "date": a.date.isoformat() if a.date else None,
                "date_text": human_date(a.date.isoformat(), lang) if a.date else None,
                "cite": cite_links(a.obligation.cite, lang),
            }
            for a in result.obligations
        ],
    }

"""Three-valued (Kleene) evaluation of the rule files' conditions on a set of answers.

An answer « nsp » (je ne sais pas) or no answer makes a condition unknown; an unknown that
could change the outcome is what « à préciser » asks to find out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from iacoll.aiact.rules import ANY, NO, UNKNOWN, Conditions, Question


@dataclass(frozen=True)
class Truth:
    value: bool | None  # None: unknown
    unknown: tuple[str, ...] = ()  # the questions whose answer would settle it


TRUE, FALSE = Truth(True), Truth(False)


def effective(questions: Iterable[Question], given: Mapping[str, str]) -> dict[str, str]:
    """The answers, with « non » for every question not asked (all its ``ask_if`` gates « non »)."""
    out: dict[str, str] = {}
    for q in questions:
        if q.ask_if and all(out.get(g) == NO for g in q.ask_if):
            out[q.id] = NO
        elif q.id in given:
            out[q.id] = given[q.id]
    return out


def conditions(table: Conditions, answers: Mapping[str, str]) -> Truth:
    """All of ``table`` (question → accepted answers)."""
    unknown = []
    for qid, accepted in table.items():
        answer = answers.get(qid, UNKNOWN)
        if answer == UNKNOWN:
            unknown.append(qid)
        elif answer not in accepted and ANY not in accepted:
            return FALSE
    return Truth(None, tuple(unknown)) if unknown else TRUE


def any_of(tables: Iterable[Conditions], answers: Mapping[str, str]) -> Truth:
    """One at least of ``tables``; true when there are none."""
    truths = [conditions(t, answers) for t in tables]
    if not truths or any(t.value for t in truths):
        return TRUE
    unknown = [q for t in truths if t.value is None for q in t.unknown]
    return Truth(None, tuple(dict.fromkeys(unknown))) if unknown else FALSE


def both(a: Truth, b: Truth) -> Truth:
    if a.value is False or b.value is False:
        return FALSE
    if a.value and b.value:
        return TRUE
    return Truth(None, tuple(dict.fromkeys((*a.unknown, *b.unknown))))


def negate(a: Truth) -> Truth:
    return a if a.value is None else Truth(not a.value)

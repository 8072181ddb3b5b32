"""Applying the decision table (``aiact/regles.toml``) to a set of answers."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import URIRef

from iacoll.aiact import logic
from iacoll.aiact.logic import Truth
from iacoll.aiact.result import AppliedObligation, Result, Step
from iacoll.aiact.rules import Level, Rule, Rulebook, curie, load


class BadAnswer(ValueError):
    """An answer to an unknown question, or not one of the question's answers."""

    def __init__(self, field: str, message_fr: str, message_en: str) -> None:
        super().__init__(f"{field}: {message_en}")
        self.field, self.message_fr, self.message_en = field, message_fr, message_en


def check_answers(answers: Mapping[str, str], book: Rulebook) -> None:
    ids = {q.id: q for q in book.questions}
    for qid, answer in answers.items():
        if qid not in ids:
            raise BadAnswer(qid, "question inconnue", "unknown question")
        if answer not in ids[qid].answers:
            allowed = ", ".join(ids[qid].answers)
            raise BadAnswer(
                qid,
                f"« {answer} » n'est pas l'une de {allowed}",
                f"'{answer}' is not one of {allowed}",
            )


def qualify(answers: Mapping[str, str], book: Rulebook | None = None) -> Result:
    """The qualification that ``answers`` (question id → oui / non / nsp / option) give."""
    book = book or load()
    check_answers(answers, book)
    given = logic.effective(book.questions, answers)
    truths = {rule.id: _rule(rule, given, book) for rule in book.rules}
    decided, pending = _decide(book, truths)
    steps: list[Step] = []
    level: Level | None = None
    clauses: tuple[URIRef, ...] = ()
    if decided:
        level = book.levels[decided[0].level or ""]
        clauses = tuple(curie(r.clause.format(**given)) for r in decided if r.clause)
        steps += [Step(r.id, r.reasoning, r.cite) for r in decided]
    steps += _exceptions(book, given)
    steps += _complements(book, truths, level, decided)
    unknown = _first_to_find(book, given, [q for _, t in pending for q in t.unknown])
    obligations = _obligations(book, given, level, clauses)
    return Result(
        level=None if pending else level,
        provisional=level if pending else None,
        clauses=clauses,
        reasoning=tuple(steps),
        to_find=tuple(book.question(q) for q in unknown),
        obligations=obligations,
        answers=given,
        book=book,
    )


def _first_to_find(book: Rulebook, answers: Mapping[str, str], unknown: list[str]) -> list[str]:
    """The unknown questions, once each, without those whose gates are all still unanswered
    (the gate comes first: « does it process biometric data? » before « does it identify? »)."""
    found = []
    for qid in dict.fromkeys(unknown):
        gates = book.question(qid).ask_if
        if not gates or any(g in answers for g in gates):
            found.append(qid)
    return found


def _rule(rule: Rule, answers: Mapping[str, str], book: Rulebook) -> Truth:
    base = logic.both(logic.conditions(rule.when, answers), logic.any_of(rule.any_of, answers))
    for name in rule.unless:
        base = logic.both(base, logic.negate(_exception(name, answers, book)))
    return base


def _exception(name: str, answers: Mapping[str, str], book: Rulebook) -> Truth:
    return logic.any_of(book.exceptions[name].any_of, answers)


def _decide(
    book: Rulebook, truths: dict[str, Truth]
) -> tuple[list[Rule], list[tuple[Rule, Truth]]]:
    """The true rules of the first priority that has one, and the unknown rules before it."""
    pending: list[tuple[Rule, Truth]] = []
    for priority in sorted({r.priority for r in book.rules if r.level}):
        group = [r for r in book.rules if r.level and r.priority == priority]
        true = [r for r in group if truths[r.id].value]
        if true:
            return true, pending
        pending += [(r, truths[r.id]) for r in group if truths[r.id].value is None]
    return [], pending


def _exceptions(book: Rulebook, answers: Mapping[str, str]) -> list[Step]:
    """The exceptions that set aside a rule whose own conditions held."""
    applied: dict[str, Step] = {}
    for rule in book.rules:
        held = logic.both(logic.conditions(rule.when, answers), logic.any_of(rule.any_of, answers))
        for name in rule.unless:
            exc = book.exceptions[name]
            if held.value and _exception(name, answers, book).value:
                applied[name] = Step(exc.id, exc.reasoning, exc.cite)
    return list(applied.values())


def _complements(
    book: Rulebook, truths: dict[str, Truth], level: Level | None, decided: list[Rule]
) -> list[Step]:
    """Cumulative rules (Art. 50 duties of a high-risk system) and notes that hold."""
    steps = []
    for rule in book.rules:
        if rule in decided or not truths[rule.id].value:
            continue
        cumulates = level is not None and level.id in rule.cumulative
        note = rule.level is None and (
            not rule.only_levels or (level and level.id in rule.only_levels)
        )
        if cumulates or note:
            steps.append(Step(rule.id, rule.reasoning, rule.cite))
    return steps


def _obligations(
    book: Rulebook, answers: Mapping[str, str], level: Level | None, clauses: tuple[URIRef, ...]
) -> tuple[AppliedObligation, ...]:
    if level is None:
        return ()
    found = []
    for ob in book.obligations:
        if level.id not in ob.levels or ob.except_clauses.intersection(clauses):
            continue
        holds = logic.both(logic.conditions(ob.when, answers), logic.any_of(ob.any_of, answers))
        if holds.value:
            date_id = ob.date.get(level.id) or ob.date["*"]
            found.append(AppliedObligation(ob, date_id, book.date_of(date_id)))
    return tuple(found)

"""The obligations that follow from the qualified levels alone, across the catalogue.

A stored qualification keeps its level and its clauses, not the questionnaire's answers. So the
overview counts, for each obligation of a public deployer (``aiact/obligations.toml``), the
systems whose level makes it apply whatever the answers (an obligation with conditions on the
answers, such as the Art. 50 information duties, is left out: it depends on what the system
does), minus the systems whose clause excludes it, with its date of application and whether
that date has passed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from iacoll.aiact.rules import Level, Obligation, Rulebook


@dataclass(frozen=True)
class Qualified:
    """A system of the catalogue as stored: its level (None: not qualified) and clauses."""

    system: URIRef
    level: URIRef | None
    clauses: frozenset[URIRef] = frozenset()


@dataclass(frozen=True)
class Standing:
    """An obligation, the systems it applies to, and from when."""

    obligation: Obligation
    systems: tuple[URIRef, ...]
    date: datetime.date | None  # None: in force, no single date

    def in_force(self, today: datetime.date) -> bool:
        return self.date is None or self.date <= today


def level_of(book: Rulebook, iri: URIRef | None) -> Level | None:
    """The rulebook's level whose ``eu-aiact`` IRI is ``iri``."""
    return next((lv for lv in book.levels.values() if iri is not None and lv.iri == iri), None)


def unconditional(obligation: Obligation) -> bool:
    """Whether the obligation applies to its levels whatever the answers."""
    return not obligation.when and not obligation.any_of


def standing(book: Rulebook, systems: Iterable[Qualified]) -> list[Standing]:
    """The unconditional obligations that apply to at least one system, in the rulebook's
    order, each with the systems it applies to (a level may date an obligation differently:
    the earliest date of its systems is given)."""
    found: dict[str, tuple[list[URIRef], list[datetime.date | None]]] = {}
    for item in systems:
        level = level_of(book, item.level)
        if level is None:
            continue
        for ob in book.obligations:
            if level.id not in ob.levels or ob.except_clauses & item.clauses:
                continue
            if not unconditional(ob):
                continue
            date_id = ob.date.get(level.id) or ob.date["*"]
            entry = found.setdefault(ob.id, ([], []))
            entry[0].append(item.system)
            entry[1].append(book.date_of(date_id))
    out = []
    for ob in book.obligations:
        if ob.id in found:
            systems_of, dates = found[ob.id]
            known = [d for d in dates if d is not None]
            date = min(known) if len(known) == len(dates) else None
            out.append(Standing(ob, tuple(sorted(set(systems_of))), date))
    return out

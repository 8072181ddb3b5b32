"""The rulebook: questions, decision rules, obligations and dates, read from ``aiact/*.toml``.

Nothing of the law lives in code: :func:`load` reads the files, turns them into frozen
dataclasses and checks them (every question a rule names exists, every citation designates an
existing article, annex point or recital, every date an obligation names is declared), so a
broken rule file fails at load time with the file and the entry at fault.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import URIRef

from iacoll import sources
from iacoll.aiact.citations import Citation
from iacoll.errors import IacollError
from iacoll.namespaces import DEFAULT_BASE, PREFIXES, VOCAB

FOLDER = sources.ROOT / "aiact"
YES, NO, UNKNOWN = "oui", "non", "nsp"
ANY = "*"
Conditions = dict[str, tuple[str, ...]]


class RulebookError(IacollError):
    """A rule file that cannot be read or is inconsistent (a maintainer's error)."""

    status = 500


def curie(text: str) -> URIRef:
    """``eu-aiact:RiskLevelHigh`` → its IRI; ``cible:agent`` → ``vocab/cible/agent``."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES:
        return URIRef(str(PREFIXES[prefix]) + local)
    return URIRef(f"{VOCAB}{prefix}/{local}")


@dataclass(frozen=True)
class Text:
    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Prefill:
    prop: URIRef
    concepts: frozenset[URIRef]
    answer: str
    origin: Text  # « le public visé »


@dataclass(frozen=True)
class Question:
    id: str
    group: str
    text: Text
    help: Text | None
    to_find: Text  # what to find out when the answer is « je ne sais pas »
    cite: tuple[Citation, ...]
    ask_if: tuple[str, ...] = ()
    options: tuple[tuple[str, Text], ...] = ()  # a choice question; else oui / non / nsp
    prefill: tuple[Prefill, ...] = ()
    context: bool = False  # used by no rule: who the system and its information address

    @property
    def answers(self) -> tuple[str, ...]:
        return (*(o for o, _ in self.options), UNKNOWN) if self.options else (YES, NO, UNKNOWN)


@dataclass(frozen=True)
class Level:
    id: str
    label: Text
    iri: URIRef | None  # None: outside the AI Act
    concept: URIRef | None  # the niveau-risque concept


@dataclass(frozen=True)
class RuleException:
    id: str
    any_of: tuple[Conditions, ...]
    cite: tuple[Citation, ...]
    reasoning: Text


@dataclass(frozen=True)
class Rule:
    id: str
    priority: int
    level: str | None  # None: a note
    when: Conditions
    any_of: tuple[Conditions, ...]
    unless: tuple[str, ...]
    clause: str | None
    cite: tuple[Citation, ...]
    reasoning: Text
    cumulative: tuple[str, ...] = ()
    only_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obligation:
    id: str
    levels: tuple[str, ...]
    except_clauses: frozenset[URIRef]
    when: Conditions
    any_of: tuple[Conditions, ...]
    date: dict[str, str]  # level → date id ("*" for every level)
    cite: tuple[Citation, ...]
    text: Text
    title: Text  # a short heading written from the text


@dataclass(frozen=True)
class DateEntry:
    id: str
    date: datetime.date | None  # None: in force, no single date
    cite: tuple[Citation, ...]
    text: Text


@dataclass(frozen=True)
class Amendment:
    id: str
    in_force: bool
    status: Text
    source: str
    text: Text
    dates: dict[str, datetime.date]


@dataclass(frozen=True)
class Rulebook:
    questions: tuple[Question, ...]
    levels: dict[str, Level]
    rules: tuple[Rule, ...]
    exceptions: dict[str, RuleException]
    obligations: tuple[Obligation, ...]
    dates: dict[str, DateEntry]
    amendments: tuple[Amendment, ...]
    texts: dict[str, Any]  # aiact/sources.toml [texte]
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # file id → its [meta]

    @property
    def version(self) -> str:
        """The version of the decision table (``aiact/regles.toml``), which a stored
        qualification cites."""
        return str(self.meta.get("regles", {}).get("version", ""))

    @property
    def iri(self) -> URIRef:
        """``{base}aiact/regles/{version}``: the rules a qualification was established with."""
        return URIRef(f"{DEFAULT_BASE}aiact/regles/{self.version}")

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def date_of(self, date_id: str) -> datetime.date | None:
        """The date in force: an amendment in force overrides the 2024 text's date."""
        for amendment in self.amendments:
            if amendment.in_force and date_id in amendment.dates:
                return amendment.dates[date_id]
        return self.dates[date_id].date


@cache
def load(folder: Path = FOLDER) -> Rulebook:
    """The rulebook of ``folder`` (``aiact/`` by default), read and checked."""
    from iacoll.aiact import loading

    return loading.read(folder)

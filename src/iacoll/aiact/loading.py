"""Reading ``aiact/*.toml`` into a :class:`~iacoll.aiact.rules.Rulebook`, and checking it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from iacoll.aiact import citations
from iacoll.aiact.citations import Citation
from iacoll.aiact.rules import (
    ANY,
    Amendment,
    Conditions,
    DateEntry,
    Level,
    Obligation,
    Prefill,
    Question,
    Rule,
    Rulebook,
    RulebookError,
    RuleException,
    Text,
    curie,
)

FILES = ("sources", "questions", "regles", "obligations", "dates")


def read(folder: Path) -> Rulebook:
    data = {name: _toml(folder / f"{name}.toml") for name in FILES}
    texts = data["sources"]["texte"]
    cite = _citer(texts)
    book = Rulebook(
        questions=tuple(_question(q, cite) for q in data["questions"]["question"]),
        levels={n["id"]: _level(n) for n in data["regles"]["niveau"]},
        rules=tuple(_rule(r, cite) for r in data["regles"]["regle"]),
        exceptions={e["id"]: _exception(e, cite) for e in data["regles"]["exception"]},
        obligations=tuple(_obligation(o, cite) for o in data["obligations"]["obligation"]),
        dates={d["id"]: _date(d, cite) for d in data["dates"]["date"]},
        amendments=tuple(_amendment(m) for m in data["dates"].get("modification", [])),
        texts=texts,
        meta={name: data[name]["meta"] for name in FILES},
    )
    check(book, folder)
    return book


def _toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulebookError(
            f"Fichier de règles AI Act illisible : {path} ({exc}).",
            detail=f"Unreadable AI Act rule file {path}: {exc}",
        ) from exc
    if "meta" not in data or "version" not in data["meta"]:
        raise RulebookError(f"{path} : [meta] et sa version manquent.", detail=f"{path}: no [meta]")
    return data


def _citer(texts: dict[str, Any]) -> Any:
    def cite(entry: dict[str, Any], where: str) -> tuple[Citation, ...]:
        found = []
        for text in entry.get("cite", []):
            try:
                citation = citations.parse(text)
            except ValueError:
                raise RulebookError(f"{where} : citation illisible « {text} ».") from None
            if (why := citations.problem(citation, texts)) is not None:
                raise RulebookError(f"{where} : {why}.")
            found.append(citation)
        return tuple(found)

    return cite


def _text(entry: dict[str, Any], key: str = "") -> Text:
    return Text(entry[f"{key}fr"], entry[f"{key}en"])


def _conditions(table: dict[str, Any]) -> Conditions:
    return {q: (v,) if isinstance(v, str) else tuple(v) for q, v in table.items()}


def _question(q: dict[str, Any], cite: Any) -> Question:
    return Question(
        id=q["id"],
        group=q["groupe"],
        text=_text(q),
        help=_text(q, "aide_") if "aide_fr" in q else None,
        to_find=_text(q, "a_preciser_"),
        cite=cite(q, f"questions.toml, question {q['id']}"),
        ask_if=tuple(q.get("poser_si", ())),
        options=tuple((o["id"], _text(o)) for o in q.get("options", ())),
        prefill=tuple(
            Prefill(
                curie(p["propriete"]),
                frozenset(curie(c) for c in p["concepts"]),
                p["reponse"],
                _text(p, "origine_"),
            )
            for p in q.get("prerempli", ())
        ),
        context=q.get("contexte", False),
    )


def _level(n: dict[str, Any]) -> Level:
    iri, concept = n.get("iri"), n.get("concept")
    return Level(
        n["id"], _text(n), curie(iri) if iri else None, curie(concept) if concept else None
    )


def _rule(r: dict[str, Any], cite: Any) -> Rule:
    return Rule(
        id=r["id"],
        priority=r.get("priorite", 1000),
        level=None if r.get("note") else r["niveau"],
        when=_conditions(r.get("si", {})),
        any_of=tuple(_conditions(c) for c in r.get("si_un_de", ())),
        unless=tuple(r.get("sauf", ())),
        clause=r.get("clause"),
        cite=cite(r, f"regles.toml, règle {r['id']}"),
        reasoning=_text(r),
        cumulative=tuple(r.get("cumule", ())),
        only_levels=tuple(r.get("si_niveau", ())),
    )


def _exception(e: dict[str, Any], cite: Any) -> RuleException:
    any_of = tuple(_conditions(c) for c in e["si_un_de"])
    return RuleException(e["id"], any_of, cite(e, f"regles.toml, exception {e['id']}"), _text(e))


def _obligation(o: dict[str, Any], cite: Any) -> Obligation:
    date = o["date"]
    return Obligation(
        id=o["id"],
        levels=tuple(o["niveaux"]),
        except_clauses=frozenset(curie(c) for c in o.get("sauf_clauses", ())),
        when=_conditions(o.get("si", {})),
        any_of=tuple(_conditions(c) for c in o.get("si_un_de", ())),
        date={ANY: date} if isinstance(date, str) else dict(date),
        cite=cite(o, f"obligations.toml, obligation {o['id']}"),
        text=_text(o),
        title=_text(o, "titre_"),
    )


def _date(d: dict[str, Any], cite: Any) -> DateEntry:
    return DateEntry(d["id"], d.get("date"), cite(d, f"dates.toml, date {d['id']}"), _text(d))


def _amendment(m: dict[str, Any]) -> Amendment:
    status = Text(m["statut_fr"], m["statut_en"])
    return Amendment(m["id"], m["en_vigueur"], status, m["source"], _text(m), dict(m["dates"]))


def check(book: Rulebook, folder: Path) -> None:
    """Every name a rule, an obligation or a question uses is declared."""
    ids = {q.id: q for q in book.questions}
    problems = [
        f"questions.toml : {q.id} pose_si {g} inconnue"
        for q in book.questions
        for g in q.ask_if
        if g not in ids
    ]
    for kind, entries in (("règle", book.rules), ("obligation", book.obligations)):
        for entry in entries:
            for conditions in (entry.when, *entry.any_of):
                problems += [
                    f"{kind} {entry.id} : {q}={v}"
                    for q, values in conditions.items()
                    for v in values
                    if q not in ids or v not in (*ids[q].answers, ANY)
                ]
    for rule in book.rules:
        problems += [
            f"règle {rule.id} : niveau {rule.level}"
            for _ in [0]
            if rule.level is not None and rule.level not in book.levels
        ]
        problems += [
            f"règle {rule.id} : exception {e}" for e in rule.unless if e not in book.exceptions
        ]
    for ob in book.obligations:
        problems += [
            f"obligation {ob.id} : date {d}" for d in ob.date.values() if d not in book.dates
        ]
        problems += [f"obligation {ob.id} : niveau {n}" for n in ob.levels if n not in book.levels]
    for amendment in book.amendments:
        problems += [
            f"modification {amendment.id} : date {d}"
            for d in amendment.dates
            if d not in book.dates
        ]
    used = _used(book)
    problems += [
        f"question {q.id} : utilisée par aucune règle"
        for q in book.questions
        if q.id not in used and not q.context
    ]
    if problems:
        raise RulebookError(f"Règles AI Act incohérentes ({folder}) : " + " ; ".join(problems))


def _used(book: Rulebook) -> set[str]:
    """The questions a rule, an exception, an obligation or another question's gate names."""
    tables = [t for r in book.rules for t in (r.when, *r.any_of)]
    tables += [t for e in book.exceptions.values() for t in e.any_of]
    tables += [t for o in book.obligations for t in (o.when, *o.any_of)]
    return {q for t in tables for q in t} | {g for q in book.questions for g in q.ask_if}

"""A qualification and a questionnaire as JSON (the API, ``--format json``) and as French or
English text (the command line)."""

from __future__ import annotations

from typing import Any

from iacoll.aiact.citations import Citation
from iacoll.aiact.prefill import Asked
from iacoll.aiact.result import Result

UNSETTLED = {"fr": "À préciser", "en": "To be settled"}


def citation_json(c: Citation, result: Result, lang: str) -> dict[str, str]:
    return {"cite": c.text, "label": c.label(lang), "url": c.url(result.book.texts)}


def result_json(result: Result, lang: str = "fr") -> dict[str, Any]:
    level = result.level or result.provisional
    return {
        "statut": "qualifie" if result.settled else "a-preciser",
        "niveau": _level(result.level, lang),
        "niveau_provisoire": _level(result.provisional, lang),
        "clauses": [str(c) for c in result.clauses],
        "raisonnement": [
            {
                "regle": s.id,
                "texte": s.text(lang),
                "citations": [citation_json(c, result, lang) for c in s.cite],
            }
            for s in result.reasoning
        ],
        "a_preciser": [{"question": q.id, "texte": q.to_find(lang)} for q in result.to_find],
        "obligations": [
            {
                "id": a.obligation.id,
                "texte": a.obligation.text(lang),
                "date": a.date.isoformat() if a.date else None,
                "date_source": a.date_id,
                "provisoire": not result.settled,
                "citations": [citation_json(c, result, lang) for c in a.obligation.cite],
            }
            for a in result.obligations
        ]
        if level
        else [],
        "reponses": result.answers,
    }


def _level(level: Any, lang: str) -> dict[str, Any] | None:
    if level is None:
        return None
    return {
        "id": level.id,
        "label": level.label(lang),
        "iri": str(level.iri) if level.iri else None,
        "concept": str(level.concept) if level.concept else None,
    }


def asked_json(asked: list[Asked], lang: str = "fr") -> list[dict[str, Any]]:
    return [
        {
            "id": a.question.id,
            "groupe": a.question.group,
            "texte": a.question.text(lang),
            "aide": a.question.help(lang) if a.question.help else None,
            "reponses": list(a.question.answers),
            "options": {o: t(lang) for o, t in a.question.options},
            "poser_si": list(a.question.ask_if),
            "reponse": a.answer,
            "origine": a.origin(lang) if a.origin else None,
            "a_poser": a.to_ask,
            "citations": [c.text for c in a.question.cite],
        }
        for a in asked
    ]


def result_text(result: Result, lang: str = "fr") -> str:
    fr = lang == "fr"
    lines = []
    if result.level is not None:
        lines.append(f"{'Niveau' if fr else 'Level'} : {result.level.label(lang)}")
    else:
        lines.append(f"{'Niveau' if fr else 'Level'} : {UNSETTLED[lang]}")
        if result.provisional is not None:
            head = "Niveau provisoire" if fr else "Provisional level"
            lines.append(f"{head} : {result.provisional.label(lang)}")
        lines.append("À établir :" if fr else "To find out:")
        lines += [f"  - {q.to_find(lang)} ({q.id})" for q in result.to_find]
    lines += [f"Clause : {c}" for c in result.clauses]
    lines.append("Raisonnement :" if fr else "Reasoning:")
    for step in result.reasoning:
        lines.append(f"  - {step.text(lang)}")
        lines.append(f"    [{'; '.join(c.label(lang) for c in step.cite)}]")
    if result.obligations:
        head = "Obligations du déployeur public" if fr else "Public deployer's obligations"
        if not result.settled:
            head += " (provisoires)" if fr else " (provisional)"
        lines.append(head + (" :" if fr else ":"))
    for a in result.obligations:
        when = a.date.isoformat() if a.date else ("en vigueur" if fr else "in force")
        lines.append(f"  - [{when}] {a.obligation.text(lang)}")
        lines.append(f"    [{'; '.join(c.label(lang) for c in a.obligation.cite)}]")
    return "\n".join(lines)


def asked_text(asked: list[Asked], lang: str = "fr") -> str:
    lines = []
    for a in asked:
        if a.prefilled:
            lines.append(f"  [{a.answer}] {a.question.id} — {a.origin(lang) if a.origin else ''}")
        elif a.to_ask:
            lines.append(f"  [ ? ] {a.question.id} — {a.question.text(lang)}")
    return "\n".join(lines)

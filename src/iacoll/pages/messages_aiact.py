"""Messages of the « Règles de qualification AI Act » page (rules as data, aiact/*.toml)."""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "aiact.title": _m("Règles de qualification AI Act", "AI Act qualification rules"),
    "aiact.home": _m(
        "les questions, règles, obligations et dates qui qualifient un système au regard de "
        "l'AI Act, avec leurs sources",
        "the questions, rules, obligations and dates that qualify a system under the AI Act, "
        "with their sources",
    ),
    "aiact.intro": _m(
        "Comment iacoll propose un niveau de risque au sens du règlement (UE) 2024/1689 (AI "
        "Act) et les obligations qui en découlent pour une collectivité qui déploie un système "
        "d'IA. Ces tables versionnées (dossier aiact/ du dépôt) sont celles qu'applique "
        "« iacoll qualify » ; chaque règle cite l'article, le point d'annexe ou le considérant "
        "dont elle découle. Une réponse « je ne sais pas » rend la qualification « à préciser » "
        "et dit ce qu'il faut établir. Le résultat est une aide, pas un avis juridique.",
        "How iacoll proposes a risk level under Regulation (EU) 2024/1689 (AI Act) and the "
        "obligations that follow for an authority deploying an AI system. These versioned "
        "tables (the repository's aiact/ folder) are the ones “iacoll qualify” applies; each "
        "rule cites the article, annex point or recital it comes from. An answer “I don't "
        "know” makes the qualification “to be settled” and says what to find out. The result "
        "is an aid, not legal advice.",
    ),
    "aiact.version": _m("Version des tables", "Table versions"),
    "aiact.levels": _m("Niveaux", "Levels"),
    "aiact.level": _m("Niveau", "Level"),
    "aiact.level_iri": _m("Niveau eu-aiact (DPV)", "eu-aiact level (DPV)"),
    "aiact.concept": _m("Concept iacoll", "iacoll concept"),
    "aiact.questions": _m("Questions", "Questions"),
    "aiact.question": _m("Question", "Question"),
    "aiact.asked_if": _m("posée si", "asked if"),
    "aiact.prefill": _m("Prérempli depuis", "Prefilled from"),
    "aiact.rules": _m("Règles", "Rules"),
    "aiact.priority": _m("Priorité", "Priority"),
    "aiact.conditions": _m("Conditions", "Conditions"),
    "aiact.clause": _m("Clause", "Clause"),
    "aiact.reasoning": _m("Raisonnement", "Reasoning"),
    "aiact.sources": _m("Sources", "Sources"),
    "aiact.note": _m("note", "note"),
    "aiact.unless": _m("sauf", "unless"),
    "aiact.exceptions": _m("Exceptions", "Exceptions"),
    "aiact.obligations": _m(
        "Obligations du déployeur public", "Obligations of the public deployer"
    ),
    "aiact.obligation": _m("Obligation", "Obligation"),
    "aiact.applies_to": _m("S'applique à", "Applies to"),
    "aiact.date": _m("Date d'application", "Date of application"),
    "aiact.dates": _m("Dates d'application", "Dates of application"),
    "aiact.in_force": _m("en vigueur", "in force"),
    "aiact.amendments": _m("Modifications du règlement", "Amendments of the Regulation"),
    "aiact.amendment_status": _m("Statut", "Status"),
    "aiact.amendment_applied": _m("appliquée par le moteur", "applied by the engine"),
    "aiact.amendment_not_applied": _m(
        "non appliquée : les dates du texte de 2024 restent celles du moteur",
        "not applied: the 2024 text's dates remain the engine's",
    ),
    "aiact.announced": _m("Dates annoncées", "Announced dates"),
}

"""Interface messages of the AI Act block of the statistics page (fr, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "aiact.overview.title": {
        "fr": "Obligations AI Act des systèmes qualifiés",
        "en": "AI Act obligations of the qualified systems",
    },
    "aiact.overview.counts": {
        "fr": "Systèmes d'IA qualifiés\u00a0: {qualified} sur {total} ({missing} non qualifiés).",
        "en": "Qualified AI systems: {qualified} of {total} ({missing} not qualified).",
    },
    "aiact.overview.none": {
        "fr": "Aucun système n'est encore qualifié : aucune obligation ne peut être recensée. "
        "Chaque page de système propose de le qualifier ; les règles appliquées sont décrites "
        "sur la page « Règles de qualification AI Act ».",
        "en": "No system is qualified yet: no obligation can be counted. Each system's page "
        "offers to qualify it; the rules applied are described on the page \u201cAI Act "
        "qualification rules\u201d.",
    },
    "aiact.overview.note": {
        "fr": "Obligations d'un déployeur public qui découlent du seul niveau qualifié ; celles "
        "qui dépendent de ce que fait le système (informations de l'article 50) n'y sont pas.",
        "en": "Obligations of a public deployer that follow from the qualified level alone; "
        "those that depend on what the system does (Article 50 information duties) are not "
        "counted.",
    },
    "aiact.overview.caption": {
        "fr": "Obligations et nombre de systèmes concernés",
        "en": "Obligations and number of systems concerned",
    },
    "aiact.overview.obligation": {"fr": "Obligation", "en": "Obligation"},
    "aiact.overview.source": {"fr": "Texte", "en": "Text"},
    "aiact.overview.date": {"fr": "Application", "en": "Applies"},
    "aiact.overview.systems": {"fr": "Systèmes", "en": "Systems"},
    "aiact.overview.in_force": {"fr": "depuis le {date}", "en": "since {date}"},
    "aiact.overview.upcoming": {"fr": "à partir du {date}", "en": "from {date}"},
    "aiact.overview.always": {"fr": "en vigueur", "en": "in force"},
    "aiact.overview.rules": {
        "fr": "Règles de qualification AI Act",
        "en": "AI Act qualification rules",
    },
    "aiact.overview.query": {
        "fr": "Les mêmes comptes dans l'éditeur SPARQL :",
        "en": "The same counts in the SPARQL editor:",
    },
}

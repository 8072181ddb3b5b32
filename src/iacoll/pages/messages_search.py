"""Interface messages of the search page: help, sort orders, exports, folding filters."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "search.q.help": {
        "fr": "Dans les titres, descriptions, noms des organisations, partenaires, fournisseurs "
        "et lieux ; accents, majuscules et pluriels indifférents, début du dernier mot accepté.",
        "en": "In titles, descriptions, names of organisations, partners, vendors and places; "
        "accents, case and plurals do not matter, the last word may be a beginning.",
    },
    "search.filters.show": {"fr": "Filtres", "en": "Filters"},
    "search.filters.active": {"fr": "{count} actif(s)", "en": "{count} active"},
    "search.auto": {
        "fr": "Les résultats se mettent à jour dès qu'une case est cochée ou décochée.",
        "en": "The results are updated as soon as a box is ticked or unticked.",
    },
    "search.sort": {"fr": "Trier par", "en": "Sort by"},
    "search.sort.apply": {"fr": "Trier", "en": "Sort"},
    "search.sort.pertinence": {"fr": "Pertinence", "en": "Relevance"},
    "search.sort.demarrage": {
        "fr": "Date de démarrage (récente d'abord)",
        "en": "Start date (latest first)",
    },
    "search.sort.mise-a-jour": {
        "fr": "Dernière mise à jour (récente d'abord)",
        "en": "Last update (latest first)",
    },
    "search.sort.titre": {"fr": "Titre (A → Z)", "en": "Title (A → Z)"},
    "search.export": {"fr": "Exporter ces résultats", "en": "Export these results"},
    "search.export.link": {
        "fr": "{format} (toutes les fiches trouvées)",
        "en": "{format} (every record found)",
    },
}

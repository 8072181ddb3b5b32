"""Interface messages of the environmental-footprint block of the statistics page (fr, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "empreinte.title": {"fr": "Empreinte environnementale", "en": "Environmental footprint"},
    "empreinte.members": {
        "fr": "Réservé aux membres : sommes de toutes les empreintes déclarées, restreintes "
        "comme le champ amont « Évaluation de l'impact environnemental » sauf quand "
        "l'organisation les publie.",
        "en": "Members only: sums of every stated footprint, restricted like the upstream field "
        "\u201cEnvironmental impact assessment\u201d unless the organisation publishes them.",
    },
    "empreinte.public": {
        "fr": "Sommes des empreintes que leurs organisations ont choisi de publier ; les autres "
        "sont réservées aux membres connectés.",
        "en": "Sums of the footprints their organisations chose to publish; the others are for "
        "signed-in members only.",
    },
    "empreinte.none": {
        "fr": "Aucune fiche ne donne d'empreinte chiffrée.",
        "en": "No record gives a footprint in figures.",
    },
    "empreinte.records": {
        "fr": "Fiches donnant une mesure chiffrée\u00a0: {count}",
        "en": "Records giving a measurement in figures: {count}",
    },
    "empreinte.caption": {
        "fr": "Énergie et émissions par périmètre de mesure",
        "en": "Energy and emissions by measurement scope",
    },
    "empreinte.scope": {"fr": "Périmètre", "en": "Scope"},
    "empreinte.kwh": {"fr": "Énergie (kWh)", "en": "Energy (kWh)"},
    "empreinte.kg": {"fr": "Émissions (kg CO₂e)", "en": "Emissions (kg CO₂e)"},
    "empreinte.systems": {"fr": "Systèmes", "en": "Systems"},
    "empreinte.unstated": {"fr": "Périmètre non précisé", "en": "Scope not stated"},
    "empreinte.tools": {"fr": "Outils de mesure utilisés", "en": "Measuring tools used"},
}

"""Records drawn mainly from the Journée Expert IA report (004). Spec keys: see records_livret."""

from __future__ import annotations

from typing import Any

APPROPRIATION = (
    "À travers le programme de formation ApproprIAtion Métropolitaine, des cas d'usage comme "
)
# 004:88-98: the MGP presented its AI strategy, "through" whose training programme these use
# cases "sont testés"; who carries them is not said.
MGP_INFERRED = [
    (
        "publisher",
        "metropole-du-grand-paris",
        "la Métropole du Grand Paris a présenté sa stratégie d'IA et son programme de formation "
        "ApproprIAtion Métropolitaine, « à travers » lequel ce cas d'usage est testé (lignes "
        "88-98) ; la source ne dit pas qui le porte.",
        "the Métropole du Grand Paris presented its AI strategy and its ApproprIAtion "
        'Métropolitaine training programme, "through" which this use case is tested (lines '
        "88-98); the source does not say who carries it.",
    )
]

RECORDS: list[dict[str, Any]] = [
    {
        "id": "centre-val-de-loire-previzo",
        "kind": "use_case",
        "publisher": "region-centre-val-de-loire",
        "heading": "Previz'o",
        "alt": ["PREVIZO"],
        "desc": "un projet de prédiction des épisodes de tension en eau [...] Il s'inscrit dans "
        "une logique d'anticipation climatique et de réplicabilité.",
        "theme": "transition-ecologique",
        "sys_r": {
            "description": "un modèle prédictif sur la qualité et la quantité de l'eau à "
            "l'heure du réchauffement climatique",
            "data_desc": "Un projet qui mobilisera notamment les données du BRGM [...] Fondé "
            "sur l'interopérabilité des données territoriales",
            "env": "Une sobriété des données que l'on retrouve également dans le projet PREVIZO "
            "de la région Centre-Val de Loire sur la préservation de la ressource en eau.",
        },
        "r": {
            "funding": ["diat"],
            "funding_desc": "lauréat de l'appel à projet Démonstrateurs d'IA territoriaux",
            "dev_desc": "ce démonstrateur open source vise à être réutilisable par d'autres "
            "territoires.",
        },
        "src": {"004": "79-86", "000": "2092-2100"},
    },
    {
        "id": "mgp-strategie-ia",
        "kind": "strategy",
        "publisher": "metropole-du-grand-paris",
        "heading": "Stratégie Intelligence Artificielle de la Métropole du Grand Paris",
        "desc": "Deux grands axes : accélérer l'utilisation de l'IA dans les collectivités et "
        "les services publics locaux, et développer un “écosystème métropolitain d'IA "
        "urbaine et territorial” à la fois dynamique et reconnu à l'international. "
        + APPROPRIATION
        + "le réemploi de matériaux (IA-BTP Match) ou la gestion des "
        "livraisons urbaines sont testés.",
        "theme": "gouvernance-socles",
        "landing": "https://metropolegrandparis.fr/fr/intelligence-artificielle-et-metropole-du-"
        "grand-paris-un-engagement-fort-pour-linnovation-urbaine#la-strategie-"
        "intelligence-artificielle-de-la-metropole-du-grand-paris",
        "pages": ["https://www.metropolegrandparis.fr/fr/appropriation-metropolitaine"],
        "src": {"004": "88-98, 138, 142-144"},
    },
    {
        "id": "mgp-ia-btp-match",
        "kind": "use_case",
        "publisher": "metropole-du-grand-paris",
        "heading": "IA-BTP Match",
        "status": "experimentation",
        "desc": APPROPRIATION + "le réemploi de matériaux (IA-BTP Match) [...] sont testés.",
        "theme": "transition-ecologique",
        "landing": "https://www.btp-match.org/apropos/le-projet#welcome",
        "inferred": MGP_INFERRED,
        "src": {"004": "88-98, 145"},
    },
    {
        "id": "mgp-livraisons-urbaines",
        "kind": "use_case",
        "publisher": "metropole-du-grand-paris",
        "heading": "gestion des livraisons urbaines",
        "title_note": True,
        "status": "experimentation",
        "desc": APPROPRIATION + "[...] la gestion des livraisons urbaines sont testés.",
        "theme": "attractivite-amenagement",
        "inferred": MGP_INFERRED,
        "src": {"004": "88-98"},
    },
    {
        "id": "marseille-ia-du-quotidien",
        "kind": "use_case",
        "publisher": "ville-de-marseille",
        "heading": "IA « du quotidien »",
        "desc": "l'approche de l'IA « du quotidien » : assistants à la rédaction, synthèse de "
        "documents ou comptes rendus, [...] L'enjeu principal reste la simplicité "
        "d'usage et l'adhésion des agents, avec une priorité donnée à l'expérimentation "
        "et à l'évaluation continue.",
        "theme": "administration-interne",
        "audience": ["agent"],
        "sys_r": {"hosting_desc": "développés en interne sur serveurs open source"},
        "r": {"dev": ["interne"], "dev_desc": "développés en interne sur serveurs open source"},
        "src": {"004": "100-106"},
    },
    {
        "id": "sicoval-strategie-numerique-responsable",
        "kind": "strategy",
        "publisher": "sicoval",
        "heading": "Stratégie Numérique responsable",
        "desc": "[...] l'importance d'une gouvernance adaptée aux capacités des collectivités. "
        "Avec une document cadre « Stratégie Numérique responsable » et des Cafés IA "
        "ouverts aux citoyens, la collectivité mise sur une IA sobre, utile et bien "
        "comprise des agents. Cette stratégie repose notamment sur 3 volets : expliquer, "
        "expérimenter, évaluer.",
        "theme": "gouvernance-socles",
        "landing": "https://www.sicoval.fr/app/uploads/2024/02/S202402003_-Strategie-numerique-"
        "responsable.pdf",
        "pages": ["https://cafeia.org/"],
        "src": {"004": "108-115, 137-138, 146-148"},
    },
    {
        "id": "nantes-charte-donnee-ia",
        "kind": "charter",
        "publisher": "nantes-metropole",
        "heading": "charte de la donnée et de l'IA",
        "desc": "[...] l'importance d'un positionnement clair et cohérent, enrichi par plusieurs "
        "années de travail sur la donnée publique, aboutissant à des outils "
        "d'évaluation précis comme la Boussole de l'IA et à une charte de la donnée et "
        "de l'IA.",
        "theme": "gouvernance-socles",
        "landing": "https://metropole.nantes.fr/ma-ville-ma-metropole/competences/competence-"
        "numerique-responsable/pourquoi-une-charte-metropolitaine-de-la-donnee-et-de-"
        "l-ia",
        "src": {"004": "44-51, 70"},
    },
    {
        "id": "nantes-boussole-ia",
        "kind": "evaluation_tool",
        "publisher": "nantes-metropole",
        "heading": "Boussole de l'IA",
        "alt": ["Boussole de l'IA de la Métropole de Nantes"],
        "desc": "aboutissant à des outils d'évaluation précis comme la Boussole de l'IA",
        "theme": "gouvernance-socles",
        "src": {"004": "44-51, 61-62"},
    },
    {
        "id": "tours-metropole-strategie-ia",
        "kind": "strategy",
        "publisher": "tours-metropole-val-de-loire",
        "heading": "stratégie d'IA adaptée à son échelle",
        "title_note": True,
        "desc": "[...] a insisté sur l'importance de former les agents et de les outiller sans "
        "les mettre en difficulté. En tant qu'enjeu majeur, l'acculturation des agents "
        "nécessite un cadre de confiance conçu pour leur permettre d'adopter l'IA en "
        "gardant autonomie et esprit critique.",
        "theme": "gouvernance-socles",
        "src": {"004": "4-16"},
    },
    {
        "id": "centre-val-de-loire-strategie-ia",
        "kind": "strategy",
        "publisher": "region-centre-val-de-loire",
        "heading": "stratégie IA",
        "title_note": True,
        "desc": "la stratégie IA en cours s'appuie sur un diagnostic complet du numérique "
        "territorial.",
        "theme": "gouvernance-socles",
        "src": {"004": "40-44"},
    },
]

"""Records drawn mainly from the Senate delegation report (002). Spec keys: see records_livret."""

from __future__ import annotations

from typing import Any

SMART_CITY = "971-976, 992-993"  # 002: definition of the smart city and the lead sentence

RECORDS: list[dict[str, Any]] = [
    {
        "id": "mgp-ia-eco-pilot",
        "kind": "use_case",
        "publisher": "metropole-du-grand-paris",
        "heading": "IA ECO PILOT",
        "alt": ["IA Eco Pilot"],
        "desc": "le projet « IA ECO PILOT » porté par la Métropole du Grand Paris (MGP) et le "
        "consortium ADVIZEO a pour but d'automatiser le suivi et le pilotage des "
        "bâtiments à distance dans le but de réduire substantiellement leur "
        "consommation énergétique [...] dont la vocation est triple : aider les "
        "gestionnaires d'espaces tertiaires à piloter les consommations énergétiques des "
        "bâtiments tertiaires tout en les éclairant sur le bâti et la faisabilité d'un "
        "projet autoconsommation.",
        "theme": "transition-ecologique",
        "figures": ["5 000 sites des collectivités membres de la MGP"],
        "contrib": [("advizeo", None)],
        "sys_r": {
            "data_desc": "5 000 sites des collectivités membres de la MGP qui remontent "
            "leurs données sur une plateforme de suivi énergétique"
        },
        "r": {
            "funding": ["diat"],
            "funding_desc": "sélectionné 12 projets territoriaux dans le cadre de l'appel à "
            "projets « démonstrateurs d'IA frugale au service de la transition "
            "écologique » (DIAT)",
        },
        "src": {"002": "1092-1100", "000": "2165-2173"},
    },
    {
        "id": "cannes-ia-productivite",
        "kind": "intention",
        "publisher": "cannes",
        "heading": "mobiliser l'IA dans sa collectivité",
        "title_note": True,
        "desc": "[...] le maire de Cannes [...] indiquait ainsi à la presse fin 2024 vouloir "
        "mobiliser l'IA dans sa collectivité afin « d'augmenter la productivité des "
        "agents » et « faire des économies »",
        "theme": "administration-interne",
        "pages": [
            "https://www.lefigaro.fr/nice/a-cannes-le-pari-de-l-intelligence-artificielle-"
            "pour-ameliorer-les-services-publics-20241119"
        ],
        "events": [("indiquait ainsi à la presse fin 2024", "2024")],
        "src": {"002": "853-860"},
    },
    {
        "id": "lyon-observatoire-citoyen-ia",
        "kind": "governance",
        "publisher": "ville-de-lyon",
        "heading": "observatoire citoyen de l'IA",
        "desc": "La ville de Lyon a par exemple institué un observatoire citoyen de l'IA pour "
        "permettre aux habitants de mieux comprendre son impact sur le quotidien.",
        "theme": "gouvernance-socles",
        "src": {"002": "1451-1455"},
    },
    {
        "id": "drome-wikit-chatbot",
        "kind": "use_case",
        "publisher": "departement-de-la-drome",
        "heading": "outil Wikit",
        "desc": "L'utilisation des chatbots s'étend rapidement dans la sphère publique. [...] "
        "Les collectivités territoriales se sont également lancées dans cette direction "
        "(par exemple, le conseil départemental de la Drôme avec l'outil Wikit)",
        "theme": "citoyennete-sante-solidarite",
        "same": ["drome-ladrome-fr"],
        "notes": [
            (
                "Rapprochement avec la fiche « Projet ladrome.fr — Département de la Drôme » "
                "(intitulé source : « ladrome.fr adopte u... ») proposé par la rédaction "
                "d'iacoll : les sources ne disent pas qu'il s'agit du même projet.",
                'Link to the "Projet ladrome.fr — Département de la Drôme" record (source heading: '
                '"ladrome.fr adopte u...") suggested by the iacoll editors: the sources do not say '
                "it is the same project.",
            )
        ],
        "sys_r": {"title": "Wikit"},
        "src": {"002": "1142-1147, 1151-1159"},
    },
    {
        "id": "cdg-finistere-botig",
        "kind": "use_case",
        "publisher": "centre-de-gestion-du-finistere",
        "heading": "Botig",
        "desc": "Les chatbots peuvent aussi être utilisés par les collectivités dans le domaine "
        "de la gestion des ressources humaines (par exemple, le centre de gestion du "
        "Finistère répond de manière automatisée, grâce à l'outil Botig, aux questions "
        "de premier niveau posées par les agents territoriaux qui lui sont rattachés).",
        "theme": "administration-interne",
        "subthemes": ["gestion-ressources-humaines"],
        "audience": ["agent"],
        "sys_r": {"title": "Botig"},
        "src": {"002": "1142-1147, 1159-1162"},
    },
    {
        "id": "ign-cerema-inria-jumeau-numerique",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "jumeau numérique de la France et de ses territoires",
        "alt": ["jumeau numérique de territoire"],
        "desc": "L'IGN, le Cerema et l'Inria se sont associés en lançant en 2024 un « appel à "
        "communs » pour la conception du jumeau numérique de la France et de ses "
        "territoires, qui serait ensuite mis à disposition des collectivités "
        "territoriales mais aussi du grand public. Concrètement, ce jumeau numérique "
        "serait une réplique numérique du territoire reposant sur un agrégat de données "
        "2D et 3D couplées à des données métier locales ou flux d'informations (météo, "
        "infrastructures, cours d'eau…) permettant des simulations réalistes et "
        "rigoureuses sur le plan scientifique. [...] Sa vocation est de permettre aux "
        "pouvoirs publics de se projeter dans l'avenir, de comparer des options et "
        "d'aider les territoires à opérer des arbitrages. [...] De nombreux cas d'usage "
        "ont d'ores et déjà été identifiés : planification écologique, gestion du "
        "littoral, résilience du système agricole, gestion durable des forêts, "
        "propagation d'une épidémie.",
        "theme": "gouvernance-socles",
        "audience": ["collectivites", "grand-public"],
        "events": [
            (
                "L'IGN, le Cerema et l'Inria se sont associés en lançant en 2024 un « appel à "
                "communs »",
                "2024",
            ),
            (
                "Lors de son audition devant la délégation à la prospective du Sénat le 12 "
                "novembre 2024, [...] a fait la démonstration d'une utilisation du jumeau "
                "numérique pour simuler les effets d'une brusque montée des eaux au niveau du Pont "
                "du Gard.",
                "2024-11-12",
            ),
        ],
        "contrib": [("cerema", None), ("inria", None)],
        "notes": [
            (
                "Le même rapport date aussi cette audition du « 12 novembre 2025 » (ligne 537) ; "
                "la date du 12 novembre 2024 (lignes 937-938) est retenue.",
                'The same report also dates this hearing "12 novembre 2025" (line 537); the date '
                "of 12 November 2024 (lines 937-938) is kept.",
            )
        ],
        "src": {"002": "535-538, 928-943", "000": "1107-1122"},
    },
    {
        "id": "etat-ialim",
        "kind": "use_case",
        "publisher": "services-deconcentres-de-l-etat",
        "heading": "IAlim",
        "start": "2019",
        "desc": "C'est vrai des services de l'État à l'échelle déconcentrée, qui peuvent tirer "
        "profit de l'IA pour mieux agir. Ainsi, depuis 2019, l'outil « IAlim » est "
        "utilisé pour le ciblage des contrôles sanitaires dans les restaurants, en "
        "analysant les commentaires laissés par les clients sur les sites Internet "
        "(Google, Tripadvisor).",
        "theme": "citoyennete-sante-solidarite",
        "sys_r": {
            "title": "IAlim",
            "data_desc": "les commentaires laissés par les clients sur les sites Internet "
            "(Google, Tripadvisor)",
        },
        "src": {"002": "680-683"},
    },
    {
        "id": "sncf-nexteo",
        "kind": "use_case",
        "publisher": "sncf",
        "heading": "NExTEO",
        "desc": "Ainsi, la SNCF met en place un nouveau système d'exploitation des trains "
        "Est-Ouest (NExTEO) pour son réseau de RER en Île-de-France, grâce à la "
        "possibilité pour les trains de communiquer entre eux et en s'appuyant sur une "
        "automatisation poussée du pilotage de l'exploitation des lignes grâce à l'IA. "
        "[...] (application NExTEO de la SNCF pour la gestion des trains et l'aide à la "
        "conduite)",
        "theme": "mobilites",
        "src": {"002": "593-594, 781-785"},
    },
    {
        "id": "idfm-vianavigo",
        "kind": "use_case",
        "publisher": "ile-de-france-mobilite",
        "heading": "Vianavigo",
        "desc": "Les acteurs publics fournissent aussi des services au public (par exemple "
        "l'application Vianavigo d'Île-de-France mobilité)",
        "theme": "mobilites",
        "no_ai": True,
        "src": {"002": "581-591"},
    },
    {
        "id": "dinum-albert",
        "kind": "use_case",
        "publisher": "dinum",
        "heading": "Albert",
        "status": "experimentation",
        "desc": "Développé par la direction interministérielle du numérique (Dinum), l'outil "
        "d'IA générative dénommé Albert est testé dans les Espaces France Services pour "
        "proposer aux agents des réponses à présenter aux administrés.",
        "theme": "citoyennete-sante-solidarite",
        "audience": ["agent", "collectivites"],
        "audience_desc": "Il est ouvert aux services publics, notamment aux collectivités "
        "territoriales, mais pas directement aux usagers du service public.",
        "figures": ["espaces France Services (2 700 aujourd'hui, 3 000 espérés en 2026)"],
        "provider": ["dinum"],
        "developer": ["dinum"],
        "sys_r": {
            "title": "Albert",
            "types": ["ia-generative"],
            "description": "Outil public, Albert est utilisable comme moteur de recherche "
            "capable de répondre sous forme de résumés basés sur des sources "
            "officielles et comme outil de génération de textes à partir d'une "
            "question en langage naturel.",
        },
        "r": {
            "dev_desc": "Développé par la direction interministérielle du numérique (Dinum) "
            "[...] outils souverains et en source ouverte (open source) développés "
            "par la Dinum comme le système Albert d'IA générative",
        },
        "src": {"002": "1346-1353, 1638-1651"},
    },
    # --- smart-city examples -------------------------------------------------------------
    {
        "id": "barcelone-smart-city",
        "kind": "smart_city",
        "publisher": "barcelone",
        "heading": "Barcelone a mis en place différents dispositifs numériques",
        "title_note": True,
        "desc": "Barcelone a mis en place différents dispositifs numériques, pour surveiller la "
        "qualité de l'air et l'humidité, pour la gestion des parkings ou encore pour "
        "adapter l'éclairage public à la présence ou non de piétons.",
        "theme": "gouvernance-socles",
        "no_ai": True,
        "src": {"002": f"{SMART_CITY}, 993-995"},
    },
    {
        "id": "singapour-smart-city",
        "kind": "smart_city",
        "publisher": "singapour",
        "heading": "Singapour a utilisé les technologies numériques",
        "title_note": True,
        "desc": "Singapour a utilisé les technologies numériques pour planifier le développement "
        "urbain, pour réduire les embouteillages et fluidifier la circulation ou encore "
        "pour répondre aux urgences médicales.",
        "theme": "gouvernance-socles",
        "no_ai": True,
        "src": {"002": f"{SMART_CITY}, 995-997"},
    },
    {
        "id": "songdo-smart-city",
        "kind": "smart_city",
        "publisher": "songdo",
        "heading": "ville nouvelle modèle de la ville intelligente",
        "title_note": True,
        "desc": "Songdo en Corée du Sud, une ville nouvelle modèle de la ville intelligente "
        "intégrant l'ensemble des technologies disponibles (qui ramasse ses déchets par "
        "exemple non pas de manière classique mais grâce à un réseau de tubes "
        "pneumatiques).",
        "theme": "gouvernance-socles",
        "no_ai": True,
        "src": {"002": f"{SMART_CITY}, 997-1001"},
    },
]

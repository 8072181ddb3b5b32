"""Records drawn mainly from Localtis Mag #15 (000). Spec keys: see records_livret.py."""

from __future__ import annotations

from typing import Any

DIAT_2024 = "2019-2022"  # 000: the 12 DIAT laureates article (lead paragraph)
IGN_ARTICLE = "972-974, 1071-1074"  # 000: heading of the IGN article, "PROJETS IA TOUS AZIMUTS"
SENATE_REPORT = "338-356, 450-465"  # 000: articles on the Senate report's AI examples


def ign_inferred(what: str, what_en: str) -> list[tuple[str, str, str, str]]:
    """The owner of the projects that Localtis's IGN article lists without naming who runs them."""
    return [
        (
            "publisher",
            "ign",
            f"l'article de Localtis sur l'IGN (« l'IGN met l'IA à tous les étages », lignes "
            f"972-974) cite {what} parmi des « projets IA tous azimuts » tirés des données de "
            "l'Institut (lignes 1071-1074), sans dire que l'IGN le porte.",
            f"Localtis's article on the IGN (\"l'IGN met l'IA à tous les étages\", lines "
            f'972-974) lists {what_en} among "projets IA tous azimuts" drawn from the '
            "Institute's data (lines 1071-1074), without saying the IGN carries it.",
        )
    ]


SENATE_BOX = (
    "la source cite ce projet dans un encadré de l'article de Localtis sur le rapport de la "
    "délégation aux collectivités territoriales du Sénat consacré aux applications de l'IA dans "
    "les collectivités (lignes 338-356, 450-465), sans dire que ce projet recourt à l'IA.",
    "the source lists this project in a box of Localtis's article on the Senate delegation's "
    "report on AI applications in local authorities (lines 338-356, 450-465), without saying "
    "that this project uses AI.",
)

RECORDS: list[dict[str, Any]] = [
    {
        "id": "sicoval-stationnement-ombrieres",
        "kind": "use_case",
        "publisher": "sicoval",
        "heading": "Analyse des mobilités : connaissance des places de stationnement",
        "desc": "À Toulouse, le Sicoval (31) utilise l'IA pour cartographier les places de "
        "stationnement et identifier les zones d'accueil des ombrières "
        "photovoltaïques.",
        "theme": "mobilites",
        "src": {"000": "370-375, 493-499"},
    },
    {
        "id": "paris-saclay-urba-ia",
        "kind": "use_case",
        "publisher": "paris-saclay",
        "heading": "Urba(IA)",
        "alt": ["URBA IA"],
        "desc": "À Saclay, le projet Urba(IA), porté par la communauté d'agglomération, promet "
        "ainsi d'aider les collectivités franciliennes à réviser leur plan local "
        "d'urbanisme en intégrant l'ensemble des contraintes normatives en matière de "
        "protection de l'environnement, qu'elles soient régionales ou nationales. Une "
        "approche globale qui générera des gains de temps pour les services urbanisme "
        "des 3 territoires tests. [...] a donné la priorité à la concertation élargie et "
        "à la mise en place de référentiels partagés (charte, feuille de route), dans "
        "une logique de gouvernance ouverte.",
        "theme": "attractivite-amenagement",
        "audience": ["collectivites"],
        "audience_desc": "les services urbanisme des 3 territoires tests",
        "figures": ["3 territoires tests"],
        "pages": [
            "https://www.paris-saclay.com/fileadmin/documents/1._L_agglo/Espace_Presse/"
            "CP_Urba_IA__Signature_10042025.pdf"
        ],
        "r": {"funding": ["diat"]},
        "src": {"000": f"{DIAT_2024}, 2114-2118, 2153-2165", "004": "34-38, 68"},
    },
    {
        "id": "plaisir-optimus",
        "kind": "use_case",
        "publisher": "ville-de-plaisir",
        "heading": "Optimus",
        "alt": ["Information des usagers par le développement d'un robot conversationnel"],
        "desc": "À Plaisir (78), le robot conversationnel « Optimus » répond désormais aux "
        "appels des administrés 24h/24, réduisant le taux de perte d'appels de 65% à 8% "
        "et permettant aux agents de se concentrer sur les demandes complexes.",
        "theme": "citoyennete-sante-solidarite",
        "audience_desc": "administrés",
        "figures": ["réduisant le taux de perte d'appels de 65% à 8%"],
        "src": {"000": "338-362, 472-477"},
    },
    {
        "id": "saint-savin-fuites",
        "kind": "use_case",
        "publisher": "commune-de-saint-savin",
        "heading": "Optimisation du réseau de distribution de la ressource en eau",
        "desc": "À Saint-Savin (38), un système prédictif a permis de détecter cinq fuites "
        "d'eau en une semaine, faisant passer le rendement du réseau de 75% à 90%.",
        "theme": "transition-ecologique",
        "figures": [
            "cinq fuites d'eau en une semaine",
            "faisant passer le rendement du réseau de 75% à 90%",
        ],
        "src": {"000": "338-356, 362-366, 486-491"},
    },
    {
        "id": "paris-securisation-grands-evenements",
        "kind": "use_case",
        "publisher": "ville-de-paris",
        "heading": "Sécurisation des grands événements",
        "theme": "citoyennete-sante-solidarite",
        "ai_inferred": SENATE_BOX,
        "src": {"000": f"{SENATE_REPORT}, 467-470"},
    },
    {
        "id": "nimes-risque-inondations",
        "kind": "use_case",
        "publisher": "ville-de-nimes",
        "heading": "Prévision des risques naturels : gestion du risque d'inondations",
        "theme": "transition-ecologique",
        "ai_inferred": SENATE_BOX,
        "src": {"000": f"{SENATE_REPORT}, 501-505"},
    },
    {
        "id": "grand-clermont-ilots-chaleur",
        "kind": "use_case",
        "publisher": "pays-du-grand-clermont",
        "heading": "anticiper l'évolution des zones urbaines ou identifier les îlots de chaleur",
        "title_note": True,
        "desc": "Dans l'aménagement, des outils d'IA sont mobilisés pour anticiper l'évolution "
        "des zones urbaines ou identifier les îlots de chaleur, comme dans le Pays du "
        "Grand Clermont.",
        "theme": "attractivite-amenagement",
        "inferred": [
            (
                "publisher",
                "pays-du-grand-clermont",
                "la source situe ces outils « dans le Pays du Grand Clermont » sans dire qui les "
                "mobilise.",
                'the source places these tools "in the Pays du Grand Clermont" without saying who '
                "uses them.",
            )
        ],
        "src": {"000": "150-154"},
    },
    {
        "id": "pold-predict-air",
        "kind": "use_case",
        "publisher": "paris-ouest-la-defense",
        "heading": "Predict AI'r",
        "alt": ["Prédict'Air"],
        "desc": "le projet « Prédict'Air », porté notamment par l'établissement public "
        "territorial Paris Ouest La Défense, IFP Énergies nouvelles (IFPEN), Air&D et "
        "l'opérateur Orange, vise à prédire l'impact des mobilités sur la qualité de "
        "l'air grâce à des données anonymisées de téléphones mobiles (flux de "
        "déplacements) associés avec des informations de qualité de l'air de capteurs "
        "terrain. [...] Le consortium va exploiter les données de bornage des téléphones "
        "mobiles pour en déduire, grâce à l'IA, les modes de déplacement des "
        "utilisateurs et leur impact sur la qualité de l'air.",
        "theme": "transition-ecologique",
        "contrib": [("ifpen", None), ("air-d", None), ("orange", None)],
        "sys_r": {
            "data_desc": "des données anonymisées de téléphones mobiles (flux de déplacements) "
            "associés avec des informations de qualité de l'air de capteurs "
            "terrain",
            "env": "Ici, l'IA n'est pas utilisée pour collecter de nouvelles données, mais pour "
            "exploiter celles qui existent déjà, sans ajouter de nouveaux capteurs. "
            "Cette approche permet de limiter l'empreinte carbone du projet [...] Une "
            "stratégie qui pourrait permettre de ne pas multiplier les capteurs d'air "
            "tout en étant applicable à n'importe quel territoire, en France comme dans "
            "le monde.",
        },
        "r": {
            "funding": ["diat"],
            "funding_desc": "Ce projet est lauréat de la deuxième vague des DIAT.",
        },
        "src": {"000": "849-868, 2125-2140"},
    },
    {
        "id": "occitanie-pep-bioccia",
        "kind": "use_case",
        "publisher": "region-occitanie",
        "heading": "PEP-BIOccIA",
        "desc": "Pour protéger la biodiversité, la région d'Occitanie utilise une IA pour "
        "cartographier les milieux naturels et prédire la présence d'espèces (faune et "
        "flore).",
        "theme": "transition-ecologique",
        "r": {"funding": ["diat"]},
        "src": {"000": f"{DIAT_2024}, 2100-2104, 3582-3598"},
    },
    {
        "id": "pemb-amelia",
        "kind": "use_case",
        "publisher": "paris-est-marne-et-bois",
        "heading": "AMELIA",
        "desc": "AMELIA va pour sa part mobiliser les données existantes à Paris-Est "
        "Marne-et-Bois sur la qualité de l'air et le bruit pour aider les collectivités "
        "à réaliser des arbitrages nécessaires aux objectifs réglementaires de réduction "
        "des pollutions.",
        "theme": "transition-ecologique",
        "inferred": [
            (
                "publisher",
                "paris-est-marne-et-bois",
                "la source situe le projet à Paris-Est Marne-et-Bois sans nommer son porteur.",
                "the source places the project at Paris-Est Marne-et-Bois without naming who "
                "carries it.",
            )
        ],
        "sys_r": {
            "data_desc": "les données existantes à Paris-Est Marne-et-Bois sur la qualité "
            "de l'air et le bruit"
        },
        "r": {"funding": ["diat"]},
        "src": {"000": f"{DIAT_2024}, 2104-2110"},
    },
    {
        "id": "brivadois-mission-90",
        "kind": "use_case",
        "publisher": "leakmited",
        "heading": "Mission 90+",
        "desc": "Faire mieux avec moins de données grâce à l'IA résume également le projet "
        "Mission 90+ porté par Leakmitedex avec le syndicat des eaux du Brivadois. Pour "
        "dépasser un rendement du réseau d'eau de 90%, l'objectif est de mobiliser l'IA "
        "pour surveiller le réseau en « l'écoutant », pour détecter les fuites et aider "
        "les maires à prioriser les travaux.",
        "theme": "transition-ecologique",
        "contrib": [("syndicat-des-eaux-du-brivadois", None)],
        "r": {"funding": ["diat"]},
        "src": {"000": f"{DIAT_2024}, 2141-2149"},
    },
    {
        "id": "lyon-ia-rbre",
        "kind": "use_case",
        "publisher": "metropole-de-lyon",
        "heading": "IA.rbre",
        "desc": "Celui-ci va mobiliser l'IA pour aider la métropole de Lyon à détecter les "
        "zones « plantables » et utiliser la végétalisation pour créer des zones "
        "rafraîchissantes ou lutter contre les phénomènes de ruissellement.",
        "theme": "attractivite-amenagement",
        "sys_r": {
            "env": "Il s'agit tout d'abord de minimiser la collecte de données en visant la "
            "qualité plutôt que la quantité, en veillant à ne mettre à jour que les "
            "données nécessaires à la finalité. Une préoccupation que l'on retrouve dans "
            "le projet IA.rbre.",
        },
        "r": {"funding": ["diat"]},
        "src": {"000": f"{DIAT_2024}, 2076-2092"},
    },
    {
        "id": "la-haye-delibia",
        "kind": "use_case",
        "publisher": "commune-de-la-haye",
        "heading": "La Haye s'appuie sur l'IA pour rédiger ses délibérations",
        "desc": "Pour rechercher des modèles de délibérations et rédiger ses actes "
        "administratifs, la commune de La Haye s'appuie sur l'intelligence "
        "artificielle. Si elle ne remplace pas l'humain, l'IA fait gagner beaucoup de "
        "temps à la commune.",
        "theme": "administration-interne",
        "audience": ["elu"],
        "audience_desc": "la commune ne dispose que d'une secrétaire de mairie et les élus sont "
        "amenés à mettre la main à la pâte pour faire tourner la mairie",
        "vigilance": [
            "Il faut cependant bien formuler la question pour avoir un résultat satisfaisant",
            "Il faut en effet utiliser les bons mots-clefs et filtres pour ne pas se retrouver "
            "avec des centaines d'arrêtés voirie de conseils départementaux.",
            "Autre point de vigilance : la validité juridique du document. [...] l'utilisateur "
            "doit recouper l'information avec celle de sites officiels",
        ],
        "provider": ["delibia"],
        "impact_desc": "« C'est une aide mais cela ne fait pas le travail à notre place. L'IA ne "
        "va pas remplacer l'humain »",
        "sys_r": {
            "title": "Délibia",
            "types": ["ia-generative"],
            "description": "En pratique, il s'agit d'abord un moteur de recherche « augmenté » "
            "par l'intelligence artificielle (IA). Car, à la différence des "
            "moteurs de recherche classiques, l'outil propose un résumé du "
            "document et de ses annexes. [...] La solution mobilise ensuite l'IA "
            "générative à partir des modèles de documents trouvés sur la "
            "plateforme ou amenés par l'utilisateur.",
            "data_desc": "la base de connaissances sur laquelle est actuellement fondé l'outil "
            "– elle compte 1,5 million d'actes administratifs de collectivités "
            "territoriales – comporte, pour le moment, trop peu de documents "
            "produits par des petites communes",
        },
        "r": {
            "funding_desc": "gratuite pour les toutes petites collectivités [...] « Si l'outil "
            "n'était pas gratuit pour les communes de moins de 500 habitants, "
            "je ne suis pas certain que je l'utiliserais »",
            "dev_desc": "Délibia, une plateforme mobilisant l'intelligence artificielle (IA) "
            "pour simplifier l'élaboration des arrêtés et délibérations nécessaires "
            "au fonctionnement des communes, gratuite pour les toutes petites "
            "collectivités.",
        },
        "src": {"000": "2755-2869"},
    },
    {
        "id": "val-doise-numerique-depots-sauvages",
        "kind": "use_case",
        "publisher": "val-d-oise-numerique",
        "heading": "solution de détection des dépôts sauvages par analyse de photos satellites",
        "title_note": True,
        "alt": [
            "Les dépôts sauvages de Carnelle Pays-de-France sous l'œil de l'intelligence "
            "artificielle (95)"
        ],
        "desc": "Grâce à un système proposé par le Syndicat mixte Val-d'Oise Numérique, la "
        "communauté de Carnelle Pays-de-France repère les dépôts illégaux avant qu'ils "
        "ne se transforment en décharge sauvage. [...] Celle-ci affiche sur une carte de "
        "petites étiquettes partout où un dépôt sauvage a été identifié. [...] Un clic "
        "droit fournit la parcelle cadastrale concernée, une estimation du volume et "
        "d'autres informations, comme la proximité d'un cours d'eau susceptible d'être "
        "contaminé par des déchets.",
        "theme": "transition-ecologique",
        "audience": ["collectivites"],
        "audience_desc": "accessible aux intercommunalités, aux mairies, aux gendarmes et aux "
        "services d'incendie et de secours",
        "figures": [
            "quelque 200 à 250 dépôts sauvages ou décharges illégales sont observés "
            "mensuellement, la plateforme en ayant mis à jour plus de 900 en l'espace de deux "
            "ans à l'échelle du département",
            "l'élu qui chiffre à 120 000 euros le montant que sa collectivité est contrainte de "
            "mobiliser pour lutter contre les dépôts sauvages",
        ],
        "events": [
            (
                "le Syndicat Val-d'Oise Numérique a décidé en 2021 d'expérimenter une solution "
                "permettant de mieux détecter les dépôts sauvages",
                "2021",
            ),
        ],
        "users": ["carnelle-pays-de-france"],
        "contrib": [("disaitek", None), ("dinamis", "fournisseur-donnees")],
        "provider": ["disaitek"],
        "developer": ["disaitek"],
        "impact_desc": "Si la solution aide à prioriser les interventions de la collectivité, "
        "elle ne remplace pas l'intervention humaine.",
        "sys_r": {
            "operations": "l'intelligence artificielle analyse des images haute définition "
            "pixel par pixel pour déterminer des anomalies",
            "data_desc": "Dispositif institutionnel national d'approvisionnement mutualisé en "
            "imagerie satellitaire (Dinamis), dont les données, collectées par les "
            "satellites de la galaxie Pléiades Néo, sont fournies pour un coût "
            "très inférieur au prix du marché à toutes les structures publiques "
            "qui n'en font pas d'usage commercial",
            "collect_desc": "Une convention a été signée avec Dinamis prévoyant le "
            "renouvellement de la couverture photo départementale toutes les 3-4 "
            "semaines.",
            "hosting_desc": "via une plateforme web dont Val-d'Oise Numérique administre les "
            "droits d'accès",
        },
        "r": {
            "budget_desc": "70 000 euros pour la plateforme [...] 50 000 euros pour "
            "l'acquisition des photos [...] Soit 120 000 euros par an pour le "
            "Syndicat Val-d'Oise Numérique.",
            "dev_desc": "Celle-ci a été imaginée par la start-up locale Disaitek, conceptrice "
            "d'algorithmes aidant à repérer les exoplanètes sur des images "
            "spatiales. [...] le Syndicat s'est appuyé sur un contrat d'innovation "
            "[...] pour faire l'acquisition d'une solution de "
            "détection des dépôts sauvages par analyse de photos satellites.",
        },
        "src": {"000": "2870-3033"},
    },
    {
        "id": "porto-vecchio-lia",
        "kind": "use_case",
        "publisher": "ville-de-porto-vecchio",
        "heading": "Lià",
        "desc": "[...] vise à développer une stratégie de gouvernance du territoire par la "
        "donnée. Le projet s'appuie sur des capteurs pour une observation en temps réel "
        "et à recueillir des informations sur l'impact du tourisme sur le territoire. "
        "L'objectif : améliorer les services proposés aux habitants en matière de "
        "mobilité, de stationnement ou de gestion des déchets. Lià cherche à suivre et "
        "anticiper certains risques environnementaux, tels que les incendies ou les "
        "risques d'inondation.",
        "theme": "gouvernance-socles",
        "no_ai": True,
        "r": {
            "funding": ["tid"],
            "funding_desc": "lauréat de l'appel à projets « Territoires Intelligents et "
            "Durables » en 2023",
        },
        "src": {"000": "3219-3236"},
    },
    {
        "id": "lorient-celtic",
        "kind": "use_case",
        "publisher": "lorient-agglomeration",
        "heading": "CELTIC",
        "desc": "L'Agglomération de Lorient souhaite suivre le recul du trait de côte et "
        "l'ensablement de ses digues, dans le cadre de son projet CELTIC. [...] Le "
        "projet CELTIC, porté par Lorient Agglomération, créé un jumeau numérique de la "
        "plage pour surveiller, prédire et simuler le recul du trait de côte et d'autres "
        "paramètres environnementaux grâce à des capteurs.",
        "theme": "transition-ecologique",
        "no_ai": True,
        "src": {"000": "3245-3256, 3582-3595"},
    },
    {
        "id": "vendee-territoire-connecte",
        "kind": "use_case",
        "publisher": "gip-vendee-numerique",
        "heading": "Vendée Territoire Connecté (VTC)",
        "alt": ["jumeau numérique de la Vendée"],
        "desc": "En utilisant l'IA, ces données ont été associées à des prises de vues aériennes "
        "haute définition et des relevés laser pour réaliser le jumeau numérique. Avec "
        "une précision géographique de 15 cm, une maquette 3D restitue le relief du "
        "département et détermine les zones bâties, non bâties, les infrastructures "
        "publiques... [...] Grâce à ce miroir virtuel, le département a calculé la "
        "moyenne d'ensoleillement de ses bâtiments et localisé les îlots de chaleur. "
        "Premier cas d'usage, ce cadastre solaire est aujourd'hui accessible aux acteurs "
        "de l'énergie et du bâtiment : ils peuvent identifier le matériau et la forme "
        "d'une toiture, déterminer le panneau photovoltaïque adapté, croiser avec les "
        "statistiques Enedis pour vérifier si l'énergie produite sera consommée sur "
        "place et/ou revendue...",
        "statut_desc": "D'autres cas d'usage, notamment sur la submersion marine, sont en "
        "développement.",
        "theme": "gouvernance-socles",
        "audience_desc": "acteurs de l'énergie et du bâtiment",
        "figures": [
            "Notre plateforme data regroupe 65 acteurs, dont le Département, les syndicats "
            "départementaux et toutes les EPCI",
            "Avec une précision géographique de 15 cm",
            "Ce qui exigeait une demi-journée d'investigation se réalise en quelques minutes",
        ],
        "events": [
            (
                "le déploiement d'objets connectés – permettant une mise à jour rapide du jumeau "
                "numérique – d'ici à 2027, sur l'ensemble du territoire, y compris les îles",
                "2027",
            ),
        ],
        "contrib": [("geovendee", None)],
        "sys_r": {
            "data_desc": "ces données ont été associées à des prises de vues aériennes haute "
            "définition et des relevés laser",
            "collect_desc": "Grâce à un robot connecté aux systèmes d'information des "
            "partenaires, le département dispose d'un hub de données "
            "standardisées et fiables.",
            "env": "Ces capteurs intelligents, utilisant le bas débit, sont moins énergivores "
            "qu'une surveillance satellite.",
        },
        "r": {
            "funding": ["diat"],
            "funders": ["etat", "banque-des-territoires"],
            "funding_desc": "lauréat de l'appel à projets du démonstrateur d'IA frugale au "
            "service de la transition écologique (DIAT). Il a été soutenu par "
            "l'État et la Banque des Territoires à hauteur de 1,1 M€.",
        },
        "src": {"000": "3606-3700"},
    },
    # --- IGN (000, 1007-1130) -------------------------------------------------------------
    {
        "id": "ign-ocs-flair",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "FLAIR (French Land cover from Aerospace ImageRy)",
        "alt": ["base sur l'occupation des sols (OCS)"],
        "desc": "l'Institut a décidé d'ouvrir les données servant à l'entraînement des IA ainsi "
        "que les méthodes et outils associés. C'est notamment le cas de la base sur "
        "l'occupation des sols (OCS) où l'IA a «appris», aidée au départ par des "
        "humains, à décrypter les photos aériennes. [...] Pour les collectivités, elle "
        "est par exemple utilisée pour classifier les sols selon les critères du décret "
        "Zéro artificialisation nette (ZAN) avec la promesse de disposer d'un état de "
        "l'occupation des sols mis à jour tous les 3 ans. [...] À l'IGN, 10 systèmes "
        "d'IA permettent d'accélérer la mise en place de nouvelles descriptions du "
        "territoire en interprétant les images aériennes ou satellites croisées à un "
        "référentiel d'occupation des sols qui repose sur des données annotées par des "
        "techniciens-experts.",
        "theme": "attractivite-amenagement",
        "figures": [
            "cette base compte 980 km2 d'images annotées dans 55 domaines différents",
            "FLAIR compte 20 milliards de pixels, il s'agit d'un des trois jeux ouverts les "
            "plus riches au monde sur l'occupation des sols",
            "À l'IGN, 10 systèmes d'IA",
            "l'IGN a recruté 30 spécialistes de l'IA",
        ],
        "src": {"000": "1002-1008, 1036-1064", "002": "544-546"},
    },
    {
        "id": "ign-pureforest",
        "kind": "dataset",
        "publisher": "ign",
        "heading": "PureForest",
        "desc": "le jeu de données PureForest sur les essences forestières qui compte 135.000 "
        "images LiDAR de 50 m par 50 m, couvrant 449 forêts de 40 départements français "
        "sur un total de 339 km2.",
        "theme": "transition-ecologique",
        "figures": [
            "135.000 images LiDAR de 50 m par 50 m",
            "449 forêts de 40 départements français",
            "339 km2",
        ],
        "src": {"000": "1038-1069"},
    },
    {
        "id": "ign-carhab",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "CarHab",
        "desc": "Le projet CarHab cartographie très finement les milieux naturels pour prédire "
        "la présence potentielle d'espèces naturelles animales ou végétales. Grâce à "
        "l'IA, l'ensemble de la France sera couvert en 2026 par ce jeu de données sur la "
        "biodiversité.",
        "theme": "transition-ecologique",
        "events": [("l'ensemble de la France sera couvert en 2026", "2026")],
        "inferred": ign_inferred("ce projet", "this project"),
        "src": {"000": f"{IGN_ARTICLE}, 1074-1080"},
    },
    {
        "id": "ign-observatoire-haies",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "observatoire des haies",
        "desc": "L'observatoire des haies répertorie pour sa part les alignements d'arbres pour "
        "aider les territoires à répondre à des obligations européennes sur le "
        "reboisement.",
        "theme": "transition-ecologique",
        "inferred": ign_inferred("ce projet", "this project"),
        "src": {"000": f"{IGN_ARTICLE}, 1084-1088"},
    },
    {
        "id": "ign-geo-k-phyto",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "GEO-K-PHYTO",
        "desc": "GEO-K-PHYTO planche de son côté sur l'observation des épandages de produits "
        "phytosanitaires dans les vignes pour aider à la surveillance épidémiologique "
        "des cancers chez les populations riveraines.",
        "theme": "citoyennete-sante-solidarite",
        "inferred": ign_inferred("ce projet", "this project"),
        "src": {"000": f"{IGN_ARTICLE}, 1089-1093"},
    },
    {
        "id": "ign-simplu3d",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "SimPLU3D",
        "desc": "Dans le domaine de l'urbanisme, SimPLU3D étudie la manière de simuler "
        "l'évolution du tissu urbain à partir des données réglementaires d'un plan "
        "local d'urbanisme.",
        "theme": "attractivite-amenagement",
        "inferred": ign_inferred("ce projet", "this project"),
        "src": {"000": f"{IGN_ARTICLE}, 1096-1101"},
    },
    {
        "id": "ign-seg2sat",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "Seg2Sat",
        "status": "experimentation",
        "desc": "L'IGN teste enfin l'IA générative pour recréer des images aériennes et "
        "imaginer, à partir d'une description textuelle, différents scénarios "
        "d'évolution (projet Seg2Sat).",
        "theme": "attractivite-amenagement",
        "sys_r": {"types": ["ia-generative"]},
        "src": {"000": "1101-1105"},
    },
    {
        "id": "ign-autres-usages",
        "kind": "use_case",
        "publisher": "ign",
        "heading": "simuler des inondations ou encore l'impact d'incendies [...] identifier les "
        "pratiques agricoles",
        "title_note": True,
        "desc": "L'IA est aussi mobilisée pour simuler des inondations ou encore l'impact "
        "d'incendies en fonction de la végétation, de la topologie et de l'occupation "
        "des sols. [...] L'IA sert aussi à identifier les pratiques agricoles et "
        "autorise un suivi en temps réel des récoltes.",
        "theme": "transition-ecologique",
        "inferred": ign_inferred("ces usages", "these uses"),
        "src": {"000": f"{IGN_ARTICLE}, 1080-1096"},
    },
    # --- State services and operators (000, Défenseure des droits article) -----------------
    {
        "id": "cnaf-detection-fraudes",
        "kind": "use_case",
        "publisher": "cnaf",
        "heading": "algorithme utilisé par la Caisse nationale des allocations familiales (Cnaf) "
        "pour mieux détecter les fraudes et les versements indus parmi ses "
        "allocataires",
        "title_note": True,
        "desc": "[...] la Cnaf attribue un « score de suspicion » visant à détecter les "
        "chômeurs les plus susceptibles « d'escroquerie » grâce à l'exploitation de « "
        "signaux faibles ».",
        "theme": "citoyennete-sante-solidarite",
        "vigilance": [
            "Le Conseil d'État a d'ailleurs été saisi mi-octobre par une quinzaine "
            "d'associations pour obtenir la suppression d'un algorithme utilisé par la Caisse "
            "nationale des allocations familiales (Cnaf) pour mieux détecter les fraudes et les "
            "versements indus parmi ses allocataires. Preuve que l'usage de ces technologies "
            "est controversé.",
        ],
        "src": {"000": "1725-1736, 1761-1765"},
    },
    {
        "id": "france-travail-profilage",
        "kind": "use_case",
        "publisher": "france-travail",
        "heading": "profilage algorithmique des usagers",
        "title_note": True,
        "status": "experimentation",
        "desc": "France Travail teste l'IA avec le profilage algorithmique des usagers et plus "
        "particulièrement des personnes sans emploi",
        "theme": "citoyennete-sante-solidarite",
        "vigilance": [
            "des biais peuvent être introduits dans les décisions automatisées [...] C'est "
            "peut-être aussi le risque quand France Travail teste l'IA avec le profilage "
            "algorithmique des usagers",
        ],
        "src": {"000": "1751-1761"},
    },
    {
        "id": "police-gendarmerie-briefcam",
        "kind": "use_case",
        "publisher": "police-nationale",
        "deployers": ["gendarmerie"],
        "heading": "Briefcam",
        "desc": "l'usage de Briefcam par la police nationale et la gendarmerie",
        "theme": "citoyennete-sante-solidarite",
        "vigilance": [
            "un rapport du ministère de l'Intérieur sur l'usage de Briefcam par la police "
            "nationale et la gendarmerie a révélé un cas d'usage illégal de la fonction de "
            "reconnaissance faciale du logiciel mais a surtout insisté sur la nécessité de "
            "clarifier le cadre juridique.",
        ],
        "contrib": [("gendarmerie", None)],
        "notes": [
            (
                "La source nomme deux services utilisateurs, la police nationale et la "
                "gendarmerie : la police nationale est retenue comme porteur, la gendarmerie "
                "figure parmi les contributeurs et les déployeurs du système.",
                "The source names two user services, the police nationale and the "
                "gendarmerie: the police nationale is kept as the owner, the gendarmerie is "
                "listed among the contributors and the deployers of the system.",
            )
        ],
        "sys_r": {"title": "Briefcam"},
        "src": {"000": "1714-1721"},
    },
]

"""Records drawn mainly from the booklet (001) and the library screenshots of the webinar (003).

Spec keys (see build.py): ``kind`` (upstream entry type), ``publisher`` (organisation slug or
list), ``heading`` (the source's own heading, verbatim: ``dct:alternative``; the editorial
title is in titles.py)/``alt``, ``status``/``start`` (library table only), ``desc``
(dct:description), ``statut_desc``, ``theme`` (+ ``theme_stated`` when the source gives it),
``subthemes``, ``audience``/``audience_desc``, ``figures``, ``events`` ((text, date or
(start, end), phase)), ``positive``/``vigilance``, ``contrib`` ((organisation, role)),
system values (``provider``, ``developer``, ``impact_desc``; restricted ones in ``sys_r``),
restricted record values in ``r``, ``inferred`` ((link, organisation, reason fr, reason en)
for a link the cited lines do not state), ``ai_inferred`` ((reason fr, reason en) when a use
case's system is typed as AI though its lines do not name AI), ``no_ai`` (no AI system), and
``src`` (document prefix -> cited lines).
Literals are verbatim; ``[...]`` marks an elision.
"""

from __future__ import annotations

from typing import Any

RECORDS: list[dict[str, Any]] = [
    {
        "id": "sicoval-fuites-eau",
        "kind": "use_case",
        "publisher": "sicoval",
        "heading": "Grâce à l'IA, le Sicoval (31) détecte les fuites d'eau",
        "desc": "Dans ce contexte de recherche de fuites, nous avons testé un outil utilisant de "
        "l'IA. [...] L'IA a permis d'optimiser l'efficacité de la recherche de fuites en "
        "déterminant les portions du réseau où il y avait le plus de potentiel de fuites, "
        "en seulement deux semaines 12 fuites ont été trouvées.",
        "statut_desc": "Nous avons décidé d'exploiter la solution en 2024. [...] Par la suite, "
        "nous envisageons d'exploiter un autre module de leur offre, permettant "
        "de faire du prédictif.",
        "theme": "transition-ecologique",
        "theme_stated": True,
        "figures": [
            "en seulement deux semaines 12 fuites ont été trouvées",
            "Nous gérons 1000 km de réseau d'eau potable avec un rendement global de 78 %",
            "Nous disposons désormais d'une cinquantaine de débitmètres connectés",
            "Une réduction des fuites effective, avec donc 113 000 m³ de pertes d'eau évitées.",
            "Des économies financières substantielles (93 000 euros).",
            "12,98 : c'est le débit de fuites de nuit économisé en m³ par heure",
            "92 568 : c'est l'économie financière réalisée en euros",
            "113 705 : c'est le volume annuel de fuites évité en m³",
        ],
        "events": [
            ("2005-2010 : déploiement de 50 débitmètres", ("2005", "2010")),
            ("2023 : rencontre et contractualisation avec le prestataire", "2023"),
            ("13 au 24 Mai 2024 : 2 semaines d'analyse de la donnée", ("2024-05-13", "2024-05-24")),
            (
                "27 mai au 7 Juin 2024 : 2 semaines de recherche et de réparation des fuites",
                ("2024-05-27", "2024-06-07"),
            ),
        ],
        "positive": [
            "Une réduction des fuites effective, avec donc 113 000 m³ de pertes d'eau évitées.",
            "Des économies financières substantielles (93 000 euros).",
            "Une mise en œuvre de la solution rapide (2 semaines pour les données et 2 semaines "
            "pour la recherche sur le terrain et le traitement des fuites).",
        ],
        "vigilance": [
            "Il faut avoir identifié les secteurs où l'IA va travailler. Le déploiement des "
            "débitmètres nous a permis de sectoriser notre réseau et de mesurer les volumes "
            "avant et après réparation des fuites.",
            "Il faut s'organiser pour que les fuites soient réparées immédiatement après leur "
            "détection. Sinon l'action n'a pas de résultats probants. Et cela permet aussi de "
            "quantifier immédiatement les bénéfices de l'opération.",
            "Il faut que l'IA soit secondée par des humains, avec des experts qui connaissent le "
            "secteur de l'eau, ce qui était le cas ici. Il ne faut pas se reposer sur l'IA, "
            "c'est une aide, un accélérateur. Au final, ce sont bien des humains qui détectent "
            "et réparent les fuites.",
        ],
        "contrib": [("leakmited", "prestataire"), ("reseau-31", "exploitant")],
        "provider": ["leakmited"],
        "developer": ["leakmited"],
        "impact_desc": "Il faut que l'IA soit secondée par des humains, avec des experts qui "
        "connaissent le secteur de l'eau, ce qui était le cas ici. Il ne faut pas "
        "se reposer sur l'IA, c'est une aide, un accélérateur.",
        "sys_r": {
            "description": "ils nous ont présenté leur solution, dont l'engagement est "
            "d'identifier les 20 à 30 % du réseau qui concentrent 80 % du "
            "potentiel de fuites, grâce à une analyse par IA. [...] Plus "
            "précisément, l'IA va identifier les portions de réseau où les "
            "canalisations sont vétustes afin de prioriser les travaux de "
            "renouvellement.",
            "data_desc": "La société Leakmited a développé un algorithme exploitant une base de "
            "données, comprenant notamment plus d'un million de fuites, le contexte "
            "géologique, la météo, la topographie, ... [...] Nous avons accès à ces "
            "données de télégestion via notre exploitant : Réseau 31.",
        },
        "r": {
            "dev": ["prestataire"],
            "dev_desc": "La société Leakmited a développé un algorithme [...] deux semaines de "
            "recherches de fuites sur le terrain réalisées par un de leurs "
            "techniciens.",
        },
        "src": {"001": "32-34, 226-300"},
    },
    {
        "id": "noisy-le-grand-recital",
        "kind": "use_case",
        "publisher": "ville-de-noisy-le-grand",
        "heading": "RECITAL",
        "alt": [
            "RÉCITAL",
            "Récital",
            "Réduction Énergétique à Court Terme, Immédiate et à Long Terme",
            "Le projet RECITAL comme vecteur d'économies d'énergie à Noisy-le-Grand (93)",
        ],
        "desc": "RECITAL, acronyme de Réduction Énergétique à Court Terme, Immédiate et à Long "
        "Terme, vise à réduire la consommation des 200 bâtiments publics de "
        "Noisy-le-Grand de 20 % d'ici 2026 et 50 % d'ici 2030. Plutôt que d'investir 80 "
        "millions d'euros, la ville a opté pour un plan d'une trentaine de millions, "
        "combinant travaux et intelligence artificielle pour optimiser l'usage des "
        "fluides. Ce dispositif numérique permet de suivre la consommation en temps "
        "réel et 'd'augmenter' le choix des décisions de rénovation grâce à l'IA.",
        "theme": "transition-ecologique",
        "theme_stated": True,
        "figures": [
            "200 bâtiments publics",
            "Moins 20 % de dépenses énergétiques d'ici 2026 et moins 50% à horizon 2030",
            "173 actions d'optimisation ont déjà été identifiées, permettant de réduire de 10 % "
            "la consommation énergétique",
            "10 % d'économies supplémentaires peuvent être atteintes avec un investissement de "
            "2,5 millions d'euros sur les 22 premiers bâtiments ciblés",
        ],
        "events": [
            ("Mise à l'agenda : mars 2022", "2022-03", "mise-a-l-agenda"),
            ("l'appel à projets DIAT (juillet 2022)", "2022-07"),
            ("Consultation : été 2022", "2022", "consultation"),
            ("dont le projet a été lauréat en mai 2023", "2023-05"),
            ("Compétences : été 2023", "2023", "competences"),
            ("Diagnostic et planification : fin d'année 2023", "2023", "diagnostic-planification"),
            ("Réalisation : août 2023 – juillet 2026", ("2023-08", "2026-07"), "realisation"),
        ],
        "positive": [
            "Les premiers résultats du projet sont très encourageants : 173 actions "
            "d'optimisation ont déjà été identifiées, permettant de réduire de 10 % la "
            "consommation énergétique. Et ce, sans nécessiter d'investissement majeur.",
        ],
        "sys_r": {
            "description": "[...] d'aider à la décision pour la priorisation des bouquets de "
            "travaux en matière de rénovation énergétique des bâtiments. [...] "
            "modélise ses 200 bâtiments publics (bureaux, écoles, piscines...) "
            "pour optimiser les travaux nécessaires à l'amélioration de leur "
            "consommation énergétique.",
            "operations": "Le projet a mis en place une méthodologie rigoureuse d'analyse de la "
            "consommation énergétique des bâtiments, basée sur l'identification "
            "d'actions d'optimisation et la mise en place de simulations "
            "thermiques.",
            "data_desc": "Le système de gestion énergétique centralisé de RÉCITAL, intégrant "
            "des données sur la consommation, les caractéristiques des bâtiments, "
            "les maintenances et les actions d'optimisation",
            "env": "L'un des trois critères majeurs de la réponse à la consultation était celui "
            "de démontrer que la solution d'IA sera 'frugale', tant sur les moyens "
            "utilisés, que sur les données qui vont servir à l'entraînement ou à "
            "l'instanciation de la solution.",
        },
        "r": {
            "funding": ["diat", "france-2030", "subvention-etat", "interne"],
            "funders": ["etat"],
            "funding_desc": "l'appel à projets Démonstrateurs d'IA frugale au service de la "
            "transition écologique des territoires [appel à projets de l'État "
            "dans le cadre du programme France2030, et opéré par la Banque des "
            "Territoires], dont le projet a été lauréat en mai 2023 [...] "
            "L'État apporte une subvention couvrant la moitié du budget, tandis "
            "que l'autre moitié est financée sur fonds propres de la ville.",
            "budget_desc": "Coût du projet : 2,2 M€ sur 3 ans [...] Le budget s'élève à 2,2 "
            "millions d'euros, avec un engagement du consortium à respecter ce "
            "montant.",
        },
        "src": {"001": "32, 35, 303-365", "000": "2240-2405, 3199-3214, 3589-3591"},
    },
    {
        "id": "rennes-ia-assainissement",
        "kind": "use_case",
        "publisher": "rennes-metropole",
        "heading": "IA assainissement",
        "alt": [
            "Rennes Métropole (35) réduit de 15% sa facture énergétique sur ses stations "
            "d'épurations grâce à l'IA"
        ],
        "status": "deploiement",
        "start": "2020-09",
        "desc": "Entre 2021 et 2024, Rennes Métropole a expérimenté puis déployé une solution de "
        "pilotage des installations d'assainissement basées sur l'IA. Cette solution "
        "permet de réduire la consommation d'énergie et les émissions de gaz à effet de "
        "serre, en optimisant principalement la gestion des aérations des stations "
        "d'épuration qui représentent à elles-seules environ la moitié de la "
        "consommation énergétique de ces installations.",
        "statut_desc": "Déployée depuis la mi-2024 sur une dizaine de stations, les résultats "
        "sont probants : une réduction de 5 % des consommations énergétiques et "
        "de 15 % de la facture. [...] En août 2025, nous avons décidé de "
        "généraliser le déploiement de cette solution sur un maximum de sites.",
        "theme": "transition-ecologique",
        "theme_stated": True,
        "figures": [
            "5 % : c'est la réduction des consommations énergétiques permises par l'IA",
            "15 % : c'est la réduction des factures énergétiques permises par l'IA",
            "Nous disposons de 17 stations d'épuration automatisées qui pourraient tirer profit "
            "de l'IA.",
        ],
        "events": [
            ("2020 : prise de contact avec Purecontrol", "2020"),
            ("2021-2024 : phase expérimentale", ("2021", "2024")),
            ("2025 : généralisation de la solution", "2025"),
            (
                "En août 2025, nous avons décidé de généraliser le déploiement de cette solution "
                "sur un maximum de sites.",
                "2025-08",
            ),
        ],
        "positive": [
            "Des résultats probants avec donc une réduction substantielle des consommations "
            "énergétiques comme des factures",
            "Les économies financières réalisées dépassent le coût de la solution.",
            "La solution est évolutive. Elle est déjà passé d'un cas d'usage à plusieurs. Et "
            "nous allons travailler sur d'autres cas d'usage, comme par exemple l'effacement du "
            "réseau électrique de RTE en cas de pics de consommation.",
        ],
        "vigilance": [
            "Il faut bien prendre en compte la dimension cybersécurité, car le domaine de "
            "l'assainissement est lié à celui de l'environnement.",
            "Il faut que l'exploitant soit impliqué dans la définition des objectifs et des "
            "contraintes techniques pour que l'algorithme puisse comprendre les actions "
            "possibles à réaliser.",
            "Il y a un enjeu managérial. Il faut que les opérateurs de traitement soient "
            "accompagnés dans la prise en main de la solution, afin de lever certaines "
            "craintes, notamment celle liée au remplacement de leur poste ou d'une partie de "
            "leur activité par une IA.",
        ],
        "contrib": [("purecontrol", None), ("saur", "exploitant")],
        "provider": ["purecontrol"],
        "developer": ["purecontrol"],
        "sys_r": {
            "description": "L'algorithme optimise également d'autres processus comme la "
            "déphosphatation des eaux usées, les émissions de protoxyde d'azote "
            "et le fonctionnement des postes de pompage.",
            "operations": "L'IA exploite les données des stations (débits, qualité de l'eau "
            "...) et les croise avec des prédictions météorologiques mais "
            "également avec les tarifs de l'énergie. L'algorithme adapte alors en "
            "temps réel le fonctionnement des stations pour qu'elles consomment "
            "moins d'énergie et profitent des tarifs avantageux des heures "
            "creuses.",
            "data_desc": "les données des stations (débits, qualité de l'eau ...) [...] des "
            "prédictions météorologiques [...] les tarifs de l'énergie",
        },
        "r": {
            "budget_desc": "1,2 million : c'est le budget du passage à l'échelle",
            "dev_desc": "cette solution développée par la société rennaise Purecontrol. [...] "
            "En 2021, nous avons alors signé un contrat dans le cadre du décret "
            "innovation et étendu le test à une dizaine de sites.",
        },
        "src": {"001": "32, 36, 368-433", "003": "714, 719"},
    },
    {
        "id": "bordeaux-calque-plantabilite",
        "kind": "use_case",
        "publisher": "bordeaux-metropole",
        "heading": "Calque de plantabilité",
        "alt": [
            "Un calque de plantabilité pour aider Bordeaux Métropole (33) à planter 1 "
            "million d'arbres",
            "Évaluer la plantabilité",
        ],
        "status": "deploiement",
        "start": "2024-09",
        "desc": "Bordeaux Métropole a mis en place un « calque de plantabilité » sur son SIG "
        "pour favoriser la végétalisation. [...] Ces outils cartographiques numériques "
        "permettent d'identifier les zones où la plantation est possible.",
        "theme": "attractivite-amenagement",
        "theme_stated": True,
        "figures": [
            "1 million d'arbres d'ici 2030",
            "5m x 5m : Taille des carreaux analysés pour attribuer un indice de plantabilité",
            "5 gestionnaires majeurs ayant partagé leurs données",
            "L'un des principaux défis est la présence de réseaux enterrés, qui imposent une "
            "distance minimale de deux mètres pour toute plantation.",
        ],
        "events": [
            ("Mise à l'agenda : 2020 pour Plantons 1 million d'arbres", "2020", "mise-a-l-agenda"),
            (
                "Inspiration : Projet de calque de plantation initié à Lyon au dernier trimestre "
                "2021",
                "2021",
                "inspiration",
            ),
            ("Compétences : Septembre 2024", "2024-09", "competences"),
            (
                "Diagnostic et planification : De février 2024 à février 2025, date du premier "
                "livrable.",
                ("2024-02", "2025-02"),
                "diagnostic-planification",
            ),
            ("Réalisation : 2030 (Plantons 1 million d'arbres)", "2030", "realisation"),
        ],
        "positive": [
            "la répliquabilité du projet : l'idée de capitaliser sur un modèle existant et de le "
            "rendre accessible à un plus grand nombre de collectivités.",
            "le fait que la data soit très concrète et utile au service des agents, et in fine "
            "des citoyens.",
            "Un autre point positif est la médiation avec les acteurs du territoire. Construire "
            "un outil partagé avec ces acteurs est essentiel pour garantir que ce projet ait un "
            "impact réel et durable.",
        ],
        "inspired": ["lyon-calque-plantabilite"],
        "contrib": [
            ("datagora-erasme", None),
            ("enedis", "fournisseur-donnees"),
            ("grdf", "fournisseur-donnees"),
            ("regaz", "fournisseur-donnees"),
            ("eau-de-bordeaux", "fournisseur-donnees"),
            ("siao", "fournisseur-donnees"),
        ],
        "developer": ["datagora-erasme"],
        "sys_r": {
            "operations": "En croisant diverses données souterraines et de surface, un indice "
            "est attribué à chaque carreau de 5 mètres sur 5, exprimant la "
            "facilité ou la difficulté de planter. Ce calcul repose sur des "
            "coefficients attribués aux différents éléments : un réseau de "
            "chaleur, interdisant toute plantation, aura une pondération "
            "négative, tandis qu'une zone de pleine terre recevra une note "
            "positive. Cette méthodologie a été définie en concertation avec "
            "l'ensemble des acteurs concernés.",
            "data_desc": "diverses données souterraines et de surface [...] 5 gestionnaires "
            "majeurs ayant partagé leurs données : Enedis, GRDF, Régaz, Eau de "
            "Bordeaux, SIAO (Syndicat Intercommunal d'Alimentation en Eau "
            "Potable)",
        },
        "r": {
            "funding": ["interne"],
            "funding_desc": "100 % du projet financé sur fonds propres",
            "dev_desc": "Nous étions en contact avec DatAgora (Erasme), le laboratoire qui "
            "accompagne la Métropole du Grand Lyon dans le développement de cas "
            "d'usage autour des données. Ils avaient conçu ce calque de "
            "plantabilité. Cet outil étant en open source, il pouvait être répliqué "
            "et adapté par d'autres territoires.",
        },
        "src": {"001": "38, 40, 436-512", "003": "522, 714, 718"},
    },
    {
        "id": "lyon-calque-plantabilite",
        "kind": "use_case",
        "publisher": "metropole-de-lyon",
        "heading": "calque de plantabilité",
        "title_note": True,
        "alt": ["Projet de calque de plantation"],
        "desc": "À Lyon, le calque a permis de mieux cibler les secteurs à forte densité "
        "urbaine, mais également les zones où l'urbanisme permettait de planter sans "
        "perturber les infrastructures existantes.",
        "theme": "attractivite-amenagement",
        "events": [
            ("Projet de calque de plantation initié à Lyon au dernier trimestre 2021", "2021"),
        ],
        "contrib": [("datagora-erasme", None)],
        "developer": ["datagora-erasme"],
        "r": {
            "dev_desc": "DatAgora (Erasme), le laboratoire qui accompagne la Métropole du Grand "
            "Lyon dans le développement de cas d'usage autour des données. Ils "
            "avaient conçu ce calque de plantabilité. Cet outil étant en open "
            "source, il pouvait être répliqué et adapté par d'autres territoires.",
        },
        "src": {"001": "456, 476-478, 498", "003": "522"},
    },
    {
        "id": "amp-callbot-encombrants",
        "kind": "use_case",
        "publisher": "metropole-aix-marseille-provence",
        "heading": "À la Métropole Aix-Marseille-Provence (13), un callbot à l'œuvre pour le "
        "ramassage des encombrants",
        "alt": ["Calbot, questions et..."],
        "status": "deploiement",
        "start": "2024-04",
        "desc": "La gestion des encombrants est un sujet de préoccupation important dans notre "
        "Métropole. Aussi, nous déployons un callbot expérimental, agent "
        "conversationnel automatisé, pour améliorer le traitement des appels liés à la "
        "levée des encombrants. L'objectif principal est de diminuer le nombre d'appels "
        "non traités, en particulier ceux reçus en dehors des heures d'ouverture du "
        "centre d'appels.",
        "statut_desc": "Malgré les ajustements, la retranscription demeure imparfaite et nous "
        "sommes en phase de réajustement.",
        "theme": "citoyennete-sante-solidarite",
        "theme_stated": True,
        "audience_desc": "le centre d'appel pour la gestion des encombrants, ouvert à tous les "
        "habitants du territoire",
        "figures": [
            "Chaque année, environ 600 000 appels sont reçus par le centre d'appel dont 30 % "
            "sont liés aux encombrants.",
            "180 000 : nombre d'appels reçus l'an dernier par le centre d'appel pour gérer les "
            "encombrants",
            "30 % de baisse du temps d'attente moyen, l'objectif est en passe d'être atteint",
            "100 % des appels reçus traités, c'est l'objectif affiché par la Métropole",
        ],
        "events": [
            (
                "1er juillet 2023 : le centre d'appel pour la gestion des encombrants, ouvert à "
                "tous les habitants du territoire est lancé",
                "2023-07-01",
            ),
            (
                "Avril 2024 : lancement de PRIAM, le programme IA de la Métropole pour imaginer "
                "des cas d'usages possibles",
                "2024-04",
            ),
            ("Automne 2024 : démarrage des tests et recettage du chatbot", "2024"),
            ("Février 2025 : lancement progressif du callbot", "2025-02"),
        ],
        "positive": [
            "Le premier point positif réside dans le déploiement rapide du callbot. Le projet "
            "contribue par ailleurs, grâce à la mise en place d'une charte éthique, à renforcer "
            "la confiance des usagers dans le système, et à la communication transparente sur "
            "l'utilisation des données. Les usagers sont informés de l'utilisation de leurs "
            "données et ont le choix de participer ou non à l'expérimentation.",
            "Concernant enfin notre objectif d'amélioration du service public, le callbot offre "
            "une solution concrète pour les appels émis hors des heures d'ouverture.",
        ],
        "vigilance": [
            "Il est crucial d'évaluer la pertinence des solutions techniques proposées par les "
            "prestataires, ce qui n'est pas sans nécessiter des compétences internes. "
            "L'implication des métiers dès les premières phases du projet, notamment lors de "
            "l'idéation et de l'expérimentation, est également essentielle pour anticiper les "
            "besoins et éviter les écueils.",
            "Enfin, l'adoption de la technologie et la satisfaction des usagers, mesurée par des "
            "enquêtes, doit être un indicateur clé, notamment en réduisant les temps "
            "d'attente.",
            "Parmi ceux-ci, la transcription précise des adresses et des noms reste un point "
            "délicat.",
        ],
        "part_of": ["amp-priam"],
        "sys_r": {
            "description": "L'utilisation de l'IA vise à augmenter la capacité de traitement des "
            "appels et à améliorer la satisfaction des usagers. En automatisant "
            "certaines tâches manuelles effectuées par les téléconseillers, le "
            "callbot permet de fournir des réponses plus rapides et précises.",
        },
        "src": {"001": "42, 44, 516-605", "003": "714, 717"},
    },
    {
        "id": "amp-charte-ethique-ia",
        "kind": "charter",
        "publisher": "metropole-aix-marseille-provence",
        "heading": "charte métropolitaine pour un usage éthique de l'Intelligence Artificielle",
        "alt": ["charte éthique de l'IA"],
        "desc": "[...] nous avons découvert que certaines images et données utilisées pour "
        "l'apprentissage automatique ne respectaient pas les exigences du RGPD. "
        "Face à ce constat, nous avons décidé de mettre en place une charte d'usage. "
        "Cette charte vise à prévenir les problématiques éthiques et à garantir la "
        "conformité avec les réglementations en vigueur. Elle a été conçue en "
        "collaboration avec des représentants de la société civile, notamment le "
        "Conseil des Jeunes, pour s'assurer qu'elle répondrait aux attentes de tous les "
        "acteurs impliqués.",
        "theme": "gouvernance-socles",
        "events": [
            ("Septembre 2023 : les principes d'une charte éthique de l'IA sont posés", "2023-09"),
            (
                "21 septembre 2023 : Les membres du CoDev enrichissent la charte éthique",
                "2023-09-21",
            ),
            (
                "Octobre 2023 : la charte métropolitaine pour un usage éthique de l'Intelligence "
                "Artificielle est adoptée à l'unanimité par les élus",
                "2023-10",
            ),
        ],
        "positive": [
            "Le projet contribue par ailleurs, grâce à la mise en place d'une charte éthique, à "
            "renforcer la confiance des usagers dans le système, et à la communication "
            "transparente sur l'utilisation des données.",
        ],
        "influenced": ["amp-photos-encombrants"],
        "contrib": [("conseil-des-jeunes-amp", None), ("codev-amp", None)],
        "src": {"001": "516, 556-560, 568, 589-591"},
    },
    {
        "id": "amp-priam",
        "kind": "programme",
        "publisher": "metropole-aix-marseille-provence",
        "heading": "Programme IA de la Métropole (PRIAM)",
        "alt": ["PRIAM"],
        "desc": "Ce programme vise à sélectionner et à expérimenter divers cas d'usage de l'IA "
        "pour améliorer les services publics. Le projet de callbot s'inscrit dans ce "
        "programme.",
        "theme": "gouvernance-socles",
        "events": [
            (
                "Avril 2024 : lancement de PRIAM, le programme IA de la Métropole pour imaginer "
                "des cas d'usages possibles",
                "2024-04",
            ),
        ],
        "src": {"001": "516, 562, 592"},
    },
    {
        "id": "amp-photos-encombrants",
        "kind": "use_case",
        "publisher": "metropole-aix-marseille-provence",
        "heading": "expérimentation antérieure visant à améliorer la gestion des encombrants",
        "title_note": True,
        "desc": "nous avons mis en place un système de prise de photos des encombrants, associé "
        "à leur géolocalisation, avec classification automatique.",
        "statut_desc": "Cependant, nous avons découvert que certaines images et données "
        "utilisées pour l'apprentissage automatique ne respectaient pas les "
        "exigences du RGPD.",
        "theme": "transition-ecologique",
        "sys_r": {"types": ["machine-learning"]},
        "src": {"001": "516, 558-560"},
    },
    {
        "id": "sqy-data-hub-mobilite",
        "kind": "use_case",
        "publisher": "saint-quentin-en-yvelines",
        "heading": "Data Hub Observatoire de la Mobilité",
        "alt": [
            "L'agglomération de Saint-Quentin-en-Yvelines (78) optimise les mobilités grâce à l'IA"
        ],
        "desc": "Nous souhaitons disposer d'un diagnostic fiable des déplacements sur le "
        "territoire et aussi pouvoir suivre en temps réel leur évolution. La réponse a "
        "donc été le Data Hub Observatoire de la Mobilité qui agrège des données "
        "publiques et privées pour avoir une photographie la plus complète possible des "
        "déplacements. Il permet par exemple de savoir combien de véhicules sortent et "
        "entrent chaque jour sur le territoire, combien y restent, et quel est le "
        "profil des conducteurs. L'outil permet aussi de mieux connaître la "
        "fréquentation des pistes cyclables ainsi que l'utilisation des trottinettes en "
        "libre-service.",
        "statut_desc": "D'autres cas d'usage, notamment sur les aménagements urbains et sur les "
        "infrastructures de transport, doivent être mis en place prochainement.",
        "theme": "mobilites",
        "theme_stated": True,
        "events": [
            (
                "Le «Data Hub Observatoire de la Mobilité» est un des volets de notre démarche de "
                "ville intelligente, initiée en 2021, avec la création de notre compétence «smart "
                "city».",
                "2021",
            ),
        ],
        "positive": [
            "Amélioration de la compréhension des besoins en infrastructures de mobilité.",
            "Soutien à la transition écologique grâce à une gestion optimale des données "
            "environnementales.",
            "Accroissement de la souveraineté numérique de Saint-Quentin-en-Yvelines.",
        ],
        "vigilance": [
            "Défis liés à la protection et à la sécurité des données sensibles.",
            "Complexité d'intégration des différentes sources de données publiques et privées.",
            "Coût et durée de mise en œuvre pouvant créer des attentes prolongées.",
        ],
        "contrib": [
            ("hexadone", "partenaire-technique"),
            ("renault", "partenaire-technique"),
            ("entropy", "partenaire-technique"),
        ],
        "src": {"001": "46, 48, 608-666"},
    },
    {
        "id": "montpellier-strategie-data-ia",
        "kind": "strategy",
        "publisher": "montpellier-mediterranee-metropole",
        "heading": "Stratégie Data et IA",
        "alt": [
            "Élaboration d'une stratégie IA et Data à Montpellier Méditerranée Métropole (34)",
            "Stratégie de la donnée et de l'intelligence artificielle de Montpellier "
            "Méditerranée Métropole",
        ],
        "status": "terminee",
        "start": "2023-12",
        "desc": "Le projet était double, avec d'une part un travail sur une gouvernance interne "
        "concrétisée par le vote d'une stratégie Data et IA (en octobre 2024), et "
        "d'autre part l'animation d'une Convention citoyenne « Montpellier à l'heure de "
        "l'IA - Quelle IA au service des habitants et du territoire ? », qui illustre "
        "notre volonté de co-construction sur l'IA avec de nombreuses parties "
        "prenantes. Les préconisations issues de cette concertation se traduisent "
        "aujourd'hui en mesures concrètes : mise en place d'un Comité Métropolitain de "
        "l'Intelligence Artificielle et du Numérique, choix d'une IA frugale, "
        "utilisation des IA pour soutenir l'action du service public, et définition des "
        "10 lois de la Data. [...] les projets d'IA sensibles sont soumis pour avis à "
        "un comité éthique (citoyens, élus, associatifs, universitaires...) et la "
        "collectivité informe systématiquement les usagers si un traitement numérique "
        "proposé intègre de l'IA.",
        "theme": "gouvernance-socles",
        "theme_stated": True,
        "figures": [
            "40, soit le nombre de citoyens ayant participé à la convention citoyenne",
            "30 ou le nombre d'heures de débat et de rédaction de l'avis",
            "10, soit le nombre d'engagements encadrant l'usage de la data et de "
            "l'Intelligence Artificielle et débouchant sur des réalisations concrètes",
            "Des dizaines d'entretiens et 20 temps collectifs ont permis d'associer près de 200 "
            "agents et acteurs directs du service public local, dont, parmi eux, 70 agents "
            "volontaires",
            "un comité territorial de l'IA rassemblant une vingtaine de personnes",
        ],
        "events": [
            (
                "Dès mars 2023, nous avons souhaité un moratoire sur le recours à l'IA générative "
                "dans nos services.",
                "2023-03",
            ),
            ("Mars 2023 : début de la convention citoyenne", "2023-03"),
            (
                "nous avons rassemblé fin novembre 2023, 40 citoyens représentatifs de notre "
                "territoire",
                "2023-11",
            ),
            ("le vote d'une stratégie Data et IA (en octobre 2024)", "2024-10"),
            ("Décembre 2024 : vote de la stratégie Data", "2024-12"),
            (
                "2025 : mise en place du comité éthique (Comité Métropolitain de l'Intelligence "
                "Artificielle et du Numérique)",
                "2025",
            ),
        ],
        "positive": [
            "Tout d'abord, il s'appuie sur une démarche participative et inclusive, avec la mise "
            "en place d'une convention citoyenne qui a permis d'associer les habitants à la "
            "réflexion sur l'utilisation de l'IA.",
            "Un autre point positif est l'accent mis sur l'acculturation et la formation des "
            "agents et des élus.",
            "Le projet a également intégré des préoccupations environnementales, avec une "
            "attention particulière portée à l'impact écologique des technologies utilisées.",
        ],
        "vigilance": [
            "Tout d'abord, la mise en œuvre effective de la gouvernance et de l'acculturation "
            "sur le long terme est cruciale. Il est essentiel de maintenir l'engagement "
            "politique et administratif pour éviter des dérives telles que l'adoption de "
            "solutions non conformes aux principes établis.",
            "Un autre point de vigilance concerne la diversité des niveaux de maturité "
            "numérique entre les différents services. Il est donc nécessaire de mettre en place "
            "des référents data dans chaque pôle pour assurer une diffusion homogène des bonnes "
            "pratiques et une compréhension commune des enjeux.",
            "Enfin, le projet doit veiller à ne pas se contenter d'annonces symboliques, mais à "
            "mettre en œuvre des actions concrètes et durables.",
        ],
        "contrib": [("comite-territorial-ia-montpellier", None), ("civiteo", None)],
        "notes": [
            (
                "Les sources datent le vote de la stratégie d'octobre 2024 (livret, ligne 696 ; "
                "Localtis Mag, lignes 2421-2425) et de décembre 2024 (livret, ligne 747) ; "
                "les deux dates sont conservées.",
                "The sources date the vote of the strategy October 2024 (booklet, line 696; "
                "Localtis Mag, lines 2421-2425) and December 2024 (booklet, line 747); both dates "
                "are kept.",
            )
        ],
        "r": {
            "funding_desc": "La collectivité n'a pas sollicité de financement extérieur pour ce "
            "projet.",
        },
        "src": {
            "001": "50, 52, 669-759",
            "000": "2410-2738",
            "002": "1465-1466",
            "003": "714, 716",
        },
    },
    {
        "id": "rouen-delibia",
        "kind": "use_case",
        "publisher": "metropole-rouen-normandie",
        "heading": "Delibia",
        "alt": [
            "Delbia",
            "IA générative pour la recherche d'informations à la Métropole Rouen Normandie (76)",
            "Google des décisions publiques",
        ],
        "status": "deploiement",
        "start": "2021-12",
        "desc": "Cette IA sert à la recherche d'informations sur les délibérations publiques en "
        "exploitant une base de connaissance de près de 2 millions de décisions "
        "publiques issues de plus de 5500 collectivités. Elle est également utilisée, "
        "en tant que LLM, pour assister des agents dans la rédaction des textes, par "
        "exemple la génération de comptes rendus de réunion, de synthèses de documents, "
        "des textes RH, des délibérations ou encore simplifier les écrits "
        "administratifs.",
        "statut_desc": "Depuis 2025 nous la déployons dans les services, de manière "
        "opérationnelle [...]",
        "theme": "administration-interne",
        "theme_stated": True,
        "subthemes": ["aide-redaction-gestion-documentaire"],
        "audience": ["agent"],
        "figures": [
            "178 : c'est le nombre d'utilisateurs durant la phase expérimentale.",
            "85% : c'est le taux de satisfaction auprès de 60 répondants (sur les 178) qui "
            "recommandent l'outil.",
            "24 : c'est le nombre de directions auprès desquelles cette solution est déjà déployée",
        ],
        "events": [
            (
                "Fin 2021, nous participions au projet Datalab, avec une trentaine de partenaires "
                "publics et privés, pour travailler sur la data.",
                "2021",
            ),
            ("2021 : mise en place du consortium Pôle TES suite à l'AMI de Delibia", "2021"),
            ("2022 – 2023 : développement et expérimentation", ("2022", "2023")),
            ("2024 : bilan de l'expérimentation et décision de passer à l'échelle", "2024"),
            ("2025 : déploiement à l'ensemble des services", "2025"),
        ],
        "positive": [
            "Elle nous a permis de mettre le pied à l'étrier en matière d'IA et d'en sécuriser "
            "les usages (éviter le « shadow IA », usage non encadré de solutions IA gratuites), "
            "tout en garantissant l'utilisation d'une solution souveraine (startup française).",
            "Les utilisateurs évoquent des gains de temps, un bénéfice au niveau de la qualité "
            "rédactionnelle ainsi qu'une simplification dans la recherche documentaire.",
            "La prise en mains est facile, sans nécessiter de compétences en IA.",
        ],
        "vigilance": [
            "Ce type d'outil n'est pas une baguette magique et ne couvre pas l'ensemble des "
            "usages d'une IA que l'on peut imaginer. Par exemple, il ne permet pas (encore) de "
            "générer des images ou de traiter des contenus vidéo ou audio.",
            "Delibia offre une prise en main facile. Mais ce n'est pas la seule IA générative "
            "du marché. Un point de vigilance est donc le niveau de formation nécessaire pour "
            "exploiter pleinement ce type de solution.",
            "Il faut regarder l'impact écologique de ce type de solution et bien vérifier que "
            "les données publiques qu'elle exploite soient parfaitement sécurisées.",
        ],
        "contrib": [("delibia", None), ("pole-tes", None)],
        "provider": ["delibia"],
        "developer": ["delibia"],
        "sys_r": {
            "title": "Delibia",
            "types": ["ia-generative"],
            "data_desc": "une base de connaissance de près de 2 millions de décisions publiques "
            "issues de plus de 5500 collectivités",
            "hosting_desc": "La plateforme Delibia permet aux agents territoriaux de rechercher "
            "dans une base de données ou de connaissance des rapports ou "
            "délibérations [...] Ces plateformes garantissent un hébergement de "
            "données souverain et une sécurisation forte.",
        },
        "r": {
            "dev": ["marche-innovation"],
            "dev_desc": "Delibia nous a alors adressé un Appel à Manifestation d'Intérêt (AMI), "
            "dans le cadre de ce Datalab, pour développer un « Google des décisions "
            "publiques ». [...] nous avons décidé de les accompagner dans le "
            "développement de leur solution, notamment en la testant en interne, "
            "dans le cadre d'un consortium dédié au projet et porté par le Pôle de "
            "compétitivité numérique normand le Pôle TES. Puis l'expérimentation "
            "auprès des agents a été menée entre 2023 et 2024 via un marché "
            "d'innovation, auprès de 178 agents. Depuis 2025 nous la déployons dans "
            "les services, de manière opérationnelle, dans le cadre d'un marché "
            "d'innovation.",
        },
        "src": {"001": "55, 57, 763-838", "003": "517-518, 714-715", "002": "1614-1620"},
    },
    # --- library screenshots (003) --------------------------------------------------------
    {
        "id": "nantes-ia-cantines",
        "kind": "use_case",
        "publisher": "nantes-metropole",
        "heading": "IA Cantines",
        "alt": [
            "IA Cantine",
            "Gestion des déchets liés au gaspillage alimentaire dans les cantines scolaires",
        ],
        "status": "abandonne",
        "start": "2019-12",
        "desc": "À Nantes (44), l'IA anticipe les besoins des cantines scolaires jusqu'à dix "
        "semaines à l'avance avec une précision de 98%, évitant le gaspillage "
        "alimentaire.",
        "theme": "transition-ecologique",
        "landing": "https://github.com/nantesmetropole/school_meal_forecast_regression"
        "?s?tab=readme-ov-file#readme",
        "figures": ["jusqu'à dix semaines à l'avance avec une précision de 98%"],
        "sys_r": {
            "types": ["machine-learning"],
            "description": "Calculs d'intervalles de confiance, afin de réduire les "
            "sur-prévisions (réduire le gaspillage) tout en évitant tout risque "
            "de sous-prévisions (toujours avoir assez à manger pour les "
            "enfants). Les outils prennent en entrée au moins 3 années "
            "d'historiques de fréquentation + menus + effectifs des écoles + "
            "calendriers scolaires",
            "operations": "Variante améliorée de l'algorithme XGBoost. L'interface de "
            "restitution est développées en R Shiny",
            "data_src": ["interne", "tiers"],
            "data_desc": "jeux de données internes + données tiers",
            "collect": ["manuelle"],
            "collect_desc": "récupération manuelle dans le cadre d'une expérimentation. Pas de "
            "mise à jour car exp arrêtée",
        },
        "r": {"code": ["https://github.com/nantesmetropole/school_meal_forecast_xgboost"]},
        "src": {"003": "714, 720, 726-735", "000": "366-370, 479-484"},
    },
    {
        "id": "paris-voirie-degradations",
        "kind": "use_case",
        "publisher": "ville-de-paris",
        "heading": "Expérimentation IA avec le relevé de dégradations pour la GMAO de voirie",
        "status": "experimentation",
        "desc": "Disposer d'un relevé de dégradations objectif de l'ensemble des dégradations "
        "sur chaussée (1600 km de chaussées) Notation des chaussées [...]",
        "theme": "mobilites",
        "subthemes": ["voies"],
        "audience": ["grand-public"],
        "figures": ["1600 km de chaussées"],
        "src": {"003": "538-554"},
    },
    {
        "id": "bethune-bruay-routes",
        "kind": "use_case",
        "publisher": "ca-bethune-bruay-artois-lys-romane",
        "heading": "Expérimentation d'une solution d'analyse et de gestion des routes par "
        "intelligence artificielle",
        "status": "experimentation",
        "desc": "Il s'agit d'analyser l'état des routes grâce à un smartphone qui prend "
        "automatiquement une photo tous les 4 mètres. Les images sont récoltées et "
        "analysées [...]",
        "theme": "mobilites",
        "subthemes": ["voies"],
        "audience": ["grand-public"],
        "sys_r": {
            "collect": ["automatisee"],
            "collect_desc": "un smartphone qui prend automatiquement une photo tous les 4 mètres",
        },
        "src": {"003": "556-574"},
    },
    {
        "id": "la-rochelle-gestion-routiere",
        "kind": "use_case",
        "publisher": "ca-la-rochelle",
        "heading": "Gestion routière intelligente",
        "status": "terminee",
        "start": "2018-01",
        "desc": "Il s'agit d'évaluer l'état des routes afin de planifier les actions d'entretien "
        "et de maintenance. La solution logicielle Valyrica est utilisée [...]",
        "theme": "mobilites",
        "subthemes": ["voies"],
        "audience": ["collectivites"],
        "audience_desc": "Applis, Collectivités",
        "sys_r": {"title": "Valyrica"},
        "src": {"003": "576-593, 714, 721"},
    },
    {
        "id": "drome-ladrome-fr",
        "kind": "use_case",
        "publisher": "departement-de-la-drome",
        "heading": "ladrome.fr adopte u...",
        "truncated": True,
        "status": "terminee",
        "start": "2023-10",
        "theme": "citoyennete-sante-solidarite",
        "same": ["drome-wikit-chatbot"],
        "notes": [
            (
                "Rapprochement avec la fiche « Chatbot Wikit — Département de la Drôme » "
                "proposé par la rédaction d'iacoll : les sources ne disent pas qu'il s'agit du "
                "même projet.",
                'Link to the "Chatbot Wikit — Département de la Drôme" record suggested by the '
                "iacoll editors: the sources do not say it is the same project.",
            )
        ],
        "src": {"003": "714, 722"},
    },
    {
        "id": "ille-et-vilaine-charte",
        "kind": "charter",
        "publisher": "departement-d-ille-et-vilaine",
        "heading": "Charle des usages ...",
        "truncated": True,
        "status": "deploiement",
        "start": "2024-10",
        "theme": "gouvernance-socles",
        "notes": [
            (
                "Type de fiche (charte) déduit par la rédaction d'iacoll du titre tronqué, "
                "orthographié « Charle » dans la source.",
                "Record type (charter) inferred by the iacoll editors from the truncated title, "
                'spelled "Charle" in the source.',
            )
        ],
        "src": {"003": "714, 723"},
    },
    {
        "id": "toulouse-iadata-rag",
        "kind": "use_case",
        "publisher": "toulouse-metropole",
        "heading": "IAData - RAG pour l...",
        "truncated": True,
        "status": "deploiement",
        "start": "2025-04",
        "theme": "administration-interne",
        "src": {"003": "714, 724"},
    },
    {
        "id": "metz-vipare",
        "kind": "use_case",
        "publisher": "ville-de-metz",
        "heading": "ViPARE",
        "alt": ["Des audits intelligents pour des villes plus propres"],
        "desc": "Développer une solution numérique à destination des collectivités pour "
        "quantifier, visualiser et analyser l'état de propreté d'un territoire. [...] "
        "la Ville de Metz développe un modèle d'IA qui vise à caractériser les dépôts de "
        "déchets sauvages sur l'espace public. À terme, le projet ViPARE doit "
        "participer à améliorer la propreté et la salubrité urbaine.",
        "theme": "transition-ecologique",
        "figures": [
            "123 000 habitants",
            "174 agents",
            "interventions 7/7 - 6h>21h",
            "2425 t de déchets collectés",
            "8.1 M€ de fonctionnement et 800k€ d'investissement",
            "Label Ville Éco-propre 5 étoiles",
            "Certifiée ISO 9001 et 14001",
        ],
        "events": [("LANCEMENT DU PROGRAMME [...] Programme VIP- α", "2025-10-01")],
        "contrib": [
            ("universite-gustave-eiffel", "partenaire-academique"),
            ("laboratoire-eau-et-environnement", "partenaire-academique"),
        ],
        "vigilance": [
            "Développement des Indicateurs Objectifs de Propreté (IOP) : méthode de comptage "
            "manuel des déchets pour évaluer objectivement l'état de propreté de la ville > "
            "laborieux et peu représentatif",
        ],
        "sys_r": {
            "types": ["computer-vision"],
            "description": "1 Développer une solution ergonomique, fiable, agile et pertinente "
            "basée sur la méthode IOP [...] 2 Démocratiser les audits propreté "
            "avec une solution accessible financièrement [...] 3 Utiliser ces "
            "données pour trouver des stratégies d'optimisation des parcours",
            "operations": "IA + Tracking",
            "data_desc": "Open Data [...] + 7000 x images [...] + 40 000 x annotations [...] "
            "Publication Roboflow",
            "env": "Frugalité [...] + 29 x model IA, 55 x training [...] ~ 2,5 kg CO₂eq - 15 "
            "KWh [...] ⇔ 1 AR Paris/Metz en train ! [...] monitoring via codecarbon et "
            "green algorithm",
            "footprint": {
                "measures": [
                    {"value": "2.5", "unit": "KiloGM", "scope": "entrainement", "approx": True},
                    {"value": "15", "unit": "KiloW-HR", "scope": "entrainement", "approx": True},
                ],
                "tools": ["codecarbon", "green-algorithms"],
                "trainings": 55,
                "models": 29,
                "equivalence": "1 AR Paris/Metz en train !",
                "notes": [
                    (
                        "Périmètre « entraînement » déduit par la rédaction d'iacoll : la source "
                        "donne ces valeurs sous « 29 x model IA, 55 x training » sans nommer le "
                        "périmètre. Valeurs notées approchées : la source les fait précéder de "
                        "« ~ ».",
                        "Scope « training » inferred by the iacoll editors: the source gives these "
                        "values under « 29 x model IA, 55 x training » without naming the scope. "
                        "Values marked approximate: the source puts « ~ » before them.",
                    )
                ],
            },
        },
        "r": {
            "funding": ["france-2030"],
            "funding_desc": "Projet de R&D financé par le plan d'investissement France 2030 "
            "sur 3 ans",
            "dev_desc": "Consortium ViPARE [...] Une alliance entre les compétences des "
            "territoires, de la recherche publique et du secteur privé [...] OPEN "
            "SOURCE",
        },
        "src": {"003": "347-480", "000": "3238-3243"},
    },
]

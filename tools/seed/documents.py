"""The five seed documents (``data/documents.ttl``), keyed by their file prefix.

Publishers are organisations of ``organisations.py``. Titles are the documents' own where they
have one (002 has no title page in the text: its title is the editors' and carries a note);
``issued`` only when a seed document states the date, with a note when it is not the document's
own statement. ``page`` (``foaf:page``) is an address the document gives for itself or for the
publication it belongs to; ``see_also`` (``rdfs:seeAlso``) an address it gives for what it
presents (the library, the event). No address is guessed: each is written in the document, at
the lines the note cites. ``citation`` (``dct:bibliographicCitation``) is what record pages show:
« <titre>, <éditeur>, <date> ».
"""

from __future__ import annotations

from typing import Any

DOCUMENTS: dict[str, dict[str, Any]] = {
    "000": {
        "slug": "localtis-mag-15",
        "file": "000_d642ec8cdb61c2f3.txt",
        "title": "Localtis Mag #15",
        "publisher": ["banque-des-territoires"],
        "issued": "2025-06",
        "page": "http://www.banquedesterritoires.fr/edition-localtis",
        "citation": "Localtis Mag #15, Banque des Territoires, juin 2025",
        "notes": [
            (
                "Date déduite par la rédaction d'iacoll : le numéro ne porte pas de date de "
                "parution ; il est réalisé à l'occasion des rencontres techniques de l'ANPP des 12 "
                "et 13 juin 2025 à Morlaix (lignes 286-289).",
                "Date inferred by the iacoll editors: the issue prints no publication date; it "
                "was made for the ANPP technical meetings of 12 and 13 June 2025 in Morlaix "
                "(lines 286-289).",
            ),
            (
                "Adresse de Localtis, le média en ligne de la Banque des Territoires où paraissent "
                "les articles du numéro (lignes 292-295, 317, 4328) ; le magazine ne donne pas "
                "d'adresse propre à ce numéro.",
                "Address of Localtis, the Banque des Territoires online news service where the "
                "issue's articles are published (lines 292-295, 317, 4328); the magazine gives no "
                "address of its own for this issue.",
            ),
        ],
    },
    "001": {
        "slug": "bibliotheque-ia-territoriales-2025",
        "file": "001_48550992bcc9d727.txt",
        "title": "Bibliothèque d'IA territoriales 2025 — Collecte et partage des usages de l'IA "
        "par les collectivités",
        "publisher": ["les-interconnectes", "banque-des-territoires", "ecolab"],
        "issued": "2025-04",
        "see_also": "https://lesinterconnectes.github.io/Bibliotheque-IA-territoriale",
        "citation": "Bibliothèque d'IA territoriales 2025, Les Interconnectés, Banque des "
        "Territoires et Ecolab, avril 2025",
        "notes": [
            (
                "Le livret porte « 2025 » en couverture (ligne 4) ; le mois est celui que donne le "
                "compte rendu de la Journée Expert IA : « Livret de présentation de la "
                "Bibliothèque d'IA territoriales, avril 2025 » (004, lignes 289-290).",
                'The booklet prints "2025" on its cover (line 4); the month is the one the report '
                'of the Journée Expert IA gives: "Livret de présentation de la Bibliothèque '
                "d'IA territoriales, avril 2025\" (004, lines 289-290).",
            ),
            (
                "Le livret ne donne pas son adresse de publication ; le lien « voir aussi » est "
                "l'adresse de la version publique de la bibliothèque qu'il présente (lignes "
                "207-210, 841-843).",
                "The booklet does not give its own address; the see-also link is the address of "
                "the public version of the library it presents (lines 207-210, 841-843).",
            ),
        ],
    },
    "002": {
        "slug": "rapport-senat-ia-services-publics-locaux",
        "file": "002_e3eefc5a0495a22e.txt",
        "title": "L'intelligence artificielle et les services publics locaux — rapport d'une "
        "délégation du Sénat",
        "publisher": ["senat"],
        "citation": "L'intelligence artificielle et les services publics locaux, Sénat, non daté",
        "notes": [
            (
                "Titre donné par la rédaction d'iacoll : le fichier source ne reproduit pas la "
                "page de titre du rapport.",
                "Title given by the iacoll editors: the source file does not include the "
                "report's title page.",
            ),
            (
                "Le fichier source ne donne ni la date ni l'adresse du rapport : les adresses "
                "senat.fr qu'il cite en note sont celles d'autres rapports (par exemple lignes "
                "563-566, 1842-1844).",
                "The source file gives neither the date nor the address of the report: the "
                "senat.fr addresses of its footnotes are those of other reports (e.g. lines "
                "563-566, 1842-1844).",
            ),
        ],
    },
    "003": {
        "slug": "webinaire-ia-durable-territoires-2025",
        "file": "003_c0a67556ff48aa69.txt",
        "title": "Webinaire - IA durable dans les territoires : évaluer, maîtriser et partager "
        "vos projets",
        "publisher": ["les-interconnectes", "cgdd"],
        "issued": "2025-12-09",
        "citation": "Webinaire « IA durable dans les territoires », Les Interconnectés et CGDD, "
        "9 décembre 2025",
        "notes": [
            (
                "Le support du webinaire ne donne pas son adresse de publication (lignes 24-26 "
                "pour le titre et la date) ; les adresses qu'il cite sont des formulaires et la "
                "bibliothèque d'IA.",
                "The webinar slides do not give their own address (lines 24-26 for the title and "
                "the date); the addresses they cite are forms and the AI library.",
            ),
        ],
    },
    "004": {
        "slug": "journee-expert-ia-tours-2025",
        "file": "004_263273d433f29e03.txt",
        "title": "Journée Expert IA — L'intelligence artificielle au service des territoires",
        "publisher": ["les-interconnectes"],
        "see_also": "https://www.evenements.interconnectes.com/journee-expert-ia-tours",
        "citation": "Journée Expert IA (Tours, 24 juin 2025), Les Interconnectés, non daté",
        "notes": [
            (
                "Le compte rendu ne porte ni date de parution ni éditeur : la journée a eu lieu "
                "le 24 juin 2025 à Tours et était organisée par Les Interconnectés (lignes "
                "17-21) ; l'éditeur est déduit par la rédaction d'iacoll.",
                "The report prints neither a publication date nor a publisher: the day took place "
                "on 24 June 2025 in Tours and was organised by Les Interconnectés (lines 17-21); "
                "the publisher is inferred by the iacoll editors.",
            ),
            (
                "Le lien « voir aussi » est la page de l'événement que donne le compte rendu "
                "(lignes 64-66) ; il ne donne pas d'adresse propre au compte rendu.",
                "The see-also link is the event page the report gives (lines 64-66); it gives no "
                "address of its own for the report.",
            ),
        ],
    },
}

"""The five seed documents (``data/documents.ttl``), keyed by their file prefix.

Publishers are organisations of ``organisations.py``. Titles are the documents' own where they
have one (002 has no title page in the text: its title is the editors' and carries a note);
``issued`` only when a document states its date.
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
    },
    "001": {
        "slug": "bibliotheque-ia-territoriales-2025",
        "file": "001_48550992bcc9d727.txt",
        "title": "Bibliothèque d'IA territoriales 2025 — Collecte et partage des usages de l'IA "
        "par les collectivités",
        "publisher": ["les-interconnectes", "banque-des-territoires", "ecolab"],
        "issued": "2025",
    },
    "002": {
        "slug": "rapport-senat-ia-services-publics-locaux",
        "file": "002_e3eefc5a0495a22e.txt",
        "title": "L'intelligence artificielle et les services publics locaux — rapport d'une "
        "délégation du Sénat",
        "publisher": ["senat"],
        "note": (
            "Titre donné par la rédaction d'iacoll : le fichier source ne reproduit pas la "
            "page de titre du rapport.",
            "Title given by the iacoll editors: the source file does not include the "
            "report's title page.",
        ),
    },
    "003": {
        "slug": "webinaire-ia-durable-territoires-2025",
        "file": "003_c0a67556ff48aa69.txt",
        "title": "Webinaire - IA durable dans les territoires : évaluer, maîtriser et partager "
        "vos projets",
        "publisher": ["les-interconnectes", "cgdd"],
        "issued": "2025-12-09",
    },
    "004": {
        "slug": "journee-expert-ia-tours-2025",
        "file": "004_263273d433f29e03.txt",
        "title": "Journée Expert IA — L'intelligence artificielle au service des territoires "
        "(Tours, 24 juin 2025)",
        "publisher": ["les-interconnectes"],
    },
}

"""Interface messages of the DCAT-AP catalogue and downloads pages (fr, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "catalogue.title": {"fr": "Catalogue DCAT-AP", "en": "DCAT-AP catalogue"},
    "catalogue.page": {"fr": "page {page} sur {pages}", "en": "page {page} of {pages}"},
    "catalogue.harvest": {"fr": "Moissonnage", "en": "Harvesting"},
    "catalogue.harvest.text": {
        "fr": "Ce catalogue suit le profil DCAT-AP 3.0.1 ; il est paginé avec Hydra "
        "(hydra:next). Adresse à donner à un moissonneur (data.gouv.fr, data.europa.eu) :",
        "en": "This catalogue follows the DCAT-AP 3.0.1 profile and is paged with Hydra "
        "(hydra:next). Address to give a harvester (data.gouv.fr, data.europa.eu):",
    },
    "catalogue.harvest.more": {"fr": "Voir aussi :", "en": "See also:"},
    "catalogue.datasets": {"fr": "Contenu du catalogue", "en": "What the catalogue lists"},
    "catalogue.members": {
        "fr": "Un seul jeu de données est moissonnable : le registre, avec ses distributions "
        "(exports RDF, CSV, XLSX, point d'accès SPARQL). Chaque fiche y est aussi listée "
        "(dcat:resource) et décrite à sa propre adresse, sans être un jeu de données à part.",
        "en": "A single dataset is harvestable: the register, with its distributions (RDF "
        "exports, CSV, XLSX, SPARQL endpoint). Each record is listed too (dcat:resource) and "
        "described at its own address, without being a dataset of its own.",
    },
    "catalogue.count": {
        "fr": "{total} entrées ; {first} à {last} (page {page} sur {pages}).",
        "en": "{total} entries; {first} to {last} (page {page} of {pages}).",
    },
    "catalogue.kind.dataset": {"fr": "Jeu de données\u00a0:", "en": "Dataset:"},
    "catalogue.kind.record": {"fr": "Fiche\u00a0:", "en": "Record:"},
    "catalogue.publisher": {"fr": "Éditeur :", "en": "Publisher:"},
    "catalogue.identifier": {"fr": "Identifiant :", "en": "Identifier:"},
    "catalogue.distributions": {"fr": "Distributions :", "en": "Distributions:"},
    "catalogue.pagination": {"fr": "Pages du catalogue", "en": "Catalogue pages"},
    "catalogue.page.label": {"fr": "Page {page}", "en": "Page {page}"},
    "catalogue.previous": {"fr": "Page précédente", "en": "Previous page"},
    "catalogue.next": {"fr": "Page suivante", "en": "Next page"},
    "downloads.title": {"fr": "Téléchargements", "en": "Downloads"},
    "downloads.intro": {
        "fr": "Toutes les données publiques du registre (fiches, organisations, documents "
        "sources, vocabulaires, ontologie et catalogue), produites à chaque construction du "
        "magasin. La taille et l'empreinte SHA-256 de chaque fichier sont aussi déclarées "
        "dans le catalogue DCAT-AP.",
        "en": "All the public data of the register (records, organisations, source documents, "
        "vocabularies, ontology and catalogue), written at each build of the store. The size "
        "and SHA-256 checksum of each file are also declared in the DCAT-AP catalogue.",
    },
    "downloads.caption": {"fr": "Fichiers disponibles", "en": "Available files"},
    "downloads.file": {"fr": "Fichier", "en": "File"},
    "downloads.format": {"fr": "Format", "en": "Format"},
    "downloads.size": {"fr": "Taille", "en": "Size"},
    "downloads.checksum": {"fr": "Empreinte SHA-256", "en": "SHA-256 checksum"},
    "downloads.bytes": {"fr": "octets", "en": "bytes"},
    "downloads.distribution": {"fr": "description DCAT", "en": "DCAT description"},
    "downloads.none": {
        "fr": "Aucun fichier : lancez « iacoll build ».",
        "en": "No file yet: run “iacoll build”.",
    },
    "downloads.query": {
        "fr": "Sans rien télécharger, interrogez ces données dans l'éditeur SPARQL, par exemple :",
        "en": "Without downloading anything, query the data in the SPARQL editor, for example:",
    },
    "downloads.licence": {
        "fr": "Licence Ouverte Etalab 2.0.",
        "en": "Etalab Open Licence 2.0.",
    },
    "downloads.restricted": {
        "fr": "Les champs à accès restreint du modèle amont (contact, budget, financement, "
        "hébergement, détails de l'algorithme…) ne figurent dans aucun fichier.",
        "en": "The restricted fields of the upstream model (contact, budget, funding, hosting, "
        "algorithm details…) are in none of the files.",
    },
    "downloads.columns": {"fr": "Colonnes des fichiers tableurs", "en": "Spreadsheet columns"},
    "downloads.columns.text": {
        "fr": "Une ligne par fiche ; les colonnes sont les champs publics du modèle de la "
        "Bibliothèque d'IA territoriales, dans son ordre. Valeurs multiples séparées par "
        "« {separator} », dates au format MM/AAAA ou JJ/MM/AAAA, SIRET (ou SIREN), libellés "
        "des concepts.",
        "en": "One row per record; the columns are the public fields of the Bibliothèque d'IA "
        "territoriales model, in its order. Several values are separated by “{separator}”, "
        "dates written MM/AAAA or JJ/MM/AAAA, SIRET (or SIREN), concept labels.",
    },
    "downloads.csv.encoding": {
        "fr": "Trois fichiers tableurs, mêmes lignes et mêmes colonnes : iacoll.csv en UTF-8 "
        "sans BOM, séparé par des virgules (RFC 4180), pour les programmes (pandas, R, csvkit) "
        "et les moissonneurs ; iacoll-excel.csv en UTF-8 avec BOM, séparé par des "
        "points-virgules, qu'Excel en français ouvre d'un double-clic avec ses accents ; "
        "iacoll.xlsx, un classeur aux colonnes titrées en français, pour Excel et LibreOffice. "
        "La dernière colonne donne l'adresse de la fiche, à ouvrir dans un navigateur.",
        "en": "Three spreadsheet files, with the same rows and columns: iacoll.csv in UTF-8 "
        "without BOM, comma-separated (RFC 4180), for programs (pandas, R, csvkit) and "
        "harvesters; iacoll-excel.csv in UTF-8 with BOM, semicolon-separated, which a French "
        "Excel opens with a double-click, accents intact; iacoll.xlsx, a workbook with "
        "columns titled in French, for Excel and LibreOffice. The last column gives the "
        "record's address, to open in a browser.",
    },
    "downloads.column.key": {"fr": "Clé", "en": "Key"},
    "downloads.column.label": {"fr": "Champ", "en": "Field"},
}

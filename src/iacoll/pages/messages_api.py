"""Messages of the file upload pages (/publier/fichier) and of the write API."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "fichier.title": {"fr": "Déposer un fichier de fiches", "en": "Upload a file of records"},
    "fichier.intro": {
        "fr": "Publiez plusieurs projets d'un coup à partir d'un tableau au format du modèle de "
        "la Bibliothèque d'IA territoriales : un projet par ligne, les noms de champs en "
        "première ligne. Rien n'est enregistré avant que vous ayez vu le rapport ligne par "
        "ligne et choisi quoi importer.",
        "en": "Publish several projects at once from a table in the format of the "
        "Bibliothèque d'IA territoriales model: one project per row, field names in the first "
        "row. Nothing is saved before you have seen the row-by-row report and chosen what to "
        "import.",
    },
    "fichier.formats": {
        "fr": "Formats acceptés : CSV séparé par des virgules ou des points-virgules (UTF-8, "
        "avec ou sans BOM, ou Windows-1252 enregistré par Excel) et XLSX. Taille maximale :",
        "en": "Accepted formats: CSV separated by commas or semicolons (UTF-8 with or without "
        "BOM, or Windows-1252 saved by Excel) and XLSX. Maximum size:",
    },
    "fichier.mb": {"fr": "Mo", "en": "MB"},
    "fichier.field": {"fr": "Fichier CSV ou XLSX", "en": "CSV or XLSX file"},
    "fichier.analyse": {"fr": "Analyser le fichier", "en": "Check the file"},
    "fichier.report": {"fr": "Rapport du fichier", "en": "File report"},
    "fichier.summary": {
        "fr": "ligne(s) importable(s), ligne(s) rejetée(s). Rien n'est encore enregistré.",
        "en": "row(s) can be imported, row(s) rejected. Nothing is saved yet.",
    },
    "fichier.row": {"fr": "Ligne", "en": "Row"},
    "fichier.project": {"fr": "Projet", "en": "Project"},
    "fichier.result": {"fr": "Résultat", "en": "Result"},
    "fichier.reasons": {"fr": "Motifs", "en": "Reasons"},
    "fichier.warnings": {
        "fr": "avertissement(s) : la fiche peut être importée, mais sera incomplète",
        "en": "warning(s): the record can be imported but will be incomplete",
    },
    "fichier.importable": {"fr": "Importable", "en": "Can be imported"},
    "fichier.rejected": {"fr": "Rejetée", "en": "Rejected"},
    "fichier.choice": {"fr": "Que voulez-vous importer ?", "en": "What do you want to import?"},
    "fichier.mode.tout": {
        "fr": "Tout ou rien : tout importer si aucune ligne n'est rejetée, sinon rien",
        "en": "All or nothing: import everything if no row is rejected, otherwise nothing",
    },
    "fichier.mode.valides": {
        "fr": "Seulement les lignes valides : les lignes rejetées sont laissées de côté",
        "en": "Valid rows only: the rejected rows are left out",
    },
    "fichier.state": {"fr": "Après l'import", "en": "After the import"},
    "fichier.state.brouillon": {
        "fr": "Garder en brouillon (je relirai avant de soumettre)",
        "en": "Keep as drafts (I will review them before submitting)",
    },
    "fichier.state.soumis": {
        "fr": "Soumettre aux modérateurs",
        "en": "Submit to the moderators",
    },
    "fichier.apply": {"fr": "Importer", "en": "Import"},
    "fichier.again": {"fr": "Déposer un autre fichier", "en": "Upload another file"},
    "fichier.done": {"fr": "Import terminé", "en": "Import done"},
    "fichier.saved": {"fr": "Fiches enregistrées", "en": "Records saved"},
    "fichier.left_out": {"fr": "Lignes laissées de côté", "en": "Rows left out"},
    "fichier.none_saved": {"fr": "Aucune fiche enregistrée.", "en": "No record saved."},
    "fichier.revision": {"fr": "révision", "en": "revision"},
    "fichier.expired": {
        "fr": "Ce dépôt n'existe plus (il est gardé un jour) ou n'est pas le vôtre : "
        "déposez le fichier à nouveau.",
        "en": "This upload no longer exists (it is kept for a day) or is not yours: upload "
        "the file again.",
    },
    "fichier.signin": {
        "fr": "Connectez-vous pour déposer un fichier : seuls les membres d'une organisation "
        "publient pour elle.",
        "en": "Sign in to upload a file: only members of an organisation publish for it.",
    },
    "fichier.etat.brouillon": {"fr": "brouillon", "en": "draft"},
    "fichier.etat.soumis": {"fr": "soumis", "en": "submitted"},
}

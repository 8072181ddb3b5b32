"""Interface messages of the model pages (``/def``, ``/vocab``), the query editor and the
sharing metadata (fr, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "term.dcat:resource": {"fr": "fiche cataloguée", "en": "catalogued record"},
    "vocab.title": {
        "fr": "Vocabulaires contrôlés d'iacoll",
        "en": "iacoll controlled vocabularies",
    },
    "vocab.intro": {
        "fr": "Les listes de valeurs (schémas de concepts SKOS) qu'emploient les fiches : "
        "thèmes, statuts, types de collectivité, publics, types d'algorithme, niveaux de "
        "risque… Chaque concept a une adresse stable, des libellés en français et en anglais "
        "et ses correspondances avec les vocabulaires européens.",
        "en": "The value lists (SKOS concept schemes) the records use: themes, statuses, "
        "types of local authority, audiences, algorithm types, risk levels… Each concept has "
        "a stable address, French and English labels and its mappings to EU vocabularies.",
    },
    "vocab.caption": {"fr": "{count} vocabulaires", "en": "{count} vocabularies"},
    "vocab.scheme": {"fr": "Vocabulaire", "en": "Vocabulary"},
    "vocab.description": {"fr": "Description", "en": "Description"},
    "vocab.count": {"fr": "Concepts", "en": "Concepts"},
    "vocab.ontology": {"fr": "L'ontologie iacoll", "en": "The iacoll ontology"},
    "vocab.sparql": {
        "fr": "Interroger les vocabulaires en SPARQL",
        "en": "Query the vocabularies in SPARQL",
    },
    "onto.vocabularies": {"fr": "Vocabulaires", "en": "Vocabularies"},
    "onto.vocabularies.text": {
        "fr": "Les valeurs des champs à liste viennent de ces vocabulaires SKOS ; leur liste "
        "seule, en RDF aussi, est à l'adresse",
        "en": "The values of the list fields come from these SKOS vocabularies; the list "
        "alone, in RDF too, is at",
    },
}

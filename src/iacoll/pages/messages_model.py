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
    "vocab.examples": {
        "fr": "Dans l'éditeur SPARQL :",
        "en": "In the SPARQL editor:",
    },
    "onto.vocabularies": {"fr": "Vocabulaires", "en": "Vocabularies"},
    "onto.vocabularies.text": {
        "fr": "Les valeurs des champs à liste viennent de ces vocabulaires SKOS ; leur liste "
        "seule, en RDF aussi, est à l'adresse",
        "en": "The values of the list fields come from these SKOS vocabularies; the list "
        "alone, in RDF too, is at",
    },
    "sparql.title": {
        "fr": "Interroger le catalogue en SPARQL",
        "en": "Query the catalogue in SPARQL",
    },
    "sparql.intro": {
        "fr": "Point d'accès SPARQL 1.1 en lecture seule, sur les données publiques :",
        "en": "Read-only SPARQL 1.1 endpoint, over the public data:",
    },
    "sparql.editor": {"fr": "Éditeur de requêtes SPARQL", "en": "SPARQL query editor"},
    "sparql.query": {"fr": "Requête SPARQL", "en": "SPARQL query"},
    "sparql.format": {"fr": "Format", "en": "Format"},
    "sparql.run": {"fr": "Exécuter", "en": "Run"},
    "sparql.examples": {"fr": "Exemples de requêtes", "en": "Example queries"},
    "sparql.examples.text": {
        "fr": "Chaque exemple est ouvert dans un onglet de l'éditeur ; un lien vers "
        "/sparql?query=… ouvre aussi l'éditeur avec la requête, dans un navigateur.",
        "en": "Each example is open in a tab of the editor; a link to /sparql?query=… also "
        "opens the editor with the query, in a browser.",
    },
    "sparql.complete.badge": {
        "fr": "complète seulement sur le magasin complet",
        "en": "complete only on the complete store",
    },
    "sparql.complete.note": {
        "fr": "Cette requête porte sur des champs à accès restreint du modèle amont (type "
        "d'algorithme, liens vers les ressources, etc.). Ces champs ne sont pas publiés : ce "
        "point d'accès public y répond sans eux (comptes à 0, « Non renseigné ou non public »). "
        "Elle ne donne tous ses résultats que sur le magasin complet, réservé aux gestionnaires "
        "du registre.",
        "en": "This query reads fields the upstream model restricts (algorithm type, resource "
        "links, etc.). They are not published: this public endpoint answers without them "
        "(counts of 0, “Non renseigné ou non public”). It gives all its results only on the "
        "complete store, kept for the register's managers.",
    },
}

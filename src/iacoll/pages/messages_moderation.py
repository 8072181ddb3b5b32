"""Messages of moderation, « Mes fiches » and the members-only fields."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # States of a revision (iacoll.publishing.log.State), as contributors read them
    "state.brouillon": {"fr": "Brouillon", "en": "Draft"},
    "state.soumis": {"fr": "En attente de modération", "en": "Awaiting moderation"},
    "state.modifications-demandees": {"fr": "Modifications demandées", "en": "Changes requested"},
    "state.publie": {"fr": "Publiée", "en": "Published"},
    "state.rejete": {"fr": "Refusée", "en": "Rejected"},
    "state.retire": {"fr": "Retirée de la publication", "en": "Withdrawn"},
    "state.remplace": {"fr": "Remplacée par une version plus récente", "en": "Superseded"},
    # The moderators' queue
    "mod.title": {"fr": "Modération", "en": "Moderation"},
    "mod.intro": {
        "fr": "Les fiches soumises par les contributeurs attendent ici votre relecture. "
        "Publiez-les, demandez des modifications ou refusez-les en expliquant pourquoi.",
        "en": "Records submitted by contributors wait here for your review. Publish them, "
        "request changes or reject them, saying why.",
    },
    "mod.queue": {"fr": "Fiches soumises", "en": "Submitted records"},
    "mod.queue.empty": {
        "fr": "Aucune fiche n'attend de modération.",
        "en": "No record awaits moderation.",
    },
    "mod.record": {"fr": "Fiche", "en": "Record"},
    "mod.version": {"fr": "Version", "en": "Version"},
    "mod.organisation": {"fr": "Organisation", "en": "Organisation"},
    "mod.submitted": {"fr": "Soumise le", "en": "Submitted on"},
    "mod.kind": {"fr": "Nature", "en": "Kind"},
    "mod.kind.new": {"fr": "Nouvelle fiche", "en": "New record"},
    "mod.kind.change": {
        "fr": "Modification de la version publiée n° {n}",
        "en": "Change to published version {n}",
    },
    "mod.review": {"fr": "Relire", "en": "Review"},
    "mod.revision.title": {"fr": "Relecture : {title}", "en": "Review: {title}"},
    "mod.diff": {"fr": "Changements proposés", "en": "Proposed changes"},
    "mod.diff.new": {
        "fr": "Cette fiche n'a jamais été publiée : toutes ses valeurs sont nouvelles.",
        "en": "This record was never published: every value is new.",
    },
    "mod.diff.against": {
        "fr": "Comparaison avec la version publiée n° {n}.",
        "en": "Compared with published version {n}.",
    },
    "mod.diff.none": {
        "fr": "Cette version ne change aucune valeur.",
        "en": "This version changes no value.",
    },
    "mod.field": {"fr": "Champ", "en": "Field"},
    "mod.before": {"fr": "Version publiée", "en": "Published version"},
    "mod.after": {"fr": "Version soumise", "en": "Submitted version"},
    "mod.empty": {"fr": "(vide)", "en": "(empty)"},
    "mod.restricted": {"fr": "non publique", "en": "not public"},
    "mod.other": {"fr": "Autres changements", "en": "Other changes"},
    "mod.added": {"fr": "Ajouté", "en": "Added"},
    "mod.subject": {"fr": "Élément", "en": "Item"},
    "mod.property": {"fr": "Propriété", "en": "Property"},
    "mod.value": {"fr": "Valeur", "en": "Value"},
    "mod.removed": {"fr": "Retiré", "en": "Removed"},
    "mod.decide": {"fr": "Décision", "en": "Decision"},
    "mod.comment": {"fr": "Commentaire pour le contributeur", "en": "Comment for the contributor"},
    "mod.comment.help": {
        "fr": "Obligatoire pour demander des modifications ou refuser la fiche.",
        "en": "Required to request changes or to reject the record.",
    },
    "mod.approve": {"fr": "Publier", "en": "Publish"},
    "mod.request": {"fr": "Demander des modifications", "en": "Request changes"},
    "mod.reject": {"fr": "Refuser", "en": "Reject"},
    "mod.history": {"fr": "Historique", "en": "History"},
    "mod.history.none": {"fr": "Aucun changement d'état.", "en": "No change of state."},
    "mod.back": {"fr": "Retour à la file de modération", "en": "Back to the moderation queue"},
    "mod.done.publie": {"fr": "La fiche est publiée.", "en": "The record is published."},
    "mod.done.modifications-demandees": {
        "fr": "Votre demande de modifications a été transmise au contributeur.",
        "en": "Your change request was sent to the contributor.",
    },
    "mod.done.rejete": {"fr": "La fiche est refusée.", "en": "The record is rejected."},
    "mod.done.retire": {
        "fr": "La fiche est retirée de la publication.",
        "en": "The record is withdrawn.",
    },
    "mod.done.report": {"fr": "Le signalement est clos.", "en": "The report is closed."},
    "mod.withdraw": {"fr": "Retirer une fiche publiée", "en": "Withdraw a published record"},
    "mod.withdraw.intro": {
        "fr": "La fiche disparaît des pages publiques, de la recherche, du point d'accès SPARQL "
        "et des téléchargements ; son historique est conservé.",
        "en": "The record leaves the public pages, search, the SPARQL endpoint and the "
        "downloads; its history is kept.",
    },
    "mod.withdraw.record": {
        "fr": "Adresse de la fiche (par exemple /id/cas-usage/nom-de-la-fiche)",
        "en": "Address of the record (e.g. /id/cas-usage/record-name)",
    },
    "mod.withdraw.comment": {"fr": "Motif du retrait", "en": "Reason for withdrawal"},
    "mod.withdraw.submit": {"fr": "Retirer la fiche", "en": "Withdraw the record"},
    "mod.reports": {"fr": "Signalements d'erreur ouverts", "en": "Open error reports"},
    "mod.reports.empty": {"fr": "Aucun signalement ouvert.", "en": "No open report."},
    "mod.report.message": {"fr": "Message", "en": "Message"},
    "mod.report.received": {"fr": "Reçu le", "en": "Received on"},
    "mod.report.close": {"fr": "Clore", "en": "Close"},
    # « Mes fiches »
    "mine.title": {"fr": "Mes fiches", "en": "My records"},
    "mine.intro": {
        "fr": "Les fiches de vos organisations, leur état de publication et les commentaires "
        "des modérateurs.",
        "en": "The records of your organisations, their publication state and the "
        "moderators' comments.",
    },
    "mine.empty": {"fr": "Vous n'avez encore aucune fiche.", "en": "You have no record yet."},
    "mine.state": {"fr": "État", "en": "State"},
    "mine.updated": {"fr": "Dernière modification", "en": "Last change"},
    "mine.comment": {"fr": "Commentaire du modérateur", "en": "Moderator's comment"},
    "mine.actions": {"fr": "Actions", "en": "Actions"},
    "mine.edit": {"fr": "Modifier", "en": "Edit"},
    "mine.view": {"fr": "Voir la page publique", "en": "See the public page"},
    "mine.published": {"fr": "Version publiée : n° {n}", "en": "Published version: {n}"},
    # Members-only fields
    "members.title": {"fr": "Champs réservés aux membres", "en": "Members-only fields"},
    "members.intro": {
        "fr": "Ces informations sont non publiques : vous les voyez parce que vous êtes "
        "connecté. Ne les diffusez pas.",
        "en": "This information is not public: you see it because you are signed in. "
        "Do not share it.",
    },
    "members.none": {
        "fr": "Cette fiche n'a aucun champ réservé aux membres.",
        "en": "This record has no members-only field.",
    },
    "members.sparql.title": {"fr": "Requêtes SPARQL des membres", "en": "Members' SPARQL queries"},
    "members.signin": {
        "fr": "Connectez-vous pour accéder aux champs réservés aux membres.",
        "en": "Sign in to reach the members-only fields.",
    },
    # Errors
    "mod.forbidden": {
        "fr": "Cette page est réservée aux modérateurs et aux administrateurs.",
        "en": "This page is for moderators and administrators only.",
    },
}

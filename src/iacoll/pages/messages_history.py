"""Interface messages of the history pages, past revisions and tombstones of withdrawn records."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "hist.title": {"fr": "Historique", "en": "History"},
    "hist.intro": {
        "fr": "Chaque publication de cette fiche, la plus récente en premier, avec ce qu'elle a "
        "changé. Les révisions sont attribuées à l'organisation pour laquelle elles ont été "
        "écrites ; les champs réservés aux membres n'apparaissent pas.",
        "en": "Every publication of this record, newest first, with what it changed. Revisions "
        "are attributed to the organisation they were written for; members-only fields do not "
        "appear.",
    },
    "hist.record": {"fr": "Voir la fiche", "en": "See the record"},
    "hist.link": {"fr": "Historique des révisions", "en": "Revision history"},
    "hist.publication": {"fr": "Révision {number} publiée", "en": "Revision {number} published"},
    "hist.withdrawal": {"fr": "Fiche retirée", "en": "Record withdrawn"},
    "hist.by": {"fr": "pour", "en": "for"},
    "hist.first": {
        "fr": "Première publication de la fiche.",
        "en": "First publication of the record.",
    },
    "hist.none": {
        "fr": "Aucun champ du modèle amont n'a changé.",
        "en": "No field of the upstream model changed.",
    },
    "hist.others": {
        "fr": "Autres changements (chronologie, sources, chiffres…) : {count}.",
        "en": "Other changes (timeline, sources, figures…): {count}.",
    },
    "hist.empty": {"fr": "(vide)", "en": "(empty)"},
    "hist.reason": {"fr": "Motif :", "en": "Reason:"},
    "hist.reason.none": {"fr": "Aucun motif indiqué.", "en": "No reason given."},
    "hist.see": {"fr": "Voir cette révision", "en": "See this revision"},
    "rev.banner": {
        "fr": "Révision {number} de cette fiche, telle que publiée le {date}.",
        "en": "Revision {number} of this record, as published on {date}.",
    },
    "rev.replaced": {"fr": "Remplacée le {date}.", "en": "Replaced on {date}."},
    "rev.current": {"fr": "C'est la version actuelle.", "en": "This is the current version."},
    "rev.history": {"fr": "Toutes les révisions", "en": "All revisions"},
    "gone.title": {"fr": "Fiche retirée", "en": "Record withdrawn"},
    "gone.intro": {
        "fr": "Cette fiche a été retirée du catalogue : elle n'apparaît plus dans la recherche, "
        "le point d'accès SPARQL, les téléchargements ni le catalogue DCAT.",
        "en": "This record was withdrawn from the catalogue: it no longer appears in search, "
        "the SPARQL endpoint, the downloads or the DCAT catalogue.",
    },
    "gone.publisher": {"fr": "Organisation", "en": "Organisation"},
    "gone.date": {"fr": "Retirée le", "en": "Withdrawn on"},
    "gone.reason": {"fr": "Motif du retrait", "en": "Reason for withdrawal"},
}

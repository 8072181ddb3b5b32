"""Interface messages of the readable resource pages: citing a page, provenance, the
organisation directory."""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # « Citer / permalien »
    "cite.title": _m("Citer cette page", "Cite this page"),
    "cite.permalink": _m("Adresse permanente (IRI)", "Permanent address (IRI)"),
    "cite.permalink.hint": _m(
        "Cette adresse ne changera pas : utilisez-la pour faire un lien ou dans vos données.",
        "This address will not change: use it in links and in your data.",
    ),
    "cite.text": _m("Citation prête à coller", "Ready-to-paste citation"),
    "cite.copy": _m("Copier", "Copy"),
    "cite.copied": _m("Copié", "Copied"),
    "cite.updated.day": _m("mis à jour le", "updated on"),
    "cite.updated.month": _m("mis à jour en", "updated in"),
    "res.updated": _m("Dernière mise à jour :", "Last updated:"),
    # provenance
    "source.intro": _m("Source :", "Source:"),
    "source.page": _m("fiche du document", "document record"),
    "source.read": _m("lire le document", "read the document"),
    "source.issued": _m("Date de publication", "Publication date"),
    "source.address": _m("Où lire le document", "Where to read it"),
    "source.citation": _m("Référence bibliographique", "Bibliographic reference"),
    "res.doc.count": _m("Fiches et organisations :", "Records and organisations:"),
    "source.sources.intro": _m(
        "Les informations de cette page sont tirées des documents suivants.",
        "The information on this page comes from the following documents.",
    ),
    # the organisation directory
    "nav.organisations": _m("Organisations", "Organisations"),
    "dir.title": _m("Organisations", "Organisations"),
    "dir.intro": _m(
        "Les collectivités, services de l'État, entreprises et associations que citent les fiches "
        "du catalogue, avec leur type, leur territoire et le nombre de fiches qu'elles portent.",
        "The local authorities, State services, companies and associations the records name, "
        "with their type, their territory and the number of records they lead.",
    ),
    "dir.filters": _m("Filtrer la liste", "Filter the list"),
    "dir.q": _m("Nom contenant", "Name containing"),
    "dir.type": _m("Type d'organisation", "Type of organisation"),
    "dir.region": _m("Région", "Region"),
    "dir.records": _m("Fiches portées", "Records led"),
    "dir.all": _m("Tous", "All"),
    "dir.all.f": _m("Toutes", "All"),
    "dir.records.any": _m("Avec ou sans fiche", "With or without records"),
    "dir.records.with": _m("Porte au moins une fiche", "Leads at least one record"),
    "dir.records.without": _m("Ne porte aucune fiche", "Leads no record"),
    "dir.apply": _m("Filtrer", "Filter"),
    "dir.clear": _m("Voir toutes les organisations", "Show every organisation"),
    "dir.list": _m("Liste des organisations", "List of organisations"),
    "dir.count.all": _m("{n} organisations.", "{n} organisations."),
    "dir.count": _m("{n} organisations sur {total}.", "{n} organisations out of {total}."),
    "dir.col.name": _m("Nom", "Name"),
    "dir.col.type": _m("Type", "Type"),
    "dir.col.departement": _m("Département", "Département"),
    "dir.col.region": _m("Région", "Region"),
    "dir.col.published": _m("Fiches portées", "Records led"),
    "dir.col.partner": _m("Autres participations", "Other involvements"),
    "dir.unknown": _m("non précisé", "not stated"),
}

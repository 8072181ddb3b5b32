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
}

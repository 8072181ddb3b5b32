"""Interface messages of the change feeds: the Atom feed of publications and the links to the
feeds (home page, head of every page)."""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "feeds.atom.title": _m("Publications d'iacoll", "iacoll publications"),
    "feeds.atom.subtitle": _m(
        "Les fiches publiées, mises à jour et retirées du catalogue, les plus récentes d'abord.",
        "Records published, updated and withdrawn from the catalogue, newest first.",
    ),
    "feeds.atom.create": _m("Nouvelle fiche : {title}", "New record: {title}"),
    "feeds.atom.update": _m("Mise à jour : {title}", "Updated: {title}"),
    "feeds.atom.delete": _m("Retrait : {title}", "Withdrawn: {title}"),
    "feeds.atom.summary": _m("{organisation}, le {date}.", "{organisation}, {date}."),
    "feeds.atom.reason": _m("Motif du retrait : {reason}", "Reason for withdrawal: {reason}"),
    "feeds.atom.unknown": _m("Organisation inconnue", "Unknown organisation"),
    "feeds.page_missing": _m(
        "Le flux de modifications n'a pas de page « {number} » : pages 1 à {last}.",
        "The change feed has no page '{number}': pages 1 to {last}.",
    ),
    # The standards the feeds conform to, as the catalogue's resource pages name them.
    "term.https://w3id.org/ldes/specification": _m(
        "Linked Data Event Streams (SEMIC)", "Linked Data Event Streams (SEMIC)"
    ),
    "term.https://www.rfc-editor.org/rfc/rfc4287": _m(
        "Format de syndication Atom (RFC 4287)", "Atom Syndication Format (RFC 4287)"
    ),
    "feeds.home.atom": _m("Flux Atom des publications", "Atom feed of publications"),
    "feeds.home.atom.text": _m(
        "Les dernières fiches publiées, mises à jour ou retirées, dans un lecteur de flux",
        "The latest records published, updated or withdrawn, in a feed reader",
    ),
    "feeds.home.ldes": _m("Flux de modifications (LDES)", "Change feed (LDES)"),
    "feeds.home.ldes.text": _m(
        "Pour les registres qui se tiennent à jour sans tout relire (Linked Data Event Stream)",
        "For registries that keep in sync without reading everything again (Linked Data "
        "Event Stream)",
    ),
}

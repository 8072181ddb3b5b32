"""French first, English available: the interface messages and the language of a request."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from iacoll.pages import (
    messages_aiact,
    messages_aiact_overview,
    messages_api,
    messages_auth,
    messages_browse,
    messages_catalogue,
    messages_contribute,
    messages_crosswalks,
    messages_feeds,
    messages_footprint,
    messages_geo,
    messages_history,
    messages_info,
    messages_model,
    messages_moderation,
    messages_notice,
    messages_pages,
    messages_resources,
    messages_search,
    messages_seed,
    messages_vocabularies,
)
from iacoll.pages.typography import french

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
COOKIE = "lang"

BASE_MESSAGES: dict[str, dict[str, str]] = {
    "site.tagline": {
        "fr": "Catalogue en données ouvertes liées des systèmes d'IA des collectivités",
        "en": "Linked-open-data catalogue of the AI systems of French local authorities",
    },
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "nav.label": {"fr": "Navigation principale", "en": "Main navigation"},
    "nav.home": {"fr": "Accueil", "en": "Home"},
    "nav.search": {"fr": "Rechercher", "en": "Search"},
    "nav.map": {"fr": "Carte", "en": "Map"},
    "nav.stats": {"fr": "Statistiques", "en": "Statistics"},
    "nav.sparql": {"fr": "Requêtes SPARQL", "en": "SPARQL queries"},
    "nav.catalogue": {"fr": "Catalogue DCAT-AP", "en": "DCAT-AP catalogue"},
    "nav.downloads": {"fr": "Téléchargements", "en": "Downloads"},
    "nav.ontology": {"fr": "Modèle et vocabulaires", "en": "Model and vocabularies"},
    "lang.switch": {"fr": "English", "en": "Français"},
    "lang.switch.label": {"fr": "Read this page in English", "en": "Lire cette page en français"},
    "footer": {
        "fr": "iacoll — données sous Licence Ouverte Etalab 2.0. Sources : Bibliothèque d'IA "
        "territoriales, Localtis, rapport du Sénat, webinaire « IA durable », Journée Expert IA.",
        "en": "iacoll — data under the Etalab Open Licence 2.0. Sources: Bibliothèque d'IA "
        'territoriales, Localtis, Senate report, "IA durable" webinar, Journée Expert IA.',
    },
    "formats": {"fr": "Autres formats", "en": "Other formats"},
    "error": {"fr": "Erreur", "en": "Error"},
}


MESSAGES: dict[str, dict[str, str]] = {
    **BASE_MESSAGES,
    **messages_resources.MESSAGES,
    **messages_browse.MESSAGES,
    **messages_catalogue.MESSAGES,
    **messages_contribute.MESSAGES,
    **messages_search.MESSAGES,
    **messages_vocabularies.MESSAGES,
    **messages_seed.MESSAGES,
    **messages_geo.MESSAGES,
    **messages_model.MESSAGES,
    **messages_pages.MESSAGES,
    **messages_moderation.MESSAGES,
    **messages_api.MESSAGES,
    **messages_aiact.MESSAGES,
    **messages_aiact_overview.MESSAGES,
    **messages_auth.MESSAGES,
    **messages_info.MESSAGES,
    **messages_notice.MESSAGES,
    **messages_history.MESSAGES,
    **messages_crosswalks.MESSAGES,
    **messages_footprint.MESSAGES,
    **messages_feeds.MESSAGES,
}


def language_of(request: Request) -> str:
    """``?lang=`` first, then the ``lang`` cookie, then French."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)``: the message in ``lang`` (French when missing; the key when unknown), with
    French typography in French (:mod:`iacoll.pages.typography`)."""

    def t(key: str) -> str:
        entry = MESSAGES.get(key)
        if entry is None:
            return key
        found = entry.get(lang) if lang != DEFAULT_LANGUAGE else None
        return found if found else french(entry[DEFAULT_LANGUAGE])

    return t

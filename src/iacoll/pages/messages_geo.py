"""Messages of the geography: the département and kind-of-publisher facets, the map's positions."""

from __future__ import annotations

# The kinds of publisher (facet « type-organisme »), in display order.
KINDS: dict[str, dict[str, str]] = {
    "collectivite": {"fr": "Collectivité", "en": "Local authority"},
    "etat": {"fr": "État et opérateurs", "en": "State and its agencies"},
    "entreprise": {"fr": "Entreprise", "en": "Company"},
    "etranger": {"fr": "Organisme étranger", "en": "Foreign body"},
    "autre": {"fr": "Autre organisme", "en": "Other body"},
}

_COUNTRY = "term.http://publications.europa.eu/resource/authority/country/"

MESSAGES: dict[str, dict[str, str]] = {
    "term.dct:Location": {"fr": "lieu", "en": "location"},
    "term.locn:Geometry": {"fr": "géométrie", "en": "geometry"},
    "term.dcat:version": {"fr": "version", "en": "version"},
    _COUNTRY + "ESP": {"fr": "Espagne", "en": "Spain"},
    _COUNTRY + "SGP": {"fr": "Singapour", "en": "Singapore"},
    _COUNTRY + "KOR": {"fr": "Corée du Sud", "en": "South Korea"},
    "facet.departement": {"fr": "Département", "en": "Département"},
    "facet.departement.missing": {"fr": "Non renseigné", "en": "Not stated"},
    "facet.type-organisme": {"fr": "Type d'organisme", "en": "Kind of publisher"},
    "chart.departement": {"fr": "Fiches par département", "en": "Records by département"},
    "chart.type-organisme": {
        "fr": "Fiches par type d'organisme",
        "en": "Records by kind of publisher",
    },
    "map.position": {"fr": "Position", "en": "Position"},
    "map.stated": {"fr": "indiquée par la fiche", "en": "given by the record"},
    "map.official": {
        "fr": "position officielle ({}), la fiche n'en donne pas",
        "en": "official position ({}), the record gives none",
    },
    "map.unplaced": {
        "fr": "Organisations sans position sur la carte",
        "en": "Organisations without a position on the map",
    },
    "map.unplaced.intro": {
        "fr": "Ni leur fiche ni le référentiel officiel des collectivités ne les situent : "
        "services de l'État, opérateurs nationaux, organismes étrangers.",
        "en": "Neither their record nor the official reference of local authorities places "
        "them: State services, national agencies, foreign bodies.",
    },
    "map.source": {
        "fr": "Positions officielles et codes tirés de : {}.",
        "en": "Official positions and codes taken from: {}.",
    },
}

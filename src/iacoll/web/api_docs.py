"""The OpenAPI description of the write API's request bodies, with examples.

The examples are the seed record ``amp-callbot-encombrants`` (values from the seed documents),
written both ways the API accepts; a test sends each of them and expects it saved.
"""

from __future__ import annotations

from typing import Any

from iacoll.model.fields import FIELDS

STATE_HELP = (
    "`brouillon` (enregistré même incomplet, les problèmes sont rendus) ou `soumis` "
    "(envoyé aux modérateurs : refusé en 422 s'il reste une violation)."
)
BASE_HELP = (
    "Numéro de la révision publiée à partir de laquelle la fiche a été modifiée "
    "(concurrence optimiste) : 409 si une révision plus récente a été publiée entre-temps."
)

BASE = "https://w3id.org/iacoll/"
JSONLD_EXAMPLE: dict[str, Any] = {
    "@context": {
        "dct": "http://purl.org/dc/terms/",
        "dcat": "http://www.w3.org/ns/dcat#",
        "adms": "http://www.w3.org/ns/adms#",
        "schema": "https://schema.org/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "iacoll": f"{BASE}def#",
    },
    "@id": f"{BASE}id/cas-usage/amp-callbot-encombrants",
    "@type": ["iacoll:Fiche", "iacoll:CasUsageIA"],
    "iacoll:typeFiche": {"@id": f"{BASE}vocab/type-fiche/cas-usage"},
    "dct:title": {
        "@value": "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence",
        "@language": "fr",
    },
    "dct:publisher": {"@id": f"{BASE}id/organisation/metropole-aix-marseille-provence"},
    "adms:status": {"@id": f"{BASE}vocab/statut/deploiement"},
    "schema:startDate": {"@value": "2024-04", "@type": "xsd:gYearMonth"},
    "dcat:theme": {"@id": f"{BASE}vocab/theme/citoyennete-sante-solidarite"},
    "dct:description": {
        "@value": "La gestion des encombrants est un sujet de préoccupation important dans "
        "notre Métropole. Aussi, nous déployons un callbot expérimental, agent conversationnel "
        "automatisé, pour améliorer le traitement des appels liés à la levée des encombrants.",
        "@language": "fr",
    },
}

UPSTREAM_EXAMPLE: dict[str, str] = {
    "coll_nom": "Métropole Aix-Marseille-Provence",
    "coll_type": "Métropole",
    "nom_projet": "Callbot pour le ramassage des encombrants — Aix-Marseille-Provence",
    "projet_date": "04/2024",
    "projet_status": "En déploiement",
    "theme": "Citoyenneté, santé et solidarités",
    "usage_description": "La gestion des encombrants est un sujet de préoccupation important "
    "dans notre Métropole. Aussi, nous déployons un callbot expérimental, agent "
    "conversationnel automatisé, pour améliorer le traitement des appels liés à la levée des "
    "encombrants.",
}


def upstream_schema() -> dict[str, Any]:
    """JSON Schema of a record written with the upstream field names."""
    cell = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            f.key: {
                **cell,
                "title": f.label_fr,
                "description": f"{f.label_en}. "
                + ("Restreint (membres seulement). " if f.access == "restreint" else "Public. ")
                + ("Requis par le modèle amont." if f.required else "Facultatif."),
            }
            for f in FIELDS
        },
    }


RECORD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "La fiche, en JSON-LD (contexte incorporé, pas de contexte distant) ou "
        "en JSON avec les noms de champs du modèle amont (Bibliothèque d'IA territoriales). "
        "Taille maximale : `IACOLL_UPLOAD_MAX_MB`.",
        "content": {
            "application/ld+json": {
                "schema": {"type": "object"},
                "examples": {"cas-usage": {"summary": "Un cas d'usage", "value": JSONLD_EXAMPLE}},
            },
            "application/json": {
                "schema": upstream_schema(),
                "examples": {
                    "amont": {"summary": "Champs du modèle amont", "value": UPSTREAM_EXAMPLE}
                },
            },
        },
    }
}

"""Messages of the « Correspondances » pages (crosswalks of other registers' formats)."""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "crosswalks.title": _m("Correspondances", "Crosswalks"),
    "crosswalks.intro": _m(
        "Comment les champs et les valeurs des autres registres (registre néerlandais, ATRS "
        "britannique, norme Eurocities, AI Watch, Bibliothèque d'IA territoriales) "
        "correspondent à ceux d'iacoll. Ces tables versionnées sont celles que lisent "
        "l'import (« iacoll import ») et l'export (« iacoll export ») ; les valeurs sont aussi "
        "des concepts SKOS interrogeables en SPARQL (skos:exactMatch, skos:closeMatch).",
        "How the fields and values of other registers (Dutch register, UK ATRS, Eurocities "
        "standard, AI Watch, Bibliothèque d'IA territoriales) map onto iacoll's. These "
        "versioned tables are the ones the import (“iacoll import”) and the export (“iacoll "
        "export”) read; the values are also SKOS concepts you can query in SPARQL "
        "(skos:exactMatch, skos:closeMatch).",
    ),
    "crosswalks.home": _m(
        "les champs et valeurs des autres registres et leurs équivalents dans iacoll",
        "other registers' fields and values and their iacoll equivalents",
    ),
    "crosswalks.format": _m("Format", "Format"),
    "crosswalks.version": _m("Version", "Version"),
    "crosswalks.directions": _m("Sens", "Direction"),
    "crosswalks.import": _m("import", "import"),
    "crosswalks.export": _m("export", "export"),
    "crosswalks.counts": _m("Contenu", "Content"),
    "crosswalks.count": _m("{fields} champs, {values} valeurs", "{fields} fields, {values} values"),
    "crosswalks.specification": _m("Spécification du format", "Format specification"),
    "crosswalks.fields": _m("Champs", "Fields"),
    "crosswalks.values": _m("Valeurs", "Values"),
    "crosswalks.source_field": _m("Champ source", "Source field"),
    "crosswalks.source_value": _m("Valeur source", "Source value"),
    "crosswalks.target": _m("Propriété iacoll", "iacoll property"),
    "crosswalks.note": _m("Remarque", "Note"),
    "crosswalks.unmapped": _m("non repris", "not mapped"),
    "crosswalks.match": _m("Correspondance", "Match"),
    "crosswalks.exact": _m("exacte", "exact"),
    "crosswalks.close": _m("proche", "close"),
    "crosswalks.concept": _m("Concept iacoll", "iacoll concept"),
    "crosswalks.own": _m("Valeurs propres au registre", "The register's own values"),
    "crosswalks.own_intro": _m(
        "Valeurs sans équivalent dans iacoll, gardées telles quelles : la fiche renvoie au "
        "concept du registre, et l'export réécrit la valeur.",
        "Values with no iacoll equivalent, kept as they are: the record points at the "
        "register's concept, and the export writes the value back.",
    ),
    "crosswalks.also": _m("Autres graphies", "Other spellings"),
    "crosswalks.own_concept": _m("Concept du registre", "The register's concept"),
}

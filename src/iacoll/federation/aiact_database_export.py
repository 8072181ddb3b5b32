"""``iacoll export --to aiact-database``: drafts of the registration that a public deployer
makes in the EU database for each high-risk AI system (AI Act, Article 49(3), Annex VIII
Section C), with what is missing.

A system is drafted when the public store says it is high risk under Annex III
(``eu-aiact:RiskLevelHigh-A6-2`` and a ``HighRiskAISystem-AnnexIII-…`` clause other than point
2, which Article 49(3) leaves out) and a use case deploying it is published by a public
authority (ADMS publisher type, ``aiact/annexe-viii-c.toml``). Each point of Section C is
drafted from what the catalogue publishes or listed as missing with the reason: iacoll never
publishes a person's name (C.2), holds no EU database entry (C.3) and no assessment summaries
(C.4, C.5: only whether an impact assessment was carried out, ``iacoll:analyseImpactRealisee``).
JSON, UTF-8; French first, English alongside.
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from iacoll import sources
from iacoll.terms import select_rows

MEDIA_TYPE = "application/json"
SUFFIX = ".json"
FILE = sources.ROOT / "aiact" / "annexe-viii-c.toml"
ANNEX_III = "https://w3id.org/dpv/legal/eu/aiact#HighRiskAISystem-AnnexIII-"
CRITICAL = ANNEX_III + "2"

QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ai: <https://w3id.org/dpv/ai#>
PREFIX eu-aiact: <https://w3id.org/dpv/legal/eu/aiact#>
SELECT ?system ?case ?title ?publisher ?name ?kind ?clause ?assessed ?date
  ?assessedProperty ?qualificationProperty WHERE {
  ?system eu-aiact:hasRiskLevel eu-aiact:RiskLevelHigh-A6-2 ; skos:broader ?clause .
  ?case ai:hasAISystem ?system ; dct:title ?title ; dct:publisher ?publisher .
  ?publisher foaf:name ?name ; dct:type ?kind .
  OPTIONAL { ?case ?assessedProperty ?assessed }
  OPTIONAL { ?system ?qualificationProperty ?qualification . ?qualification dct:date ?date }
}
"""


def export(store: ox.Store, base: str) -> bytes:
    """The drafts, one per high-risk system of a public deployer (JSON)."""
    spec = tomllib.loads(FILE.read_text(encoding="utf-8"))
    public = {f"http://purl.org/adms/publishertype/{k}" for k in spec["meta"]["autorites"]}
    found: dict[str, dict[str, Any]] = defaultdict(lambda: {"clauses": set(), "dates": set()})
    _, rows = select_rows(
        store,
        QUERY,
        use_default_graph_as_union=True,
        substitutions={
            ox.Variable("assessedProperty"): ox.NamedNode(f"{base}def#analyseImpactRealisee"),
            ox.Variable("qualificationProperty"): ox.NamedNode(f"{base}def#qualificationRisque"),
        },
    )
    for row in rows:
        clause, kind = row["clause"].value, row["kind"].value
        if not clause.startswith(ANNEX_III) or clause == CRITICAL or kind not in public:
            continue
        entry = found[row["system"].value]
        entry.update(case=row["case"].value, title=row["title"].value)
        entry.update(publisher=row["publisher"].value, name=row["name"].value)
        entry["clauses"].add(clause)
        if row["assessed"] is not None:
            entry["assessed"] = row["assessed"].value == "true"
        if row["date"] is not None:
            entry["dates"].add(row["date"].value)
    drafts = [_draft(system, entry, spec) for system, entry in sorted(found.items())]
    document = {
        "norme": "Règlement (UE) 2024/1689, article 49(3) et annexe VIII, section C",
        "source": spec["meta"]["source"],
        "genere_le": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "avertissement": "Brouillon à compléter et à vérifier par le déployeur avant tout "
        "enregistrement ; ce n'est pas un conseil juridique.",
        "systemes": drafts,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _draft(system: str, entry: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    values = _values(entry)
    points = []
    for point in spec["point"]:
        value, missing = values[point["id"]]
        item: dict[str, Any] = {"point": point["id"], "fr": point["fr"], "en": point["en"]}
        if value:
            item["valeur"] = value
        if missing:
            item["manque"] = missing
        points.append(item)
    return {
        "systeme": system,
        "fiche": entry["case"],
        "titre": entry["title"],
        "clauses": sorted(entry["clauses"]),
        "qualifie_le": max(entry["dates"]) if entry["dates"] else None,
        "informations": points,
        "manquant": [p["point"] for p in points if "manque" in p],
    }


def _values(entry: dict[str, Any]) -> dict[str, tuple[str | None, str]]:
    """Each point's drafted value (or None) and what is missing (French, or "")."""
    assessed = entry.get("assessed")
    fria = (
        "la fiche déclare une analyse d'impact réalisée, mais son résumé n'est pas dans le "
        "catalogue : à rédiger"
        if assessed
        else "aucune analyse d'impact n'est déclarée (article 27) : à mener, puis à résumer"
    )
    return {
        "C.1": (
            f"{entry['name']} <{entry['publisher']}>",
            "adresse postale et coordonnées : non publiées dans le catalogue (le contact est "
            "réservé aux membres) : à compléter",
        ),
        "C.2": (None, "iacoll ne publie le nom d'aucune personne : à compléter par le déployeur"),
        "C.3": (
            None,
            "l'enregistrement du fournisseur n'est pas connu du catalogue : à demander "
            "au fournisseur",
        ),
        "C.4": (None, fria),
        "C.5": (
            None,
            "le résumé de l'analyse d'impact relative à la protection des données "
            "n'est pas dans le catalogue : à compléter le cas échéant",
        ),
    }

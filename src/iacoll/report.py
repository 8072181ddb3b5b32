"""Rendering a validation :class:`~iacoll.validation.Report` as text (fr/en) or JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from rdflib import URIRef

from iacoll.validation import Report, Result, short

__all__ = ["render_json", "render_text", "short"]

TEXTS = {
    "fr": {
        "header": "Validation ({profile}) : {files} fichier(s), {records} fiche(s)",
        "violation": "✗ violation",
        "warning": "! avertissement",
        "info": "i information",
        "value": "valeur",
        "focus": "nœud",
        "summary": "Résultat : {violations} violation(s), {warnings} avertissement(s) — {verdict}.",
        "conforms": "conforme",
        "fails": "non conforme",
        "nofile": "(fichier inconnu)",
    },
    "en": {
        "header": "Validation ({profile}): {files} file(s), {records} record(s)",
        "violation": "✗ violation",
        "warning": "! warning",
        "info": "i info",
        "value": "value",
        "focus": "node",
        "summary": "Result: {violations} violation(s), {warnings} warning(s) — {verdict}.",
        "conforms": "conforms",
        "fails": "does not conform",
        "nofile": "(unknown file)",
    },
}

_ORDER = {"violation": 0, "warning": 1, "info": 2}


def _grouped(report: Report) -> dict[tuple[str, str], list[Result]]:
    groups: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for result in sorted(report.results, key=lambda r: (_ORDER[r.severity], str(r.record))):
        groups[(_relative(result.file), str(result.record))].append(result)
    return dict(sorted(groups.items()))


def _relative(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_text(report: Report, lang: str = "fr") -> str:
    """Human report grouped by record, then field: message, offending value, what to do."""
    t = TEXTS[lang]
    profile = report.profile.label_fr if lang == "fr" else report.profile.label_en
    lines = [t["header"].format(profile=profile, files=len(report.files), records=report.records)]
    for (file, record), results in _grouped(report).items():
        lines.append("")
        lines.append(f"{file or t['nofile']}  <{record}>")
        for result in results:
            lines.extend(_result_lines(result, lang))
    verdict = t["conforms"] if report.conforms else t["fails"]
    lines.append("")
    lines.append(
        t["summary"].format(
            violations=report.count("violation"),
            warnings=report.count("warning"),
            verdict=verdict,
        )
    )
    return "\n".join(lines)


def _result_lines(result: Result, lang: str) -> list[str]:
    t = TEXTS[lang]
    name = result.field_name(lang)
    path = result.path_text or ""
    where = f"{name} ({path})" if name and path else name or path
    lines = [f"  {t[result.severity]} — {where}".rstrip(" —")]
    lines.append(f"      {result.message(lang)}")
    if result.value_text is not None:
        lines.append(f"      {t['value']} : {result.value_text}")
    if result.focus != result.record and isinstance(result.focus, URIRef):
        lines.append(f"      {t['focus']} : {short(result.focus)}")
    return lines


def render_json(report: Report, lang: str = "fr") -> str:
    """Machine report: the same content, grouped by record."""
    records: list[dict[str, Any]] = []
    for (file, record), results in _grouped(report).items():
        records.append(
            {"record": record, "file": file, "results": [_as_json(r, lang) for r in results]}
        )
    body = {
        "profile": report.profile.key,
        "conforms": report.conforms,
        "files": len(report.files),
        "records": report.records,
        "violations": report.count("violation"),
        "warnings": report.count("warning"),
        "results": records,
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def _as_json(result: Result, lang: str) -> dict[str, Any]:
    return {
        "severity": result.severity,
        "field": result.field_name(lang),
        "path": result.path_iris,
        "path_text": result.path_text,
        "focus": str(result.focus) if isinstance(result.focus, URIRef) else None,
        "value": str(result.value) if result.value is not None else None,
        "value_text": result.value_text,
        "message": result.message(lang),
        "messages": result.messages,
        "shape": str(result.shape) if isinstance(result.shape, URIRef) else None,
    }

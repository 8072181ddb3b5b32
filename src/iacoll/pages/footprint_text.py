"""An AI system's structured environmental footprint in words, for the members' section of a
record page: one line per measurement (« 15 kWh — Entraînement, valeur approchée »), then the
tools, the counts, the offsetting measures, the equivalent and the good practices applied."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iacoll.model.footprint import EMISSIONS, ENERGY
from iacoll.namespaces import IACOLL, QUDT
from iacoll.pages.stats import decimal_text

UNITS = {ENERGY: "kWh", EMISSIONS: "kg CO₂e"}
COUNTS = (("trainings", IACOLL.nombreEntrainements), ("models", IACOLL.nombreModeles))
WORDS = {
    "approx": {"fr": "valeur approchée", "en": "approximate value"},
    "tools": {"fr": "Outils de mesure", "en": "Measuring tools"},
    "trainings": {"fr": "entraînements", "en": "training runs"},
    "models": {"fr": "modèles", "en": "models"},
    "compensation": {"fr": "Compensation", "en": "Offsetting"},
    "equivalence": {"fr": "Équivalence", "en": "Equivalent"},
    "practices": {"fr": "Bonnes pratiques d'IA frugale", "en": "Frugal-AI good practices"},
}


def footprint_lines(
    graph: Graph, system: Node, label: Callable[[Node], str], lang: str
) -> list[str]:
    """The footprint of ``system`` in ``graph`` as lines of text (empty when it has none)."""
    word = {key: texts.get(lang, texts["fr"]) for key, texts in WORDS.items()}
    colon = "\u00a0: " if lang == "fr" else ": "
    lines: list[str] = []
    for footprint in graph.objects(system, IACOLL.empreinteEnvironnementale):
        lines += sorted(_measure(graph, m, label, word, lang) for m in
                        graph.objects(footprint, IACOLL.mesureEmpreinte))  # fmt: skip
        tools = sorted(label(t) for t in graph.objects(footprint, IACOLL.outilMesure))
        if tools:
            lines.append(word["tools"] + colon + ", ".join(tools))
        counts = [
            f"{value} {word[key]}"
            for key, prop in COUNTS
            for value in graph.objects(footprint, prop)
        ]
        if counts:
            lines.append(", ".join(counts))
        for key, prop in (
            ("compensation", IACOLL.mesuresCompensation),
            ("equivalence", IACOLL.equivalenceRemarquable),
        ):
            lines += [word[key] + colon + str(text) for text in graph.objects(footprint, prop)]
    practices = sorted(label(p) for p in graph.objects(system, IACOLL.bonnePratiqueFrugalite))
    if practices:
        lines.append(word["practices"] + colon + " ; ".join(practices))
    return lines


def _measure(
    graph: Graph, measure: Node, label: Callable[[Node], str], word: dict[str, str], lang: str
) -> str:
    value = graph.value(measure, QUDT.value)
    unit = graph.value(measure, QUDT.hasUnit)
    amount = decimal_text(Decimal(str(value)), lang) if isinstance(value, Literal) else "?"
    text = f"{amount} {UNITS.get(unit, str(unit)) if isinstance(unit, URIRef) else ''}".strip()
    details = [label(s) for s in graph.objects(measure, IACOLL.perimetreMesure)]
    if graph.value(measure, IACOLL.valeurApprochee) == Literal(True):
        details.append(word["approx"])
    return f"{text} — {', '.join(details)}" if details else text

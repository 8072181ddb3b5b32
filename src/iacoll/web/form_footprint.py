"""The contribution form's « Empreinte environnementale » block (not an upstream field).

Mapping as data: :data:`FOOTPRINT_FIELDS` gives each input of the block (an energy and an
emissions value with their scope, the measuring tools, the number of training runs and models,
offsetting measures, the AFNOR frugal-AI practices, the choice to publish) as a
:class:`~iacoll.model.fields.Field` the field macro of the form shows like the others, all
restricted. :func:`read` keeps what was typed; :func:`input_problems` refuses a number that is
not one (a decimal comma is accepted: « 2,5 ») or is negative, and a choice outside its
vocabulary; :func:`apply` writes the block into the record's restricted part, replacing its
previous footprint (the write path then validates it with the shapes); :func:`values_of` reads
it back for an edit. The form holds one measurement per unit and one scope for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node
from starlette.datastructures import FormData

from iacoll.model.fields import Field
from iacoll.model.footprint import (
    EMISSIONS,
    ENERGY,
    FLAG,
    QUANTITY_KINDS,
    footprint_triples,
)
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.model.vocabularies import DEFAULT_FOLDER, load_vocabularies
from iacoll.namespaces import AI, IACOLL, QUDT, SKOS
from iacoll.publishing.diff import FieldChange
from iacoll.web.form_fields import (
    CHECKBOXES,
    SELECT,
    TEXTAREA,
    FormField,
    FormGroup,
    Option,
    Widget,
    file_order,
    scheme_options,
)
from iacoll.web.form_input import choice_problem, clean, text_problem

GROUP = "empreinte"
NUMBER = Widget("text", inputmode="decimal")
COUNT = Widget("text", inputmode="numeric")
YES = "true"


def _field(key: str, fr: str, en: str, scheme: str | None = None) -> Field:
    return Field(key, fr, en, False, "restreint", "systeme", (), scheme=scheme)


# Columns: the Field (key, labels, scheme), its widget, and for a yes/no box its one option.
# fmt: off
FOOTPRINT_FIELDS: tuple[tuple[Field, Widget, Option | None], ...] = (
    (_field("empreinte_energie", "Énergie consommée (kWh)", "Energy used (kWh)"), NUMBER, None),
    (_field("empreinte_emissions", "Émissions (kg CO₂e)", "Emissions (kg CO₂e)"), NUMBER, None),
    (_field("empreinte_perimetre", "Périmètre des mesures", "Scope of the measurements",
            "perimetre-empreinte"), SELECT, None),
    (_field("empreinte_approchee", "Valeurs approchées", "Approximate values"), CHECKBOXES,
     Option(YES, "Les valeurs sont des ordres de grandeur (« ~ »)",
            "The values are orders of magnitude (\u201c~\u201d)")),
    (_field("empreinte_outils", "Outils de mesure", "Measuring tools", "outil-mesure-empreinte"),
     CHECKBOXES, None),
    (_field("empreinte_entrainements", "Nombre d'entraînements", "Number of training runs"),
     COUNT, None),
    (_field("empreinte_modeles", "Nombre de modèles entraînés", "Number of models trained"),
     COUNT, None),
    (_field("empreinte_compensation", "Mesures de compensation", "Offsetting measures"),
     TEXTAREA, None),
    (_field("empreinte_equivalence", "Équivalence parlante", "Telling equivalent"), TEXTAREA, None),
    (_field("empreinte_pratiques", "Bonnes pratiques d'IA frugale appliquées (AFNOR SPEC)",
            "Frugal-AI good practices applied (AFNOR SPEC)", "bonne-pratique-frugalite"),
     CHECKBOXES, None),
    (_field("empreinte_publique", "Publication de l'empreinte", "Footprint publication"),
     CHECKBOXES,
     Option(YES, "Publier l'empreinte et les bonnes pratiques (sinon réservées aux membres)",
            "Publish the footprint and good practices (otherwise for members only)")),
)
# fmt: on
KEYS = tuple(spec.key for spec, _, _ in FOOTPRINT_FIELDS)
UNITS = {"empreinte_energie": ENERGY, "empreinte_emissions": EMISSIONS}
COUNTS = {
    "empreinte_entrainements": IACOLL.nombreEntrainements,
    "empreinte_modeles": IACOLL.nombreModeles,
}
# The fields that state the measurements: the editors' notes on them hold while these do.
MEASURES = (
    "empreinte_energie",
    "empreinte_emissions",
    "empreinte_perimetre",
    "empreinte_approchee",
)
FOOTPRINT = IACOLL.empreinteEnvironnementale
TEXTS = {
    "empreinte_compensation": IACOLL.mesuresCompensation,
    "empreinte_equivalence": IACOLL.equivalenceRemarquable,
}


@cache
def options(folder: str = str(DEFAULT_FOLDER)) -> dict[str, list[Option]]:
    """Field key → its choices: the concepts of its vocabulary, or its one yes option."""
    graph = load_vocabularies(Path(folder))
    orders = {path.stem: file_order(path) for path in Path(folder).glob("*.ttl")}
    found: dict[str, list[Option]] = {}
    for spec, _, yes in FOOTPRINT_FIELDS:
        if spec.scheme:
            found[spec.key] = scheme_options(graph, spec.scheme, orders)
        elif yes is not None:
            found[spec.key] = [yes]
    return found


def group(values: Mapping[str, list[str]], problems: list[Problem]) -> FormGroup:
    """The block as the form shows it, ``values`` filled in, each problem on its field."""
    choices = options()
    fields = [
        FormField(
            spec,
            widget,
            list(choices.get(spec.key, [])),
            list(values.get(spec.key, [])),
            [p for p in problems if p.field == spec.key],
        )
        for spec, widget, _ in FOOTPRINT_FIELDS
    ]
    return FormGroup(GROUP, fields)


def read(form: FormData) -> dict[str, list[str]]:
    """Field key → the values submitted for it (empty values dropped)."""
    return {key: [v for v in (clean(str(raw)) for raw in form.getlist(key)) if v] for key in KEYS}


def number(text: str) -> Decimal | None:
    """``2,5``, ``2.5``, ``1 234,5`` → the decimal; None when it is not a number."""
    compact = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def input_problems(values: Mapping[str, list[str]]) -> list[Problem]:
    """What the block may not hold: one problem per field at most."""
    problems = []
    choices = options()
    for key in KEYS:
        for value in values.get(key, []):
            problem = _problem(key, value, choices.get(key))
            if problem is not None:
                problems.append(problem)
                break
    return problems


def _problem(key: str, value: str, choices: list[Option] | None) -> Problem | None:
    if choices is not None:
        return choice_problem(key, value, choices)
    if key in UNITS:
        found = number(value)
        if found is None or found < 0:
            return Problem(
                "Donnez un nombre positif ou nul, avec une virgule ou un point pour les décimales "
                "(par exemple 2,5).",
                "Give a number of zero or more, with a comma or a point for decimals "
                "(for example 2.5).",
                field=key,
                value=value,
            )
    elif key in COUNTS and not value.isdigit():
        return Problem(
            "Donnez un nombre entier positif ou nul (par exemple 55).",
            "Give a whole number of zero or more (for example 55).",
            field=key,
            value=value,
        )
    return text_problem(key, value)


def system_of(record: Record) -> URIRef | None:
    """The record's AI system (the footprint's subject), if it has one."""
    for part in (record.public, record.restricted):
        found = part.value(record.iri, AI.hasAISystem)
        if isinstance(found, URIRef):
            return found
    return None


def apply(record: Record, values: Mapping[str, list[str]]) -> Record:
    """``record`` with its footprint replaced by the block's (removed when the block is empty);
    unchanged when the block says what the record already says. The footprint's editorial notes
    (``skos:editorialNote``: how the editors read the source's values) are kept while the
    measurements stay as they are, and left with the old revision once they are restated."""
    stored = values_of(record)
    if _same(stored, values):
        return record
    notes = _notes(record) if _same(stored, values, MEASURES) else []
    restricted = record.restricted - footprint_triples(record.restricted)
    restricted.remove((record.iri, FLAG, None))
    system = system_of(record)
    if system is not None and any(values.get(key) for key in KEYS if key != "empreinte_publique"):
        footprint = _write(restricted, system, values)
        if footprint is not None:
            for note in notes:
                restricted.add((footprint, SKOS.editorialNote, note))
        if values.get("empreinte_publique"):
            restricted.add((record.iri, FLAG, Literal(True)))
    return Record(record.iri, record.public, restricted)


def _same(
    stored: Mapping[str, list[str]], typed: Mapping[str, list[str]], keys: tuple[str, ...] = KEYS
) -> bool:
    def key(values: list[str], field: str) -> list[str]:
        numbers = [(v, number(v) if field in UNITS else None) for v in values]
        return sorted(v if n is None else str(n.normalize()) for v, n in numbers)

    return all(key(stored.get(k, []), k) == key(typed.get(k, []), k) for k in keys)


def _notes(record: Record) -> list[Literal]:
    """The editorial notes on the record's footprint."""
    system = system_of(record)
    footprint = None if system is None else record.restricted.value(system, FOOTPRINT)
    if footprint is None:
        return []
    found = record.restricted.objects(footprint, SKOS.editorialNote)
    return sorted((n for n in found if isinstance(n, Literal)), key=str)


def _write(graph: Graph, system: URIRef, values: Mapping[str, list[str]]) -> BNode | None:
    first = {key: next(iter(values.get(key, [])), "") for key in KEYS}
    for slug in values.get("empreinte_pratiques", []):
        graph.add((system, IACOLL.bonnePratiqueFrugalite, URIRef(slug)))
    measured = [key for key in UNITS if first[key]]
    others = ("empreinte_outils", *TEXTS, *COUNTS)
    if not measured and not any(values.get(key) for key in others):
        return None
    footprint = BNode()
    graph.add((system, IACOLL.empreinteEnvironnementale, footprint))
    graph.add((footprint, RDF.type, IACOLL.EmpreinteEnvironnementale))
    for key in measured:
        _measure(graph, footprint, UNITS[key], number(first[key]), first, values)
    for tool in values.get("empreinte_outils", []):
        graph.add((footprint, IACOLL.outilMesure, URIRef(tool)))
    for key, prop in COUNTS.items():
        if first[key]:
            graph.add((footprint, prop, Literal(int(first[key]), datatype=XSD.nonNegativeInteger)))
    for key, prop in TEXTS.items():
        if first[key]:
            graph.add((footprint, prop, Literal(first[key], lang="fr")))
    return footprint


def _measure(
    graph: Graph,
    footprint: BNode,
    unit: URIRef,
    value: Decimal | None,
    first: Mapping[str, str],
    values: Mapping[str, list[str]],
) -> None:
    node = BNode()
    graph.add((footprint, IACOLL.mesureEmpreinte, node))
    graph.add((node, RDF.type, IACOLL.MesureEmpreinte))
    graph.add((node, RDF.type, QUDT.Quantity))
    graph.add((node, QUDT.value, Literal(str(value), datatype=XSD.decimal)))
    graph.add((node, QUDT.hasUnit, unit))
    graph.add((node, QUDT.hasQuantityKind, QUANTITY_KINDS[unit]))
    if first["empreinte_perimetre"]:
        graph.add((node, IACOLL.perimetreMesure, URIRef(first["empreinte_perimetre"])))
    if values.get("empreinte_approchee"):
        graph.add((node, IACOLL.valeurApprochee, Literal(True)))


def values_of(record: Record) -> dict[str, list[str]]:
    """The block's values read from ``record`` (its first measurement of each unit)."""
    graph, system = record.restricted, system_of(record)
    found: dict[str, list[str]] = {key: [] for key in KEYS}
    if system is None:
        return found
    found["empreinte_pratiques"] = sorted(
        str(o) for o in graph.objects(system, IACOLL.bonnePratiqueFrugalite)
    )
    if (record.iri, FLAG, Literal(True)) in graph:
        found["empreinte_publique"] = [YES]
    footprint = graph.value(system, IACOLL.empreinteEnvironnementale)
    if footprint is None:
        return found
    found["empreinte_outils"] = sorted(str(o) for o in graph.objects(footprint, IACOLL.outilMesure))
    for key, prop in COUNTS.items():
        found[key] = [str(o) for o in graph.objects(footprint, prop)][:1]
    for key, prop in TEXTS.items():
        found[key] = [str(o) for o in graph.objects(footprint, prop)][:1]
    units = {str(unit): key for key, unit in UNITS.items()}
    for measure in graph.objects(footprint, IACOLL.mesureEmpreinte):
        unit_key = units.get(str(graph.value(measure, QUDT.hasUnit)))
        value = graph.value(measure, QUDT.value)
        if unit_key is None or value is None or found[unit_key]:
            continue
        found[unit_key] = [str(value).replace(".", ",")]
        scope = graph.value(measure, IACOLL.perimetreMesure)
        if scope is not None and not found["empreinte_perimetre"]:
            found["empreinte_perimetre"] = [str(scope)]
        if graph.value(measure, IACOLL.valeurApprochee) == Literal(True):
            found["empreinte_approchee"] = [YES]
    return found


def changes(published: Record | None, submitted: Record) -> tuple[FieldChange, ...]:
    """The footprint's fields that ``submitted`` changes, as the moderators read them (the
    values the block shows, before and after)."""
    before = values_of(published) if published is not None else {key: [] for key in KEYS}
    after = values_of(submitted)
    return tuple(
        FieldChange(spec, _nodes(before[spec.key]), _nodes(after[spec.key]))
        for spec, _, _ in FOOTPRINT_FIELDS
        if not _same(before, after, (spec.key,))
    )


def _nodes(values: list[str]) -> tuple[Node, ...]:
    """The block's values as the page labels them: concepts as IRIs, « yes » as true."""
    return tuple(
        Literal(True) if v == YES else URIRef(v) if v.startswith("http") else Literal(v)
        for v in values
    )

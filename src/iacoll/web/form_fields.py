"""The contribution form's fields: which widget shows each upstream field, in which group.

Mapping as data: :data:`WIDGETS` gives, for each of the 39 keys of
:data:`iacoll.model.fields.FIELDS`, the widget that edits it and :data:`GROUPS` the four blocks
of the upstream form (organisation, projet, algorithme, gouvernance de l'IA). Vocabulary
pickers list the concepts of ``ontology/vocabularies/{scheme}.ttl`` with their French (or
English) ``skos:prefLabel``, in the order of the file, narrower concepts after their broader one.
Option values are concept IRIs; free-text values are kept as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from rdflib import Graph, URIRef

from iacoll.model.fields import FIELDS, Field, by_key
from iacoll.model.problems import Problem
from iacoll.model.vocabularies import DEFAULT_FOLDER, load_vocabularies, scheme_key
from iacoll.namespaces import SKOS

Kind = Literal["text", "textarea", "lines", "select", "checkboxes", "email", "url", "date"]


@dataclass(frozen=True, slots=True)
class Widget:
    """How the form edits one field: the kind of input, and a hint for text typed by hand."""

    kind: Kind
    inputmode: str | None = None  # the virtual keyboard to offer (numeric, decimal)
    autocomplete: str | None = None

    @property
    def multiple(self) -> bool:
        """Whether the field takes several values (checkboxes, one line each)."""
        return self.kind in ("checkboxes", "lines")


TEXT = Widget("text")
TEXTAREA = Widget("textarea")
SELECT = Widget("select")
CHECKBOXES = Widget("checkboxes")
URL = Widget("url", autocomplete="url")
DATE = Widget("date")

# fmt: off
WIDGETS: dict[str, Widget] = {
    "coll_nom": Widget("text", autocomplete="organization"),
    "coll_siret": Widget("text", inputmode="numeric", autocomplete="off"),
    "latitude": Widget("text", inputmode="decimal"),
    "longitude": Widget("text", inputmode="decimal"),
    "coll_type": SELECT,
    "image_url": URL,
    "nom_projet": TEXT,
    "projet_date": Widget("text", inputmode="numeric"),
    "projet_status": SELECT,
    "status_abandon": TEXTAREA,
    "partenaires": Widget("lines"),
    "projet_contact": Widget("email", autocomplete="email"),
    "financement": CHECKBOXES,
    "budget": SELECT,
    "usage_description": TEXTAREA,
    "mise_en_oeuvre": CHECKBOXES,
    "theme": SELECT,
    "sous_theme": CHECKBOXES,
    "audience_service": CHECKBOXES,
    "url_infos": Widget("lines", inputmode="url"),
    "url_ressources": Widget("lines", inputmode="url"),
    "date": DATE,
    "herbergement": CHECKBOXES,
    "nom_algorithme": TEXT,
    "algorithme_description": TEXTAREA,
    "algorithme_operations": TEXTAREA,
    "type_algorithme": CHECKBOXES,
    "impact_environnement": TEXTAREA,
    "donnees_source": CHECKBOXES,
    "donnees_acces": CHECKBOXES,
    "impact_algorithme": SELECT,
    "risque_categorie": SELECT,
    "erreur": SELECT,
    "explicabilite": SELECT,
    "risque": TEXTAREA,
    "proportionalite": TEXTAREA,
    "decision": TEXTAREA,
    "reversibilite": TEXTAREA,
    "objection": TEXTAREA,
}

# The blocks of the upstream form, in its order (message key of the legend, field keys).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("organisation", ("coll_nom", "coll_siret", "coll_type", "latitude", "longitude",
                      "image_url")),
    ("projet", ("nom_projet", "usage_description", "projet_status", "status_abandon",
                "projet_date", "theme", "sous_theme", "audience_service", "partenaires",
                "projet_contact", "financement", "budget", "mise_en_oeuvre", "url_infos",
                "url_ressources", "date")),
    ("algorithme", ("nom_algorithme", "algorithme_description", "algorithme_operations",
                    "type_algorithme", "donnees_source", "donnees_acces", "herbergement",
                    "impact_environnement")),
    ("gouvernance", ("impact_algorithme", "risque_categorie", "erreur", "explicabilite",
                     "risque", "proportionalite", "decision", "reversibilite", "objection")),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class Option:
    """One value of a vocabulary picker: the concept IRI, its labels, its depth or group."""

    value: str
    label_fr: str
    label_en: str
    depth: int = 0  # 1 for a narrower concept of the same scheme
    group_fr: str = ""  # the broader concept in another scheme (a sub-theme's theme)
    group_en: str = ""

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_fr

    def group(self, lang: str) -> str:
        return self.group_en if lang == "en" and self.group_en else self.group_fr


def file_order(path: Path) -> dict[str, int]:
    """Local name of each concept → its position in the file (``prefix:x a skos:Concept``)."""
    found = re.findall(r"(?m)^[\w-]*:([\w-]+)\s+a\s+skos:Concept\b", path.read_text("utf-8"))
    return {name: index for index, name in enumerate(found)}


def _pref_label(graph: Graph, concept: URIRef, lang: str) -> str:
    labels = {getattr(o, "language", None): str(o) for o in graph.objects(concept, SKOS.prefLabel)}
    return labels.get(lang) or labels.get("fr") or str(concept).rsplit("/", 1)[-1]


def _local(concept: object) -> str:
    return str(concept).rsplit("/", 1)[-1]


def scheme_options(
    graph: Graph, scheme: str, orders: Mapping[str, Mapping[str, int]]
) -> list[Option]:
    """The concepts of ``scheme`` as options, in file order, each narrower one after its broader;
    grouped by their broader concept of another scheme (a sub-theme's theme), in its file order."""
    concepts = {
        c
        for c, s in graph.subject_objects(SKOS.inScheme)
        if isinstance(c, URIRef) and isinstance(s, URIRef) and scheme_key(s) == scheme
    }

    def position(concept: URIRef) -> int:
        order = orders.get(scheme_key(URIRef(str(concept).rsplit("/", 1)[0])), {})
        return order.get(_local(concept), len(order))

    def sort_key(concept: URIRef) -> tuple[int, int, int, str]:
        broader = [b for b in graph.objects(concept, SKOS.broader) if isinstance(b, URIRef)]
        outside = next((position(b) for b in broader if b not in concepts), -1)
        top = next((b for b in broader if b in concepts), concept)
        return (outside, position(top), position(concept), str(concept))

    def option(concept: URIRef) -> Option:
        broader = [b for b in graph.objects(concept, SKOS.broader) if isinstance(b, URIRef)]
        outside = next((b for b in broader if b not in concepts), None)
        return Option(
            str(concept),
            _pref_label(graph, concept, "fr"),
            _pref_label(graph, concept, "en"),
            depth=1 if any(b in concepts for b in broader) else 0,
            group_fr=_pref_label(graph, outside, "fr") if outside is not None else "",
            group_en=_pref_label(graph, outside, "en") if outside is not None else "",
        )

    return [option(c) for c in sorted(concepts, key=sort_key)]


@cache
def vocabulary_options(folder: Path = DEFAULT_FOLDER) -> dict[str, list[Option]]:
    """Scheme short name → its options, for every scheme a field uses (read once)."""
    graph = load_vocabularies(folder)
    orders = {path.stem: file_order(path) for path in folder.glob("*.ttl")}
    schemes = sorted({f.scheme for f in FIELDS if f.scheme})
    return {scheme: scheme_options(graph, scheme, orders) for scheme in schemes}


@dataclass
class FormField:
    """One field as the template shows it: what it is, its widget, choices, values, problems."""

    spec: Field
    widget: Widget
    options: list[Option]
    values: list[str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def id(self) -> str:
        """The ``id`` of the input (the first checkbox for a picker), target of summary links."""
        return f"champ-{self.key}"

    @property
    def restricted(self) -> bool:
        return self.spec.access == "restreint"

    @property
    def value(self) -> str:
        """The single value of a one-value field (lines joined for a multi-line one)."""
        return (
            "\n".join(self.values) if self.widget.kind == "lines" else next(iter(self.values), "")
        )

    @property
    def unknown_values(self) -> list[str]:
        """Values of a picker that are none of its choices (shown, so that nothing is lost)."""
        if not self.options:
            return []
        known = {o.value for o in self.options}
        return [v for v in self.values if v not in known]

    def label(self, lang: str) -> str:
        return self.spec.label_en if lang == "en" else self.spec.label_fr

    def option_groups(self, lang: str) -> list[tuple[str, list[Option]]]:
        """Options grouped by their broader concept of another scheme (one nameless group else)."""
        groups: dict[str, list[Option]] = {}
        for option in self.options:
            groups.setdefault(option.group(lang), []).append(option)
        return list(groups.items())


@dataclass
class FormGroup:
    """One block of the form (a ``fieldset``)."""

    key: str
    fields: list[FormField]


def form_groups(
    values: Mapping[str, list[str]],
    problems: list[Problem],
    options: Mapping[str, list[Option]] | None = None,
) -> list[FormGroup]:
    """The four blocks of the form with ``values`` filled in and each problem on its field."""
    options = vocabulary_options() if options is None else options
    groups = []
    for key, keys in GROUPS:
        fields = []
        for name in keys:
            spec = by_key(name)
            fields.append(
                FormField(
                    spec,
                    WIDGETS[name],
                    list(options.get(spec.scheme, [])) if spec.scheme else [],
                    list(values.get(name, [])),
                    [p for p in problems if p.field == name],
                )
            )
        groups.append(FormGroup(key, fields))
    return groups

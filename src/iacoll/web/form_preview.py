"""The preview of the contribution form: the public page it will make, without restricted fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from iacoll.pages.dates import human_date
from iacoll.web.form_fields import FormField, FormGroup

# Shown in the heading of the preview rather than in its field lists.
HEADING_FIELDS = ("nom_projet", "coll_nom", "usage_description")


@dataclass
class PreviewGroup:
    """One block of the preview: (label, values as shown) for each public field with a value."""

    key: str
    rows: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class Preview:
    """Title, carrier, description and the other public fields of the record being written."""

    title: str
    publisher: str
    description: list[str]
    groups: list[PreviewGroup]


def shown(form_field: FormField, lang: str) -> list[str]:
    """The values of a field as the page shows them: a concept by its label, a date in full."""
    labels = {o.value: o.label(lang) for o in form_field.options}
    if form_field.widget.kind == "date":
        return [human_date(v, lang) or v for v in form_field.values]
    return [labels.get(v, v) for v in form_field.values]


def preview(groups: list[FormGroup], lang: str) -> Preview:
    """The public page of the record as it stands in the form (never a restricted field)."""
    public = {f.key: f for g in groups for f in g.fields if not f.restricted}

    def first(key: str) -> str:
        return next(iter(shown(public[key], lang)), "") if key in public else ""

    blocks = []
    for group in groups:
        rows = [
            (f.label(lang), shown(f, lang))
            for f in group.fields
            if f.key in public and f.key not in HEADING_FIELDS and f.values
        ]
        if rows:
            blocks.append(PreviewGroup(group.key, rows))
    description = shown(public["usage_description"], lang) if "usage_description" in public else []
    return Preview(first("nom_projet"), first("coll_nom"), description, blocks)

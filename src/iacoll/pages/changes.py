"""What changed between two versions of a record, as pages show it: each changed field with its
label and its values before and after, labelled in the reader's language (the moderators' review
and the public history share it; the differences themselves are :mod:`iacoll.publishing.diff`)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages.site import Site
from iacoll.publishing import diff as diffs


@dataclass(frozen=True)
class Row:
    """One changed field as the page shows it: label, access, values before and after."""

    label: str
    restricted: bool
    before: list[str]
    after: list[str]


def text_of(site: Site, value: Node, lang: str) -> str:
    """A value as the page shows it: a concept, record or property by its label, another
    address as written (``mailto:`` dropped), a literal as written."""
    if isinstance(value, URIRef):
        iri = str(value)
        if iri.startswith(DEFAULT_BASE):
            return site.label(URIRef(site.base + iri.removeprefix(DEFAULT_BASE)), lang)
        label, found = site.stated_label(value, lang)
        return label if found is not None else iri.removeprefix("mailto:")
    if isinstance(value, Literal):
        return str(value)
    return "…"


def rows(site: Site, changes: diffs.Diff, lang: str) -> list[Row]:
    """The changed fields, labelled in ``lang``."""
    return [
        Row(
            change.field.label_en if lang == "en" else change.field.label_fr,
            change.restricted,
            [text_of(site, v, lang) for v in change.before],
            [text_of(site, v, lang) for v in change.after],
        )
        for change in changes.fields
    ]

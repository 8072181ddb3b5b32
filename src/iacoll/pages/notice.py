"""The transparency notice of an AI use case (« notice d'information sur le traitement
algorithmique ») and how complete it is.

What French law asks a public body to tell a person about an algorithmic processing behind an
individual decision (CRPA art. L311-3-1): the purpose, the right to obtain the rules and how to
exercise it (art. R311-3-1-1), then the four items of art. R311-3-1-2 — degree and mode of
contribution to the decision, data and their sources, parameters and their weighting,
operations. The notice adds human intervention and whom to ask.

Mapping as data: :data:`NOTICE_ITEMS` gives, for each item of the notice, the upstream fields
(:data:`iacoll.model.fields.FIELDS`) that fill it. An item is complete when every one of its
fields has a value in the record's published revision (public or restricted part); a field
with none is printed « non renseigné » and listed in the checklist of what the collectivité
still has to provide. Restricted values are kept only in a member's notice: the public one
says that the value is communicated on request, never what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iacoll.aiact import load
from iacoll.aiact.overview import level_of
from iacoll.model.fields import by_key
from iacoll.model.record import Record
from iacoll.namespaces import AI, DCT, DEFAULT_BASE, EU_AIACT, IACOLL
from iacoll.pages.dates import human_date
from iacoll.pages.resource_terms import DATES, readable_address
from iacoll.pages.site import Site
from iacoll.publishing.diff import field_values


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """One item of the notice: its key (its heading is the message ``notice.item.{key}``)
    and the upstream fields that fill it."""

    key: str
    fields: tuple[str, ...]
    legal: bool = False  # one of the four items of art. R311-3-1-2


# The notice's items, in its order: item → upstream field keys.
NOTICE_ITEMS: tuple[NoticeItem, ...] = (
    NoticeItem("finalite", ("usage_description",)),  # R311-3-1-1: the purpose
    NoticeItem("contribution", ("impact_algorithme", "decision"), legal=True),  # 1°
    NoticeItem("donnees", ("donnees_source", "donnees_acces"), legal=True),  # 2°
    NoticeItem("parametres", ("type_algorithme", "algorithme_description"), legal=True),  # 3°
    NoticeItem("operations", ("algorithme_operations",), legal=True),  # 4°
    NoticeItem("intervention", ("objection", "reversibilite")),  # human intervention, appeal
    NoticeItem("contact", ("projet_contact",)),  # whom to ask (R311-3-1-1)
)
# The level of the upstream « impact_algorithme » field meaning decisions made with no human
# validation: only then is GDPR art. 22 stated as applicable.
AUTOMATED = DEFAULT_BASE + "vocab/niveau-impact/1"


@dataclass(frozen=True, slots=True)
class FieldEntry:
    """One field of an item: its label, whether it is filled, its values as shown (empty when
    missing, or when restricted and the reader is not a member)."""

    key: str
    label: str
    restricted: bool
    filled: bool
    values: tuple[str, ...]

    @property
    def hidden(self) -> bool:
        """Filled, but not shown to this reader (restricted, public notice)."""
        return self.filled and not self.values


@dataclass(frozen=True, slots=True)
class ItemEntry:
    """One item of the notice as filled from a record."""

    key: str
    legal: bool
    fields: tuple[FieldEntry, ...]

    @property
    def complete(self) -> bool:
        return all(f.filled for f in self.fields)


@dataclass(frozen=True, slots=True)
class Missing:
    """A line of the checklist: the item, the field to fill (key and label)."""

    item: str
    key: str
    label: str


@dataclass(frozen=True)
class AIActStatus:
    """The AI Act qualification of the use case's system, as the notice states it."""

    level: str | None  # the level's label; None: not qualified
    date: str | None  # the latest qualification's date, in words


@dataclass(frozen=True)
class Notice:
    """The notice of one use case."""

    record_iri: str  # under the default base, as the log names it
    title: str
    organisation: str | None  # the publisher's name
    organisation_iri: str | None  # under the site's base
    publisher: str | None  # the organisation's IRI as the log names it (default base)
    updated: str | None  # the date the information was updated, in words
    items: tuple[ItemEntry, ...]
    automated: bool  # decisions made with no human validation (impact level 1)
    member: bool  # restricted values included
    aiact: AIActStatus | None = None  # the AI system's qualification (None: no system)

    @property
    def filled(self) -> int:
        """How many items are complete."""
        return sum(item.complete for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def checklist(self) -> list[Missing]:
        """Every field still to fill, in the notice's order."""
        return [
            Missing(item.key, f.key, f.label)
            for item in self.items
            for f in item.fields
            if not f.filled
        ]


def completeness(record: Record) -> tuple[int, int]:
    """``(complete items, items)`` of the record's notice (no store needed)."""
    union = record.public + record.restricted
    done = sum(
        all(field_values(union, record.iri, by_key(k))[0] for k in item.fields)
        for item in NOTICE_ITEMS
    )
    return done, len(NOTICE_ITEMS)


def build(site: Site, record: Record, lang: str, member: bool) -> Notice:
    """The notice of ``record`` (its published revision) in ``lang``; restricted values only
    when ``member``."""
    union = record.public + record.restricted
    items = tuple(
        ItemEntry(
            item.key,
            item.legal,
            tuple(_entry(site, union, record, key, lang, member) for key in item.fields),
        )
        for item in NOTICE_ITEMS
    )
    impact = field_values(union, record.iri, by_key("impact_algorithme"))[0]
    publisher = record.public.value(record.iri, DCT.publisher)
    organisation = _rebased(site, publisher) if isinstance(publisher, URIRef) else None
    title = record.public.value(record.iri, DCT.title)
    modified = record.public.value(record.iri, DCT.modified)
    return Notice(
        str(record.iri),
        str(title) if title is not None else record.slug,
        None if organisation is None else site.label(organisation, lang),
        None if organisation is None else str(organisation),
        None if publisher is None else str(publisher),
        None if modified is None else text(site, modified, lang),
        items,
        any(str(v) == AUTOMATED for v in impact),
        member,
        aiact_status(record, lang),
    )


def aiact_status(record: Record, lang: str) -> AIActStatus | None:
    """The qualification of the system the use case deploys, None when it names none."""
    system = record.public.value(record.iri, AI.hasAISystem)
    if not isinstance(system, URIRef):
        return None
    level = level_of(load(), _iri(record.public.value(system, EU_AIACT.hasRiskLevel)))
    dates = [
        str(d)
        for q in record.public.objects(system, IACOLL.qualificationRisque)
        for d in record.public.objects(q, DCT.date)
    ]
    when = human_date(max(dates), lang) if dates else None
    return AIActStatus(None if level is None else level.label(lang), when)


def _iri(node: Node | None) -> URIRef | None:
    return node if isinstance(node, URIRef) else None


def _entry(
    site: Site, union: Graph, record: Record, key: str, lang: str, member: bool
) -> FieldEntry:
    field = by_key(key)
    found = field_values(union, record.iri, field)[0]
    restricted = field.access == "restreint"
    shown = () if restricted and not member else tuple(text(site, v, lang) for v in found)
    label = field.label_en if lang == "en" else field.label_fr
    return FieldEntry(key, label, restricted, bool(found), shown)


def text(site: Site, value: Node, lang: str) -> str:
    """A value as the notice prints it: a concept by its label, an e-mail or web address as
    people write it, a literal as written."""
    if isinstance(value, URIRef):
        iri = str(value)
        if iri.startswith("mailto:"):
            return iri.removeprefix("mailto:")
        label, stated = site.stated_label(_rebased(site, value), lang)
        return label if stated is not None else readable_address(iri)
    if isinstance(value, Literal):
        words = human_date(str(value), lang) if value.datatype in DATES else None
        return words or str(value)
    return "…"


def _rebased(site: Site, iri: URIRef) -> URIRef:
    text_iri = str(iri)
    if text_iri.startswith(DEFAULT_BASE):
        return URIRef(site.base + text_iri.removeprefix(DEFAULT_BASE))
    return iri

"""The upstream model (Bibliothèque d'IA territoriales) ↔ iacoll records.

The web form, the JSON API (JSON with the upstream field names) and the batch upload all give
the 39 fields of :data:`iacoll.model.fields.FIELDS` by their upstream keys (or aliases), as
real exports write them: French labels or notations for controlled values, several values in
one cell (``Agent, Elu``, ``Agent - Elu``), SIRET with spaces, dates ``MM/AAAA``.
:func:`to_records` reads them into the RDF the seed records have (``tools/seed/build.py``):
the use case and its AI system (``…/id/systeme/{slug}``), public and restricted parts, and the
carrier organisation when the catalogue does not hold it yet. Whatever cannot be read is a
:class:`~iacoll.model.problems.Problem` on its field, never dropped in silence nor guessed.

:func:`from_records` is the reverse, :func:`merge` puts an edit into a stored record without
losing what the upstream fields do not carry (see :mod:`iacoll.model.upstream_reverse`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, RDFS, SKOS

from iacoll.model import upstream_values as read
from iacoll.model.fields import FIELDS, FR_TEXT, Field, by_key
from iacoll.model.problems import Problem
from iacoll.model.record import NotARecordIri, Record, kind_of
from iacoll.model.upstream_carrier import carrier, first, is_public, split_partners
from iacoll.model.upstream_organisations import (
    Catalogue,
    default_catalogue,
    slugify,
    unique_slug,
)
from iacoll.model.upstream_reverse import (
    DPV_AI_TERMS,
    DPV_DATA_SOURCE,
    from_records,
    merge,
    upstream_part,
)
from iacoll.model.upstream_values import Reading, Vocabularies, vocabularies
from iacoll.namespaces import (
    AI,
    AIRO,
    DCT,
    DPV,
    EU_AIACT,
    IACOLL,
    ID,
    SHAPES_IRI,
    TECH,
    VCARD,
    VOCAB,
)

__all__ = ["Built", "from_records", "merge", "to_records", "upstream_part"]

MULTI = frozenset(
    {
        "sous_theme",
        "audience_service",
        "financement",
        "mise_en_oeuvre",
        "partenaires",
        "type_algorithme",
        "donnees_source",
        "donnees_acces",
        "herbergement",
        "url_infos",
        "url_ressources",
    }
)
# The identifying minimum (sh:Violation in the shapes); the other required fields warn.
IDENTIFYING = frozenset({"coll_nom", "nom_projet", "theme"})
MAX_VALUES = 20
MAX_OF = {"sous_theme": 2}  # the upstream model: one or two sub-themes
_URL_SEPARATOR = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Built:
    """What :func:`to_records` made of one set of upstream values."""

    record: Record | None
    organisation: Record | None
    problems: list[Problem] = field(default_factory=list)


def to_records(
    values: Mapping[str, str | Sequence[str]],
    *,
    iri: str | None = None,
    lang: str = "fr",
    catalogue: Catalogue | None = None,
) -> Built:
    """The record (and new carrier) the upstream ``values`` describe.

    ``iri``: the record being edited (``…/id/cas-usage/x`` or ``…/id/initiative/x``); a new use
    case gets ``…/id/cas-usage/{organisation}-{project}`` otherwise. ``lang``: the language tag
    of the free-text values. ``catalogue``: the published organisations and record IRIs
    (default: the repository's ``data/``). ``record`` is ``None`` when neither ``iri`` nor a
    carrier and a project name are given.
    """
    catalogue = catalogue or default_catalogue()
    vocab = vocabularies()
    reading = Reading()
    cells = _cells(values, reading, vocab, catalogue)
    terms = {key: _terms(by_key(key), texts, reading, vocab) for key, texts in cells.items()}
    publisher, organisation = carrier(terms, catalogue, reading)
    _missing(cells, publisher, publisher in catalogue.organisation_iris(), reading)
    record_iri = _record_iri(iri, publisher, terms, catalogue, reading)
    if record_iri is None:
        return Built(None, organisation, reading.problems)
    public = organisation.public if organisation is not None else None
    public_body = is_public(publisher, public, catalogue)
    record = _record(record_iri, publisher, terms, public_body, lang, catalogue)
    _check_system(record_iri, terms, reading)
    return Built(record, organisation, reading.problems)


# --- cells → values ------------------------------------------------------------------------


def _cells(
    values: Mapping[str, str | Sequence[str]],
    reading: Reading,
    vocab: Vocabularies,
    catalogue: Catalogue,
) -> dict[str, list[str]]:
    """Upstream key → its non-empty values (aliases folded, one-cell lists split)."""
    cells: dict[str, list[str]] = {}
    for key, given in values.items():
        try:
            spec = by_key(key.strip().lower())
        except KeyError:
            reading.problems.append(
                Problem(
                    f"Champ inconnu « {key} » : sa valeur n'est pas reprise.",
                    f"Unknown field “{key}”: its value is not kept.",
                    field=key,
                    value=str(given)[:200],
                    severity="warning",
                )
            )
            continue
        if given is None:
            continue
        reported = len(reading.problems)
        items = read.texts_of(spec, given, reading)
        if len(reading.problems) > reported:  # unreadable, not missing
            cells.setdefault(spec.key, [])
        if isinstance(given, str | int | float):
            texts = _split(spec, items[0], vocab, catalogue, reading) if items else []
        else:
            texts = [item for item in items if item.strip()]
        if texts:
            cells.setdefault(spec.key, []).extend(texts)
    for key, texts in cells.items():
        limit = MAX_OF.get(key, MAX_VALUES if key in MULTI else 1)
        if len(texts) > limit:
            reading.problem(
                by_key(key),
                " | ".join(texts)[:200],
                f"{len(texts)} valeurs données, {limit} au plus.",
                f"{len(texts)} values given, at most {limit}.",
            )
            cells[key] = texts[:limit]
    return cells


def _split(
    spec: Field, text: str, vocab: Vocabularies, catalogue: Catalogue, reading: Reading
) -> list[str]:
    """The values of one cell: several for a list field (``Agent, Elu``; ``A-B-C`` partners)."""
    if not text.strip():
        return []
    if spec.key not in MULTI:
        return [text]
    if spec.scheme is not None:
        return read.split_concepts(spec, text, vocab)
    if spec.key == "partenaires":
        names = split_partners(text, catalogue)
        if len(names) > 1 and not re.search(r"[,;\n]", text):
            reading.problem(
                spec,
                text,
                f"« {' '.join(text.split())} » est lu comme {len(names)} partenaires :"
                f" {' · '.join(names)} ; séparez-les par des virgules si ce n'est pas le cas.",
                f"“{' '.join(text.split())}” is read as {len(names)} partners:"
                f" {' · '.join(names)}; separate them with commas if that is wrong.",
                "info",
            )
        return names
    if text.lower().count("http") < 2:  # one address, or text that is none (reported)
        return [text]
    return [part for part in _URL_SEPARATOR.split(text) if part.strip()]


def _terms(spec: Field, texts: list[str], reading: Reading, vocab: Vocabularies) -> list[Any]:
    """The RDF terms (or, for SIRET and coordinates, the normalised text) of one field."""
    found = [_term(spec, text, reading, vocab) for text in texts]
    return [term for term in found if term is not None]


def _term(spec: Field, text: str, reading: Reading, vocab: Vocabularies) -> Any:
    key = spec.key
    if spec.scheme is not None:
        concept = read.concept(spec, text, reading, vocab)
        if key == "risque_categorie" and concept is not None:
            return vocab.match(concept, SKOS.exactMatch)
        return concept
    if key == "coll_siret":
        return read.siret(spec, text, reading)
    if key in ("latitude", "longitude"):
        return read.coordinate(spec, text, reading, bound=90 if key == "latitude" else 180)
    if key in ("projet_date", "date"):
        return read.date_literal(spec, text, reading, full=key == "date")
    if key == "projet_contact":
        return read.email(spec, text, reading)
    if key in ("image_url", "url_infos", "url_ressources"):
        return read.url(spec, text, reading)
    return read.text(spec, text, reading)


def _missing(
    cells: dict[str, list[str]], publisher: URIRef | None, known: bool, reading: Reading
) -> None:
    """Required fields without a value; the carrier's, unless the catalogue has it."""
    for spec in FIELDS:
        if not spec.required or spec.key in cells:
            continue
        if spec.node == "organisation" and known:
            continue  # the catalogue's organisation has (or lacks) them on its own record
        if spec.key == "coll_nom" and publisher is not None:
            continue  # found by its SIRET
        reading.problem(
            spec,
            None,
            "ce champ est obligatoire : renseignez-le.",
            "this field is required: fill it in.",
            "violation" if spec.key in IDENTIFYING else "warning",
        )


# --- the record ----------------------------------------------------------------------------


def _record_iri(
    iri: str | None,
    carrier: URIRef | None,
    terms: dict[str, list[Any]],
    catalogue: Catalogue,
    reading: Reading,
) -> URIRef | None:
    if iri is not None:
        if kind_of(iri) == "organisation":  # kind_of raises NotARecordIri for other IRIs
            raise NotARecordIri(f"« {iri} » est une organisation : to_records fait des fiches")
        return URIRef(iri)
    title = first(terms, "nom_projet")
    if carrier is None or title is None:
        return None
    if (known := catalogue.record_named(carrier, str(title))) is not None:
        reading.problem(
            by_key("nom_projet"),
            str(title),
            f"le catalogue a déjà une fiche de ce nom pour ce porteur ({known}) : pour la"
            " corriger, modifiez-la plutôt que d'en créer une autre.",
            f"the catalogue already has a record of this name for this carrier ({known}): to"
            " correct it, edit it rather than create another one.",
            "warning",
        )
    base = f"{str(carrier).rsplit('/', 1)[1]}-{slugify(str(title), 40)}"
    taken = {i.rsplit("/", 1)[1] for i in catalogue.records}
    return ID[f"cas-usage/{unique_slug(base[:80].rstrip('-'), taken)}"]


def _record(
    iri: URIRef,
    carrier: URIRef | None,
    terms: dict[str, list[Any]],
    public_body: bool,
    lang: str,
    catalogue: Catalogue,
) -> Record:
    public, restricted = Graph(), Graph()
    use_case = kind_of(str(iri)) == "cas-usage"
    system = ID[f"systeme/{str(iri).rsplit('/', 1)[1]}"] if use_case else None
    _structure(public, iri, system, carrier, public_body)
    for spec in FIELDS:
        subject = {"fiche": iri, "systeme": system}.get(spec.node)
        if subject is None or not terms.get(spec.key):
            continue
        graph = public if spec.access == "public" else restricted
        for term in terms[spec.key]:
            if spec.key == "partenaires":
                _partner(graph, subject, Literal(term, lang=lang), catalogue)
            else:
                _add(graph, subject, spec, term, lang)
    return Record(iri, public, restricted)


def _structure(
    g: Graph, iri: URIRef, system: URIRef | None, carrier: URIRef | None, public_body: bool
) -> None:
    """Classes, entry type, profile, carrier and AI system, as the seed writes them."""
    g.add((iri, RDF.type, IACOLL.Fiche))
    g.add((iri, RDF.type, DCAT.Resource))
    g.add((iri, DCT.conformsTo, SHAPES_IRI))
    if carrier is not None:
        g.add((iri, DCT.publisher, carrier))
    if system is None:
        return
    for cls in (IACOLL.CasUsageIA, DPV.Process):
        g.add((iri, RDF.type, cls))
    entry_type = VOCAB["type-fiche/cas-usage"]
    g.add((iri, IACOLL.typeFiche, entry_type))
    g.add((iri, DCT.type, entry_type))
    g.add((iri, AI.hasAISystem, system))
    if public_body:
        g.add((iri, DPV.hasSector, EU_AIACT.PublicSector))
    for cls in (IACOLL.SystemeIA, AIRO.AISystem, EU_AIACT.AISystem, AI.AISystem):
        g.add((system, RDF.type, cls))
    if carrier is not None:
        g.add((system, TECH.hasDeployer, carrier))
        g.add((system, AIRO.isDeployedBy, carrier))


def _add(g: Graph, subject: URIRef, spec: Field, term: Any, lang: str) -> None:
    prop = spec.path[0]
    if spec.datatype == FR_TEXT and isinstance(term, str):
        term = Literal(term, lang=lang)
    if spec.key == "projet_contact":
        contact = BNode()
        g.add((subject, prop, contact))
        for cls in (VCARD.Kind, VCARD.Organization):
            g.add((contact, RDF.type, cls))
        g.add((contact, VCARD.hasEmail, term))
        return
    g.add((subject, prop, term))
    for extra in _derived(spec.key, term):
        g.add((subject, *extra))


def _derived(key: str, term: Any) -> list[tuple[URIRef, Any]]:
    """The standard terms written beside an upstream value (as the seed does)."""
    vocab = vocabularies()
    slug = str(term).rsplit("/", 1)[-1]
    if key == "nom_projet":
        return [(RDFS.label, term)]
    if key == "theme" and (eu := vocab.match(term, SKOS.closeMatch)) is not None:
        return [(DCAT.theme, eu)]
    if key == "type_algorithme" and slug in DPV_AI_TERMS:
        return [DPV_AI_TERMS[slug]]
    if key == "donnees_source" and slug in DPV_DATA_SOURCE:
        return [(DPV.hasDataSource, DPV_DATA_SOURCE[slug])]
    if key == "impact_algorithme" and (dpv := vocab.match(term, SKOS.closeMatch)) is not None:
        return [(DPV.hasHumanInvolvement, dpv)]
    return []


def _partner(g: Graph, subject: URIRef, name: Literal, catalogue: Catalogue) -> None:
    """A partner the catalogue holds is linked by its IRI; another one is described by name."""
    known = URIRef(str(name)) if str(name).startswith(f"{ID}organisation/") else None
    found = known if known in catalogue.organisation_iris() else catalogue.by_name(str(name))
    if found is not None:
        g.add((subject, DCT.contributor, found))
        return
    partner = BNode()
    g.add((subject, DCT.contributor, partner))
    for cls in (FOAF.Agent, FOAF.Organization):
        g.add((partner, RDF.type, cls))
    g.add((partner, FOAF.name, name))


def _check_system(iri: URIRef, terms: dict[str, list[Any]], reading: Reading) -> None:
    if kind_of(str(iri)) == "cas-usage":
        return
    for spec in FIELDS:
        if spec.node == "systeme" and terms.get(spec.key):
            reading.problem(
                spec,
                None,
                "une initiative n'a pas de système d'IA : ce champ n'est pas repris.",
                "an initiative has no AI system: this field is not kept.",
            )

"""``iacoll import --from bibliotheque-csv``: the CSV (or XLSX) exports of the Bibliothèque d'IA
territoriales, in either of its dialects.

The file is read by the upload's reader (:func:`~iacoll.federation.upstream_files.read_rows`:
comma / title-case or semicolon / field-key headers, UTF-8 with or without BOM or
Windows-1252, rows numbered as a spreadsheet numbers them) and each row becomes records through
the upstream model (:func:`iacoll.model.upstream.to_records`): the use case (with its AI
system), then the carrier organisation when the catalogue does not hold it. The model reads the
values' variants (``Terminé``, ``Agent - Elu``, a spaced SIRET, a decimal comma, line breaks in
a name); this module names each variant it resolved as a guess, converts the Excel serial dates
a spreadsheet leaves in a CSV cell (``45292``) and rejects a row with a blocking problem (a bad
SIRET check digit, an unknown value…) with the model's reasons.

Identity: the upstream model has no record identifier; a record is its carrier and its project
name. A row naming a published record's carrier and title (:meth:`Catalogue.record_named`, the
upload's matching) gets that record's IRI, so that importing the file again updates in place;
another row gets the model's IRI ``id/cas-usage/{carrier}-{project}``. Two rows of one file
describing the same record: the second is rejected.

A row gives only the upstream fields, and an export often not all of them (the Grist download
has 16 columns, and no restricted value ever); a published record holds more (sources,
timeline, notes, partner roles, restricted fields). :func:`merge` is what a re-import should
write over a published record: the fields the row gives replaced, the others kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCAT, RDFS
from rdflib.term import Node

from iacoll.federation import crosswalks
from iacoll.federation.harvest import Harvested, Source
from iacoll.federation.upstream_files import Row, read_rows
from iacoll.model import upstream, upstream_values
from iacoll.model.fields import FIELDS, Field, by_key
from iacoll.model.problems import Problem, blocking
from iacoll.model.record import Record
from iacoll.model.reference import fold
from iacoll.model.upstream import MULTI
from iacoll.model.upstream_organisations import Catalogue
from iacoll.model.upstream_reverse import system_of
from iacoll.namespaces import AI, DCT, DPV, PAV, VOCAB

CROSSWALK = "bibliotheque-csv"
# A library file is usually one collectivité's own rows: a record missing from it is kept unless
# the import is told to withdraw (--withdraw-missing).
PARTIAL = True
KEYS = frozenset(spec.key for spec in FIELDS)
# The model's warning on a field the upstream contribution form requires (not iacoll): left to
# the shapes' report, not a guess.
REQUIRED_EN = "this field is required: fill it in."
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900 leap bug included)
_SERIAL = re.compile(r"^\s*(\d{5})(?:[.,]0+)?\s*$")  # 5 digits: 1927-05-18 to 2173-10-14
_SPACES = re.compile(r"[\s.\u00a0\u202f]")
_SEPARATOR_DASH = re.compile(r"\s-\s|(?<=\S)-(?=\S)")


def read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]:
    """One :class:`Harvested` per data row of the file (empty rows skipped)."""
    rows = read_rows(source.data, _filename(source))
    crosswalk = crosswalks.load(CROSSWALK)
    published = catalogue.organisation_iris()
    known = catalogue
    first_row: dict[URIRef, int] = {}  # record IRI → the row that gave it
    new_organisations: dict[URIRef, Record] = {}  # created by an earlier row of this file
    for row in rows:
        item, built = _row(row, known, crosswalk)
        if built is None or built.record is None:
            yield item
            continue
        record = built.record
        if record.iri in first_row:
            yield _duplicate(item, first_row[record.iri])
            continue
        first_row[record.iri] = row.number
        organisation = built.organisation
        if organisation is not None and organisation.iri not in published:
            new_organisations[organisation.iri] = organisation
        carrier = record.public.value(record.iri, DCT.publisher)
        needed = new_organisations.get(carrier) if isinstance(carrier, URIRef) else None
        item.records = [record] if needed is None else [record, needed]
        known = _with_row(known, record, organisation if organisation is needed else None)
        yield item


def _filename(source: Source) -> str:
    """The name :func:`read_rows` reads the format from: the file's, or the URL's last segment
    (query aside); ``.xlsx`` for a workbook served as such, else ``.csv``."""
    name = source.location.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    if name.rsplit(".", 1)[-1].lower() in ("csv", "txt", "xlsx"):
        return name
    workbook = (source.media_type or "").startswith("application/vnd.openxmlformats")
    return f"{name or 'source'}{'.xlsx' if workbook else '.csv'}"


def _with_row(catalogue: Catalogue, record: Record, organisation: Record | None) -> Catalogue:
    """``catalogue`` and what a row added: its new (or completed) organisation, so that the
    next rows name it rather than describe it again, and its record's IRI and title, so that a
    later row of the same record is recognised and another record does not reuse the IRI."""
    if organisation is not None:
        catalogue = catalogue.including(organisation)
    carrier = record.public.value(record.iri, DCT.publisher)
    titles = dict(catalogue.titles)
    if isinstance(carrier, URIRef):
        for title in record.public.objects(record.iri, DCT.title):
            titles[(carrier, fold(str(title)))] = record.iri
    return Catalogue(catalogue.organisations, catalogue.records | {str(record.iri)}, titles)


def _row(
    row: Row, catalogue: Catalogue, crosswalk: crosswalks.Crosswalk
) -> tuple[Harvested, upstream.Built | None]:
    """The row read: its harvest (records not set yet) and what the model built."""
    item = Harvested(f"ligne {row.number}")
    present = {key for key, value in row.values.items() if value.strip()}
    item.unmapped = crosswalk.unmapped(present)
    values = {key: value for key, value in row.values.items() if key in KEYS}
    _excel_dates(values, item.guesses)
    problems = list(row.problems)
    built = upstream.to_records(values, catalogue=catalogue)
    record = built.record
    if record is not None:
        carrier = record.public.value(record.iri, DCT.publisher)
        title = record.public.value(record.iri, DCT.title)
        existing = (
            catalogue.record_named(carrier, str(title))
            if isinstance(carrier, URIRef) and title is not None
            else None
        )
        if existing is not None:  # the same record: its IRI, not a new « -2 »
            built = upstream.to_records(values, iri=str(existing), catalogue=catalogue)
    problems += built.problems
    refused = blocking(problems)
    if refused or built.record is None:
        item.rejected, item.rejected_en = _reasons(refused, values)
        return item, None
    item.guesses += _variants(values)
    item.guesses += [
        p.message_fr
        for p in problems
        if p.severity != "violation" and REQUIRED_EN not in p.message_en
    ]
    return item, built


def _reasons(refused: list[Problem], values: dict[str, str]) -> tuple[str, str]:
    if not refused:
        missing = "nom du projet" if "nom_projet" not in values else "porteur (nom ou SIRET)"
        missing_en = "project name" if "nom_projet" not in values else "carrier (name or SIRET)"
        return (
            f"ligne sans {missing} : elle ne décrit aucune fiche.",
            f"row without a {missing_en}: it describes no record.",
        )
    return (
        " ; ".join(_quoted(p.message_fr, p.value, "« {} »") for p in refused),
        "; ".join(_quoted(p.message_en, p.value, "“{}”") for p in refused),
    )


def _quoted(message: str, value: str | None, quotes: str) -> str:
    if not value or value in message:
        return message
    return f"{message} ({quotes.format(value[:80])})"


def _duplicate(item: Harvested, first: int) -> Harvested:
    item.records, item.guesses = [], []
    item.rejected = (
        f"même porteur et même nom de projet qu'à la ligne {first} : une fiche par projet,"
        " cette ligne n'est pas reprise."
    )
    item.rejected_en = (
        f"same carrier and project name as row {first}: one record per project, this row is"
        " not kept."
    )
    return item


# --- variants the model resolves, named ------------------------------------------------------


def _excel_dates(values: dict[str, str], guesses: list[str]) -> None:
    """A date cell a spreadsheet left as its serial number (``45292``) → ``JJ/MM/AAAA``; the
    start date on the 1st of a month → ``MM/AAAA`` (Excel turns « 01/2024 » into 01/01/2024)."""
    for key in ("projet_date", "date"):
        text = values.get(key, "")
        if (match := _SERIAL.match(text)) is None:
            continue
        day = EXCEL_EPOCH + timedelta(days=int(match.group(1)))
        month_only = key == "projet_date" and day.day == 1
        values[key] = day.strftime("%m/%Y" if month_only else "%d/%m/%Y")
        spec = by_key(key)
        reading = " (un 1er du mois : lu comme un mois)" if month_only else ""
        guesses.append(
            f"{spec.label_fr} : « {text.strip()} » est une date Excel (jours depuis le"
            f" 30/12/1899) → {values[key]}{reading}."
        )


def _variants(values: dict[str, str]) -> list[str]:
    """A guess for each value the model read from a variant of its written form."""
    vocab = upstream_values.vocabularies()
    guesses: list[str] = []
    for key, text in values.items():
        spec = by_key(key)
        shown = " ".join(text.split())
        if spec.scheme is not None:
            guesses += _concept_variants(spec, text, vocab)
        elif key == "coll_siret":
            digits = _SPACES.sub("", text)
            if digits != text.strip():
                guesses.append(
                    f"{spec.label_fr} : « {text.strip()} » → {digits} (espaces retirés)."
                )
        elif key in ("latitude", "longitude") and "," in text:
            point = text.strip().replace(",", ".")
            guesses.append(
                f"{spec.label_fr} : « {text.strip()} » → {point} (virgule décimale lue comme un"
                " point)."
            )
        elif key in upstream_values.ONE_LINE and "\n" in text.strip():
            guesses.append(
                f"{spec.label_fr} : retour à la ligne remplacé par une espace → « {shown} »."
            )
    return guesses


def _concept_variants(spec: Field, text: str, vocab: upstream_values.Vocabularies) -> list[str]:
    assert spec.scheme is not None
    guesses: list[str] = []
    pieces = upstream_values.split_concepts(spec, text, vocab) if spec.key in MULTI else [text]
    if len(pieces) > 1 and _SEPARATOR_DASH.search(text) and not re.search(r"[,;\n]", text):
        guesses.append(
            f"{spec.label_fr} : « {' '.join(text.split())} » lu comme {len(pieces)} valeurs"
            f" séparées par « - » : {' · '.join(' '.join(p.split()) for p in pieces)}."
        )
    for piece in pieces:
        written = " ".join(piece.split())
        concept = vocab.resolve(spec.scheme, written)
        if concept is not None and vocab.label(concept) != written:
            guesses.append(f"{spec.label_fr} : « {written} » → « {vocab.label(concept)} ».")
    return guesses


# --- writing over a published record ---------------------------------------------------------

# Standard terms the model writes beside a field (iacoll.model.upstream._derived), that go with it.
_BESIDE: dict[str, tuple[URIRef, ...]] = {
    "nom_projet": (RDFS.label,),
    "type_algorithme": (AI.hasTechnique, AI.hasCapability),
    "donnees_source": (DPV.hasDataSource,),
    "impact_algorithme": (DPV.hasHumanInvolvement,),
}


def merge(stored: Record, imported: Record) -> Record:
    """``imported`` written over the published ``stored``: the fields the row gives a value
    replace the stored ones, a field it leaves empty keeps the stored values (an export may lack
    the column: the Grist download's 16, restricted fields never exported), and what no upstream
    field carries stays (:func:`iacoll.model.upstream.merge`) but the previous import's
    provenance, which the import engine writes anew. The engine calls it for a row whose record
    is published (:func:`iacoll.federation.importing.run`)."""
    edited = Record(imported.iri, _copy(imported.public), _copy(imported.restricted))
    system = system_of(stored)
    for spec in FIELDS:
        subject = {"fiche": stored.iri, "systeme": system}.get(spec.node)
        if subject is None or _field_values(imported, spec, system_of(imported)):
            continue
        for part, into in ((stored.public, edited.public), (stored.restricted, edited.restricted)):
            for prop, value in _field_triples(part, spec, subject):
                into.add((subject, prop, value))
                _closure(part, value, into)
    merged = upstream.merge(stored, edited)
    for prop in (PAV.importedFrom, PAV.importedOn, PAV.createdWith):  # the engine adds the new
        merged.public.remove((stored.iri, prop, None))
    return merged


def _copy(graph: Graph) -> Graph:
    copied = Graph()
    copied += graph
    return copied


def _field_values(record: Record, spec: Field, system: URIRef | None) -> bool:
    subject = {"fiche": record.iri, "systeme": system}.get(spec.node)
    if subject is None:
        return False
    return any(_field_triples(part, spec, subject) for part in (record.public, record.restricted))


def _field_triples(graph: Graph, spec: Field, subject: URIRef) -> list[tuple[URIRef, Node]]:
    """The triples of ``spec`` on ``subject``: its property (``dcat:theme`` split between the
    theme, with its EU data theme, and the sub-themes) and the terms written beside it."""
    found: list[tuple[URIRef, Node]] = []
    prop = spec.path[0]
    for value in graph.objects(subject, prop):
        if prop == DCAT.theme:
            sub = str(value).startswith(f"{VOCAB}sous-theme/")
            if sub != (spec.key == "sous_theme"):
                continue
        found.append((prop, value))
    for beside in _BESIDE.get(spec.key, ()):
        found += [(beside, value) for value in graph.objects(subject, beside)]
    return found


def _closure(graph: Graph, node: Node, into: Graph) -> None:
    if isinstance(node, BNode):
        for p, o in graph.predicate_objects(node):
            into.add((node, p, o))
            _closure(graph, o, into)

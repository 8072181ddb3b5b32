"""Reading one upstream value: text, SIRET, dates, coordinates, addresses and vocabulary labels.

Each reader takes the value as an export, a form or the API gives it and returns the RDF term to
write, or ``None`` with a :class:`~iacoll.model.problems.Problem` that names the upstream field,
says what is wrong in French and English and quotes the value. Inputs are bounded before any
conversion (a 4,300-digit "coordinate" never reaches ``Decimal``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iacoll.model.fields import Field
from iacoll.model.problems import Problem, Severity
from iacoll.model.reference import fold
from iacoll.model.text_checks import fault
from iacoll.model.vocabularies import AmbiguousLabel, Resolver, load_vocabularies, scheme_key
from iacoll.namespaces import PREFIXES, SKOS, VOCAB, XSD

MAX_TEXT = 20_000  # characters of a free-text field (the longest seed description is ~2,000)
MAX_LINE = 500  # characters of a one-line field (names, titles, URLs, addresses)
ONE_LINE = frozenset({"coll_nom", "nom_projet", "nom_algorithme", "partenaires"})
_DECIMAL = re.compile(r"^[+-]?[0-9]{1,3}(\.[0-9]{1,20})?$")
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]+$")
_URL = re.compile(r"^https?://[^/?#\s<>\"{}|\\^`]+[^\s<>\"{}|\\^`]*$")
LA_POSTE = "356000000"


@dataclass
class Reading:
    """The problems found while reading the values of one record."""

    problems: list[Problem] = field(default_factory=list)

    def problem(
        self,
        spec: Field,
        value: str | None,
        fr: str,
        en: str,
        severity: Severity = "violation",
    ) -> None:
        """Record a problem on ``spec`` (the field label opens the message)."""
        self.problems.append(
            Problem(
                message_fr=f"{spec.label_fr} : {fr}",
                message_en=f"{spec.label_en}: {en}",
                field=spec.key,
                path=path_text(spec),
                value=value,
                severity=severity,
            )
        )


def path_text(spec: Field) -> str:
    """The field's property path from the record, as CURIEs."""

    def curie(iri: URIRef) -> str:
        for prefix, namespace in PREFIXES.items():
            if str(iri).startswith(str(namespace)):
                return f"{prefix}:{str(iri)[len(str(namespace)) :]}"
        return f"<{iri}>"

    return "/".join(curie(step) for step in spec.path_from_record)


# --- text --------------------------------------------------------------------------------


def text(spec: Field, raw: str, reading: Reading) -> str | None:
    """Free text: NFC, trimmed; one-line fields have their line breaks made spaces.

    Control characters reject the value; markup that runs (``<script>``) is kept as text (pages
    escape it) and reported, so that nothing is published without someone reading it.
    """
    value = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").strip()
    limit = MAX_LINE if spec.key in ONE_LINE else MAX_TEXT
    if len(value) > limit:
        reading.problem(
            spec,
            value[:80] + "…",
            f"le texte compte {len(value)} caractères, {limit} au plus : raccourcissez-le.",
            f"the text has {len(value)} characters, at most {limit}: shorten it.",
        )
        return None
    if fault(value) == "control":
        reading.problem(
            spec,
            value,
            "le texte contient des caractères de contrôle invisibles (copiés d'un autre logiciel) :"
            " retapez-le ou collez-le sans mise en forme.",
            "the text contains invisible control characters (copied from another program):"
            " retype it or paste it as plain text.",
        )
        return None
    if fault(value) == "markup":
        reading.problem(
            spec,
            value,
            "le texte contient une balise HTML ou du code (« <script> », « javascript: ») :"
            " retirez-la, seul du texte est attendu.",
            "the text contains an HTML tag or code (“<script>”, “javascript:”): remove it,"
            " only text is expected.",
        )
    if spec.key in ONE_LINE:
        value = " ".join(value.split())
    return value or None


def texts_of(spec: Field, given: object, reading: Reading) -> list[str]:
    """The texts of a value: a string, a number (JSON) or a list of them."""
    items = [given] if isinstance(given, str | int | float) else given
    if isinstance(items, Sequence) and not isinstance(items, str):
        texts = [_scalar(item) for item in items]
        if all(text is not None for text in texts):
            return [text for text in texts if text is not None]
    reading.problem(
        spec,
        str(given)[:200],
        "la valeur doit être un texte, un nombre ou une liste de textes.",
        "the value must be a text, a number or a list of texts.",
    )
    return []


def _scalar(item: object) -> str | None:
    if isinstance(item, bool) or not isinstance(item, str | int | float):
        return None
    return item if isinstance(item, str) else str(item)


# --- identifiers -------------------------------------------------------------------------


def luhn(digits: str) -> bool:
    """The Luhn check of a SIREN or SIRET."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def siret_valid(digits: str) -> bool:
    """Luhn, or for La Poste's establishments (SIREN 356000000) a digit sum multiple of 5."""
    if luhn(digits):
        return True
    return digits.startswith(LA_POSTE) and sum(int(d) for d in digits) % 5 == 0


def siret(spec: Field, raw: str, reading: Reading) -> str | None:
    """A SIRET: 14 digits once spaces (ordinary, non-breaking, thin) and dots are removed."""
    value = raw.strip()
    digits = re.sub(r"[\s.\u00a0\u202f]", "", value)[:40]
    if not re.fullmatch(r"[0-9]{14}", digits):
        reading.problem(
            spec,
            value,
            f"le numéro SIRET « {value[:40]} » doit compter 14 chiffres (SIREN de 9 chiffres puis"
            " NIC de 5 chiffres).",
            f"the SIRET “{value[:40]}” must have 14 digits (9-digit SIREN then 5-digit NIC).",
        )
        return None
    if not siret_valid(digits):
        reading.problem(
            spec,
            value,
            f"le numéro SIRET « {value} » n'est pas valide (clé de contrôle) : vérifiez-le sur"
            " annuaire-entreprises.data.gouv.fr.",
            f"the SIRET “{value}” is not valid (check digit): check it on"
            " annuaire-entreprises.data.gouv.fr.",
        )
        return None
    return digits


# --- dates, numbers, addresses -------------------------------------------------------------

_DATE_FORMS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "dmy"),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), "my"),
    (re.compile(r"^(\d{4})$"), "y"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "ym"),
)


def date_literal(spec: Field, raw: str, reading: Reading, *, full: bool) -> Literal | None:
    """``JJ/MM/AAAA``, ``MM/AAAA`` or ``AAAA`` (ISO forms too) as xsd:date, gYearMonth, gYear.

    ``full``: only a day will do (the update date, ``date``).
    """
    value = raw.strip()[:40]
    for pattern, form in _DATE_FORMS:
        if (match := pattern.match(value)) is None:
            continue
        parts = dict(zip(form, match.groups(), strict=True))
        literal = _dated(parts)
        if literal is not None and (not full or literal.datatype == XSD.date):
            return literal
        break
    wanted_fr = "JJ/MM/AAAA" if full else "MM/AAAA, JJ/MM/AAAA ou AAAA"
    wanted_en = "DD/MM/YYYY" if full else "MM/YYYY, DD/MM/YYYY or YYYY"
    reading.problem(
        spec,
        value,
        f"la date « {value} » n'est pas une date valide : écrivez-la {wanted_fr}.",
        f"“{value}” is not a valid date: write it {wanted_en}.",
    )
    return None


def _dated(parts: dict[str, str]) -> Literal | None:
    year = int(parts["y"])
    if not 1900 <= year <= 2100:
        return None
    if "m" not in parts:
        return Literal(f"{year:04d}", datatype=XSD.gYear)
    month = int(parts["m"])
    if not 1 <= month <= 12:
        return None
    if "d" not in parts:
        return Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)
    try:
        day = date(year, month, int(parts["d"]))
    except ValueError:
        return None
    return Literal(day.isoformat(), datatype=XSD.date)


def coordinate(spec: Field, raw: str, reading: Reading, *, bound: int) -> str | None:
    """A WGS84 coordinate in decimal degrees (comma or point), within ±``bound``, as written."""
    value = raw.strip()
    candidate = value[:40].replace(",", ".").replace("\u2212", "-")
    if len(value) <= 40 and _DECIMAL.match(candidate) and abs(float(candidate)) <= bound:
        return candidate.lstrip("+")
    reading.problem(
        spec,
        value[:40] + ("…" if len(value) > 40 else ""),
        f"« {value[:40]} » n'est pas une coordonnée en degrés décimaux entre -{bound} et {bound}"
        " (par exemple 44.8378).",
        f"“{value[:40]}” is not a coordinate in decimal degrees between -{bound} and {bound}"
        " (e.g. 44.8378).",
    )
    return None


def email(spec: Field, raw: str, reading: Reading) -> URIRef | None:
    """An email address (``mailto:`` optional) as a ``mailto:`` IRI."""
    value = raw.strip()
    address = value[7:] if value.lower().startswith("mailto:") else value
    if len(address) <= MAX_LINE and _EMAIL.match(address):
        return URIRef(f"mailto:{address}")
    reading.problem(
        spec,
        value[:MAX_LINE],
        f"« {value[:80]} » n'est pas une adresse électronique (service@collectivite.fr).",
        f"“{value[:80]}” is not an email address (service@authority.fr).",
    )
    return None


def url(spec: Field, raw: str, reading: Reading) -> URIRef | None:
    """An http(s) address."""
    value = raw.strip()
    if len(value) <= 2000 and _URL.match(value):
        return URIRef(value)
    reading.problem(
        spec,
        value[:200],
        f"« {value[:80]} » n'est pas une adresse web complète (https://…).",
        f"“{value[:80]}” is not a complete web address (https://…).",
    )
    return None


# --- vocabularies --------------------------------------------------------------------------


class Vocabularies:
    """The SKOS vocabularies: labels to concepts (accents and case ignored) and back."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.resolver = Resolver(graph)
        self._folded: dict[str, dict[str, set[URIRef]]] = {}
        for concept, scheme in graph.subject_objects(SKOS.inScheme):
            if isinstance(concept, URIRef) and isinstance(scheme, URIRef):
                labels = self._folded.setdefault(scheme_key(scheme), {})
                for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
                    for label in graph.objects(concept, prop):
                        labels.setdefault(fold(str(label)), set()).add(concept)
                labels.setdefault(fold(str(concept)), set()).add(concept)

    def resolve(self, scheme: str, label: str) -> URIRef | None:
        """The concept ``label`` names (a label, a notation or the concept IRI), or ``None``."""
        if label.startswith(str(VOCAB)):
            concept = URIRef(label)
            return concept if concept.rsplit("/", 2)[-2] == scheme else None
        try:
            found = self.resolver.resolve(scheme, label)
        except AmbiguousLabel:
            found = None
        if found is not None:
            return found
        concepts = self._folded.get(scheme, {}).get(fold(label), set())
        return next(iter(concepts)) if len(concepts) == 1 else None

    def label(self, concept: Node, lang: str = "fr") -> str:
        """The preferred label of ``concept`` in ``lang``."""
        for value in self.graph.objects(concept, SKOS.prefLabel):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
        return str(concept)

    def labels(self, scheme: str) -> list[str]:
        """The French preferred labels of the concepts of ``scheme``, in notation order."""
        scheme_iri = URIRef(f"{VOCAB}{scheme}")
        concepts = sorted(
            (str(self.graph.value(c, SKOS.notation) or c), c)
            for c in self.graph.subjects(SKOS.inScheme, scheme_iri)
        )
        return [self.label(c) for _, c in concepts]

    def match(self, concept: Node, prop: URIRef) -> URIRef | None:
        """The ``skos:exactMatch``/``closeMatch`` of ``concept``."""
        value = self.graph.value(concept, prop)
        return value if isinstance(value, URIRef) else None

    def concept_matching(self, scheme: str, target: Node, prop: URIRef) -> URIRef | None:
        """The concept of ``scheme`` whose ``prop`` is ``target`` (reverse of :meth:`match`)."""
        for concept in self.graph.subjects(prop, target):
            if isinstance(concept, URIRef) and str(concept).startswith(f"{VOCAB}{scheme}/"):
                return concept
        return None


@cache
def vocabularies() -> Vocabularies:
    """The project's vocabularies, read once."""
    return Vocabularies(load_vocabularies())


def concept(spec: Field, raw: str, reading: Reading, vocab: Vocabularies) -> URIRef | None:
    """The concept of the field's scheme named by ``raw``, or a problem listing the values."""
    assert spec.scheme is not None
    value = " ".join(raw.split())
    found = vocab.resolve(spec.scheme, value) if len(value) <= MAX_LINE else None
    if found is None:
        allowed = " · ".join(vocab.labels(spec.scheme))
        reading.problem(
            spec,
            value[:MAX_LINE],
            f"« {value[:80]} » n'est pas une valeur admise. Valeurs admises : {allowed}.",
            f"“{value[:80]}” is not an accepted value. Accepted values: {allowed}.",
        )
    return found


_SEPARATOR = re.compile(r"\s*(?:[,;\n]|\s-\s|-)\s*")
MAX_PIECES = 40  # separators in one cell matched label by label (the search is quadratic)


def split_concepts(spec: Field, cell: str, vocab: Vocabularies) -> list[str]:
    """The values of a one-cell list (« Agent, Elu », « Agent - Elu »), a label that holds a
    separator (« Citoyenneté, santé et solidarités ») kept whole: longest match first."""
    assert spec.scheme is not None
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(cell)]
    if len(cuts) > MAX_PIECES:  # no label holds that many separators: no longest match
        return [piece.strip() for piece in _SEPARATOR.split(cell) if piece.strip()]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(cell)]
    values, i = [], 0
    while i < len(starts):
        for j in range(len(ends) - 1, i - 1, -1):
            piece = cell[starts[i] : ends[j]].strip()
            if j == i or vocab.resolve(spec.scheme, piece) is not None:
                if piece:
                    values.append(piece)
                i = j + 1
                break
    return values

"""The project's SKOS vocabularies, and resolving upstream free-text values to their concepts.

Upstream exports write controlled values as free text: « Terminé » for « Terminée »,
« Communauté d'agglomérations », « 1- automatisation complète sur la décision ». Every spelling
the sources use is a label of its concept in ``ontology/vocabularies/{scheme}.ttl``
(``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel`` or ``skos:notation``), and
:class:`Resolver` matches a value against the labels of one scheme after :func:`normalise`.

Normalising unifies what a copy-paste changes without changing the word (Unicode form, case,
spaces, apostrophes, dashes, surrounding punctuation). It keeps accents: « Elu » and « Élu » are
two spellings, and both must be labels of the concept.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Graph, URIRef

from iacoll import sources
from iacoll.errors import IacollError, UnreadableInput
from iacoll.namespaces import SKOS

DEFAULT_FOLDER = sources.VOCABULARY_DIR
"""``ontology/vocabularies`` of the repository (``parents[3]`` of this module)."""

LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation)
"""The properties whose values a free-text upstream value is matched against."""

_UNIFY = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the French typographic apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u2010": "-",  # hyphen, non-breaking hyphen, figure dash, en dash
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
    }
)
_SURROUNDING = " \"'«»“”„‹›.,;:!?-—…*•·_"

Index = Mapping[str, Mapping[str, frozenset[URIRef]]]


class AmbiguousLabel(IacollError):
    """A value that normalises to a label of two or more concepts of the same scheme."""

    status = 400

    def __init__(self, scheme: str, label: str, concepts: Iterable[URIRef]) -> None:
        self.scheme = scheme
        self.label = label
        self.concepts = tuple(sorted(concepts))
        listed = ", ".join(f"<{c}>" for c in self.concepts)
        super().__init__(
            f"vocabulaire « {scheme} » : la valeur « {label} » correspond à plusieurs concepts "
            f"({listed}) ; retirer le libellé en double de l'un d'eux"
        )


def normalise(label: str) -> str:
    """The form of ``label`` that matching compares.

    Unicode NFC, typographic apostrophes and dashes made ASCII, case folded, runs of white
    space (including non-breaking spaces) collapsed to one space, surrounding punctuation and
    quotes removed. Accents are kept.
    """
    text = unicodedata.normalize("NFC", label).translate(_UNIFY).casefold()
    text = " ".join(text.split()).strip(_SURROUNDING)
    return unicodedata.normalize("NFC", text)


def load_vocabularies(folder: Path | None = None, into: Graph | None = None) -> Graph:
    """Parse every ``*.ttl`` of ``folder`` (default :data:`DEFAULT_FOLDER`) into one graph.

    Raises :class:`~iacoll.errors.UnreadableInput` for a missing or empty folder or a file
    that does not parse (with ``file:line:col``).
    """
    folder = DEFAULT_FOLDER if folder is None else folder
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise UnreadableInput(folder, "aucun vocabulaire (*.ttl) dans ce dossier")
    return sources.read_all(files, into)


def scheme_key(scheme: URIRef) -> str:
    """The short name of a scheme: the last segment of its IRI (``…/vocab/statut`` → ``statut``)."""
    return str(scheme).rstrip("/").rsplit("/", 1)[-1]


def build_index(graph: Graph) -> Index:
    """Scheme short name → normalised label → the concepts of that scheme that carry it."""
    index: defaultdict[str, defaultdict[str, set[URIRef]]] = defaultdict(lambda: defaultdict(set))
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        if not isinstance(concept, URIRef) or not isinstance(scheme, URIRef):
            continue
        labels = index[scheme_key(scheme)]
        for prop in LABEL_PROPERTIES:
            for value in graph.objects(concept, prop):
                labels[normalise(str(value))].add(concept)
    return {
        scheme: {label: frozenset(concepts) for label, concepts in labels.items()}
        for scheme, labels in index.items()
    }


class Resolver:
    """Resolve upstream free-text values to the concepts of the project's vocabularies.

    >>> resolver = Resolver.from_folder()
    >>> resolver.resolve("statut", "Terminé")
    rdflib.term.URIRef('https://w3id.org/iacoll/vocab/statut/terminee')
    """

    def __init__(self, graph: Graph) -> None:
        self._index = build_index(graph)

    @classmethod
    def from_folder(cls, folder: Path | None = None) -> Resolver:
        """A resolver over the vocabularies of ``folder`` (default :data:`DEFAULT_FOLDER`)."""
        return cls(load_vocabularies(folder))

    @property
    def schemes(self) -> tuple[str, ...]:
        """The short names of the schemes the resolver knows, sorted."""
        return tuple(sorted(self._index))

    def resolve(self, scheme: str, label: str) -> URIRef | None:
        """The concept of ``scheme`` whose label matches ``label``, or ``None``.

        Raises :class:`AmbiguousLabel` when two concepts of the scheme match, and ``KeyError``
        for a scheme the vocabularies do not define.
        """
        labels = self._labels(scheme)
        concepts = labels.get(normalise(label), frozenset())
        if len(concepts) > 1:
            raise AmbiguousLabel(scheme, label, concepts)
        return next(iter(concepts), None)

    def _labels(self, scheme: str) -> Mapping[str, frozenset[URIRef]]:
        try:
            return self._index[scheme]
        except KeyError:
            known = ", ".join(self.schemes)
            raise KeyError(f"vocabulaire inconnu « {scheme} » (connus : {known})") from None

"""The rulebook's obligations and dates of application as RDF: the public graph
``graph/regles-aiact``, generated from ``aiact/*.toml`` (:func:`graph`), never written by hand.

Under the rulebook's IRI ``{base}aiact/regles/{version}`` (a ``dct:Standard``, which a stored
qualification cites with ``dct:conformsTo``):

- each obligation of a public deployer, ``…/obligations/{id}``, an ``iacoll:ObligationAIAct``
  (``dpv:Obligation``) with its heading and text in French and English, its citations (ELI with
  EUR-Lex's anchor, ``dct:source``; each citation as written, ``dct:bibliographicCitation``),
  the Annex clauses that exclude it (``iacoll:clauseExclue``), and whether it depends on the
  questionnaire's answers (``iacoll:obligationConditionnelle``, the conditions as
  ``iacoll:conditionObligation``) — :mod:`iacoll.aiact.overview` counts only the others;
- per level it applies to, an ``iacoll:ApplicationObligation`` ``…/obligations/{id}#{level}``:
  the ``eu-aiact`` level (``iacoll:niveauRisqueAIAct``; none for « hors champ ») and the date of
  application at that level (``iacoll:dateApplication``);
- each date of application, ``…/dates/{id}``, an ``iacoll:DateApplicationAIAct``: the date in
  force (``dct:date``, after any amendment in force; none for a text simply in force), what it
  covers, and its legal source (``dct:source``: the article, and the amendment that set it).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS, XSD

from iacoll.aiact import loading
from iacoll.aiact.citations import Citation
from iacoll.aiact.rules import Conditions, Obligation, Rulebook, Text
from iacoll.namespaces import DCT, DPV, IACOLL, RDF, bind_prefixes

LANGUAGES = ("fr", "en")


def obligation_iri(book: Rulebook, obligation_id: str) -> URIRef:
    """``{base}aiact/regles/{version}/obligations/{id}``."""
    return URIRef(f"{book.iri}/obligations/{obligation_id}")


def date_iri(book: Rulebook, date_id: str) -> URIRef:
    """``{base}aiact/regles/{version}/dates/{id}``."""
    return URIRef(f"{book.iri}/dates/{date_id}")


def read(files: list[Path]) -> Graph:
    """The graph of the rule folder of ``files`` (its ``.toml`` files; the others are the code
    that generates the graph), read afresh so that a changed file is seen."""
    return graph(loading.read(next(p for p in files if p.suffix == ".toml").parent))


def graph(book: Rulebook) -> Graph:
    """The rulebook, its obligations and its dates of application (default base IRIs)."""
    g = bind_prefixes(Graph())
    meta = book.meta.get("regles", {})
    g.add((book.iri, RDF.type, DCT.Standard))
    _texts(g, book.iri, DCT.title, Text(meta["title_fr"], meta["title_en"]))
    g.add((book.iri, OWL.versionInfo, Literal(book.version)))
    g.add((book.iri, DCT.source, URIRef(book.texts["aia"]["eli"])))
    for obligation in book.obligations:
        _obligation(g, book, obligation)
    for date_id in book.dates:
        _date(g, book, date_id)
    return g


def _obligation(g: Graph, book: Rulebook, ob: Obligation) -> None:
    node = obligation_iri(book, ob.id)
    g.add((node, RDF.type, IACOLL.ObligationAIAct))
    g.add((node, RDF.type, DPV.Obligation))
    g.add((node, DCT.identifier, Literal(ob.id)))
    g.add((node, DCT.isPartOf, book.iri))
    _texts(g, node, SKOS.prefLabel, ob.title)
    _texts(g, node, DCT.description, ob.text)
    conditional = bool(ob.when or ob.any_of)
    g.add((node, IACOLL.obligationConditionnelle, Literal(conditional)))
    if conditional:
        _texts(g, node, IACOLL.conditionObligation, _conditions(ob))
    for clause in sorted(ob.except_clauses):
        g.add((node, IACOLL.clauseExclue, clause))
    _citations(g, book, node, ob.cite)
    for level_id in ob.levels:
        level = book.levels[level_id]
        application = URIRef(f"{node}#{level_id}")
        g.add((node, IACOLL.applicationObligation, application))
        g.add((application, RDF.type, IACOLL.ApplicationObligation))
        _texts(g, application, SKOS.prefLabel, level.label)
        if level.iri is not None:
            g.add((application, IACOLL.niveauRisqueAIAct, level.iri))
        date_id = ob.date.get(level_id) or ob.date["*"]
        g.add((application, IACOLL.dateApplication, date_iri(book, date_id)))


def _date(g: Graph, book: Rulebook, date_id: str) -> None:
    entry, node = book.dates[date_id], date_iri(book, date_id)
    g.add((node, RDF.type, IACOLL.DateApplicationAIAct))
    g.add((node, DCT.identifier, Literal(date_id)))
    g.add((node, DCT.isPartOf, book.iri))
    _texts(g, node, DCT.description, entry.text)
    when = book.date_of(date_id)
    if when is not None:
        g.add((node, DCT.date, Literal(when.isoformat(), datatype=XSD.date)))
    _citations(g, book, node, entry.cite)
    for amendment in book.amendments:
        if amendment.in_force and date_id in amendment.dates:
            g.add((node, DCT.source, URIRef(amendment.source)))


def _citations(g: Graph, book: Rulebook, node: URIRef, cite: tuple[Citation, ...]) -> None:
    for citation in cite:
        g.add((node, DCT.source, URIRef(citation.url(book.texts))))
        for lang in LANGUAGES:
            g.add((node, DCT.bibliographicCitation, Literal(citation.label(lang), lang=lang)))


def _conditions(ob: Obligation) -> Text:
    """``d_biometrie = oui ; et l'un de : (b_emotions = oui) ou (b_categorisation = oui)``:
    the questions of ``aiact/questions.toml`` and the answers that make the obligation apply."""

    def table(conditions: Conditions) -> str:
        return ", ".join(f"{q} = {' | '.join(v)}" for q, v in conditions.items())

    fr, en = [table(ob.when)] if ob.when else [], [table(ob.when)] if ob.when else []
    if ob.any_of:
        fr.append("l'un de : " + " ou ".join(f"({table(c)})" for c in ob.any_of))
        en.append("one of: " + " or ".join(f"({table(c)})" for c in ob.any_of))
    return Text(" ; et ".join(fr), "; and ".join(en))


def _texts(g: Graph, node: URIRef, prop: URIRef, text: Text) -> None:
    for lang in LANGUAGES:
        g.add((node, prop, Literal(text(lang), lang=lang)))

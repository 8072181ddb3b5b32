"""« Règles de qualification AI Act » (``/aiact/regles``): the rule files as a documentation
page, and the stateless API (``GET /api/aiact/questions``, ``POST /api/aiact/qualification``).

Page and API read the same files ``iacoll qualify`` reads (:mod:`iacoll.aiact`), so the
documentation cannot drift from the engine.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from rdflib import Graph, URIRef

from iacoll.aiact import Rulebook, load, qualify, questions_for, views
from iacoll.aiact.citations import Citation
from iacoll.aiact.engine import BadAnswer
from iacoll.errors import IacollError
from iacoll.namespaces import AI, DEFAULT_BASE
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site

PATH = "/aiact/regles"


class BadAnswers(IacollError):
    status = 400


class UnknownRecord(IacollError):
    status = 404


def router(site: Site, pages: Pages) -> APIRouter:
    api = APIRouter()

    @api.get(PATH, include_in_schema=False)
    def rules_page(request: Request) -> Response:
        book = load()
        lang = language_of(request)

        def cite(c: Citation) -> dict[str, str]:
            return {"label": c.label(lang), "url": c.url(book.texts)}

        response = pages.render(
            request, "aiact_rules.html", book=book, cite=cite, conditions=_conditions
        )
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    @api.get(PATH + "/{version}", include_in_schema=False)
    def rules_version(version: str) -> Response:
        """The IRI a stored qualification cites (``dct:conformsTo``): the current version is
        this page (303); an earlier one is in the repository's history of ``aiact/``."""
        _current(version)
        return RedirectResponse(PATH, status_code=303)

    @api.get(PATH + "/{version}/{kind}/{entry}", include_in_schema=False)
    def rules_entry(version: str, kind: str, entry: str) -> Response:
        """An obligation or a date of application of graph ``regles-aiact``
        (:mod:`iacoll.aiact.rdf`): 303 to its row of this page."""
        book = _current(version)
        known = {"obligations": [o.id for o in book.obligations], "dates": list(book.dates)}
        if entry not in known.get(kind, []):
            raise UnknownRecord(
                f"Aucune entrée {kind}/{entry} dans les règles AI Act {version}.",
                detail=f"No entry {kind}/{entry} in the AI Act rules {version}.",
            )
        return RedirectResponse(f"{PATH}#{kind[0]}-{entry}", status_code=303)

    @api.get("/api/aiact/questions", tags=["AI Act"])
    def questions(request: Request, fiche: str | None = None) -> JSONResponse:
        """Les questions de qualification, préremplies depuis la fiche publiée ``fiche``."""
        record = _record(site, fiche) if fiche else None
        lang = language_of(request)
        return JSONResponse({"questions": views.asked_json(questions_for(record), lang)})

    @api.post("/api/aiact/qualification", tags=["AI Act"])
    def qualification(request: Request, answers: Annotated[dict[str, Any], Body()]) -> JSONResponse:
        """Qualifie un système d'après ses réponses (sans rien enregistrer)."""
        if not all(isinstance(v, str) for v in answers.values()):
            raise BadAnswers("Les réponses sont des textes.", detail="Answers are strings.")
        try:
            result = qualify({k: str(v) for k, v in answers.items()})
        except BadAnswer as exc:
            raise BadAnswers(f"{exc.field} : {exc.message_fr}", detail=exc.message_en) from exc
        return JSONResponse(result.to_json(language_of(request)))

    return api


def _current(version: str) -> Rulebook:
    """The rulebook, when ``version`` is its version (an earlier one is no longer served)."""
    book = load()
    if version != book.version:
        raise UnknownRecord(
            f"Les règles de qualification sont en version {book.version} ; la version {version} "
            "n'est plus servie : elle est dans l'historique du dossier aiact/ du dépôt.",
            detail=f"The qualification rules are at version {book.version}; version {version} "
            "is in the history of the aiact/ folder of the repository.",
        )
    return book


def _conditions(table: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(f"{q} = {' | '.join(v)}" for q, v in table.items())


def _record(site: Site, iri: str) -> Graph:
    """The public description of the use case ``iri`` and of its AI system, with the project's
    IRIs (the store may be minted under another base)."""
    if not site.exists(iri):
        raise UnknownRecord(f"Fiche inconnue : {iri}.", detail=f"Unknown record: {iri}.")
    graph = site.describe(iri)
    for system in list(graph.objects(URIRef(iri), AI.hasAISystem)):
        graph += site.describe(str(system))
    if site.base == DEFAULT_BASE:
        return graph
    moved = Graph()
    for triple in graph:
        moved.add(tuple(_rebase(t, site.base) for t in triple))  # type: ignore[arg-type]
    return moved


def _rebase(term: object, base: str) -> object:
    if isinstance(term, URIRef) and str(term).startswith(base):
        return URIRef(DEFAULT_BASE + str(term)[len(base) :])
    return term

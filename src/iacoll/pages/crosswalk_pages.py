"""« Correspondances »: the crosswalks (``crosswalks/*.toml``) as documentation pages.

``/correspondances`` lists the formats iacoll imports and exports, each with its crosswalk
version; ``/correspondances/{format}`` shows its fields (source field → iacoll property, with
the notes saying how or why not) and its values (source value → iacoll concept, exact or close
match). The pages are read from the same files the importers and exporters read, so the
documentation cannot drift from the code. The values are also SKOS data in the store (graph
``correspondances``), so SPARQL can follow ``skos:exactMatch`` / ``closeMatch``.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import URIRef

from iacoll.errors import IacollError
from iacoll.federation import crosswalks, formats
from iacoll.namespaces import DEFAULT_BASE, PREFIXES, VOCAB
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site

PATH = "/correspondances"
VERSION = re.compile(r"\d+\.\d+\.\d+")


class UnknownCrosswalk(IacollError):
    status = 404


def router(site: Site, pages: Pages) -> APIRouter:
    api = APIRouter()

    @api.get(PATH, include_in_schema=False)
    def crosswalk_list(request: Request) -> Response:
        found = [crosswalks.load(name) for name in crosswalks.available()]
        response = pages.render(
            request,
            "crosswalks.html",
            crosswalks=found,
            imports=set(formats.import_formats()),
            exports=set(formats.export_formats()),
        )
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    @api.get(PATH + "/{fmt}", include_in_schema=False)
    def crosswalk_page(request: Request, fmt: str) -> Response:
        if fmt not in crosswalks.available():
            raise UnknownCrosswalk(
                f"Aucune correspondance pour le format « {fmt} ». Formats : "
                f"{', '.join(crosswalks.available())}.",
                detail=f"No crosswalk for the format “{fmt}”.",
            )
        crosswalk = crosswalks.load(fmt)
        lang = language_of(request)

        def label(iri: URIRef) -> str:
            moved = URIRef(site.base + str(iri).removeprefix(DEFAULT_BASE))
            return site.label(moved, lang)

        def href(iri: URIRef) -> str | None:
            moved = URIRef(site.base + str(iri).removeprefix(DEFAULT_BASE))
            return site.path_for_iri(moved) if str(iri).startswith(DEFAULT_BASE) else str(iri)

        response = pages.render(
            request,
            "crosswalk.html",
            crosswalk=crosswalk,
            label=label,
            href=href,
            curie=_curie,
            imports=fmt in formats.import_formats(),
            exports=fmt in formats.export_formats(),
        )
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    @api.get(PATH + "/{fmt}/{version}", include_in_schema=False)
    def crosswalk_version(fmt: str, version: str) -> Response:
        """The version IRI imported records cite (``pav:createdWith``): the current one is the
        crosswalk's page (303); an earlier one lives in the repository's history."""
        if fmt not in crosswalks.available() or not VERSION.fullmatch(version):
            raise UnknownCrosswalk(
                f"Aucune correspondance « {fmt}/{version} ». Formats : "
                f"{', '.join(crosswalks.available())}.",
                detail=f"No crosswalk “{fmt}/{version}”.",
            )
        current = crosswalks.load(fmt).version
        if version != current:
            raise UnknownCrosswalk(
                f"La correspondance « {fmt} » est en version {current} ; la version {version} "
                f"n'est plus servie : elle est dans l'historique du fichier crosswalks/{fmt}.toml "
                "du dépôt.",
                detail=f"The crosswalk “{fmt}” is at version {current}; version {version} is in "
                f"the history of crosswalks/{fmt}.toml in the repository.",
            )
        return RedirectResponse(f"{PATH}/{fmt}", status_code=303)

    return api


def _curie(iri: object) -> str:
    """``dct:title``, ``statut:deploiement``: how the crosswalk files name a term."""
    text = str(iri)
    if text.startswith(str(VOCAB)):
        scheme, _, local = text[len(str(VOCAB)) :].partition("/")
        return f"{scheme}:{local}"
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text

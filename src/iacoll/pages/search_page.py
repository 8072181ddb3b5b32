"""The search page and its exports: the results as HTML, CSV or JSON.

``/recherche`` answers in HTML by default; ``/recherche.csv`` and ``/recherche.json`` (or
``?format=``, or ``Accept: text/csv`` / ``application/json``) give every matching record of the
same search — not only the page — with the columns of :data:`COLUMNS`, in the order of the
search. The formats come from the one registry (:mod:`iacoll.conneg`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import Response

from iacoll import conneg
from iacoll.pages.i18n import language_of
from iacoll.pages.search import MISSING, SORTS, Card, Query, Results

if TYPE_CHECKING:
    from iacoll.pages.browse import Facet, Library
    from iacoll.pages.render import Pages

FORMATS = (conneg.BY_KEY["html"], conneg.BY_KEY["csv"], conneg.BY_KEY["json-list"])
EXPORTS = FORMATS[1:]

Label = Callable[[str, str], str]  # (facet, value key) → label

# Export columns: name → the cell of a record (labels in the page's language).
COLUMNS: dict[str, Callable[[Card, Label], str | list[str]]] = {
    "titre": lambda r, label: r.title,
    "adresse": lambda r, label: r.iri,
    "editeur": lambda r, label: r.publisher,
    "statut": lambda r, label: _labels(r, "statut", label),
    "date_demarrage": lambda r, label: r.start,
    "themes": lambda r, label: sorted(label("theme", k) for k in r.values("theme") - {MISSING}),
    "region": lambda r, label: _labels(r, "region", label),
    "departement": lambda r, label: r.departement,
    "derniere_mise_a_jour": lambda r, label: r.modified,
}
SEPARATOR = "; "  # between several values of a CSV cell


def _labels(record: Card, facet: str, label: Label) -> str:
    return SEPARATOR.join(sorted(label(facet, k) for k in record.values(facet) - {MISSING}))


def respond(
    request: Request,
    library: Library,
    pages: Pages,
    facets: Sequence[Facet],
    suffix: str | None = None,
) -> Response:
    """The search of ``request`` in the negotiated format."""
    explicit = suffix or request.query_params.get("format")
    fmt = conneg.negotiate(request.headers.get("accept"), FORMATS, explicit)
    asked = Query.from_params(request.query_params.multi_items(), [f.key for f in facets])
    query, dropped = library.index.known(asked)
    if fmt.kind == "html":
        results = library.index.search(query)
        context = search_context(library, results, request, facets)
        return pages.render(request, "search.html", dropped=dropped, **context)
    label = partial(library.label, lang=language_of(request))
    rows = (  # one at a time: the CSV never holds them all
        {name: cell(r, label) for name, cell in COLUMNS.items()}
        for r in library.index.matching(query)
    )
    body = _csv(rows) if fmt.key == "csv" else _json(list(rows), query)
    name = "recherche" + fmt.suffix
    return Response(
        body,
        media_type=fmt.content_type,
        headers={"Vary": "Accept", "Content-Disposition": f'inline; filename="{name}"'},
    )


def _csv(rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(SEPARATOR.join(v) if isinstance(v, list) else v for v in row.values())
    return buffer.getvalue().encode("utf-8")


def _json(rows: list[dict[str, Any]], query: Query) -> bytes:
    document = {"recherche": query.at_page(1).url(), "total": len(rows), "fiches": rows}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _sort_options(query: Query) -> list[tuple[str, str]]:
    """``(value, key)`` of the sort menu: the default order first, with an empty value (so that
    words typed later are sorted by relevance), relevance only when there are words."""
    default = "pertinence" if query.text else "titre"
    others = [key for key in SORTS if key not in (default, "pertinence")]
    return [("", default), *((key, key) for key in others)]


def search_context(
    library: Library, results: Results, request: Request, facets: Sequence[Facet]
) -> dict[str, Any]:
    """What ``search.html`` shows of ``results``."""
    lang, query = language_of(request), results.query
    ticked = query.filters
    shown = [
        (f, library.values(f.key, results.counts[f.key], lang, ticked.get(f.key, ())))
        for f in facets
    ]
    first = query.at_page(1)
    return {
        "results": results,
        "query": query,
        "facets": shown,
        "label": partial(library.label, lang=lang),
        "pages": [(n, query.at_page(n).url()) for n in range(1, results.pages + 1)],
        "sorts": _sort_options(query),
        "exports": [(fmt, first.url("/recherche" + fmt.suffix)) for fmt in EXPORTS],
    }

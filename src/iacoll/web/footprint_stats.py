"""The statistics page's environmental-footprint block, read from the store the reader may see.

A signed-in member (or a token with the ``restreint:lire`` scope) gets the sums over the complet
store, restricted footprints included; anyone else gets them over the public store, which holds
only the footprints their organisations published (:mod:`iacoll.model.footprint`). The block
is a template global, ``empreinte_environnementale(request)``, so that ``stats.html`` (pages
layer) needs nothing of the web layer; each summary is computed once per store generation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from fastapi import Request
from rdflib import URIRef

from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.pages.stats import FootprintSummary, decimal_text, footprint_summary
from iacoll.terms import select_rows, to_rdflib
from iacoll.web import auth


def install(pages: Pages, site: Site, full: ox.Store) -> None:
    """Give templates ``empreinte_environnementale(request)``, the reader's footprint summary,
    and ``decimal_text(value, lang)``."""
    members_select = _selector(full)

    def empreinte_environnementale(request: Request) -> FootprintSummary:
        members, lang = auth.reads_restricted(request), language_of(request)
        select = members_select if members else site.select
        cache = site.cache("empreinte-membres" if members else "empreinte-public")
        return cache.get(  # type: ignore[no-any-return]
            lang,
            lambda: footprint_summary(select, lambda iri: site.label(URIRef(iri), lang), members),
        )

    pages.env.globals["empreinte_environnementale"] = empreinte_environnementale
    pages.env.globals["decimal_text"] = decimal_text  # « 2,5 » in French


def _selector(store: ox.Store) -> Callable[[str], list[dict[str, Any]]]:
    """A SELECT over the union of ``store``'s graphs, rows as dicts of rdflib terms."""

    def select(query: str) -> list[dict[str, Any]]:
        names, rows = select_rows(store, query, use_default_graph_as_union=True)
        return [{name: to_rdflib(row[name]) for name in names} for row in rows]

    return select

"""``iacoll export --to dcat-ap``: the DCAT-AP 3.0.1 catalogue with every record described.

The file is the catalogue ``/catalogue.ttl`` serves — built by the same code,
:class:`iacoll.pages.catalogue_pages.CataloguePages`, over the public store, as one page
holding every member and without the Hydra paging controls: the catalogue, the register
dataset, its distributions, the SPARQL service, the types and labels of the terms and agents
they cite, a ``dcat:resource`` link to every record — plus the whole public description of
every published use case and governance initiative (with its AI systems and blank nodes), as
their pages give it. A harvester that only knows DCAT-AP finds one dataset; ``iacoll import
--from dcat`` finds every record with nothing to fetch (:mod:`iacoll.federation.dcat`), and
gets back graphs isomorphic to the published ones. The records are ``dcat:Resource``s, not
datasets: DCAT-AP constrains neither them nor ``dcat:resource``, and the file passes the
official DCAT-AP 3.0.1 shapes.

The organisations are named (types, names, ``dct:type``: what the catalogue pages say of an
agent), not described: 31 of them locate their seat with a ``dct:Location`` whose
``locn:geometry`` is a ``locn:Geometry`` node carrying the WKT, where DCAT-AP 3.0.1's
``Location_Shape`` wants a literal — a violation. An import into a store that lacks one reads
it at its IRI (:mod:`iacoll.federation.dcat` dereferences organisations only named).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from iacoll.federation.jsonld_export import record_graphs
from iacoll.namespaces import bind_prefixes
from iacoll.pages.catalogue_pages import CataloguePages
from iacoll.pages.site import Site
from iacoll.settings import Settings

MEDIA_TYPE = "text/turtle"
SUFFIX = ".ttl"
ONE_PAGE = 10**9  # every member on the one page


def catalogue(store: ox.Store, base: str) -> Graph:
    """The DCAT-AP catalogue graph ``/catalogue`` serves, all of its pages merged in one (no
    Hydra controls)."""
    # A Site over the store alone: no store folder, so no generation file (its caches live
    # for this call only) and one page as large as the catalogue.
    folder = Path(tempfile.gettempdir()) / "iacoll-export-no-store"
    settings = Settings.from_env({}, store_path=folder, base_iri=base, catalogue_page_size=ONE_PAGE)
    pages = CataloguePages(Site(settings, store))
    return pages.graph(pages.page("1"))


def describe(store: ox.Store, base: str) -> Graph:
    """The catalogue and the public graph of every published use case and initiative."""
    graph = bind_prefixes(Graph())
    graph += catalogue(store, base)
    for record in record_graphs(store, base, ("cas-usage", "initiative")).values():
        graph += record
    return graph


def export(store: ox.Store, base: str) -> bytes:
    """:func:`describe` in Turtle."""
    body: bytes = describe(store, base).serialize(format="turtle", encoding="utf-8")
    return body

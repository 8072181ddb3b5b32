"""The DCAT-AP 3.0.1 catalogue graph (``graph/catalogue``): what harvesters read.

One harvestable dataset: the register (``…/id/jeu-de-donnees/registre``, ``data/catalogue.ttl``)
with its distributions (the RDF dumps, the CSV, the Excel CSV, the XLSX and the SPARQL
endpoint) and the SPARQL ``dcat:DataService``. data.gouv.fr and data.europa.eu create one
dataset per ``dcat:Dataset`` they find, and a record is not a dataset (ontologies.md §1, and
the registries' advice: "do not push every AI use case as a dataset"), so the records are
listed with DCAT 3's generic ``dcat:resource`` (they are ``dcat:Resource``s, DCAT's extension
point): DCAT-AP neither constrains it nor harvests it, and a linked-data client still finds
every record from the catalogue. A ``dcat:CatalogRecord`` could not do it: its
``foaf:primaryTopic`` must be a dataset or a service (a violation on the official shapes).

The graph is ``data/catalogue.ttl`` (:func:`static`), a ``dcat:resource`` link to every public
record (:func:`describe`, a pure function), plus the byte size and checksum of the download
files (:func:`iacoll.downloads.file_metadata`, measured from the files the streamed writers
wrote: :mod:`iacoll.dumps_rdf`, :mod:`iacoll.dumps_tables`).
:func:`iacoll.derived.refresh_derived` composes the three after publications; nothing here
imports the web layer (the pages are :mod:`iacoll.pages.catalogue_pages`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from iacoll import downloads, sources
from iacoll.namespaces import DCAT_RESOURCE, IACOLL, ID, RDF
from iacoll.settings import Settings

CATALOGUE = ID.catalogue
STATIC_FILE = "catalogue.ttl"

# The generator's source files: their text is part of the catalogue graph's build fingerprint.
GENERATORS = (
    "conneg",
    "csv_export",
    "downloads",
    "dumps_jsonld",
    "dumps_rdf",
    "dumps_tables",
    "model/fields",
    "namespaces",
    "xlsx_export",
    "xlsx_stream",
)
GENERATOR_FILES = (*(Path(__file__).parent / f"{name}.py" for name in GENERATORS), Path(__file__))


def static(data_dir: Path = sources.DATA_DIR) -> Graph:
    """The hand-written part: ``data/catalogue.ttl`` and the EU vocabularies it cites (default
    base IRIs)."""
    graph = Graph()
    for path in (data_dir / STATIC_FILE, sources.EU_VOCABULARIES):
        sources.read_rdf(path, graph)
    return graph


def describe(static: Graph, inputs: Graph) -> Graph:
    """The catalogue graph without the download files' metadata: ``static`` and a
    ``dcat:resource`` link to each record of ``inputs`` (the public graphs, default base)."""
    return static + members(inputs)


def members(graph: Graph) -> Graph:
    """``catalogue dcat:resource record`` for every record (``iacoll:Fiche``) of ``graph``."""
    out = Graph()
    for record in graph.subjects(RDF.type, IACOLL.Fiche):
        out.add((CATALOGUE, DCAT_RESOURCE, record))
    return out


def outputs_present(settings: Settings) -> bool:
    """Whether the files the catalogue describes are on disk."""
    return downloads.present(downloads.folder(settings))

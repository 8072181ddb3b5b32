"""Every namespace iacoll uses, declared once.

The project's own namespaces hang off a base IRI (default :data:`DEFAULT_BASE`); source files
are written with the default and :func:`rebase` moves a graph under another base.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VANN,
    XSD,
)
from rdflib.term import Node

__all__ = [
    "ADMS",
    "ADMS_LICENCE_TYPE",
    "ADMS_PUBLISHER_TYPE",
    "ADMS_STATUS",
    "AI",
    "AIRO",
    "AR",
    "AS",
    "COUNTRY",
    "CV",
    "DCAT",
    "DCATAP",
    "DCAT_RESOURCE",
    "DCT",
    "DEFAULT_BASE",
    "DPV",
    "DQV",
    "EU_AIACT",
    "FOAF",
    "FRAPO",
    "GEO",
    "GSP",
    "HYDRA",
    "IACOLL",
    "IACOLL_SH",
    "ID",
    "IGEO",
    "INSEE_GEO",
    "LDES",
    "LOCN",
    "NAL",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PAV",
    "PREFIXES",
    "PROV",
    "QUANTITYKIND",
    "QUDT",
    "RDF",
    "RDFS",
    "RISK",
    "SCHEMA",
    "SD",
    "SH",
    "SHAPES_IRI",
    "SKOS",
    "TECH",
    "TREE",
    "UNIT",
    "VAIR",
    "VANN",
    "VCARD",
    "VOCAB",
    "VOID",
    "XSD",
    "bind_prefixes",
    "rebase",
]

DEFAULT_BASE = "https://w3id.org/iacoll/"

IACOLL = Namespace(DEFAULT_BASE + "def#")
IACOLL_SH = Namespace(DEFAULT_BASE + "shapes#")
VOCAB = Namespace(DEFAULT_BASE + "vocab/")
ID = Namespace(DEFAULT_BASE + "id/")
ONTOLOGY_IRI = URIRef(DEFAULT_BASE + "def")
SHAPES_IRI = URIRef(DEFAULT_BASE + "shapes/1.0.0")

DCT = DCTERMS
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCAT_RESOURCE = URIRef(str(DCAT) + "resource")  # DCAT 3, missing from rdflib's closed DCAT
ADMS = Namespace("http://www.w3.org/ns/adms#")
CV = Namespace("http://data.europa.eu/m8g/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VOID = Namespace("http://rdfs.org/ns/void#")
DQV = Namespace("http://www.w3.org/ns/dqv#")  # W3C Data Quality Vocabulary (notices)
DPV = Namespace("https://w3id.org/dpv#")
AI = Namespace("https://w3id.org/dpv/ai#")
TECH = Namespace("https://w3id.org/dpv/tech#")
RISK = Namespace("https://w3id.org/dpv/risk#")
EU_AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
AIRO = Namespace("https://w3id.org/airo#")
VAIR = Namespace("https://w3id.org/vair#")
NAL = Namespace("http://publications.europa.eu/resource/authority/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
COUNTRY = Namespace(str(NAL) + "country/")
# INSEE's geography: one IRI per code of the Code officiel géographique (commune, département,
# région), in the ontology http://rdf.insee.fr/def/geo#.
INSEE_GEO = Namespace("http://id.insee.fr/geo/")
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
ADMS_LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
AR = Namespace("http://begrippen.kadaster.nl/ar/id/concept/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
# The change feed (feeds/ldes.py): Linked Data Event Streams, TREE, Activity Streams.
LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")
AS = Namespace("https://www.w3.org/ns/activitystreams#")
# Provenance of imported records (federation/harvest.py): PAV 2.3.
PAV = Namespace("http://purl.org/pav/")
# Quantities with units (environmental footprint): QUDT schema, units and quantity kinds.
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QUANTITYKIND = Namespace("http://qudt.org/vocab/quantitykind/")

PREFIXES: dict[str, Namespace] = {
    "iacoll": IACOLL,
    "iacoll-sh": IACOLL_SH,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "sh": Namespace(str(SH)),
    "dcat": Namespace(str(DCAT)),
    "dct": Namespace(str(DCT)),
    "foaf": Namespace(str(FOAF)),
    "org": Namespace(str(ORG)),
    "prov": Namespace(str(PROV)),
    "vann": Namespace(str(VANN)),
    "dcatap": DCATAP,
    "adms": ADMS,
    "cv": CV,
    "vcard": VCARD,
    "locn": LOCN,
    "geo": GEO,
    "gsp": GSP,
    "schema": SCHEMA,
    "sd": SD,
    "frapo": FRAPO,
    "hydra": HYDRA,
    "void": VOID,
    "dpv": DPV,
    "ai": AI,
    "tech": TECH,
    "risk": RISK,
    "eu-aiact": EU_AIACT,
    "airo": AIRO,
    "vair": VAIR,
    "ar": AR,
    "spdx": SPDX,
    "igeo": IGEO,
    "pav": PAV,
    "qudt": QUDT,
    "unit": UNIT,
    "quantitykind": QUANTITYKIND,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (for readable serialisations)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def rebase(graph: Graph, base_iri: str) -> Graph:
    """Return a copy of ``graph`` with every IRI under :data:`DEFAULT_BASE` moved to ``base_iri``.

    Literals follow too: a datatype under the base (``iacoll:SIRET``); a literal that is
    itself an IRI of the base (``dct:identifier "…/id/fiche/x"``, ``sh:namespace``,
    ``vann:preferredNamespaceUri``); and IRIs of the base written ``<…>`` inside a text (the
    shapes' messages and SPARQL constraints). Other mentions of the default base in prose
    are not IRIs the data relies on and stay as written.
    """
    if base_iri == DEFAULT_BASE:
        return graph
    rebased = Graph()
    for s, p, o in graph:
        rebased.add((moved_term(s, base_iri), moved_term(p, base_iri), moved_term(o, base_iri)))
    return rebased


def moved_term(term: Node, base_iri: str) -> Node:
    """``term`` moved from :data:`DEFAULT_BASE` to ``base_iri`` as :func:`rebase` moves each
    term of a graph: an IRI under the default base, a literal (:func:`_moved_literal`); other
    terms as they are."""
    if isinstance(term, URIRef) and str(term).startswith(DEFAULT_BASE):
        return URIRef(base_iri + str(term)[len(DEFAULT_BASE) :])
    if isinstance(term, Literal):
        return _moved_literal(term, base_iri)
    return term


def _moved_literal(literal: Literal, base_iri: str) -> Literal:
    """``literal`` with the IRIs of the default base it holds or is typed with moved."""
    text, datatype = str(literal), literal.datatype
    if text.startswith(DEFAULT_BASE) and not any(c.isspace() for c in text):
        text = base_iri + text[len(DEFAULT_BASE) :]
    text = text.replace("<" + DEFAULT_BASE, "<" + base_iri)
    if datatype is not None and str(datatype).startswith(DEFAULT_BASE):
        datatype = URIRef(base_iri + str(datatype)[len(DEFAULT_BASE) :])
    if text == str(literal) and datatype == literal.datatype:
        return literal
    if literal.language:
        return Literal(text, lang=literal.language)
    return Literal(text, datatype=datatype)

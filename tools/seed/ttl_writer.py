"""A small deterministic Turtle writer for the seed files.

rdflib's serialiser orders blank nodes by their random identifiers; the seed files must come
out byte-identical from one build to the next, read top-down (record, then its system) and
keep related properties together. Blank nodes here are always used once: they are inlined.
"""

from __future__ import annotations

import re

from mapping import PREFIXES
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

# properties listed first, in this order; the others follow alphabetically
PREDICATE_ORDER = [
    "rdf:type",
    "dct:title",
    "rdfs:label",
    "foaf:name",
    "skos:prefLabel",
    "skos:altLabel",
    "iacoll:typeFiche",
    "dct:publisher",
    "dct:description",
    "adms:status",
    "iacoll:descriptionStatut",
    "schema:startDate",
    "dct:date",
    "schema:endDate",
    "iacoll:phase",
    "dcat:theme",
    "schema:audience",
    "iacoll:descriptionCible",
    "dct:contributor",
    "prov:qualifiedAttribution",
    "prov:agent",
    "dcat:hadRole",
    "iacoll:chiffreCle",
    "iacoll:evenement",
    "iacoll:pointPositif",
    "iacoll:pointVigilance",
    "dcat:landingPage",
    "foaf:page",
    "iacoll:inspirePar",
    "prov:wasInfluencedBy",
    "iacoll:peutEtreIdentiqueA",
    "iacoll:collectiviteUtilisatrice",
    "dct:isPartOf",
    "ai:hasAISystem",
    "dpv:hasSector",
    "tech:hasDeployer",
    "airo:isDeployedBy",
    "tech:hasProvider",
    "tech:hasDeveloper",
    "airo:isDevelopedBy",
    "org:classification",
    "dct:type",
    "dct:identifier",
    "iacoll:siren",
    "iacoll:codeDepartement",
    "foaf:logo",
    "org:hasPrimarySite",
    "geo:lat",
    "geo:long",
    "locn:geometry",
    "gsp:asWKT",
    "skos:editorialNote",
    "dct:conformsTo",
    "dct:source",
    "iacoll:lignes",
]
_RANK = {name: i for i, name in enumerate(PREDICATE_ORDER)}
SCHEMA_START = URIRef("https://schema.org/startDate")
DCT_DATE = URIRef("http://purl.org/dc/terms/date")
_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _qname(iri: str) -> str | None:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local == "" or _LOCAL.match(local):
                return f"{prefix}:{local}"
    return None


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


class TurtleWriter:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.used: set[str] = set()

    def term(self, node: object, indent: int) -> str:
        if isinstance(node, BNode):
            return self.bnode(node, indent)
        if isinstance(node, URIRef):
            if node == RDF.type:
                return "a"
            qname = _qname(str(node))
            if qname is None:
                return f"<{node}>"
            self.used.add(qname.split(":", 1)[0])
            return qname
        assert isinstance(node, Literal)
        text = f'"{_escape(str(node))}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{text}^^{self.term(node.datatype, indent)}"
        return text

    def _predicate_key(self, predicate: URIRef) -> tuple[int, str]:
        name = "rdf:type" if predicate == RDF.type else (_qname(str(predicate)) or str(predicate))
        return (_RANK.get(name, len(_RANK)), name)

    def body(self, subject: object, indent: int) -> list[str]:
        pad = " " * indent
        lines = []
        predicates = sorted(set(self.graph.predicates(subject)), key=self._predicate_key)
        for predicate in predicates:
            objects = [
                text
                for _, text in sorted(
                    (self._object_key(o, text), text)
                    for o in self.graph.objects(subject, predicate)
                    for text in [self.term(o, indent + 4)]
                )
            ]
            joiner = " ,\n" + pad + "    "
            lines.append(f"{pad}{self.term(predicate, indent)} {joiner.join(objects)}")
        return lines

    def _object_key(self, node: object, text: str) -> tuple[str, str]:
        """Project terms first; dated blank nodes (events) in chronological order."""
        if isinstance(node, BNode):
            for date_property in (SCHEMA_START, DCT_DATE):
                date = self.graph.value(node, date_property)
                if date is not None:
                    return (str(date), text)
        return ("" if text.startswith("iacoll:") else "~", text)

    def bnode(self, node: BNode, indent: int) -> str:
        lines = self.body(node, indent + 4)
        return "[\n" + " ;\n".join(lines) + "\n" + " " * indent + "]"

    def subject_block(self, subject: URIRef) -> str:
        lines = self.body(subject, 4)
        return f"{self.term(subject, 0)}\n" + " ;\n".join(lines) + " .\n"

    def serialise(self, subjects: list[URIRef], header: str) -> str:
        blocks = [self.subject_block(s) for s in subjects]
        prefixes = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(self.used))
        return f"{header}\n{prefixes}\n" + "\n".join(blocks)


def serialise(graph: Graph, subjects: list[URIRef], header: str) -> str:
    """Turtle for ``graph``: one block per subject of ``subjects``, blank nodes inlined."""
    named = {s for s in graph.subjects() if not isinstance(s, BNode)}
    missing = named - set(subjects)
    if missing:
        raise ValueError(f"subjects without a block: {sorted(missing)}")
    return TurtleWriter(graph).serialise(subjects, header)

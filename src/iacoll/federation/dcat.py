"""``iacoll import --from dcat``: the records of a DCAT / DCAT-AP catalogue (file or URL).

**Reading.** The source is RDF: Turtle, JSON-LD, RDF/XML, N-Triples, N3, TriG or N-Quads, told
by the file's extension, else the HTTP ``Content-Type``, else by its first bytes (what
data.gouv.fr's harvester does). A JSON-LD context given by IRI is inlined before parsing:
iacoll's own published context from the file (:mod:`.jsonld_context`), another one fetched
once with ``source.fetch``. A paged catalogue is followed through Hydra — ``hydra:next`` of a
``hydra:PartialCollectionView``, or the legacy ``hydra:nextPage`` — with ``source.fetch``, at
most :data:`~iacoll.federation.harvest.MAX_PAGES` pages; a ``next`` already read ends the walk
(a loop).

**Members.** Every resource the catalogue lists — ``dcat:resource`` (how iacoll's
``/catalogue`` lists its records), ``dcat:dataset``, ``dcat:service``, ``hydra:member`` — in the
order of the pages (by IRI within a page), then any iacoll record the source describes without
listing it (a file of records, the ``jsonld`` export). Each gives one
:class:`~iacoll.federation.harvest.Harvested`:

- an iacoll record (typed ``iacoll:Fiche``, ``iacoll:CasUsageIA``, ``iacoll:InitiativeGouvernance``
  or one of its subclasses) becomes that record: its description as the source gives it — the
  record's own triples, its blank nodes and its AI systems (``ai:hasAISystem``), which is what
  iacoll publishes as one record. When the catalogue only *lists* it (nothing said of it beyond
  its types, title, label, identifier and publisher: a page of ``/catalogue``), its IRI is
  dereferenced with ``source.fetch(iri)`` (iacoll's IRIs answer Turtle to the import's
  ``Accept``), and so are its AI systems and the organisations it cites that are neither
  published here nor described by the source. The organisations it names that are not
  published yet come after it, as their own records;
- anything else is rejected, and says what it is: a dataset (« jeu de données, pas un cas
  d'usage d'IA »), a data service, a catalogue, or a resource of another type. A dataset of a
  data portal is never turned into a use case.

**IRIs.** An iacoll IRI (``https://w3id.org/iacoll/id/…``) is kept: importing iacoll's own
catalogue updates the same records. An iacoll instance served under another base IRI (its
records typed under ``{base}def#``) has its IRIs moved back under the default base, as the
write API does. A record of another register gets a minted IRI
(:func:`~iacoll.federation.harvest.minted`): ``id/{kind}/{prefix}-{dct:identifier, else its
IRI}``, its AI systems ``id/systeme/{prefix}-…`` and its organisations
``id/organisation/{prefix}-{dct:identifier, else name}`` (an identifier that is no SIREN, the
one iacoll keeps for an organisation, is then left out of the organisation, reported
unmapped); the **prefix** is the host name of the
catalogue (its ``dcat:Catalog`` IRI, else the source URL, else the file name without its
extension), ``www.`` dropped, dots as hyphens: ``https://data.exemple.fr/catalogue`` →
``data-exemple-fr``.

**Provenance.** The source record's own PAV provenance (``pav:importedFrom``, ``importedOn``,
``createdWith``) is left out and reported unmapped: the import engine writes this import's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node

from iacoll import sources
from iacoll.errors import IacollError
from iacoll.federation import jsonld_context
from iacoll.federation.harvest import MAX_PAGES, Harvested, Source, minted
from iacoll.model.record import Kind, NotARecordIri, Record, kind_of
from iacoll.model.upstream_organisations import Catalogue, slugify
from iacoll.namespaces import (
    AI,
    DCAT,
    DCAT_RESOURCE,
    DCT,
    DEFAULT_BASE,
    FOAF,
    HYDRA,
    IACOLL,
    ID,
    ORG,
    PAV,
    RDF,
    SKOS,
)

CROSSWALK = "dcat"

# What lists a catalogue's members.
LISTING = (DCAT_RESOURCE, DCAT.dataset, DCAT.service, HYDRA.member)
NEXT = (HYDRA.next, HYDRA.nextPage)
RANGES = {DCAT.dataset: DCAT.Dataset, DCAT.service: DCAT.DataService}
# What a catalogue page may say of a member it only lists (iacoll's /catalogue: types, title,
# publisher; the labels and identifiers harvesters expect).
LISTED_ONLY = frozenset({RDF.type, DCT.title, RDFS.label, DCT.identifier, DCT.publisher})
# What a page says of an agent it cites (iacoll's /catalogue: catalogue_pages.CONTEXT_PROPERTIES).
CITED_ONLY = frozenset({RDF.type, SKOS.prefLabel, SKOS.inScheme, DCT.title, FOAF.name, DCT.type})
# The source's own provenance, replaced by this import's (harvest.with_provenance).
PROVENANCE = (PAV.importedFrom, PAV.importedOn, PAV.createdWith)
AGENT_TYPES = (FOAF.Agent, FOAF.Organization, ORG.Organization)
SIREN = re.compile(r"[0-9]{9}")

SUFFIXES = {
    ".ttl": "turtle",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".nt": "nt",
    ".n3": "n3",
    ".trig": "trig",
    ".nq": "nquads",
}
MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/n-triples": "nt",
    "text/n3": "n3",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
QUADS = ("trig", "nquads")

REASONS: dict[URIRef, tuple[str, str]] = {
    DCAT.Dataset: ("jeu de données, pas un cas d'usage d'IA", "a dataset, not an AI use case"),
    URIRef(f"{DCAT}DatasetSeries"): (
        "série de jeux de données, pas un cas d'usage d'IA",
        "a dataset series, not an AI use case",
    ),
    DCAT.DataService: (
        "service de données, pas un cas d'usage d'IA",
        "a data service, not an AI use case",
    ),
    DCAT.Catalog: ("catalogue, pas un cas d'usage d'IA", "a catalogue, not an AI use case"),
}


class CatalogueUnreadable(IacollError):
    """A catalogue (or one of its pages) that cannot be read as RDF."""

    status = 400


@cache
def record_classes() -> dict[URIRef, Kind]:
    """The classes of iacoll records and the kind each one is: ``iacoll:CasUsageIA`` →
    ``cas-usage``, ``iacoll:InitiativeGouvernance`` and its subclasses (read from the
    ontology) → ``initiative``; ``iacoll:Fiche`` (kind from the IRI) → ``cas-usage`` by default."""
    ontology = Graph().parse(sources.ONTOLOGY_DIR / "iacoll.ttl")
    found: dict[URIRef, Kind] = {IACOLL.CasUsageIA: "cas-usage"}
    todo = [IACOLL.InitiativeGouvernance]
    while todo:
        cls = todo.pop()
        found[cls] = "initiative"
        todo += [s for s in ontology.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef)]
    found[IACOLL.Fiche] = "cas-usage"
    return found


# --- reading the source -------------------------------------------------------------------


def syntax(location: str, media_type: str | None, data: bytes) -> str:
    """rdflib's name of the syntax of ``data``: by ``location``'s extension, else
    ``media_type``, else by its first bytes."""
    suffix = Path(urlparse(location).path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if media_type and media_type.split(";")[0].strip().lower() in MEDIA_TYPES:
        return MEDIA_TYPES[media_type.split(";")[0].strip().lower()]
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if start.startswith((b"{", b"[")):
        return "json-ld"
    if start.startswith(b"<?xml") or start.startswith(b"<rdf:RDF"):
        return "xml"
    return "turtle"  # N-Triples is Turtle too; TriG is tried when Turtle fails


def parse(
    data: bytes,
    location: str,
    media_type: str | None = None,
    fetch: Callable[[str], bytes] | None = None,
) -> Graph:
    """The triples of ``data`` (a dataset's graphs merged); relative IRIs resolve against
    ``location``."""
    fmt = syntax(location, media_type, data)
    base = location if _is_url(location) else Path(location).resolve().as_uri()
    try:
        if fmt == "json-ld":
            data = _inline_contexts(data, fetch)
        if fmt in QUADS:
            return _merged(data, fmt, base)
        try:
            return Graph().parse(data=data, format=fmt, publicID=base)
        except Exception:
            if fmt != "turtle":
                raise
            return _merged(data, "trig", base)  # a TriG file named or served as something else
    except IacollError:
        raise
    except Exception as exc:  # rdflib raises many kinds for bad input
        raise CatalogueUnreadable(
            f"« {location} » n'est pas un catalogue RDF lisible ({fmt}) : {exc}",
            detail=f"{location} is not readable RDF ({fmt}): {exc}",
        ) from exc


def _merged(data: bytes, fmt: str, base: str) -> Graph:
    dataset = Dataset()
    dataset.parse(data=data, format=fmt, publicID=base)
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _inline_contexts(data: bytes, fetch: Callable[[str], bytes] | None) -> bytes:
    """The JSON-LD document with every ``@context`` given by IRI replaced by its content:
    iacoll's published contexts from their files, others fetched once (never by rdflib)."""
    document = json.loads(data)
    found: dict[str, Any] = {}

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if not isinstance(value, str):
            return value
        if value not in found:
            found[value] = _context_of(value, fetch)
        return found[value]

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: resolve(v) if k == "@context" else walk(v) for k, v in value.items()}
        return value

    return json.dumps(walk(document)).encode()


def _context_of(iri: str, fetch: Callable[[str], bytes] | None) -> Any:
    match = re.fullmatch(r"(.*/)contexte/([^/]+)\.jsonld", iri)
    if match and match.group(2) in jsonld_context.versions():
        return jsonld_context.context(match.group(1), match.group(2))
    body = fetch(iri) if fetch is not None else b""
    if not body:
        raise CatalogueUnreadable(
            f"Contexte JSON-LD illisible : « {iri} ».", detail=f"Unreadable JSON-LD context {iri}."
        )
    return json.loads(body).get("@context", {})


@dataclass
class Pages:
    """The catalogue's pages read so far: their merged graph and the members in order."""

    graph: Graph = field(default_factory=Graph)
    members: list[tuple[URIRef, int]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def read_pages(source: Source) -> Pages:
    """Every page of the catalogue, following Hydra's ``next`` (or ``nextPage``)."""
    pages = Pages()
    seen: set[URIRef] = set()
    data, location, media = source.data, source.location, source.media_type
    while True:
        page = parse(data, location, media, source.fetch)
        pages.urls.append(location)
        pages.graph += page
        listed = {m for prop in LISTING for m in page.objects(None, prop) if isinstance(m, URIRef)}
        for prop, cls in RANGES.items():  # DCAT 3: what dcat:dataset lists is a dcat:Dataset
            for member in page.objects(None, prop):
                if (member, RDF.type, None) not in page:
                    pages.graph.add((member, RDF.type, cls))
        number = len(pages.urls)
        pages.members += [(m, number) for m in sorted(listed - seen)]
        seen |= listed
        following = sorted({str(n) for prop in NEXT for n in page.objects(None, prop)})
        following = [url for url in following if url not in pages.urls and url != location]
        if not following:
            return pages
        if len(pages.urls) >= MAX_PAGES:
            raise CatalogueUnreadable(
                f"Le catalogue a plus de {MAX_PAGES} pages : import interrompu.",
                detail=f"The catalogue has more than {MAX_PAGES} pages.",
            )
        location, media = following[0], None
        data = source.fetch(location)
        if not data:
            raise CatalogueUnreadable(
                f"Page suivante du catalogue vide ou illisible : « {location} ».",
                detail=f"Empty or unreadable next page {location}.",
            )


# --- records ------------------------------------------------------------------------------


def closure(graph: Graph, node: Node, parts: bool = True) -> Graph:
    """The triples of ``node``, of the blank nodes under it and, when ``parts``, of its AI
    systems (``ai:hasAISystem``): one record as iacoll publishes it."""
    out = Graph()
    todo, done = [node], set()
    while todo:
        subject = todo.pop()
        if subject in done:
            continue
        done.add(subject)
        for p, o in graph.predicate_objects(subject):
            out.add((subject, p, o))
            if isinstance(o, BNode) or (parts and p == AI.hasAISystem and subject == node):
                todo.append(o)
    return out


def _listed_only(graph: Graph, node: Node, allowed: frozenset[URIRef]) -> bool:
    return all(p in allowed for p in graph.predicates(node, None))


def _kind(graph: Graph, node: URIRef) -> Kind | None:
    """The kind of record ``node`` is, None when it is no iacoll record."""
    classes = record_classes()
    kinds = [
        classes[t] for t in graph.objects(node, RDF.type) if isinstance(t, URIRef) and t in classes
    ]
    if not kinds:
        return None
    try:
        found = kind_of(str(node))
        if found in kinds or IACOLL.Fiche in set(graph.objects(node, RDF.type)):
            return found
    except NotARecordIri:
        pass
    return "initiative" if "initiative" in kinds else "cas-usage"


def instance_base(graph: Graph) -> str | None:
    """The base IRI of an iacoll instance whose records the graph holds, when it is not the
    default one (its classes are ``{base}def#…``)."""
    for cls in sorted({str(o) for o in graph.objects(None, RDF.type)}):
        if cls.endswith("def#Fiche") and not cls.startswith(DEFAULT_BASE):
            return cls[: -len("def#Fiche")]
    return None


def unbased(graph: Graph, base: str) -> Graph:
    """``graph`` with the IRIs under ``base`` moved under the default base."""
    out = Graph()
    for triple in graph:
        out.add(tuple(_home(t, base) for t in triple))  # type: ignore[arg-type]
    return out


def _home(term: Node, base: str) -> Node:
    if isinstance(term, URIRef) and str(term).startswith(base):
        return URIRef(DEFAULT_BASE + str(term)[len(base) :])
    return term


def catalogue_prefix(graph: Graph, location: str) -> str:
    """The prefix of the IRIs minted for this catalogue's foreign records: the host name of
    its ``dcat:Catalog`` IRI, else of the source URL, else the file name."""
    catalogues = sorted(str(c) for c in graph.subjects(RDF.type, DCAT.Catalog))
    for candidate in [*catalogues, location]:
        host = urlparse(candidate).hostname if _is_url(candidate) else None
        if host:
            return slugify(host.removeprefix("www.").replace(".", " "))
    return slugify(Path(location).stem.replace(".", " ").replace("_", " ")) or "dcat"


@dataclass
class Reader:
    """Turns the members of the catalogue's merged graph into records."""

    source: Source
    catalogue: Catalogue
    pages: Pages
    graph: Graph = field(init=False)
    fetched: set[str] = field(default_factory=set)
    _base: str | None = None

    def __post_init__(self) -> None:
        self.graph = self.pages.graph

    def dereference(self, iri: URIRef) -> str | None:
        """Add what ``iri`` answers to the graph; the reason when it cannot be read."""
        if str(iri) in self.fetched or not _is_url(str(iri)):
            return None
        self.fetched.add(str(iri))
        try:
            data = self.source.fetch(str(iri))
            if not data:
                return "réponse vide"
            self.graph += closure(parse(data, str(iri), None, self.source.fetch), iri, False)
        except IacollError as exc:
            return exc.message
        return None

    def complete(self, member: URIRef) -> str | None:
        """Dereference ``member`` (and its AI systems, and the unknown organisations it cites)
        when the source only lists it; the reason when it cannot be read."""
        if _listed_only(self.graph, member, LISTED_ONLY) and (
            _kind(self.graph, member) is not None or (member, RDF.type, None) not in self.graph
        ):
            problem = self.dereference(member)
            if problem is not None:
                return problem
        if _kind(self.graph, member) is None:
            return None
        for system in list(self.graph.objects(member, AI.hasAISystem)):
            if isinstance(system, URIRef) and (system, None, None) not in self.graph:
                self.dereference(system)
        for agent in self.agents(closure(self.graph, member)):
            home = str(_home(agent, self.base or DEFAULT_BASE))
            if home not in self.known and _listed_only(self.graph, agent, CITED_ONLY):
                self.dereference(agent)
        return None

    @cached_property
    def known(self) -> frozenset[str]:
        """The organisations already published."""
        return frozenset(str(o) for o in self.catalogue.organisations.subjects())

    @property
    def base(self) -> str | None:
        """The instance base of the records read so far (:func:`instance_base`)."""
        if self._base is None:
            self._base = instance_base(self.graph)
        return self._base

    def agents(self, record: Graph) -> list[URIRef]:
        """The organisations ``record`` cites: typed agents of the source, or iacoll
        organisation IRIs."""
        base = self.base or DEFAULT_BASE
        found = set()
        for o in record.objects():
            if not isinstance(o, URIRef):
                continue
            typed = any((o, RDF.type, t) in self.graph for t in AGENT_TYPES)
            if typed or str(o).startswith(f"{base}id/organisation/"):
                found.add(o)
        return sorted(found)


def read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]:
    """One :class:`Harvested` per resource the catalogue lists (and per record it describes
    without listing it)."""
    pages = read_pages(source)
    reader = Reader(source, catalogue, pages)
    members = list(pages.members)
    listed = {m for m, _ in members}
    classes = [*record_classes(), *REASONS]
    described = sorted(
        {
            s
            for cls in classes
            for s in pages.graph.subjects(RDF.type, cls)
            if isinstance(s, URIRef) and s not in listed and cls != DCAT.Catalog
        }
    )
    members += [(m, len(pages.urls)) for m in described]
    problems = {member: reader.complete(member) for member, _ in members}
    base = instance_base(reader.graph)
    graph = unbased(reader.graph, base) if base else reader.graph
    prefix = catalogue_prefix(graph, source.location)
    multi_page = len(pages.urls) > 1
    for member, page in members:
        where = f"page {page}, <{member}>" if multi_page else f"<{member}>"
        home = URIRef(str(_home(member, base))) if base else member
        yield _harvest(graph, home, member, where, prefix, reader.known, problems[member])


def _harvest(
    graph: Graph,
    member: URIRef,
    original: URIRef,
    where: str,
    prefix: str,
    known: frozenset[str],
    problem: str | None,
) -> Harvested:
    identifier = min((str(i) for i in graph.objects(member, DCT.identifier)), default=None)
    item = Harvested(where, identifier or str(original))
    item.registry = f"dcat-{prefix}"  # each catalogue is its own register (withdrawals)
    kind = _kind(graph, member)
    if kind is None:
        item.rejected, item.rejected_en = _reason(graph, member, problem)
        # A typed resource of another kind (a dataset, a data service…) is not a record: it is
        # left out without blocking withdrawals; an unreadable one is a rejection.
        item.ignored = bool(set(graph.objects(member, RDF.type)))
        return item
    record = closure(graph, member)
    item.unmapped = sorted({_curie(p) for p in PROVENANCE if (member, p, None) in record})
    for prop in PROVENANCE:
        record.remove((member, prop, None))
    renames: dict[URIRef, URIRef] = {}
    if not _is_iacoll(member):
        item.source_url = str(original) if _is_url(str(original)) else None
        renames[member] = minted(kind, prefix, identifier or str(member))
        for system in record.objects(member, AI.hasAISystem):
            if isinstance(system, URIRef) and not _is_iacoll(system):
                renames[system] = URIRef(f"{ID}systeme/{prefix}-{_slug(str(system))}")
    organisations: list[Record] = []
    for agent in _agents(graph, record):
        if not _is_iacoll(agent):
            renames.setdefault(agent, _agent_iri(graph, agent, prefix))
        iri = renames.get(agent, agent)
        if str(iri) in known or (agent, None, None) not in graph:
            continue
        if _listed_only(graph, agent, CITED_ONLY) and _is_iacoll(agent):
            continue  # named, not described: the write path says whether it is known
        described = closure(graph, agent, False)
        if not _is_iacoll(agent):
            for value in list(described.objects(agent, DCT.identifier)):
                if not SIREN.fullmatch(str(value)):  # iacoll's organisation identifier
                    described.remove((agent, DCT.identifier, value))
                    item.unmapped.append("dct:identifier (organisation)")
        organisations.append(Record(iri, _renamed(described, renames)))
    iri = renames.get(member, member)
    if iri != member:
        item.guesses.append(f"IRI <{member}> → <{iri}> (préfixe « {prefix} »)")
    item.records = [Record(iri, _renamed(record, renames)), *organisations]
    return item


def _agents(graph: Graph, record: Graph) -> list[URIRef]:
    found = set()
    for o in record.objects():
        if isinstance(o, URIRef) and (
            any((o, RDF.type, t) in graph for t in AGENT_TYPES)
            or str(o).startswith(f"{ID}organisation/")
        ):
            found.add(o)
    return sorted(found)


def _agent_iri(graph: Graph, agent: URIRef, prefix: str) -> URIRef:
    identifier = min((str(i) for i in graph.objects(agent, DCT.identifier)), default=None)
    name = min((str(n) for n in graph.objects(agent, FOAF.name)), default=None)
    return minted("organisation", prefix, identifier or name or str(agent))


def _renamed(graph: Graph, renames: dict[URIRef, URIRef]) -> Graph:
    if not renames:
        return graph
    out = Graph()
    for triple in graph:
        out.add(tuple(_rename(t, renames) for t in triple))  # type: ignore[arg-type]
    return out


def _rename(term: Node, renames: dict[URIRef, URIRef]) -> Node:
    return renames.get(term, term) if isinstance(term, URIRef) else term


def _is_iacoll(iri: Node) -> bool:
    return str(iri).startswith(str(ID))


def _slug(iri: str) -> str:
    tail = re.sub(r"[#/?]+$", "", iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return slugify(tail.replace("_", " ").replace(".", " "), limit=80) or "systeme"


def _curie(prop: URIRef) -> str:
    return "pav:" + str(prop).rsplit("/", 1)[-1]


def _reason(graph: Graph, member: URIRef, problem: str | None) -> tuple[str, str]:
    types = set(graph.objects(member, RDF.type))
    for cls, (fr, en) in REASONS.items():
        if cls in types:
            return fr, en
    if types:
        named = ", ".join(sorted(_short(t) for t in types))
        return (
            f"ressource de type {named}, ni un cas d'usage d'IA ni une initiative",
            f"a resource of type {named}, neither an AI use case nor an initiative",
        )
    if problem:
        return (
            f"ressource seulement citée, illisible à son adresse : {problem}",
            f"a resource only listed, unreadable at its IRI: {problem}",
        )
    return (
        "ressource sans type ni description : ni un cas d'usage d'IA ni une initiative",
        "a resource with no type nor description: neither an AI use case nor an initiative",
    )


def _short(iri: Node) -> str:
    text = str(iri)
    for prefix, namespace in (("dcat", DCAT), ("iacoll", IACOLL), ("foaf", FOAF), ("owl", OWL)):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return f"<{text}>"

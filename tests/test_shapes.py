"""The iacoll profile shapes (``shapes/*.ttl``) against their fixtures.

Driven by the files. ``tests/fixtures/shapes/valid/`` is a complete use case (public and
restricted parts, its organisation and AI system) and a governance initiative: with the
vocabularies it gives no result at all. Each file of ``tests/fixtures/shapes/invalid/`` adds one
defect to that context (a new resource, or triples added to a valid one) and states in its
comment header the top-level results it must give, exactly::

    # expect: Organisation-siret-cle                 (local name in iacoll-sh:)
    #   focus: org-id:organisation-test              (a CURIE, optionally then a property path)
    #   path: adms:identifier/skos:notation          (CURIEs joined by "/", or "-" for none)
    #   severity: Violation
    #   fr: <the French message>
    #   en: <the English message>

Every constraint of the shapes must be exercised by at least one fixture, and the shapes must
conform to SHACL-SHACL. Validation follows ``iacoll.validation``: pySHACL, ``inference="none"``,
the ontology and vocabularies loaded into the data graph, top-level ``sh:result``s only.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from iacoll import sources
from iacoll.model.fields import FIELDS, Field
from iacoll.namespaces import DCT, EU_AIACT, FOAF, IACOLL, IACOLL_SH, OWL, PREFIXES, SHAPES_IRI
from iacoll.validation import PreparedQueryGraph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
SHAPE_FILES = sorted(sources.SHAPES_DIR.glob("*.ttl"))
PUBLIC_SHAPES = sources.SHAPES_DIR / "iacoll.ttl"
CONTEXT = [sources.ONTOLOGY_DIR / "iacoll.ttl", *sorted(sources.VOCABULARY_DIR.glob("*.ttl"))]
SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
EU_AIACT_TTL = sources.ROOT.parent / "shared" / "ext" / "ai" / "dpv-2.3" / "eu-aiact.ttl"

# Constraint parameter -> the constraint component pySHACL reports (SHACL Core and SPARQL).
COMPONENTS = {
    SH[name]: SH[f"{component}ConstraintComponent"]
    for name, component in {
        "class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind",
        "minCount": "MinCount", "maxCount": "MaxCount", "minInclusive": "MinInclusive",
        "maxInclusive": "MaxInclusive", "minExclusive": "MinExclusive",
        "maxExclusive": "MaxExclusive", "minLength": "MinLength", "maxLength": "MaxLength",
        "pattern": "Pattern", "languageIn": "LanguageIn", "uniqueLang": "UniqueLang",
        "equals": "Equals", "disjoint": "Disjoint", "lessThan": "LessThan",
        "lessThanOrEquals": "LessThanOrEquals", "not": "Not", "and": "And", "or": "Or",
        "xone": "Xone", "node": "Node", "qualifiedMinCount": "QualifiedMinCount",
        "qualifiedMaxCount": "QualifiedMaxCount", "closed": "Closed", "hasValue": "HasValue",
        "in": "In", "sparql": "SPARQL",
    }.items()
}  # fmt: skip
# Shapes used as operands (no sh:detail from pySHACL): exercised through the shape using them.
OPERAND_LINKS = (SH["or"], SH["and"], SH.xone, SH["not"], SH.qualifiedValueShape)
SEVERITIES = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}
# Upstream-required fields that the profile deliberately does not require, and why.
NOT_REQUIRED = {"projet_contact": "required by the upstream schema, not by its field table"}
# The targets where a field's node (iacoll.model.fields) is checked.
FIELD_NODE_TARGETS = {
    # iacoll-sh:FicheRedigee: the records written in iacoll (a SPARQL target: not imported).
    "fiche": {
        (SH.targetClass, IACOLL.Fiche),
        (SH.targetClass, IACOLL.CasUsageIA),
        (SH.target, IACOLL_SH.FicheRedigee),
    },
    "systeme": {(SH.targetClass, IACOLL.SystemeIA)},
    # iacoll-sh:Porteur: a SPARQL target (the publishers of a record), named after its shape.
    "organisation": {(SH.targetClass, FOAF.Agent), (SH.target, IACOLL_SH.Porteur)},
}


@dataclass(frozen=True)
class Outcome:
    """A top-level result, reduced to what a fixture asserts."""

    shape: Node
    focus: Node
    path: tuple[Node, ...]
    severity: Node
    messages: frozenset[tuple[str, str]]

    def __str__(self) -> str:
        path = "/".join(str(p) for p in self.path) or "-"
        return (
            f"{self.shape} focus={self.focus!r} path={path} {self.severity} {sorted(self.messages)}"
        )


def read_graph(paths: list[Path]) -> Graph:
    return sources.read_all(paths)


@functools.cache
def shapes(public_only: bool = False) -> Graph:
    return read_graph([PUBLIC_SHAPES] if public_only else SHAPE_FILES)


@functools.cache
def context(restricted: bool = True) -> Graph:
    valid = [p for p in VALID if restricted or p.name != "restreint.ttl"]
    return read_graph([*CONTEXT, *valid])


def data_graph(*parts: Graph) -> PreparedQueryGraph:
    graph = PreparedQueryGraph()
    for part in parts:
        graph += part
    return graph


def validate(data: PreparedQueryGraph, public_only: bool = False) -> Graph:
    """Validate ``data`` in place: a copy made by pySHACL would be a plain ``Graph``, parsing
    each SPARQL constraint's text again for every focus node. Without inference and without
    rules in the shapes, validation only reads the data graph (built for each call here)."""
    size = len(data)
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes(public_only),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    assert len(data) == size, "validation changed the data graph"
    return report


def top_results(report: Graph) -> list[Node]:
    return list(report.objects(None, SH.result))


def all_results(report: Graph) -> Iterator[Node]:
    """Top-level results and, recursively, their ``sh:detail``s."""
    pending = top_results(report)
    while pending:
        result = pending.pop()
        yield result
        pending.extend(report.objects(result, SH.detail))


def path_steps(graph: Graph, path: Node | None) -> tuple[Node, ...]:
    """A predicate or a sequence path as the tuple of its predicates."""
    if path is None:
        return ()
    if isinstance(path, BNode):
        return tuple(Collection(graph, path))
    return (path,)


def outcome(report: Graph, result: Node) -> Outcome:
    messages = list(report.objects(result, SH.resultMessage))
    assert all(isinstance(m, Literal) and m.language for m in messages), messages
    return Outcome(
        shape=report.value(result, SH.sourceShape),
        focus=report.value(result, SH.focusNode),
        path=path_steps(report, report.value(result, SH.resultPath)),
        severity=report.value(result, SH.resultSeverity),
        messages=frozenset((m.language, str(m)) for m in messages if isinstance(m, Literal)),
    )


def read_expectations(path: Path) -> list[dict[str, str]]:
    """The ``# expect:`` blocks of a fixture's comment header."""
    blocks: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, _, value = line[1:].strip().partition(": ")
        if key == "expect":
            blocks.append({"shape": value})
        elif blocks and key in {"focus", "path", "severity", "fr", "en"}:
            blocks[-1][key] = value
    return blocks


def declared_prefixes(path: Path) -> dict[str, str]:
    """The ``@prefix`` declarations of a Turtle file (rdflib renames some on parsing)."""
    return dict(re.findall(r"^@prefix ([\w-]*): <([^>]*)> \.$", path.read_text(), re.M))


def expected_outcome(block: dict[str, str], prefixes: dict[str, str], data: Graph) -> Outcome:
    def expand(curie: str) -> URIRef:
        prefix, _, local = curie.partition(":")
        return URIRef(prefixes[prefix] + local)

    start, _, steps = block["focus"].partition(" ")
    if steps:
        found = data.query(
            f"SELECT ?focus WHERE {{ <{expand(start)}> {steps} ?focus }}", initNs=prefixes
        )
        foci = [row[0] for row in found]
        assert len(foci) == 1, f"focus « {block['focus']} » names {len(foci)} nodes"
        focus: Node = foci[0]
    else:
        focus = expand(start)
    path = () if block["path"] == "-" else tuple(expand(p) for p in block["path"].split("/"))
    return Outcome(
        shape=IACOLL_SH[block["shape"]],
        focus=focus,
        path=path,
        severity=SEVERITIES[block["severity"]],
        messages=frozenset({("fr", block["fr"]), ("en", block["en"])}),
    )


@functools.cache
def run_fixture(path: Path) -> tuple[Graph, Graph]:
    """(data graph, report) of an invalid fixture, validated once per session."""
    data = data_graph(context(), read_graph([path]))
    return data, validate(data)


def constraints(graph: Graph) -> set[tuple[Node, Node]]:
    """(shape, constraint component) for every named shape of iacoll-sh: with a constraint."""
    return {
        (shape, component)
        for parameter, component in COMPONENTS.items()
        for shape in graph.subjects(parameter, None)
        if isinstance(shape, URIRef) and shape.startswith(str(IACOLL_SH))
    }


def operands_of(graph: Graph, shape: Node) -> Iterator[Node]:
    """Shapes that ``shape`` uses as operands, and the shapes those hang from."""
    for link in OPERAND_LINKS:
        for value in graph.objects(shape, link):
            members = (
                Collection(graph, value) if link in (SH["or"], SH["and"], SH.xone) else [value]
            )
            for member in members:
                yield member
                yield from graph.objects(member, SH.property)


# ------------------------------------------------------------------------------------------
# The shapes graph
# ------------------------------------------------------------------------------------------


def test_shapes_conform_to_shacl_shacl() -> None:
    conforms, _, text = pyshacl.validate(
        shapes(), shacl_graph=read_graph([SHACL_SHACL]), inference="none"
    )
    assert conforms, text


def test_shapes_graph_is_described() -> None:
    graph = shapes()
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(SHAPES_IRI, OWL.versionInfo)
    titles = {t.language for t in graph.objects(SHAPES_IRI, DCT.title) if isinstance(t, Literal)}
    assert titles >= {"fr", "en"}


def languages(graph: Graph, subject: Node, predicate: URIRef) -> list[str | None]:
    return [
        o.language if isinstance(o, Literal) else None for o in graph.objects(subject, predicate)
    ]


@pytest.mark.parametrize(
    "shape", sorted({s for s, _ in constraints(shapes())}), ids=lambda s: s.split("#")[-1]
)
def test_every_constraint_is_documented(shape: URIRef) -> None:
    graph = shapes()
    assert graph.value(shape, SH.severity) in SEVERITIES.values(), "explicit sh:severity"
    for predicate in (SH.name, SH.description):
        assert sorted(languages(graph, shape, predicate)) == ["en", "fr"], predicate
    # A shape whose only constraint is SPARQL carries its messages on the SPARQL constraint.
    only_sparql = {c for s, c in constraints(graph) if s == shape} == {COMPONENTS[SH.sparql]}
    for holder in list(graph.objects(shape, SH.sparql)) if only_sparql else [shape]:
        assert sorted(languages(graph, holder, SH.message)) == ["en", "fr"], "sh:message fr/en"


def test_every_named_shape_has_a_severity() -> None:
    graph = shapes()
    named = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    assert named and sorted(s for s in named if graph.value(s, SH.severity) is None) == []


def test_every_sparql_constraint_has_both_messages() -> None:
    graph = shapes()
    for constraint in graph.objects(None, SH.sparql):
        assert sorted(languages(graph, constraint, SH.message)) == ["en", "fr"]


# ------------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("restricted", "public_only"),
    [(True, False), (False, True)],
    ids=["public and restricted data, all shapes", "public data, public shapes"],
)
def test_valid_fixtures_give_no_result(restricted: bool, public_only: bool) -> None:
    report = validate(data_graph(context(restricted)), public_only=public_only)
    assert [str(outcome(report, r)) for r in top_results(report)] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_gives_its_results(path: Path) -> None:
    data, report = run_fixture(path)
    blocks = read_expectations(path)
    assert blocks, "the fixture states no « # expect: » block"
    assert path.stem.split("--")[0] == blocks[0]["shape"], "file named after its shape"
    prefixes = declared_prefixes(path)
    expected = Counter(expected_outcome(block, prefixes, data) for block in blocks)
    actual = Counter(outcome(report, r) for r in top_results(report))
    assert actual == expected, "\n".join(
        ["missing:", *map(str, expected - actual), "unexpected:", *map(str, actual - expected)]
    )


def test_every_constraint_has_a_fixture() -> None:
    graph = shapes()
    reported = set()
    for path in INVALID:
        _, report = run_fixture(path)
        reported |= {
            (report.value(r, SH.sourceShape), report.value(r, SH.sourceConstraintComponent))
            for r in all_results(report)
        }
    exercised = {shape for shape, _ in reported}
    operands = {o for shape in exercised for o in operands_of(graph, shape)}
    missing = {(s, c) for s, c in constraints(graph) - reported if s not in operands}
    assert sorted(f"{shape} {component}" for shape, component in missing) == []


# ------------------------------------------------------------------------------------------
# The shapes and the upstream field table (iacoll.model.fields)
# ------------------------------------------------------------------------------------------


def checks_by_target(graph: Graph) -> Iterator[tuple[set[tuple[Node, Node]], Node]]:
    """(targets of its container or of itself, shape) for every targeted or contained shape."""
    for shape in set(graph.subjects(SH.path, None)) | set(graph.subjects(SH.node, None)):
        containers = [*graph.subjects(SH.property, shape), shape]
        targets = {
            (predicate, target)
            for container in containers
            for predicate in (SH.targetClass, SH.targetObjectsOf)
            for target in graph.objects(container, predicate)
        } | {(SH.target, c) for c in containers if (c, SH.target, None) in graph}
        if targets:
            yield targets, shape


@pytest.mark.parametrize(
    "field", [f for f in FIELDS if f.required and f.key not in NOT_REQUIRED], ids=lambda f: f.key
)
def test_every_required_upstream_field_has_a_presence_check(field: Field) -> None:
    graph = shapes()

    def requires(shape: Node) -> bool:
        steps = path_steps(graph, graph.value(shape, SH.path))
        minimum = graph.value(shape, SH.minCount) or graph.value(shape, SH.qualifiedMinCount)
        return bool(steps) and minimum is not None and field.path[: len(steps)] == steps

    found = [
        shape
        for targets, shape in checks_by_target(graph)
        if targets & FIELD_NODE_TARGETS[field.node] and requires(shape)
    ]
    assert found, f"no shape requires {field.key} ({'/'.join(field.path)})"


def test_shape_names_are_the_upstream_labels() -> None:
    graph = shapes()
    wrong = []
    for targets, shape in checks_by_target(graph):
        steps = path_steps(graph, graph.value(shape, SH.path))
        labels = [
            {("fr", f.label_fr), ("en", f.label_en)}
            for f in FIELDS
            if f.path == steps and targets & FIELD_NODE_TARGETS[f.node]
        ]
        names = {
            (n.language, str(n)) for n in graph.objects(shape, SH.name) if isinstance(n, Literal)
        }
        if labels and names not in labels:
            wrong.append(f"{shape}: {sorted(names)} is none of {labels}")
    assert wrong == []


# ------------------------------------------------------------------------------------------
# The SPARQL tests, value by value
# ------------------------------------------------------------------------------------------


def results_of(shape: str, data: Graph) -> list[Outcome]:
    """The top-level results of one shape when ``data`` alone is validated."""
    report = validate(data_graph(data))
    outcomes = [outcome(report, result) for result in top_results(report)]
    return [o for o in outcomes if o.shape == IACOLL_SH[shape]]


TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def organisation(**values: str) -> Graph:
    """An organisation with the given ``predicate=object`` Turtle pairs."""
    pairs = "".join(f"    {p} {o} ;\n" for p, o in values.items())
    return Graph().parse(
        format="turtle",
        data=f"{TURTLE_PREFIXES}<https://w3id.org/iacoll/id/organisation/test> a foaf:Agent ;\n"
        f'{pairs}    foaf:name "Test"@fr .\n',
    )


SIRETS = [
    ("24330031600011", True),  # Bordeaux Métropole
    ("35600000000048", True),  # La Poste, head office: an ordinary Luhn number
    ("35600000049837", True),  # a La Poste establishment: digits add up to a multiple of 5
    ("24330031600012", False),
    ("35600000049838", False),
    ("12345678901234", False),
]


@pytest.mark.parametrize(("siret", "valid"), SIRETS)
def test_siret_check_digit(siret: str, valid: bool) -> None:
    data = organisation(**{"adms:identifier": f'[ skos:notation "{siret}"^^iacoll:SIRET ]'})
    assert (results_of("Organisation-siret-cle", data) == []) is valid


@pytest.mark.parametrize(
    ("siren", "valid"),
    [("243300316", True), ("356000000", True), ("200099992", True), ("243300317", False),
     ("123456789", False)],
)  # fmt: skip
def test_siren_check_digit(siren: str, valid: bool) -> None:
    data = organisation(**{"iacoll:siren": f'"{siren}"', "dct:identifier": f'"{siren}"'})
    found = results_of("Organisation-siren-cle", data) + results_of(
        "Organisation-identifiant-cle", data
    )
    assert len(found) == (0 if valid else 2)


PLACES = [  # (place, latitude, longitude, in France)
    ("Paris", "48.8566", "2.3522", True),
    ("Bonifacio", "41.3875", "9.1594", True),
    ("Pointe-à-Pitre", "16.2411", "-61.5331", True),
    ("Fort-de-France", "14.6161", "-61.0588", True),
    ("Cayenne", "4.9224", "-52.3135", True),
    ("Saint-Denis (La Réunion)", "-20.8823", "55.4504", True),
    ("Mamoudzou", "-12.7806", "45.2279", True),
    ("Saint-Pierre", "46.7811", "-56.1764", True),
    ("Gustavia", "17.8962", "-62.8498", True),
    ("Marigot", "18.0675", "-63.0825", True),
    ("Papeete", "-17.5516", "-149.5585", True),
    ("Nouméa", "-22.2758", "166.4580", True),
    ("Mata-Utu", "-13.2825", "-176.1745", True),
    ("Atlantic off Vendée", "46.2", "-12.5", False),
    ("Madrid", "40.4168", "-3.7038", False),
    ("London", "51.5074", "-0.1278", False),
    ("Dominica", "15.4150", "-61.3710", False),
    ("Paris, swapped", "2.3522", "48.8566", False),
]


@pytest.mark.parametrize(("place", "lat", "long", "inside"), PLACES, ids=[p[0] for p in PLACES])
def test_head_office_in_france(place: str, lat: str, long: str, inside: bool) -> None:
    site = f'[ geo:lat "{lat}"^^xsd:decimal ; geo:long "{long}"^^xsd:decimal ]'
    data = organisation(**{"org:hasPrimarySite": site})
    assert (results_of("Site-france", data) == []) is inside


def test_annex_clause_matches_the_high_risk_level() -> None:
    """Each Annex clause of DPV eu-aiact at each high level: A6-1 wants Annex I, A6-2 Annex III."""
    dpv = Graph().parse(EU_AIACT_TTL)
    clauses = {
        clause: parent
        for clause, parent in dpv.subject_objects(SKOS.broader)
        if str(clause).startswith(str(EU_AIACT) + "HighRiskAISystem-Annex")
    }
    assert len(clauses) == 45
    levels = [
        EU_AIACT["RiskLevelHigh"],
        EU_AIACT["RiskLevelHigh-A6-1"],
        EU_AIACT["RiskLevelHigh-A6-2"],
    ]
    data, expected = Graph(), set()
    for n, (clause, parent) in enumerate(sorted(clauses.items())):
        for level in levels:
            system = URIRef(f"https://w3id.org/iacoll/id/systeme/s{n}-{str(level)[-3:]}")
            data += [(system, RDF.type, IACOLL.SystemeIA), (system, EU_AIACT.hasRiskLevel, level),
                     (system, SKOS.broader, clause)]  # fmt: skip
            if str(level)[-4:] in {"A6-1", "A6-2"} and not str(parent).endswith(str(level)[-4:]):
                expected.add(system)
    assert {o.focus for o in results_of("SystemeIA-annexe", data)} == expected


def test_only_publishers_of_records_are_held_to_the_carrier_fields() -> None:
    """A document's or the catalogue's publisher is no carrier: no coll_* warning for it."""
    extra = Graph().parse(
        format="turtle",
        data="""
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix org: <http://www.w3.org/ns/org#> .
        <https://w3id.org/iacoll/id/document/d> a foaf:Document ;
            dct:publisher <https://w3id.org/iacoll/id/organisation/editeur> .
        <https://w3id.org/iacoll/id/organisation/editeur> a foaf:Agent, org:Organization ;
            foaf:name "Éditeur"@fr .
        """,
    )
    report = validate(data_graph(context(), extra))
    editor = URIRef("https://w3id.org/iacoll/id/organisation/editeur")
    carrier = [
        r
        for r in top_results(report)
        if str(report.value(r, SH.sourceShape)).startswith(str(IACOLL_SH.Porteur))
    ]
    assert [report.value(r, SH.focusNode) for r in carrier] == []
    # The same organisation publishing a record is a carrier: its four coll_* fields are due.
    fiche = URIRef("https://w3id.org/iacoll/id/initiative/charte-exemple")
    extra.add((fiche, DCT.publisher, editor))
    report = validate(data_graph(context(), extra))
    carrier = {
        str(report.value(r, SH.sourceShape)).split("#")[-1]
        for r in top_results(report)
        if report.value(r, SH.focusNode) == editor
        and str(report.value(r, SH.sourceShape)).startswith(str(IACOLL_SH.Porteur))
    }
    assert carrier == {"Porteur-type", "Porteur-siret", "Porteur-siege", "Porteur-logo"}


def test_vocabulary_shapes_enumerate_exactly_their_scheme() -> None:
    """Closed ``sh:in`` lists: a data file declaring ``skos:inScheme`` cannot extend them."""
    graph = shapes()
    vocabularies = read_graph(sorted(sources.VOCABULARY_DIR.glob("*.ttl")))
    membership = sorted(
        s for s in graph.subjects(SH["in"], None) if (s, RDFS.seeAlso, None) in graph
    )
    schemes = {graph.value(shape, RDFS.seeAlso) for shape in membership}
    assert len(membership) == len(schemes) == 21
    for shape in membership:
        scheme = graph.value(shape, RDFS.seeAlso)
        listed = list(Collection(graph, graph.value(shape, SH["in"])))
        expected = set(vocabularies.subjects(SKOS.inScheme, scheme))
        assert expected, f"{scheme} has no concept"
        assert set(listed) == expected and len(listed) == len(expected), (
            f"{shape}: run « python -m tools.vocabulary_shapes »"
        )


def test_shapes_name_only_existing_ai_act_terms() -> None:
    dpv = Graph().parse(EU_AIACT_TTL)
    named = {o for o in shapes().all_nodes() if isinstance(o, URIRef) and o.startswith(EU_AIACT)}
    assert named and sorted(t for t in named if (t, None, None) not in dpv) == []

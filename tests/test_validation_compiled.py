"""The compiled shapes against pySHACL: the same problems, record by record.

:mod:`iacoll.validation_compiled` replaces pySHACL on the write path; pySHACL stays the oracle
(``RecordValidator(engine="pyshacl")``, itself compared with pySHACL's whole-graph answer by
tests/test_validation_records.py). Both engines must give the same multiset of problems per
record on the seed, on records generated as the bench makes them, and on records broken
constraint by constraint (each mutation must bring the problem it aims at). The SPARQL queries
of the shapes, answered in Python, are also compared with rdflib query by query.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from bench.generate import records as generated_records
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, SKOS, XSD
from rdflib.term import Node

from iacoll import sources
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.namespaces import (
    ADMS,
    AI,
    DCAT,
    DCT,
    EU_AIACT,
    FOAF,
    GEO,
    IACOLL,
    IACOLL_SH,
    ID,
    ORG,
    PAV,
    PROV,
    SCHEMA,
    VCARD,
    VOCAB,
)
from iacoll.publishing.seed import seed_records
from iacoll.validation import path_text, read_shapes
from iacoll.validation_compiled import CompileError, compile_shapes
from iacoll.validation_records import RecordValidator
from iacoll.validation_sparql import SparqlConstraint
from iacoll.validation_sparql_known import (
    COUNTRIES,
    KNOWN,
    key,
    siren_key_wrong,
    siret_key_wrong,
)

QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
Answer = dict[URIRef, Counter[Problem]]


@pytest.fixture(scope="module")
def engines() -> tuple[RecordValidator, RecordValidator]:
    compiled = RecordValidator(sources.DATA_DIR, workers=1)
    assert compiled.engine == "compiled"
    return compiled, RecordValidator(sources.DATA_DIR, workers=1, engine="pyshacl")


@pytest.fixture(scope="module")
def seed() -> list[Record]:
    return seed_records(sources.DATA_DIR)


def organisations(records: list[Record]) -> Graph:
    """What a call cites: the organisations (as ``Writer._cited`` takes those of the call)."""
    cited = Graph()
    for record in records:
        if record.kind == "organisation":
            cited += record.public
    return cited


def both(
    engines: tuple[RecordValidator, RecordValidator], records: list[Record], cited: Graph
) -> tuple[Answer, Answer]:
    """(compiled, pySHACL) problems of ``records`` as multisets."""
    compiled, oracle = engines
    return tuple(  # type: ignore[return-value]
        {iri: Counter(found) for iri, found in engine.problems(records, cited).items()}
        for engine in (compiled, oracle)
    )


def assert_same(found: Answer, expected: Answer) -> None:
    assert found.keys() == expected.keys()
    for iri, problems in expected.items():
        lost, added = problems - found[iri], found[iri] - problems
        assert not lost and not added, f"{iri}: lost {list(lost)}, added {list(added)}"


def test_the_repo_shapes_compile() -> None:
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    compiled = compile_shapes(shapes)
    assert len(compiled.targeted) >= 20


def test_an_unknown_component_does_not_compile() -> None:
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    shapes.add(
        (IACOLL_SH["Fiche-titre"], URIRef("http://www.w3.org/ns/shacl#minLength"), Literal(3))
    )
    with pytest.raises(CompileError, match="MinLength"):
        compile_shapes(shapes)


def test_every_sparql_query_of_the_shapes_is_answered_in_python() -> None:
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    compiled = compile_shapes(shapes)
    queries = [q for c in compiled.compiled.values() for q in _sparql_of(c)]
    targets = [t for _, find in compiled.targeted for t in _targets_of(find)]
    assert len(queries) == 9 and len(targets) == 3
    missing = [key(q.helper) for q in queries if q.native is None]
    missing += [t.text for t in targets if t.native is None]
    assert not missing, f"queries changed: give their functions these keys {missing}"
    assert {q.mode for q in queries} == {"pure", "whole"}


def _sparql_of(compiled: object) -> list[SparqlConstraint]:
    found = []
    for component in getattr(compiled, "components", []):
        for cell in component.__closure__ or ():
            value = cell.cell_contents
            if isinstance(value, list) and value and isinstance(value[0], SparqlConstraint):
                found.extend(value)
    return found


def _targets_of(find: Callable[..., object]) -> list[object]:
    for cell in find.__closure__ or ():
        value = cell.cell_contents
        if isinstance(value, list) and value and type(value[0]).__name__ == "SparqlTarget":
            return value
    return []


@pytest.mark.parametrize("check", [siret_key_wrong, siren_key_wrong])
def test_luhn_keys_are_the_queries_answers(check: Callable[[Node], bool]) -> None:
    """The Luhn keys in Python against the shapes' query run by rdflib, on drawn values."""
    shapes = read_shapes(sorted(sources.SHAPES_DIR.glob("*.ttl")))
    compiled = compile_shapes(shapes)
    query = next(
        q
        for c in compiled.compiled.values()
        for q in _sparql_of(c)
        if KNOWN[key(q.helper)] is check
    )
    rng = random.Random(7)
    digits = 14 if check is siret_key_wrong else 9
    values: list[Node] = [Literal("35600000000048"), Literal("356000000"), BNode(), URIRef("urn:x")]
    for _ in range(60):
        text = "".join(rng.choice("0123456789") for _ in range(digits))
        values += [Literal(text), Literal(text, datatype=IACOLL.SIRET), Literal(text + "\n")]
        values += [Literal("356000000" + text[9:]), Literal(text[:-1] + "a"), Literal(text[:-1])]
    for value in values:
        assert check(value) == query._violated(Graph(), value), value


def test_seed_records_get_pyshacls_problems(
    engines: tuple[RecordValidator, RecordValidator], seed: list[Record]
) -> None:
    found, expected = both(engines, seed, organisations(seed))
    assert sum(sum(p.values()) for p in expected.values()) > 500  # not a vacuous test
    assert_same(found, expected)


def test_generated_records_get_pyshacls_problems(
    engines: tuple[RecordValidator, RecordValidator], seed: list[Record]
) -> None:
    orgs, cases = generated_records(300)
    cited = organisations([*seed, *orgs])
    for first in range(0, len(cases), 100):  # as the bench's save_many calls
        found, expected = both(engines, [*orgs, *cases[first : first + 100]], cited)
        assert any(expected.values())
        assert_same(found, expected)


# Records broken constraint by constraint -----------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """A defect given to a record of ``kind``, and what pySHACL must then find on it."""

    name: str
    kind: str
    apply: Callable[[Record, Graph, Graph], bool]  # (record, public, restricted): applied?
    expect: Callable[[Problem], bool] | None  # None: data the Python answers leave to rdflib


def at(path: str | None, severity: str | None = None) -> Callable[[Problem], bool]:
    return lambda p: p.path == path and severity in (None, p.severity)


def replace(graph: Graph, s: Node, p: URIRef, *values: Node) -> bool:
    graph.remove((s, p, None))
    for value in values:
        graph.add((s, p, value))
    return True


def system(record: Record) -> Node:
    return record.public.value(record.iri, AI.hasAISystem)


def site(public: Graph, iri: URIRef) -> Node | None:
    return public.value(iri, ORG.hasPrimarySite)


def add_node(graph: Graph, s: Node, p: URIRef, *pairs: tuple[URIRef, Node]) -> BNode:
    node = BNode()
    graph.add((s, p, node))
    for predicate, value in pairs:
        graph.add((node, predicate, value))
    return node


def bad_siret(siren: str) -> Literal:
    """A SIRET starting with ``siren`` whose Luhn key is wrong."""
    siret = next(
        f"{siren}{n:05d}"
        for n in range(10, 100)
        if siret_key_wrong(Literal(f"{siren}{n:05d}"))
        and not f"{siren}{n:05d}".startswith("356000000")
    )
    return Literal(siret, datatype=IACOLL.SIRET)


SOUS_THEMES = [VOCAB[f"sous-theme/{n}"] for n in ("accessibilite", "aide-juridique")]
T = DCT.title
CASE = "cas-usage"
ORGANISATION = "organisation"
FICHE = "fiche"  # a use case or an initiative

MUTATIONS = [
    Mutation("no title", FICHE, lambda r, g, x: replace(g, r.iri, T), at("dct:title")),
    Mutation(
        "title untagged",
        FICHE,
        lambda r, g, x: replace(g, r.iri, T, *(Literal(str(t)) for t in g.objects(r.iri, T))),
        at("dct:title"),
    ),
    Mutation(
        "two French titles",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, T, Literal("Autre titre", lang="fr")))),
        at("dct:title"),
    ),
    Mutation(
        "two carriers",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, DCT.publisher, ID["organisation/ca-la-rochelle"]))),
        at("dct:publisher"),
    ),
    Mutation(
        "unknown carrier",
        FICHE,
        lambda r, g, x: replace(g, r.iri, DCT.publisher, ID["organisation/inconnue-x"]),
        at("dct:publisher"),
    ),
    Mutation(
        "ill-typed date",
        FICHE,
        lambda r, g, x: replace(g, r.iri, DCT.modified, Literal("2024-13-45", datatype=XSD.date)),
        at("dct:modified"),
    ),
    Mutation(
        "date as text",
        FICHE,
        lambda r, g, x: replace(g, r.iri, DCT.modified, Literal("hier")),
        at("dct:modified"),
    ),
    Mutation(
        "month 13",
        FICHE,
        lambda r, g, x: replace(
            g, r.iri, SCHEMA.startDate, Literal("2024-13", datatype=XSD.gYearMonth)
        ),
        at("schema:startDate"),
    ),
    Mutation(
        "status outside the vocabulary",
        FICHE,
        lambda r, g, x: replace(g, r.iri, ADMS.status, VOCAB["statut/inconnu"]),
        at("adms:status"),
    ),
    Mutation(
        "IRI for a text",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, DCT.description, URIRef("https://example.org/x")))),
        at("dct:description"),
    ),
    Mutation(
        "page without http",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, FOAF.page, Literal("www.example.org")))),
        at("foaf:page"),
    ),
    Mutation(
        "landing page ftp",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, DCAT.landingPage, URIRef("ftp://example.org/x")))),
        at("dcat:landingPage"),
    ),
    Mutation("no theme", FICHE, lambda r, g, x: replace(g, r.iri, DCAT.theme), at("dcat:theme")),
    Mutation(
        "imported without theme",
        FICHE,
        lambda r, g, x: (
            replace(g, r.iri, DCAT.theme)
            and replace(g, r.iri, PAV.importedFrom, URIRef("https://example.org/registre"))
        ),
        at("dcat:theme", "warning"),
    ),
    Mutation(
        "three sub-themes",
        FICHE,
        lambda r, g, x: bool(
            [g.add((r.iri, DCAT.theme, t)) for t in [*SOUS_THEMES, VOCAB["sous-theme/sante"]]]
        ),
        at("dcat:theme"),
    ),
    Mutation(
        "theme outside the vocabularies",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, DCAT.theme, URIRef("https://example.org/theme")))),
        at("dcat:theme"),
    ),
    Mutation(
        "editorial note in German",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, SKOS.editorialNote, Literal("Notiz", lang="de")))),
        at("skos:editorialNote"),
    ),
    Mutation(
        "no entry type",
        FICHE,
        lambda r, g, x: replace(g, r.iri, IACOLL.typeFiche),
        at("iacoll:typeFiche"),
    ),
    Mutation(
        "two entry types",
        FICHE,
        lambda r, g, x: bool(g.add((r.iri, IACOLL.typeFiche, VOCAB["type-fiche/charte"]))),
        at("iacoll:typeFiche"),
    ),
    Mutation(
        "class of the entry type missing",
        CASE,
        lambda r, g, x: bool(g.remove((r.iri, RDF.type, IACOLL.CasUsageIA))),
        at(None),
    ),
    Mutation(
        "publication category as text",
        CASE,
        lambda r, g, x: bool(g.add((r.iri, IACOLL.categoriePublication, Literal("x")))),
        at("iacoll:categoriePublication"),
    ),
    Mutation(
        "undated event",
        FICHE,
        lambda r, g, x: bool(
            add_node(
                g,
                r.iri,
                IACOLL.evenement,
                (RDF.type, IACOLL.Evenement),
                (DCT.description, Literal("x", lang="fr")),
            )
        ),
        at(None, "warning"),
    ),
    Mutation(
        "contact without mailto",
        FICHE,
        lambda r, g, x: bool(
            add_node(x, r.iri, DCAT.contactPoint, (VCARD.hasEmail, URIRef("http://example.org")))
        ),
        at("dcat:contactPoint/vcard:hasEmail"),
    ),
    Mutation(
        "public chatbot of minimal risk",
        CASE,
        lambda r, g, x: all(
            [
                g.add((system(r), AI.hasCapability, AI.ChatbotCapability)),
                replace(g, system(r), EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelMinimal),
                g.add((r.iri, SCHEMA.audience, VOCAB["cible/grand-public"])),
            ]
        ),
        at(None, "warning"),
    ),
    Mutation(
        "high risk without impact assessment",
        CASE,
        lambda r, g, x: (
            replace(g, system(r), EU_AIACT.hasRiskLevel, EU_AIACT["RiskLevelHigh-A6-2"])
            and replace(g, r.iri, IACOLL.analyseImpactRealisee)
        ),
        at(None, "warning"),
    ),
    Mutation(
        "high risk without clause",
        CASE,
        lambda r, g, x: replace(
            g, system(r), EU_AIACT.hasRiskLevel, EU_AIACT["RiskLevelHigh-A6-1"]
        ),
        at(None, "violation"),
    ),
    Mutation(
        "prohibited",
        CASE,
        lambda r, g, x: replace(g, system(r), EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelProhibited),
        at("eu-aiact:hasRiskLevel", "warning"),
    ),
    Mutation(
        "no such clause",
        CASE,
        lambda r, g, x: bool(
            g.add((system(r), SKOS.broader, EU_AIACT["HighRiskAISystem-AnnexIII-9-z"]))
        ),
        at("skos:broader"),
    ),
    Mutation(
        "old qualification",
        CASE,
        lambda r, g, x: (
            bool(
                add_node(
                    g,
                    system(r),
                    IACOLL.qualificationRisque,
                    (RDF.type, IACOLL.QualificationRisqueAIAct),
                    (EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelMinimal),
                    (DCT.date, Literal("2020-01-01", datatype=XSD.date)),
                    (IACOLL.sourceQualification, IACOLL.AutoDeclaration),
                    (PROV.wasAttributedTo, ID["organisation/ca-la-rochelle"]),
                )
            )
            and replace(g, r.iri, DCT.modified, Literal("2026-01-01", datatype=XSD.date))
        ),
        at(None, "info"),
    ),
    Mutation(
        "qualification badly formed",
        CASE,
        lambda r, g, x: bool(
            add_node(
                g,
                system(r),
                IACOLL.qualificationRisque,
                (DCT.date, Literal("2020", datatype=XSD.gYear)),
                (IACOLL.sourceQualification, IACOLL.Autre),
                (IACOLL.clauseAIAct, Literal("HighRisk")),
            )
        ),
        at("prov:wasAttributedTo"),
    ),
    Mutation(
        "negative footprint",
        CASE,
        lambda r, g, x: bool(
            add_node(
                x,
                add_node(x, system(r), IACOLL.empreinteEnvironnementale),
                IACOLL.mesureEmpreinte,
                (QUDT.value, Literal("-1.5", datatype=XSD.decimal)),
                (QUDT.hasUnit, UNIT["KiloW-HR"]),
            )
        ),
        at("qudt:value"),
    ),
    Mutation(
        "footprint in words",
        CASE,
        lambda r, g, x: bool(
            add_node(
                x,
                add_node(
                    x,
                    system(r),
                    IACOLL.empreinteEnvironnementale,
                    (IACOLL.nombreModeles, Literal(2.5)),
                ),
                IACOLL.mesureEmpreinte,
                (QUDT.value, Literal("beaucoup")),
                (QUDT.hasUnit, UNIT["GM"]),
            )
        ),
        at("qudt:hasUnit"),
    ),
    Mutation(
        "two footprints",
        CASE,
        lambda r, g, x: bool(
            add_node(x, system(r), IACOLL.empreinteEnvironnementale)
            and add_node(x, system(r), IACOLL.empreinteEnvironnementale)
        ),
        at("iacoll:empreinteEnvironnementale"),
    ),
    Mutation(
        "footprint published as text",
        CASE,
        lambda r, g, x: bool(x.add((r.iri, IACOLL.empreintePublique, Literal("oui")))),
        at("iacoll:empreintePublique"),
    ),
    Mutation(
        "SIRET key wrong",
        ORGANISATION,
        lambda r, g, x: bool(
            (siren := g.value(r.iri, IACOLL.siren))
            and add_node(g, r.iri, ADMS.identifier, (SKOS.notation, bad_siret(str(siren))))
        ),
        at("adms:identifier/skos:notation"),
    ),
    Mutation(
        "SIRET of another SIREN",
        ORGANISATION,
        lambda r, g, x: bool(
            (siren := g.value(r.iri, IACOLL.siren))
            and str(siren) != "356000000"
            and add_node(
                g,
                r.iri,
                ADMS.identifier,
                (SKOS.notation, Literal("35600000000048", datatype=IACOLL.SIRET)),
            )
        ),
        at(None),
    ),
    Mutation(
        "SIRET untyped, short",
        ORGANISATION,
        lambda r, g, x: bool(
            add_node(g, r.iri, ADMS.identifier, (SKOS.notation, Literal("12345")))
        ),
        at("adms:identifier/skos:notation"),
    ),
    Mutation(
        "SIREN key wrong",
        ORGANISATION,
        lambda r, g, x: replace(g, r.iri, IACOLL.siren, Literal("123456789")),
        at("iacoll:siren"),
    ),
    Mutation(
        "SIREN with a space",
        ORGANISATION,
        lambda r, g, x: replace(g, r.iri, IACOLL.siren, Literal("241 700 434")),
        at("iacoll:siren"),
    ),
    Mutation(
        "coordinates outside France",
        ORGANISATION,
        lambda r, g, x: bool(
            (s := site(g, r.iri)) and replace(g, s, GEO.lat, Literal("10.0", datatype=XSD.decimal))
        ),
        at(None),
    ),
    Mutation(
        "latitude untyped",
        ORGANISATION,
        lambda r, g, x: bool((s := site(g, r.iri)) and replace(g, s, GEO.lat, Literal("46.5"))),
        at("geo:lat"),
    ),
    Mutation(
        "carrier without head office",
        ORGANISATION,
        lambda r, g, x: bool(
            site(g, r.iri)
            and r.iri in CARRIERS
            and g.remove((r.iri, ORG.hasPrimarySite, None)) is not None
        ),
        at("org:hasPrimarySite", "warning"),
    ),
    Mutation(
        "no name", ORGANISATION, lambda r, g, x: replace(g, r.iri, FOAF.name), at("foaf:name")
    ),
    Mutation(
        "INSEE code wrong",
        ORGANISATION,
        lambda r, g, x: replace(g, r.iri, IACOLL.codeInsee, Literal("ABC")),
        at("iacoll:codeInsee"),
    ),
    Mutation(
        "logo as text",
        ORGANISATION,
        lambda r, g, x: bool(g.add((r.iri, FOAF.logo, Literal("logo.png")))),
        at("foaf:logo"),
    ),
    Mutation(
        "type of authority unknown",
        ORGANISATION,
        lambda r, g, x: replace(g, r.iri, ORG.classification, VOCAB["type-collectivite/inconnu"]),
        at("org:classification"),
    ),
]
MUTATIONS += [  # where the SPARQL answered in Python hands over to rdflib (Unsure)
    Mutation(
        "latitude ill-typed",
        ORGANISATION,
        lambda r, g, x: bool(
            (s := site(g, r.iri)) and replace(g, s, GEO.lat, Literal("abc", datatype=XSD.decimal))
        ),
        at("geo:lat"),
    ),
    Mutation(
        "qualification dated by its year",
        CASE,
        lambda r, g, x: bool(
            add_node(
                g,
                system(r),
                IACOLL.qualificationRisque,
                (DCT.date, Literal("2020", datatype=XSD.gYear)),
            )
        ),
        at("dct:date"),
    ),
    Mutation(
        "country as text",
        ORGANISATION,
        lambda r, g, x: bool(
            r.iri in CARRIERS and g.add((r.iri, DCT.spatial, Literal(f"{COUNTRIES}BEL")))
        ),
        None,
    ),
]
CARRIERS: set[Node] = set()


def mutated(record: Record, mutation: Mutation) -> Record | None:
    kinds = (CASE, "initiative") if mutation.kind == FICHE else (mutation.kind,)
    if record.kind not in kinds or (mutation.kind == CASE and system(record) is None):
        return None
    public, restricted = Graph(), Graph()
    public += record.public
    restricted += record.restricted
    return (
        Record(record.iri, public, restricted)
        if mutation.apply(record, public, restricted)
        else None
    )


@pytest.mark.parametrize("round_", [0, 1])
def test_broken_records_get_pyshacls_problems(
    engines: tuple[RecordValidator, RecordValidator], seed: list[Record], round_: int
) -> None:
    """Each mutation on its own record (two rounds, other records), all in one call."""
    CARRIERS.update(o for r in seed for o in r.public.objects(r.iri, DCT.publisher))
    _, before = both(engines, seed, organisations(seed))
    rng = random.Random(round_)
    chosen: dict[URIRef, tuple[Mutation, Record]] = {}
    for mutation in MUTATIONS:
        for record in rng.sample(seed, len(seed)):
            if record.iri not in chosen and (broken := mutated(record, mutation)) is not None:
                chosen[record.iri] = (mutation, broken)
                break
        else:
            pytest.fail(f"no record to break by {mutation.name}")
    records = [chosen[r.iri][1] if r.iri in chosen else r for r in seed]
    found, expected = both(engines, records, organisations(records))
    for iri, (mutation, _) in chosen.items():
        new = list((expected[iri] - before[iri]).elements())
        if mutation.expect is not None:
            assert any(mutation.expect(p) for p in new), f"{mutation.name} ({iri}): {new}"
    assert_same(found, expected)


SHAPES_WITHOUT_MESSAGES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:T a sh:NodeShape ; sh:targetClass ex:T ;
    sh:property [ sh:path ex:a ; sh:minCount 2 ] , [ sh:path ex:a ; sh:maxCount 0 ] ,
        [ sh:path ex:a ; sh:datatype xsd:integer ] , [ sh:path ex:a ; sh:in ( 1 2 ) ] ,
        [ sh:path ex:a ; sh:pattern "^1" ] , [ sh:path ex:b ; sh:class ex:C ] ,
        [ sh:path ex:b ; sh:nodeKind sh:Literal ] , [ sh:path ex:b ; sh:hasValue ex:z ] ,
        [ sh:path ex:c ; sh:languageIn ( "fr" ) ] , [ sh:path ex:c ; sh:uniqueLang true ] ,
        [ sh:path ex:b ; sh:node ex:U ] ,
        [ sh:path ex:a ; sh:or ( ex:U [ sh:datatype xsd:string ] ) ] ,
        [ sh:path ex:b ; sh:not ex:U2 ] , [ sh:path ex:b ; sh:qualifiedValueShape ex:U ;
            sh:qualifiedMinCount 1 ] , [ sh:path ex:a ; sh:minInclusive 2 ] ,
        [ sh:path ( ex:b ex:a ) ; sh:minCount 1 ; sh:severity sh:Warning ] .
ex:U a sh:NodeShape ; sh:class ex:C .
ex:U2 a sh:NodeShape ; sh:nodeKind sh:IRI .
"""
DATA_FOR_DEFAULT_MESSAGES = """
@prefix ex: <https://example.org/> .
ex:x a ex:T ; ex:a 1, "deux", 3 ; ex:b ex:y, "lit" ; ex:c "un"@fr, "deux"@fr, "three"@en .
ex:y a ex:D .
"""


def test_default_messages_are_pyshacls() -> None:
    """Shapes without sh:message: each result, its value, path and message as pySHACL's."""
    import pyshacl

    shapes = Graph().parse(data=SHAPES_WITHOUT_MESSAGES, format="turtle")
    data = Graph().parse(data=DATA_FOR_DEFAULT_MESSAGES, format="turtle")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    expected = Counter(
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.value),
            path_text(report, report.value(r, SH.resultPath)),
            str(report.value(r, SH.resultMessage)),
            report.value(r, SH.resultSeverity),
        )
        for r in report.objects(None, SH.result)
    )
    run, hits = compile_shapes(shapes).results(data, lambda node: True)
    found = Counter(
        (focus, value, shape.path_text, shape.message_texts(run, hit)[""], shape.severity)
        for hit in hits
        for focus, value, shape, _ in [hit]
    )
    assert len(expected) > 15
    assert found == expected

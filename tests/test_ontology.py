"""The iacoll ontology and the upstream field table: declared, documented, aligned.

External terms are checked against the local copies of the standards in ``../shared/ext`` (DPV
2.3, AIRO, VAIR, DCAT 3, MLDCAT-AP, the Dutch algorithm register taxonomy); terms of the W3C,
DCMI, FOAF and ORG vocabularies that rdflib ships closed are checked against rdflib; the other
well-known namespaces (schema.org, vCard, LOCN, GeoSPARQL, ADMS, CPOV, FRAPO) are allowed whole.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import (
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
)

from iacoll import sources
from iacoll.model.fields import FIELDS, NODE_PATHS, Field, by_key
from iacoll.namespaces import (
    ADMS,
    AI,
    AIRO,
    AR,
    CV,
    DPV,
    EU_AIACT,
    FRAPO,
    GEO,
    GSP,
    IACOLL,
    LOCN,
    ONTOLOGY_IRI,
    PREFIXES,
    SCHEMA,
    VCARD,
)

if TYPE_CHECKING:
    from rdflib.namespace import DefinedNamespace

# rdflib's open DCAT and XSD classes warn when pytest inspects the module's globals.
DCAT, XSD = PREFIXES["dcat"], PREFIXES["xsd"]
ONTOLOGY_FILE = sources.ONTOLOGY_DIR / "iacoll.ttl"
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXT = SHARED / "ext"
DATA_MODEL = SHARED / "spec" / "data-model.md"
EXT_FILES = (
    *sorted((EXT / "ai" / "dpv-2.3").glob("*.ttl")),
    EXT / "ai" / "airo" / "airo.ttl",
    EXT / "ai" / "vair" / "vair.ttl",
    EXT / "w3c" / "dcat3.ttl",
    EXT / "eu-vocabularies" / "eu-nal-subset.ttl",
    EXT / "related-registers" / "nl-algoritmeregister-taxonomy.ttl",
    EXT / "mldcat-ap" / "3.1.0" / "shacl" / "mldcat-ap-SHACL.ttl",
)
CLOSED_NAMESPACES: tuple[type[DefinedNamespace], ...] = (
    DCTERMS,
    FOAF,
    ORG,
    PROV,
    SKOS,
    OWL,
    RDF,
    RDFS,
    VANN,
)
OPEN_NAMESPACES = (
    *map(str, (XSD, SCHEMA, VCARD, LOCN, GEO, GSP, ADMS, CV, FRAPO)),
    "http://qudt.org/schema/qudt/",  # QUDT (no local copy): iacoll:MesureEmpreinte
)
REFERENCE_PREDICATES = (
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    RDFS.seeAlso,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
PROJECT_FOLDERS = (sources.DATA_DIR, sources.SHAPES_DIR, sources.VOCABULARY_DIR)

# The contract (docs/model.md): classes with their superclasses, properties with their kind.
CLASSES: dict[str, set[URIRef]] = {
    "Fiche": {DCAT.Resource},
    "CasUsageIA": {IACOLL.Fiche, DCAT.Resource, DPV.Process},
    "InitiativeGouvernance": {IACOLL.Fiche, DCAT.Resource},
    "StrategieIA": {IACOLL.InitiativeGouvernance},
    "CharteIA": {IACOLL.InitiativeGouvernance},
    "ComiteEthique": {IACOLL.InitiativeGouvernance},
    "ConventionCitoyenne": {IACOLL.InitiativeGouvernance},
    "ObservatoireCitoyen": {IACOLL.InitiativeGouvernance},
    "OutilEvaluation": {IACOLL.InitiativeGouvernance},
    "ProgrammeIA": {IACOLL.Fiche},
    "JeuDeDonneesIA": {IACOLL.Fiche},
    "SystemeIA": {AIRO.AISystem, EU_AIACT.AISystem, AI.AISystem},
    "QualificationRisqueAIAct": {DPV.RiskAssessment},
    "Evenement": {PROV.Activity},
    "ExtraitSource": {PROV.Entity},
    "Referentiel": {PROV.Entity},
    "RegistreSource": {PROV.Entity},
    "Correspondance": {PROV.Plan},
    "SourceQualification": {SKOS.Concept},
    "EmpreinteEnvironnementale": {PROV.Entity},
    "MesureEmpreinte": set(),
    "ObligationAIAct": {DPV.Obligation},
    "ApplicationObligation": set(),
    "DateApplicationAIAct": set(),
}
OBJECT = (
    "typeFiche",
    "trancheBudget",
    "dispositifFinancement",
    "modeDeveloppement",
    "evenement",
    "phase",
    "inspirePar",
    "peutEtreIdentiqueA",
    "collectiviteUtilisatrice",
    "fonctionIA",
    "efficacite",
    "explicabilite",
    "typeAlgorithme",
    "niveauImpact",
    "sourceDonnees",
    "modeCollecte",
    "hebergement",
    "qualificationRisque",
    "sourceQualification",
    "positionOfficielle",
    "clauseAIAct",
    "categoriePublication",
    "empreinteEnvironnementale",
    "mesureEmpreinte",
    "perimetreMesure",
    "outilMesure",
    "bonnePratiqueFrugalite",
    "applicationObligation",
    "niveauRisqueAIAct",
    "dateApplication",
    "clauseExclue",
)
DATATYPE = (
    "lignes",
    "fichierSource",
    "operations",
    "siren",
    "codeDepartement",
    "codeInsee",
    "codeRegion",
    "analyseImpactRealisee",
    "valeurApprochee",
    "nombreEntrainements",
    "nombreModeles",
    "empreintePublique",
    "obligationConditionnelle",
)
# Free-text notes aligned with skos:note (an annotation property): annotation properties too,
# so that the ontology stays in OWL 2 DL.
NOTES = (
    "raisonAbandon",
    "descriptionStatut",
    "descriptionCible",
    "descriptionBudget",
    "descriptionFinancement",
    "descriptionDeveloppement",
    "chiffreCle",
    "pointPositif",
    "pointVigilance",
    "evaluationRisques",
    "proportionnalite",
    "porteeDecision",
    "reversibilite",
    "procedureObjection",
    "descriptionImpact",
    "descriptionDonnees",
    "descriptionCollecte",
    "descriptionHebergement",
    "impactEnvironnemental",
    "mesuresCompensation",
    "equivalenceRemarquable",
    "conditionObligation",
)
PROPERTIES: dict[str, URIRef] = {
    **dict.fromkeys(OBJECT, OWL.ObjectProperty),
    **dict.fromkeys(DATATYPE, OWL.DatatypeProperty),
    **dict.fromkeys(NOTES, OWL.AnnotationProperty),
    "classe": OWL.AnnotationProperty,
}
SUPER_PROPERTIES = {
    "inspirePar": PROV.wasInfluencedBy,
    "qualificationRisque": DPV.hasRiskAssessment,
}
DUTCH_REGISTER_MATCHES = {
    "proportionnalite": AR.Proportionality,
    "porteeDecision": AR.DecisionMakingProcess,
    "procedureObjection": AR.ObjectionProcedure,
    "niveauImpact": AR.HumanIntervention,
}
INDIVIDUALS = ("AutoDeclaration", "RevueEditoriale", "EvaluationFormelle")
DATATYPES = {"SIRET": ("24330031600011", "243 300 316"), "SIREN": ("243300316", "24330031")}
NODE_DOMAINS = {
    "fiche": IACOLL.Fiche,
    "systeme": IACOLL.SystemeIA,
    "organisation": ORG.Organization,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return sources.read_rdf(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def declared(ontology: Graph) -> frozenset[URIRef]:
    """Every IRI of the iacoll namespace that the ontology types."""
    return frozenset(
        s for s in ontology.subjects(RDF.type) if isinstance(s, URIRef) and s in IACOLL
    )


@pytest.fixture(scope="module")
def external_terms() -> frozenset[URIRef]:
    """IRIs the reference files define: subjects, ontology version IRIs, SHACL paths."""
    assert SHARED.is_dir(), f"{SHARED} is missing: tests need ../shared next to the repo"
    graph = Graph()
    for path in EXT_FILES:
        graph.parse(path)
    known = {s for s in graph.subjects() if isinstance(s, URIRef)}
    for predicate in (OWL.versionIRI, SH.path):
        known.update(o for o in graph.objects(None, predicate) if isinstance(o, URIRef))
    return frozenset(known)


def is_known(iri: URIRef, external: frozenset[URIRef]) -> bool:
    if iri in external:
        return True
    for namespace in CLOSED_NAMESPACES:
        if str(iri).startswith(str(namespace._NS)):
            return iri in namespace
    return str(iri).startswith(OPEN_NAMESPACES)


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    objects = graph.objects(subject, predicate)
    return {str(o.language) for o in objects if isinstance(o, Literal) and o.language}


# The ontology


def test_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/1.0.0")
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("1.0.0")
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert languages(ontology, ONTOLOGY_IRI, predicate) >= {"fr", "en"}, predicate
    licence = URIRef("http://publications.europa.eu/resource/authority/licence/ETALAB_2_0")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == licence
    assert ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri) == Literal(str(IACOLL))
    assert ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("iacoll")
    assert not list(ontology.objects(ONTOLOGY_IRI, OWL.imports)), "no owl:imports (offline)"


def test_every_term_is_documented(ontology: Graph, declared: frozenset[URIRef]) -> None:
    problems = []
    for term in sorted(declared):
        for predicate in (RDFS.label, SKOS.definition):
            missing = {"fr", "en"} - languages(ontology, term, predicate)
            if missing:
                problems.append(f"{term.n3(ontology.namespace_manager)}: {predicate} {missing}")
        if ontology.value(term, RDFS.isDefinedBy) != ONTOLOGY_IRI:
            problems.append(f"{term}: rdfs:isDefinedBy is not {ONTOLOGY_IRI}")
    assert not problems, "\n".join(problems)


def test_external_references_exist(
    ontology: Graph, declared: frozenset[URIRef], external_terms: frozenset[URIRef]
) -> None:
    unknown = {
        f"{term} {predicate} {target}"
        for term in declared
        for predicate in REFERENCE_PREDICATES
        for target in ontology.objects(term, predicate)
        if isinstance(target, URIRef)
        and target not in IACOLL
        and not is_known(target, external_terms)
    }
    see_also = ontology.objects(ONTOLOGY_IRI, RDFS.seeAlso)
    unknown |= {f"{ONTOLOGY_IRI} {RDFS.seeAlso} {t}" for t in see_also if t not in external_terms}
    assert not unknown, "\n".join(sorted(unknown))


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_contract_class(ontology: Graph, name: str) -> None:
    term = IACOLL[name]
    assert (term, RDF.type, OWL.Class) in ontology
    assert set(ontology.objects(term, RDFS.subClassOf)) >= CLASSES[name]


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_contract_property(ontology: Graph, name: str) -> None:
    term = IACOLL[name]
    assert (term, RDF.type, PROPERTIES[name]) in ontology
    if name in SUPER_PROPERTIES:
        assert (term, RDFS.subPropertyOf, SUPER_PROPERTIES[name]) in ontology
    if name in DUTCH_REGISTER_MATCHES:
        assert (term, SKOS.closeMatch, DUTCH_REGISTER_MATCHES[name]) in ontology


@pytest.mark.parametrize("name", INDIVIDUALS)
def test_qualification_sources(ontology: Graph, name: str) -> None:
    term = IACOLL[name]
    assert (term, RDF.type, IACOLL.SourceQualification) in ontology
    assert (term, RDF.type, SKOS.Concept) in ontology
    assert languages(ontology, term, SKOS.prefLabel) >= {"fr", "en"}


@pytest.mark.parametrize("name", sorted(DATATYPES))
def test_identifier_datatypes(ontology: Graph, name: str) -> None:
    term = IACOLL[name]
    assert (term, RDF.type, RDFS.Datatype) in ontology
    restriction = ontology.value(term, OWL.equivalentClass)
    assert ontology.value(restriction, OWL.onDatatype) == XSD.string
    facets_head = ontology.value(restriction, OWL.withRestrictions)
    assert facets_head is not None
    facets = Collection(ontology, facets_head)
    pattern = str(ontology.value(next(iter(facets)), XSD.pattern))
    valid, invalid = DATATYPES[name]
    assert re.fullmatch(pattern, valid) and not re.fullmatch(pattern, invalid)


def test_counts(ontology: Graph, declared: frozenset[URIRef]) -> None:
    kinds = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
    counted = {kind: {t for t in declared if (t, RDF.type, kind) in ontology} for kind in kinds}
    assert {IACOLL[name] for name in CLASSES} == counted[OWL.Class]
    properties = set().union(*(counted[kind] for kind in kinds[1:]))
    assert {IACOLL[name] for name in PROPERTIES} == properties


def test_project_files_use_only_declared_terms(declared: frozenset[URIRef]) -> None:
    used: dict[URIRef, set[str]] = {}
    for path in sources.rdf_files(folder for folder in PROJECT_FOLDERS if folder.is_dir()):
        for triple in sources.read_rdf(path):
            for node in triple:
                iri = node.datatype if isinstance(node, Literal) else node
                if isinstance(iri, URIRef) and iri in IACOLL and iri not in declared:
                    used.setdefault(iri, set()).add(path.name)
    assert not used, "\n".join(f"{iri} in {sorted(files)}" for iri, files in used.items())


# The field table


def upstream_fields() -> dict[str, tuple[bool, str]]:
    """Key → (required, access) from the upstream table in ../shared/spec/data-model.md."""
    rows = DATA_MODEL.read_text(encoding="utf-8").splitlines()
    start = next(i for i, row in enumerate(rows) if row.startswith("| key |")) + 2
    table: dict[str, tuple[bool, str]] = {}
    for row in rows[start:]:
        if not row.startswith("|"):
            break
        key_cell, _, required, _, access = (cell.strip() for cell in row.strip("|").split("|"))
        for key in re.findall(r"[a-z_]+", key_cell.split("(")[0]):  # "herbergement (sic)"
            table[key] = (required.startswith("yes"), access.lower().replace("—", "") or "public")
    return table


def test_fields_cover_the_upstream_model() -> None:
    upstream = upstream_fields()
    assert len(upstream) == 39
    assert len(FIELDS) == 39
    assert len({field.key for field in FIELDS}) == 39
    assert {field.key: (field.required, field.access) for field in FIELDS} == upstream


def test_field_keys_and_aliases_are_unique() -> None:
    keys = [key for field in FIELDS for key in field.keys]
    assert len(keys) == len(set(keys))
    assert by_key("herbergement") is by_key("hebergement")
    assert by_key("usage_service").key == "usage_description"
    with pytest.raises(KeyError, match="inconnu"):
        by_key("nope")


@pytest.mark.parametrize("field", FIELDS, ids=lambda field: field.key)
def test_field_path_is_known(
    ontology: Graph,
    declared: frozenset[URIRef],
    external_terms: frozenset[URIRef],
    field: Field,
) -> None:
    for prop in field.path_from_record:
        assert prop in declared if prop in IACOLL else is_known(prop, external_terms), prop
    first, last = field.path[0], field.path[-1]
    domain = ontology.value(first, RDFS.domain)
    assert domain in (None, NODE_DOMAINS[field.node]), f"{first} domain {domain}"
    expected_range = SKOS.Concept if field.scheme else field.datatype
    if last in IACOLL and expected_range is not None:
        assert ontology.value(last, RDFS.range) == expected_range


@pytest.mark.parametrize("field", [f for f in FIELDS if f.scheme], ids=lambda field: field.key)
def test_field_scheme_has_a_vocabulary_file(field: Field) -> None:
    path = sources.VOCABULARY_DIR / f"{field.scheme}.ttl"
    assert path.is_file(), f"{field.key}: vocabulary {path} is missing"


def test_node_paths_are_standard(external_terms: frozenset[URIRef]) -> None:
    assert all(is_known(p, external_terms) for path in NODE_PATHS.values() for p in path)


def test_notes_are_annotation_properties(ontology: Graph) -> None:
    """A sub-property of an annotation property (OWL 2's built-in ones, SKOS's documentation
    properties) must be an annotation property too, or the ontology leaves OWL 2 DL."""
    annotations = {
        RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
        OWL.deprecated, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
        SKOS.note, SKOS.definition, SKOS.scopeNote, SKOS.editorialNote, SKOS.example,
        SKOS.historyNote, SKOS.changeNote, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel,
    }  # fmt: skip
    wrong = sorted(
        str(prop)
        for prop, parent in ontology.subject_objects(RDFS.subPropertyOf)
        if parent in annotations and (prop, RDF.type, OWL.AnnotationProperty) not in ontology
    )
    assert len(list(ontology.subjects(RDFS.subPropertyOf, SKOS.note))) == len(NOTES)
    assert wrong == []

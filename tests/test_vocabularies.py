"""The SKOS vocabularies of ``ontology/vocabularies`` and the resolver of upstream values.

Driven by the files: every scheme of the contract (``docs/model.md``) is parsed and checked for
the SKOS and DCAT-AP essentials, every mapping target is looked up in the copies of the external
vocabularies under ``../shared/ext``, and every value the upstream model and the seed documents
use (``../shared/spec/data-model.md``, ``seed-taxonomies.md``) must resolve to one concept.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from iacoll.errors import UnreadableInput
from iacoll.model.vocabularies import (
    AmbiguousLabel,
    Resolver,
    build_index,
    load_vocabularies,
    normalise,
)
from iacoll.namespaces import DCT, IACOLL, OWL, RDF, RDFS, SCHEMA, SKOS, VOCAB

REPO = Path(__file__).parents[1]
VOCABULARIES = REPO / "ontology" / "vocabularies"
EXT = Path(__file__).parents[1].parent / "shared" / "ext"

EXTERNAL_FILES = (
    "eu-vocabularies/eu-nal-subset.ttl",
    "ai/dpv-2.3/dpv.ttl",
    "ai/dpv-2.3/ai.ttl",
    "ai/dpv-2.3/tech.ttl",
    "ai/dpv-2.3/risk.ttl",
    "ai/dpv-2.3/eu-aiact.ttl",
    "ai/dpv-2.3/sector-publicservices.ttl",
    "ai/dpv-2.3/legal-fr.ttl",
    "ai/vair/vair.ttl",
    "ai/airo/airo.ttl",
    "related-registers/nl-algoritmeregister-taxonomy.ttl",
)
MAPPINGS = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    RDFS.seeAlso,
)

# docs/model.md, table "Vocabularies": the slugs the contract fixes (more may be added).
CONTRACT: dict[str, tuple[str, ...]] = {
    scheme: tuple(slugs.split())
    for scheme, slugs in {
        "theme": "transition-ecologique attractivite-amenagement citoyennete-sante-solidarite "
        "citoyennete sante-solidarite mobilites gouvernance-socles administration-interne",
        "sous-theme": "",
        "type-collectivite": "commune epci metropole communaute-agglomeration "
        "communaute-communes etablissement-public-territorial departement region "
        "syndicat-mixte syndicat-intercommunal operateur gip centre-gestion pays",
        "statut": "experimentation deploiement terminee abandonne",
        "cible": "grand-public beneficiaire agent association elu entreprises collectivites "
        "etablissement-scolaire etablissement-sante amenageurs",
        "niveau-impact": "1 2 3",
        "type-algorithme": "machine-learning traitement-automatique-langage ia-generative "
        "computer-vision reseaux-neurones nsp",
        "source-donnees": "usager interne open-data tiers nsp",
        "mode-collecte": "api automatisee manuelle nsp",
        "hebergement": "cloud-tiers interne nsp",
        "budget": "lt50k 50k-100k gt100k",
        "financement": "interne fonds-vert crte france-2030 feder diat tid subvention-etat "
        "agence-eau anr",
        "mode-developpement": "interne externe prestataire marche-public",
        "fonction-ia": "decrire-synthetiser detecter predire reconnaitre automatiser prescrire "
        "generer",
        "niveau-risque": "inacceptable eleve limite minimal",
        "type-fiche": "cas-usage strategie charte comite-ethique convention-citoyenne "
        "observatoire-citoyen outil-evaluation programme projet-recherche ville-intelligente "
        "intention jeu-de-donnees",
        "phase": "mise-a-l-agenda consultation inspiration competences "
        "diagnostic-planification realisation",
        "role": "partenaire-academique expert partenaire-technique financeur prestataire "
        "fournisseur-donnees exploitant",
        "appreciation": "faible moyen fort",
        "perimetre-empreinte": "entrainement inference requete annuel",
        "outil-mesure-empreinte": "green-algorithms codecarbon ecologits",
        "bonne-pratique-frugalite": "ressources-physiques besoin-metier modeles-sobres "
        "ecoconception reemploi donnees-qualitatives gestion-donnees numerique-responsable "
        "suivi-impacts cycle-de-vie affichage-impacts partage-pratiques revue-indicateurs "
        "formation referent",
    }.items()
}
SCHEMES = tuple(CONTRACT)

# The 25 sub-themes of the upstream schema and public export (data-model.md), verbatim.
UPSTREAM_SOUS_THEMES = (
    "Déchets et économie circulaire",
    "Santé et accès aux soins",
    "Plateforme de données",
    "Flux et trafic",
    "Stationnement",
    "Prévention et gestion des risques",
    "Immobilier",
    "Education",
    "Biodiversité et préservation des espaces naturels",
    "Modélisation et jumeau numérique",
    "Performance énergétique",
    "Participation citoyenne",
    "Infrastructures numériques",
    "Construction et aménagement",
    "Outillage système d'information",
    "Mobilité décarbonée",
    "Gestion de l'eau",
    "Qualité de l'air et nuisances sonores",
    "Gestion des assemblées",
    "Logistique urbaine",
    "Aide à la rédaction et gestion documentaire",
    "Gestion des ressources humaines",
    "Gouvernance et stratégie numérique responsable",
    "Aide juridique",
    "Voies",
)

# Every enumerated value and listed variant of the sources → the slug it must resolve to.
UPSTREAM_VALUES: tuple[tuple[str, str, str], ...] = (
    # theme: the 7-theme schema
    ("theme", "Transition écologique", "transition-ecologique"),
    ("theme", "Attractivité et développement", "attractivite-amenagement"),
    ("theme", "Citoyenneté", "citoyennete"),
    ("theme", "Santé et solidarité", "sante-solidarite"),
    ("theme", "Mobilité", "mobilites"),
    ("theme", "Gouvernance et socles technologiques", "gouvernance-socles"),
    ("theme", "Administration et organisation interne", "administration-interne"),
    # theme: the 6 themes of the booklet and public export, and their variants
    ("theme", "Transition écologique et énergétique", "transition-ecologique"),
    ("theme", "Transformation écologique et énergétique", "transition-ecologique"),
    ("theme", "Attractivité et aménagement", "attractivite-amenagement"),
    ("theme", "Citoyenneté, santé et solidarités", "citoyennete-sante-solidarite"),
    ("theme", "Citoyenneté, santé et solidarité", "citoyennete-sante-solidarite"),
    ("theme", "Mobilités", "mobilites"),
    # theme: Numérique360, upper case in the source
    ("theme", "TRANSITION ÉCOLOGIQUE ET ÉNERGÉTIQUE", "transition-ecologique"),
    ("theme", "ATTRACTIVITÉ ET AMÉNAGEMENT", "attractivite-amenagement"),
    ("theme", "CITOYENS ET SOLIDARITÉ", "citoyennete-sante-solidarite"),
    ("theme", "MOBILITÉS", "mobilites"),
    ("theme", "GOVERNANCE ET SOCLES TECHNOLOGIQUES", "gouvernance-socles"),
    # sous-theme: Numérique360 sub-topics that are an upstream value
    ("sous-theme", "la performance énergétique", "performance-energetique"),
    ("sous-theme", "la gestion de l'eau", "gestion-eau"),
    ("sous-theme", "les déchets", "dechets-economie-circulaire"),
    ("sous-theme", "la biodiversité", "biodiversite-espaces-naturels"),
    ("sous-theme", "la prévention des risques", "prevention-gestion-risques"),
    ("sous-theme", "la logistique", "logistique-urbaine"),
    ("sous-theme", "l'éducation", "education"),
    ("sous-theme", "la santé", "sante-acces-soins"),
    ("sous-theme", "la participation citoyenne", "participation-citoyenne"),
    ("sous-theme", "la gestion du trafic", "flux-trafic"),
    ("sous-theme", "les mobilités décarbonées", "mobilite-decarbonee"),
    ("sous-theme", "Mobilités décarbonées", "mobilite-decarbonee"),
    ("sous-theme", "le stationnement", "stationnement"),
    (
        "sous-theme",
        "stratégies data et numérique responsables",
        "gouvernance-strategie-numerique-responsable",
    ),
    ("sous-theme", "modélisation numérique", "modelisation-jumeau-numerique"),
    # sous-theme: Numérique360 sub-topics of their own
    ("sous-theme", "le développement économique", "developpement-economique"),
    ("sous-theme", "le tourisme", "tourisme"),
    ("sous-theme", "la culture", "culture"),
    ("sous-theme", "l'aménagement urbain", "amenagement-urbain"),
    ("sous-theme", "l'inclusion numérique", "inclusion-numerique"),
    ("sous-theme", "l'accessibilité", "accessibilite"),
    ("sous-theme", "la multimodalité", "multimodalite"),
    ("sous-theme", "projets socles", "projets-socles"),
    # sous-theme: seed spellings
    ("sous-theme", "gestion des ressources humaines", "gestion-ressources-humaines"),
    ("sous-theme", "Éducation", "education"),
    # type-collectivite: schema, slide (003:605), UI and real exports
    ("type-collectivite", "Commune", "commune"),
    ("type-collectivite", "EPCI", "epci"),
    ("type-collectivite", "Département", "departement"),
    ("type-collectivite", "département", "departement"),
    ("type-collectivite", "Région", "region"),
    ("type-collectivite", "région", "region"),
    ("type-collectivite", "Syndicat mixte", "syndicat-mixte"),
    ("type-collectivite", "syndicat mixte", "syndicat-mixte"),
    ("type-collectivite", "Opérateur", "operateur"),
    ("type-collectivite", "opérateur", "operateur"),
    ("type-collectivite", "Métropole", "metropole"),
    ("type-collectivite", "EPT", "etablissement-public-territorial"),
    ("type-collectivite", "Communauté d'agglomérations", "communaute-agglomeration"),
    ("type-collectivite", "Communauté d'agglomération", "communaute-agglomeration"),
    ("type-collectivite", "Communes", "commune"),
    ("type-collectivite", "Ville", "commune"),
    ("type-collectivite", "Communauté de communes", "communaute-communes"),
    ("type-collectivite", "Intercommunalité", "epci"),
    ("type-collectivite", "Conseil départemental", "departement"),
    ("type-collectivite", "Établissement public territorial", "etablissement-public-territorial"),
    ("type-collectivite", "GIP", "gip"),
    ("type-collectivite", "Centre de gestion", "centre-gestion"),
    ("type-collectivite", "Pays", "pays"),
    ("type-collectivite", "Pôle territorial", "pays"),
    ("type-collectivite", "Territoire de projet", "pays"),
    ("type-collectivite", "OPSN", "operateur"),
    ("type-collectivite", "Opérateur public de services numériques", "operateur"),
    ("type-collectivite", "Syndicat", "syndicat"),
    ("type-collectivite", "Syndicat des eaux", "syndicat"),
    (
        "type-collectivite",
        "Syndicat Intercommunal d'Alimentation en Eau Potable",
        "syndicat-intercommunal",
    ),
    # statut
    ("statut", "En expérimentation", "experimentation"),
    ("statut", "En déploiement", "deploiement"),
    ("statut", "Terminée", "terminee"),
    ("statut", "Terminé", "terminee"),
    ("statut", "Abandonné", "abandonne"),
    # cible: schema, slide (003:612), exports and seeds
    ("cible", "Grand public", "grand-public"),
    ("cible", "Bénéficiaire", "beneficiaire"),
    ("cible", "Agent", "agent"),
    ("cible", "Association", "association"),
    ("cible", "Elu", "elu"),
    ("cible", "Élu", "elu"),
    ("cible", "élu", "elu"),
    ("cible", "Entreprises", "entreprises"),
    ("cible", "Collectivités", "collectivites"),
    ("cible", "Etablissement scolaire", "etablissement-scolaire"),
    ("cible", "Établissement scolaire", "etablissement-scolaire"),
    ("cible", "établissement scolaire", "etablissement-scolaire"),
    ("cible", "Etablissement santé", "etablissement-sante"),
    ("cible", "établissement santé", "etablissement-sante"),
    ("cible", "Aménageurs", "amenageurs"),
    ("cible", "agents", "agent"),
    ("cible", "agents territoriaux", "agent"),
    ("cible", "administrés", "grand-public"),
    ("cible", "public", "grand-public"),
    # niveau-impact
    ("niveau-impact", "1 automatisation complète", "1"),
    ("niveau-impact", "2 supervision et validation humaine ponctuelle", "2"),
    ("niveau-impact", "3 supervision et validation humaine systématique", "3"),
    ("niveau-impact", "1- automatisation complète sur la décision", "1"),
    ("niveau-impact", "2- supervision et validation humaine ponctuelle", "2"),
    ("niveau-impact", "3- supervision et validation humaine systématique", "3"),
    ("niveau-impact", "1", "1"),
    ("niveau-impact", "2", "2"),
    ("niveau-impact", "3", "3"),
    # type-algorithme
    ("type-algorithme", "Machine Learning", "machine-learning"),
    ("type-algorithme", "Traitement Automatique du langage", "traitement-automatique-langage"),
    ("type-algorithme", "IA générative", "ia-generative"),
    ("type-algorithme", "Computer vision", "computer-vision"),
    ("type-algorithme", "Réseaux de neurones", "reseaux-neurones"),
    ("type-algorithme", "NSP", "nsp"),
    ("type-algorithme", "VISION", "computer-vision"),
    ("type-algorithme", "LLM", "ia-generative"),
    ("type-algorithme", "apprentissage automatique", "machine-learning"),
    # source-donnees
    ("source-donnees", "usager", "usager"),
    ("source-donnees", "jeu de données interne", "interne"),
    ("source-donnees", "jeux de données internes", "interne"),
    ("source-donnees", "open data", "open-data"),
    ("source-donnees", "données d'un tiers", "tiers"),
    ("source-donnees", "données tiers", "tiers"),
    ("source-donnees", "NSP", "nsp"),
    # mode-collecte
    ("mode-collecte", "par API", "api"),
    ("mode-collecte", "API", "api"),
    ("mode-collecte", "automatisée", "automatisee"),
    ("mode-collecte", "par récupération manuelle", "manuelle"),
    ("mode-collecte", "NSP", "nsp"),
    # hebergement
    ("hebergement", "cloud chez un tiers", "cloud-tiers"),
    ("hebergement", "en interne de l'administration", "interne"),
    ("hebergement", "NSP", "nsp"),
    # budget
    ("budget", "moins de 50k€", "lt50k"),
    ("budget", "de 50k€ à 100k€", "50k-100k"),
    ("budget", "plus de 100k€", "gt100k"),
    # financement: the field description (003:610) and the schemes the sources name
    ("financement", "interne", "interne"),
    ("financement", "Fond vert", "fonds-vert"),
    ("financement", "Fonds vert", "fonds-vert"),
    ("financement", "CRTE", "crte"),
    ("financement", "France 2030", "france-2030"),
    ("financement", "FEDER", "feder"),
    ("financement", "DIAT", "diat"),
    (
        "financement",
        "Démonstrateurs d'IA frugale au service de la transition écologique dans les territoires",
        "diat",
    ),
    ("financement", "démonstrateurs d'IA pour les transitions (DIAT)", "diat"),
    ("financement", "démonstrateurs d'IA frugale au service de la transition écologique", "diat"),
    ("financement", "Démonstrateurs d'IA pour les transitions écologique et énergétique", "diat"),
    (
        "financement",
        "démonstrateur d'IA frugale pour la transition écologique des territoires",
        "diat",
    ),
    (
        "financement",
        "Démonstrateurs d'IA frugale pour la transition écologique des territoires",
        "diat",
    ),
    ("financement", "Démonstrateurs d'IA frugale (DIAT)", "diat"),
    ("financement", "Démonstrateurs d'IA territoriaux", "diat"),
    ("financement", "TID", "tid"),
    ("financement", "Territoires Intelligents et Durables", "tid"),
    ("financement", "fonds propres", "interne"),
    ("financement", "subvention de l'État", "subvention-etat"),
    ("financement", "Agences de l'eau", "agence-eau"),
    ("financement", "Agence nationale de la recherche", "anr"),
    ("financement", "plan d'investissement France 2030", "france-2030"),
    # mode-developpement
    ("mode-developpement", "Projet développé en interne", "interne"),
    ("mode-developpement", "projet développé en externe", "externe"),
    ("mode-developpement", "mobilisation de prestataire(s)", "prestataire"),
    ("mode-developpement", "marché public", "marche-public"),
    ("mode-developpement", "marché d'innovation", "marche-innovation"),
    ("mode-developpement", "décret innovation", "marche-innovation"),
    ("mode-developpement", "contrat d'innovation", "marche-innovation"),
    # fonction-ia: the 7 verbs (002:506-520)
    ("fonction-ia", "Décrire, synthétiser", "decrire-synthetiser"),
    ("fonction-ia", "Détecter", "detecter"),
    ("fonction-ia", "Prédire", "predire"),
    ("fonction-ia", "Reconnaître", "reconnaitre"),
    ("fonction-ia", "Automatiser", "automatiser"),
    ("fonction-ia", "Prescrire", "prescrire"),
    ("fonction-ia", "Générer", "generer"),
    # niveau-risque
    ("niveau-risque", "risque minimal", "minimal"),
    ("niveau-risque", "risque limité", "limite"),
    ("niveau-risque", "risque élevé", "eleve"),
    ("niveau-risque", "inacceptable", "inacceptable"),
    # appreciation
    ("appreciation", "faible", "faible"),
    ("appreciation", "moyen", "moyen"),
    ("appreciation", "fort", "fort"),
    # type-fiche: the seed entry_type codes
    ("type-fiche", "use_case", "cas-usage"),
    ("type-fiche", "strategy", "strategie"),
    ("type-fiche", "charter", "charte"),
    ("type-fiche", "governance", "initiative-gouvernance"),
    ("type-fiche", "smart_city", "ville-intelligente"),
    ("type-fiche", "programme", "programme"),
    ("type-fiche", "evaluation_tool", "outil-evaluation"),
    ("type-fiche", "intention", "intention"),
    ("type-fiche", "dataset", "jeu-de-donnees"),
    ("type-fiche", "research_project", "projet-recherche"),
    # phase (001:349-353, 001:497-501)
    ("phase", "Mise à l'agenda", "mise-a-l-agenda"),
    ("phase", "Consultation", "consultation"),
    ("phase", "Inspiration", "inspiration"),
    ("phase", "Compétences", "competences"),
    ("phase", "Diagnostic et planification", "diagnostic-planification"),
    ("phase", "Réalisation", "realisation"),
    # role (003:608 and data-model.md)
    ("role", "partenaires académiques", "partenaire-academique"),
    ("role", "experts", "expert"),
    ("role", "partenaires techniques", "partenaire-technique"),
    ("role", "financeurs", "financeur"),
    ("role", "prestataire", "prestataire"),
    ("role", "exploitant", "exploitant"),
    ("role", "fournisseur de données", "fournisseur-donnees"),
)

TYPE_FICHE_CLASSES = {
    IACOLL[name]
    for name in (
        "CasUsageIA",
        "InitiativeGouvernance",
        "StrategieIA",
        "CharteIA",
        "ComiteEthique",
        "ConventionCitoyenne",
        "ObservatoireCitoyen",
        "OutilEvaluation",
        "ProgrammeIA",
        "JeuDeDonneesIA",
    )
}
RISK_LEVELS = {
    "inacceptable": "RiskLevelProhibited",
    "eleve": "RiskLevelHigh",
    "limite": "RiskLevelTransparencyRequired",
    "minimal": "RiskLevelMinimal",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    """All the vocabularies, loaded the way the application loads them."""
    return load_vocabularies(VOCABULARIES)


@pytest.fixture(scope="module")
def resolver(graph: Graph) -> Resolver:
    """A resolver over the repository's vocabularies."""
    return Resolver(graph)


@pytest.fixture(scope="module")
def external_iris() -> frozenset[str]:
    """Every IRI described in the local copies of the external vocabularies."""
    assert EXT.is_dir(), f"{EXT} is missing: the tests need ../shared next to the repository"
    subjects: set[str] = set()
    for name in EXTERNAL_FILES:
        external = Graph().parse(EXT / name, format="turtle")
        subjects.update(str(s) for s in external.subjects() if isinstance(s, URIRef))
    return frozenset(subjects)


def concepts_of(graph: Graph, scheme: str) -> list[URIRef]:
    """The concepts ``skos:inScheme`` the scheme, sorted."""
    found = graph.subjects(SKOS.inScheme, VOCAB[scheme])
    return sorted(c for c in found if isinstance(c, URIRef))


def langs(graph: Graph, subject: URIRef, prop: URIRef) -> list[str | None]:
    """The language tags of the literal values of ``prop`` on ``subject``."""
    return [o.language for o in graph.objects(subject, prop) if isinstance(o, Literal)]


def concept_problems(graph: Graph, concept: URIRef) -> Iterator[str]:
    """What is missing or wrong on one concept (empty when it is well formed)."""
    for prop in (SKOS.prefLabel, SKOS.definition):
        for lang in ("fr", "en"):
            count = langs(graph, concept, prop).count(lang)
            if count != 1:
                yield f"{concept}: {count} {prop.n3(graph.namespace_manager)}@{lang}"
    if len(list(graph.objects(concept, SKOS.notation))) != 1:
        yield f"{concept}: not exactly one skos:notation"
    if set(langs(graph, concept, SKOS.altLabel)) - {"fr"}:
        yield f"{concept}: an skos:altLabel is not @fr"
    if (concept, RDF.type, SKOS.Concept) not in graph:
        yield f"{concept}: not a skos:Concept"
    schemes = set(graph.objects(concept, SKOS.inScheme))
    if len(schemes) != 1 or (next(iter(schemes)), RDF.type, SKOS.ConceptScheme) not in graph:
        yield f"{concept}: skos:inScheme is not one existing scheme"
    top = set(graph.objects(concept, SKOS.topConceptOf))
    broader = {
        b
        for b in graph.objects(concept, SKOS.broader)
        if schemes & set(graph.objects(b, SKOS.inScheme))
    }
    if not (top & schemes) and not broader:
        yield f"{concept}: neither a top concept nor a narrower concept of its scheme"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_file_parses_and_declares_its_scheme(scheme: str) -> None:
    path = VOCABULARIES / f"{scheme}.ttl"
    own = Graph().parse(path, format="turtle")
    assert (VOCAB[scheme], RDF.type, SKOS.ConceptScheme) in own
    assert {s for s in own.subjects(RDF.type, SKOS.ConceptScheme)} == {VOCAB[scheme]}


def test_no_file_outside_the_contract() -> None:
    assert sorted(p.stem for p in VOCABULARIES.glob("*.ttl")) == sorted(SCHEMES)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_metadata(graph: Graph, scheme: str) -> None:
    iri = VOCAB[scheme]
    for prop in (DCT.title, SKOS.prefLabel, DCT.description):
        assert sorted(map(str, langs(graph, iri, prop))) == ["en", "fr"], prop
    assert list(graph.objects(iri, DCT.source))
    assert list(graph.objects(iri, DCT.license)) == [
        URIRef("http://publications.europa.eu/resource/authority/licence/ETALAB_2_0")
    ]
    assert list(graph.objects(iri, OWL.versionInfo)) == [Literal("1.0.0")]
    tops = set(graph.objects(iri, SKOS.hasTopConcept))
    assert tops and tops == set(graph.subjects(SKOS.topConceptOf, iri))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_contract_slugs_exist(graph: Graph, scheme: str) -> None:
    concepts = set(concepts_of(graph, scheme))
    missing = [
        slug for slug in CONTRACT[scheme] if URIRef(f"{VOCAB[scheme]}/{slug}") not in concepts
    ]
    assert not missing


@pytest.mark.parametrize("scheme", SCHEMES)
def test_concepts_are_well_formed(graph: Graph, scheme: str) -> None:
    concepts = concepts_of(graph, scheme)
    assert concepts
    assert all(str(c).startswith(f"{VOCAB[scheme]}/") for c in concepts)
    assert [p for c in concepts for p in concept_problems(graph, c)] == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_broader_and_narrower_agree(graph: Graph, scheme: str) -> None:
    concepts = concepts_of(graph, scheme)
    broader = {(c, b) for c in concepts for b in graph.objects(c, SKOS.broader)}
    narrower = {(n, c) for c in concepts for n in graph.objects(c, SKOS.narrower)}
    assert narrower <= broader
    assert {(c, b) for c, b in broader if b in concepts} == narrower


def test_no_two_concepts_of_a_scheme_share_a_label(graph: Graph) -> None:
    clashes = {
        (scheme, label): sorted(concepts)
        for scheme, labels in build_index(graph).items()
        for label, concepts in labels.items()
        if len(concepts) > 1
    }
    assert clashes == {}


def test_every_upstream_sous_theme_is_a_pref_label(graph: Graph) -> None:
    labels = {
        str(o)
        for c in concepts_of(graph, "sous-theme")
        for o in graph.objects(c, SKOS.prefLabel)
        if isinstance(o, Literal) and o.language == "fr"
    }
    assert set(UPSTREAM_SOUS_THEMES) <= labels


def test_every_sous_theme_has_one_broader_theme(graph: Graph) -> None:
    themes = set(concepts_of(graph, "theme"))
    for concept in concepts_of(graph, "sous-theme"):
        broader = list(graph.objects(concept, SKOS.broader))
        assert len(broader) == 1 and broader[0] in themes, concept


def test_mapping_targets_exist(graph: Graph, external_iris: frozenset[str]) -> None:
    targets = {
        str(o)
        for prop in MAPPINGS
        for s, o in graph.subject_objects(prop)
        if isinstance(o, URIRef) and str(s).startswith(str(VOCAB))
    }
    assert targets, "no mapping found"
    assert sorted(t for t in targets if t not in external_iris) == []


def test_mappings_point_outside_the_project(graph: Graph) -> None:
    for prop in MAPPINGS[:-1]:
        for target in graph.objects(None, prop):
            assert not str(target).startswith("https://w3id.org/iacoll/"), (prop, target)


def test_every_theme_has_one_eu_data_theme(graph: Graph) -> None:
    data_theme = "http://publications.europa.eu/resource/authority/data-theme/"
    for concept in concepts_of(graph, "theme"):
        close = [
            o for o in graph.objects(concept, SKOS.closeMatch) if str(o).startswith(data_theme)
        ]
        assert len(close) == 1, concept


@pytest.mark.parametrize(("slug", "level"), RISK_LEVELS.items())
def test_risk_levels_match_the_ai_act(graph: Graph, slug: str, level: str) -> None:
    concept = URIRef(f"{VOCAB['niveau-risque']}/{slug}")
    expected = URIRef(f"https://w3id.org/dpv/legal/eu/aiact#{level}")
    assert list(graph.objects(concept, SKOS.exactMatch)) == [expected]


def test_budget_bands_carry_bounds(graph: Graph) -> None:
    for concept in concepts_of(graph, "budget"):
        bounds = [
            *graph.objects(concept, SCHEMA.minValue),
            *graph.objects(concept, SCHEMA.maxValue),
        ]
        assert bounds and all(
            isinstance(b, Literal) and isinstance(b.toPython(), Decimal) for b in bounds
        )
        assert list(graph.objects(concept, SCHEMA.unitText)) == [Literal("EUR/an")]


def test_type_fiche_concepts_name_their_class(graph: Graph) -> None:
    for concept in concepts_of(graph, "type-fiche"):
        classes = list(graph.objects(concept, IACOLL.classe))
        assert len(classes) == 1 and classes[0] in TYPE_FICHE_CLASSES, concept


@pytest.mark.parametrize("slug", ["diat", "tid"])
def test_france_2030_calls_are_under_france_2030(graph: Graph, slug: str) -> None:
    concept = URIRef(f"{VOCAB['financement']}/{slug}")
    assert list(graph.objects(concept, SKOS.broader)) == [
        URIRef(f"{VOCAB['financement']}/france-2030")
    ]


@pytest.mark.parametrize(("scheme", "value", "slug"), UPSTREAM_VALUES)
def test_upstream_value_resolves(resolver: Resolver, scheme: str, value: str, slug: str) -> None:
    assert resolver.resolve(scheme, value) == URIRef(f"{VOCAB[scheme]}/{slug}")


@pytest.mark.parametrize("value", UPSTREAM_SOUS_THEMES)
def test_upstream_sous_theme_resolves(resolver: Resolver, value: str) -> None:
    assert resolver.resolve("sous-theme", value) is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Communauté d\u2019agglomération", "communauté d'agglomération"),
        ("  GRAND\u00a0\u00a0public ", "grand public"),
        ("« Voies ».", "voies"),
        ("1\u2013 automatisation", "1- automatisation"),
        ("Terme\u0301", "termé"),
        ("mobilisation de prestataire(s)", "mobilisation de prestataire(s)"),
    ],
)
def test_normalise(value: str, expected: str) -> None:
    assert normalise(value) == expected


def test_normalise_keeps_accents() -> None:
    assert normalise("Elu") != normalise("Élu")


def test_resolve_unknown_value_and_scheme(resolver: Resolver) -> None:
    assert resolver.resolve("statut", "En pause") is None
    with pytest.raises(KeyError, match="statuts"):
        resolver.resolve("statuts", "Terminé")


def test_ambiguous_label_is_an_error() -> None:
    scheme = VOCAB["essai"]
    graph = Graph()
    for slug in ("a", "b"):
        concept = URIRef(f"{scheme}/{slug}")
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.altLabel, Literal("Même libellé", lang="fr")))
    with pytest.raises(AmbiguousLabel) as error:
        Resolver(graph).resolve("essai", "même  libellé")
    assert error.value.status == 400
    assert len(error.value.concepts) == 2


def test_empty_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput):
        load_vocabularies(tmp_path)


def test_default_folder_is_the_repository_folder() -> None:
    assert Resolver.from_folder().schemes == tuple(sorted(SCHEMES))

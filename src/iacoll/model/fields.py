"""The 39 fields of the upstream data model and where each one lives in iacoll RDF.

"Mapping as data": one :class:`Field` per field of the "Bibliothèque d'IA territoriales" model
(Les Interconnectés), giving its access level upstream, the node that carries it, the property
path from that node, the SKOS vocabulary of its values and the other keys it is known by.
Importers, shapes, pages and the access split all read :data:`FIELDS`; nothing else lists them.

A path is a SPARQL-style sequence of properties read from the field's node. The node itself is
reached from the record (the ``iacoll:Fiche``) by :data:`NODE_PATHS`: the AI system by
``ai:hasAISystem``, the organisation by ``dct:publisher``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rdflib import URIRef
from rdflib.namespace import DCAT, FOAF, ORG, RDF, SKOS, XSD

from iacoll.namespaces import ADMS, AI, DCT, EU_AIACT, GEO, IACOLL, SCHEMA, VCARD

Access = Literal["public", "restreint"]
Node = Literal["fiche", "systeme", "organisation"]

NODE_PATHS: dict[Node, tuple[URIRef, ...]] = {
    "fiche": (),
    "systeme": (AI.hasAISystem,),
    "organisation": (DCT.publisher,),
}

FR_TEXT = RDF.langString  # a literal tagged @fr


@dataclass(frozen=True, slots=True)
class Field:
    """One upstream field.

    ``required`` is the upstream model's flag (mandatory in its contribution form), not a
    constraint on iacoll data, where an unknown value stays absent. ``scheme`` names the
    vocabulary ``ontology/vocabularies/{scheme}.ttl`` whose concepts are the values; ``datatype``
    is the literal's datatype (``rdf:langString`` for ``@fr`` text), ``None`` for IRIs,
    concepts and ``projet_date`` (``xsd:gYearMonth``, ``xsd:date`` or ``xsd:gYear`` by
    precision). ``aliases`` are the other keys the field has upstream (slides, forms, exports).
    """

    key: str
    label_fr: str
    label_en: str
    required: bool
    access: Access
    node: Node
    path: tuple[URIRef, ...]
    scheme: str | None = None
    datatype: URIRef | None = None
    aliases: tuple[str, ...] = ()

    @property
    def path_from_record(self) -> tuple[URIRef, ...]:
        """The property path from the record (``iacoll:Fiche``) to the value."""
        return NODE_PATHS[self.node] + self.path

    @property
    def keys(self) -> tuple[str, ...]:
        """The key and its aliases."""
        return (self.key, *self.aliases)


# Columns: key, label_fr, label_en, required, access, node, path, then scheme / datatype / aliases.
# fmt: off
FIELDS: tuple[Field, ...] = (
    # Organisation carrying the project (the record's dct:publisher)
    Field("coll_nom", "Porteur", "Carrier", True, "public", "organisation", (FOAF.name,),
          datatype=FR_TEXT),
    Field("coll_siret", "Identifiant SIRET de la collectivité", "SIRET of the authority", True,
          "public", "organisation", (ADMS.identifier, SKOS.notation), datatype=IACOLL.SIRET),
    Field("latitude", "Latitude", "Latitude", True, "public", "organisation",
          (ORG.hasPrimarySite, GEO.lat), datatype=XSD.decimal),
    Field("longitude", "Longitude", "Longitude", True, "public", "organisation",
          (ORG.hasPrimarySite, GEO.long), datatype=XSD.decimal),
    Field("coll_type", "Type de collectivité", "Type of authority", True, "public",
          "organisation", (ORG.classification,), scheme="type-collectivite"),
    Field("image_url", "Logo", "Logo", True, "public", "organisation", (FOAF.logo,),
          aliases=("url_logo",)),
    # Project block
    Field("nom_projet", "Projet", "Project", True, "public", "fiche", (DCT.title,),
          datatype=FR_TEXT),
    Field("projet_date", "Date de démarrage du projet", "Project start date", True, "public",
          "fiche", (SCHEMA.startDate,)),
    Field("projet_status", "Maturité", "Maturity", True, "public", "fiche", (ADMS.status,),
          scheme="statut"),
    Field("status_abandon", "Description d'un projet abandonné",
          "Description of an abandoned project", False, "public", "fiche",
          (IACOLL.raisonAbandon,), datatype=FR_TEXT),
    Field("partenaires", "Partenaires associés", "Partners", False, "public", "fiche",
          (DCT.contributor, FOAF.name), datatype=FR_TEXT),
    Field("projet_contact", "Contact du service en charge", "Contact of the service in charge",
          True, "restreint", "fiche", (DCAT.contactPoint, VCARD.hasEmail)),
    Field("financement", "Financement", "Funding", False, "restreint", "fiche",
          (IACOLL.dispositifFinancement,), scheme="financement"),
    Field("budget", "Budget annuel", "Annual budget", False, "restreint", "fiche",
          (IACOLL.trancheBudget,), scheme="budget"),
    Field("usage_description", "Description globale du service et de ses usages",
          "Overall description of the service and its uses", True, "public", "fiche",
          (DCT.description,), datatype=FR_TEXT, aliases=("usage_service",)),
    Field("mise_en_oeuvre", "Développement et mise en œuvre", "Development and implementation",
          True, "restreint", "fiche", (IACOLL.modeDeveloppement,), scheme="mode-developpement",
          aliases=("developpement",)),
    Field("theme", "Thème principal", "Main theme", True, "public", "fiche", (DCAT.theme,),
          scheme="theme"),
    Field("sous_theme", "Sous-thèmes", "Sub-themes", False, "public", "fiche", (DCAT.theme,),
          scheme="sous-theme", aliases=("sous-themes", "sous_themes")),
    Field("audience_service", "Audience du service", "Audience of the service", True, "public",
          "fiche", (SCHEMA.audience,), scheme="cible", aliases=("cible_service",)),
    Field("url_infos", "URL information", "Information URL", False, "public", "fiche",
          (DCAT.landingPage,), aliases=("url_service",)),
    Field("url_ressources", "URL ressource", "Resources URL", False, "restreint", "fiche",
          (DCT.relation,), aliases=("url_resources",)),
    Field("date", "Date de mise à jour des informations", "Date the information was updated",
          True, "public", "fiche", (DCT.modified,), datatype=XSD.date),
    # Algorithm block (the record's AI system)
    Field("herbergement", "Hébergement du service", "Hosting of the service", True, "restreint",
          "systeme", (IACOLL.hebergement,), scheme="hebergement", aliases=("hebergement",)),
    Field("nom_algorithme", "Nom de l'algorithme", "Name of the algorithm", True, "restreint",
          "systeme", (DCT.title,), datatype=FR_TEXT),
    Field("algorithme_description", "Description globale de l'algorithme",
          "Overall description of the algorithm", False, "restreint", "systeme",
          (DCT.description,), datatype=FR_TEXT, aliases=("description",)),
    Field("algorithme_operations", "Opérations effectuées par l'algorithme",
          "Operations performed by the algorithm", False, "restreint", "systeme",
          (IACOLL.operations,), datatype=FR_TEXT, aliases=("operations_algorithme",)),
    Field("type_algorithme", "Type d'algorithme", "Algorithm type", True, "restreint",
          "systeme", (IACOLL.typeAlgorithme,), scheme="type-algorithme"),
    Field("impact_environnement", "Évaluation de l'impact environnemental",
          "Environmental impact assessment", False, "restreint", "systeme",
          (IACOLL.impactEnvironnemental,), datatype=FR_TEXT, aliases=("environnement_impact",)),
    Field("donnees_source", "Source des données", "Data source", True, "restreint", "systeme",
          (IACOLL.sourceDonnees,), scheme="source-donnees"),
    Field("donnees_acces", "Mode de collecte et d'accès des données",
          "Data collection and access mode", True, "restreint", "systeme",
          (IACOLL.modeCollecte,), scheme="mode-collecte", aliases=("donnees_collecte",)),
    # AI-governance fields (no access value upstream: public)
    Field("impact_algorithme", "Impact de l'algorithme sur la décision",
          "Impact of the algorithm on the decision", False, "public", "systeme",
          (IACOLL.niveauImpact,), scheme="niveau-impact"),
    Field("risque_categorie", "Type de risque (AI Act)", "Risk type (AI Act)", False, "public",
          "systeme", (EU_AIACT.hasRiskLevel,), scheme="niveau-risque"),
    Field("erreur", "Efficacité du système d'IA", "Effectiveness of the AI system", False,
          "public", "systeme", (IACOLL.efficacite,), scheme="appreciation"),
    Field("explicabilite", "Niveau d'explicabilité", "Level of explainability", False, "public",
          "systeme", (IACOLL.explicabilite,), scheme="appreciation"),
    Field("risque", "Évaluation des risques", "Risk assessment", False, "public", "fiche",
          (IACOLL.evaluationRisques,), datatype=FR_TEXT),
    Field("proportionalite", "Proportionnalité", "Proportionality", False, "public", "fiche",
          (IACOLL.proportionnalite,), datatype=FR_TEXT),
    Field("decision", "Portée de la décision", "Scope of the decision", False, "public", "fiche",
          (IACOLL.porteeDecision,), datatype=FR_TEXT),
    Field("reversibilite", "Réversibilité des traitements et des services",
          "Reversibility of the processing and services", False, "public", "fiche",
          (IACOLL.reversibilite,), datatype=FR_TEXT),
    Field("objection", "Procédure d'objection", "Objection procedure", False, "public", "fiche",
          (IACOLL.procedureObjection,), datatype=FR_TEXT),
)
# fmt: on

_BY_KEY: dict[str, Field] = {key: field for field in FIELDS for key in field.keys}


def by_key(key: str) -> Field:
    """The field whose upstream key or alias is ``key``.

    Raises :class:`KeyError` naming the known keys when there is none.
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(field.key for field in FIELDS)
        raise KeyError(f"champ amont inconnu « {key} » ; champs connus : {known}") from None

"""Interface messages of the home, search, map and statistics pages (fr, en)."""

from __future__ import annotations

HOME: dict[str, dict[str, str]] = {
    "browse.colon": {"fr": "\u00a0: ", "en": ": "},  # French puts a (no-break) space before colons
    "home.title": {
        "fr": "L'intelligence artificielle dans les collectivités",
        "en": "Artificial intelligence in French local authorities",
    },
    "home.intro": {
        "fr": "iacoll recense les cas d'usage de l'IA, les initiatives de gouvernance et les "
        "projets des collectivités territoriales, publiés en données ouvertes liées : chaque "
        "fiche a une adresse stable, lisible par les personnes et par les machines.",
        "en": "iacoll lists the AI use cases, governance initiatives and projects of French "
        "local authorities as linked open data: every record has a stable address, readable "
        "by people and machines alike.",
    },
    "home.figures": {"fr": "Chiffres clés", "en": "Key figures"},
    "figure.fiches": {"fr": "fiches", "en": "records"},
    "figure.casUsage": {"fr": "cas d'usage de l'IA", "en": "AI use cases"},
    "figure.initiatives": {"fr": "initiatives de gouvernance", "en": "governance initiatives"},
    "figure.organisations": {"fr": "organisations citées", "en": "organisations named"},
    "figure.collectivites": {
        "fr": "collectivités et établissements publics porteurs",
        "en": "local authorities and public bodies leading a record",
    },
    "figure.departements": {"fr": "départements couverts", "en": "départements covered"},
    "figure.regions": {"fr": "régions couvertes", "en": "régions covered"},
    "figure.themes": {"fr": "thématiques", "en": "themes"},
    "home.search": {"fr": "Rechercher une fiche", "en": "Search the records"},
    "home.themes": {"fr": "Parcourir par thématique", "en": "Browse by theme"},
    "home.more": {"fr": "Aller plus loin", "en": "Going further"},
    "home.map": {
        "fr": "les organisations et leurs projets, sur une carte et en liste",
        "en": "organisations and their projects, on a map and as a list",
    },
    "home.stats": {
        "fr": "graphiques par thématique, statut, type de collectivité, année…",
        "en": "charts by theme, status, type of authority, year…",
    },
    "home.sparql": {
        "fr": "interroger toutes les données, avec des requêtes d'exemple",
        "en": "query all the data, with example queries",
    },
    "home.catalogue": {
        "fr": "les jeux de données, moissonnables par data.gouv.fr et data.europa.eu",
        "en": "the datasets, harvestable by data.gouv.fr and data.europa.eu",
    },
    "home.downloads": {
        "fr": "le catalogue entier en Turtle, N-Triples, JSON-LD et CSV",
        "en": "the whole catalogue as Turtle, N-Triples, JSON-LD and CSV",
    },
    "home.ontology": {
        "fr": "l'ontologie et les vocabulaires contrôlés, documentés",
        "en": "the ontology and controlled vocabularies, documented",
    },
}

SEARCH: dict[str, dict[str, str]] = {
    "search.title": {"fr": "Rechercher dans le catalogue", "en": "Search the catalogue"},
    "search.q": {"fr": "Mots recherchés", "en": "Search words"},
    "search.q.hint": {
        "fr": "Dans les titres et les descriptions ; accents et majuscules indifférents, "
        "début de mot accepté.",
        "en": "In titles and descriptions; accents and case do not matter, word beginnings "
        "are enough.",
    },
    "search.submit": {"fr": "Rechercher", "en": "Search"},
    "search.filters": {"fr": "Filtrer les fiches", "en": "Filter the records"},
    "search.apply": {"fr": "Appliquer les filtres", "en": "Apply the filters"},
    "search.active": {"fr": "Critères actifs", "en": "Active criteria"},
    "search.remove": {"fr": "Retirer le critère", "en": "Remove the criterion"},
    "search.words": {"fr": "Mots", "en": "Words"},
    "search.clear": {"fr": "Effacer tous les critères", "en": "Clear every criterion"},
    "search.found.none": {
        "fr": "Aucune fiche ne correspond à ces critères.",
        "en": "No record matches these criteria.",
    },
    "search.dropped": {
        "fr": "Critères ignorés : {count} valeur(s) de filtre qu'aucune fiche ne porte.",
        "en": "Criteria ignored: {count} filter value(s) that no record holds.",
    },
    "search.found.one": {"fr": "1 fiche trouvée.", "en": "1 record found."},
    "search.found.many": {"fr": "{total} fiches trouvées.", "en": "{total} records found."},
    "search.range": {
        "fr": "Fiches {first} à {last}, page {page} sur {pages}.",
        "en": "Records {first} to {last}, page {page} of {pages}.",
    },
    "search.results": {"fr": "Résultats", "en": "Results"},
    "search.pagination": {"fr": "Pages de résultats", "en": "Results pages"},
    "search.previous": {"fr": "Page précédente", "en": "Previous page"},
    "search.next": {"fr": "Page suivante", "en": "Next page"},
    "search.page": {"fr": "Page {page}", "en": "Page {page}"},
    "search.publisher": {"fr": "Porteur", "en": "Led by"},
    "search.restricted": {
        "fr": "Ce champ est restreint dans la source : il n'est pas publié, on ne peut donc "
        "pas filtrer dessus.",
        "en": "This field is restricted upstream: it is not published, so it cannot be "
        "filtered on.",
    },
}

FACETS: dict[str, dict[str, str]] = {
    "facet.theme": {"fr": "Thématique", "en": "Theme"},
    "facet.sous-theme": {"fr": "Sous-thématique", "en": "Sub-theme"},
    "facet.statut": {"fr": "Statut du projet", "en": "Project status"},
    "facet.type-collectivite": {"fr": "Type de collectivité", "en": "Type of authority"},
    "facet.region": {"fr": "Région", "en": "Région"},
    "facet.type-algorithme": {"fr": "Type d'algorithme", "en": "Algorithm type"},
    "facet.niveau-risque": {"fr": "Niveau de risque (AI Act)", "en": "Risk level (AI Act)"},
    "facet.type-fiche": {"fr": "Type de fiche", "en": "Entry type"},
    "facet.annee": {"fr": "Année de lancement", "en": "Start year"},
    "facet.registre": {"fr": "Registre source", "en": "Source register"},
    "facet.registre.iacoll": {
        "fr": "iacoll (fiches rédigées ici)",
        "en": "iacoll (records written here)",
    },
    "facet.pays": {"fr": "Pays", "en": "Country"},
    "facet.missing": {"fr": "Non renseigné", "en": "Not stated"},
    "facet.region.missing": {"fr": "Non renseignée", "en": "Not stated"},
    "facet.annee.missing": {"fr": "Date non renseignée", "en": "No start date stated"},
    "facet.niveau-risque.missing": {"fr": "Sans système d'IA", "en": "No AI system"},
    "facet.niveau-risque.non-qualifie": {"fr": "Non qualifié", "en": "Not qualified"},
}

STATS: dict[str, dict[str, str]] = {
    "stats.title": {"fr": "Statistiques du catalogue", "en": "Catalogue statistics"},
    "stats.intro": {
        "fr": "Répartition des {total} fiches. Chaque graphique est suivi de son tableau de "
        "données ; une fiche qui a deux valeurs compte dans chacune.",
        "en": "How the {total} records are spread. Each chart comes with its data table; a "
        "record with two values counts in both.",
    },
    "stats.index": {"fr": "Graphiques de la page", "en": "Charts on this page"},
    "stats.count": {"fr": "Nombre de fiches", "en": "Number of records"},
    "stats.restricted": {
        "fr": "Pas de graphique : dans la Bibliothèque d'IA territoriales, ce champ est à accès "
        "restreint (seuls les agents authentifiés le voient). Le catalogue public ne le publie "
        "pas et ne peut donc pas en donner la répartition.",
        "en": "No chart: in the Bibliothèque d'IA territoriales this field is restricted (only "
        "authenticated agents see it). The public catalogue does not publish it, so it cannot "
        "show how it is spread.",
    },
    "chart.theme": {"fr": "Fiches par thématique", "en": "Records by theme"},
    "chart.statut": {"fr": "Fiches par statut du projet", "en": "Records by project status"},
    "chart.type-collectivite": {
        "fr": "Fiches par type de collectivité porteuse",
        "en": "Records by type of leading authority",
    },
    "chart.region": {"fr": "Fiches par région", "en": "Records by région"},
    "chart.type-algorithme": {
        "fr": "Fiches par type d'algorithme",
        "en": "Records by algorithm type",
    },
    "chart.niveau-risque": {
        "fr": "Fiches par niveau de risque AI Act de leur système d'IA",
        "en": "Records by AI Act risk level of their AI system",
    },
    "chart.annee": {"fr": "Fiches par année de lancement", "en": "Records by start year"},
    "chart.registre": {"fr": "Fiches par registre source", "en": "Records by source register"},
    "chart.pays": {"fr": "Fiches par pays", "en": "Records by country"},
}

MAP: dict[str, dict[str, str]] = {
    "map.title": {"fr": "Carte des organisations", "en": "Map of the organisations"},
    "map.intro": {
        "fr": "Les organisations qui publient des fiches, avec leurs fiches : à la position "
        "que donne la fiche, sinon à leur position officielle (mairie de la commune, du "
        "chef-lieu ou de la ville principale de l'intercommunalité). Le tableau sous la carte "
        "donne les mêmes points.",
        "en": "The organisations that publish records, with their records: at the position "
        "the record gives, else at their official position (town hall of the commune, of the "
        "chef-lieu or of the main town of the grouping). The table below the map lists the "
        "same points.",
    },
    "map.skip": {"fr": "Passer la carte, aller au tableau", "en": "Skip the map, go to the table"},
    "map.label": {"fr": "Carte interactive des organisations", "en": "Interactive map"},
    "map.list": {"fr": "Organisations localisées", "en": "Organisations with a position"},
    "map.organisation": {"fr": "Organisation", "en": "Organisation"},
    "map.latitude": {"fr": "Latitude", "en": "Latitude"},
    "map.longitude": {"fr": "Longitude", "en": "Longitude"},
    "map.records": {"fr": "Fiches", "en": "Records"},
    "map.no-record": {"fr": "Aucune fiche", "en": "No record"},
    "map.zoom-in": {"fr": "Zoom avant", "en": "Zoom in"},
    "map.zoom-out": {"fr": "Zoom arrière", "en": "Zoom out"},
    "map.close": {"fr": "Fermer la bulle", "en": "Close the popup"},
    "map.tiles-failed": {
        "fr": "Le fond de carte n'a pas pu être chargé ; les organisations restent listées "
        "dans le tableau ci-dessous.",
        "en": "The background map could not be loaded; the organisations are still listed in "
        "the table below.",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**HOME, **SEARCH, **FACETS, **STATS, **MAP}

"""What the resource pages show, read from their HTML as a person would read it.

Expected values come from the source files (counted here with rdflib), not from the store the
pages read. The structure is checked too: one ``h1``, heading levels that never skip, header
cells with a scope, links with text, the language of the page and of foreign-language text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD
from rdflib.term import Node

from iacoll import sources, store
from iacoll.app import create_app
from iacoll.namespaces import AI, DEFAULT_BASE, IACOLL, PREFIXES
from iacoll.pages.dates import human_date
from iacoll.pages.resource_record import RecordPage
from iacoll.pages.resource_terms import Reader
from iacoll.pages.view import split_suffix
from iacoll.settings import Settings
from tests.html import Element, dom
from tests.test_dereference import PUBLIC_SOURCES, is_other_router, minted, path_of

SICOVAL = "/id/cas-usage/sicoval-fuites-eau"
PAGES = (
    SICOVAL,
    "/id/initiative/amp-priam",
    "/id/systeme/sicoval-fuites-eau",
    "/id/organisation/bordeaux-metropole",
    "/id/document/localtis-mag-15",
    "/vocab/theme/transition-ecologique",
    "/vocab/type-collectivite",
    "/def",
    "/shapes",
    "/graph/contexte",
    "/id/catalogue",
)


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def data() -> Graph:
    """The public source files and the vocabularies, read from the repository."""
    folders = [sources.DATA_DIR / f for f in ("cas-usage", "initiative", "organisation")]
    return sources.read_all([*folders, sources.DATA_DIR / "documents.ttl", sources.ONTOLOGY_DIR])


def page(client: TestClient, url: str) -> Element:
    client.cookies.clear()
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    return dom(response.text)


def section(html: Element, heading_id: str) -> Element:
    return html.first("section", **{"aria-labelledby": heading_id})


# --- the use-case page ----------------------------------------------------------------------


def test_use_case_page_shows_its_fields(client: TestClient) -> None:
    html = page(client, SICOVAL)
    assert html.first("h1").text == "Détection des fuites d'eau par IA — Sicoval"
    details = section(html, "informations")
    assert details.field("Porteur").links() == {"/id/organisation/sicoval": "Sicoval"}
    assert details.field("Thème principal").links() == {
        "/vocab/theme/transition-ecologique": "Transition écologique et énergétique"
    }
    assert details.field("Type de fiche").text == "Cas d'usage de l'IA"
    assert "leakmited" not in details.field("Porteur").text.lower()


def test_use_case_page_shows_partners_with_roles(client: TestClient) -> None:
    partners = section(page(client, SICOVAL), "partenaires")
    rows = {tr.first("th").text: tr.first("td").text for tr in partners.first("tbody").all("tr")}
    assert rows == {"Leakmited": "Prestataire", "Réseau 31": "Exploitant"}
    assert all(th.attrs.get("scope") in ("row", "col") for th in partners.all("th"))


def test_use_case_page_shows_figures_timeline_and_points(client: TestClient) -> None:
    html = page(client, SICOVAL)
    figures = [li.text for li in section(html, "chiffres").all("li")]
    assert "113 705 : c'est le volume annuel de fuites évité en m³" in figures
    steps = list(section(html, "chronologie").all("li"))
    assert len(steps) == 4
    assert [t.attrs["datetime"] for t in steps[2].all("time")] == ["2024-05-13", "2024-05-24"]
    assert len(list(section(html, "positifs").all("li"))) == 3
    assert len(list(section(html, "vigilance").all("li"))) == 3


def test_unqualified_risk_level_is_said(client: TestClient) -> None:
    system = section(page(client, SICOVAL), "systeme")
    assert "Non qualifié" in system.text
    assert "Ce n'est pas un « risque minimal »" in system.text
    assert system.field("Fourni ou développé par").links() == {
        "/id/organisation/leakmited": "Leakmited"
    }
    assert "/id/systeme/sicoval-fuites-eau" in system.links()


def test_use_case_page_shows_provenance(client: TestClient, data: Graph) -> None:
    """« Source : <title>, <publishers>, <date> », linked to the document's page; the file
    name and the lines stay in the RDF."""
    provenance = section(page(client, SICOVAL), "provenance")
    booklet = URIRef(DEFAULT_BASE + "id/document/bibliotheque-ia-territoriales-2025")
    title = str(data.value(booklet, DCTERMS.title))
    publishers = sorted(
        str(data.value(p, SKOS.prefLabel)) for p in data.objects(booklet, DCTERMS.publisher)
    )
    assert len(publishers) == 3
    item = next(li for li in provenance.all("li") if path(booklet) in li.links())
    assert item.links()[path(booklet)] == title
    assert re.sub(r" ,", ",", item.text) == f"Source : {title}, {', '.join(publishers)}, avril 2025"
    assert item.one("time").attrs["datetime"] == "2025-04"
    assert "ligne" not in provenance.text and ".txt" not in provenance.text
    rdf = client.get(SICOVAL + ".ttl").text
    assert "iacoll:lignes" in rdf or "def#lignes" in rdf


def test_restricted_fields_stay_off_the_page(client: TestClient) -> None:
    restricted = sources.read_rdf(sources.DATA_DIR / "restreint" / "sicoval-fuites-eau.ttl")
    texts = [str(o) for o in restricted.objects() if not isinstance(o, (URIRef, BNode))]
    assert texts
    html = page(client, SICOVAL).text
    for text in texts:
        assert text[:60] not in html


def test_related_projects(client: TestClient) -> None:
    related = section(page(client, "/id/cas-usage/rouen-delibia"), "lies")
    assert related.first("h3").text == "Même partenaire ou prestataire"
    assert related.first("li").text == (
        "Rédaction des délibérations avec l'IA — Commune de La Haye (Delibia)"
    )
    inspired = section(page(client, "/id/cas-usage/bordeaux-calque-plantabilite"), "lies")
    assert "Inspiré par" in [h.text for h in inspired.all("h3")]
    assert "/id/cas-usage/lyon-calque-plantabilite" in inspired.links()
    inspiring = section(page(client, "/id/cas-usage/lyon-calque-plantabilite"), "lies")
    assert "A inspiré" in [h.text for h in inspiring.all("h3")]
    same = section(page(client, "/id/cas-usage/drome-ladrome-fr"), "lies")
    assert "Peut-être la même fiche que" in [h.text for h in same.all("h3")]
    assert "/id/cas-usage/drome-wikit-chatbot" in same.links()
    programme = section(page(client, "/id/initiative/amp-priam"), "lies")
    assert "Comprend" in [h.text for h in programme.all("h3")]
    assert "/id/cas-usage/amp-callbot-encombrants" in programme.links()


def test_english_switch(client: TestClient) -> None:
    french = page(client, SICOVAL)
    assert french.first("html").attrs["lang"] == "fr"
    switch = french.first("a", class_="lang-switch")
    assert switch.attrs["href"] == SICOVAL + "?lang=en"
    english = page(client, switch.attrs["href"])
    assert english.first("html").attrs["lang"] == "en"
    details = section(english, "informations")
    assert details.field("Lead organisation").links() == {"/id/organisation/sicoval": "Sicoval"}
    assert details.field("Main theme").text == "Ecological and energy transition"
    assert "Not qualified" in section(english, "systeme").text
    assert section(english, "chiffres").first("h2").text == "Key figures"
    # French text on an English page says it is French.
    assert section(english, "description").first("span").attrs["lang"] == "fr"


def test_editorial_notes_are_shown_as_such_in_the_page_language(client: TestClient) -> None:
    url = "/id/cas-usage/bethune-bruay-routes"
    notes = section(page(client, url), "notes")
    assert notes.first("h2").text == "Notes de la rédaction"
    assert "Thématique attribuée par la rédaction d'iacoll" in notes.text
    english = section(page(client, url + "?lang=en"), "notes")
    assert "Theme assigned by the iacoll editors" in english.text
    assert "Thématique attribuée" not in english.text


# --- organisations, documents, systems --------------------------------------------------------


def records_of(data: Graph, predicate: URIRef, organisation: URIRef) -> set[str]:
    found = data.subjects(predicate, organisation)
    return {path(r) for r in found if (r, RDF.type, IACOLL.Fiche) in data}


def path(iri: Node) -> str:
    return "/" + str(iri)[len(DEFAULT_BASE) :]


def test_organisation_page_lists_its_records(client: TestClient, data: Graph) -> None:
    html = page(client, "/id/organisation/sicoval")
    records = section(html, "fiches")
    sicoval = URIRef(DEFAULT_BASE + "id/organisation/sicoval")
    expected = records_of(data, DCTERMS.publisher, sicoval)
    assert len(expected) == 3
    assert set(records.links()) == expected
    assert records.first("h3").text == "Porteuse du projet"
    assert "Communauté d'agglomération du Sicoval" in html.first("header", class_="resource").text


def test_organisation_page_lists_partner_and_provider_roles(client: TestClient) -> None:
    records = section(page(client, "/id/organisation/leakmited"), "fiches")
    headings = [h.text for h in records.all("h3")]
    assert headings == [
        "Porteuse du projet",
        "Partenaire",
        "Prestataire ou développeur du système d'IA",
    ]
    carried, partner, *_ = records.all("ul")
    assert [li.text for li in carried.all("li")] == [
        "Mission 90+ : détection des fuites d'eau par IA — Brivadois"
    ]
    assert "Détection des fuites d'eau par IA — Sicoval (Prestataire)" in [
        li.text for li in partner.all("li")
    ]


def test_organisation_identity(client: TestClient) -> None:
    identity = section(page(client, "/id/organisation/bordeaux-metropole"), "identite")
    siren = identity.field("SIREN")
    assert siren.text.startswith("243300316")
    assert "https://annuaire-entreprises.data.gouv.fr/entreprise/243300316" in siren.links()
    assert identity.field("Type de collectivité").text == "Métropole"
    place = identity.field("Coordonnées du site principal").text
    assert "44.8380737" in place and "-0.5844559" in place


def test_document_page_lists_what_was_taken_from_it(client: TestClient, data: Graph) -> None:
    html = page(client, "/id/document/bibliotheque-ia-territoriales-2025")
    citations = section(html, "citations")
    document = URIRef(DEFAULT_BASE + "id/document/bibliotheque-ia-territoriales-2025")
    extracts = data.subjects(DCTERMS.isPartOf, document)
    citing = {path(s) for x in extracts for s in data.subjects(DCTERMS.source, x)}
    assert set(citations.links()) == citing
    assert citations.links()[SICOVAL] == "Détection des fuites d'eau par IA — Sicoval"
    assert f"Fiches et organisations : {len(citing)}" in citations.text
    details = section(html, "informations")
    assert details.field("Date de publication").text == "avril 2025"
    assert "Les Interconnectés" in details.field("Éditeur").text
    main = html.first("main").text
    assert "001_" not in main and "Fichier source" not in main


def test_system_page(client: TestClient) -> None:
    html = page(client, "/id/systeme/sicoval-fuites-eau")
    assert "Non qualifié" in section(html, "risque").text
    details = section(html, "informations")
    assert details.field("Fiches qui déploient ce système").links() == {
        SICOVAL: "Détection des fuites d'eau par IA — Sicoval"
    }
    assert details.field("Déployé par").text == "Sicoval"


# --- vocabularies and the ontology --------------------------------------------------------------


def records_using(data: Graph, concept: URIRef) -> set[str]:
    """Records pointing at ``concept`` directly, through their AI system or a blank node."""
    found = set()
    for subject in data.subjects(None, concept):
        owners = set(data.subjects(None, subject)) if isinstance(subject, BNode) else {subject}
        owners |= set(data.subjects(AI.hasAISystem, subject))
        found |= {path(o) for o in owners if (o, RDF.type, IACOLL.Fiche) in data}
    return found


def test_concept_page_lists_its_records(client: TestClient, data: Graph) -> None:
    concept = URIRef(DEFAULT_BASE + "vocab/theme/transition-ecologique")
    html = page(client, path(concept))
    usage = section(html, "usage")
    expected = records_using(data, concept)
    assert SICOVAL in expected
    assert set(usage.links()) == expected
    assert f"Nombre de fiches : {len(expected)}" in usage.text
    assert html.field("Libellés (français)").text == "Transition écologique et énergétique"
    assert html.field("Libellés (anglais)").text == "Ecological and energy transition"
    assert html.field("Libellés (anglais)").first("span").attrs["lang"] == "en"
    assert "/vocab/sous-theme/gestion-eau" in html.field("Concepts plus précis").links()
    mappings = section(html, "alignements")
    assert mappings.field("Correspondance proche").links() == {
        "http://publications.europa.eu/resource/authority/data-theme/ENVI": "Environnement"
    }


def test_concept_used_through_a_timeline_phase(client: TestClient, data: Graph) -> None:
    concept = URIRef(DEFAULT_BASE + "vocab/phase/inspiration")
    usage = section(page(client, path(concept)), "usage")
    assert set(usage.links()) == records_using(data, concept) != set()


def test_scheme_page_shows_the_tree(client: TestClient, data: Graph) -> None:
    html = page(client, "/vocab/type-collectivite")
    scheme = URIRef(DEFAULT_BASE + "vocab/type-collectivite")
    concepts = set(data.subjects(SKOS.inScheme, scheme))
    assert html.field("Nombre de concepts").text == str(len(concepts))
    tree = html.first("div", class_="tree")
    assert {path(c) for c in concepts} == set(tree.links())
    epci = next(
        li for li in tree.all("li") if li.first("a").text.startswith("Établissement public de")
    )
    assert "/vocab/type-collectivite/metropole" in epci.first("ul").links()
    assert (
        "http://purl.org/adms/publishertype/LocalAuthority" in section(html, "alignements").links()
    )


def test_ontology_term_has_both_definitions(client: TestClient) -> None:
    html = page(client, "/def")
    term = html.first("section", id="CasUsageIA")
    assert term.first("h3").text == "Cas d'usage de l'IA iacoll:CasUsageIA"
    assert term.field("Définition (français)").text.startswith("Service public ou processus")
    english = term.field("Définition (anglais)")
    assert english.text.startswith("Public service or process of a local authority")
    assert english.first("p").attrs["lang"] == "en"
    assert term.field("Sous-classe de").links()["/def#Fiche"] == "Fiche"
    assert "dpv:Process" in term.field("Sous-classe de").text
    assert "ar:AlgorithmApplication" in term.field("Correspondance proche").text


def test_ontology_documents_every_term(client: TestClient) -> None:
    ontology = sources.read_rdf(sources.ONTOLOGY_DIR / "iacoll.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for k in (*kinds, OWL.NamedIndividual) for s in ontology.subjects(RDF.type, k)}
    html = page(client, "/def")
    anchors = {s.attrs["id"] for s in html.all("section", class_="term")}
    assert {str(t).split("#")[1] for t in terms} <= anchors
    prop = html.first("section", id="chiffreCle")
    assert prop.field("Domaine").links() == {"/def#Fiche": "Fiche"}
    assert "Sous-classes" in [dt.text for dt in html.first("section", id="Fiche").all("dt")]
    english = page(client, "/def?lang=en").first("section", id="CasUsageIA")
    assert english.first("h3").text.startswith("AI use case")


def test_named_graph_page_counts_its_triples(client: TestClient) -> None:
    context = sources.read_all(
        [sources.DATA_DIR / f for f in ("documents.ttl", "referentiels.ttl", "registres.ttl")]
    )
    html = page(client, "/graph/contexte")
    assert html.first("h1").text == "Documents sources et référentiels"
    rows = {tr.first("th").text: tr.first("td").text for tr in html.first("tbody").all("tr")}
    assert rows["Nombre de triplets"] == str(len(context))


# --- structure and accessibility -------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_are_well_structured(client: TestClient, url: str, lang: str) -> None:
    html = page(client, f"{url}?lang={lang}")
    assert html.first("html").attrs["lang"] == lang
    headings = [int(e.tag[1]) for e in html.all() if re.fullmatch(r"h[1-6]", e.tag)]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(headings)), headings
    assert all(th.attrs.get("scope") in ("row", "col") for th in html.all("th"))
    assert all(a.text for a in html.all("a")), "every link has a text"
    ids = [e.attrs["id"] for e in html.all() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    assert html.first("script", type="application/ld+json").text


# --- labels, never raw identifiers -------------------------------------------------------------

# A raw CURIE of one of the project's prefixes (``eu-aiact:PublicSector``), or an http(s) IRI.
CURIE = re.compile(r"(?<![\w/#.:-])(?:" + "|".join(map(re.escape, PREFIXES)) + r"):[A-Za-z_][\w-]*")
ABSOLUTE = re.compile(r"\bhttps?://\S+")
NAME_TAGS = {"a", "dt", "th", "h1", "h2", "h3", "caption", "summary"}
VALUE_TAGS = {"dd", "td", "li"}
# Documentation pages document terms: an unlabelled term of another vocabulary is named there
# by its qname, shown as code (an alignment ``skos:exactMatch dpv:Process``).
DOCUMENTATION = ("/def", "/shapes", "/vocab/")


def visible(element: Element) -> str:
    """What a reader sees as words: the text, without code, addresses and scripts."""
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in ("code", "script") and "url" not in child.attrs.get("class", ""):
            parts.append(visible(child))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def raw_identifiers(html: Element, documentation: bool) -> list[str]:
    """Raw CURIEs and IRIs where the page should show a label or a value.

    Names (link texts, field and column headers, headings) must not contain one; a value (a
    ``dd``, ``td`` or ``li``) must not be one. The explicitly IRI-displaying places are left
    out: ``<code>`` (identifiers: an IRI literal, the permanent address of the « Citer »
    box, a checksum, a media type, and the qnames of the documentation pages) and links marked
    ``url`` whose text is their own address without its scheme (a homepage, a download URL).
    Outside documentation pages a ``<code>`` never holds a CURIE, except the official AI Act
    term beside a risk level.
    """
    main = html.first("main")
    found = []
    for element in main.all():
        classes = element.attrs.get("class", "").split()
        if "iri" in classes or element.tag == "aside":
            continue
        text = visible(element)
        if element.tag == "a" and "url" in classes:
            if not re.fullmatch(r"(mailto:)?[\w.-]+\.[a-z]{2,}(/\S*)?", element.text):
                found.append(f"address link {element.text!r}")
        elif element.tag in NAME_TAGS or "kind" in classes:
            found += [f"<{element.tag}> {m}" for m in CURIE.findall(text) + ABSOLUTE.findall(text)]
        elif element.tag in VALUE_TAGS and (CURIE.fullmatch(text) or ABSOLUTE.fullmatch(text)):
            found.append(f"<{element.tag}> {text}")
    if not documentation:
        shown = [c.text for c in main.all("code") if CURIE.fullmatch(c.text)]
        allowed = [c.text for r in main.all(class_="risk") for c in r.all("code")]
        found += [f"<code> {c}" for c in shown if c not in allowed]
    return found


@pytest.fixture(scope="module")
def resource_paths(seed_settings: Settings) -> list[str]:
    """The path of every document minted in the public source files and the catalogue."""
    graph = sources.read_all(list(sources.rdf_files(PUBLIC_SOURCES)))
    graph += store.content(next(g for g in store.GRAPHS if g.key == "catalogue"), seed_settings)
    paths = {path_of(str(iri)) for iri in minted(graph)}
    return sorted(p for p in paths if not is_other_router(p) and split_suffix(p)[1] is None)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_shows_a_raw_identifier_for_a_label(
    client: TestClient, resource_paths: list[str], lang: str
) -> None:
    """Every resource page of the seed data names terms by their labels, in both languages."""
    problems = []
    for url in resource_paths:
        html = page(client, f"{url}?lang={lang}")
        documentation = url.startswith(DOCUMENTATION)
        problems += [f"{url}: {p}" for p in raw_identifiers(html, documentation)]
    assert len(resource_paths) > 400  # every record, organisation, concept, document…
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


def test_the_raw_identifier_check_can_fail() -> None:
    """The reviewer's findings, as the pages printed them, are caught."""
    for snippet in (
        "<dl><div><dt>Secteur</dt><dd><a href='x'>eu-aiact:PublicSector</a></dd></div></dl>",
        "<p class='kind'><a href='x'>cv:PublicOrganisation</a>, <a href='y'>Organisation</a></p>",
        "<table><tr><th>dcat:byteSize</th><td>32737</td></tr></table>",
        "<dl><div><dt>Format</dt><dd><a href='h'>"
        "http://publications.europa.eu/resource/authority/file-type/CSV</a></dd></div></dl>",
        "<ul><li>https://w3id.org/iacoll/id/fiche/x</li></ul>",
        "<dl><div><dt>Secteur</dt><dd><a href='x'><code>eu-aiact:PublicSector</code></a></dd>"
        "</div></dl>",
        "<a class='url' href='x'>Site web de la ville</a>",
        "<a class='url' href='https://a.fr/'>https://a.fr/</a>",
    ):
        html = dom(f"<main>{snippet}</main>")
        assert raw_identifiers(html, documentation=False), snippet
    fine = dom(
        "<main><p class='iri'>IRI <code>https://w3id.org/iacoll/id/x</code></p>"
        "<dl><div><dt>Site web</dt><dd><a class='url' href='https://a.fr/'>a.fr</a>"
        "</dd></div><div><dt>Description</dt><dd>Voir prov:wasInfluencedBy.</dd></div></dl></main>"
    )
    assert raw_identifiers(fine, documentation=False) == []


ETALAB = ("Licence Ouverte / Open Licence version 2.0", "Etalab Open Licence V 2.0")


@pytest.mark.parametrize(
    ("url", "french", "english"),
    [
        ("/id/organisation/sicoval", "Autorité locale", "Local Authority"),
        ("/id/organisation/region-occitanie", "Autorité régionale", "Regional authority"),
        ("/id/organisation/dinum", "Autorité nationale", "National authority"),
        (
            "/id/organisation/les-interconnectes",
            "Organisation à but non lucratif",
            "Non-Profit Organisation",
        ),
        (
            "/id/organisation/inria",
            "Organisme universitaire ou scientifique",
            "Academia/Scientific organisation",
        ),
        ("/id/organisation/leakmited", "Entreprise", "Company"),
        *((url, *ETALAB) for url in ("/def", "/vocab/theme", "/id/distribution/csv")),
        ("/id/catalogue", "Thème des données", "Data theme Named Authority List"),
    ],
)
def test_eu_vocabulary_terms_are_named_in_the_page_language(
    client: TestClient, url: str, french: str, english: str
) -> None:
    """The EU vocabularies label these terms in English only; French pages name them in
    French, English pages keep the vocabulary's English label."""
    text = page(client, url).first("main").text
    assert french in text and english not in text
    text = page(client, url + "?lang=en").first("main").text
    assert english in text and french not in text


def test_types_restating_the_main_type_are_not_repeated(client: TestClient) -> None:
    organisation = page(client, "/id/organisation/sicoval").first("p", class_="kind")
    assert organisation.text == "Organisation publique"
    system = page(client, "/id/systeme/sicoval-fuites-eau").first("p", class_="kind")
    assert system.text == "Système d'IA"


def test_machine_only_properties_stay_in_the_rdf(client: TestClient) -> None:
    """The AI Act sector every record shares and the SHACL profile are not page rows."""
    html = page(client, SICOVAL)
    assert not [dt.text for dt in html.all("dt") if dt.text in ("Secteur", "Conforme à")]
    assert "SHACL" not in html.first("main").text and "secteur public" not in html.text
    english = page(client, SICOVAL + "?lang=en").first("main").text
    assert "Sector" not in english and "Conforms to" not in english
    rdf = client.get(SICOVAL + ".ttl").text
    assert "PublicSector" in rdf and "shapes/1.0.0" in rdf


def test_distribution_page_reads_as_a_file_description(client: TestClient) -> None:
    """Format and media type by name, the size in words with the exact number, the checksum
    as its algorithm and value."""
    html = page(client, "/id/distribution/csv")
    size = int(client.head("/download/iacoll.csv").headers["content-length"])
    assert cell(html, "Format").text == "CSV"
    assert cell(html, "Type de média").text == "text/csv"
    taille = cell(html, "Taille").text  # (no-break spaces read as spaces)
    assert re.fullmatch(r"\d+,\d ko \(" + f"{size:,}".replace(",", " ") + r" octets\)", taille)
    checksum = cell(html, "Empreinte")
    assert checksum.first("a").text == "SHA-256"
    assert re.fullmatch(r"[0-9a-f]{64}", checksum.one("code", class_="checksum").text)
    download = cell(html, "URL de téléchargement").first("a", class_="url")
    assert download.text == "w3id.org/iacoll/download/iacoll.csv"
    assert download.attrs["href"] == "/download/iacoll.csv"
    english = page(client, "/id/distribution/csv?lang=en")
    assert f"({size:,} bytes)" in cell(english, "Byte size").text
    assert cell(english, "Media type").text == "text/csv"


def cell(html: Element, label: str) -> Element:
    """The value cell of the property table row headed ``label``."""
    for row in html.all("tr"):
        header = next(row.all("th"), None)
        if header is not None and header.text == label:
            return row.first("td")
    raise AssertionError(f"no row {label!r}")


# --- French polish ------------------------------------------------------------------------------


def test_dates_are_written_in_words_with_their_machine_form(client: TestClient) -> None:
    url = "/id/cas-usage/bordeaux-calque-plantabilite"
    html = page(client, url)
    start = section(html, "informations").field("Date de démarrage du projet")
    assert start.text == "septembre 2024"
    assert start.one("time").attrs["datetime"] == "2024-09"
    steps = [li.one("span", class_="when").text for li in section(html, "chronologie").all("li")]
    assert "février 2024 – février 2025" in steps
    assert not [s for s in steps if re.search(r"\d{4}-\d{2}", s)]
    english = page(client, url + "?lang=en")
    assert section(english, "informations").field("Project start date").text == "September 2024"
    steps = [li.one("span", class_="when").text for li in section(english, "chronologie").all("li")]
    assert "February 2024 – February 2025" in steps


def test_human_dates() -> None:
    assert human_date("2024-06-01", "fr") == "1er juin 2024"
    assert human_date("2024-06-01", "en") == "1 June 2024"
    assert human_date("2024-12", "fr") == "décembre 2024"
    assert human_date("2024", "fr") == "2024"
    assert human_date("2024-05-13Z", "fr") == "13 mai 2024"
    assert human_date("2024-05-13T10:00:00+02:00", "fr") == "13 mai 2024"
    assert human_date("pas une date", "fr") is None
    assert human_date("2024 environ", "fr") is None  # shown as written, not cut to « 2024 »
    assert human_date("2024-13", "fr") is None


def test_line_numbers_stay_in_the_rdf(client: TestClient) -> None:
    """An editorial note reads without the line numbers it cites (kept in the RDF)."""
    url = "/id/cas-usage/ign-cerema-inria-jumeau-numerique"
    notes = [li.text for li in section(page(client, url), "notes").all("li")]
    assert (
        "Le même rapport date aussi cette audition du « 12 novembre 2025 » ; la date du "
        "12 novembre 2024 est retenue." in notes
    ), notes
    assert "(ligne 537)" in client.get(url + ".ttl").text


def test_organisation_without_identity_has_no_empty_heading(client: TestClient) -> None:
    html = page(client, "/id/organisation/datagora-erasme")
    assert "Identité" not in [h.text for h in html.all("h2")]
    assert not list(html.all("section", aria_labelledby="identite"))
    assert section(page(client, "/id/organisation/sicoval"), "identite").first("dl")


def test_upstream_field_labels_as_the_interface_words_them(client: TestClient) -> None:
    url = "/id/cas-usage/nantes-ia-cantines"
    assert section(page(client, url), "informations").field("URL d'information").first("a")
    english = section(page(client, url + "?lang=en"), "informations")
    assert english.field("Lead organisation").links()
    columns = page(client, "/download/?lang=en").first("section", aria_labelledby="colonnes")
    assert "Lead organisation" in columns.text and "Carrier" not in columns.text
    assert "URL d'information" in page(client, "/download/").first("section").text


# --- citing a page -------------------------------------------------------------------------------


def test_the_iri_is_in_the_cite_box_not_in_the_heading(client: TestClient) -> None:
    html = page(client, SICOVAL)
    assert not list(html.first("header", class_="resource").all("code"))
    assert "https://" not in html.first("header", class_="resource").text
    box = section(html, "citer")
    assert box.first("h2").text == "Citer cette page"
    iri = DEFAULT_BASE + SICOVAL[1:]
    assert box.one("code", id="permalien").text == iri
    assert box.one("code", id="citation").text == (
        "Détection des fuites d'eau par IA — Sicoval, Sicoval, iacoll, "
        f"mis à jour le 6 décembre 2026, {iri}"
    )
    buttons = list(box.all("button"))
    assert [b.attrs["data-copy"] for b in buttons] == ["permalien", "citation"]
    assert all("hidden" in b.attrs for b in buttons)  # shown by copy.js where scripts run
    assert client.get("/static/copy.js").status_code == 200
    for url in ("/id/organisation/sicoval", "/vocab/theme/transition-ecologique"):
        assert (
            section(page(client, url), "citer")
            .one("code", id="permalien")
            .text.startswith(DEFAULT_BASE)
        )


def test_last_update_date_from_dct_modified(client: TestClient) -> None:
    """« Dernière mise à jour » and the citation's date come from ``dct:modified``; a record
    without one shows neither."""
    site = client.app.state.site  # type: ignore[attr-defined]
    focus = URIRef(DEFAULT_BASE + SICOVAL[1:])
    graph = site.describe(focus)
    graph.remove((focus, DCTERMS.modified, None))
    reader = Reader(site, "fr")
    assert RecordPage(reader, graph, focus).updated is None
    assert "mis à jour" not in RecordPage(reader, graph, focus).citation
    graph.add((focus, DCTERMS.modified, Literal("2026-11-22", datatype=XSD.date)))
    dated = RecordPage(reader, graph, focus)
    assert dated.updated is not None and dated.updated.value == "22 novembre 2026"
    assert dated.updated.datetime == "2026-11-22"
    assert dated.citation.endswith(f"iacoll, mis à jour le 22 novembre 2026, {focus}")
    english = RecordPage(Reader(site, "en"), graph, focus)
    assert english.citation.endswith(f"iacoll, updated on 22 November 2026, {focus}")

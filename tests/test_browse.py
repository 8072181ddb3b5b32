"""Home, search, map and statistics pages, in-process.

The numbers the pages show are checked against counts made here, independently, from the
source files (``iacoll.sources.read_all``), not against the store the pages read.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, RDF, RDFS, SKOS
from rdflib.term import Node

from iacoll import sources
from iacoll.app import create_app
from iacoll.model.reference import Reference
from iacoll.namespaces import (
    ADMS,
    ADMS_PUBLISHER_TYPE,
    AI,
    COUNTRY,
    EU_AIACT,
    GEO,
    IACOLL,
    SCHEMA,
    VOCAB,
)
from iacoll.pages.browse import Library, prologue
from iacoll.pages.render import MAX_REFLECTED
from iacoll.pages.search import MISSING, Query, Record, SearchIndex, fold, words
from iacoll.pages.territory import Divisions, Place
from iacoll.settings import Settings
from tests.html import Element, dom

DATA_FOLDERS = ("cas-usage", "initiative", "organisation")


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(seed_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def data() -> Graph:
    """The public source files and the vocabularies, read straight from the repository."""
    folders = [sources.DATA_DIR / name for name in DATA_FOLDERS]
    return sources.read_all([*folders, sources.VOCABULARY_DIR])


def page(client: TestClient, url: str) -> Element:
    client.cookies.clear()  # no language remembered from an earlier page
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return dom(response.text)


def hits(client: TestClient, url: str) -> list[str]:
    """Paths of the records a search page lists, every page followed."""
    found: list[str] = []
    while url:
        html = page(client, url)
        found += [a.attrs["href"] for ol in html.all("ol", class_="hits") for a in ol.all("a")]
        following = list(html.all("a", rel="next"))
        url = following[0].attrs["href"] if following else ""
    return found


def facet_counts(html: Element, facet: str) -> dict[str, int]:
    """``value → count`` of the checkboxes of ``facet``."""
    fieldset = html.one("fieldset", id=f"facette-{facet}")
    counts = {}
    for box in fieldset.all("input", type="checkbox"):
        label = fieldset.one("label", for_=box.attrs["id"])
        counts[box.attrs["value"]] = int(label.one("span", class_="count").text.strip("()"))
    return counts


# --- independent counts from the source files ------------------------------------------


def records(data: Graph) -> set[Node]:
    return set(data.subjects(RDF.type, IACOLL.Fiche))


def path(iri: Node) -> str:
    return "/" + str(iri).removeprefix("https://w3id.org/iacoll/")


def slug(iri: Node) -> str:
    return str(iri).rsplit("/", 1)[-1]


def in_scheme(data: Graph, scheme: str) -> set[Node]:
    return set(data.subjects(SKOS.inScheme, VOCAB[scheme]))


def _risk_levels(data: Graph, record: Node) -> set[str]:
    system = data.value(record, AI.hasAISystem)
    if system is None:
        return set()
    levels = set(data.objects(system, EU_AIACT.hasRiskLevel))
    concepts = in_scheme(data, "niveau-risque")
    found = {slug(c) for c in concepts if set(data.objects(c, SKOS.exactMatch)) & levels}
    return found or {"non-qualifie"}


def _publisher(data: Graph, record: Node, prop: URIRef) -> set[Node]:
    return set(data.objects(data.value(record, DCTERMS.publisher), prop))


DIVISIONS = Divisions.of(Reference())


def _place(data: Graph, record: Node) -> Place | None:
    """Where the publishers of ``record`` are: the départements and régions they state (the
    région of each département too), read from the source graph."""
    publishers = set(data.objects(record, DCTERMS.publisher))
    departements = {str(c) for p in publishers for c in data.objects(p, IACOLL.codeDepartement)}
    regions = {str(c) for p in publishers for c in data.objects(p, IACOLL.codeRegion)}
    regions |= {DIVISIONS.region_of[code] for code in departements}
    return Place(frozenset(departements), frozenset(regions)) if regions else None


def _kind(data: Graph, organisation: Node) -> str:
    """The kind of a publisher (facet « type-organisme »), read from the source graph."""
    types = set(data.objects(organisation, DCTERMS.type))
    classes = set(data.objects(organisation, ORG.classification))
    if any(str(c).startswith(str(COUNTRY)) for c in data.objects(organisation, DCTERMS.spatial)):
        return "etranger"
    if ADMS_PUBLISHER_TYPE.NationalAuthority in types or VOCAB["type-collectivite/operateur"] in (
        classes
    ):
        return "etat"
    local = {ADMS_PUBLISHER_TYPE.LocalAuthority, ADMS_PUBLISHER_TYPE.RegionalAuthority}
    if types & local or classes:
        return "collectivite"
    return "entreprise" if ADMS_PUBLISHER_TYPE.Company in types else "autre"


# How each facet's values are read from the source graph, independently of the app.
VALUES_OF: dict[str, Callable[[Graph, Node], set[str]]] = {
    "theme": lambda g, r: {slug(c) for c in set(g.objects(r, DCAT.theme)) & in_scheme(g, "theme")},
    "sous-theme": lambda g, r: {
        slug(c) for c in set(g.objects(r, DCAT.theme)) & in_scheme(g, "sous-theme")
    },
    "statut": lambda g, r: {slug(c) for c in g.objects(r, ADMS.status)},
    "type-fiche": lambda g, r: {slug(c) for c in g.objects(r, IACOLL.typeFiche)},
    "type-collectivite": lambda g, r: {slug(c) for c in _publisher(g, r, ORG.classification)},
    "region": lambda g, r: {c for p in [_place(g, r)] if p is not None for c in p.regions},
    "departement": lambda g, r: {
        c for p in [_place(g, r)] if p is not None for c in p.departements
    },
    "niveau-risque": _risk_levels,
    "type-organisme": lambda g, r: {_kind(g, o) for o in g.objects(r, DCTERMS.publisher)},
    "annee": lambda g, r: {str(d)[:4] for d in g.objects(r, SCHEMA.startDate)},
}


def expected_values(data: Graph, facet: str) -> dict[Node, set[str]]:
    """Record → value keys of ``facet``, read from the graph (none stated: MISSING)."""
    return {record: VALUES_OF[facet](data, record) or {MISSING} for record in records(data)}


def expected_counts(data: Graph, facet: str) -> Counter[str]:
    return Counter(v for values in expected_values(data, facet).values() for v in values)


# --- the search index, on its own ------------------------------------------------------


def test_folding_drops_accents_case_and_ligatures() -> None:
    assert fold("Transition ÉNERGÉTIQUE") == "transition energetique"
    assert fold("cœur d'Œuvre") == "coeur d'oeuvre"
    assert words("L'IA générative, « Albert »") == ["l", "ia", "generative", "albert"]


def _index() -> SearchIndex:
    def record(name: str, title: str, text: str, **facets: str) -> Record:
        values = {k: frozenset(v.split()) for k, v in facets.items()}
        return Record(f"x:{name}", f"/{name}", title, text, facets=values)

    return SearchIndex(
        [
            record("a", "Chatbot énergétique", "Économies d'énergie", theme="te", statut="dep"),
            record("b", "Détection des fuites", "Réseau d'eau, énergie", theme="te", statut="exp"),
            record("c", "Énergie citoyenne", "Démocratie", theme="cit", statut="dep"),
            record("d", "Routes", "Voirie", theme="mob te", statut="exp"),
        ],
        ["theme", "statut"],
    )


def test_words_are_anded_prefix_matched_and_titles_rank_first() -> None:
    index = _index()
    found = index.search(Query("ENERG"))
    assert [r.path for r in found.hits] == ["/a", "/c", "/b"]  # title matches first
    assert [r.path for r in index.search(Query("énergie eau")).hits] == ["/b"]
    assert index.search(Query("energie voirie")).total == 0


def test_facets_are_disjunctive_within_and_conjunctive_across() -> None:
    index = _index()
    query = Query("", {"theme": frozenset({"te"}), "statut": frozenset({"exp"})})
    found = index.search(query)
    assert [r.path for r in found.hits] == ["/b", "/d"]
    # A facet's counts ignore its own selection, and follow the other facets'.
    assert found.counts["theme"] == Counter({"te": 2, "mob": 1})
    assert found.counts["statut"] == Counter({"dep": 1, "exp": 2})
    either = Query("", {"theme": frozenset({"cit", "mob"})})
    assert {r.path for r in index.search(either).hits} == {"/c", "/d"}


def test_query_round_trips_through_its_url() -> None:
    query = Query("énergie", {"theme": frozenset({"te", "mob"})}, page=2)
    url = query.url()
    assert url == "/recherche?q=%C3%A9nergie&theme=mob&theme=te&page=2"
    again = Query.from_params(parse_qsl(urlsplit(url).query), ["theme"])
    assert again == query
    assert Query.from_params([("page", "²"), ("other", "1"), ("theme", "")], ["theme"]) == Query()


def test_paging_clamps_to_the_last_page() -> None:
    found = _index().search(Query(page=9), page_size=3)
    assert (found.pages, found.page, found.first, len(found.hits)) == (2, 2, 4, 1)


def test_divisions_are_the_insee_ones() -> None:
    assert DIVISIONS.regions["76"] == "Occitanie" and DIVISIONS.regions["94"] == "Corse"
    assert len([code for code in DIVISIONS.regions if len(code) == 2]) == 18
    # 101 départements, and the 8 collectivités d'outre-mer the COG lists beside them.
    assert len(DIVISIONS.region_of) == 109
    assert len([code for code in DIVISIONS.region_of if len(code) == 2]) == 96
    assert DIVISIONS.region_of["31"] == DIVISIONS.region_of["30"] == "76"
    assert DIVISIONS.region_of["2A"] == DIVISIONS.region_of["2B"] == "94"
    assert DIVISIONS.region_of["976"] == "06"
    assert DIVISIONS.departements["35"] == "Ille-et-Vilaine"
    assert DIVISIONS.departements["2A"] == "Corse-du-Sud"


def test_a_place_is_its_stated_codes() -> None:
    assert DIVISIONS.place(["31"], []) == Place(frozenset({"31"}), frozenset({"76"}))
    assert DIVISIONS.place([], ["76"]) == Place(frozenset(), frozenset({"76"}))
    both = DIVISIONS.place(["75", "92", "93"], ["11"])
    assert both == Place(frozenset({"75", "92", "93"}), frozenset({"11"}))
    assert DIVISIONS.place(["99"], []) is None  # no such département: no place
    assert DIVISIONS.place([], []) is None


def test_queries_follow_the_base_iri() -> None:
    head = prologue("http://example.org/x/")
    assert "PREFIX iacoll: <http://example.org/x/def#>" in head.splitlines()
    assert "PREFIX vocab: <http://example.org/x/vocab/>" in head.splitlines()
    assert "PREFIX dcat: <http://www.w3.org/ns/dcat#>" in head.splitlines()


# --- the pages ---------------------------------------------------------------------------


def test_search_ignores_accents_and_case(client: TestClient, data: Graph) -> None:
    pattern = re.compile(r"\b[eé]nerg[eé]tique", re.IGNORECASE)
    expected = set()
    for record in records(data):
        texts = [*data.objects(record, DCTERMS.title), *data.objects(record, DCTERMS.description)]
        texts += data.objects(record, SKOS.altLabel)
        if any(pattern.search(str(text)) for text in texts):
            expected.add(path(record))
    assert expected, "the seed data has no record about « énergétique »"
    for words_ in ("energetique", "ÉNERGÉTIQUE", "Énergétique"):
        assert set(hits(client, f"/recherche?q={words_}")) == expected, words_
    assert set(hits(client, "/recherche?q=energetiq")) >= expected  # word beginnings


def test_facet_counts_match_the_source_files(client: TestClient, data: Graph) -> None:
    html = page(client, "/recherche")
    assert html.one("p", class_="found").text == f"{len(records(data))} fiches trouvées. " + (
        f"Fiches 1 à 20, page 1 sur {-(-len(records(data)) // 20)}."
    )
    for facet in ("theme", "sous-theme", "statut", "type-collectivite", "region", "departement"):
        assert facet_counts(html, facet) == expected_counts(data, facet), facet
    for facet in ("niveau-risque", "type-fiche", "type-organisme"):
        assert facet_counts(html, facet) == expected_counts(data, facet), facet
    assert facet_counts(html, "type-organisme") == {
        "collectivite": 51,
        "etat": 15,
        "etranger": 3,
        "entreprise": 1,  # Leakmited, which carries Mission 90+ (« porté par Leakmited »)
        "autre": 1,
    }
    # Every record of a collectivité has its région and its département.
    for facet in ("region", "departement"):
        found = hits(client, f"/recherche?type-organisme=collectivite&{facet}={MISSING}")
        assert found == [], facet
    assert "Non qualifié" in html.one("fieldset", id="facette-niveau-risque").text


def test_algorithm_type_is_shown_as_restricted(client: TestClient) -> None:
    fieldset = page(client, "/recherche").one("fieldset", id="facette-type-algorithme")
    assert "restreint" in fieldset.text and not list(fieldset.all("input"))
    english = page(client, "/recherche?lang=en").one("fieldset", id="facette-type-algorithme")
    assert "restricted upstream" in english.text


def test_combined_facets(client: TestClient, data: Graph) -> None:
    themes = expected_values(data, "theme")
    kinds = expected_values(data, "type-collectivite")
    wanted = {r for r in records(data) if themes[r] & {"transition-ecologique", "mobilites"}}
    wanted = {r for r in wanted if "metropole" in kinds[r]}
    url = "/recherche?theme=transition-ecologique&theme=mobilites&type-collectivite=metropole"
    assert wanted, "no record for the combined criteria in the seed data"
    assert sorted(hits(client, url)) == sorted(path(r) for r in wanted)
    # Combined with words, criteria narrow further and the ticked boxes stay ticked.
    html = page(client, url + "&q=eau")
    boxes = [b for b in html.all("input", type="checkbox") if "checked" in b.attrs]
    assert {(b.attrs["name"], b.attrs["value"]) for b in boxes} == {
        ("theme", "transition-ecologique"),
        ("theme", "mobilites"),
        ("type-collectivite", "metropole"),
    }


def test_paging_and_shareable_urls(client: TestClient, data: Graph) -> None:
    first = page(client, "/recherche")
    pages = [a.attrs["href"] for a in first.one("nav", class_="pagination").all("a")]
    assert "/recherche?page=2" in pages
    seen: list[str] = []
    for number in range(1, 5):
        html = page(client, f"/recherche?page={number}")
        on_page = [a.attrs["href"] for a in html.one("ol", class_="hits").all("a")]
        assert len(on_page) == (20 if number < 4 else len(records(data)) - 60)
        assert html.one("ol", class_="hits").attrs["start"] == str(20 * (number - 1) + 1)
        seen += on_page
    assert sorted(seen) == sorted(path(r) for r in records(data))
    assert len(set(seen)) == len(seen)
    last = page(client, "/recherche?page=99")
    pagination = last.one("nav", class_="pagination")
    assert pagination.one("a", aria_current="page").text == "4"
    # A criterion's removal link and the pages keep every other criterion.
    html = page(client, "/recherche?q=donn%C3%A9es&statut=experimentation")
    removal = [a.attrs["href"] for a in html.one("div", class_="criteria").all("a")]
    assert "/recherche?q=donn%C3%A9es" in removal
    assert "/recherche?statut=experimentation" in removal


def test_home_figures(client: TestClient, data: Graph) -> None:
    html = page(client, "/")
    figures = {
        n.attrs["data-figure"]: int(n.text) for n in html.all("strong") if "data-figure" in n.attrs
    }
    publishers = {data.value(r, DCTERMS.publisher) for r in records(data)}
    places = [p for p in (_place(data, r) for r in records(data)) if p is not None]
    assert figures == {
        "fiches": len(records(data)),
        "casUsage": len(set(data.subjects(RDF.type, IACOLL.CasUsageIA))),
        "initiatives": len(set(data.subjects(RDF.type, IACOLL.InitiativeGouvernance))),
        "organisations": len(set(data.subjects(RDF.type, FOAF.Organization))),
        "collectivites": len({p for p in publishers if data.value(p, ORG.classification)}),
        "departements": len({code for p in places for code in p.departements}),
        "regions": len({code for p in places for code in p.regions}),
        "themes": len(set(expected_counts(data, "theme")) - {MISSING}),
    }
    themes = {a.attrs["href"]: a.text for a in html.all("a") if "theme=" in a.attrs["href"]}
    assert themes["/recherche?theme=mobilites"] == "Mobilités"
    for target in ("/recherche", "/carte", "/statistiques", "/sparql", "/catalogue", "/download/"):
        assert any(a.attrs.get("href") == target for a in html.all("a")), target


def test_statistics_match_the_source_files(client: TestClient, data: Graph) -> None:
    html = page(client, "/statistiques")
    charts = ("theme", "statut", "type-collectivite", "region", "departement", "niveau-risque")
    for chart in (*charts, "annee"):
        section = html.one("section", aria_labelledby=f"graphique-{chart}")
        svg = section.one("svg", role="img")
        assert svg.one("title").text and svg.one("desc").text
        rows = list(section.one("table").one("tbody").all("tr"))
        counts = {_chart_key(chart, row): int(row.one("td").text) for row in rows}
        assert {k: v for k, v in counts.items() if v} == expected_counts(data, chart), chart
        assert len(list(svg.all("rect"))) == len(rows)
    risk = html.one("section", aria_labelledby="graphique-niveau-risque")
    assert [row.one("th").text for row in risk.one("tbody").all("tr")][:4] == [
        "Risque inacceptable",
        "Risque élevé",
        "Risque limité",
        "Risque minimal",
    ]
    algorithm = html.one("section", aria_labelledby="graphique-type-algorithme")
    assert "restreint" in algorithm.text


def _chart_key(chart: str, row: Element) -> str:
    """The value key of a data-table row, from its link to the search (rows of 0 have none)."""
    links = list(row.one("th").all("a"))
    if not links:
        return row.one("th").text
    assert links[0].attrs["href"].startswith(f"/recherche?{chart}=")
    return links[0].attrs["href"].split("=", 1)[1]


def _position(data: Graph, organisation: Node) -> tuple[float, float, str] | None:
    """The stated position of ``organisation`` (no basis), else its official one (its label)."""
    for prop in (ORG.hasPrimarySite, IACOLL.positionOfficielle):
        for site in data.objects(organisation, prop):
            lat, long = data.value(site, GEO.lat), data.value(site, GEO.long)
            labels = [str(x) for x in data.objects(site, RDFS.label) if x.language == "fr"]  # type: ignore[attr-defined]
            return float(str(lat)), float(str(long)), "".join(labels)
    return None


def test_map_lists_every_publishing_organisation(client: TestClient, data: Graph) -> None:
    publishers = set(data.objects(None, DCTERMS.publisher)) & {
        o for r in records(data) for o in data.objects(r, DCTERMS.publisher)
    }
    located = {o for o, _ in data.subject_objects(ORG.hasPrimarySite)}
    shown = publishers | located
    positions = {path(o): _position(data, o) for o in shown}
    html = page(client, "/carte")
    island = json.loads(html.one("script", id="carte-donnees").text)
    placed = {p["path"]: (p["lat"], p["lon"], p["official"]) for p in island["points"]}
    assert placed == {k: v for k, v in positions.items() if v is not None}
    assert (len(shown), len(placed)) == (49, 37)  # 10 positions stated, 27 official
    assert placed["/id/organisation/ville-de-paris"] == (
        48.8565888,
        2.3429153,
        "centre de la commune de Paris",
    )
    assert placed["/id/organisation/departement-de-la-drome"] == (44.9354553, 4.8942306, "")
    assert island["tiles"] == Settings().tile_url
    table = html.one("table", id="organisations-localisees")
    rows = {row.one("th").one("a").attrs["href"]: row for row in table.one("tbody").all("tr")}
    assert sorted(rows) == sorted(placed)
    assert rows["/id/organisation/region-occitanie"].one("td", class_="position").text == (
        "position officielle (mairie de Toulouse, chef-lieu de la région), la fiche n'en donne pas"
    )
    assert rows["/id/organisation/nantes-metropole"].one("td", class_="position").text == (
        "indiquée par la fiche"
    )
    others = html.one("table", id="organisations-sans-position").one("tbody").all("tr")
    unplaced = sorted(row.one("th").one("a").attrs["href"] for row in others)
    assert unplaced == sorted(k for k, v in positions.items() if v is None)
    assert "/id/organisation/ign" in unplaced and "/id/organisation/barcelone" in unplaced
    assert "Découpage administratif (Etalab), version 6.0.0" in html.text
    for point in island["points"]:
        organisation = URIRef("https://w3id.org/iacoll/" + point["path"].lstrip("/"))
        published = {path(r) for r in data.subjects(DCTERMS.publisher, organisation)}
        assert {r["path"] for r in point["records"]} == published
    scripts = [s.attrs.get("src") for s in html.all("script") if s.attrs.get("src")]
    assert scripts == ["/static/leaflet/leaflet.js", "/static/map.js"]
    assert client.get("/static/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/map.js").status_code == 200
    english = json.loads(page(client, "/carte?lang=en").one("script", id="carte-donnees").text)
    by_path = {p["path"]: p["official"] for p in english["points"]}
    assert by_path["/id/organisation/ville-de-paris"] == "centre of the commune of Paris"


def test_english_labels(client: TestClient) -> None:
    html = page(client, "/recherche?lang=en")
    assert html.one("html").attrs["lang"] == "en"
    assert html.one("fieldset", id="facette-theme").one("legend").text == "Theme"
    assert "Mobility" in html.one("fieldset", id="facette-theme").text
    assert html.one("h1").text == "Search the catalogue"
    assert page(client, "/?lang=en").one("h2", id="chiffres-cles").text == "Key figures"
    stats = page(client, "/statistiques?lang=en")
    assert stats.one("h2", id="graphique-statut").text == "Records by project status"
    assert page(client, "/carte?lang=en").one("h1").text == "Map of the organisations"


def test_search_works_without_javascript(client: TestClient) -> None:
    html = page(client, "/recherche")
    form = html.one("form", class_="search")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/recherche")
    assert list(form.all("button", type="submit"))
    for box in form.all("input", type="checkbox"):
        assert list(form.all("label", for_=box.attrs["id"])), box.attrs
    assert not list(html.all("script", src="/static/map.js"))


# --- French order, notices -----------------------------------------------------------------


def test_equal_counts_sort_in_french_order() -> None:
    """« Établissement public territorial » sorts with the E, « Île-de-France » with the I."""
    kinds = {"commune": "Commune", "ept": "Établissement public territorial", "m": "Métropole"}
    regions = {"11": "Île-de-France", "28": "Normandie", "53": "Bretagne"}
    index = SearchIndex(
        [
            Record(f"r{n}", f"/r{n}", f"r{n}", facets={"type-collectivite": {k}, "region": {r}})
            for n, (k, r) in enumerate(zip(kinds, regions, strict=True))
        ],
        ["type-collectivite", "region"],
    )
    labels = {
        "type-collectivite": {k: {"fr": v} for k, v in kinds.items()},
        "region": {k: {"fr": v} for k, v in regions.items()},
    }
    library = Library(index, labels, {}, [])
    shown = library.values("type-collectivite", index.counts("type-collectivite"), "fr")
    assert [label for _, label, _ in shown] == [
        "Commune",
        "Établissement public territorial",
        "Métropole",
    ]
    shown = library.values("region", index.counts("region"), "fr")
    assert [label for _, label, _ in shown] == ["Bretagne", "Île-de-France", "Normandie"]


def test_facets_list_values_by_count_then_in_french_order(client: TestClient) -> None:
    html = page(client, "/recherche")
    for facet in ("theme", "sous-theme", "type-collectivite", "region", "type-fiche"):
        fieldset = html.one("fieldset", id=f"facette-{facet}")
        shown = []
        for box in fieldset.all("input", type="checkbox"):
            label = fieldset.one("label", for_=box.attrs["id"])
            count = int(label.one("span", class_="count").text.strip("()"))
            name = label.text.rsplit("(", 1)[0].strip()
            if box.attrs["value"] != MISSING:
                shown.append((-count, fold(name)))
        assert shown == sorted(shown), facet


def test_statistics_explain_the_restricted_field(client: TestClient) -> None:
    """The algorithm type is restricted upstream: the statistics page says why there is no
    chart, not the search page's « cannot filter on it »."""
    section = page(client, "/statistiques").one(
        "section", aria_labelledby="graphique-type-algorithme"
    )
    assert "agents authentifiés" in section.text and "filtrer" not in section.text
    assert not list(section.all("svg"))
    english = page(client, "/statistiques?lang=en").one(
        "section", aria_labelledby="graphique-type-algorithme"
    )
    assert "authenticated agents" in english.text and "filtered" not in english.text


def test_a_flood_of_unknown_facet_values_is_not_echoed(client: TestClient, data: Graph) -> None:
    """5,000 made-up themes used to come back as 5,000 « remove » links each carrying the
    whole query (396 MB in 50 s): values no record holds are left out and counted, the pairs
    read are capped, words and values are bounded."""
    themes = expected_values(data, "theme")
    mobility = sorted(path(r) for r in records(data) if "mobilites" in themes[r])
    flood = "&".join(f"theme=x{n}" for n in range(5000))
    client.cookies.clear()  # no language remembered from an earlier page
    answer = client.get(f"/recherche?theme=mobilites&{flood}")
    assert answer.status_code == 200
    plain = client.get("/recherche?theme=mobilites")
    # The page, one notice, and three links back (canonical, og:url, language switch) to as
    # much of the query string as fits in MAX_REFLECTED characters (« & » escaped: « &amp; »).
    assert len(answer.content) < len(plain.content) + 3 * 1.5 * MAX_REFLECTED + 1_000
    html = dom(answer.text)
    assert " ".join(html.one("p", class_="notice").text.split()) == (
        "Critères ignorés : 199 valeur(s) de filtre qu'aucune fiche ne porte."
    )  # the first 200 pairs are read: mobilites and 199 made-up values
    assert sorted(hits(client, f"/recherche?theme=mobilites&{flood}")) == mobility
    assert "x4999" not in answer.text  # beyond what a link back may carry
    words = "eau " * 5000
    echoed = page(client, "/recherche?" + urlencode({"q": words}))
    typed = echoed.first("input", name="q").attrs["value"]
    assert len(typed) <= 300 and typed.startswith("eau eau")
    long_value = page(client, "/recherche?" + urlencode({"theme": "m" * 301}))
    assert not list(long_value.all("p", class_="notice"))  # too long to be read at all

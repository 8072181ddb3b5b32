"""The browsing library's compact form (pages/search.py, search_cards.py) says what the store
says: a facet's counts are the store's own SPARQL counts, a card's values are the bitsets' (the
records are indexed in reading order, then moved to title order), every record is found by its
own title, and a pickled library (the file of library_cache.py) searches as the one read."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest

from iacoll import store
from iacoll.pages.browse import BY_KEY, FACETS, Library, prologue
from iacoll.pages.search import MISSING, Query
from iacoll.pages.site import Site
from iacoll.settings import Settings

# Facets whose values are the slugs of ?v as the pattern binds it (région and département are
# placed through the territorial reference, the kind of organisation is computed).
PLAIN = ("theme", "sous-theme", "statut", "type-collectivite", "type-fiche", "niveau-risque")


@pytest.fixture(scope="module")
def site(seed_settings: Settings) -> Site:
    return Site(seed_settings, store.open_public(seed_settings))


@pytest.fixture(scope="module")
def library(site: Site) -> Library:
    return Library.load(site)


def _store_counts(site: Site, key: str) -> Counter[str]:
    """Records per value of a facet, counted by the store: the bound values, the facet's value
    for a row without one, « not stated » for the records without a row."""
    facet, head = BY_KEY[key], prologue(site.base)

    def count(where: str, group: bool = False) -> list[dict[str, object]]:
        by = " GROUP BY ?v" if group else ""
        query = f"SELECT {'?v ' if group else ''}(COUNT(DISTINCT ?fiche) AS ?n) WHERE {{ "
        return site.select(f"{head}{query}?fiche a iacoll:Fiche . {where} }}{by}")

    bound = count(f"{facet.pattern} FILTER(BOUND(?v))", group=True)
    counts = Counter({str(r["v"]).rstrip("/").rsplit("/", 1)[-1]: int(str(r["n"])) for r in bound})
    counts[facet.unbound] += int(str(count(f"{facet.pattern} FILTER(!BOUND(?v))")[0]["n"]))
    rows = int(str(count(facet.pattern)[0]["n"]))
    counts[MISSING] += int(str(count("")[0]["n"])) - rows
    return +counts  # the values no record holds left out


@pytest.mark.parametrize("key", [*PLAIN, "annee", "registre", "pays"])
def test_facet_counts_are_the_stores(site: Site, library: Library, key: str) -> None:
    assert library.index.counts(key) == _store_counts(site, key)


def test_cards_hold_the_values_of_the_bitsets(library: Library) -> None:
    index = library.index
    assert len(index.records) > 50  # the seed's records
    for facet in FACETS:
        for value, bits in index._values[facet.key].items():
            holders = {p for p, card in enumerate(index.records) if value in card.values(facet.key)}
            assert holders == {p for p in range(len(index)) if bits >> p & 1}, (facet, value)
    assert all(card.values("region") for card in index.records)  # placed, or « not stated »


def test_every_record_is_found_by_its_title_and_in_title_order(library: Library) -> None:
    index = library.index
    for card in index.records:
        assert card in index.matching(Query(card.title)), card.title
    titles = [card.title for card in index.matching(Query())]
    assert titles == [card.title for card in index.records]


def test_a_pickled_library_searches_as_the_one_read(library: Library) -> None:
    again = pickle.loads(pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL))
    for query in (Query("eau"), Query("", {"theme": frozenset({"mobilites"})}), Query("ia")):
        found, kept = library.index.search(query), again.index.search(query)
        assert [c.iri for c in kept.hits] == [c.iri for c in found.hits]
        assert kept.counts == found.counts and kept.total == found.total
    assert again.points == library.points

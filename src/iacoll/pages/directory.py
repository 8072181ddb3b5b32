"""The organisation directory (``/id/organisation/``): every organisation, its type, where it is
and how many records it takes part in, filtered by GET parameters (no JavaScript needed). The
organisations are read once from the store when the router is built (the store is read-only;
``iacoll build`` makes a new one). An organisation's type is its type of local authority
(``org:classification``) or else its ADMS publisher type (``dct:type``); where it is comes from
its stated département and région codes (:meth:`iacoll.pages.territory.Divisions.place`).
Records are counted by role: as lead organisation (``dct:publisher``), and as partner, provider
or user of another's record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import Literal, URIRef

from iacoll.model.reference import Reference
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.resource_terms import Reader
from iacoll.pages.search import collation, fold
from iacoll.pages.site import Site
from iacoll.pages.territory import Divisions, Place

ORGANISATIONS = """SELECT ?o ?name ?type ?code ?region WHERE {
  ?o a foaf:Organization . FILTER(STRSTARTS(STR(?o), ?prefix))
  OPTIONAL { ?o skos:prefLabel|foaf:name|skos:altLabel ?name }
  OPTIONAL { { ?o org:classification ?type } UNION { ?o dct:type ?type } }
  OPTIONAL { ?o iacoll:codeDepartement ?code }
  OPTIONAL { ?o iacoll:codeRegion ?region } }"""
# Records an organisation takes part in, by role: ``?o`` the organisation, ``?r`` the record.
ROLES = {
    "publisher": "?r a iacoll:Fiche ; dct:publisher ?o .",
    "partner": "?r a iacoll:Fiche . { ?r dct:contributor ?o }"
    " UNION { ?r iacoll:collectiviteUtilisatrice ?o }"
    " UNION { ?r ai:hasAISystem/(tech:hasProvider|tech:hasDeveloper|airo:isDevelopedBy) ?o }",
}
WITH_RECORDS = ("avec", "sans")  # ?fiches=avec: leads at least one record; sans: none


@dataclass(frozen=True)
class Organisation:
    """One row of the directory."""

    iri: str
    path: str
    names: tuple[str, ...]  # the first is its name, the others are searched too
    kind: str | None  # IRI of its type (local authority type, else ADMS publisher type)
    place: Place | None
    published: int  # records it leads
    partner: int  # other records it takes part in (partner, provider, user)

    @property
    def name(self) -> str:
        """Its name."""
        return self.names[0]

    @property
    def kind_key(self) -> str:
        """The type's key in the URL (the IRI's last segment), "" when not stated."""
        return self.kind.rstrip("/").rsplit("/", 1)[-1] if self.kind else ""


@dataclass(frozen=True)
class Filters:
    """What the reader asked for: a name, a type, a région, with or without records."""

    q: str = ""
    type: str = ""
    region: str = ""
    fiches: str = ""

    @classmethod
    def from_params(cls, params: Any, regions: Iterable[str]) -> Filters:
        """From the query string (unknown values are ignored, not errors); ``regions`` are the
        INSEE codes of the régions."""
        fiches, region = params.get("fiches", ""), params.get("region", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            type=params.get("type", ""),
            region=region if region in set(regions) else "",
            fiches=fiches if fiches in WITH_RECORDS else "",
        )

    def keep(self, organisation: Organisation) -> bool:
        """Whether ``organisation`` passes every filter."""
        located = organisation.place
        return (
            (not self.q or any(fold(self.q) in fold(n) for n in organisation.names))
            and (not self.type or organisation.kind_key == self.type)
            and (not self.region or (located is not None and self.region in located.regions))
            and (not self.fiches or (organisation.published > 0) == (self.fiches == "avec"))
        )

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.q or self.type or self.region or self.fiches)


def load(site: Site, divisions: Divisions) -> list[Organisation]:
    """Every organisation of the store, by name."""
    reader = Reader(site, "fr")
    found: dict[str, tuple[list[str], set[str], set[str], set[str]]] = defaultdict(
        lambda: ([], set(), set(), set())
    )
    rows = reader.select(ORGANISATIONS, prefix=Literal(site.base + "id/organisation/"))
    for row in rows:
        names, kinds, codes, regions = found[str(row["o"])]
        if row["name"] is not None and str(row["name"]) not in names:
            names.append(str(row["name"]))
        for value, into in ((row["type"], kinds), (row["code"], codes), (row["region"], regions)):
            if value is not None:
                into.add(str(value))
    counts = {role: _counts(reader, pattern) for role, pattern in ROLES.items()}
    organisations = [
        _organisation(site, iri, names, kinds, divisions.place(codes, regions), counts)
        for iri, (names, kinds, codes, regions) in found.items()
    ]
    return sorted(organisations, key=lambda o: collation(o.name))


def _organisation(
    site: Site,
    iri: str,
    names: list[str],
    kinds: set[str],
    located: Place | None,
    counts: dict[str, dict[str, int]],
) -> Organisation:
    local_types = site.base + "vocab/type-collectivite/"
    local = sorted(k for k in kinds if k.startswith(local_types))
    kind = next(iter(local or sorted(kinds)), None)
    label = site.label(URIRef(iri), "fr")
    ordered = tuple(dict.fromkeys([label, *sorted(names)]))
    return Organisation(
        iri,
        site.path_for_iri(iri) or iri,
        ordered,
        kind,
        located,
        counts["publisher"].get(iri, 0),
        counts["partner"].get(iri, 0),
    )


def _counts(reader: Reader, pattern: str) -> dict[str, int]:
    rows = reader.select(f"SELECT ?o (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {pattern} }} GROUP BY ?o")
    return {str(row["o"]): int(row["n"]) for row in rows}


def territory(located: Place | None, divisions: Divisions) -> tuple[str, str]:
    """(départements « Gironde (33) » or "", régions' names or "")."""
    if located is None:
        return "", ""
    departements = ", ".join(
        f"{divisions.departements[code]} ({code})" for code in sorted(located.departements)
    )
    regions = ", ".join(sorted(divisions.regions[code] for code in located.regions))
    return departements, regions


def router(site: Site, pages: Pages) -> APIRouter:
    """``/id/organisation/`` (and ``/id/organisation``, redirected there)."""
    api = APIRouter()
    divisions = Divisions.of(Reference())
    # Once per generation (a published organisation shows), in background from the start.
    directories = site.latest(lambda: load(site, divisions))
    site.warmers.append(directories.start)

    @api.get("/id/organisation", include_in_schema=False)
    def directory_redirect(request: Request) -> Response:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse("/id/organisation/" + query, status_code=308)

    @api.get("/id/organisation/", response_class=HTMLResponse)
    def directory(request: Request) -> HTMLResponse:
        reader = Reader(site, language_of(request))
        organisations = directories.get()
        filters = Filters.from_params(request.query_params, divisions.regions)
        shown = [o for o in organisations if filters.keep(o)]
        return pages.render(
            request,
            "organisations.html",
            organisations=shown,
            total=len(organisations),
            filters=filters,
            types=_types(reader, organisations),
            regions=_regions(organisations, divisions),
            kind_label=lambda o: reader.link(URIRef(o.kind)).label if o.kind else "",
            territory=partial(territory, divisions=divisions),
        )

    return api


def _types(reader: Reader, organisations: list[Organisation]) -> list[tuple[str, str, int]]:
    """(key, label, count) of every type, by label."""
    counts: dict[str, int] = defaultdict(int)
    iris = {}
    for organisation in organisations:
        if organisation.kind:
            counts[organisation.kind_key] += 1
            iris[organisation.kind_key] = organisation.kind
    found = [(k, reader.link(URIRef(iris[k])).label, n) for k, n in counts.items()]
    return sorted(found, key=lambda t: collation(t[1]))


def _regions(organisations: list[Organisation], divisions: Divisions) -> list[tuple[str, str, int]]:
    """(INSEE code, name, count) of every région with an organisation, by name."""
    counts: dict[str, int] = defaultdict(int)
    for organisation in organisations:
        if organisation.place is not None:
            for code in organisation.place.regions:
                counts[code] += 1
    found = [(code, divisions.regions[code], n) for code, n in counts.items()]
    return sorted(found, key=lambda t: collation(t[1]))

"""The stores on real SPARQL servers (``--store http://…``, :mod:`iacoll.remote`): two
``oxigraph serve`` processes (public, complet) and the revision log on a real PostgreSQL. The
build gives the triples of an embedded build; ``iacoll serve`` answers pages, the example
queries and the members' endpoint from the servers; a publication reaches pages, queries and
feeds; no restricted value ever reaches the public server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

from iacoll import integrity, remote, store
from iacoll.federation import aiact_database_export, nl_algoritmeregister_export
from iacoll.model.fields import FIELDS
from iacoll.namespaces import DEFAULT_BASE
from iacoll.publishing import accounts
from iacoll.publishing.db import Database
from iacoll.settings import Settings
from iacoll.terms import construct_triples
from tests.postgres import postgres_server
from tests.server import cli_process, free_port
from tests.sparql_servers import oxigraph_server
from tests.test_sparql_examples import (
    COMPLETE_QUERIES,
    GRAPH_FORMS,
    QUERIES,
    _complete_path,
    _expected_path,
    _form,
    _json_rows,
    _ordered,
    _same_rows,
    _turtle,
)
from tests.write_side import (
    AMP,
    AMP_SIREN,
    agent_and_moderator,
    publish_callbot_copy,
    wait_until,
)

pytestmark = pytest.mark.server

IACOLL = str(Path(sys.executable).parent / "iacoll")
SLUG = "amp-callbot-essai-distant"
IRI = f"https://w3id.org/iacoll/id/cas-usage/{SLUG}"
RECORDS = [
    "cas-usage/amp-callbot-encombrants",
    "organisation/metropole-aix-marseille-provence",
    "organisation/bordeaux-metropole",
]
RESTRICTED = sorted(  # the iacoll: properties of the restricted fields
    {
        str(p)
        for f in FIELDS
        if f.access == "restreint"
        for p in f.path
        if str(p).startswith("https://w3id.org/iacoll/def#")
    }
)
JSON = {"Accept": "application/sparql-results+json"}
HTTP = httpx.Client(timeout=120)  # a loaded 2-core machine: feeds took more than 5 s


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(folder / "public") as public, oxigraph_server(folder / "complet") as full:
        yield public, full


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def env(
    servers: tuple[str, str], postgres: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The environment of the ``iacoll`` commands: local state, log on PostgreSQL."""
    return {
        "IACOLL_STORE_PATH": str(tmp_path_factory.mktemp("remote-state")),
        "IACOLL_DATABASE_URL": postgres,
    }


def iacoll(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [IACOLL, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def settings(servers: tuple[str, str], env: dict[str, str]) -> Settings:
    """``iacoll build --store URL --store-complet URL`` of the seed; the settings it used."""
    public, full = servers
    built = iacoll(env, "build", "--store", public, "--store-complet", full)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Graphes reconstruits" in built.stdout
    return Settings.from_env(
        {},
        store_path=Path(env["IACOLL_STORE_PATH"]),
        database_url=env["IACOLL_DATABASE_URL"],
        store_url=public,
        store_url_complet=full,
    )


@pytest.fixture(scope="module")
def on_servers(settings: Settings) -> store.Stores:
    return store.open_stores(settings)


@pytest.fixture(scope="module")
def served(settings: Settings, env: dict[str, str]) -> Iterator[str]:
    """``iacoll serve --store URL`` (the complet server from IACOLL_STORE_URL_COMPLET)."""
    serve_env = {**env, "IACOLL_STORE_URL_COMPLET": settings.store_url_complet}
    with cli_process(settings.store_url, serve_env) as (url, _process):  # type: ignore[arg-type]
        yield url


def test_a_url_store_needs_a_distinct_complet_server(
    servers: tuple[str, str], env: dict[str, str]
) -> None:
    public, _ = servers
    alone = iacoll(env, "build", "--store", public)
    assert alone.returncode == 1
    assert "--store-complet" in alone.stderr and "IACOLL_STORE_URL_COMPLET" in alone.stderr
    same = iacoll(env, "build", "--store", public, "--store-complet", public + "/")
    assert same.returncode == 1
    assert "données restreintes" in same.stderr


def test_an_unreachable_server_is_said_in_french() -> None:
    gone = remote.Server(f"http://127.0.0.1:{free_port()}").store()
    with pytest.raises(remote.RemoteUnavailable, match="est injoignable"):
        gone.query("ASK {}")


def test_the_build_holds_the_triples_of_an_embedded_build(
    on_servers: store.Stores, seed_settings: Settings
) -> None:
    embedded = store.open_stores(seed_settings)
    for kind in ("public", "full"):
        found = integrity.graph_counts(getattr(on_servers, kind))
        assert found == integrity.graph_counts(getattr(embedded, kind)), kind
        assert len(getattr(on_servers, kind)) == len(getattr(embedded, kind))
    base = seed_settings.base_iri
    for record in RECORDS:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{base}graph/{record}> {{ ?s ?p ?o }} }}"
        graphs = [_graph(construct_triples(s.public, query)) for s in (on_servers, embedded)]
        assert len(graphs[0]) > 5
        assert isomorphic(*graphs), record


def _graph(triples: list[ox.Triple]) -> Graph:
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_substitutions_give_the_answers_of_the_embedded_store(
    on_servers: store.Stores, seed_settings: Settings
) -> None:
    """Every caller of ``substitutions=`` in src/ (a VALUES block on a server)."""
    embedded = store.open_stores(seed_settings).public
    base = seed_settings.base_iri
    assert aiact_database_export.export(on_servers.public, base) == aiact_database_export.export(
        embedded, base
    )
    remote_cases = nl_algoritmeregister_export.published(on_servers.public, base)
    local_cases = nl_algoritmeregister_export.published(embedded, base)
    assert [c.iri for c in remote_cases] == [c.iri for c in local_cases] and local_cases
    assert all(isomorphic(a.graph, b.graph) for a, b in zip(remote_cases, local_cases, strict=True))
    found = accounts.organisation_for_siren(on_servers.public, AMP_SIREN, base)
    assert found == accounts.organisation_for_siren(embedded, AMP_SIREN, base) == AMP


def test_the_union_default_graph_is_the_same_however_it_is_asked(settings: Settings) -> None:
    """Oxigraph's ``union-default-graph`` parameter, or every named graph listed."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = []
    for union in ("oxigraph", "graphs"):
        opened = remote.Server(settings.store_url, union=union).store()
        (row,) = opened.query(query, use_default_graph_as_union=True)  # type: ignore[misc]
        counts.append(int(row["n"].value))
    assert counts[0] == counts[1] > 10000


def test_with_values_opens_the_where_group() -> None:
    values = {ox.Variable("x"): ox.NamedNode("http://e/x")}
    text = remote.with_values("CONSTRUCT { ?x <p> '{' } WHERE { ?x ?p ?o }", values)
    assert text == "CONSTRUCT { ?x <p> '{' } WHERE { VALUES (?x) { (<http://e/x>) }  ?x ?p ?o }"
    text = remote.with_values("SELECT * # {\n{ ?x ?p ?o }", values)
    assert text.endswith("{ VALUES (?x) { (<http://e/x>) }  ?x ?p ?o }")


def test_no_restricted_value_is_on_the_public_server(settings: Settings) -> None:
    public, full = settings.store_url, settings.store_url_complet
    graphs = f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ }} FILTER({IN_RESTRICTED}) }}"
    assert _count(full, graphs) > 0
    assert _count(public, graphs) == 0
    for prop in RESTRICTED:  # the restricted fields' own properties
        uses = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{prop}> ?o }} }}"
        assert _count(public, uses) == 0, prop
    # and no triple of a restricted graph (blank nodes aside) is on the public server
    rows = _select(
        full,
        f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({IN_RESTRICTED} && "
        "!isBlank(?s) && !isBlank(?o)) }",
    )
    assert len(rows) > 20
    values = " ".join(f"({' '.join(_n3(row[v]) for v in 'spo')})" for row in rows)
    found = (
        f"SELECT (COUNT(*) AS ?n) {{ VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert _count(public, found) == 0


IN_RESTRICTED = "CONTAINS(STR(?g), '/graph/restreint/')"


def _select(server: str, query: str) -> list[dict[str, dict[str, str]]]:
    answer = HTTP.post(f"{server}/query", data={"query": query}, headers=JSON)
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, dict[str, str]]] = answer.json()["results"]["bindings"]
    return rows


def _n3(term: dict[str, str]) -> str:
    if term["type"] == "uri":
        return f"<{term['value']}>"
    literal = json.dumps(term["value"], ensure_ascii=False)
    if "xml:lang" in term:
        return f"{literal}@{term['xml:lang']}"
    return f"{literal}^^<{term['datatype']}>" if "datatype" in term else literal


def _count(server: str, query: str) -> int:
    """A count asked of a SPARQL server itself (not through iacoll)."""
    answer = HTTP.post(f"{server}/query", data={"query": query}, headers=JSON)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_serve_answers_pages_from_the_servers(served: str) -> None:
    assert HTTP.get(served).status_code == 200
    page = HTTP.get(served + "id/cas-usage/amp-callbot-encombrants")
    assert page.status_code == 200 and "Callbot" in page.text
    turtle = HTTP.get(
        served + "id/cas-usage/amp-callbot-encombrants", headers={"Accept": "text/turtle"}
    )
    assert turtle.status_code == 200
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 10
    search = HTTP.get(served + "recherche", params={"q": "callbot"})
    assert search.status_code == 200 and "amp-callbot-encombrants" in search.text


@pytest.mark.parametrize(
    "query",
    [
        "DESCRIBE <{r}> FROM <{g}>",  # a dataset clause: the server describes
        "DESCRIBE * WHERE {{ GRAPH <{g}> {{ ?s ?p ?o FILTER(?s = <{r}>) }} }}",
    ],
)
def test_a_describe_the_server_answers_is_a_graph(served: str, query: str) -> None:
    """A DESCRIBE that is not asked level by level goes to the server as it is, and comes back
    as a graph (N-Triples asked of it), not an error."""
    record = f"{DEFAULT_BASE}id/cas-usage/amp-callbot-encombrants"
    graph = f"{DEFAULT_BASE}graph/cas-usage/amp-callbot-encombrants"
    answer = HTTP.post(
        served + "sparql",
        data={"query": query.format(r=record, g=graph)},
        headers={"Accept": "text/turtle"},
    )
    assert answer.status_code == 200, answer.text
    described = Graph().parse(data=answer.text, format="turtle")
    assert (URIRef(record), RDF.type, None) in described


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_the_example_queries_give_their_expected_results(served: str, query: Path) -> None:
    text = query.read_text(encoding="utf-8")
    _check(HTTP.post(served + "sparql", data={"query": text}, headers=_accept(text)), query)


@pytest.mark.parametrize("query", COMPLETE_QUERIES, ids=lambda p: p.stem)
def test_the_members_endpoint_reads_the_complet_server(
    served: str, query: Path, tokens_of: dict[str, str]
) -> None:
    text = query.read_text(encoding="utf-8")
    headers = {**JSON, "Authorization": f"Bearer {tokens_of['agent']}"}
    answer = HTTP.post(served + "sparql/membres", data={"query": text}, headers=headers)
    _check(answer, query, _complete_path(query))


def _accept(text: str) -> dict[str, str]:
    return {"Accept": "text/turtle"} if _form(text) in GRAPH_FORMS else JSON


def _check(answer: httpx.Response, query: Path, expected: Path | None = None) -> None:
    assert answer.status_code == 200, answer.text
    text, expected = query.read_text(encoding="utf-8"), expected or _expected_path(query)
    if _form(text) in GRAPH_FORMS:
        assert isomorphic(_turtle(answer.content), _turtle(expected.read_bytes()))
        return
    body, wanted = answer.json(), json.loads(expected.read_text(encoding="utf-8"))
    if "boolean" in wanted:
        assert body["boolean"] == wanted["boolean"]
        return
    assert body["head"]["vars"] == wanted["head"]["vars"]
    assert _same_rows(_json_rows(body), _json_rows(wanted), _ordered(text))


@pytest.fixture(scope="module")
def tokens_of(settings: Settings) -> dict[str, str]:
    """API tokens: a contributor of AMP (write, restricted reading) and a moderator."""
    db = Database(settings)
    try:
        return agent_and_moderator(db)
    finally:
        db.close()


COUNT_RECORDS = """SELECT (COUNT(DISTINCT ?r) AS ?n)
WHERE { GRAPH ?g { ?r a <https://w3id.org/iacoll/def#CasUsageIA> } }"""


def test_a_publication_reaches_pages_queries_feeds_and_not_the_public_server_restricted(
    served: str, settings: Settings, tokens_of: dict[str, str]
) -> None:
    before = _sparql_count(served)
    publish_callbot_copy(HTTP, served.rstrip("/"), tokens_of, SLUG)
    wait_until(lambda: _sparql_count(served) == before + 1, 30)
    page = HTTP.get(served + f"id/cas-usage/{SLUG}")
    assert page.status_code == 200
    assert IRI in HTTP.get(served + "flux/publications.atom").text
    assert any(IRI in _ldes_page(served, n) for n in range(1, 10))
    # Its restricted part is on the complet server only.
    restricted = f"{settings.base_iri}graph/restreint/cas-usage/{SLUG}"
    ask = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{restricted}> {{ ?s ?p ?o }} }}"
    assert _count(settings.store_url_complet, ask) > 0
    assert _count(settings.store_url, ask) == 0
    assert not (settings.store_path / "snapshots").exists()  # no snapshots with servers


def _sparql_count(served: str) -> int:
    answer = HTTP.post(served + "sparql", data={"query": COUNT_RECORDS}, headers=JSON)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def _ldes_page(served: str, number: int) -> str:
    answer = HTTP.get(served + f"flux/ldes/{number}", headers={"Accept": "application/n-quads"})
    return answer.text if answer.status_code == 200 else ""


def test_backup_refuses_and_says_to_use_the_servers_tools(
    settings: Settings, env: dict[str, str], tmp_path: Path
) -> None:
    refused = iacoll(env, "backup", str(tmp_path / "copie"), "--store", settings.store_url)
    assert refused.returncode == 1
    assert "outils de ces serveurs" in refused.stderr
    assert not (tmp_path / "copie").exists()


def test_build_repairs_a_damaged_server_from_the_log(
    settings: Settings, env: dict[str, str]
) -> None:
    graph = f"{settings.base_iri}graph/cas-usage/amp-callbot-encombrants"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    before = _count(settings.store_url, count), _count(settings.store_url, COUNT_RECORDS)
    dropped = HTTP.post(f"{settings.store_url}/update", data={"update": f"DROP GRAPH <{graph}>"})
    assert dropped.status_code in (200, 204), dropped.text
    assert _count(settings.store_url, count) == 0
    args = ["build", "--store", settings.store_url, "--store-complet", settings.store_url_complet]
    repaired = iacoll(env, *args)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert f"le graphe <{graph}> du magasin public compte 0 triplets" in repaired.stdout
    assert "Magasin réparé : reconstruction des deux magasins" in repaired.stdout
    after = _count(settings.store_url, count), _count(settings.store_url, COUNT_RECORDS)
    assert after == before and before[0] > 0

"""The query guard reads SPARQL as Oxigraph reads it: no SERVICE slips through, no false refusal.

Every bypass below is first shown to be real: run by Oxigraph itself (in the test process, no
guard, no sandbox), the query opens a connection to a local listener. The guard must refuse it.
The false positives are queries Oxigraph accepts and that hold no federated query.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys

import pyoxigraph as ox
import pytest

from iacoll.sparql import guard, lexer
from iacoll.terms import read_query
from tests.test_sparql_sandbox import Listener

GRAPHS = ("https://w3id.org/iacoll/graph/public",)

# Each template names the listener's URL {url} (an IRI without the brackets).
BYPASSES = {
    "hash-escape-in-prefixed-name": (
        "PREFIX ex: <http://e/>\n"
        "SELECT * WHERE { BIND(ex:a\\# AS ?b) SERVICE <{url}> { ?x ?y ?z } }"
    ),
    "quote-escape-in-prefixed-name": (
        "PREFIX ex: <http://e/>\n"
        "SELECT * WHERE { BIND(ex:a\\' AS ?b) SERVICE <{url}> { ?x ?y ?z } } #'"
    ),
    "percent-escape-in-prefixed-name": (
        "PREFIX ex: <http://e/>\n"
        "SELECT * WHERE { BIND(ex:a%23 AS ?b) SERVICE <{url}> { ?x ?y ?z } }"
    ),
    "keyword-glued-to-prefixed-name": (
        "PREFIX : <{url}>\nSELECT * WHERE { SERVICE:sparql { ?a ?b ?c } }"
    ),
    "keywords-glued-together": "SELECT * WHERE { SERVICESILENT<{url}>{ ?a ?b ?c } }",
    "comment-ended-by-carriage-return": "SELECT * WHERE { # c\rSERVICE <{url}> { ?a ?b ?c } }",
    "escaped-quote-in-long-string": (
        "SELECT * WHERE { BIND('''a\\'''' AS ?q) SERVICE <{url}> { ?a ?b ?c } }"
    ),
    "less-than-read-as-iri-opening-a-string": (
        "SELECT * WHERE { FILTER(1<'x>') SERVICE <{url}> { ?a ?b ?c } }"
    ),
    "less-than-and-collection-hiding-service": (
        "SELECT * WHERE {\n FILTER(1<'''x>''')\n"
        " ?s ?p (?a <http://e/x#y>) . SERVICE <{url}> { ?x ?y ?z }\n # '''\n}"
    ),
    "lowercase-service": "select * where { service <{url}> { ?a ?b ?c } }",
}

FALSE_POSITIVES = {
    "prefixed-name-with-service": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:e-service ?o }",
    "prefixed-name-with-from": (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:data-from <http://e/x> }"
    ),
    "prefixed-name-with-delete": "PREFIX ex: <http://e/> ASK { ?s ex:to-delete ?o }",
    "escapes-in-prefixed-name": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b ex:c\\'d }",
    "service-in-a-string": 'SELECT * WHERE { ?s ?p "SERVICE <http://e/> { }" }',
    "service-in-a-comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://e/> { }",
    "service-in-an-iri": "SELECT * WHERE { ?s <http://e/service> ?o }",
    "service-in-a-variable": "SELECT ?service WHERE { ?service ?p ?o }",
    "less-than-with-a-space": "SELECT * WHERE { ?s ?p ?o FILTER(?o < 'x>') }",
    "less-than-between-variables": "SELECT * WHERE { ?s ?p ?o FILTER(?s<?o) }",
    "hash-iris-in-values": (
        "SELECT * WHERE { VALUES (?a ?b) { (<http://e/x#a> <http://e/x#b>) } }"
    ),
    "hash-iri-after-operator": "SELECT * WHERE { ?s ?p ?o FILTER(?p = <http://e/x#p>) }",
    "typed-literal": 'SELECT * WHERE { ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#int> }',
}


@pytest.mark.parametrize("name", list(BYPASSES))
def test_bypass_reaches_the_network_in_oxigraph_and_is_refused(name: str) -> None:
    with Listener() as listener:
        query = BYPASSES[name].replace("{url}", listener.url)
        with contextlib.suppress(OSError, RuntimeError):  # SILENT or not, it did connect
            read_query(ox.Store(), query)  # read whole, in this thread
        assert listener.connections() >= 1, "not a real bypass: Oxigraph made no request"
        with pytest.raises(guard.QueryRefused):
            guard.check_query(query, GRAPHS)


@pytest.mark.parametrize("name", list(FALSE_POSITIVES))
def test_query_without_service_is_not_refused(name: str) -> None:
    query = FALSE_POSITIVES[name]
    ox.Store().query(query)  # a valid query for Oxigraph
    assert guard.check_query(query, GRAPHS) == guard.Inspection((), ())


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "LOAD <http://example.org/data.ttl>",
        "DROP GRAPH <https://w3id.org/iacoll/graph/restreint>",
        "delete where { ?s ?p ?o }",
        # an update whose WHERE holds a sub-query is still an update (403, not a 400)
        "INSERT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } } }",
        "PREFIX ex: <http://e/> WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(query: str) -> None:
    with pytest.raises(guard.QueryRefused, match="lecture seule"):
        guard.check_query(query, GRAPHS)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <https://w3id.org/iacoll/graph/restreint> WHERE { ?s ?p ?o }",
        "PREFIX g: <https://w3id.org/iacoll/graph/> SELECT * FROM NAMED g:restreint { ?s ?p ?o }",
        "BASE <https://w3id.org/iacoll/graph/> SELECT * FROM <restreint> WHERE { ?s ?p ?o }",
        "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_graphs_that_are_not_served_are_refused(query: str) -> None:
    with pytest.raises(guard.QueryRefused, match="Graphe inconnu ou non public"):
        guard.check_query(query, GRAPHS)


def test_served_graphs_are_read_from_the_query() -> None:
    query = (
        "PREFIX g: <https://w3id.org/iacoll/graph/>\n"
        "SELECT * FROM g:public FROM NAMED <https://w3id.org/iacoll/graph/public> { ?s ?p ?o }"
    )
    assert guard.check_query(query, GRAPHS) == guard.Inspection(GRAPHS, GRAPHS)


def test_a_query_sent_again_is_checked_against_the_graphs_served_now() -> None:
    """The reading of a short query is remembered, not its verdict on graphs: a graph that is
    no longer served is refused the second time; a refusal is given again each time."""
    query = "SELECT * FROM <https://w3id.org/iacoll/graph/public> { ?s ?p ?o }"
    assert guard.check_query(query, GRAPHS).from_graphs == GRAPHS
    with pytest.raises(guard.QueryRefused, match="Graphe inconnu ou non public"):
        guard.check_query(query, ())
    refused = "SELECT * WHERE { SERVICE <http://e/> { ?s ?p ?o } }"
    for _ in range(2):
        with pytest.raises(guard.QueryRefused, match="SERVICE"):
            guard.check_query(refused, GRAPHS)


def test_the_graphs_are_listed_only_for_a_query_that_names_some() -> None:
    listed: list[bool] = []

    def graphs() -> tuple[str, ...]:
        listed.append(True)
        return GRAPHS

    assert guard.check_query("SELECT * WHERE { ?s ?p ?o }", graphs) == guard.Inspection((), ())
    assert listed == []
    query = "SELECT * FROM <https://w3id.org/iacoll/graph/autre> { ?s ?p ?o }"
    with pytest.raises(guard.QueryRefused, match="graph/autre"):
        guard.check_query(query, graphs)
    assert listed == [True]


def test_unterminated_string_is_a_syntax_error_with_its_position() -> None:
    with pytest.raises(guard.QueryUnreadable, match=r"ligne 2, colonne 15"):
        guard.check_query("SELECT *\nWHERE { ?s ?p 'abc }", GRAPHS)


def test_prefixed_names_are_single_tokens() -> None:
    found = lexer.tokens("PREFIX ex: <http://e/> ASK { ex:a\\#b ex:e-service ex:c%23. }")
    assert [t.text for t in found if t.kind == "pname"] == [
        "ex:",
        "ex:a\\#b",
        "ex:e-service",
        "ex:c%23",
    ]


@pytest.mark.parametrize(
    ("unit", "unreadable_at"),
    [("a.", None), ("'a\\'", 100000), ("<a", None), ("ex:a.", None), ('"""a""', None)],
)
def test_pathological_queries_of_maximal_length_are_read_to_the_end(
    unit: str, unreadable_at: int | None
) -> None:
    """Inputs that make backtracking lexers blow up are read to their last character (the
    guard's own speed on them is measured in bench/, not asserted here)."""
    query = unit * (guard.MAX_QUERY_LENGTH // len(unit))
    if unreadable_at is None:
        assert guard.check_query(query, GRAPHS) == guard.Inspection((), ())
    else:
        with pytest.raises(guard.QueryUnreadable, match=f"colonne {unreadable_at}\\)"):
            guard.check_query(query, GRAPHS)


def test_overlong_query_is_refused() -> None:
    with pytest.raises(guard.QueryRefused, match="caractères"):
        guard.check_query("ASK {}" + " " * guard.MAX_QUERY_LENGTH, GRAPHS)


# --- helpers --------------------------------------------------------------------------------


def _nested(depth: int) -> str:
    return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth


def test_deep_nesting_crashes_the_engine_and_is_refused_first() -> None:
    """Some 5,000 nested groups overflow Oxigraph's parser stack: the process dies (SIGSEGV),
    shown here in a child process; the guard refuses such a query before the engine reads it,
    naming the limit and where it is passed."""
    code = f"import pyoxigraph as ox; ox.Store().query({_nested(5000)!r})"
    died = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert died.returncode == -signal.SIGSEGV
    with pytest.raises(guard.QueryRefused) as refused:
        guard.check_query(_nested(5000), GRAPHS)
    assert refused.value.status == 403
    assert refused.value.message.startswith(
        f"La requête imbrique plus de {guard.MAX_NESTING} parenthèses, crochets ou accolades "
        f"(caractère {len('SELECT * WHERE ') + guard.MAX_NESTING + 1})"
    )
    paren = "SELECT * WHERE { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }"
    with pytest.raises(guard.QueryRefused):
        guard.check_query(paren, GRAPHS)


def test_nesting_up_to_the_limit_and_brackets_in_terms_pass() -> None:
    deep = _nested(guard.MAX_NESTING)
    guard.check_query(deep, GRAPHS)
    assert read_query(ox.Store(), deep, 10) == (["o", "p", "s"], [])  # the engine reads it
    # brackets inside strings, IRIs and comments are not nesting
    quoted = 'SELECT * WHERE { ?s ?p "' + "(" * 400 + '" } # ' + "{" * 400
    guard.check_query(quoted, GRAPHS)

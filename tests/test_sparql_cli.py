"""``iacoll query``: the public store from the command line, with the endpoint's refusals.

Exit codes: 0 an answer, 1 a query the engine could not evaluate, 2 a refused or invalid query,
an unknown or unfitting ``--format``, or an unreadable store. Never a traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from iacoll.cli import main
from iacoll.settings import Settings
from tests.test_sparql_sandbox import BYPASS, Listener

SELECT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5"
RESULTS_KEYS = "json, xml, csv, tsv"
GRAPH_KEYS = "turtle, jsonld, rdfxml, ntriples"


def query(settings: Settings, *args: str, env: dict[str, str] | None = None) -> Result:
    store = ["--store", str(settings.store_path)]
    return CliRunner().invoke(main, ["query", *args, *store], env=env)


def test_select_in_tsv_by_default(seed_settings: Settings) -> None:
    result = query(seed_settings, SELECT)
    assert result.exit_code == 0, result.output
    header, count = result.stdout.splitlines()
    assert header == "?n" and int(count) > 1000


@pytest.mark.parametrize(
    ("fmt", "first_line"), [("csv", "n"), ("json", '{"head": {"vars": ["n"]}, ')]
)
def test_select_in_a_results_format(seed_settings: Settings, fmt: str, first_line: str) -> None:
    result = query(seed_settings, SELECT, "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(first_line)


def test_construct_in_turtle(seed_settings: Settings) -> None:
    result = query(seed_settings, CONSTRUCT, "--format", "ttl")
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout, format="turtle")) == 5


def test_unknown_format_is_refused_with_the_choices(seed_settings: Settings) -> None:
    result = query(seed_settings, SELECT, "--format", "bogus")
    assert result.exit_code == 2
    assert f"Formats possibles : {GRAPH_KEYS}, {RESULTS_KEYS}." in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "fmt", "choices"),
    [
        (SELECT, "turtle", RESULTS_KEYS),
        ("ASK {}", "ntriples", RESULTS_KEYS),
        (CONSTRUCT, "csv", GRAPH_KEYS),
    ],
)
def test_format_that_does_not_fit_the_query_form_is_refused(
    seed_settings: Settings, text: str, fmt: str, choices: str
) -> None:
    result = query(seed_settings, text, "--format", fmt)
    assert result.exit_code == 2
    assert "ne convient pas" in result.stderr and f"Formats possibles : {choices}." in result.stderr
    assert result.stdout == ""


def test_service_is_refused_and_nothing_is_fetched(seed_settings: Settings) -> None:
    with Listener() as listener:
        result = query(seed_settings, BYPASS.format(url=listener.url))
        assert listener.connections() == 0
    assert result.exit_code == 2
    assert "SERVICE" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "lecture seule"),
        ("LOAD <http://example.org/data.ttl>", "lecture seule"),
        (
            "SELECT * FROM <https://w3id.org/iacoll/graph/restreint> WHERE { ?s ?p ?o }",
            "Graphe inconnu ou non public",
        ),
    ],
)
def test_updates_and_restricted_graph_are_refused(
    seed_settings: Settings, text: str, message: str
) -> None:
    result = query(seed_settings, text)
    assert result.exit_code == 2 and message in result.stderr


def test_syntax_error_gives_the_position(seed_settings: Settings) -> None:
    result = query(seed_settings, "SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 2 and "error at 1:" in result.stderr


def test_evaluation_failure_is_a_message_not_a_traceback(seed_settings: Settings) -> None:
    # a function the engine does not know: the query parses, its evaluation fails
    result = query(seed_settings, "SELECT (<http://example.org/f>(1) AS ?x) WHERE {}")
    assert result.exit_code == 1
    assert "Requête impossible à évaluer (RuntimeError)" in result.stderr
    assert "The custom function <http://example.org/f> is not supported" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unreadable_store_is_a_message(seed_settings: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "store"
    (broken / "public").mkdir(parents=True)
    shutil.copy(seed_settings.store_path / "build.json", broken)
    (broken / "public" / "CURRENT").write_text("garbage\n")
    result = query(Settings.from_env({}, store_path=broken), "ASK {}")
    assert result.exit_code == 2 and "Magasin illisible" in result.stderr
    assert isinstance(result.exception, SystemExit)

"""`iacoll validate`: exit codes, grouped reports in French and English, JSON, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacoll import sources
from iacoll.cli import main
from tests.conftest import FIXTURES, REPO

CLI = FIXTURES / "cli"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    script = Path(sys.executable).parent / "iacoll"
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, cwd=REPO, check=False
    )


@pytest.fixture(scope="module")
def seed_json() -> dict[str, object]:
    result = run("validate", "data/", "--format", "json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    body: dict[str, object] = json.loads(result.stdout)
    return body


def test_seed_catalogue_conforms_with_enough_records(seed_json: dict[str, object]) -> None:
    assert seed_json["conforms"] is True
    assert seed_json["violations"] == 0
    assert isinstance(seed_json["records"], int) and seed_json["records"] >= 70


def test_seed_catalogue_has_enough_use_cases() -> None:
    from rdflib.namespace import RDF

    from iacoll.namespaces import IACOLL

    graph = sources.read_all([sources.DATA_DIR])
    assert len(set(graph.subjects(RDF.type, IACOLL.CasUsageIA))) >= 55


def test_violation_exits_1_with_french_report() -> None:
    result = run("validate", str(CLI / "sans-titre.ttl"))
    assert result.returncode == 1, result.stdout
    assert "tests/fixtures/cli/sans-titre.ttl" in result.stdout
    assert "<https://w3id.org/iacoll/id/cas-usage/fixture-sans-titre>" in result.stdout
    assert "✗ violation" in result.stdout
    assert "dct:title" in result.stdout
    assert "Résultat : 1 violation(s)" in result.stdout
    assert "non conforme" in result.stdout


def test_english_report() -> None:
    result = CliRunner().invoke(main, ["validate", str(CLI / "sans-titre.ttl"), "--lang", "en"])
    assert result.exit_code == 1
    assert "Result: 1 violation(s)" in result.output
    assert "does not conform" in result.output


def test_json_report_groups_results_by_record() -> None:
    result = CliRunner().invoke(main, ["validate", str(CLI / "sans-titre.ttl"), "--format", "json"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["violations"] == 1 and body["conforms"] is False
    [record] = [r for r in body["results"] if r["record"].endswith("fixture-sans-titre")]
    [violation] = [r for r in record["results"] if r["severity"] == "violation"]
    assert violation["path"] == "http://purl.org/dc/terms/title"
    assert set(violation["messages"]) == {"fr", "en"}
    assert violation["message"] == violation["messages"]["fr"]


def test_syntax_error_exits_2_with_file_line_col() -> None:
    result = run("validate", str(CLI / "syntaxe.ttl"))
    assert result.returncode == 2
    assert "tests/fixtures/cli/syntaxe.ttl:4:34:" in result.stderr
    assert "erreur de syntaxe Turtle" in result.stderr


def test_syntax_error_in_json() -> None:
    result = run("validate", str(CLI / "syntaxe.ttl"), "--format", "json")
    assert result.returncode == 2
    body = json.loads(result.stdout)
    assert body["status"] == 400 and body["see"].endswith("syntaxe.ttl:4:34")


def test_missing_path_exits_2() -> None:
    result = run("validate", "nulle-part.ttl")
    assert result.returncode == 2
    assert "nulle-part.ttl: fichier ou dossier introuvable" in result.stderr


def test_dcat_ap_profile_on_catalogue_description() -> None:
    result = run("validate", "data/catalogue.ttl", "--profile", "dcat-ap", "--format", "json")
    assert result.returncode == 0, result.stdout[-3000:]
    body = json.loads(result.stdout)
    assert body["violations"] == 0

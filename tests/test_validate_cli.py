"""`iacoll validate`: exit codes, grouped reports in French and English, JSON, bad input."""

from __future__ import annotations

import contextlib
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


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    """The same command in this process (click's runner, from the repository like ``run``):
    the CLI's behaviour without starting an interpreter. ``run`` keeps a real process for each
    exit code (0, 1 and 2); an unexpected exception is raised, not read as an exit code."""
    with contextlib.chdir(REPO):
        result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


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
    result = invoke("validate", str(CLI / "syntaxe.ttl"), "--format", "json")
    assert result.returncode == 2
    body = json.loads(result.stdout)
    assert body["status"] == 400 and body["see"].endswith("syntaxe.ttl:4:34")


def test_missing_path_exits_2() -> None:
    result = invoke("validate", "nulle-part.ttl")
    assert result.returncode == 2
    assert "nulle-part.ttl: fichier ou dossier introuvable" in result.stderr


def test_dcat_ap_profile_on_catalogue_description() -> None:
    result = invoke("validate", "data/catalogue.ttl", "--profile", "dcat-ap", "--format", "json")
    assert result.returncode == 0, result.stdout[-3000:]
    body = json.loads(result.stdout)
    assert body["violations"] == 0


def test_syntax_error_in_english() -> None:
    result = invoke("validate", str(CLI / "syntaxe.ttl"), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.startswith("Unreadable input — ")
    assert "tests/fixtures/cli/syntaxe.ttl:4:34: Turtle syntax error" in result.stderr
    assert "erreur" not in result.stderr


def test_folder_without_rdf_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("rien", encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path}: aucun fichier RDF (.ttl" in result.stderr


@pytest.mark.parametrize(
    ("body", "where", "fr", "en"),
    [
        (
            "ex:a ex:b <mauvaise iri> .",
            ":2:11:",
            "IRI invalide « <mauvaise iri> »",
            "invalid IRI '<mauvaise iri>'",
        ),
        ("ex:a ex:b <relative> .", ":2:11:", "IRI relative « <relative> »", "relative IRI"),
    ],
    ids=["space in IRI", "relative IRI"],
)
def test_bad_iris_are_unreadable_input(
    tmp_path: Path, body: str, where: str, fr: str, en: str
) -> None:
    path = tmp_path / "fiche.ttl"
    path.write_text(f"@prefix ex: <https://example.org/> .\n{body}\n", encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.returncode == 2, result.stdout
    assert f"{path}{where} {fr}" in result.stderr
    assert en in invoke("validate", str(path), "--lang", "en").stderr


def test_a_record_validated_alone_finds_the_catalogue_organisations() -> None:
    """A seed record cites published organisations and documents: alone it still conforms, and
    only what the file describes is reported (not the 88 organisations of the context)."""
    result = CliRunner().invoke(
        main, ["validate", "data/cas-usage/sicoval-fuites-eau.ttl", "--format", "json"]
    )
    assert result.exit_code == 0, result.output[-2000:]
    body = json.loads(result.output)
    assert body["violations"] == 0 and body["files"] == 1
    described = {r["record"] for r in body["results"]}
    assert described and all("/sicoval-fuites-eau" in r for r in described), described


def test_values_of_blank_nodes_and_nested_details_are_shown() -> None:
    """The offending value is what the user wrote: the coordinates of a site, the risk level
    of a system, a SIRET under a two-step path, never an empty ``[]``."""
    fixtures = FIXTURES / "shapes"
    result = invoke(
        "validate",
        str(fixtures / "valid"),
        str(fixtures / "invalid" / "Site-france.ttl"),
        str(fixtures / "invalid" / "SystemeIA-annexe.ttl"),
        str(fixtures / "invalid" / "Organisation-siret-cle.ttl"),
    )
    assert result.returncode == 1, result.stderr
    assert 'valeur : [ geo:lat "46.2" ; geo:long "-12.5" ]' in result.stdout
    assert "valeur : eu-aiact:RiskLevelHigh-A6-2" in result.stdout
    assert "Identifiant SIRET de la collectivité (adms:identifier/skos:notation)" in result.stdout
    assert "[]" not in result.stdout and "()" not in result.stdout


def test_a_restricted_field_is_reported_in_its_own_file(tmp_path: Path) -> None:
    """The restricted fields of a record live in data/restreint/: a bad value there is
    reported against that file, not against the record's public file."""
    for folder in ("cas-usage", "restreint"):
        (tmp_path / folder).mkdir()
        source = sources.DATA_DIR / folder / "rouen-delibia.ttl"
        text = source.read_text(encoding="utf-8")
        if folder == "restreint":
            assert "mode-developpement:marche-innovation" in text
            text = text.replace("mode-developpement:marche-innovation", "statut:deploiement")
            if "@prefix statut:" not in text:
                text = "@prefix statut: <https://w3id.org/iacoll/vocab/statut/> .\n" + text
        (tmp_path / folder / "rouen-delibia.ttl").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1, result.output[-2000:]
    body = json.loads(result.output)
    [violation] = [
        (group["file"], r["path_text"])
        for group in body["results"]
        for r in group["results"]
        if r["severity"] == "violation"
    ]
    assert violation == (
        str(tmp_path / "restreint" / "rouen-delibia.ttl"),
        "iacoll:modeDeveloppement",
    )

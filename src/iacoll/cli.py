"""The ``iacoll`` command line: each command is a thin call into the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from iacoll import __version__, sources
from iacoll.errors import UnreadableInput
from iacoll.report import render_json, render_text
from iacoll.summary import render_summary, summarise
from iacoll.validation import PROFILES, validate_paths

EXIT_CONFORMS, EXIT_VIOLATIONS, EXIT_UNREADABLE = 0, 1, 2


@click.group()
@click.version_option(__version__, prog_name="iacoll")
def main() -> None:
    """iacoll — catalogue en données ouvertes liées des systèmes d'IA des collectivités."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr")
@click.option("--profile", type=click.Choice(sorted(PROFILES)), default="iacoll")
def validate(paths: tuple[Path, ...], fmt: str, lang: str, profile: str) -> None:
    """Valide des fichiers ou dossiers RDF (par défaut data/).

    Codes de sortie : 0 conforme (avertissements permis), 1 violations, 2 entrée illisible.
    """
    try:
        report = validate_paths(paths or (sources.DATA_DIR,), profile)
    except UnreadableInput as exc:
        _unreadable(exc, fmt)
        sys.exit(EXIT_UNREADABLE)
    click.echo(render_json(report, lang) if fmt == "json" else render_text(report, lang))
    sys.exit(EXIT_CONFORMS if report.conforms else EXIT_VIOLATIONS)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr")
def summary(paths: tuple[Path, ...], lang: str) -> None:
    """Résume le catalogue : fiches par type, thème et organisation."""
    try:
        click.echo(render_summary(summarise(paths or (sources.DATA_DIR,)), lang))
    except UnreadableInput as exc:
        _unreadable(exc, "text")
        sys.exit(EXIT_UNREADABLE)


def _unreadable(exc: UnreadableInput, fmt: str) -> None:
    if fmt == "json":
        body = {
            "error": "unreadable-input",
            "status": exc.status,
            "detail": exc.message,
            "see": exc.location,
        }
        click.echo(json.dumps(body, ensure_ascii=False))
    else:
        click.echo(f"Entrée illisible — {exc.message}", err=True)

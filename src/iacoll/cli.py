"""The ``iacoll`` command line: each command is a thin call into the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from iacoll import __version__, sources
from iacoll.errors import IacollError, UnreadableInput
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


_STORE = click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Dossier des magasins Oxigraph (IACOLL_STORE_PATH).",
)
_BASE = click.option("--base-iri", default=None, help="IRI de base (IACOLL_BASE_IRI).")


@main.command()
@_STORE
@_BASE
def build(store_path: Path | None, base_iri: str | None) -> None:
    """Construit le magasin Oxigraph depuis les fichiers sources validés."""
    from iacoll import store
    from iacoll.settings import Settings

    settings = Settings.from_env(store_path=store_path, base_iri=base_iri)
    try:
        rebuilt = store.build(settings)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_VIOLATIONS)
    if rebuilt:
        click.echo(f"Graphes reconstruits : {', '.join(rebuilt)} ({settings.store_path})")
    else:
        click.echo(f"Magasin à jour ({settings.store_path})")


@main.command()
@click.argument("sparql")
@click.option("--format", "fmt", default="tsv", help="json, xml, csv, tsv, turtle, ntriples…")
@_STORE
def query(sparql: str, fmt: str, store_path: Path | None) -> None:
    """Interroge le magasin public en SPARQL depuis la ligne de commande."""
    from iacoll import conneg, store
    from iacoll.settings import Settings
    from iacoll.sparql.workers import Job, execute

    settings = Settings.from_env(store_path=store_path)
    try:
        results = conneg.lookup(fmt, conneg.of_kind("results")).key
    except conneg.UnknownFormat:
        results = None
    try:
        graph = conneg.lookup(fmt, conneg.of_kind("rdf")).oxigraph
    except conneg.UnknownFormat:
        graph = None
    graphs = tuple(store.public_graph_iris(settings))
    job = Job(sparql, graphs, graphs, results or "tsv", graph or "TURTLE", 10**9)
    try:
        answer = execute(store.open_public(settings), job)
    except (SyntaxError, IacollError) as exc:
        click.echo(f"Requête invalide : {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    if answer.error:
        click.echo(f"Requête impossible : {answer.message}", err=True)
        sys.exit(EXIT_VIOLATIONS)
    sys.stdout.buffer.write(answer.body)


@main.command()
@click.option("--host", default=None, help="Interface d'écoute (IACOLL_HOST).")
@click.option("--port", type=int, default=None, help="Port (IACOLL_PORT, 8000).")
@_STORE
@_BASE
def serve(
    host: str | None, port: int | None, store_path: Path | None, base_iri: str | None
) -> None:
    """Construit le magasin si besoin, puis sert le catalogue (http://localhost:8000)."""
    import uvicorn

    from iacoll import store
    from iacoll.app import create_app
    from iacoll.settings import Settings

    settings = Settings.from_env(host=host, port=port, store_path=store_path, base_iri=base_iri)
    try:
        store.build(settings)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_VIOLATIONS)
    click.echo(f"iacoll : http://{settings.host}:{settings.port}/")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


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

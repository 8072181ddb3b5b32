"""The ``iacoll`` command line: each command is a thin call into the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from iacoll import __version__, sources
from iacoll.cli_aiact import qualify_command
from iacoll.cli_backup import STORE, STORE_COMPLET, backup_command, restore_command
from iacoll.cli_federation import export_command, import_command
from iacoll.cli_publish import publish
from iacoll.cli_users import user
from iacoll.errors import IacollError, UnreadableInput
from iacoll.report import render_json, render_text
from iacoll.summary import render_summary, summarise
from iacoll.validation import PROFILES, validate_paths

if TYPE_CHECKING:
    from iacoll.settings import Settings

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
        _unreadable(exc, fmt, lang)
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
        _unreadable(exc, "text", lang)
        sys.exit(EXIT_UNREADABLE)


_BASE = click.option("--base-iri", default=None, help="IRI de base (IACOLL_BASE_IRI).")


@main.command()
@STORE
@STORE_COMPLET
@_BASE
def build(store_path: Path | None, store_complet: str | None, base_iri: str | None) -> None:
    """Construit le magasin Oxigraph depuis les fichiers sources validés.

    Vérifie ce qu'il a construit (les magasins s'ouvrent, chaque graphe a le nombre de triplets
    enregistré, chaque téléchargement la taille et le SHA-256 déclarés) et répare ce qui est
    endommagé : reconstruction depuis les sources et le journal des révisions.
    """
    from iacoll import integrity
    from iacoll.settings import Settings

    settings = Settings.from_env(
        store_path=store_path, store_url_complet=store_complet, base_iri=base_iri
    )
    try:
        outcome = integrity.build_checked(settings)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_VIOLATIONS)
    if outcome.damages:
        click.echo(integrity.describe(settings, outcome.damages, "Magasin endommagé"))
        click.echo(f"Magasin réparé : {' ; '.join(outcome.repairs)}.")
    if outcome.changed:
        click.echo(f"Graphes reconstruits : {', '.join(outcome.changed)} ({settings.store_path})")
    elif not outcome.damages:
        click.echo(f"Magasin à jour ({settings.store_path})")
    prepare_pages(settings)


def prepare_pages(settings: Settings) -> None:
    """What the pages read from the whole store, computed now rather than at the server's first
    start: the browsing library's file (``iacoll.pages.library_cache``). ``iacoll build`` and
    ``iacoll restore`` end with it."""
    from iacoll import store
    from iacoll.pages import browse
    from iacoll.pages.site import Site

    browse.prepare(Site(settings, store.open_public(settings)))


@main.command()
@click.argument("sparql")
@click.option(
    "--format",
    "fmt",
    default=None,
    help="json, xml, csv, tsv (SELECT, ASK ; tsv par défaut) ou turtle, ntriples, jsonld, "
    "rdfxml (CONSTRUCT, DESCRIBE ; turtle par défaut).",
)
@STORE
@STORE_COMPLET
def query(sparql: str, fmt: str | None, store_path: Path | None, store_complet: str | None) -> None:
    """Interroge le magasin public en SPARQL depuis la ligne de commande.

    Mêmes refus que le point d'accès public (SERVICE, mises à jour, graphes non publics).
    Codes de sortie : 0 réponse, 1 requête impossible à évaluer, 2 requête, format ou magasin
    invalide.
    """

    from iacoll import store
    from iacoll.settings import Settings
    from iacoll.sparql import guard
    from iacoll.sparql.workers import Job, execute

    settings = Settings.from_env(store_path=store_path, store_url_complet=store_complet)
    results, graph = _query_formats(fmt)
    try:
        if not (settings.store_path / "build.json").exists():
            raise store.StoreNotBuilt("Le magasin n'est pas construit : lancez « iacoll build ».")
        # Read-only: a running server may hold the store open for writing.
        public = store.read_public(settings)
        graphs = tuple(sorted(g.value for g in public.named_graphs()))
        inspection = guard.check_query(sparql, graphs)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_UNREADABLE)
    except (OSError, RuntimeError) as exc:  # a store folder Oxigraph cannot open
        click.echo(f"Magasin illisible ({exc}) : reconstruisez-le avec « iacoll build ».", err=True)
        sys.exit(EXIT_UNREADABLE)
    own_dataset = inspection.from_graphs or inspection.from_named
    dataset = None if own_dataset else graphs
    job = Job(sparql, dataset, dataset, results, graph, 10**9)
    try:
        answer = execute(public, job)
    except SyntaxError as exc:
        click.echo(f"Requête invalide : {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    except Exception as exc:  # evaluation errors of the engine (RuntimeError, OSError…)
        click.echo(f"Requête impossible à évaluer ({type(exc).__name__}) : {exc}", err=True)
        sys.exit(EXIT_VIOLATIONS)
    if answer.error == "not-acceptable":
        forms, kind = (
            ("SELECT ou ASK", "results")
            if answer.message == "results"
            else ("CONSTRUCT ou DESCRIBE", "rdf")
        )
        click.echo(
            f"Le format « {fmt} » ne convient pas à une requête {forms}. Formats possibles : "
            f"{_format_keys(kind)}.",
            err=True,
        )
        sys.exit(EXIT_UNREADABLE)
    if answer.error:
        click.echo(f"Requête impossible : {answer.message}", err=True)
        sys.exit(EXIT_VIOLATIONS)
    sys.stdout.buffer.write(answer.body)


def _format_keys(*kinds: str) -> str:
    from iacoll import conneg

    return ", ".join(f.key for f in conneg.FORMATS if f.kind in kinds)


def _query_formats(fmt: str | None) -> tuple[str | None, str | None]:
    """The results format (SELECT, ASK) and the graph format (CONSTRUCT, DESCRIBE) that
    ``--format`` names; a name of neither kind is a usage error (exit 2)."""
    from iacoll import conneg

    if fmt is None:
        return "tsv", "TURTLE"
    chosen: list[conneg.Format | None] = []
    for kind in ("results", "rdf"):
        try:
            chosen.append(conneg.lookup(fmt, conneg.of_kind(kind)))
        except conneg.UnknownFormat:
            chosen.append(None)
    results, graph = chosen
    if results is None and graph is None:
        raise click.BadParameter(
            f"format inconnu « {fmt} ». Formats possibles : {_format_keys('results', 'rdf')}.",
            param_hint="--format",
        )
    return (results.key if results else None), (graph.oxigraph if graph else None)


@main.command()
@click.option("--host", default=None, help="Interface d'écoute (IACOLL_HOST).")
@click.option("--port", type=int, default=None, help="Port (IACOLL_PORT, 8000).")
@STORE
@STORE_COMPLET
@_BASE
def serve(
    host: str | None,
    port: int | None,
    store_path: Path | None,
    store_complet: str | None,
    base_iri: str | None,
) -> None:
    """Construit le magasin si besoin, puis sert le catalogue (http://localhost:8000).

    Refuse un magasin endommagé (code de sortie 1) et donne la commande qui le répare.
    """
    import uvicorn

    from iacoll import integrity
    from iacoll.app import create_app
    from iacoll.settings import Settings

    settings = Settings.from_env(
        host=host,
        port=port,
        store_path=store_path,
        store_url_complet=store_complet,
        base_iri=base_iri,
    )
    try:
        integrity.serve_checked(settings)  # a damaged store is refused, with its repair
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_VIOLATIONS)
    click.echo(f"iacoll : http://{settings.host}:{settings.port}/")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


main.add_command(user)  # iacoll user add|attach|list|disable|enable|token (cli_users.py)
main.add_command(publish)  # iacoll publish FILE (cli_publish.py)
main.add_command(import_command)  # iacoll import SOURCE --from FORMAT (cli_federation.py)
main.add_command(export_command)  # iacoll export --to FORMAT (cli_federation.py)
main.add_command(qualify_command)  # iacoll qualify [RECORD] (cli_aiact.py)
main.add_command(backup_command)  # iacoll backup DEST (cli_backup.py)
main.add_command(restore_command)  # iacoll restore SRC (cli_backup.py)


def _unreadable(exc: UnreadableInput, fmt: str, lang: str = "fr") -> None:
    if fmt == "json":
        body = {
            "error": "unreadable-input",
            "status": exc.status,
            "detail": exc.text(lang),
            "see": exc.location,
        }
        click.echo(json.dumps(body, ensure_ascii=False))
    else:
        title = "Unreadable input" if lang == "en" else "Entrée illisible"
        click.echo(f"{title} — {exc.text(lang)}", err=True)

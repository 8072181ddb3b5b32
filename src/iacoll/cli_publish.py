"""``iacoll publish FILE``: records from a file, through the one write path."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.orm import Session

from iacoll.cli_backup import LOCATION
from iacoll.errors import IacollError
from iacoll.model.problems import Problem, blocking
from iacoll.publishing import files
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.write import Author, Writer, published_revision
from iacoll.settings import Settings

EXIT_DONE, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--etat",
    "state",
    type=click.Choice([State.PUBLIE.value, State.SOUMIS.value, State.BROUILLON.value]),
    default=State.PUBLIE.value,
    help="État des révisions créées (publie par défaut : commande des mainteneurs).",
)
@click.option("--store", "store_path", type=LOCATION, default=None)
def publish(path: Path, state: str, store_path: Path | None) -> None:
    """Publie les fiches d'un fichier par la voie d'écriture unique.

    Un fichier Turtle rangé comme data/ (cas-usage/x.ttl, sa partie restreinte dans
    restreint/x.ttl) ou un fichier CSV/XLSX au format de la Bibliothèque d'IA territoriales.
    Tout ou rien : une fiche non conforme et rien n'est écrit. Codes de sortie : 0 écrit,
    1 refusé (non conforme, conflit), 2 fichier illisible.
    """
    settings = Settings.from_env(store_path=store_path)
    db = Database(settings)
    try:
        loaded = files.load(path, db)
    except (IacollError, ValueError) as exc:
        click.echo(getattr(exc, "message", str(exc)), err=True)
        sys.exit(EXIT_UNREADABLE)
    _echo_problems(loaded.problems)
    if blocking([p for _, p in loaded.problems]) or not loaded.records:
        click.echo("Rien n'a été écrit.", err=True)
        sys.exit(EXIT_REFUSED)
    writer = Writer(settings, db, on_publish=lambda: project(settings, db))
    with db.transaction() as session:
        bases = [_published_number(session, str(r.iri)) for r in loaded.records]
    try:
        results = writer.save_many(
            loaded.records, author=Author.system(), state=State(state), bases=bases, source="cli"
        )
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_REFUSED)
    refused = [
        (o, p)
        for o, r in zip(loaded.origins, results, strict=True)
        if isinstance(r, list)
        for p in blocking(r)
    ]
    if refused:
        _echo_problems(refused)
        click.echo("Rien n'a été écrit.", err=True)
        sys.exit(EXIT_REFUSED)
    click.echo(f"{len(results)} révision(s) enregistrée(s) à l'état « {state} ».")


def _published_number(session: Session, iri: str) -> int | None:
    revision = published_revision(session, iri)
    return revision.number if revision is not None else None


def _echo_problems(problems: list[tuple[str, Problem]]) -> None:
    for where, problem in problems:
        name = problem.field or problem.path or ""
        value = f" (« {problem.value} »)" if problem.value else ""
        click.echo(f"{where}: {problem.severity}: {name}: {problem.message_fr}{value}", err=True)


def project(settings: Settings, db: Database, *, derived_views: bool = False) -> None:
    """Apply the publications now, unless a running server holds the stores (it will).

    ``derived_views``: then also recompute what follows the records — the DCAT-AP catalogue
    graph and the dumps — and advance the store generation, as a server's refresher does after
    a batch (an import projects once at its end, not after every batch)."""
    from iacoll import derived, generation, store
    from iacoll.projection import Projector, read_marks

    try:
        stores = store.open_stores(settings)
    except OSError:
        click.echo("Le serveur en marche appliquera la publication (sous une seconde).")
        return
    projector = Projector(settings, db, stores.public, stores.full)
    projector.catch_up()
    if derived_views:  # as the server's refresher: the dumps outside the projector's lock
        reached = read_marks(settings.store_path)["public"]
        files = derived.write_dumps(settings, stores.public)
        with projector.lock:  # a server projecting into the same SPARQL servers takes turns
            derived.store_catalogue(settings, (stores.public, stores.full), files)
            derived.record_computed(settings.store_path, reached)
            generation.advance(settings.store_path, generation.current(settings.store_path).number)

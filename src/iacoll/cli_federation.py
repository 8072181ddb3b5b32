"""``iacoll import SOURCE --from FORMAT`` and ``iacoll export --to FORMAT``: other registers'
files in and out, through the one write path (:mod:`iacoll.federation.importing`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import httpx

from iacoll.cli_backup import LOCATION
from iacoll.errors import IacollError
from iacoll.federation import formats
from iacoll.federation.harvest import MAX_SOURCE_BYTES, Source
from iacoll.settings import Settings

EXIT_DONE, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2
TIMEOUT = 60.0


class SourceUnreadable(IacollError):
    status = 400


def fetch(url: str) -> tuple[bytes, str | None]:
    """The body of ``url`` (at most :data:`MAX_SOURCE_BYTES`) and its media type."""
    try:
        with httpx.stream(
            "GET", url, follow_redirects=True, timeout=TIMEOUT, headers=_ACCEPT
        ) as answer:
            answer.raise_for_status()
            body = bytearray()
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > MAX_SOURCE_BYTES:
                    raise SourceUnreadable(
                        f"« {url} » dépasse {MAX_SOURCE_BYTES // 2**20} Mo.",
                        detail=f"{url} is over {MAX_SOURCE_BYTES // 2**20} MB.",
                    )
            media = answer.headers.get("content-type")
            return bytes(body), media.split(";")[0].strip() if media else None
    except httpx.HTTPError as exc:
        raise SourceUnreadable(
            f"Impossible de lire « {url} » : {exc}.", detail=f"Cannot read {url}: {exc}."
        ) from exc


_ACCEPT = {
    "Accept": "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, "
    "application/json;q=0.8, text/csv;q=0.8, */*;q=0.1",
    "User-Agent": "iacoll-import",
}


def open_source(location: str) -> Source:
    """The :class:`Source` a path or an http(s) URL names."""
    if location.startswith(("http://", "https://")):
        data, media = fetch(location)
        return Source(data, location, lambda url: fetch(url)[0], media)
    path = Path(location)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceUnreadable(
                f"« {location} » dépasse {MAX_SOURCE_BYTES // 2**20} Mo.",
                detail=f"{location} is over {MAX_SOURCE_BYTES // 2**20} MB.",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceUnreadable(
            f"Fichier illisible « {location} » : {exc.strerror}.",
            detail=f"Unreadable file {location}: {exc.strerror}.",
        ) from exc
    return Source(data, location, lambda url: fetch(url)[0])


@click.command("import")
@click.argument("source")
@click.option(
    "--from",
    "fmt",
    required=True,
    type=click.Choice(list(formats.IMPORTERS)),
    help="Format de la source.",
)
@click.option("--dry-run", is_flag=True, help="Valide et rend compte sans rien écrire.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Écrit le compte rendu détaillé en JSON dans ce fichier.",
)
@click.option(
    "--keep-missing/--withdraw-missing",
    default=None,
    help="Garder (source partielle) ou retirer les fiches du registre absentes de la source ; "
    "par défaut, retirer, sauf pour bibliotheque-csv (fichiers souvent partiels).",
)
@click.option("--store", "store_path", type=LOCATION, default=None)
def import_command(
    source: str, fmt: str, dry_run: bool, report_path: Path | None, keep_missing: bool | None,
    store_path: Path | None,
) -> None:  # fmt: skip
    """Importe les fiches d'un autre registre (fichier ou URL) par la voie d'écriture unique.

    Chaque fiche est validée, enregistrée et publiée ; une ligne rejetée ne change rien. Un
    nouvel import met à jour les mêmes fiches (IRI stables) ; une fiche absente de la source
    est retirée. Codes de sortie : 0 tout importé, 1 des lignes rejetées, 2 source illisible.
    """
    from iacoll import store
    from iacoll.cli_publish import project
    from iacoll.federation import importing
    from iacoll.publishing.db import Database
    from iacoll.publishing.published import published_catalogue
    from iacoll.publishing.write import Writer

    settings = Settings.from_env(store_path=store_path)
    if formats.importer(fmt) is None:
        click.echo(f"Le format « {fmt} » n'a pas encore d'importeur.", err=True)
        sys.exit(EXIT_UNREADABLE)
    try:
        opened = open_source(source)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_UNREADABLE)
    if not (settings.store_path / "build.json").exists():
        store.build(settings)
    db = Database(settings)
    # The log takes every record; the stores and the views derived from them (catalogue graph,
    # dumps) follow once, at the end.
    writer = Writer(settings, db)
    with click.progressbar(length=1, label="Import", file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        try:
            report = importing.run(
                writer,
                fmt,
                opened,
                catalogue=published_catalogue(db),
                dry_run=dry_run,
                withdraw_missing=None if keep_missing is None else not keep_missing,
                progress=advance,
            )
        except IacollError as exc:
            click.echo(exc.message, err=True)
            sys.exit(EXIT_UNREADABLE)
    if not dry_run:
        project(settings, db, derived_views=True)
    for row in report.rows:
        if row.outcome == "rejete":
            click.echo(f"{row.where} : rejetée : {row.reason}", err=True)
    for name, count in report.unmapped.items():
        click.echo(f"Champ non repris : {name} ({count} fiche(s))", err=True)
    if report_path is not None:
        report_path.write_text(report.to_json(), encoding="utf-8")
    click.echo(report.summary_fr())
    sys.exit(EXIT_REJECTED if report.count("rejete") else EXIT_DONE)


@click.command("export")
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(list(formats.EXPORTERS)),
    help="Format à écrire.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fichier à écrire (sortie standard par défaut).",
)
@click.option("--store", "store_path", type=LOCATION, default=None)
def export_command(fmt: str, out: Path | None, store_path: Path | None) -> None:
    """Exporte les fiches publiées dans le format d'un autre registre (champs publics)."""
    from iacoll import store

    settings = Settings.from_env(store_path=store_path)
    module = formats.exporter(fmt)
    if module is None:
        click.echo(f"Le format « {fmt} » n'a pas encore d'exporteur.", err=True)
        sys.exit(EXIT_UNREADABLE)
    if not (settings.store_path / "build.json").exists():
        store.build(settings)
    public = store.read_public(settings)
    body: bytes = module.export(public, settings.base_iri)
    if out is None:
        sys.stdout.buffer.write(body)
    else:
        out.write_bytes(body)
        click.echo(f"{out} écrit ({len(body)} octets, {fmt}).", err=True)

"""``iacoll backup DEST`` and ``iacoll restore SRC`` (:mod:`iacoll.backup`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from iacoll.errors import IacollError
from iacoll.settings import Settings, is_url

EXIT_DONE, EXIT_REFUSED = 0, 1


class StoreLocation(click.ParamType):  # type: ignore[type-arg]
    """A store folder (a ``Path``), or the URL of a SPARQL server (kept a ``str``: see
    :meth:`iacoll.settings.Settings.from_env`)."""

    name = "dossier|url"

    def convert(self, value: object, param: object, ctx: object) -> Path | str:
        text = str(value)
        return text if is_url(text) else Path(text)


LOCATION = StoreLocation()
# The same option as the other commands' (``iacoll.cli``, which imports this module).
STORE = click.option(
    "--store",
    "store_path",
    type=LOCATION,
    default=None,
    help="Dossier des magasins Oxigraph (IACOLL_STORE_PATH), ou URL du serveur SPARQL du "
    "magasin public (IACOLL_STORE_URL ; l'état local reste dans IACOLL_STORE_PATH).",
)
STORE_COMPLET = click.option(
    "--store-complet",
    "store_complet",
    default=None,
    help="URL du serveur SPARQL du magasin complet, avec --store URL (IACOLL_STORE_URL_COMPLET).",
)


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@STORE
def backup_command(dest: Path, store_path: Path | None) -> None:
    """Sauvegarde le journal des révisions et les deux magasins dans DEST (un dossier nouveau).

    Possible pendant que le serveur tourne : les magasins sont copiés depuis ses derniers
    instantanés, le journal par l'API de sauvegarde en ligne de SQLite. Codes de sortie :
    0 sauvegardé, 1 refusé (DEST existe, magasin absent…).
    """
    from iacoll import backup

    settings = Settings.from_env(store_path=store_path)
    try:
        made = backup.backup(settings, dest)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_REFUSED)
    click.echo(
        f"Sauvegarde écrite dans {made.folder} : journal des révisions ({made.publications} "
        f"publications), magasin public à la publication {made.marks['public']}, magasin "
        f"complet à la publication {made.marks['complet']}."
    )


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@STORE
def restore_command(src: Path, store_path: Path | None) -> None:
    """Restaure la sauvegarde SRC (écrite par « iacoll backup ») dans le dossier des magasins.

    Le serveur doit être arrêté. L'ancien dossier est mis de côté
    (DOSSIER.avant-restauration-DATE), puis le magasin est reconstruit et vérifié comme par
    « iacoll build » (fichier de la bibliothèque des pages compris). Codes de sortie :
    0 restauré, 1 refusé.
    """
    from iacoll import backup
    from iacoll.cli import prepare_pages  # iacoll.cli imports this module: imported here

    settings = Settings.from_env(store_path=store_path)
    try:
        restored = backup.restore(settings, src)
    except IacollError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_REFUSED)
    if restored.moved_to is not None:
        click.echo(f"Ancien magasin mis de côté : {restored.moved_to}")
    click.echo(
        f"Sauvegarde du {restored.source.taken:%d/%m/%Y %H:%M} UTC restaurée dans "
        f"{settings.store_path} ({restored.source.publications} publications)."
    )
    if restored.outcome.damages:
        click.echo(f"Réparé : {' ; '.join(restored.outcome.repairs)}.")
    prepare_pages(settings)  # the browsing library's file, as iacoll build writes it

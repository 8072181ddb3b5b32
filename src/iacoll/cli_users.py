"""``iacoll user``: add, attach to organisations, list, disable and enable accounts; issue
and revoke API tokens.

Exit codes scripts can trust: 0 done; 1 refused (the account exists already, no such account
or token); 2 invalid input (address, role, SIREN, password, scope, empty standard input).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy.orm import Session

from iacoll.cli_backup import LOCATION
from iacoll.publishing import accounts, tokens
from iacoll.publishing.accounts import Account, AccountError, Organisation, Role
from iacoll.settings import Settings

EXIT_DONE, EXIT_REFUSED, EXIT_INVALID = 0, 1, 2

_STORE = click.option(
    "--store",
    "store_path",
    type=LOCATION,
    default=None,
    help="Dossier des magasins et de la base (IACOLL_STORE_PATH).",
)


@contextmanager
def _transaction(store_path: Path | None) -> Iterator[tuple[Settings, Session]]:
    """A transaction on the accounts database; an :class:`AccountError` ends the command with
    its message and exit code 2 (invalid input, HTTP 400) or 1 (refused)."""
    from iacoll.publishing.db import Database

    settings = Settings.from_env(store_path=store_path)
    db = Database(settings)
    try:
        with db.transaction() as session:
            yield settings, session
    except AccountError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_INVALID if exc.status == 400 else EXIT_REFUSED)
    finally:
        db.close()


def organisation_iri(settings: Settings, siren: str) -> str | None:
    """The IRI of the catalogued organisation whose ``iacoll:siren`` is ``siren`` (None when
    the catalogue has none yet, or the store is not built). The store is opened read-only: a
    running server may hold it open for writing."""
    from iacoll import store

    if not (settings.store_path / "build.json").exists():
        return None
    try:
        public = store.read_public(settings)
    except (OSError, RuntimeError):
        return None
    return accounts.organisation_for_siren(public, siren, settings.base_iri)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            click.echo("Aucun mot de passe sur l'entrée standard.", err=True)
            sys.exit(EXIT_INVALID)
        return line
    entered: str = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    return entered


def _describe(account: Account) -> str:
    state = "actif" if account.active else "désactivé"
    organisations = ", ".join(
        f"{m.siren} ({m.iri or 'pas encore au catalogue'})" for m in account.memberships
    )
    via = " ; OIDC" if account.oidc else ""
    return f"{account.email}\t{account.role}\t{state}{via}\t{organisations or '—'}"


@click.group("user")
def user() -> None:
    """Comptes : ajouter, lister, désactiver ; jetons d'API.

    Codes de sortie : 0 fait, 1 refusé (compte existant, compte ou jeton inconnu), 2 entrée
    invalide (adresse, rôle, SIREN, mot de passe, portée).
    """


@user.command("add")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.CONTRIBUTEUR.value,
    show_default=True,
)
@click.option("--siren", multiple=True, help="SIREN d'une organisation du compte (répétable).")
@click.option("--password-stdin", is_flag=True, help="Lit le mot de passe sur l'entrée standard.")
@click.option("--no-password", is_flag=True, help="Sans mot de passe : connexion OIDC seulement.")
@_STORE
def add(
    email: str,
    role: str,
    siren: tuple[str, ...],
    password_stdin: bool,
    no_password: bool,
    store_path: Path | None,
) -> None:
    """Crée un compte (le mot de passe est demandé, ou lu avec --password-stdin)."""
    try:
        sirens = [accounts.check_siren(s) for s in siren]
        accounts.normalise_email(email)
    except AccountError as exc:
        click.echo(exc.message, err=True)
        sys.exit(EXIT_INVALID)
    password = None if no_password else _password(password_stdin)
    with _transaction(store_path) as (settings, session):
        organisations = [Organisation(s, organisation_iri(settings, s)) for s in sirens]
        account = accounts.add_account(session, email, password, role, organisations)
    click.echo(f"Compte créé : {_describe(account)}")


@user.command("attach")
@click.argument("email")
@click.option("--siren", multiple=True, required=True, help="SIREN à rattacher (répétable).")
@_STORE
def attach(email: str, siren: tuple[str, ...], store_path: Path | None) -> None:
    """Rattache un compte existant à des organisations (par SIREN)."""
    with _transaction(store_path) as (settings, session):
        account = accounts.find_account(session, email)
        if account is None:
            raise accounts.AccountMissing(f"Aucun compte pour {email}.")
        for number in siren:
            checked = accounts.check_siren(number)
            accounts.add_membership(
                session, account.id, checked, organisation_iri(settings, checked)
            )
        updated = accounts.get_account(session, account.id)
    assert updated is not None
    click.echo(f"Compte rattaché : {_describe(updated)}")


@user.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_STORE
def list_(fmt: str, store_path: Path | None) -> None:
    """Liste les comptes : adresse, rôle, état, organisations (SIREN et IRI)."""
    with _transaction(store_path) as (_settings, session):
        found = accounts.list_accounts(session)
    if fmt == "json":
        rows = [
            {
                "email": a.email,
                "role": a.role,
                "active": a.active,
                "oidc": a.oidc,
                "organisations": [{"siren": m.siren, "iri": m.iri} for m in a.memberships],
            }
            for a in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for account in found:
        click.echo(_describe(account))


def _set_active(email: str, active: bool, store_path: Path | None) -> None:
    with _transaction(store_path) as (_settings, session):
        account = accounts.set_active(session, email, active)
    click.echo(f"Compte {'réactivé' if active else 'désactivé'} : {account.email}")


@user.command("disable")
@click.argument("email")
@_STORE
def disable(email: str, store_path: Path | None) -> None:
    """Désactive un compte : plus de connexion, ses jetons cessent de fonctionner."""
    _set_active(email, False, store_path)


@user.command("enable")
@click.argument("email")
@_STORE
def enable(email: str, store_path: Path | None) -> None:
    """Réactive un compte désactivé."""
    _set_active(email, True, store_path)


@user.command("token")
@click.argument("email")
@click.option("--label", default="", help="Nom du jeton, pour s'y retrouver.")
@click.option(
    "--scope",
    multiple=True,
    default=tokens.DEFAULT_SCOPES,
    show_default=True,
    help=f"Portée (répétable) : {', '.join(tokens.SCOPES)}.",
)
@click.option("--revoke", "revoke_id", type=int, default=None, help="Révoque le jeton numéro N.")
@_STORE
def token(
    email: str, label: str, scope: tuple[str, ...], revoke_id: int | None, store_path: Path | None
) -> None:
    """Crée un jeton d'API pour le compte et l'écrit (une seule fois) sur la sortie standard ;
    avec --revoke N, révoque son jeton numéro N."""
    with _transaction(store_path) as (_settings, session):
        account = accounts.find_account(session, email)
        if account is None:
            raise accounts.AccountMissing(f"Aucun compte pour {email}.")
        if revoke_id is not None:
            if not tokens.revoke_token(session, account.id, revoke_id):
                raise accounts.AccountMissing(f"{account.email} n'a pas de jeton {revoke_id}.")
            click.echo(f"Jeton {revoke_id} révoqué.", err=True)
            return
        if "moderation" in scope and not account.has_role(Role.MODERATEUR):
            raise AccountError("La portée « moderation » est réservée aux modérateurs.")
        issued = tokens.issue_token(session, account.id, label, scope)
    click.echo(
        f"Jeton {issued.id} créé pour {account.email} ({', '.join(sorted(set(scope)))}) ; "
        "il ne sera plus affiché :",
        err=True,
    )
    click.echo(issued.secret)

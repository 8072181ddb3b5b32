"""Accounts, memberships and API tokens in the SQL database (no web layer)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import argon2
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from iacoll.cli import main
from iacoll.publishing import accounts, tokens
from iacoll.publishing.accounts import AccountError, AccountExists, AccountRow, Organisation
from iacoll.publishing.db import Database
from iacoll.settings import Settings

BORDEAUX_METROPOLE = Organisation(
    "243300316", "https://w3id.org/iacoll/id/organisation/bordeaux-metropole"
)
PASSWORD = "une phrase de passe solide"


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(Settings.from_env({}, store_path=tmp_path))
    yield database
    database.close()


def test_account_is_created_with_a_hashed_password_and_its_organisation(db: Database) -> None:
    with db.transaction() as session:
        account = accounts.add_account(
            session, " Agent@Bordeaux-Metropole.FR ", PASSWORD, "contributeur", [BORDEAUX_METROPOLE]
        )
    assert account.email == "agent@bordeaux-metropole.fr"
    assert account.role == "contributeur"
    assert account.organisations == (BORDEAUX_METROPOLE.iri,)
    assert account.sirens == ("243300316",)
    with db.transaction() as session:
        row = session.scalars(select(AccountRow)).one()
        assert row.password_hash is not None
        assert row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash


def test_same_email_twice_is_refused(db: Database) -> None:
    with db.transaction() as session:
        accounts.add_account(session, "agent@ville.fr", PASSWORD)
    with (
        pytest.raises(AccountExists, match=r"Un compte existe déjà pour agent@ville\.fr"),
        db.transaction() as session,
    ):
        accounts.add_account(session, "AGENT@ville.fr", PASSWORD)


@pytest.mark.parametrize(
    ("email", "password", "role", "siren", "message"),
    [
        ("pas-une-adresse", PASSWORD, "contributeur", None, "n'est pas une adresse"),
        ("a@ville.fr", "court", "contributeur", None, "Mot de passe trop court"),
        ("a@ville.fr", PASSWORD, "chef", None, "Rôle inconnu « chef »"),
        ("a@ville.fr", PASSWORD, "contributeur", "243300317", "n'est pas un SIREN valide"),
        ("a@ville.fr", PASSWORD, "contributeur", "24330031", "n'est pas un SIREN valide"),
    ],
)
def test_invalid_account_is_refused(
    db: Database, email: str, password: str, role: str, siren: str | None, message: str
) -> None:
    organisations = [Organisation(siren, None)] if siren else []
    with pytest.raises(AccountError, match=message), db.transaction() as session:
        accounts.add_account(session, email, password, role, organisations)
    with db.transaction() as session:
        assert accounts.list_accounts(session) == []


def test_siren_check_digit() -> None:
    assert accounts.valid_siren("243300316")  # Bordeaux Métropole
    assert accounts.valid_siren("217500016")  # Ville de Paris
    assert accounts.valid_siren("356000000")  # La Poste, the exception to the Luhn rule
    assert not accounts.valid_siren("243300315")
    assert not accounts.valid_siren("24330031A")


def test_authenticate_checks_password_and_active_state(db: Database) -> None:
    with db.transaction() as session:
        accounts.add_account(session, "agent@ville.fr", PASSWORD)
    with db.transaction() as session:
        assert accounts.authenticate(session, "Agent@Ville.fr", PASSWORD) is not None
        assert accounts.authenticate(session, "agent@ville.fr", PASSWORD + "x") is None
        assert accounts.authenticate(session, "inconnu@ville.fr", PASSWORD) is None
        assert accounts.authenticate(session, "pas une adresse", PASSWORD) is None
        disabled = accounts.set_active(session, "agent@ville.fr", False)
    assert disabled.active is False
    with db.transaction() as session:
        assert accounts.authenticate(session, "agent@ville.fr", PASSWORD) is None


def test_password_hashed_with_old_parameters_is_rehashed(db: Database) -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with db.transaction() as session:
        account = accounts.add_account(session, "agent@ville.fr", PASSWORD)
        row = session.get(AccountRow, account.id)
        assert row is not None
        row.password_hash = weak.hash(PASSWORD)
    with db.transaction() as session:
        assert accounts.authenticate(session, "agent@ville.fr", PASSWORD) is not None
    with db.transaction() as session:
        stored = session.get(AccountRow, account.id)
        assert stored is not None and stored.password_hash is not None
        assert "m=8," not in stored.password_hash
        assert not argon2.PasswordHasher().check_needs_rehash(stored.password_hash)


def test_organisation_not_yet_catalogued_is_linked_later(db: Database) -> None:
    with db.transaction() as session:
        account = accounts.add_account(
            session, "agent@ville.fr", PASSWORD, organisations=[Organisation("217500016", None)]
        )
    assert account.sirens == ("217500016",)
    assert account.organisations == ()
    iri = "https://w3id.org/iacoll/id/organisation/paris"
    with db.transaction() as session:
        assert accounts.link_organisation(session, "217500016", iri) == 1
    with db.transaction() as session:
        found = accounts.get_account(session, account.id)
    assert found is not None and found.organisations == (iri,)


def test_roles_are_ordered() -> None:
    def of(role: str) -> accounts.Account:
        return accounts.Account(1, "a@ville.fr", role, True)

    assert of("admin").has_role("moderateur")
    assert of("moderateur").has_role("contributeur")
    assert not of("contributeur").has_role("moderateur")
    assert not of("moderateur").has_role("admin")
    assert of("contributeur").has_role()


def test_token_is_stored_as_a_digest_and_can_be_revoked(db: Database) -> None:
    with db.transaction() as session:
        account = accounts.add_account(session, "agent@ville.fr", PASSWORD)
        issued = tokens.issue_token(session, account.id, "script", ["fiches:ecrire"])
    assert issued.secret.startswith("iacoll_") and len(issued.secret) == 7 + 43
    assert issued.secret.startswith(issued.prefix)
    with db.transaction() as session:
        row = session.scalars(select(tokens.ApiToken)).one()
        assert row.digest == tokens.digest(issued.secret) != issued.secret
        assert issued.secret not in (row.digest, row.prefix, row.label, row.scopes)
        found = tokens.verify_token(session, issued.secret)
    assert found is not None and found.email == "agent@ville.fr"
    assert found.scopes == frozenset({"fiches:ecrire"})
    assert found.has_scope("fiches:ecrire") and not found.has_scope("moderation")
    with db.transaction() as session:
        assert tokens.verify_token(session, issued.secret + "x") is None
        listed = tokens.list_tokens(session, account.id)
        assert listed[0].last_used_at is not None
        assert tokens.revoke_token(session, account.id + 1, issued.id) is False
        assert tokens.revoke_token(session, account.id, issued.id) is True
    with db.transaction() as session:
        assert tokens.verify_token(session, issued.secret) is None


def test_token_of_disabled_account_stops_working(db: Database) -> None:
    with db.transaction() as session:
        account = accounts.add_account(session, "agent@ville.fr", PASSWORD)
        issued = tokens.issue_token(session, account.id)
        accounts.set_active(session, "agent@ville.fr", False)
    with db.transaction() as session:
        assert tokens.verify_token(session, issued.secret) is None


def test_unknown_scope_is_refused(db: Database) -> None:
    with db.transaction() as session:
        account = accounts.add_account(session, "agent@ville.fr", PASSWORD)
    with (
        pytest.raises(AccountError, match="Portée inconnue ou absente \\(tout\\)"),
        db.transaction() as session,
    ):
        tokens.issue_token(session, account.id, scopes=["tout"])


def test_oidc_sign_in_creates_then_finds_then_links(db: Database) -> None:
    issuer = "http://localhost:1"
    with db.transaction() as session:
        created = accounts.oidc_account(session, issuer, "sub-1", "Nouvel.Agent@ville.fr")
        again = accounts.oidc_account(session, issuer, "sub-1", "autre@ville.fr")
        accounts.add_account(session, "existant@ville.fr", PASSWORD, "moderateur")
        linked = accounts.oidc_account(session, issuer, "sub-2", "existant@ville.fr")
    assert created.email == "nouvel.agent@ville.fr" and created.role == "contributeur"
    assert created.organisations == () and created.oidc
    assert again.id == created.id
    assert linked.email == "existant@ville.fr" and linked.role == "moderateur" and linked.oidc
    with (
        pytest.raises(AccountExists, match="déjà lié à une autre identité"),
        db.transaction() as session,
    ):
        accounts.oidc_account(session, issuer, "sub-3", "existant@ville.fr")
    with db.transaction() as session:
        # an account opened through OIDC has no password: no password sign-in
        assert accounts.authenticate(session, "nouvel.agent@ville.fr", "") is None


# --- iacoll user --------------------------------------------------------------------------


def run(store: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["user", *args, "--store", str(store)], input=stdin)


def test_cli_adds_lists_attaches_and_disables(tmp_path: Path) -> None:
    added = run(
        tmp_path,
        "add",
        "Admin@Exemple.fr",
        "--role",
        "admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "Compte créé : admin@exemple.fr\tadmin\tactif\t—" in added.output
    # no store built here: the SIREN is kept, its organisation IRI waits for the catalogue
    attached = run(tmp_path, "attach", "admin@exemple.fr", "--siren", "243 300 316")
    assert attached.exit_code == 0, attached.output
    listed = run(tmp_path, "list", "--format", "json")
    assert json.loads(listed.output) == [
        {
            "email": "admin@exemple.fr",
            "role": "admin",
            "active": True,
            "oidc": False,
            "organisations": [{"siren": "243300316", "iri": None}],
        }
    ]
    assert run(tmp_path, "disable", "admin@exemple.fr").exit_code == 0
    assert "désactivé" in run(tmp_path, "list").output
    db = Database(Settings.from_env({}, store_path=tmp_path))
    with db.transaction() as session:
        assert accounts.authenticate(session, "admin@exemple.fr", PASSWORD) is None
    db.close()


def test_cli_links_a_catalogued_organisation(seed_settings: Settings, tmp_path: Path) -> None:
    settings = Settings.from_env(
        {}, store_path=seed_settings.store_path, database_url=f"sqlite:///{tmp_path / 'a.db'}"
    )
    db = Database(settings)
    with db.transaction() as session:
        account = accounts.add_account(session, "agent@ville.fr", PASSWORD)
    from iacoll.cli_users import organisation_iri

    assert organisation_iri(settings, "243300316") == BORDEAUX_METROPOLE.iri
    assert organisation_iri(settings, "356000000") is None  # La Poste: not in the catalogue
    with db.transaction() as session:
        accounts.add_membership(
            session, account.id, "243300316", organisation_iri(settings, "243300316")
        )
        found = accounts.get_account(session, account.id)
    assert found is not None and found.organisations == (BORDEAUX_METROPOLE.iri,)
    db.close()


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (("add", "pas-une-adresse", "--password-stdin"), PASSWORD, 2, "n'est pas une adresse"),
        (("add", "a@ville.fr", "--siren", "123", "--password-stdin"), PASSWORD, 2, "SIREN"),
        (("add", "a@ville.fr", "--password-stdin"), "court", 2, "Mot de passe trop court"),
        (("add", "a@ville.fr", "--password-stdin"), "", 2, "Aucun mot de passe"),
        (("add", "a@ville.fr", "--role", "chef", "--password-stdin"), PASSWORD, 2, "chef"),
        (("add", "deja@ville.fr", "--password-stdin"), PASSWORD, 1, "Un compte existe déjà"),
        (("disable", "personne@ville.fr"), None, 1, "Aucun compte pour personne@ville.fr"),
        (("token", "personne@ville.fr"), None, 1, "Aucun compte pour personne@ville.fr"),
        (("token", "deja@ville.fr", "--scope", "tout"), None, 2, "Portée inconnue"),
        (("token", "deja@ville.fr", "--scope", "moderation"), None, 2, "réservée aux modérateurs"),
        (("token", "deja@ville.fr", "--revoke", "99"), None, 1, "n'a pas de jeton 99"),
    ],
)
def test_cli_exit_codes(
    tmp_path: Path, args: tuple[str, ...], stdin: str | None, code: int, message: str
) -> None:
    assert run(tmp_path, "add", "deja@ville.fr", "--password-stdin", stdin=PASSWORD).exit_code == 0
    result = run(tmp_path, *args, stdin=stdin)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_cli_token_is_printed_once_and_works(tmp_path: Path) -> None:
    run(tmp_path, "add", "agent@ville.fr", "--password-stdin", stdin=PASSWORD)
    issued = run(tmp_path, "token", "agent@ville.fr", "--label", "SIG", "--scope", "restreint:lire")
    assert issued.exit_code == 0, issued.output
    secret = issued.stdout.strip()
    assert secret.startswith("iacoll_") and "\n" not in secret
    db = Database(Settings.from_env({}, store_path=tmp_path))
    with db.transaction() as session:
        found = tokens.verify_token(session, secret)
        assert found is not None and found.scopes == frozenset({"restreint:lire"})
        number = tokens.list_tokens(session, found.id)[0].id
    assert run(tmp_path, "token", "agent@ville.fr", "--revoke", str(number)).exit_code == 0
    with db.transaction() as session:
        assert tokens.verify_token(session, secret) is None
    db.close()

"""Accounts, their organisations and their API tokens.

An account is an e-mail address with a role — ``contributeur`` (edits the records of its
organisations), ``moderateur`` (also moderates), ``admin`` (also manages accounts) — and is a
*member*: it may read the restricted fields. Passwords are hashed with argon2id (argon2-cffi);
a hash made with older parameters is replaced at the next successful sign-in. Accounts created
by an OpenID Connect sign-in have no password but an (issuer, subject) pair.

An account belongs to organisations by SIREN (``membership``); the organisation's IRI is filled
when the catalogue holds an organisation with that ``iacoll:siren`` (:func:`link_organisation`
fills it later for an organisation created afterwards). API tokens: :mod:`iacoll.publishing.tokens`.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import argon2
import pyoxigraph as ox
from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from iacoll.errors import IacollError
from iacoll.namespaces import DEFAULT_BASE, IACOLL
from iacoll.publishing.db import Base
from iacoll.terms import select_rows


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


class Role(StrEnum):
    """What an account may do; each role may do everything the roles before it may."""

    CONTRIBUTEUR = "contributeur"
    MODERATEUR = "moderateur"
    ADMIN = "admin"


RANKS = {Role.CONTRIBUTEUR: 1, Role.MODERATEUR: 2, Role.ADMIN: 3}

MIN_PASSWORD = 12

_hasher = argon2.PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """A hash verified when the e-mail is unknown (same time as a known one); computed on the
    first sign-in, not at import (~0.1 s of every start-up)."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(IacollError):
    """A request about accounts that cannot be carried out (the message says why)."""

    status = 400


class AccountExists(AccountError):
    """An account already uses this e-mail address."""

    status = 409


class AccountMissing(AccountError):
    """No account has this e-mail address or number."""

    status = 404


class AccountRow(Base):
    """An account: e-mail, password hash (none for OIDC-only accounts), role, state."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20), default=Role.CONTRIBUTEUR.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    oidc_issuer: Mapped[str | None] = mapped_column(String(500))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))


class Membership(Base):
    """Account ``account_id`` belongs to the organisation with SIREN ``siren``."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("account_id", "siren"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    siren: Mapped[str] = mapped_column(String(9), index=True)
    organisation_iri: Mapped[str | None] = mapped_column(String(500))  # None until catalogued


@dataclass(frozen=True)
class Organisation:
    """An organisation of an account: its SIREN and, once catalogued, its IRI."""

    siren: str
    iri: str | None


@dataclass(frozen=True)
class Account:
    """What the rest of iacoll knows of an account (never its password hash).

    ``scopes`` is None for a signed-in person (every scope) and the token's scopes when the
    request authenticated with an API token.
    """

    id: int
    email: str
    role: str
    active: bool
    memberships: tuple[Organisation, ...] = ()
    scopes: frozenset[str] | None = None
    created_at: datetime | None = None
    oidc: bool = False

    @property
    def organisations(self) -> tuple[str, ...]:
        """IRIs of the account's catalogued organisations."""
        return tuple(m.iri for m in self.memberships if m.iri)

    @property
    def sirens(self) -> tuple[str, ...]:
        """SIREN of every organisation of the account."""
        return tuple(m.siren for m in self.memberships)

    def has_role(self, *roles: str) -> bool:
        """Whether the account's role reaches the lowest of ``roles`` (admin ⊃ moderateur ⊃
        contributeur); with no roles, any account."""
        if not roles:
            return True
        return RANKS[Role(self.role)] >= min(RANKS[Role(r)] for r in roles)

    def has_scope(self, scope: str) -> bool:
        """Whether the request may do what ``scope`` names (a session may do everything)."""
        return self.scopes is None or scope in self.scopes


# --- checks --------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """``email`` trimmed and lower-cased; :class:`AccountError` unless it looks like one."""
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or any(c.isspace() or ord(c) < 32 for c in cleaned):
        raise AccountError(f"« {email.strip()} » n'est pas une adresse électronique valide.")
    if len(cleaned) > 320:
        raise AccountError("Adresse électronique trop longue (320 caractères au plus).")
    return cleaned


def valid_siren(siren: str) -> bool:
    """Whether ``siren`` is 9 digits with a valid Luhn check digit (La Poste's excepted)."""
    if len(siren) != 9 or not siren.isdigit():
        return False
    if siren == "356000000":  # La Poste: its SIREN does not follow the Luhn rule
        return True
    total = 0
    for position, char in enumerate(reversed(siren)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def check_siren(siren: str) -> str:
    """``siren`` without spaces; :class:`AccountError` unless it is a valid SIREN."""
    cleaned = "".join(siren.split())
    if not valid_siren(cleaned):
        raise AccountError(
            f"« {siren} » n'est pas un SIREN valide : 9 chiffres dont le dernier est une clé "
            "de contrôle (vérifiez-le sur annuaire-entreprises.data.gouv.fr)."
        )
    return cleaned


def check_role(role: str) -> str:
    """``role`` if it is one of :class:`Role`; :class:`AccountError` otherwise."""
    if role not in {r.value for r in Role}:
        raise AccountError(f"Rôle inconnu « {role} » : contributeur, moderateur ou admin.")
    return role


def check_password(password: str) -> str:
    """``password`` if long enough; :class:`AccountError` otherwise."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"Mot de passe trop court : {MIN_PASSWORD} caractères au moins "
            "(une phrase de passe se retient mieux)."
        )
    return password


# --- accounts ------------------------------------------------------------------------------


def account_view(
    session: Session, row: AccountRow, scopes: frozenset[str] | None = None
) -> Account:
    memberships = session.scalars(
        select(Membership).where(Membership.account_id == row.id).order_by(Membership.siren)
    )
    return Account(
        id=row.id,
        email=row.email,
        role=row.role,
        active=row.active,
        memberships=tuple(Organisation(m.siren, m.organisation_iri) for m in memberships),
        scopes=scopes,
        created_at=row.created_at,
        oidc=row.oidc_subject is not None,
    )


def _row_by_email(session: Session, email: str) -> AccountRow | None:
    return session.scalars(select(AccountRow).where(AccountRow.email == email)).first()


def add_account(
    session: Session,
    email: str,
    password: str | None,
    role: str = Role.CONTRIBUTEUR.value,
    organisations: Iterable[Organisation] = (),
) -> Account:
    """Create an account (``password`` None: sign-in through OIDC only)."""
    email = normalise_email(email)
    if _row_by_email(session, email) is not None:
        raise AccountExists(f"Un compte existe déjà pour {email}.")
    row = AccountRow(
        email=email,
        role=check_role(role),
        password_hash=_hasher.hash(check_password(password)) if password is not None else None,
        active=True,
        created_at=now(),
    )
    session.add(row)
    session.flush()
    for organisation in organisations:
        add_membership(session, row.id, organisation.siren, organisation.iri)
    return account_view(session, row)


def add_membership(session: Session, account_id: int, siren: str, iri: str | None) -> None:
    """Attach the account to the organisation with SIREN ``siren`` (idempotent)."""
    siren = check_siren(siren)
    found = session.scalars(
        select(Membership).where(Membership.account_id == account_id, Membership.siren == siren)
    ).first()
    if found is None:
        session.add(Membership(account_id=account_id, siren=siren, organisation_iri=iri))
    elif iri and not found.organisation_iri:
        found.organisation_iri = iri
    session.flush()


def link_organisation(session: Session, siren: str, iri: str) -> int:
    """Give the IRI ``iri`` to every membership of SIREN ``siren`` still without one (when the
    organisation enters the catalogue); returns how many were linked."""
    rows = session.scalars(
        select(Membership).where(Membership.siren == siren, Membership.organisation_iri.is_(None))
    ).all()
    for row in rows:
        row.organisation_iri = iri
    return len(rows)


def get_account(session: Session, account_id: int) -> Account | None:
    """The account numbered ``account_id``, active or not."""
    row = session.get(AccountRow, account_id)
    return account_view(session, row) if row else None


def find_account(session: Session, email: str) -> Account | None:
    """The account of ``email``, active or not."""
    row = _row_by_email(session, normalise_email(email))
    return account_view(session, row) if row else None


def list_accounts(session: Session) -> list[Account]:
    """Every account, in e-mail order."""
    rows = session.scalars(select(AccountRow).order_by(AccountRow.email)).all()
    return [account_view(session, row) for row in rows]


def set_active(session: Session, email: str, active: bool) -> Account:
    """Enable or disable the account of ``email`` (a disabled account cannot sign in and its
    tokens stop working; its revisions stay)."""
    row = _row_by_email(session, normalise_email(email))
    if row is None:
        raise AccountMissing(f"Aucun compte pour {email}.")
    row.active = active
    return account_view(session, row)


def set_password(session: Session, account_id: int, password: str) -> None:
    """Replace the account's password."""
    row = session.get(AccountRow, account_id)
    if row is None:
        raise AccountMissing(f"Aucun compte numéro {account_id}.")
    row.password_hash = _hasher.hash(check_password(password))


def authenticate(session: Session, email: str, password: str) -> Account | None:
    """The active account of ``email`` if ``password`` is its password, else None.

    Takes as long whether the address exists or not (a dummy hash is verified), and rehashes
    a password whose hash used older argon2 parameters.
    """
    try:
        row = _row_by_email(session, normalise_email(email))
    except AccountError:
        row = None
    dummy = _dummy_hash()
    stored = row.password_hash if row is not None and row.password_hash else dummy
    try:
        _hasher.verify(stored, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return None
    if row is None or stored is dummy or not row.active:
        return None
    if _hasher.check_needs_rehash(stored):
        row.password_hash = _hasher.hash(password)
    return account_view(session, row)


# --- OpenID Connect ------------------------------------------------------------------------


def oidc_account(session: Session, issuer: str, subject: str, email: str | None) -> Account:
    """The account an OpenID Connect sign-in of (``issuer``, ``subject``) opens.

    Known subject: its account. Otherwise the account of the same e-mail address is linked to
    it (the provider — ProConnect — vouches for the professional address of the agent, and an
    admin may have created the account beforehand with its organisations); with no such
    account, a contributor account without organisation and without password is created.
    """
    row = session.scalars(
        select(AccountRow).where(
            AccountRow.oidc_issuer == issuer, AccountRow.oidc_subject == subject
        )
    ).first()
    if row is None:
        if not email:
            raise AccountError(
                "Le fournisseur d'identité n'a pas transmis d'adresse électronique : "
                "impossible d'ouvrir un compte."
            )
        row = _row_by_email(session, normalise_email(email))
        if row is None:
            return _link(session, add_account(session, email, None).id, issuer, subject)
        if row.oidc_subject is not None:
            raise AccountExists(
                f"Le compte {row.email} est déjà lié à une autre identité : "
                "contactez un administrateur."
            )
        row.oidc_issuer, row.oidc_subject = issuer, subject
    return account_view(session, row)


def _link(session: Session, account_id: int, issuer: str, subject: str) -> Account:
    row = session.get(AccountRow, account_id)
    assert row is not None
    row.oidc_issuer, row.oidc_subject = issuer, subject
    return account_view(session, row)


def organisation_for_siren(store: ox.Store, siren: str, base_iri: str = DEFAULT_BASE) -> str | None:
    """The IRI of the organisation of the (public) store whose ``iacoll:siren`` is ``siren``,
    as the revision log names it (under the default base: the store's ``base_iri`` moved)."""
    query = f"SELECT ?o ?siren WHERE {{ ?o <{IACOLL.siren}> ?siren }}"
    _, solutions = select_rows(
        store,
        query,
        use_default_graph_as_union=True,
        substitutions={ox.Variable("siren"): ox.Literal(siren)},
    )
    for solution in solutions:
        node = solution["o"]
        if isinstance(node, ox.NamedNode):
            iri = node.value
            return DEFAULT_BASE + iri[len(base_iri) :] if iri.startswith(base_iri) else iri
    return None

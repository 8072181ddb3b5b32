"""Who is making a request: the signed-in account (session cookie) or an API token.

``current_account(request)`` answers with an :class:`~iacoll.publishing.accounts.Account` or
None; ``require_account(request, *roles, scope=…)`` raises :class:`NotSignedIn` (401) or
:class:`Forbidden` (403) with a French message. A session holds the account's number only: the
account is read again on every request, so a disabled account is signed out at once. Signing
in replaces the whole session (new CSRF token): a cookie planted before sign-in is worth
nothing after it. The session is also kept on the server (:mod:`iacoll.publishing.sessions`):
signing out ends every copy of the cookie, and a session ends 12 hours after sign-in. The
pages (``/connexion``, ``/deconnexion``, ``/compte``) are in :mod:`iacoll.web.account_pages`,
OpenID Connect in :mod:`iacoll.web.oidc`.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request

from iacoll.errors import IacollError
from iacoll.publishing import accounts, sessions, tokens
from iacoll.publishing.accounts import Account
from iacoll.publishing.db import Database
from iacoll.publishing.write import Author
from iacoll.settings import Settings
from iacoll.web.security import csrf_token

__all__ = [
    "Account",
    "Forbidden",
    "NotSignedIn",
    "author_of",
    "current_account",
    "database",
    "install",
    "reads_restricted",
    "require_account",
    "sign_in",
    "sign_out",
]

SESSION_ACCOUNT = "compte"  # session key: the account's number
SESSION_SINCE = "depuis"  # session key: when it signed in (epoch seconds)
SESSION_VIA = "via"  # session key: "mot-de-passe" or "oidc"
SESSION_KEY = "cle"  # session key: the secret of its server-side row (publishing/sessions.py)
_STATE_KEY = "iacoll_account"  # request.state attribute caching the answer


class NotSignedIn(IacollError):
    """The request needs an account and comes without one (or with an invalid token)."""

    status = 401


class Forbidden(IacollError):
    """The account may not do this."""

    status = 403


def database(request: Request) -> Database:
    """The application's database (``app.state.db``)."""
    db: Database = request.app.state.db
    return db


def current_account(request: Request) -> Account | None:
    """The account behind ``request``: an ``Authorization: Bearer`` token first, else the
    session; None when anonymous. An invalid, revoked or disabled token is a 401, never a
    silent fallback to anonymous."""
    cached: Any = getattr(request.state, _STATE_KEY, False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    secret = _bearer(request)
    account = _from_token(request, secret) if secret is not None else _from_session(request)
    setattr(request.state, _STATE_KEY, account)
    return account


def require_account(request: Request, *roles: str, scope: str | None = None) -> Account:
    """The account behind ``request``, which must reach one of ``roles`` (admin ⊃ moderateur ⊃
    contributeur; none given: any account) and, for a token, carry ``scope``."""
    account = current_account(request)
    if account is None:
        raise NotSignedIn(
            "Connectez-vous pour continuer (page « Se connecter »), ou envoyez un jeton d'API "
            "dans l'en-tête « Authorization: Bearer ».",
            detail="Sign in to continue, or send an API token in the Authorization: Bearer header.",
        )
    if not account.has_role(*roles):
        needed = " ou ".join(roles)
        raise Forbidden(
            f"Votre compte (rôle « {account.role} ») ne permet pas cette action : "
            f"il faut le rôle « {needed} ».",
            detail=f"Your account (role {account.role}) may not do this: role {needed} needed.",
        )
    if scope is not None and not account.has_scope(scope):
        raise Forbidden(
            f"Ce jeton d'API n'a pas la portée « {scope} » : créez-en un qui l'a, "
            "depuis la page « Mon compte ».",
            detail=f"This API token lacks the {scope} scope: create one that has it.",
        )
    return account


def reads_restricted(request: Request) -> bool:
    """Whether the request may see the members-only (restricted) fields: a signed-in person,
    or a token with the ``restreint:lire`` scope. Never raises (an invalid token: no)."""
    try:
        account = current_account(request)
    except IacollError:
        return False
    return account is not None and account.has_scope("restreint:lire")


def author_of(account: Account) -> Author:
    """The :class:`~iacoll.publishing.write.Author` the write path takes for ``account``."""
    return Author(account.id, frozenset(account.organisations), account.role)


def sign_in(request: Request, account: Account, via: str) -> None:
    """Open a new session for ``account`` (the previous session, CSRF token included, is
    discarded)."""
    request.session.clear()
    with database(request).transaction() as session:
        request.session[SESSION_KEY] = sessions.open_session(session, account.id)
    request.session[SESSION_ACCOUNT] = account.id
    request.session[SESSION_SINCE] = int(time.time())
    request.session[SESSION_VIA] = via
    setattr(request.state, _STATE_KEY, account)


def sign_out(request: Request) -> None:
    """End the session, on the server too: a copy of the cookie no longer signs anybody in."""
    secret = request.session.get(SESSION_KEY) if "session" in request.scope else None
    if isinstance(secret, str):
        with database(request).transaction() as session:
            sessions.end_session(session, secret)
    request.session.clear()
    setattr(request.state, _STATE_KEY, None)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def _from_token(request: Request, secret: str) -> Account:
    account = None
    if secret:
        with database(request).transaction() as session:
            account = tokens.verify_token(session, secret)
    if account is None:
        raise NotSignedIn(
            "Jeton d'API inconnu, révoqué ou d'un compte désactivé : créez-en un nouveau "
            "depuis la page « Mon compte ».",
            detail="Unknown or revoked API token, or disabled account.",
        )
    return account


def _from_session(request: Request) -> Account | None:
    if "session" not in request.scope:
        return None
    number = request.session.get(SESSION_ACCOUNT)
    secret = request.session.get(SESSION_KEY)
    if not isinstance(number, int) or not isinstance(secret, str):
        return None
    with database(request).transaction() as session:
        opened = sessions.is_open(session, secret, number)
        account = accounts.get_account(session, number) if opened else None
    if account is None or not account.active:
        request.session.clear()
        return None
    return account


def display_name(request: Request) -> str | None:
    """The e-mail address of the signed-in person, for the page header (never raises)."""
    try:
        account = current_account(request)
    except IacollError:
        return None
    return account.email if account is not None and account.scopes is None else None


def install(app: FastAPI, settings: Settings, pages: Any) -> None:
    """Open the database (unless ``app.state.db`` is set), add the account pages and the
    OpenID Connect routes, and let templates show who is signed in."""
    from iacoll.web import account_pages, oidc

    if getattr(app.state, "db", None) is None:
        app.state.db = Database(settings)
    pages.env.globals["signed_in"] = display_name
    pages.env.globals["csrf_token"] = csrf_token
    client = oidc.client(settings)
    label = settings.oidc_label if client is not None else None
    end_session = oidc.end_session(client) if client is not None else None
    app.include_router(account_pages.router(pages, label, end_session))
    if client is not None:
        app.include_router(oidc.router(client))

"""Sign-in, sign-out and « Mon compte » pages.

``/connexion`` (e-mail and password, or the OpenID Connect provider when configured),
``/deconnexion``, ``/compte`` (the account's organisations and API tokens; a new token is shown
once). Every form carries the session's CSRF token. Failed sign-ins are limited per address
(5 attempts in 15 minutes, forgotten after a success) and per client address (20 attempts in
15 minutes): a password cannot be guessed by trying, and an address cannot be locked out by
someone trying from many machines for longer than the window.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from iacoll.model.reference import Reference, ReferenceMissing
from iacoll.namespaces import DEFAULT_BASE
from iacoll.publishing import accounts, tokens
from iacoll.publishing.accounts import Account
from iacoll.web.auth import Forbidden, current_account, database, require_account, sign_in, sign_out
from iacoll.web.security import RateLimiter, check_csrf, client_key, csrf_token

WINDOW = 15 * 60
PER_EMAIL, PER_CLIENT = 5, 20
ID_TOKEN = "oidc_id_token"  # session key: the ID token of an OIDC sign-in (logout hint)
TOO_MANY = "Trop de tentatives de connexion : réessayez dans un quart d'heure."


def safe_next(target: str | None, default: str = "/compte") -> str:
    """``target`` if it is a path of this site (never another site: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def local_path(iri: str | None) -> str | None:
    """The path on this site of an IRI minted under the default base."""
    if iri and iri.startswith(DEFAULT_BASE):
        return "/" + iri[len(DEFAULT_BASE) :]
    return None


class AccountPages:
    """The pages and the rate limiters of one application."""

    def __init__(self, pages: Any, oidc_label: str | None) -> None:
        self.pages = pages
        self.oidc_label = oidc_label
        self.per_email = RateLimiter(PER_EMAIL, WINDOW, TOO_MANY)
        self.per_client = RateLimiter(PER_CLIENT, WINDOW, TOO_MANY)
        self._reference: Reference | None = None

    def sign_in_form(
        self, request: Request, status: int = 200, problem: str | None = None, email: str = ""
    ) -> Response:
        """The sign-in page (with ``problem`` after a failed attempt)."""
        return self.pages.render(  # type: ignore[no-any-return]
            request,
            "compte/connexion.html",
            status=status,
            csrf=csrf_token(request),
            suite=safe_next(request.query_params.get("suite"), ""),
            problem=problem,
            email=email,
            oidc_label=self.oidc_label,
        )

    def sign_in(self, request: Request, email: str, password: str, suite: str) -> Response:
        """Check the password; open a session and go on to ``suite``, or show the form again."""
        self.per_client.hit(client_key(request))
        key = email.strip().lower()
        self.per_email.hit(key)
        with database(request).transaction() as session:
            account = accounts.authenticate(session, email, password)
        if account is None:
            problem = "Adresse électronique ou mot de passe incorrect, ou compte désactivé."
            return self.sign_in_form(request, 401, problem, email.strip())
        self.per_email.reset(key)
        sign_in(request, account, "mot-de-passe")
        return RedirectResponse(safe_next(suite), status_code=303)

    def organisation_names(self, account: Account) -> dict[str, str]:
        """SIREN → name of the account's organisations known to the official reference."""
        try:
            self._reference = self._reference or Reference()
        except ReferenceMissing:
            return {}
        found = {siren: self._reference.by_siren(siren) for siren in account.sirens}
        return {siren: t.name for siren, t in found.items() if t is not None}

    def account_page(
        self, request: Request, account: Account, issued: tokens.IssuedToken | None = None
    ) -> Response:
        """« Mon compte »: organisations, tokens, the token just created (shown once)."""
        with database(request).transaction() as session:
            listed = tokens.list_tokens(session, account.id)
        scopes = {k: v for k, v in tokens.SCOPES.items() if k != "moderation"}
        if account.has_role(accounts.Role.MODERATEUR):
            scopes = dict(tokens.SCOPES)
        response: Response = self.pages.render(
            request,
            "compte/compte.html",
            status=201 if issued else 200,
            account=account,
            names=self.organisation_names(account),
            local_path=local_path,
            tokens=listed,
            scopes=scopes,
            issued=issued,
            csrf=csrf_token(request),
        )
        response.headers["Cache-Control"] = "no-store"
        return response


def _signed_in(request: Request) -> Account | None:
    """The account of the session (a token does not open the account pages)."""
    account = current_account(request)
    return account if account is not None and account.scopes is None else None


EndSession = Callable[[Request, str], Awaitable[Response]]


def router(
    pages: Any, oidc_label: str | None = None, end_session: EndSession | None = None
) -> APIRouter:
    """``/connexion``, ``/deconnexion``, ``/compte`` and the token forms; ``end_session``
    signs out of the OpenID Connect provider too after an OIDC sign-in."""
    view = AccountPages(pages, oidc_label)
    routes = APIRouter(include_in_schema=False)

    @routes.get("/connexion", name="connexion")
    def connexion(request: Request) -> Response:
        if _signed_in(request) is not None:
            return RedirectResponse(safe_next(request.query_params.get("suite")), status_code=303)
        return view.sign_in_form(request)

    @routes.post("/connexion")
    def connexion_post(
        request: Request,
        email: str = Form(""),
        password: str = Form(""),
        csrf: str = Form(""),
        suite: str = Form(""),
    ) -> Response:
        check_csrf(request, csrf)
        return view.sign_in(request, email, password, suite)

    @routes.post("/deconnexion", name="deconnexion")
    async def deconnexion(request: Request, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        hint = request.session.get(ID_TOKEN)
        sign_out(request)
        if isinstance(hint, str) and end_session is not None:
            return await end_session(request, hint)
        return RedirectResponse("/", status_code=303)

    @routes.get("/compte", name="compte")
    def compte(request: Request) -> Response:
        account = _signed_in(request)
        if account is None:
            return RedirectResponse("/connexion?suite=/compte", status_code=303)
        return view.account_page(request, account)

    @routes.post("/compte/jetons")
    def create_token(
        request: Request,
        csrf: str = Form(""),
        label: str = Form(""),
        scope: list[str] = Form([]),  # noqa: B008
    ) -> Response:
        check_csrf(request, csrf)
        account = _require_session(request)
        if "moderation" in scope:
            require_account(request, accounts.Role.MODERATEUR)
        with database(request).transaction() as session:
            issued = tokens.issue_token(session, account.id, label, scope)
        return view.account_page(request, account, issued)

    @routes.post("/compte/jetons/{token_id}/revoquer")
    def revoke_token(request: Request, token_id: int, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        account = _require_session(request)
        with database(request).transaction() as session:
            tokens.revoke_token(session, account.id, token_id)
        return RedirectResponse("/compte", status_code=303)

    return routes


def _require_session(request: Request) -> Account:
    account = require_account(request)
    if account.scopes is not None:
        raise Forbidden("Les jetons d'API se gèrent depuis la page « Mon compte », connecté.")
    return account

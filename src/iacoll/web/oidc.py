"""Sign-in through an OpenID Connect provider (ProConnect for French public agents), with
Authlib's Starlette client.

Configured by ``IACOLL_OIDC_ISSUER``, ``IACOLL_OIDC_CLIENT_ID``, ``IACOLL_OIDC_CLIENT_SECRET``
(and ``IACOLL_OIDC_LABEL`` for the button). Authorization code flow: ``/connexion/oidc`` sends
the browser to the provider with a random ``state`` and ``nonce`` kept in the session;
``/connexion/oidc/retour`` checks the state, exchanges the code, verifies the ID token's
signature (the provider's JWKS), issuer, audience, expiry and nonce, then opens the account
:func:`iacoll.publishing.accounts.oidc_account` gives (same subject, else same e-mail address,
else a new contributor account without organisation).
"""

from __future__ import annotations

from typing import Any

import httpx
from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from authlib.jose.errors import JoseError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.errors import JoseError as JoserfcError
from starlette.concurrency import run_in_threadpool

from iacoll.errors import IacollError
from iacoll.publishing import accounts
from iacoll.publishing.accounts import Account
from iacoll.settings import Settings
from iacoll.web.account_pages import safe_next
from iacoll.web.auth import database, sign_in

SESSION_NEXT = "oidc_suite"
SCOPE = "openid email profile"


class OidcFailed(IacollError):
    """The provider refused the sign-in, or its answer does not check out."""

    status = 400


def client(settings: Settings) -> StarletteOAuth2App | None:
    """The OpenID Connect client of ``settings``; None when no provider is configured."""
    if not (settings.oidc_issuer and settings.oidc_client_id):
        return None
    oauth = OAuth()
    registered: StarletteOAuth2App = oauth.register(
        name="oidc",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or None,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE},
    )
    return registered


async def claims_of(provider: StarletteOAuth2App, request: Request) -> dict[str, Any]:
    """The verified claims of the provider's answer (ID token, then userinfo if the ID token
    lacks the e-mail address); :class:`OidcFailed` on any failure."""
    try:
        token = await provider.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:  # no ID token, hence no nonce checked: refuse
            raise OidcFailed("Le fournisseur d'identité n'a pas renvoyé de jeton d'identité.")
        if not claims.get("email"):
            info = await provider.userinfo(token=token)
            if info.get("sub") != claims.get("sub"):  # OpenID Connect Core §5.3.2
                raise OidcFailed("Le fournisseur d'identité a renvoyé une autre identité.")
            claims.update(info)
    except OAuthError as exc:  # refused at the provider, state missing or not this session's
        if exc.error == "access_denied":
            raise OidcFailed(
                "La connexion a été refusée chez le fournisseur d'identité : recommencez, ou "
                "connectez-vous avec votre adresse et votre mot de passe."
            ) from exc
        raise _failed(exc.error or "state", exc.description) from exc
    except (JoseError, JoserfcError) as exc:  # ID token: signature, issuer, audience, nonce…
        raise _failed(str(exc.error), str(exc)) from exc
    except httpx.HTTPError as exc:  # the provider's token or userinfo endpoint failed
        raise _failed(type(exc).__name__, str(exc)) from exc
    if claims.get("email_verified") is False:
        raise OidcFailed("Le fournisseur d'identité n'a pas vérifié votre adresse électronique.")
    return claims


def _failed(code: str, description: str | None) -> OidcFailed:
    return OidcFailed(
        f"La connexion par le fournisseur d'identité a échoué (code « {code} ») : recommencez "
        "depuis la page « Se connecter ».",
        detail=f"OpenID Connect sign-in failed ({description or code}): start again from the "
        "sign-in page.",
    )


def open_account(request: Request, claims: dict[str, Any]) -> Account:
    """The account of the verified ``claims`` (created or linked on first sign-in)."""
    with database(request).transaction() as session:
        account = accounts.oidc_account(
            session, str(claims["iss"]), str(claims["sub"]), claims.get("email")
        )
    if not account.active:
        raise OidcFailed("Ce compte est désactivé : contactez un administrateur.")
    return account


def router(provider: StarletteOAuth2App) -> APIRouter:
    """``/connexion/oidc`` (go to the provider) and ``/connexion/oidc/retour`` (come back)."""
    routes = APIRouter(include_in_schema=False)

    @routes.get("/connexion/oidc", name="oidc_start")
    async def start(request: Request) -> Response:
        request.session[SESSION_NEXT] = safe_next(request.query_params.get("suite"))
        try:
            response: Response = await provider.authorize_redirect(
                request, str(request.url_for("oidc_retour"))
            )
        except (httpx.HTTPError, ValueError) as exc:  # discovery document unreachable or bad
            raise OidcFailed(
                "Le fournisseur d'identité ne répond pas : réessayez plus tard, ou connectez-"
                "vous avec votre adresse et votre mot de passe.",
            ) from exc
        return response

    @routes.get("/connexion/oidc/retour", name="oidc_retour")
    async def back(request: Request) -> Response:
        suite = safe_next(request.session.get(SESSION_NEXT))
        claims = await claims_of(provider, request)
        account = await run_in_threadpool(open_account, request, claims)
        sign_in(request, account, "oidc")
        return RedirectResponse(suite, status_code=303)

    return routes

"""Sign-in through an OpenID Connect provider (ProConnect for French public agents), with
Authlib's Starlette client.

Configured by ``IACOLL_OIDC_ISSUER``, ``IACOLL_OIDC_CLIENT_ID``, ``IACOLL_OIDC_CLIENT_SECRET``
(and ``IACOLL_OIDC_LABEL`` for the button). Authorization code flow: ``/connexion/oidc`` sends
the browser to the provider with a random ``state`` and ``nonce`` kept in the session;
``/connexion/oidc/retour`` checks the state, exchanges the code, verifies the ID token's
signature (the provider's JWKS), issuer, audience, expiry and nonce, then opens the account
:func:`iacoll.publishing.accounts.oidc_account` gives (same subject, else same e-mail address,
else a new contributor account without organisation). Signing out of an account opened this
way also ends the session at the provider (RP-initiated logout, ``id_token_hint``), as
ProConnect requires; a provider whose userinfo answers a signed JWT (ProConnect) is read too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from authlib.jose.errors import JoseError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError as JoserfcError
from joserfc.jwk import KeySet
from starlette.concurrency import run_in_threadpool

from iacoll.errors import IacollError
from iacoll.publishing import accounts
from iacoll.publishing.accounts import Account
from iacoll.settings import Settings
from iacoll.web.account_pages import ID_TOKEN, safe_next
from iacoll.web.auth import database, sign_in

SESSION_NEXT = "oidc_suite"


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
        client_kwargs={"scope": settings.oidc_scopes},
    )
    return registered


async def claims_of(provider: StarletteOAuth2App, request: Request) -> tuple[dict[str, Any], str]:
    """The verified claims of the provider's answer (ID token, then userinfo if the ID token
    lacks the e-mail address) and the raw ID token; :class:`OidcFailed` on any failure."""
    try:
        token = await provider.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:  # no ID token, hence no nonce checked: refuse
            raise OidcFailed("Le fournisseur d'identité n'a pas renvoyé de jeton d'identité.")
        if not claims.get("email"):  # ProConnect: the e-mail address comes from userinfo
            info = await userinfo(provider, token)
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
    if not claims.get("email"):
        raise OidcFailed(
            "Le fournisseur d'identité n'a pas transmis d'adresse électronique : iacoll en a "
            "besoin pour vous reconnaître. Connectez-vous avec votre adresse et votre mot de passe."
        )
    if claims.get("email_verified") is False:
        raise OidcFailed("Le fournisseur d'identité n'a pas vérifié votre adresse électronique.")
    return claims, str(token["id_token"])


async def userinfo(provider: StarletteOAuth2App, token: dict[str, Any]) -> dict[str, Any]:
    """The userinfo endpoint's claims: JSON, or a JWT signed with the provider's keys
    (``application/jwt``, as ProConnect answers), whose signature and issuer are verified."""
    metadata = await provider.load_server_metadata()
    response = await provider.get(metadata["userinfo_endpoint"], token=token)
    response.raise_for_status()
    if not response.headers.get("content-type", "").startswith("application/jwt"):
        answer: dict[str, Any] = response.json()
        return answer
    keys = KeySet.import_key_set(await provider.fetch_jwk_set())
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    decoded = jwt.decode(response.text, keys, algorithms=algorithms)
    if decoded.claims.get("iss") != metadata.get("issuer"):
        raise OidcFailed("Réponse du fournisseur d'identité d'un autre émetteur.")
    return dict(decoded.claims)


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


def end_session(
    provider: StarletteOAuth2App,
) -> Callable[[Request, str], Awaitable[Response]]:
    """Signing out of the provider too (RP-initiated logout, which ProConnect requires): the
    browser goes to its ``end_session_endpoint`` and comes back to the home page."""

    async def redirect(request: Request, id_token: str) -> Response:
        try:
            response: Response = await provider.logout_redirect(
                request, post_logout_redirect_uri=str(request.base_url), id_token_hint=id_token
            )
        except (RuntimeError, httpx.HTTPError):  # no end_session_endpoint, or unreachable
            return RedirectResponse("/", status_code=303)
        return response

    return redirect


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
        claims, id_token = await claims_of(provider, request)
        account = await run_in_threadpool(open_account, request, claims)
        sign_in(request, account, "oidc")
        request.session[ID_TOKEN] = id_token  # the hint of the provider's logout
        return RedirectResponse(suite, status_code=303)

    return routes

"""Interface messages of sign-in, sign-out and the « Mon compte » page."""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # header
    "auth.sign_in": _m("Se connecter", "Sign in"),
    "auth.sign_out": _m("Se déconnecter", "Sign out"),
    "auth.account": _m("Mon compte", "My account"),
    "auth.account.of": _m("Compte de", "Account of"),
    # /connexion
    "auth.title": _m("Se connecter", "Sign in"),
    "auth.intro": _m(
        "Les agents des collectivités, les élus et les membres du réseau se connectent pour "
        "publier et corriger les fiches de leur organisation et lire les champs réservés aux "
        "membres.",
        "Agents of local authorities, elected officials and members of the network sign in to "
        "publish and correct their organisation's records and to read the members-only fields.",
    ),
    "auth.email": _m("Adresse électronique", "E-mail address"),
    "auth.email.hint": _m("Par exemple : prenom.nom@ville.fr", "For example: name@town.fr"),
    "auth.password": _m("Mot de passe", "Password"),
    "auth.submit": _m("Se connecter", "Sign in"),
    "auth.or": _m("Ou bien", "Or"),
    "auth.oidc": _m("Se connecter avec", "Sign in with"),
    "auth.oidc.hint": _m(
        "Votre compte iacoll est créé à la première connexion ; un administrateur le rattache "
        "ensuite à votre collectivité.",
        "Your iacoll account is created at your first sign-in; an administrator then attaches "
        "it to your organisation.",
    ),
    "auth.no_account": _m(
        "Pas encore de compte ? Les comptes sont ouverts par les administrateurs du catalogue, "
        "pour une collectivité désignée par son SIREN.",
        "No account yet? Accounts are opened by the catalogue's administrators, for an "
        "organisation identified by its SIREN.",
    ),
    "auth.problem": _m("La connexion n'a pas abouti", "Sign-in failed"),
    # /compte
    "account.title": _m("Mon compte", "My account"),
    "account.email": _m("Adresse électronique", "E-mail address"),
    "account.role": _m("Rôle", "Role"),
    "account.since": _m("Compte ouvert le", "Account opened on"),
    "role.contributeur": _m("contributeur", "contributor"),
    "role.moderateur": _m("modérateur", "moderator"),
    "role.admin": _m("administrateur", "administrator"),
    "account.organisations": _m("Mes organisations", "My organisations"),
    "account.organisations.none": _m(
        "Votre compte n'est rattaché à aucune organisation : pour publier, demandez à un "
        "administrateur de le rattacher à votre collectivité (donnez-lui son SIREN).",
        "Your account belongs to no organisation: to publish, ask an administrator to attach it "
        "to your organisation (give them its SIREN).",
    ),
    "account.siren": _m("SIREN", "SIREN"),
    "account.not_catalogued": _m("pas encore dans le catalogue", "not in the catalogue yet"),
    "account.tokens": _m("Jetons d'API", "API tokens"),
    "account.tokens.intro": _m(
        "Un jeton permet à un programme d'utiliser l'API en votre nom : envoyez-le dans "
        "l'en-tête HTTP Authorization, après le mot Bearer et une espace. Gardez-le secret ; "
        "révoquez-le s'il a pu être vu.",
        "A token lets a program use the API on your behalf: send it in the HTTP Authorization "
        "header, after the word Bearer and a space. Keep it secret; revoke it if it may have "
        "been seen.",
    ),
    "account.tokens.none": _m("Aucun jeton.", "No token."),
    "account.token.new": _m("Votre nouveau jeton", "Your new token"),
    "account.token.once": _m(
        "Copiez-le maintenant : il ne sera plus jamais affiché (seule son empreinte est "
        "conservée).",
        "Copy it now: it will never be shown again (only its digest is kept).",
    ),
    "account.token.prefix": _m("Début du jeton", "Token starts with"),
    "account.token.label": _m("Nom", "Name"),
    "account.token.label.hint": _m(
        "Pour vous y retrouver, par exemple « script d'import SIG ».",
        'To tell tokens apart, e.g. "GIS import script".',
    ),
    "account.token.scopes": _m("Autorisations", "Permissions"),
    "account.token.created": _m("Créé le", "Created on"),
    "account.token.used": _m("Dernière utilisation", "Last used"),
    "account.token.never": _m("jamais", "never"),
    "account.token.state": _m("État", "State"),
    "account.token.revoked": _m("révoqué le", "revoked on"),
    "account.token.revoke": _m("Révoquer", "Revoke"),
    "account.token.create": _m("Créer un jeton", "Create a token"),
    "scope.fiches:ecrire": _m(
        "créer et modifier les fiches de vos organisations (API)",
        "create and edit your organisations' records (API)",
    ),
    "scope.restreint:lire": _m(
        "lire les champs restreints (point d'accès SPARQL authentifié)",
        "read the restricted fields (authenticated SPARQL endpoint)",
    ),
    "scope.moderation": _m(
        "modérer les fiches (modérateurs et administrateurs)",
        "moderate records (moderators and administrators)",
    ),
}

"""The pages a French public website has: « Publier un projet », « À propos », « Contact »,
« Mentions légales » and « Accessibilité ».

Their text is in :mod:`iacoll.pages.messages_info`; what only the operator of a deployment
knows (who publishes the site, who hosts it, the contact address, the code repository) comes
from the settings and is shown as « à compléter par l'exploitant » while empty — never made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib import URIRef

from iacoll.model.fields import FIELDS, Field
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site


@dataclass(frozen=True)
class InfoPage:
    """One page: its path, its template under ``info/`` and the message key of its title."""

    path: str
    template: str
    title: str


INFO_PAGES = (
    InfoPage("/publier", "info/publier.html", "info.publish.title"),
    InfoPage("/a-propos", "info/a-propos.html", "info.about.title"),
    InfoPage("/contact", "info/contact.html", "info.contact.title"),
    InfoPage("/mentions-legales", "info/mentions-legales.html", "info.legal.title"),
    InfoPage("/accessibilite", "info/accessibilite.html", "info.a11y.title"),
)

# The seed documents the pages quote, by the path of their record.
BIBLIOTHEQUE = "/id/document/bibliotheque-ia-territoriales-2025"
WEBINAIRE = "/id/document/webinaire-ia-durable-territoires-2025"
SEED_DOCUMENTS = (
    "/id/document/localtis-mag-15",
    BIBLIOTHEQUE,
    "/id/document/rapport-senat-ia-services-publics-locaux",
    WEBINAIRE,
    "/id/document/journee-expert-ia-tours-2025",
)


def field_labels(access: str, lang: str) -> list[str]:
    """Labels of the upstream fields of ``access`` (``public``, ``restreint``), model order."""
    return [_label(f, lang) for f in FIELDS if f.access == access]


def _label(field: Field, lang: str) -> str:
    return field.label_en if lang == "en" else field.label_fr


def router(site: Site, pages: Pages) -> APIRouter:
    """``GET`` routes of :data:`INFO_PAGES`."""
    api = APIRouter()
    for page in INFO_PAGES:
        api.add_api_route(
            page.path,
            _handler(page, site, pages),
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
        )
    return api


def documents(site: Site, paths: tuple[str, ...], lang: str) -> list[tuple[str, str]]:
    """``(path, title)`` of the seed documents at ``paths``."""
    return [(path, site.label(URIRef(site.iri_for_path(path)), lang)) for path in paths]


def _handler(page: InfoPage, site: Site, pages: Pages) -> Callable[[Request], HTMLResponse]:
    def show(request: Request) -> HTMLResponse:
        lang = language_of(request)
        return pages.render(
            request,
            page.template,
            info=page,
            settings=site.settings,
            public_fields=field_labels("public", lang),
            restricted_fields=field_labels("restreint", lang),
            documents=documents(site, SEED_DOCUMENTS, lang),
            quoted=documents(site, (BIBLIOTHEQUE, WEBINAIRE), lang),
        )

    show.__name__ = "info_" + page.path.strip("/").replace("-", "_")
    return show

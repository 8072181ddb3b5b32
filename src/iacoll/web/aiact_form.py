"""« Qualifier un système » (``/aiact/qualifier?fiche=…``): the AI Act questionnaire of a record,
its result, and saving it as a new revision of the record.

The page is stateless and works for anyone, without JavaScript: the answers travel in the
query (``GET``); « Mettre à jour les questions » shows the questions that follow from them,
« Voir le résultat » qualifies. A signed-in member of the record's organisation, or a
moderator, may save a storable result: ``POST /aiact/qualifier`` sends the answers again (with
the CSRF token), the server qualifies them again (a posted result is never trusted) and saves
the record's next revision through the one write path (:mod:`iacoll.publishing.write`), built
by :func:`iacoll.aiact.recording.recorded`. A member's save is submitted to the moderators,
like the contribution form's « Soumettre » (self-declared); a moderator's is published at once
(editorial review).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from iacoll.aiact import Result, load, qualify, questions_for
from iacoll.aiact.engine import BadAnswer
from iacoll.aiact.recording import recorded, system_of
from iacoll.errors import IacollError
from iacoll.model.problems import Problem
from iacoll.model.record import NotARecordIri, Record, kind_of
from iacoll.namespaces import DCT, DEFAULT_BASE, IACOLL, ID
from iacoll.pages import aiact_pages
from iacoll.pages.i18n import language_of
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.publishing.log import State
from iacoll.publishing.update_date import today
from iacoll.publishing.write import RecordRejected, Writer, published_revision
from iacoll.web import auth
from iacoll.web.aiact_form_view import Questionnaire, questionnaire, result_view
from iacoll.web.api import WRITE_SCOPE
from iacoll.web.moderation import SCOPE as MODERATION_SCOPE
from iacoll.web.security import check_csrf, csrf_token

PATH = "/aiact/qualifier"
PREFIX = "q-"  # form fields of the answers: q-{question id}
RESULT = {"action": "resultat"}  # the query of the page that shows the result
MODERATORS = ("moderateur",)
# Who a moderator's review is attributed to when they belong to no organisation of the record:
# the editorial team that publishes the catalogue (data/catalogue.ttl).
EDITORS = ID["organisation-iacoll"]
PRIVATE = {"Cache-Control": "no-store", "Vary": "Accept, Cookie"}


class NotAUseCase(IacollError):
    """A ``fiche`` that names no published use case."""

    status = 404


class BadAnswers(IacollError):
    status = 400


class NotYours(auth.Forbidden):
    """A save by someone who is neither a member of the record's organisation nor a moderator."""


@dataclass(frozen=True)
class Published:
    """The published revision of a use case: its record and revision number."""

    record: Record
    number: int


def record_iri(fiche: str) -> str:
    """A record IRI from ``fiche``: the IRI, or its path (``/id/cas-usage/x``, ``id/…``)."""
    given = fiche.strip()
    if not given.startswith(("http://", "https://")):
        given = DEFAULT_BASE + given.lstrip("/")
    try:
        kind = kind_of(given)
    except NotARecordIri:
        kind = None
    if kind != "cas-usage":
        raise NotAUseCase(
            f"« {fiche} » n'est pas une fiche de cas d'usage : ouvrez le questionnaire depuis la "
            "page d'un cas d'usage (lien « Qualifier ce système »).",
            detail=f"'{fiche}' is not a use-case record.",
        )
    return given


def answers_of(data: Any) -> dict[str, str]:
    """The answers sent (``q-{id}`` fields of a query or a form)."""
    return {
        key.removeprefix(PREFIX): str(value)
        for key, value in data.items()
        if key.startswith(PREFIX) and str(value)
    }


def moderating(account: auth.Account) -> bool:
    """A moderator, signed in or with a token of the ``moderation`` scope (a moderator's
    token without it writes as a contributor: it does not publish)."""
    return account.has_role(*MODERATORS) and account.has_scope(MODERATION_SCOPE)


def may_save(account: auth.Account | None, publisher: str | None) -> bool:
    """A signed-in member of the record's organisation, or a moderator."""
    if account is None or not account.active:
        return False
    return moderating(account) or (publisher is not None and publisher in account.organisations)


def engine_answers(record: Graph, given: dict[str, str]) -> dict[str, str]:
    """What the record prefills, overridden by the answers given; moot questions left out."""
    asked = questions_for(record, given)
    return {a.question.id: a.answer for a in asked if a.answer is not None and not a.moot}


def run(given: dict[str, str], record: Graph) -> tuple[dict[str, str], Result]:
    answers = engine_answers(record, given)
    try:
        return answers, qualify(answers, load())
    except BadAnswer as exc:
        raise BadAnswers(f"{exc.field} : {exc.message_fr}", detail=exc.message_en) from exc


class QualifierPage:
    """The questionnaire and result pages over the public store and the write path."""

    def __init__(self, site: Site, pages: Pages, writer: Writer) -> None:
        self.site, self.pages, self.writer = site, pages, writer

    def show(
        self,
        request: Request,
        iri: str,
        given: dict[str, str],
        *,
        with_result: bool,
        problems: list[Problem] | None = None,
        status: int = 200,
    ) -> Response:
        lang = language_of(request)
        graph = aiact_pages._record(self.site, iri)  # the public record and its system
        answers, result = run(given, graph)
        account = self.account(request)
        publisher = graph.value(URIRef(iri), DCT.publisher)
        can_save = may_save(account, str(publisher) if publisher else None)
        system = system_of(graph, URIRef(iri))
        view: Questionnaire = questionnaire(graph, given, answers, lang)
        context = {
            "fiche": iri,
            "fiche_path": self.site.path_for_iri(iri) or "/" + iri.removeprefix(DEFAULT_BASE),
            "title": self.site.label(URIRef(iri), lang),
            "system": self._system_name(system, lang),
            "system_path": self.site.path_for_iri(str(system)),
            "questionnaire": view,
            "result": result_view(result, self.site, lang) if with_result else None,
            "signed_in": account is not None,
            "can_save": can_save,
            "moderator": account is not None and moderating(account),
            "csrf": csrf_token(request) if can_save else "",
            "answers": answers,
            "problems": [p.message(lang) for p in problems or []],
            "notice": request.query_params.get("enregistre") == "soumis",
            "permalink": f"{PATH}?{urlencode({'fiche': iri, **_prefixed(given), **RESULT})}",
        }
        response = self.pages.render(request, "aiact_qualifier.html", status=status, form=context)
        response.headers.update(PRIVATE)
        return response

    def _system_name(self, system: URIRef, lang: str) -> str:
        """The system's public name, else its identifier (its name may be members-only)."""
        label, found = self.site.stated_label(system, lang)
        return label if found is not None else str(system).removeprefix(DEFAULT_BASE)

    def account(self, request: Request) -> auth.Account | None:
        try:
            return auth.current_account(request)
        except IacollError:
            return None

    def published(self, iri: str) -> Published:
        with self.writer.db.transaction() as session:
            revision = published_revision(session, iri)
            if revision is None:
                raise NotAUseCase(
                    f"Aucune fiche publiée n'a l'identifiant {iri}.",
                    detail=f"No published record has the identifier {iri}.",
                )
            record = Record.from_text(iri, revision.public_nt, revision.restricted_nt)
            return Published(record, revision.number)

    def save(self, request: Request, form: FormData) -> Response:
        """``POST /aiact/qualifier``: qualify the answers again and save the record's next
        revision (see the module)."""
        account = auth.require_account(request, scope=WRITE_SCOPE)
        check_csrf(request, str(form.get("csrf") or ""))
        iri = record_iri(str(form.get("fiche") or ""))
        current = self.published(iri)
        publisher = current.record.public.value(current.record.iri, DCT.publisher)
        if not may_save(account, str(publisher) if publisher else None):
            raise NotYours(
                "Seuls les membres de l'organisation qui porte cette fiche, et les modérateurs, "
                "peuvent enregistrer sa qualification.",
                detail="Only members of the record's organisation, and moderators, may save "
                "its qualification.",
            )
        given = answers_of(form)
        _, result = run(given, current.record.public)
        moderator = moderating(account)
        member = publisher is not None and str(publisher) in account.organisations
        by = URIRef(str(publisher)) if member else EDITORS
        source = IACOLL.RevueEditoriale if moderator else IACOLL.AutoDeclaration
        graph = recorded(current.record.public, current.record.iri, result, by, today(), source)
        record = Record(current.record.iri, graph, current.record.restricted)
        try:
            self.writer.save(
                record,
                author=auth.author_of(account),
                state=State.PUBLIE if moderator else State.SOUMIS,
                base_number=current.number,
                source="formulaire",
                cited=self.site.describe(str(EDITORS)),  # earlier reviews may name it
            )
        except RecordRejected as rejected:
            return self.show(
                request, iri, given, with_result=True, problems=rejected.problems, status=422
            )
        if moderator:
            path = self.site.path_for_iri(iri) or "/" + iri.removeprefix(DEFAULT_BASE)
            return RedirectResponse(path, status_code=303)
        query = urlencode({"fiche": iri, "enregistre": "soumis", **_prefixed(given)})
        return RedirectResponse(f"{PATH}?{query}", status_code=303)


def _prefixed(answers: dict[str, str]) -> dict[str, str]:
    return {PREFIX + k: v for k, v in answers.items()}


def router(site: Site, pages: Pages, writer: Writer) -> APIRouter:
    """``GET /aiact/qualifier`` and ``POST /aiact/qualifier``."""
    routes = APIRouter()
    page = QualifierPage(site, pages, writer)

    @routes.get(PATH, include_in_schema=False)
    def questionnaire_page(request: Request, fiche: str, action: str = "") -> Response:
        given = answers_of(request.query_params)
        return page.show(request, record_iri(fiche), given, with_result=action == "resultat")

    @routes.post(PATH, include_in_schema=False)
    async def save(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(page.save, request, form)

    return routes

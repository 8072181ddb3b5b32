"""The French web form to publish and edit a record: ``/publier/nouveau``, ``/publier/modifier``.

Signed-in contributors only (others are sent to ``/connexion``). One ``POST /publier`` takes the
form, with the button pressed in ``action``: ``brouillon`` saves a draft (it may be incomplete,
never wrong), ``soumettre`` submits it to the moderators, ``apercu`` shows the public page it will
make, ``organisation`` fills the organisation block from the chosen organisation. Every value
typed is shown again whatever happens; problems appear next to their field and in a summary at
the top. Saving goes through the one write path (:mod:`iacoll.publishing.write`) with the
revision number the form was based on, so that a stale form is refused with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from iacoll.model.fields import by_key
from iacoll.model.problems import Problem, blocking
from iacoll.namespaces import DEFAULT_BASE
from iacoll.numbers import whole
from iacoll.pages.i18n import language_of, translator
from iacoll.pages.render import Pages
from iacoll.pages.site import Site
from iacoll.publishing.log import State
from iacoll.web import contribute_records as records
from iacoll.web import contribute_save as saving
from iacoll.web import form_footprint
from iacoll.web.api import WRITE_SCOPE
from iacoll.web.auth import Account, current_account, require_account
from iacoll.web.form_fields import WIDGETS, form_groups, vocabulary_options
from iacoll.web.form_input import input_problems, read_values
from iacoll.web.form_preview import preview
from iacoll.web.security import CsrfRejected, check_csrf, csrf_token

ACTIONS = {"brouillon": State.BROUILLON, "soumettre": State.SOUMIS}
EXPIRED_EN = "The form has expired or does not come from this site: send it again."
ORGANISATION = "organisation"  # the form field (and Problem.field) of the organisation chosen


@dataclass
class FormState:
    """Everything the form shows: values, the record and revision it edits, what went wrong."""

    values: dict[str, list[str]]
    organisation: str = ""  # SIREN of the organisation chosen
    fiche: str = ""  # IRI of the record edited (empty for a new one)
    base_number: int | None = None
    problems: list[Problem] = field(default_factory=list)
    blocking: bool = False  # the problems stopped the save (else: a draft saved with them)
    notice: str | None = None  # "brouillon" or "soumis" after a save
    stale: str | None = None  # why the form is stale (the write path's message)
    preview: bool = False
    state: str | None = None  # state of the revision edited


def record_path(iri: str) -> str | None:
    """The server path of a record's page (record IRIs are under the default base)."""
    return "/" + iri.removeprefix(DEFAULT_BASE) if iri.startswith(DEFAULT_BASE) else None


def _signed_in(request: Request) -> Account | None:
    """The signed-in account (None: anonymous); a 403 for a token without the writing scope."""
    account = current_account(request)
    if account is None or not account.active:
        return None
    return require_account(request, scope=WRITE_SCOPE)


def _to_sign_in(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/connexion?{urlencode({'suite': here})}", status_code=303)


def _schemes() -> dict[str, str]:
    return {key: spec.scheme for key in WIDGETS if (spec := by_key(key)).scheme}


class ContributionForm:
    """The form's pages over the public store (organisations) and the write path."""

    def __init__(self, site: Site, pages: Pages) -> None:
        self.site, self.pages = site, pages

    # --- what the form shows -------------------------------------------------------------

    def show(
        self, request: Request, account: Account, state: FormState, status: int = 200
    ) -> Response:
        lang = language_of(request)
        options = vocabulary_options()
        groups = form_groups(state.values, state.problems, options)
        groups.append(form_footprint.group(state.values, state.problems))
        labels = {f.key: f.label(lang) for g in groups for f in g.fields}
        summary = [
            (p.field, labels[p.field], p.message(lang)) for p in state.problems if p.field in labels
        ]
        summary += [
            (ORGANISATION, translator(lang)("publier.organisation"), p.message(lang))
            for p in state.problems
            if p.field == ORGANISATION
        ]
        general = [
            p.message(lang)
            for p in state.problems
            if p.field not in labels and p.field != ORGANISATION
        ]
        context: dict[str, Any] = {
            "groups": groups,
            "organisations": records.choices(self.site, account),
            "organisation": state.organisation,
            "organisation_problems": [p for p in state.problems if p.field == ORGANISATION],
            "fiche": state.fiche,
            "fiche_path": record_path(state.fiche),
            "base_number": state.base_number,
            "csrf": csrf_token(request),
            "summary": summary,
            "general": general,
            "blocking": state.blocking,
            "notice": state.notice,
            "stale": state.stale,
            "preview": preview(groups, lang) if state.preview else None,
            "state": state.state,
            "title": next(iter(state.values.get("nom_projet", [])), ""),
        }
        response = self.pages.render(
            request, "publier/formulaire.html", status=status, form=context
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def new_state(self, account: Account) -> FormState:
        """A blank form: the account's only organisation chosen and filled in, today's date."""
        values: dict[str, list[str]] = {key: [] for key in WIDGETS}
        values["date"] = [date.today().isoformat()]
        state = FormState(values)
        choices = records.choices(self.site, account)
        if len(choices) == 1:
            state = self.fill_organisation(state, account, choices[0].siren)
        return state

    def fill_organisation(self, state: FormState, account: Account, siren: str) -> FormState:
        """``state`` with the organisation ``siren`` chosen and its block filled in."""
        choice = next((c for c in records.choices(self.site, account) if c.siren == siren), None)
        if choice is None:
            return state
        values = dict(state.values)
        values.update(records.organisation_values(self.site, choice))
        return replace(state, values=values, organisation=siren)

    # --- what the form does ---------------------------------------------------------------

    def submitted(self, form: FormData) -> FormState:
        """The state the submitted form describes (values as typed)."""
        base = str(form.get("base_number") or "")
        return FormState(
            {**read_values(form), **form_footprint.read(form)},
            organisation=str(form.get(ORGANISATION) or "").strip(),
            fiche=str(form.get("fiche") or "").strip(),
            base_number=whole(base),
        )

    def handle(self, request: Request, form: FormData) -> Response:
        """``POST /publier``: check, then save, preview or fill in, as the button asked."""
        account = _signed_in(request)
        if account is None:
            return _to_sign_in(request)
        state = self.submitted(form)
        try:
            check_csrf(request, str(form.get("csrf") or ""))
        except CsrfRejected as expired:  # shown with the values typed, which a new try keeps
            problem = Problem(expired.message, EXPIRED_EN)
            return self.show(
                request, account, replace(state, problems=[problem], blocking=True), 403
            )
        action = str(form.get("action") or "brouillon")
        if action == "organisation" and records.member_of(account, state.organisation):
            filled = self.fill_organisation(state, account, state.organisation)
            return self.show(request, account, filled)
        problems = self.bad_input(account, state)
        if action == "apercu":
            return self.show(
                request,
                account,
                replace(state, problems=problems, blocking=bool(problems), preview=True),
            )
        if problems:
            return self.show(
                request, account, replace(state, problems=problems, blocking=True), 422
            )
        return self.save(request, account, state, ACTIONS.get(action, State.BROUILLON))

    def bad_input(self, account: Account, state: FormState) -> list[Problem]:
        """What no draft may carry (tags, control characters, wrong SIRET, foreign organisation)."""
        problems = input_problems(state.values, vocabulary_options(), _schemes())
        problems += form_footprint.input_problems(state.values)
        if not state.organisation:
            problems.insert(0, records.no_organisation())
        elif not records.member_of(account, state.organisation):
            problems.insert(0, records.not_member(state.organisation))
        return problems

    def save(self, request: Request, account: Account, state: FormState, target: State) -> Response:
        """Save through the write path; redisplay with the problems when it refuses."""
        outcome = saving.save(
            request, account, state.values, state.fiche, state.base_number, target
        )
        if outcome.stale:
            return self.show(request, account, replace(state, stale=outcome.stale), 409)
        if outcome.problems and outcome.iri is None:
            return self.show(
                request,
                account,
                replace(state, problems=outcome.problems, blocking=True),
                outcome.status,
            )
        query = urlencode({"fiche": outcome.iri, "enregistre": target.value})
        return RedirectResponse(f"/publier/modifier?{query}", status_code=303)

    def edit_state(self, request: Request, account: Account, iri: str) -> FormState:
        """The form over the latest revision of the record ``iri`` (of the account's own)."""
        opened = saving.load(request, self.site, account, iri)
        notice = request.query_params.get("enregistre")
        return FormState(
            opened.values,
            organisation=opened.siren,
            fiche=iri,
            base_number=opened.base,
            problems=blocking(opened.problems),
            notice=notice if notice in ("brouillon", "soumis") else None,
            state=opened.state,
        )


def router(site: Site, pages: Pages) -> APIRouter:
    """``/publier/nouveau``, ``/publier/modifier?fiche=…`` and ``POST /publier``."""
    routes = APIRouter()
    contribution = ContributionForm(site, pages)

    @routes.get("/publier/nouveau", name="publier_nouveau", include_in_schema=False)
    def new(request: Request) -> Response:
        account = _signed_in(request)
        if account is None:
            return _to_sign_in(request)
        return contribution.show(request, account, contribution.new_state(account))

    @routes.get("/publier/modifier", name="publier_modifier", include_in_schema=False)
    def edit(request: Request, fiche: str) -> Response:
        account = _signed_in(request)
        if account is None:
            return _to_sign_in(request)
        return contribution.show(request, account, contribution.edit_state(request, account, fiche))

    @routes.post("/publier", name="publier", include_in_schema=False)
    async def post(request: Request) -> Response:
        form = await request.form()
        return await run_in_threadpool(contribution.handle, request, form)

    return routes

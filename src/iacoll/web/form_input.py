"""What a contributor typed: read from the submitted form, and refused when it is bad input.

:func:`read_values` turns the submitted form into ``{field key: [values]}`` (one value for a
one-value field, one per line or per ticked box for the others), keeping every value as typed
so that a redisplay loses nothing. :func:`input_problems` finds what no record may carry, even a
draft: HTML or script tags, control characters, a SIRET whose check digit is wrong, a value that
is not one of the picker's choices. Each is a :class:`~iacoll.model.problems.Problem` on its field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from starlette.datastructures import FormData

from iacoll.model import text_checks
from iacoll.model.problems import Problem
from iacoll.model.upstream_values import siret_valid
from iacoll.web.form_fields import WIDGETS, Option


def clean(text: str) -> str:
    """``text`` with Windows line ends made ``\\n`` and surrounding spaces removed."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def read_values(form: FormData | Mapping[str, str]) -> dict[str, list[str]]:
    """Field key → the values submitted for it (empty values dropped)."""
    values: dict[str, list[str]] = {}
    for key, widget in WIDGETS.items():
        if isinstance(form, FormData):
            raw = [v for v in form.getlist(key) if isinstance(v, str)]
        else:
            raw = [form[key]] if key in form else []
        if widget.kind == "lines":
            raw = [line for text in raw for line in clean(text).split("\n")]
        found = [clean(v) for v in raw]
        values[key] = [v for v in found if v]
    return values


def siret_problem(value: str) -> Problem | None:
    """Why ``value`` is not a SIRET (14 digits, spaces allowed, valid check digit), or None."""
    digits = re.sub(r"[\s\u00a0\u202f.]", "", value)
    if not re.fullmatch(r"\d{14}", digits):
        return Problem(
            "Le SIRET compte 14 chiffres (9 du SIREN puis 5 du NIC) : vérifiez-le sur "
            "annuaire-entreprises.data.gouv.fr.",
            "A SIRET has 14 digits (9 of the SIREN then 5 of the NIC): check it on "
            "annuaire-entreprises.data.gouv.fr.",
            field="coll_siret",
            value=value,
        )
    if siret_valid(digits):
        return None
    return Problem(
        "Ce SIRET n'existe pas : sa clé de contrôle est fausse (un chiffre mal recopié ?). "
        "Vérifiez-le sur annuaire-entreprises.data.gouv.fr.",
        "This SIRET does not exist: its check digit is wrong (a digit mistyped?). "
        "Check it on annuaire-entreprises.data.gouv.fr.",
        field="coll_siret",
        value=value,
    )


def text_problem(key: str, value: str) -> Problem | None:
    """Why ``value`` may not be stored as text (tags, control characters), or None: the write
    path's check (:mod:`iacoll.model.text_checks`), shown next to the field before saving."""
    return text_checks.text_problem(value, field=key)


def choice_problem(key: str, value: str, options: Iterable[Option]) -> Problem | None:
    """A problem when ``value`` is not one of the picker's choices."""
    if any(o.value == value for o in options):
        return None
    return Problem(
        "Cette valeur ne fait pas partie de la liste proposée : choisissez-en une dans la liste.",
        "This value is not in the proposed list: choose one from the list.",
        field=key,
        value=value,
    )


def input_problems(
    values: Mapping[str, list[str]], options: Mapping[str, list[Option]], schemes: Mapping[str, str]
) -> list[Problem]:
    """What no record may carry (see the module): one problem per field at most."""
    problems: list[Problem] = []
    for key, found in values.items():
        for value in found:
            problem = text_problem(key, value)
            if problem is None and key in schemes:
                problem = choice_problem(key, value, options.get(schemes[key], []))
            if problem is None and key == "coll_siret":
                problem = siret_problem(value)
            if problem is not None:
                problems.append(problem)
                break
    return problems

"""Text no record may carry, whichever way it comes (form, API, file upload, command line,
importers): markup and control characters. The write path refuses them, even in a draft.

Pages escape every value, so a ``<script>`` could not run; but a record is also read by other
programs (downloads, harvesters, the upstream table) that may not escape, and a control
character breaks CSV, XML and terminals. Both are refused with a message that names the field.
"""

from __future__ import annotations

import re
from typing import Literal as Kind

from rdflib import Literal, URIRef
from rdflib.term import Node

from iacoll.model.fields import FIELDS
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.namespaces import PREFIXES

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# An HTML tag (« <b> », « </p> », « <img src=x> »), a comment, a script opening even unclosed,
# or a script address. « coût < 50 k€ et gain > 10 % » is text.
MARKUP = re.compile(
    r"</?[a-z][\w:-]*(?:\s[^<>]*)?/?>|<!--|<\s*/?\s*script|javascript:", re.IGNORECASE
)

MESSAGES: dict[str, tuple[str, str]] = {
    "control": (
        "Le texte contient un caractère de contrôle invisible (souvent collé depuis un autre "
        "logiciel) : retapez la valeur ou collez-la sans mise en forme.",
        "The text holds an invisible control character (often pasted from another program): "
        "type the value again or paste it as plain text.",
    ),
    "markup": (
        "Le texte contient du code HTML ou JavaScript (<script>, <iframe>, lien "
        "javascript:…) : écrivez le texte seul, sans balises.",
        "The text holds HTML or JavaScript code (<script>, <iframe>, javascript: link…): "
        "write plain text, without tags.",
    ),
}

_FIELD_OF: dict[URIRef, str] = {}
for _field in FIELDS:
    if _field.node != "organisation":
        _FIELD_OF.setdefault(_field.path[-1], _field.key)
        _FIELD_OF.setdefault(_field.path[0], _field.key)


def fault(text: str) -> Kind["control", "markup"] | None:
    """What ``text`` may not hold: a control character, markup, or nothing."""
    if CONTROL.search(text):
        return "control"
    if MARKUP.search(text):
        return "markup"
    return None


def shown(text: str) -> str:
    """``text`` as a message quotes it: control characters written ``\\xNN``, 200 at most."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)[:200]


def text_problem(text: str, field: str | None = None, path: str | None = None) -> Problem | None:
    """The violation ``text`` makes, named by ``field`` (an upstream key) or ``path``."""
    found = fault(text)
    if found is None:
        return None
    french, english = MESSAGES[found]
    return Problem(french, english, field=field, path=path, value=shown(text))


def literal_problems(record: Record) -> list[Problem]:
    """A violation for each literal of ``record`` holding markup or a control character."""
    problems = []
    for graph in (record.public, record.restricted):
        for _s, p, o in graph:
            if isinstance(o, Literal):
                field = _FIELD_OF.get(p) if isinstance(p, URIRef) else None
                problem = text_problem(str(o), field, _curie(p))
                if problem is not None:
                    problems.append(problem)
    return sorted(problems, key=lambda pr: (pr.field or pr.path or "", pr.value or ""))


def _curie(prop: Node) -> str:
    text = str(prop)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text

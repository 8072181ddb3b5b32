"""Text a record may not carry, whichever way it came (API, file upload): markup and control
characters.

Pages escape every value, so a ``<script>`` could not run; but a record is also read by other
programs (downloads, harvesters, the upstream table) that may not escape, and a control
character breaks CSV, XML and terminals. Both are refused with a message that names the field.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from iacoll.model.fields import FIELDS
from iacoll.model.problems import Problem
from iacoll.model.record import Record
from iacoll.namespaces import PREFIXES

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MARKUP = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|svg|img|a)\b|javascript:", re.I)

_FIELD_OF: dict[URIRef, str] = {}
for _field in FIELDS:
    if _field.node != "organisation":
        _FIELD_OF.setdefault(_field.path[-1], _field.key)
        _FIELD_OF.setdefault(_field.path[0], _field.key)


def text_problems(record: Record) -> list[Problem]:
    """A violation for each literal of ``record`` holding markup or a control character."""
    problems = []
    for graph in (record.public, record.restricted):
        for _s, p, o in graph:
            if isinstance(o, Literal):
                problem = _check(str(o), p)
                if problem is not None:
                    problems.append(problem)
    return sorted(problems, key=lambda pr: (pr.field or pr.path or "", pr.value or ""))


def _check(text: str, prop: Node) -> Problem | None:
    field, path = _FIELD_OF.get(prop) if isinstance(prop, URIRef) else None, _curie(prop)
    shown = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)[:200]
    if CONTROL.search(text):
        return Problem(
            "Le texte contient un caractère de contrôle invisible (souvent collé depuis un "
            "autre logiciel) : retapez la valeur ou supprimez ce caractère.",
            "The text holds an invisible control character (often pasted from another "
            "program): type the value again or delete that character.",
            field=field,
            path=path,
            value=shown,
        )
    if MARKUP.search(text):
        return Problem(
            "Le texte contient du code HTML ou JavaScript (<script>, <iframe>, lien "
            "javascript:…) : écrivez le texte seul, sans balises.",
            "The text holds HTML or JavaScript code (<script>, <iframe>, javascript: link…): "
            "write plain text, without tags.",
            field=field,
            path=path,
            value=shown,
        )
    return None


def _curie(prop: Node) -> str:
    text = str(prop)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text

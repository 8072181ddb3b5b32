"""The SPARQL 1.1 terminals the query guard needs, read as the SPARQL grammar (§19.8) reads them.

A query is cut into tokens from left to right; at each position the first terminal that matches
wins, in this order: IRI, string (long forms first), unterminated string (where scanning stops),
comment, blank node label, prefixed name (``PN_LOCAL`` with its ``\\#``, ``\\'``, ``%23``…
escapes), variable, language tag, word, white space, any other character. A prefixed name is
read whole from its first character, so ``ex:a\\#`` is one token (no comment starts inside it)
and ``ex:e-service`` is not the keyword ``SERVICE``.

One place of the grammar depends on context: inside an expression, ``<`` after an operand is the
operator "less than" (``FILTER(1<'x>')`` compares with the string ``'x>'``), elsewhere it opens
an IRI. :func:`ambiguous_less_than` finds the tokens read as IRIs that hold a ``'`` or a ``#``
while sitting where an operator may stand: read the other way, they would start a string or a
comment, and the two readings would disagree on what the rest of the query is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
# Deterministic forms of the grammar's "no '.' at the end" rules: linear time, no backtracking.
_PN_PREFIX = f"[{_BASE}](?:\\.*+[{_CHARS}])*+"
_LOCAL_CHAR = f"[{_CHARS}:]|{_PLX}"
_PN_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:\\.*+(?:{_LOCAL_CHAR}))*+"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

TERMINALS = (
    ("iri", f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*+>'),
    ("string", r"'''(?:(?:'|'')?+(?:[^'\\]|\\[\s\S]))*+'''"),
    ("string", r'"""(?:(?:"|"")?+(?:[^"\\]|\\[\s\S]))*+"""'),
    ("string", r"'(?:[^'\\\n\r]|\\[^\n\r])*+'"),
    ("string", r'"(?:[^"\\\n\r]|\\[^\n\r])*+"'),
    ("unterminated", r"'''|\"\"\"|['\"]"),
    ("comment", r"#[^\r\n]*+"),
    ("bnode", f"_:[{_CHARS_U}0-9](?:\\.*+[{_CHARS}])*+"),
    ("pname", f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("var", f"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\\u00b7\\u0300-\\u036f\\u203f-\\u2040]*+"),
    ("lang", r"@[A-Za-z]++(?:-[A-Za-z0-9]++)*+(?:--[A-Za-z]++)?"),
    # a run of name characters that is not a prefixed name (keywords, numbers, or a keyword
    # glued to another, as in ``trueSERVICE``), kept whole so that scanning stays linear
    ("word", f"[{_CHARS_U}0-9](?:\\.*+[{_CHARS}])*+"),
    ("space", r"[ \t\r\n]++"),
    ("punct", r"[\s\S]"),
)
_PATTERN = re.compile("|".join(f"(?P<t{i}>{regex})" for i, (_, regex) in enumerate(TERMINALS)))
_KINDS = {f"t{i}": kind for i, (kind, _) in enumerate(TERMINALS)}
_OPERANDS = {"iri", "string", "bnode", "pname", "var", "lang"}
_CLOSERS = {")", "]", "}", ">"}


class Token(NamedTuple):
    """A terminal of the query: its kind (see :data:`TERMINALS`), text and offset."""

    kind: str
    text: str
    start: int

    def is_word(self, *words: str) -> bool:
        """Whether the token is one of ``words`` (keywords are case-insensitive)."""
        return self.kind == "word" and self.text.upper() in words


def tokens(query: str) -> list[Token]:
    """The significant tokens of ``query`` (white space and comments left out), up to and
    including the first ``unterminated`` string, where the SPARQL grammar cannot go on."""
    return [t for t in _scan(query) if t.kind not in {"space", "comment"}]


def _scan(query: str) -> Iterator[Token]:
    for match in _PATTERN.finditer(query):
        kind = _KINDS[match.lastgroup or ""]
        yield Token(kind, match.group(0), match.start())
        if kind == "unterminated":
            return


def _is_operand(token: Token | None) -> bool:
    """Whether an expression may continue with a binary operator after ``token``."""
    if token is None:
        return False
    if token.kind in _OPERANDS:
        return True
    if token.kind == "word":
        return token.text[0].isdigit() or token.text.lower() in {"true", "false"}
    return token.text in _CLOSERS


def ambiguous_less_than(found: list[Token]) -> list[Token]:
    """IRI tokens holding ``'`` or ``#`` where ``<`` could also be "less than".

    Expressions only occur between parentheses; the rows of a ``VALUES`` block are data, not
    expressions.
    """
    ambiguous = []
    stack: list[str] = []
    values_pending = False
    previous: Token | None = None
    for token in found:
        if token.is_word("VALUES"):
            values_pending = True
        elif token.text in {"(", "{"} and token.kind == "punct":
            data = values_pending or (bool(stack) and stack[-1].startswith("data"))
            stack.append(("data" if data else "") + token.text)
            values_pending = values_pending and token.text == "("
        elif token.text in {")", "}"} and token.kind == "punct" and stack:
            stack.pop()
        elif (
            token.kind == "iri"
            and ("'" in token.text or "#" in token.text)
            and stack
            and stack[-1] == "("
            and _is_operand(previous)
        ):
            ambiguous.append(token)
        previous = token
    return ambiguous

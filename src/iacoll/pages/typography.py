"""French typography: no-break spaces before « ; : ! ? », inside guillemets, before « % ».

Following the Imprimerie nationale's *Lexique des règles typographiques*: a no-break space
(U+00A0) before the colon, inside « » and between a number and « % », a narrow no-break
space (U+202F) before « ; ! ? ».
A space already typed there becomes the right one; a missing one is added only where the sign
clearly ends a French word (``Quoi?`` → ``Quoi ?``). Addresses are left alone (``https://…``,
``?lang=en``, ``mailto:``), and so are times and ratios (``10:30``, ``1:2``): a colon gets a
space only when a space follows it. Only French text is changed: :func:`french` is the one
entry point, applied to the French interface messages and to the French literals of the pages.
"""

from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"  # espace insécable: before « : », inside « »
NNBSP = "\u202f"  # espace fine insécable: before « ; ! ? »

# Something with a scheme or a path: kept as typed.
_ADDRESS = re.compile(r"\S*(?:://|www\.|mailto:|@)\S*")
_SPACES = "[ \u00a0\u202f\u2009]"
_BEFORE_COLON = re.compile(rf"(?:{_SPACES}+|(?<=[^\W\d_]))(:)(?=\s|$)")
_BEFORE_OTHERS = re.compile(rf"(?:{_SPACES}+|(?<=[^\W\d_]))([;!?]+)(?=[\s»)]|$)")
_AFTER_OPENING = re.compile(rf"«{_SPACES}*(?=\S)")
_BEFORE_CLOSING = re.compile(rf"(?<=\S){_SPACES}*»")
_BEFORE_PERCENT = re.compile(rf"(?<=\d){_SPACES}+%")


@lru_cache(maxsize=16_384)  # the interface's messages and the store's texts, again and again
def french(text: str) -> str:
    """``text`` with French spacing (see the module's docstring); addresses untouched."""
    pieces = []
    position = 0
    for address in _ADDRESS.finditer(text):
        pieces.append(_spaced(text[position : address.start()]))
        pieces.append(address.group(0))
        position = address.end()
    pieces.append(_spaced(text[position:]))
    return "".join(pieces)


def _spaced(text: str) -> str:
    text = _BEFORE_COLON.sub(NBSP + r"\1", text)
    text = _BEFORE_OTHERS.sub(NNBSP + r"\1", text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    text = _BEFORE_PERCENT.sub(NBSP + "%", text)
    return _BEFORE_CLOSING.sub(NBSP + "»", text)


def for_language(text: str, lang: str | None) -> str:
    """:func:`french` for French (or untagged text on a French page), else ``text``."""
    return french(text) if lang == "fr" else text

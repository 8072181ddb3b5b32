"""Reading what a client sends to the write side: a capped body, JSON with the error's position.

A body larger than ``IACOLL_UPLOAD_MAX_MB`` is refused before it is read: first by its
``Content-Length``, then, for a chunked body or one that lies about its length, by counting
the bytes as they stream in and stopping at the cap. Malformed JSON is a 400 that says where
(line, column, character) the parser stopped; JSON nested deeper than :data:`MAX_DEPTH` is a 400
too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request

from iacoll.errors import IacollError
from iacoll.numbers import whole
from iacoll.settings import Settings

# Arrays and objects nested at most this deep: a record needs about ten; the JSON-LD parser and
# the checks after it recurse on the nesting (Python's stack stops near a thousand).
MAX_DEPTH = 100


class InputError(IacollError):
    """Bad input from the client, said in French and in English."""

    def __init__(self, message: str, message_en: str, *, status: int) -> None:
        super().__init__(message, detail=message_en)
        self.status = status
        self.message_en = message_en

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``en``), French otherwise."""
        return self.message_en if lang == "en" else self.message


def max_bytes(settings: Settings) -> int:
    """The cap on a body, in bytes."""
    return settings.upload_max_mb * 1_000_000


def too_large(limit: int) -> InputError:
    """The 413 for a body over ``limit`` bytes."""
    mb = limit // 1_000_000
    return InputError(
        f"Le fichier ou la requête dépasse la taille maximale acceptée ({mb} Mo) : "
        "découpez-le en plusieurs envois.",
        f"The file or request exceeds the maximum accepted size ({mb} MB): split it into "
        "several uploads.",
        status=413,
    )


def check_length(
    request: Request, limit: int, refuse: Callable[[int], IacollError] = too_large
) -> None:
    """Refuse a request whose declared ``Content-Length`` is over ``limit``, unread."""
    declared = request.headers.get("content-length")
    size = whole(declared) if declared is not None else None
    if size is not None and size > limit:
        raise refuse(limit)


async def read_capped(
    request: Request, limit: int, refuse: Callable[[int], IacollError] = too_large
) -> bytes:
    """The body, read chunk by chunk, refused (``refuse(limit)``) as soon as it passes
    ``limit`` bytes."""
    check_length(request, limit, refuse)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise refuse(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    """The JSON value of ``body`` (UTF-8); a 400 naming the line and column otherwise."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"Le contenu n'est pas du texte UTF-8 (octet {exc.start + 1}) : "
            "enregistrez-le en UTF-8.",
            f"The content is not UTF-8 text (byte {exc.start + 1}): save it as UTF-8.",
            status=400,
        ) from None
    if not text.strip():
        raise InputError(
            "Le corps de la requête est vide : envoyez la fiche en JSON.",
            "The request body is empty: send the record as JSON.",
            status=400,
        )
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON mal formé ligne {exc.lineno}, colonne {exc.colno} (caractère {exc.pos + 1}) : "
            f"{_FRENCH.get(exc.msg, exc.msg)}.",
            f"Malformed JSON at line {exc.lineno}, column {exc.colno} (character "
            f"{exc.pos + 1}): {exc.msg}.",
            status=400,
        ) from None
    if _depth(value) > MAX_DEPTH:
        raise _too_deep()
    return value


def _depth(value: Any) -> int:
    """How deep arrays and objects nest in ``value`` (read without recursion)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            todo.extend((child, depth + 1) for child in _children(item))
    return deepest


def _children(item: dict[str, Any] | list[Any]) -> list[Any]:
    return list(item.values()) if isinstance(item, dict) else item


def _too_deep() -> InputError:
    return InputError(
        f"Le JSON imbrique plus de {MAX_DEPTH} tableaux ou objets : une fiche n'en demande "
        "pas tant, simplifiez le document.",
        f"The JSON nests more than {MAX_DEPTH} arrays or objects: simplify the document.",
        status=400,
    )


# The messages of Python's JSON decoder, in French.
_FRENCH = {
    "Expecting value": "une valeur est attendue",
    "Expecting property name enclosed in double quotes": (
        "un nom de propriété entre guillemets droits est attendu"
    ),
    "Expecting ',' delimiter": "une virgule est attendue",
    "Expecting ':' delimiter": "deux-points sont attendus",
    "Extra data": "des données suivent la fin du document",
    "Unterminated string starting at": "une chaîne n'est pas refermée",
    "Invalid control character at": "caractère de contrôle dans une chaîne",
}

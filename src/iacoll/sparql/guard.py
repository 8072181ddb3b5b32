"""What the public endpoint refuses before a query reaches the store.

A small lexer blanks out comments and string literals, then looks for ``SERVICE`` (federated
queries would make the server fetch URLs), update operations, and the dataset clauses
``FROM`` / ``FROM NAMED``, whose IRIs must name graphs of the public store. The store itself
never fetches a URL for ``FROM``; refusing unknown graphs says so clearly instead of silently
answering from an empty graph.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin

from iacoll.errors import IacollError

_STRING = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_COMMENT = re.compile(r"#[^\n]*")
_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_KEYWORD = r"(?<![?$:\w]){}(?![\w:])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_UPDATE = re.compile(
    _KEYWORD.format(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)"), re.IGNORECASE
)
_FROM = re.compile(
    r"(?<![?$:\w])FROM\s+(NAMED\s+)?(<[^>]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*)", re.IGNORECASE
)


class QueryRefused(IacollError):
    """A query the public endpoint will not run (403)."""

    status = 403


@dataclass(frozen=True)
class Inspection:
    """What the guard saw in a query."""

    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]


def _blank(text: str) -> str:
    """Replace comments and string literals by spaces, keeping IRIs (which may hold '#')."""
    out: list[str] = []
    position = 0
    pattern = re.compile(f"{_IRI.pattern}|{_STRING.pattern}|{_COMMENT.pattern}")
    for match in pattern.finditer(text):
        out.append(text[position : match.start()])
        token = match.group(0)
        out.append(token if token.startswith("<") else " " * len(token))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def inspect(query: str, base_iri: str | None = None) -> Inspection:
    """Dataset clauses of ``query`` (prefixed names and relative IRIs resolved)."""
    code = _blank(query)
    prefixes = {(m.group(1) or ""): m.group(2) for m in _PREFIX.finditer(code)}
    graphs: list[str] = []
    named: list[str] = []
    for match in _FROM.finditer(code):
        iri = urljoin(base_iri or "", _resolve(match.group(2), prefixes))
        (named if match.group(1) else graphs).append(iri)
    return Inspection(tuple(graphs), tuple(named))


def _resolve(token: str, prefixes: dict[str, str]) -> str:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    return prefixes.get(prefix, f"{prefix}:") + local


def check_query(
    query: str, available_graphs: Collection[str], base_iri: str | None = None
) -> Inspection:
    """Raise :class:`QueryRefused` for SERVICE, updates, or FROM on graphs not served."""
    code = _without_iris(_blank(query))
    if _SERVICE.search(code):
        raise QueryRefused(
            "Les requêtes fédérées (SERVICE) sont refusées par le point d'accès public : "
            "le serveur n'envoie aucune requête vers d'autres sites.",
            detail="Federated queries (SERVICE) are refused by the public endpoint.",
        )
    if _UPDATE.search(code) and not _looks_like_query(code):
        raise_update_refused()
    inspection = inspect(query, base_iri)
    check_graphs([*inspection.from_graphs, *inspection.from_named], available_graphs)
    return inspection


def _without_iris(code: str) -> str:
    return _IRI.sub(lambda m: " " * len(m.group(0)), code)


def _looks_like_query(code: str) -> bool:
    return bool(
        re.search(r"(?<![?$:\w])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", code, re.IGNORECASE)
    )


def raise_update_refused() -> None:
    """The public endpoint is read-only."""
    raise QueryRefused(
        "Le point d'accès SPARQL public est en lecture seule : les mises à jour "
        "(INSERT, DELETE, LOAD…) sont refusées. Pour publier, utilisez le formulaire "
        "de contribution.",
        detail="The public SPARQL endpoint is read-only: updates are refused.",
    )


def check_graphs(iris: Collection[str], available_graphs: Collection[str]) -> None:
    """Every dataset IRI must name a graph of the public store."""
    unknown = sorted(set(iris) - set(available_graphs))
    if unknown:
        raise QueryRefused(
            f"Graphe inconnu ou non public : {', '.join(unknown)}. Le point d'accès ne lit "
            "que ses propres graphes publics et ne télécharge jamais de données distantes.",
            detail=f"Unknown or non-public graph: {', '.join(unknown)}.",
        )

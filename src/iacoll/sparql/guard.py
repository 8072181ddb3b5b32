"""What the public endpoint refuses before a query reaches the store.

The query is cut into SPARQL terminals (:mod:`iacoll.sparql.lexer`), so that comments, string
literals, IRIs and prefixed names (``ex:a\\#``, ``ex:e-service``) are told apart from keywords
the way the SPARQL grammar tells them apart. The guard then refuses:

* ``SERVICE`` (a federated query makes the server fetch a URL). Oxigraph reads a keyword glued
  to what follows (``SERVICE:x``, ``trueSERVICE``), so any word, and any prefix of a prefixed
  name, that *contains* ``service`` is refused;
* a ``<`` that the engine may read either as an IRI or as "less than" where the two readings
  disagree on where strings and comments are (:func:`lexer.ambiguous_less_than`);
* update operations (the endpoint is read-only);
* brackets nested deeper than :data:`MAX_NESTING`: the engine's parser recurses on them, and a
  few thousand crash the process that reads the query (a stack overflow);
* ``FROM`` / ``FROM NAMED`` IRIs that are not graphs of the public store: the store never
  fetches a URL for ``FROM``; refusing unknown graphs says so clearly instead of silently
  answering from an empty graph.

The worker processes that run the queries cannot open Internet sockets either
(:mod:`iacoll.sparql.sandbox`): the guard is the clear message, the sandbox the guarantee.

What a short query's text passed is remembered (:data:`REMEMBERED` queries): a query sent again,
as dashboards and the examples are, is not read again; the graphs it names are checked again
each time, since they change with publications.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urljoin

from iacoll.errors import IacollError
from iacoll.sparql.lexer import Token, ambiguous_less_than, tokens

UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
PROLOGUE = {"BASE", "PREFIX"}
MAX_QUERY_LENGTH = 100_000  # characters; the guard reads a query in linear time
MAX_NESTING = 250  # ( [ { open at once; Oxigraph 0.5's parser overflows its stack near 3,000


class QueryRefused(IacollError):
    """A query the public endpoint will not run (403)."""

    status = 403


class QueryUnreadable(IacollError):
    """A query the guard cannot cut into SPARQL terminals: the engine could not either (400)."""

    status = 400


@dataclass(frozen=True)
class Inspection:
    """What the guard saw in a query."""

    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]


def inspect(query: str, base_iri: str | None = None) -> Inspection:
    """Dataset clauses of ``query`` (prefixed names and relative IRIs resolved)."""
    found = _read(query)
    _check_terminated(query, found)
    return _inspect(found, base_iri)


def _read(query: str) -> list[Token]:
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryRefused(
            f"La requête fait {len(query)} caractères, plus que le maximum du point d'accès "
            f"public ({MAX_QUERY_LENGTH}) : raccourcissez-la ou téléchargez les exports.",
            detail=f"The query is longer than {MAX_QUERY_LENGTH} characters.",
        )
    return tokens(query)


def _check_terminated(query: str, found: list[Token]) -> None:
    if found and found[-1].kind == "unterminated":
        start = found[-1].start
        line = query.count("\n", 0, start) + 1
        column = start - (query.rfind("\n", 0, start) + 1) + 1
        raise QueryUnreadable(
            f"Erreur de syntaxe SPARQL : chaîne de caractères non terminée "
            f"(ligne {line}, colonne {column}).",
            detail=f"SPARQL syntax error: unterminated string at {line}:{column}.",
        )


def _inspect(found: list[Token], base_iri: str | None) -> Inspection:
    prefixes: dict[str, str] = {}
    base = base_iri or ""
    graphs: list[str] = []
    named: list[str] = []
    for i, token in enumerate(found):
        following = found[i + 1 : i + 4]
        if token.is_word("BASE") and following and following[0].kind == "iri":
            base = urljoin(base, _iri(following[0].text))
        elif token.is_word("PREFIX") and len(following) >= 2 and following[1].kind == "iri":
            prefixes[following[0].text.rstrip(":")] = urljoin(base, _iri(following[1].text))
        elif token.is_word("FROM") and following:
            is_named = following[0].is_word("NAMED")
            target = following[1] if is_named and len(following) > 1 else following[0]
            if target.kind in {"iri", "pname"}:
                iri = urljoin(base, _resolve(target, prefixes))
                (named if is_named else graphs).append(iri)
    return Inspection(tuple(graphs), tuple(named))


def _iri(text: str) -> str:
    return text[1:-1]


def _resolve(token: Token, prefixes: dict[str, str]) -> str:
    if token.kind == "iri":
        return _iri(token.text)
    prefix, _, local = token.text.partition(":")
    return prefixes.get(prefix, f"{prefix}:") + local


Graphs = Collection[str] | Callable[[], Collection[str]]  # or how to list them, when needed


def check_query(query: str, available_graphs: Graphs, base_iri: str | None = None) -> Inspection:
    """Raise :class:`QueryRefused` for an overlong query, SERVICE, an ambiguous ``<``, deep
    nesting, updates, or FROM on graphs not served (``available_graphs`` is only listed for a
    query with FROM); :class:`QueryUnreadable` for an unterminated string."""
    read = _remembered if len(query) <= REMEMBERED_LENGTH else _readable
    inspection = read(query, base_iri)
    check_graphs([*inspection.from_graphs, *inspection.from_named], available_graphs)
    return inspection


REMEMBERED = 512  # short queries whose reading is kept: a query sent again is not read again
REMEMBERED_LENGTH = 4_000  # characters; at most ~2 MB kept


def _readable(query: str, base_iri: str | None) -> Inspection:
    """What :func:`check_query` checks in the query's own text (refused: an exception)."""
    found = _read(query)
    if any(_names_service(t) for t in found):
        raise QueryRefused(
            "Les requêtes fédérées (SERVICE) sont refusées par le point d'accès public : "
            "le serveur n'envoie aucune requête vers d'autres sites.",
            detail="Federated queries (SERVICE) are refused by the public endpoint.",
        )
    ambiguous = ambiguous_less_than(found)
    if ambiguous:
        raise _ambiguous(ambiguous[0])
    _check_nesting(found)
    _check_terminated(query, found)
    keywords = [t.text.upper() for t in found if t.kind == "word"]
    opening = next((w for w in keywords if w not in PROLOGUE), None)
    if opening in UPDATES | {"WITH"} or (
        set(keywords) & UPDATES and not set(keywords) & QUERY_FORMS
    ):
        raise_update_refused()  # an update, even one with a sub-SELECT in its WHERE
    return _inspect(found, base_iri)


_remembered = functools.lru_cache(maxsize=REMEMBERED)(_readable)  # refusals are not kept


def _check_nesting(found: list[Token]) -> None:
    """Refuse brackets nested deeper than :data:`MAX_NESTING`, before the engine parses them."""
    depth = 0
    for token in found:
        if token.kind != "punct":
            continue
        if token.text in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryRefused(
                    f"La requête imbrique plus de {MAX_NESTING} parenthèses, crochets ou "
                    f"accolades (caractère {token.start + 1}) : le point d'accès public ne "
                    "l'évalue pas. Simplifiez-la.",
                    detail=f"The query nests more than {MAX_NESTING} brackets (character "
                    f"{token.start + 1}): the public endpoint does not evaluate it.",
                )
        elif token.text in ")]}":
            depth -= 1


def _names_service(token: Token) -> bool:
    if token.kind == "word":
        return "service" in token.text.lower()
    if token.kind == "pname":
        return "service" in token.text.partition(":")[0].lower()
    return False


def _ambiguous(token: Token) -> QueryRefused:
    return QueryRefused(
        f"« {token.text} » peut se lire comme une IRI ou comme l'opérateur « < » suivi d'une "
        "chaîne ou d'un commentaire : le point d'accès public refuse cette ambiguïté. S'il "
        "s'agit d'une comparaison, mettez une espace après « < ».",
        detail=(
            f"'{token.text}' reads either as an IRI or as the '<' operator followed by a "
            "string or comment: put a space after '<' if it is a comparison."
        ),
    )


def raise_update_refused() -> None:
    """The public endpoint is read-only."""
    raise QueryRefused(
        "Le point d'accès SPARQL public est en lecture seule : les mises à jour "
        "(INSERT, DELETE, LOAD…) sont refusées. Pour publier, utilisez le formulaire "
        "de contribution.",
        detail="The public SPARQL endpoint is read-only: updates are refused.",
    )


def check_graphs(iris: Collection[str], available_graphs: Graphs) -> None:
    """Every dataset IRI must name a graph of the public store (listed only if there are
    IRIs to check)."""
    if not iris:
        return
    if callable(available_graphs):
        available_graphs = available_graphs()
    unknown = sorted(set(iris) - set(available_graphs))
    if unknown:
        raise QueryRefused(
            f"Graphe inconnu ou non public : {', '.join(unknown)}. Le point d'accès ne lit "
            "que ses propres graphes publics et ne télécharge jamais de données distantes.",
            detail=f"Unknown or non-public graph: {', '.join(unknown)}.",
        )

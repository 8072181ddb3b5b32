"""``DESCRIBE`` on a SPARQL server, asked as the description iacoll means.

SPARQL leaves the answer of ``DESCRIBE`` to each engine. iacoll's pages read a resource with it
and expect what Oxigraph gives: the resource's triples and, through its blank nodes, theirs (a
concise bounded description). Virtuoso 7.2 answers something else (for a record, one triple
where the record is the object). So on a server a ``DESCRIBE`` is asked level by level as
``CONSTRUCT`` queries: level 0 the triples of the described resources (``?root``), level *n* the
triples of the blank nodes reached from them through *n* blank nodes, until a level reaches no
blank node or :data:`DEPTH` levels are read. Each level is one query, so a blank node keeps the
label the server gives it in every level (Oxigraph's and Virtuoso's labels name the stored
node).

The described resources come from the query itself: ``DESCRIBE <a> ex:b`` binds ``?root`` with
``VALUES``; ``DESCRIBE ?x WHERE { … }`` with a subquery ``SELECT DISTINCT (?x AS ?root) WHERE
{ … }`` (the WHERE group and its solution modifiers, as written). ``DESCRIBE *`` is left to the
server.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacoll.sparql.lexer import Token, tokens

DEPTH = 5  # levels of blank nodes followed (iacoll's records nest two or three)
_TARGETS = ("iri", "pname", "var")


@dataclass(frozen=True)
class Describe:
    """A DESCRIBE query taken apart: its prologue and the group that binds ``?root``."""

    prologue: str
    roots: str

    def level(self, depth: int) -> str:
        """The CONSTRUCT query of level ``depth`` (0: the described resources' own triples)."""
        chain, subject = "", "?root"
        for step in range(1, depth + 1):
            chain += f" {subject} ?step{step} ?blank{step} FILTER(isBlank(?blank{step}))"
            subject = f"?blank{step}"
        return (
            f"{self.prologue}CONSTRUCT {{ {subject} ?p ?o }} "
            f"WHERE {{ {self.roots}{chain} {subject} ?p ?o }}"
        )


def plan(query: str, found: list[Token] | None = None) -> Describe | None:
    """``query`` as a :class:`Describe`, or None when it is not a DESCRIBE of named targets
    (``found``: its tokens, when the caller has them)."""
    found = tokens(query) if found is None else found
    at = next((i for i, t in enumerate(found) if t.is_word("DESCRIBE")), None)
    if at is None:
        return None
    end = at + 1
    while end < len(found) and found[end].kind in _TARGETS:
        end += 1
    targets = found[at + 1 : end]
    if not targets:
        return None  # DESCRIBE *
    if end < len(found) and found[end].is_word("FROM", "NAMED"):
        return None  # a dataset clause: the server describes (its answer, not level by level)
    group = ""
    if end < len(found):
        start = end + 1 if found[end].is_word("WHERE") else end
        group = query[found[start].start :] if start < len(found) else ""
    constants = [t.text for t in targets if t.kind != "var"]
    parts = [f"{{ VALUES ?root {{ {' '.join(constants)} }} }}"] if constants else []
    parts += [
        f"{{ SELECT DISTINCT ({t.text} AS ?root) WHERE {group} }}"
        for t in targets
        if t.kind == "var" and group
    ]
    if not parts:
        return None
    return Describe(query[: found[at].start], " UNION ".join(parts))

"""The JSON-LD dump written node by node (:mod:`iacoll.dumps_rdf` gathers the nodes): the text
rdflib's serializer and ``json.dumps(…, ensure_ascii=False, indent=1, sort_keys=True)`` write
for the whole graph (``downloads._jsonld``), without holding the graph or the document."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any

from iacoll.downloads import prefixes


def add(node: dict[str, Any], name: str, item: Any) -> None:
    """``item`` added to ``node[name]`` as rdflib's ``Converter.add_to_node`` adds it."""
    value = node.get(name)
    if value:
        if not isinstance(value, list):
            value = [value]
        value.append(item)
    else:
        value = item
    node[name] = value


def flush(node: dict[str, Any] | None, out: IO[str]) -> None:
    if node is not None:
        out.write(node_line(node))


def node_line(node: dict[str, Any]) -> str:
    """``node``'s ``@id``, a tab, and its text in the document (newlines written as NUL, that
    JSON writes escaped in strings)."""
    return f"{node['@id']}\t{indented(node, chr(0))}\n"


def indented(value: Any, newline: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)``, ``newline`` and
    indentation between lines (the same text, without the pure-Python encoder that ``indent``
    makes ``json`` use)."""
    inner = newline + " "
    if isinstance(value, dict) and value:
        items = [f"{_text(k)}: {indented(value[k], inner)}" for k in sorted(value)]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, list) and value:
        items = [indented(v, inner) for v in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    return json.dumps(value)


def write(nodes: Path, target: Path, base: str) -> None:
    """The document rdflib's serializer writes (``downloads._jsonld``), from the nodes sorted
    by ``@id``."""
    head = json.dumps({"@context": context(base)}, ensure_ascii=False, indent=1, sort_keys=True)
    with (
        nodes.open(encoding="utf-8", newline="") as read,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        out.write(head[: -len("\n}")] + ',\n "@graph": [')
        separator = "\n  "
        empty = True
        for line in read:
            text = line[:-1].split("\t", 1)[1]
            out.write(separator + text.replace("\0", "\n  "))
            separator, empty = ",\n  ", False
        out.write("]\n}\n" if empty else "\n ]\n}\n")


def context(base: str) -> dict[str, str]:
    return dict(sorted(prefixes(base).items()))

"""The published, versioned JSON-LD ``@context`` of iacoll's records.

The context is a file of the repository, ``contexte/{version}.jsonld`` (JSON-LD 1.1): the
project's prefixes and one term per property a record uses (``title`` → ``dct:title``,
``hasAISystem`` → ``ai:hasAISystem`` with ``"@type": "@id"``…), named by the property's local
name (``dctType`` for ``dct:type``, whose local name would read as ``@type``). A version never
changes once published: a new term or a changed one is a new version file. The app serves it
at ``{base}contexte/{version}.jsonld`` (``https://w3id.org/iacoll/contexte/1.1.0.jsonld``),
rebased like every IRI when the site runs under another base IRI (:func:`context`).

Two users: the ``jsonld`` export (:mod:`iacoll.federation.jsonld_export`), which references
the context by its IRI, and the record pages' JSON-LD (``/id/cas-usage/x.jsonld``, the
``<script>`` of the HTML pages), which inline the same context: a client then reads them
without fetching anything (the write API refuses remote contexts for the same reason, and
rdflib's parser would fetch one), and the terms are the same.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context

from iacoll import sources
from iacoll.namespaces import DEFAULT_BASE

VERSION = "1.1.0"
FOLDER = sources.ROOT / "contexte"
MEDIA_TYPE = "application/ld+json"


def path(version: str = VERSION) -> str:
    """The server path of a context version: ``contexte/1.1.0.jsonld`` (no leading slash)."""
    return f"contexte/{version}.jsonld"


def iri(base: str = DEFAULT_BASE, version: str = VERSION) -> str:
    """The context's IRI under ``base``."""
    return base + path(version)


def versions() -> list[str]:
    """The published versions (the files of ``contexte/``)."""
    return sorted(p.name.removesuffix(".jsonld") for p in FOLDER.glob("*.jsonld"))


@cache
def _file(version: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((FOLDER / f"{version}.jsonld").read_text(encoding="utf-8"))
    return found


def context(base: str = DEFAULT_BASE, version: str = VERSION) -> dict[str, Any]:
    """The ``@context`` object (a copy), its IRIs under the default base moved to ``base``."""
    found: dict[str, Any] = _rebased(_file(version)["@context"], base)
    return found


def document(base: str = DEFAULT_BASE, version: str = VERSION) -> bytes:
    """The context file as served under ``base``."""
    body = {"@context": context(base, version)}
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode()


def _rebased(value: Any, base: str) -> Any:
    if isinstance(value, dict):
        return {k: _rebased(v, base) for k, v in value.items()}
    if isinstance(value, str) and value.startswith(DEFAULT_BASE):
        return base + value[len(DEFAULT_BASE) :]
    return value


def compact(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """``graph`` as a JSON-LD document compacted with the context (inlined): one node object
    per subject, sorted by ``@id``, in one ``@graph``.

    rdflib's converter is driven subject by subject: its own ``convert`` starts only from IRIs
    and unreferenced blank nodes and reaches the others through their references, which loses
    a blank node referenced through a term coerced to ``@id`` (``source``, ``evenement``: it
    writes the reference ``"_:b1"`` and never the node). Every subject processed here is
    written once, RDF lists as their nodes (:class:`_Converter`)."""
    ctx, parsed = _parsed(base)
    converter = _Converter(parsed, use_native_types=False, use_rdf_type=False)
    nodemap: dict[str, Any] = {}
    for subject in sorted(set(graph.subjects()), key=lambda s: (isinstance(s, BNode), str(s))):
        if isinstance(subject, URIRef | BNode):
            converter.process_subject(graph, subject, nodemap)
    nodes = sorted(
        (_sorted_values(node) for node in nodemap.values() if len(node) > 1),
        key=lambda node: (str(node["@id"]).startswith("_:"), str(node["@id"])),
    )
    return {"@context": ctx, "@graph": nodes}


@cache
def _parsed(base: str) -> tuple[dict[str, Any], Context]:
    """The context and rdflib's reading of it, once per base (reading it took a fifth of a
    record page's rendering)."""
    ctx = context(base)
    return ctx, Context(ctx)


class _Converter(Converter):
    """rdflib's converter writing an RDF list as its nodes (``rdf:first``, ``rdf:rest``): each
    subject is processed on its own (:func:`compact`), so a list written ``@list`` would be
    written twice, and a list reached through a term coerced to ``@id`` would be lost."""

    def to_collection(self, graph: Graph, l_: Any) -> None:
        return None


def _sorted_values(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its multiple values in one order (the graph's is a set's)."""
    return {
        key: sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        if isinstance(value, list)
        else value
        for key, value in sorted(node.items())
    }


def serialise(graph: Graph, base: str = DEFAULT_BASE) -> bytes:
    """:func:`compact` as UTF-8 JSON (what the record pages answer)."""
    text = json.dumps(compact(graph, base), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode()

"""The four RDF dumps (Turtle, N-Triples, RDF/XML, JSON-LD) written as streams: the memory
they take is bounded by the largest graph of the store (and GNU sort's buffer), not by the
number of records.

They are, byte for byte, what :func:`iacoll.downloads.write` writes from one rdflib graph of
every public triple: every triple of the public store outside the catalogue graph (IRIs moved
back to the default base as :func:`iacoll.derived.public_inputs` moves them, then under the
served base as :func:`iacoll.namespaces.rebase` does), the static catalogue graph, and a
``catalogue dcat:resource record`` link per ``iacoll:Fiche``.

How: the store is read one graph at a time (an Oxigraph store in one read, whose quads come
graph by graph). Blank nodes are local to a graph in iacoll's stores, so the labels a graph's
blank nodes get from their content (:func:`iacoll.downloads.bnode_labels`) are those the whole
graph gives them. Each triple becomes one line of a temporary file: its rdflib N3 terms (the
sort key of :func:`iacoll.downloads.stable_triples`, control characters escaped so that the
order is kept), its N-Triples when they differ from those, and for an IRI subject its JSON-LD
value (rdflib's compaction, computed on the graph it comes from). GNU ``sort`` orders the lines
on disk and keeps each once (bytewise, the code-point order of Python's sort; the union of the
graphs is a set). One pass over the sorted lines gives the triples to Oxigraph's writers
(Turtle, RDF/XML; N-Triples, whose lines are sorted again) and gathers each subject's JSON-LD
node (its triples are consecutive); the nodes are sorted by ``@id`` on disk too.

Twin blank nodes of two graphs (same content, same incoming links: none in the seed nor in
generated stores) get distinct labels as in the whole graph: the graphs are read a second time
when the first reading found some, the suffixes following the order of the graphs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.term import Node

from iacoll import dumps_jsonld
from iacoll.downloads import bnode_labels, prefixes, stable_term
from iacoll.namespaces import DCAT_RESOURCE, DEFAULT_BASE, IACOLL, ID, RDF, moved_term
from iacoll.terms import OxTerm, home, to_oxigraph

Triple = tuple[Node, Node, Node]
SORT_MEMORY = "200M"  # GNU sort's buffer; beyond it, it merges runs from the temporary folder
KEPT = 50_000  # terms and JSON-LD values of (predicate, IRI or literal) kept between graphs
WRITERS = {"turtle": ox.RdfFormat.TURTLE, "rdfxml": ox.RdfFormat.RDF_XML}
# Characters up to the newline, escaped in a sort key so that a line holds one key, the order
# of keys kept: each becomes \x01 and a character of the same rank over 0x20 (the NUL
# separating a key from the rest of its line sorts before any character of a longer key).
ESCAPED = {c: "\x01" + chr(c + 0x20) for c in range(ord("\n") + 1)}
ESCAPE = re.compile("[\x00-\n]")


@dataclass
class Kept:
    """What is computed again and again across graphs, kept up to :data:`KEPT` entries each:
    rdflib terms of Oxigraph terms, N3 of rdflib terms, JSON-LD values of ``" <p> o"``."""

    terms: dict[OxTerm, Node] = field(default_factory=dict)
    n3: dict[Node, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    def bound(self) -> None:
        for kept in (self.terms, self.n3, self.values):
            if len(kept) > KEPT:
                kept.clear()


def write_rdf(
    store: ox.Store, catalogue_graph: ox.NamedNode, static: Graph, base: str, paths: dict[str, Path]
) -> None:
    """Write the dumps of ``store`` (every graph but ``catalogue_graph``; an Oxigraph store or
    a :class:`iacoll.remote.RemoteStore`) and ``static`` (the static catalogue graph, default
    base) under ``base`` to ``paths["turtle"]``, ``["ntriples"]``, ``["rdfxml"]`` and
    ``["jsonld"]``; temporary files in a folder beside them, removed whatever happens."""
    work = Path(tempfile.mkdtemp(prefix=".rdf-", dir=paths["turtle"].parent))
    try:
        lines = _lines(store, catalogue_graph, static, base, work)
        _sort(lines, work, unique=True)
        nodes, triples = work / "nodes", work / "triples.nt"
        _split(lines, triples, nodes)
        lines.unlink()
        for key, format in WRITERS.items():
            ox.serialize(_parsed(triples), str(paths[key]), format, prefixes=prefixes(base))
        _ntriples(triples, paths["ntriples"], work, base)
        triples.unlink()
        _sort(nodes, work, unique=False)
        dumps_jsonld.write(nodes, paths["jsonld"], base)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# Reading: one line per triple ----------------------------------------------------------------


def _lines(
    store: ox.Store, catalogue_graph: ox.NamedNode, static: Graph, base: str, work: Path
) -> Path:
    """The unsorted lines of every graph (read twice if twins span graphs)."""
    out, shorts = work / "lines", work / "shorts"
    _read(store, catalogue_graph, static, base, (out, work / "nodes", shorts), {})
    _sort(shorts, work, unique=False)
    twins = _repeated(shorts)
    if twins:
        outputs = (out, work / "nodes", shorts)
        _read(store, catalogue_graph, static, base, outputs, dict.fromkeys(twins, 0))
    shorts.unlink()
    return out


def _read(
    store: ox.Store,
    catalogue_graph: ox.NamedNode,
    static: Graph,
    base: str,
    outputs: tuple[Path, Path, Path],
    twins: dict[str, int],
) -> None:
    """Write the lines of every graph to ``outputs[0]``, its blank nodes' JSON-LD nodes to
    ``outputs[1]``, and the content keys of its blank nodes to ``outputs[2]``."""
    converter = Converter(Context(dumps_jsonld.context(base)), False, False)
    kept = Kept()
    out, nodes, shorts = outputs
    with (
        out.open("w", encoding="utf-8", newline="") as lines,
        nodes.open("w", encoding="utf-8", newline="") as blank_nodes,
        shorts.open("w", encoding="utf-8", newline="") as labels,
    ):
        for unit in _units(store, catalogue_graph, static, base, kept):
            triples = _relabelled(_stable(unit), twins)
            labels.writelines(f"{s}\n" for s in sorted({_short(b) for b in _blanks(triples)}))
            _write_graph(triples, converter, lines, blank_nodes, kept)
            kept.bound()


def _units(
    store: ox.Store, catalogue_graph: ox.NamedNode, static: Graph, base: str, kept: Kept
) -> Iterator[list[Triple]]:
    """The triples of ``static``, then of each graph of ``store`` with its catalogue links,
    under ``base`` (each a set, as rdflib's graphs of :func:`iacoll.derived.public_inputs`
    and :func:`iacoll.namespaces.rebase` hold them)."""
    yield _rebased(list(static), base)
    for quads in _grouped(store, catalogue_graph):
        triples = [_homed(q, base, kept.terms) for q in quads]
        fiches = [s for s, p, o in triples if p == RDF.type and o == IACOLL.Fiche]
        triples += [(ID.catalogue, DCAT_RESOURCE, record) for record in fiches]
        yield _rebased(triples, base)


def _rebased(triples: list[Triple], base: str) -> list[Triple]:
    """``triples`` once each, moved under ``base`` as :func:`iacoll.namespaces.rebase` moves
    them."""
    if base != DEFAULT_BASE:
        triples = [
            (moved_term(s, base), moved_term(p, base), moved_term(o, base)) for s, p, o in triples
        ]
    return list(dict.fromkeys(triples))


def _stable(triples: list[Triple]) -> list[Triple]:
    """:func:`iacoll.downloads.stable_triples` of ``triples`` (not sorted): the labels of
    their blank nodes, computed from the triples that hold one (all their labels depend on)."""
    labels = bnode_labels(_memory(t for t in triples if _blank(t)))
    return [
        (stable_term(s, labels), stable_term(p, labels), stable_term(o, labels))
        for s, p, o in triples
    ]


def _blank(triple: Triple) -> bool:
    return isinstance(triple[0], BNode) or isinstance(triple[2], BNode)


def _memory(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of ``triples`` (in that order: rdflib's serializer lists a node's values
    in the order of its triples)."""
    graph = Graph(store="SimpleMemory")
    for triple in triples:
        graph.add(triple)
    return graph


def _homed(quad: ox.Quad, base: str, homes: dict[OxTerm, Node]) -> Triple:
    s, p, o = (homes.get(t) or homes.setdefault(t, home(t, base)) for t in quad.triple)
    return s, p, o


def _grouped(store: ox.Store, catalogue_graph: ox.NamedNode) -> Iterator[list[ox.Quad]]:
    """The quads of each graph of ``store`` but ``catalogue_graph``: an Oxigraph store in one
    read (a consistent snapshot, whose quads come graph by graph), a SPARQL server
    (:class:`iacoll.remote.RemoteStore`) graph by graph, only iacoll's graphs (those beside the
    catalogue graph, ``{base}graph/…``): a server has its own (Virtuoso's ``virtrdf#``…), and
    its default graph may be the union of all."""
    if isinstance(store, ox.Store):
        current: list[ox.Quad] = []
        for quad in store.quads_for_pattern(None, None, None, None):
            if current and quad.graph_name != current[0].graph_name:
                yield current
                current = []
            if quad.graph_name != catalogue_graph:
                current.append(quad)
        if current:
            yield current
        return
    ours = catalogue_graph.value.rsplit("/", 1)[0] + "/"
    for name in store.named_graphs():
        if name != catalogue_graph and name.value.startswith(ours):
            yield store.quads_for_pattern(None, None, None, name)


def _write_graph(
    triples: list[Triple],
    converter: Converter,
    lines: IO[str],
    nodes: IO[str],
    kept: Kept,
) -> None:
    """One line per triple: its N3 terms (escaped), its N-Triples when they differ from them,
    and for an IRI subject its JSON-LD value ``[node id, key, value]`` (rdflib's compaction).
    The nodes of the graph's blank nodes, complete here, go to ``nodes`` (those rdflib's
    serializer writes: not the cells of lists)."""
    keyed = [(" ".join(_n3(t, kept.n3) for t in triple), triple) for triple in triples]
    blanks = _memory(t for _, t in sorted((k, t) for k, t in keyed if _blank(t)))
    nothing = Graph(store="SimpleMemory")  # what IRIs and literals are looked up in
    found: dict[str, Any] = {}  # rdflib's node map: the blank nodes reached
    subject, shown = None, ""
    for key, (s, p, o) in keyed:
        said = key[key.index(" ") :]  # " <p> o": its predicate and object, in N3
        sortable = key.translate(ESCAPED) if ESCAPE.search(key) else key
        written = "" if sortable == key else f"{ox.Triple(*map(to_oxigraph, (s, p, o)))} ."  # type: ignore[arg-type]
        if isinstance(s, BNode):
            lines.write(f"{sortable}\0{written}\0\n")
            continue
        if s != subject:
            subject, shown = s, json.dumps(converter.context.shrink_iri(str(s)))
        if isinstance(o, BNode):
            value = _value(converter, blanks, s, p, o, found)
        else:  # the same for every subject: kept, up to a bound
            value = kept.values.get(said) or _value(converter, nothing, s, p, o, found)
            kept.values[said] = value
        lines.write(f"{sortable}\0{written}\0[{shown}, {value}]\n")
    for s in {s for s in blanks.subjects() if isinstance(s, BNode)}:
        if not any(blanks.subjects(None, s)):  # rdflib's serializer starts from them too
            converter.process_subject(blanks, s, found)
    nodes.writelines(dumps_jsonld.node_line(node) for node in found.values())


def _n3(term: Node, kept: dict[Node, str]) -> str:
    """``term.n3()``, kept for IRIs and literals without a language (rdflib's equality
    ignores the case of language tags, its N3 does not)."""
    if isinstance(term, BNode) or (isinstance(term, Literal) and term.language):
        return term.n3()
    return kept.get(term) or kept.setdefault(term, term.n3())


def _value(
    converter: Converter, graph: Graph, s: Node, p: Node, o: Node, found: dict[str, Any]
) -> str:
    """``"key", value`` of ``(s, p, o)`` in rdflib's JSON-LD (``graph``: where the blank
    nodes it reaches are described)."""
    node: dict[str, Any] = {}
    converter.add_to_node(graph, s, p, o, node, found)  # type: ignore[arg-type]
    ((name, value),) = node.items()
    return json.dumps([name, value])[1:-1]


def _relabelled(triples: list[Triple], twins: dict[str, int]) -> list[Triple]:
    """``triples`` with the suffixes of their blank nodes in ``twins`` (short key → labels
    given in the graphs before) following those of the graphs before; ``twins`` counts them."""
    blanks = _blanks(triples)
    if not twins or not any(_short(b) in twins for b in blanks):
        return triples
    moved: dict[Node, Node] = {}
    counted: Counter[str] = Counter()
    for blank in blanks:
        short = _short(blank)
        if short in twins:
            label = str(blank)
            rank = twins[short] + (int(label[22:]) if len(label) > 21 else 0)
            moved[blank] = BNode(f"b{short}{'-' + str(rank) if rank else ''}")
            counted[short] += 1
    for short, count in counted.items():
        twins[short] += count
    return [(moved.get(s, s), p, moved.get(o, o)) for s, p, o in triples]


def _blanks(triples: list[Triple]) -> set[Node]:
    return {t for triple in triples for t in triple if isinstance(t, BNode)}


def _short(blank: Node) -> str:
    """The content key of a label of :func:`iacoll.downloads.bnode_labels` (``b<20 hex>``)."""
    return str(blank)[1:21]


def _repeated(sorted_lines: Path) -> list[str]:
    """The lines of a sorted file that occur more than once."""
    found: list[str] = []
    previous = None
    with sorted_lines.open(encoding="utf-8", newline="") as lines:
        for line in lines:
            if line == previous and (not found or found[-1] != line[:-1]):
                found.append(line[:-1])
            previous = line
    return found


# Writing ---------------------------------------------------------------------------------------


def _sort(path: Path, work: Path, unique: bool) -> None:
    """Sort the lines of ``path`` in place, bytewise (Python's order of their text), on disk
    in ``work``; ``unique``: once each."""
    options = ["-u"] if unique else []
    command = ["sort", "-S", SORT_MEMORY, "-T", str(work), *options, "-o", str(path), str(path)]
    subprocess.run(command, check=True, env={**os.environ, "LC_ALL": "C"})


def _split(lines: Path, triples: Path, nodes: Path) -> None:
    """From the sorted lines: the triples (N-Triples, for Oxigraph's writers) and one JSON-LD
    node per IRI subject (its values in the order of its triples, merged as rdflib merges
    them), appended to ``nodes``."""
    with (
        lines.open(encoding="utf-8", newline="") as read,
        triples.open("w", encoding="utf-8", newline="") as nt,
        nodes.open("a", encoding="utf-8", newline="") as out,
    ):
        previous, node = None, None
        for line in read:
            key, rest = line[:-1].split("\0", 1)
            if key == previous:
                continue
            previous = key
            triple, value = rest.rsplit("\0", 1)
            nt.write((triple or key + " .") + "\n")  # the N3 terms, when N-Triples
            if not value:
                continue
            shown, name, item = json.loads(value)
            if node is None or node["@id"] != shown:
                dumps_jsonld.flush(node, out)
                node = {"@id": shown}
            dumps_jsonld.add(node, name, item)
        dumps_jsonld.flush(node, out)


def _parsed(triples: Path) -> Iterator[ox.Quad]:
    return iter(ox.parse(path=str(triples), format=ox.RdfFormat.N_TRIPLES))


def _ntriples(triples: Path, target: Path, work: Path, base: str) -> None:
    """Oxigraph's N-Triples of ``triples``, lines sorted as :func:`downloads._sorted_lines`
    sorts them."""
    ox.serialize(_parsed(triples), str(target), ox.RdfFormat.N_TRIPLES, prefixes=prefixes(base))
    _sort(target, work, unique=False)  # one triple a line (U+2028 inside literals stays there)

"""Downloads under ``/download/``: the public data in Turtle, N-Triples, JSON-LD, RDF/XML,
and the records as CSV (RFC 4180), CSV for a French Excel (BOM, semicolon) and XLSX.

The files are written by :func:`write_files`, called by :func:`iacoll.derived.refresh_derived`
after publications and by ``iacoll build`` (the writers stream from the public store:
:mod:`iacoll.dumps_rdf`, :mod:`iacoll.dumps_tables`; :func:`write` is their in-memory oracle), into
``{store}/download/``, from the public graphs only — vocabularies, records, organisations,
documents, history and the catalogue; the restricted graph is never an input. Output is
deterministic: blank nodes get labels computed from their content and position, the triples
are sorted, Turtle, N-Triples and RDF/XML are written from them in that order by Oxigraph's
writers (N-Triples lines sorted again), JSON-LD by rdflib (compacted with the project's
context, nodes sorted).

Byte size and SHA-256 checksum: a file cannot contain its own checksum, so the dumps hold every
public triple *except* the ``dcat:byteSize`` and ``spdx:checksum`` of the download
distributions. Those are computed from the written files (:func:`file_metadata`) and added to
the catalogue graph of the store, which ``/catalogue``, the distributions' own IRIs and the
SPARQL endpoint serve: what they declare is what ``/download/`` serves.

Files are immutable, one folder per writing (a *version*, ``{store}/download/v<µs>/``): the
seven files and a ``manifest.json`` of their sizes and SHA-256 are written into a temporary
folder, synced, and the folder renamed into place; then the links ``download/iacoll.ttl``…
are switched to it (by renaming, atomic) and the versions older than the last
:data:`KEEP` are deleted. A version is never rewritten. The server does not serve the newest
version but the one the store's catalogue graph declares (:func:`served`, the size and checksum
read from the store): while a refresh has written new files but not yet replaced the catalogue
graph, the old files stay what ``/download/`` serves, so a declared size and checksum are always
those of the bytes served. A file whose size is no longer the one its manifest records (a
truncated file) is refused (503), never served under a false declaration. Serving the files is
:mod:`iacoll.pages.downloads_page`'s; this module imports nothing of the web layer.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from iacoll import conneg, csv_export, xlsx_export
from iacoll.errors import IacollError
from iacoll.namespaces import DCAT, DCT, DEFAULT_BASE, ID, PREFIXES, SPDX, rebase
from iacoll.settings import Settings
from iacoll.terms import to_oxigraph

# The official DCAT-AP 3.0.1 shapes (mdr-vocabularies.shape.ttl, ChecksumAlgorithmRestriction)
# only accept an algorithm IRI matching ^https://spdx.org/rdf/terms: the https twin of
# spdx:checksumAlgorithm_sha256, declared owl:sameAs the SPDX term.
SHA256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")
TURTLE_TOKENS = (XSD.decimal, XSD.boolean)  # datatypes Turtle writes as bare tokens
LOCK = ".lock"  # flock of the one writer of the folder (write_files)
MANIFEST = "manifest.json"  # in each version folder: {file name: {"size", "sha256"}}
VERSION = "v"  # version folders: v<µs since the epoch, 17 digits>
KEEP = 3  # versions kept: the served one, the one being declared, one more for slow readers


@dataclass(frozen=True)
class Download:
    """A download file: its format is a key of the format registry."""

    key: str

    @property
    def format(self) -> conneg.Format:
        """Its format (media type, suffix, label) in the registry."""
        return conneg.BY_KEY[self.key]

    @property
    def name(self) -> str:
        """File name: ``iacoll.ttl``…"""
        return "iacoll" + self.format.suffix

    def distribution(self, base: str) -> URIRef:
        """Its ``dcat:Distribution`` in ``data/catalogue.ttl``."""
        return URIRef(f"{base}id/distribution/{self.key}")


DOWNLOADS = tuple(
    Download(key) for key in ("turtle", "ntriples", "jsonld", "rdfxml", "csv", "csv-excel", "xlsx")
)
BY_NAME = {d.name: d for d in DOWNLOADS}


@dataclass(frozen=True)
class DownloadFile:
    """A written download file, with what the catalogue declares about it."""

    download: Download
    path: Path
    size: int
    sha256: str

    @property
    def modified(self) -> datetime:
        """When the file was written (its ``Last-Modified``), to the second."""
        stamp = self.path.stat().st_mtime
        return datetime.fromtimestamp(stamp, tz=UTC).replace(microsecond=0)


class DownloadNotFound(IacollError):
    """No such download file (404)."""

    status = 404


class DownloadDamaged(IacollError):
    """A download file is not the one its manifest and the catalogue declare (503)."""

    status = 503


def folder(settings: Settings) -> Path:
    """Where the download files are written (inside the store folder): one folder per version,
    and a link per file to the newest."""
    return settings.store_path / "download"


def present(target: Path) -> bool:
    """Whether every download file of the newest version is in ``target``, at its size."""
    found = versions(target)
    if not found:
        return False
    recorded = manifest(found[-1])
    return all(
        d.name in recorded and _size(found[-1] / d.name) == recorded[d.name][0] for d in DOWNLOADS
    )


def write(graph: Graph, target: Path, base: str) -> list[DownloadFile]:
    """Write the downloads of ``graph`` (public triples, default base) into ``target``, from
    the whole graph in memory (the streamed writers' oracle: :func:`write_files` with
    :func:`iacoll.dumps_rdf.write_rdf` and :func:`iacoll.dumps_tables.write_tables` write the
    same bytes from a store).

    The RDF files have their IRIs moved under ``base``, and so do the records' addresses in
    the spreadsheets.
    """
    ordered = stable_triples(rebase(graph, base))
    bodies = _rdf_bodies(ordered, base)
    bodies["jsonld"] = _jsonld(_prefixed(_graph(ordered), base), base)
    del ordered
    bodies["csv"] = csv_export.csv_bytes(graph, base)
    bodies["csv-excel"] = csv_export.csv_bytes(graph, base, "csv-excel")
    bodies["xlsx"] = xlsx_export.xlsx_bytes(graph, modified(graph), base)

    def fill(paths: dict[str, Path]) -> None:
        for key, path in paths.items():
            path.write_bytes(bodies[key])

    return write_files(target, fill)


def write_files(
    target: Path,
    fill: Callable[[dict[str, Path]], None],
    declared: dict[str, tuple[int, str]] | None = None,
) -> list[DownloadFile]:
    """Write a new version of the downloads into ``target``: ``fill`` writes each file (by
    format key) into the temporary version folder; the files are then synced, measured and
    hashed from disk (never held whole in memory), the version renamed into place, the links
    switched to it and the old versions pruned — but not the one holding what the catalogue
    graph ``declared`` (:func:`declared`): the new version is declared only after this returns,
    and a writer stopped in between (a server killed during a refresh) must not leave a
    catalogue whose files are gone.

    One writer at a time (an exclusive ``flock`` on ``target/.lock``): the server's refresher
    and a CLI command may write the same folder, and each prunes the temporary folders a crashed
    writer left, which must not be another's, still being written."""
    target.mkdir(parents=True, exist_ok=True)
    lock = os.open(target / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _write_version(target, fill, declared or {})
    finally:
        os.close(lock)


def _write_version(
    target: Path, fill: Callable[[dict[str, Path]], None], declared: dict[str, tuple[int, str]]
) -> list[DownloadFile]:
    version = target / f"{VERSION}{time.time_ns() // 1000:017d}"
    tmp = target / f".{version.name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        fill({d.key: tmp / d.name for d in DOWNLOADS})
        recorded = {d.name: _synced_digest(tmp / d.name) for d in DOWNLOADS}
        _write_synced(tmp / MANIFEST, json.dumps(recorded, indent=1, sort_keys=True).encode())
        tmp.rename(version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _sync_folder(target)
    for download in DOWNLOADS:  # the links follow the newest version
        link = target / download.name
        _temporary(link).unlink(missing_ok=True)
        _temporary(link).symlink_to(Path(version.name) / download.name)
        _temporary(link).replace(link)
    prune(target, declared=declared)
    found = manifest(version)
    return [DownloadFile(d, version / d.name, *found[d.name]) for d in DOWNLOADS]


def _synced_digest(path: Path) -> dict[str, int | str]:
    """Sync ``path`` to disk; its size and SHA-256, read back in blocks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return {"size": size, "sha256": digest.hexdigest()}


def _rdf_bodies(ordered: list[tuple[Node, Node, Node]], base: str) -> dict[str, bytes]:
    """Turtle, N-Triples (lines sorted) and RDF/XML of ``ordered``, by Oxigraph's writers."""
    triples = [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in ordered]  # type: ignore[arg-type]
    return {
        "turtle": _serialized(triples, ox.RdfFormat.TURTLE, base),
        "ntriples": _sorted_lines(_serialized(triples, ox.RdfFormat.N_TRIPLES, base)),
        "rdfxml": _serialized(triples, ox.RdfFormat.RDF_XML, base),
    }


def _serialized(triples: list[ox.Triple], format: ox.RdfFormat, base: str) -> bytes:
    """``triples`` in ``format`` by Oxigraph's writers, in their order, the project's prefixes."""
    return ox.serialize(triples, None, format, prefixes=prefixes(base)) or b""


def _write_synced(path: Path, body: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temporary(path: Path) -> Path:
    return path.with_suffix(path.suffix + ".tmp")


def versions(target: Path) -> list[Path]:
    """The complete version folders in ``target``, oldest first."""
    if not target.is_dir():
        return []
    found = [
        p
        for p in target.iterdir()
        if p.name.startswith(VERSION) and p.name[1:].isdigit() and (p / MANIFEST).is_file()
    ]
    return sorted(found, key=lambda p: p.name)


def manifest(version: Path) -> dict[str, tuple[int, str]]:
    """What a version's manifest records: file name → (size, SHA-256)."""
    data = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    return {name: (int(entry["size"]), str(entry["sha256"])) for name, entry in data.items()}


def prune(
    target: Path, keep: int = KEEP, declared: dict[str, tuple[int, str]] | None = None
) -> None:
    """Delete the versions older than the ``keep`` newest (but a version holding a file as
    ``declared``), and the files of the flat layout (before versions) and unfinished versions
    a crash left."""
    found = versions(target)
    recorded = {version: manifest(version) for version in found} if declared else {}
    holders = {  # for each file declared, the newest version holding it (what is served)
        next((v for v in reversed(found) if recorded[v].get(name) == wanted), None)
        for name, wanted in (declared or {}).items()
    }
    for old in found[:-keep]:
        if old not in holders:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in target.glob(f".{VERSION}*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    for download in DOWNLOADS:
        flat = target / download.name
        if flat.is_file() and not flat.is_symlink():
            flat.unlink()


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def declared(store: ox.Store, base: str) -> dict[str, tuple[int, str]]:
    """What the store's catalogue graph declares of each download file: name → (size, SHA-256)
    (a file it does not describe is left out)."""
    found = {}
    for download in DOWNLOADS:
        distribution = ox.NamedNode(str(download.distribution(base)))
        sizes = _literals(store, distribution, DCAT.byteSize)
        checksums = [
            q.object
            for q in store.quads_for_pattern(
                distribution, ox.NamedNode(str(SPDX.checksum)), None, None
            )
            if isinstance(q.object, ox.NamedNode | ox.BlankNode)
        ]
        values = [v for c in checksums for v in _literals(store, c, SPDX.checksumValue)]
        if sizes and values:
            found[download.name] = (int(sizes[0]), values[0])
    return found


def _literals(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, prop: URIRef) -> list[str]:
    pattern = store.quads_for_pattern(subject, ox.NamedNode(str(prop)), None, None)
    return [q.object.value for q in pattern if isinstance(q.object, ox.Literal)]


def served(target: Path, download: Download, wanted: tuple[int, str] | None) -> DownloadFile:
    """The file of ``download`` that the catalogue declares (``wanted``: size, SHA-256), from
    the version that holds it; the newest when nothing is declared. A missing or truncated
    file is :class:`DownloadDamaged`, never served under a false declaration."""
    for version in reversed(versions(target)):
        recorded = manifest(version).get(download.name)
        if recorded is not None and (wanted is None or recorded == wanted):
            path = version / download.name
            size = _size(path)
            if size != recorded[0]:
                raise _damaged(download, f"{size} octets au lieu de {recorded[0]}")
            return DownloadFile(download, path, *recorded)
    raise _damaged(download, "le fichier déclaré au catalogue n'est plus sur le disque")


def _damaged(download: Download, why: str) -> DownloadDamaged:
    return DownloadDamaged(
        f"Le téléchargement {download.name} est endommagé ({why}) : il n'est pas servi. "
        "Réparez le magasin avec « iacoll build ».",
        detail=f"The download {download.name} is damaged; repair the store with 'iacoll build'.",
    )


def modified(graph: Graph) -> datetime:
    """The catalogue's ``dct:modified`` (the spreadsheet's date), else 2000-01-01."""
    found = [
        v.toPython() for v in graph.objects(ID.catalogue, DCT.modified) if isinstance(v, Literal)
    ]
    days = sorted(d for d in found if isinstance(d, date))
    day = days[-1] if days else date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def file_metadata(files: list[DownloadFile]) -> Graph:
    """``dcat:byteSize`` and ``spdx:checksum`` of each download distribution (default base)."""
    graph = Graph()
    for file in files:
        distribution = file.download.distribution(DEFAULT_BASE)
        checksum = BNode(f"checksum-{file.download.key}")
        size = Literal(str(file.size), datatype=XSD.nonNegativeInteger)
        graph.add((distribution, DCAT.byteSize, size))
        graph.add((distribution, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SHA256))
        graph.add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))
    graph.add((SHA256, RDF.type, SPDX.ChecksumAlgorithm))
    graph.add((SHA256, RDFS.label, Literal("SHA-256")))
    graph.add((SHA256, OWL.sameAs, SPDX.checksumAlgorithm_sha256))
    return graph


# Deterministic output ------------------------------------------------------------------------


def stable(graph: Graph) -> Graph:
    """A copy of ``graph`` with content-derived blank-node labels, triples added in order.

    Two isomorphic graphs give the same triples. Decimals and booleans take the lexical form
    rdflib's Turtle writer gives them (``"5"^^xsd:decimal`` is written ``5.0``), so that the
    three RDF dumps hold the very same literals.
    """
    return _graph(stable_triples(graph))


def stable_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of :func:`stable`, sorted (the order the dumps are written in)."""
    labels = bnode_labels(graph)
    return sorted(
        (
            (stable_term(s, labels), stable_term(p, labels), stable_term(o, labels))
            for s, p, o in graph
        ),
        key=lambda triple: tuple(t.n3() for t in triple),
    )


def stable_term(node: Node, labels: dict[BNode, BNode]) -> Node:
    """``node`` as :func:`stable_triples` writes it: a blank node by its label in ``labels``,
    a decimal or a boolean in Turtle's lexical form."""
    if isinstance(node, BNode):
        return labels[node]
    if isinstance(node, Literal) and node.datatype in TURTLE_TOKENS:
        return Literal(node._literal_n3(use_plain=True), datatype=node.datatype)
    return node


def _graph(triples: list[tuple[Node, Node, Node]]) -> Graph:
    copy = Graph()
    for triple in triples:
        copy.add(triple)
    return copy


def bnode_labels(graph: Graph) -> dict[BNode, BNode]:
    """Labels from each blank node's content and its incoming links (ties are twins)."""
    nodes = sorted({t for triple in graph for t in triple if isinstance(t, BNode)})
    contents: dict[BNode, str] = {}
    keys: dict[BNode, str] = {}
    for node in nodes:
        _key(graph, node, contents, keys, frozenset())
    labels: dict[BNode, BNode] = {}
    seen: Counter[str] = Counter()
    for node in sorted(nodes, key=keys.__getitem__):
        short = keys[node][:20]
        labels[node] = BNode(f"b{short}{'-' + str(seen[short]) if seen[short] else ''}")
        seen[short] += 1
    return labels


def _content(graph: Graph, node: BNode, contents: dict[BNode, str], path: frozenset[BNode]) -> str:
    """Hash of what ``node`` says, recursively through blank objects."""
    if node not in contents:
        if node in path:
            return "cycle"
        parts = sorted(
            p.n3()
            + " "
            + (_content(graph, o, contents, path | {node}) if isinstance(o, BNode) else o.n3())
            for p, o in graph.predicate_objects(node)
        )
        contents[node] = _digest(parts)
    return contents[node]


def _key(
    graph: Graph,
    node: BNode,
    contents: dict[BNode, str],
    keys: dict[BNode, str],
    path: frozenset[BNode],
) -> str:
    """Hash of ``node``'s content and of the keys of the nodes pointing at it."""
    if node not in keys:
        if node in path:
            return _content(graph, node, contents, frozenset())
        incoming = sorted(
            p.n3()
            + " "
            + (_key(graph, s, contents, keys, path | {node}) if isinstance(s, BNode) else s.n3())
            for s, p in graph.subject_predicates(node)
        )
        keys[node] = _digest([_content(graph, node, contents, frozenset()), *incoming])
    return keys[node]


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _sorted_lines(data: bytes) -> bytes:
    """The lines of N-Triples ``data`` sorted: split at ``\n`` only (Oxigraph writes U+2028,
    U+2029 and U+0085 unescaped inside literals, where ``str.splitlines`` would cut)."""
    lines = sorted(line for line in data.decode("utf-8").split("\n") if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def prefixes(base: str) -> dict[str, str]:
    """The project's prefixes, those under the base IRI moved to ``base``."""
    spaces = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    spaces["spdx"] = str(SPDX)
    return {
        prefix: base + iri[len(DEFAULT_BASE) :] if iri.startswith(DEFAULT_BASE) else iri
        for prefix, iri in spaces.items()
    }


def _prefixed(graph: Graph, base: str) -> Graph:
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, Namespace(namespace), override=True)
    return graph


def _jsonld(graph: Graph, base: str) -> bytes:
    context = dict(sorted(prefixes(base).items()))
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(text)
    document["@graph"] = sorted(document.get("@graph", []), key=lambda node: node["@id"])
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

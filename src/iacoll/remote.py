"""Stores on SPARQL servers: the part of ``pyoxigraph.Store`` iacoll uses, over HTTP.

``--store http://…`` (``IACOLL_STORE_URL``) names the server of the public store and
``IACOLL_STORE_URL_COMPLET`` (``--store-complet``) the server of the complet store: two servers,
so that a restricted value is never on the public one. Any server of the SPARQL 1.1 Protocol
(queries, updates) and the Graph Store HTTP Protocol (whole graphs) will do; the endpoint paths
default to Oxigraph's (``oxigraph serve``: ``/query``, ``/update``, ``/store``). The local state
(the SQLite log when there is no database URL, ``projection.json``, ``generation.json``,
``build.json``, ``integrity.json``, downloads, spool) stays in ``settings.store_path``.

:class:`RemoteStore` answers with pyoxigraph's own objects: ``query`` parses the server's JSON
results into ``QuerySolutions`` / ``QueryBoolean`` (``pyoxigraph.parse_query_results``) and a
CONSTRUCT or DESCRIBE into a list of ``Triple``; a query the server refuses as malformed (400)
is a ``SyntaxError``, as in the embedded store. The options of ``Store.query`` become:

- ``default_graph`` / ``named_graphs``: the protocol's ``default-graph-uri`` /
  ``named-graph-uri`` (sent in a form body: no URL length limit);
- ``use_default_graph_as_union``: per server (``IACOLL_STORE_UNION``): ``oxigraph`` sends
  Oxigraph's ``union-default-graph`` parameter; ``graphs`` lists every named graph as
  ``default-graph-uri`` and ``named-graph-uri`` (any SPARQL 1.1 server, one more query and a
  longer request); ``server`` sends nothing: the server's default graph already is the union
  (Virtuoso; Fuseki with ``tdb2:unionDefaultGraph true``);
- ``substitutions``: a ``VALUES`` block opening the WHERE group (:func:`with_values`). Oxigraph
  substitutes before evaluation (SEP-0007); a VALUES block is joined with the group instead,
  which gives the same answers for basic patterns, OPTIONAL (the optional part is left-joined
  with the bound row) and FILTER at the top level, but not inside a subquery or a nested group
  that FILTERs on the variable before the join (none of iacoll's queries does);
- ``base_iri``: a ``BASE`` declaration put before the query;
- a ``DESCRIBE`` is asked as ``CONSTRUCT`` queries, level by level (:mod:`iacoll.remote_describe`:
  engines answer DESCRIBE as they like).

Blank nodes: a server's labels name its stored blank nodes (Oxigraph's are stable), but SPARQL
cannot name a blank node, so ``quads_for_pattern`` with a blank node reads every blank node in
that place and keeps the one whose label matches. Writes (``extend``) post each graph's triples
in one request, so a blank node shared by two triples of a graph stays one node.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

import httpx
import pyoxigraph as ox

from iacoll import remote_describe
from iacoll.errors import IacollError
from iacoll.settings import Settings
from iacoll.sparql.lexer import tokens

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
UNION_MODES = ("oxigraph", "graphs", "server")


class RemoteUnavailable(IacollError):
    """The SPARQL server does not answer, or answers with an error."""

    status = 503


class RemoteMisconfigured(IacollError):
    """The remote store settings are incomplete or unsafe."""

    status = 500


@dataclass(frozen=True)
class Server:
    """A SPARQL server and how to reach it; picklable (a SPARQL worker process receives it in
    place of a store folder, and :meth:`store` is what it queries)."""

    url: str
    query_path: str = "/query"
    update_path: str = "/update"
    graph_path: str = "/store"
    union: str = "oxigraph"
    timeout: float = 60.0

    @property
    def shown(self) -> str:
        """The URL without a user and password, for messages."""
        return str(httpx.URL(self.url).copy_with(username=None, password=None))

    def store(self) -> ox.Store:
        """This process's store on the server, as the store type its callers know."""
        return self.remote()  # type: ignore[return-value]

    def remote(self) -> RemoteStore:
        """This process's store on the server (one pooled HTTP client per server)."""
        with _LOCK:
            if self not in _CLIENTS:
                _CLIENTS[self] = RemoteStore(self)
            return _CLIENTS[self]


_CLIENTS: dict[Server, RemoteStore] = {}
_LOCK = threading.Lock()


def servers(settings: Settings) -> tuple[Server, Server] | None:
    """The public and complet servers of ``settings`` (None: embedded stores). A URL store
    without a distinct complet server is refused (restricted values stay off the public one)."""
    if not settings.store_url:
        return None
    if not settings.store_url_complet:
        raise RemoteMisconfigured(
            f"Le magasin public est le serveur SPARQL {Server(settings.store_url).shown} : donnez "
            "aussi le serveur du magasin complet (données restreintes) avec --store-complet URL ou "
            "IACOLL_STORE_URL_COMPLET. Ce doit être un autre serveur que le public."
        )
    if settings.store_url_complet.rstrip("/") == settings.store_url.rstrip("/"):
        raise RemoteMisconfigured(
            "IACOLL_STORE_URL_COMPLET désigne le même serveur que le magasin public : les données "
            "restreintes n'y ont pas leur place. Donnez un second serveur SPARQL."
        )
    if settings.store_union not in UNION_MODES:
        raise RemoteMisconfigured(
            f"IACOLL_STORE_UNION vaut « {settings.store_union} » : choisissez parmi "
            f"{', '.join(UNION_MODES)}."
        )
    return tuple(  # type: ignore[return-value]
        Server(
            url.rstrip("/"),
            settings.store_query_path,
            settings.store_update_path,
            settings.store_graph_path,
            settings.store_union,
            settings.store_timeout,
        )
        for url in (settings.store_url, settings.store_url_complet)
    )


class RemoteStore:
    """The methods of ``pyoxigraph.Store`` that iacoll calls, on a SPARQL server."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._client = httpx.Client(
            timeout=httpx.Timeout(server.timeout, connect=5.0),
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=8),
        )

    # Reading -------------------------------------------------------------------------------

    def query(
        self,
        query: str,
        *,
        use_default_graph_as_union: bool = False,
        default_graph: Any = None,
        named_graphs: Any = None,
        substitutions: dict[ox.Variable, Any] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """A SPARQL query's answer, as the embedded store gives it (see the module's doc)."""
        text = with_values(query, substitutions) if substitutions else query
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        dataset = self._dataset(use_default_graph_as_union, default_graph)
        dataset += [("named-graph-uri", g.value) for g in _listed(named_graphs)]
        found = tokens(text)  # read once, for both questions
        described = remote_describe.plan(text, found)
        if described is not None:  # the engine's own DESCRIBE differs (remote_describe.py)
            return self._describe(described, dataset)
        # A graph (CONSTRUCT, a DESCRIBE the server answers) is asked as N-Triples only:
        # Virtuoso would answer SPARQL JSON results (s, p, o bindings) to an Accept listing them.
        graph = any(t.is_word("CONSTRUCT", "DESCRIBE") for t in found)
        return self._ask(text, dataset, N_TRIPLES if graph else RESULTS_JSON)

    def _ask(
        self, text: str, dataset: list[tuple[str, str]], accept: str
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        fields: dict[str, list[str]] = defaultdict(list)
        for name, value in [("query", text), *dataset]:
            fields[name].append(value)
        response = self._send("POST", self.server.query_path, data=fields, accept=accept)
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == N_TRIPLES:
            parsed = ox.parse(response.content, ox.RdfFormat.N_TRIPLES)
            return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed]
        return ox.parse_query_results(_labelled(response.content), ox.QueryResultsFormat.JSON)

    def _describe(
        self, described: remote_describe.Describe, dataset: list[tuple[str, str]]
    ) -> list[ox.Triple]:
        """The triples of the described resources and of the blank nodes they reach."""
        found: dict[ox.Triple, None] = {}
        for depth in range(remote_describe.DEPTH + 1):
            level = self._ask(described.level(depth), dataset, N_TRIPLES)
            assert isinstance(level, list)
            found.update(dict.fromkeys(level))
            if not any(isinstance(t.object, ox.BlankNode) for t in level):
                break
        return list(found)

    def _dataset(self, union: bool, default_graph: Any) -> list[tuple[str, str]]:
        if default_graph is not None:
            return [("default-graph-uri", g.value) for g in _listed(default_graph)]
        if not union or self.server.union == "server":
            return []
        if self.server.union == "oxigraph":
            return [("union-default-graph", "true")]
        every = [g.value for g in self.named_graphs()]
        return [("default-graph-uri", g) for g in every] + [("named-graph-uri", g) for g in every]

    def _select(self, query: str) -> list[ox.QuerySolution]:
        found = self.query(query)
        assert isinstance(found, ox.QuerySolutions)
        return list(found)

    def quads_for_pattern(
        self, subject: Any, predicate: Any, object: Any, graph_name: Any = None
    ) -> list[ox.Quad]:
        """The quads matching the pattern (``None``: any), as a list."""
        terms = {"s": subject, "p": predicate, "o": object}
        blanks = {v: t for v, t in terms.items() if isinstance(t, ox.BlankNode)}
        pattern = " ".join(
            f"?{v}" if t is None or v in blanks else str(t) for v, t in terms.items()
        )
        checks = "".join(f" FILTER(isBlank(?{v}))" for v in blanks)
        if isinstance(graph_name, ox.DefaultGraph):
            where = f"{{ {pattern}{checks} }}"
        elif graph_name is not None:
            where = f"{{ GRAPH {graph_name} {{ {pattern} }}{checks} }}"
        else:
            named = f"{{ GRAPH ?g {{ {pattern} }}{checks} }}"
            own = f"{{ {pattern}{checks} }}"
            where = named if self.server.union == "server" else f"{{ {own} UNION {named} }}"
        found = []
        for row in self._select(f"SELECT * WHERE {where}"):
            if any(row[v].value != t.value for v, t in blanks.items()):
                continue
            s, p, o = (row[v] if terms[v] is None or v in blanks else terms[v] for v in "spo")
            in_graph = graph_name if graph_name is not None else row["g"]
            found.append(ox.Quad(s, p, o, in_graph or ox.DefaultGraph()))
        return found

    def named_graphs(self) -> list[ox.NamedNode]:
        """The server's named graphs: ``GRAPH ?g { }`` of Oxigraph (an index lookup), those
        holding a triple elsewhere (a full scan: Virtuoso 7.2 answers ``GRAPH ?g { }`` with only
        some of them)."""
        pattern = "{ }" if self.server.union == "oxigraph" else "{ ?s ?p ?o }"
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} }}")
        return [row["g"] for row in rows if isinstance(row["g"], ox.NamedNode)]

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        """Whether the server has the graph (a quad store without empty graphs: if not empty)."""
        return bool(self.query(f"ASK {{ GRAPH {graph_name} {{ }} }}"))

    def __len__(self) -> int:
        named = "{ GRAPH ?g { ?s ?p ?o } }"
        where = named if self.server.union == "server" else f"{{ ?s ?p ?o }} UNION {named}"
        (row,) = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(row["n"].value)

    def dump(
        self, output: IO[bytes] | None = None, format: Any = None, *, from_graph: Any = None
    ) -> bytes | None:
        """The store (or ``from_graph``) serialised in ``format`` (N-Quads by default)."""
        quads = self.quads_for_pattern(None, None, None, from_graph)
        if from_graph is not None:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            return ox.serialize(triples, output, format or ox.RdfFormat.N_TRIPLES)
        return ox.serialize(quads, output, format or ox.RdfFormat.N_QUADS)

    # Writing -------------------------------------------------------------------------------

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update on the server (one request: the server's transaction)."""
        text = f"BASE <{base_iri}>\n{update}" if base_iri else update
        self._send("POST", self.server.update_path, data={"update": text})

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads``: one Graph Store POST of N-Triples per graph."""
        by_graph: dict[Any, list[ox.Triple]] = defaultdict(list)
        for q in quads:
            by_graph[q.graph_name].append(ox.Triple(q.subject, q.predicate, q.object))
        for graph, triples in by_graph.items():
            default = isinstance(graph, ox.DefaultGraph)
            target = {"default": ""} if default else {"graph": graph.value}
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            self._send(
                "POST",
                self.server.graph_path,
                params=target,
                content=body,
                headers={"Content-Type": N_TRIPLES},
            )

    bulk_extend = extend

    def put_graph(self, graph_name: ox.NamedNode, triples: str | bytes) -> None:
        """Make ``graph_name`` hold exactly ``triples`` (N-Triples text): one Graph Store PUT,
        atomic on the server and of any size (Virtuoso 7.2 refuses a SPARQL update of more
        than about 3,000 triples)."""
        self._send(
            "PUT",
            self.server.graph_path,
            params={"graph": graph_name.value},
            content=triples.encode() if isinstance(triples, str) else triples,
            headers={"Content-Type": N_TRIPLES},
        )

    def load(
        self, input: Any = None, format: Any = None, *, path: Any = None, to_graph: Any = None
    ) -> None:
        """Parse RDF (a graph format into ``to_graph``, or a dataset format) and add it."""
        parsed: Iterable[ox.Quad] = ox.parse(input, format, path=path)
        if to_graph is not None:
            parsed = (ox.Quad(q.subject, q.predicate, q.object, to_graph) for q in parsed)
        self.extend(parsed)

    bulk_load = load

    def add_graph(self, graph_name: ox.NamedNode) -> None:
        """Create the (empty) graph; a quad store without empty graphs ignores it."""
        self.update(f"CREATE SILENT GRAPH {graph_name}")

    def remove_graph(self, graph_name: ox.NamedNode) -> None:
        """Drop the graph and its triples."""
        self.update(f"DROP SILENT GRAPH {graph_name}")

    def clear(self) -> None:
        """Remove every graph of the server."""
        self.update("DROP SILENT ALL")

    def drop_graphs(self, prefix: str, batch: int = 500) -> None:
        """Remove the named graphs whose IRI starts with ``prefix`` (a few updates of ``batch``
        ``DROP`` operations; the IRIs are the server's own, as it listed them)."""
        names = [g.value for g in self.named_graphs() if g.value.startswith(prefix)]
        for start in range(0, len(names), batch):
            part = names[start : start + batch]
            self.update(";\n".join(f"DROP SILENT GRAPH <{name}>" for name in part))

    def flush(self) -> None:
        """Nothing to do: the server made each request durable before answering."""

    def optimize(self) -> None:
        """Nothing to do: the server compacts its own storage."""

    def backup(self, target_directory: str) -> None:
        """Refused: a server's data is backed up by the server's own tools."""
        raise RemoteMisconfigured(
            f"Le magasin est sur le serveur SPARQL {self.server.shown} : sauvegardez-le avec les "
            "outils de ce serveur (Oxigraph : « oxigraph backup » ou « oxigraph dump »)."
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # HTTP ----------------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        accept: str | None = None,
        headers: dict[str, str] | None = None,
        **options: Any,
    ) -> httpx.Response:
        url = self.server.url + path
        sent = {**(headers or {}), **({"Accept": accept} if accept else {})}
        try:
            response = self._client.request(method, url, headers=sent, **options)
        except httpx.TimeoutException as exc:
            raise RemoteUnavailable(
                f"Le serveur SPARQL {self.server.shown} n'a pas répondu en "
                f"{self.server.timeout:g} s (IACOLL_STORE_TIMEOUT)."
            ) from exc
        except httpx.TransportError as exc:
            raise RemoteUnavailable(
                f"Le serveur SPARQL {self.server.shown} est injoignable ({type(exc).__name__}) : "
                "vérifiez qu'il tourne et que --store / IACOLL_STORE_URL (ou "
                "IACOLL_STORE_URL_COMPLET) le désignent."
            ) from exc
        if response.status_code == 400 and path == self.server.query_path:
            raise SyntaxError(response.text[:1000])
        if response.is_error:
            raise RemoteUnavailable(
                f"Le serveur SPARQL {self.server.shown} a répondu {response.status_code} à "
                f"{method} {path} : {response.text[:300]}"
            )
        return response


def _labelled(results: bytes) -> bytes:
    """SPARQL JSON results whose blank node labels are valid N-Triples labels: Virtuoso names
    its blank nodes ``nodeID://b10003``, which pyoxigraph refuses; such a label becomes
    ``nodeID___b10003`` (the same node keeps the same label in every answer)."""
    if b"nodeID://" not in results:
        return results
    data = json.loads(results)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"])
    return json.dumps(data).encode()


def _listed(graphs: Any) -> list[Any]:
    if graphs is None:
        return []
    return list(graphs) if isinstance(graphs, list | tuple) else [graphs]


def with_values(query: str, substitutions: dict[ox.Variable, Any]) -> str:
    """``query`` with a ``VALUES`` block binding ``substitutions`` at the opening of its WHERE
    group (after the template of a CONSTRUCT)."""
    names = " ".join(str(v) for v in substitutions)
    row = " ".join(str(t) for t in substitutions.values())
    found = tokens(query)
    at = _where_brace(found)
    if at is None:
        raise SyntaxError("requête sans groupe WHERE : les substitutions n'ont pas de place")
    cut = found[at].start + 1
    return f"{query[:cut]} VALUES ({names}) {{ ({row}) }} {query[cut:]}"


def _where_brace(found: list[Any]) -> int | None:
    """Index of the ``{`` that opens the query's WHERE group."""
    braces = [i for i, t in enumerate(found) if t.kind == "punct" and t.text == "{"]
    construct = next((i for i, t in enumerate(found) if t.is_word("CONSTRUCT")), None)
    if construct is None or not braces:
        return braces[0] if braces else None
    if construct + 1 < len(found) and found[construct + 1].is_word("WHERE"):
        return braces[0]  # CONSTRUCT WHERE { … }: the template is the pattern
    depth = 0
    for i in range(braces[0], len(found)):  # skip the template
        if found[i].kind == "punct" and found[i].text in "{}":
            depth += 1 if found[i].text == "{" else -1
            if depth == 0:
                return next((b for b in braces if b > i), None)
    return None

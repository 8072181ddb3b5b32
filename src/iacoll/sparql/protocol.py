"""The SPARQL 1.1 Protocol at ``/sparql``: request parsing, dataset, formats, statuses.

GET, HEAD (a GET without its body) and POST (form-encoded or ``application/sparql-query``);
results in JSON, XML, CSV, TSV; graphs in Turtle, N-Triples, JSON-LD, RDF/XML, by ``Accept`` or
``format``. Updates get 403, ``SERVICE`` and unknown graphs are refused, every query runs in a
worker process. Without a query, GET answers the query editor or the service description.

The default dataset is the union of the public store's graphs (one per record, plus the
vocabularies, context and catalogue graphs), every one of them also a named graph. Which graphs
exist changes with publications: the endpoint asks ``graphs()`` (cached per store generation
by the site) rather than keeping a list.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from iacoll import conneg
from iacoll.errors import IacollError
from iacoll.freshness import PerGeneration
from iacoll.sparql import description, guard
from iacoll.sparql.admission import Admission
from iacoll.sparql.spool import Spool
from iacoll.sparql.workers import Answer, Job, QueryFailed, WorkerPool
from iacoll.web.api_body import InputError, read_capped

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class BadRequest(IacollError):
    """A malformed protocol request (400)."""

    status = 400


class UnsupportedMediaType(IacollError):
    """A POST body type the endpoint does not take (415)."""

    status = 415


@dataclass(frozen=True)
class Operation:
    """A parsed protocol request."""

    query: str | None
    update: bool
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    formats: tuple[str, ...]


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise BadRequest(
            f"Un seul paramètre « {name} » est permis par requête.",
            detail=f"Only one '{name}' parameter is allowed.",
        )
    return values[0] if values else None


def _operation(pairs: list[tuple[str, str]], body_query: str | None = None) -> Operation:
    def values(name: str) -> list[str]:
        return [v for k, v in pairs if k == name]

    query = body_query if body_query is not None else _single(values("query"), "query")
    if body_query is not None and values("query"):
        raise BadRequest("La requête est à la fois dans le corps et dans l'URL.")
    return Operation(
        query=query,
        update=bool(values("update")),
        default_graphs=tuple(values("default-graph-uri")),
        named_graphs=tuple(values("named-graph-uri")),
        formats=tuple(values("format") or values("output")),
    )


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            "Le corps de la requête doit être encodé en UTF-8.",
            detail="The request body must be UTF-8.",
        ) from exc


_URL_PARAMETERS = {"format", "output", "default-graph-uri", "named-graph-uri"}


def _check_charset(content_type: str) -> None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "charset" and value.strip('"').lower() not in {"utf-8", "utf8"}:
            raise UnsupportedMediaType(
                f"Encodage « {value} » non pris en charge : envoyez la requête en UTF-8.",
                detail=f"Unsupported charset '{value}': send UTF-8.",
            )


async def parse_request(request: Request) -> Operation:
    """Read a GET or POST protocol request."""
    url_pairs = list(request.query_params.multi_items())
    if request.method in {"GET", "HEAD"}:
        return _operation(url_pairs)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_capped(request, MAX_BODY, _too_large)
    _check_charset(request.headers.get("content-type", ""))
    if media_type == FORM:
        form = parse_qsl(_decode(body), keep_blank_values=True)
        return _operation(form + [(k, v) for k, v in url_pairs if k in _URL_PARAMETERS])
    if media_type == SPARQL_QUERY:
        return _operation(url_pairs, body_query=_decode(body))
    if media_type == SPARQL_UPDATE:
        return Operation(None, True, (), (), ())
    raise UnsupportedMediaType(
        f"Type de contenu non pris en charge : « {media_type or 'aucun'} ». Envoyez "
        f"{SPARQL_QUERY} ou {FORM}.",
        detail=f"Unsupported content type '{media_type}': send {SPARQL_QUERY} or {FORM}.",
    )


# A query is at most guard.MAX_QUERY_LENGTH characters; form-encoded, a character takes up to
# 9 bytes (%XX per UTF-8 byte), and the dataset parameters come with it.
MAX_BODY = 10 * guard.MAX_QUERY_LENGTH


def _too_large(limit: int) -> IacollError:
    return InputError(
        f"La requête envoyée dépasse {limit // 1000} ko : une requête SPARQL compte au plus "
        f"{guard.MAX_QUERY_LENGTH:,} caractères".replace(",", "\u202f")
        + ". Raccourcissez-la (une clause VALUES trop longue peut souvent devenir un filtre).",
        f"The request body exceeds {limit // 1000} kB: a SPARQL query has at most "
        f"{guard.MAX_QUERY_LENGTH} characters.",
        status=413,
    )


def _explicit(names: tuple[str, ...], kind: conneg.Kind) -> conneg.Format | None:
    """The first ``format`` value that names a format of ``kind`` (clients such as
    SPARQLWrapper repeat the parameter with several spellings)."""
    for name in names:
        try:
            return conneg.lookup(name, conneg.of_kind(kind))
        except conneg.UnknownFormat:
            continue
    return None


def _negotiated(accept: str | None, explicit: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Best format for SELECT/ASK results and for graphs (None when none is acceptable)."""
    chosen: list[str | None] = []
    for kind in ("results", "rdf"):
        fmt = _explicit(explicit, kind) if explicit else None
        if fmt is None and not explicit:
            try:
                fmt = conneg.negotiate(accept, conneg.of_kind(kind))
            except conneg.NotAcceptable:
                fmt = None
        if fmt is not None:
            chosen.append(fmt.key if kind == "results" else fmt.oxigraph)
        else:
            chosen.append(None)
    if explicit and chosen == [None, None]:
        conneg.lookup(explicit[0], conneg.of_kind("results", "rdf"))
    if chosen == [None, None]:
        raise conneg.NotAcceptable(
            "Aucun format demandé n'est disponible pour un résultat SPARQL.",
            detail="None of the accepted media types is available for SPARQL results.",
        )
    return chosen[0], chosen[1]


@dataclass
class Endpoint:
    """The public endpoint: its worker pool, the graphs it serves now, its row cap, and who
    may wait for a worker (:mod:`iacoll.sparql.admission`; set with the pool)."""

    pool: WorkerPool
    graphs: Callable[[], Collection[str]]
    max_rows: int
    admission: Admission | None = None
    # Answers kept per store generation (small ones, in memory, bounded in bytes): the same
    # query asked again before a publication is not evaluated again (a count per région over
    # 100,000 records takes the engine seconds).
    answers: PerGeneration[Answer] | None = None

    def job(
        self,
        operation: Operation,
        accept: str | None,
        base_iri: str | None = None,
        graphs: Callable[[], Collection[str]] | None = None,
    ) -> Job:
        """Check ``operation`` and turn it into a worker job (``graphs``: how to list the
        graphs served, if not :attr:`graphs`; only a query that names graphs needs them)."""
        if operation.update:
            guard.raise_update_refused()
        if operation.query is None or not operation.query.strip():
            raise BadRequest(
                "Paramètre « query » manquant : indiquez une requête SPARQL.",
                detail="Missing 'query' parameter.",
            )
        graphs = graphs or self.graphs
        inspection = guard.check_query(operation.query, graphs, base_iri)
        guard.check_graphs([*operation.default_graphs, *operation.named_graphs], graphs)
        results_format, graph_format = _negotiated(accept, operation.formats)
        own = bool(inspection.from_graphs or inspection.from_named)  # checked by the guard
        explicit = bool(operation.default_graphs or operation.named_graphs)
        defaults, named = (
            (operation.default_graphs, operation.named_graphs) if explicit else (None, None)
        )
        return Job(
            operation.query,
            defaults,
            named,
            results_format,
            graph_format,
            self.max_rows,
            base_iri,
            union=not (explicit or own),
        )

    async def answer(self, operation: Operation, request: Request) -> Response:
        """Run the operation and build the HTTP response (relative IRIs resolve against
        the endpoint's URL)."""
        deadline = time.monotonic() + self.pool.timeout  # the wait and the run together
        base_iri = str(request.url_for("sparql_get"))
        accept = request.headers.get("accept")
        job = await self._checked(operation, accept, base_iri)
        if self.admission is None:
            raise RuntimeError("the endpoint's workers are not started")
        since, kept = self.answers.peek(job) if self.answers is not None else (None, None)
        if kept is not None:
            return _response(kept, None)
        client = request.client.host if request.client else "inconnu"
        answer = await self.admission.run(client, deadline, lambda left: self.pool.run(job, left))
        kept_now = answer.error is None and not answer.path  # a spooled answer is large
        if self.answers is not None and since is not None and kept_now:
            self.answers.put(job, answer, since)
        return _response(answer, self.pool.spool)

    async def _checked(self, operation: Operation, accept: str | None, base_iri: str) -> Job:
        """:meth:`job`, on the event loop for a short query (the guard reads it in linear time:
        well under a millisecond), in a thread for a long one, or for one that names graphs
        (listing them may read the store)."""
        if len(operation.query or "") <= INLINE_CHECK:
            try:
                return self.job(operation, accept, base_iri, _graphs_off_loop)
            except _GraphsNeeded:
                pass
        return await run_in_threadpool(self.job, operation, accept, base_iri)


ANSWERS_KEPT = 32 * 1024 * 1024  # bytes of answers kept per generation (Endpoint.answers)


def answer_bytes(answer: Answer) -> int:
    """What an answer kept in :attr:`Endpoint.answers` weighs."""
    return answer.size or len(answer.body)


INLINE_CHECK = 2_000  # characters of a query checked on the event loop (the guard's linear time)


class _GraphsNeeded(Exception):
    """A query checked on the event loop names graphs: check it again in a thread."""


def _graphs_off_loop() -> Collection[str]:
    raise _GraphsNeeded


def _response(answer: Answer, spool: Spool | None) -> Response:
    if answer.error is not None:
        raise _failure(answer)
    fmt = _format_of(answer.format_key or "")
    headers = {"Vary": "Accept"}
    if answer.path and spool is not None:
        return SpooledAnswer(spool, answer.path, answer.size, fmt.content_type, headers)
    return Response(answer.body, media_type=fmt.content_type, headers=headers)


class SpooledAnswer(Response):
    """An answer file of the spool, sent a chunk at a time: the next chunk is read once the
    client has taken the previous one (uvicorn's flow control), so a client that does not read
    holds one chunk, not the answer. The file is removed once sent or once the client has gone,
    whatever happened (and if the answer is never sent, when it is dropped)."""

    chunk_size = 64 * 1024

    def __init__(
        self, spool: Spool, path: str, size: int, media_type: str, headers: dict[str, str]
    ) -> None:
        super().__init__(media_type=media_type, headers={**headers, "Content-Length": str(size)})
        self.path = path
        self._release = weakref.finalize(self, spool.release, path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            async with anyio.create_task_group() as group:

                async def stream() -> None:
                    await self._stream(send)
                    group.cancel_scope.cancel()

                group.start_soon(stream)
                while (await receive())["type"] != "http.disconnect":
                    continue
                group.cancel_scope.cancel()  # the client has gone: stop reading the file
        finally:
            self._release()

    async def _stream(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        async with await anyio.open_file(self.path, "rb") as file:
            while chunk := await file.read(self.chunk_size):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _format_of(key: str) -> conneg.Format:
    for fmt in conneg.FORMATS:
        if key in (fmt.key, fmt.oxigraph):
            return fmt
    raise KeyError(key)


def _failure(answer: Answer) -> IacollError:
    if answer.error == "syntax":
        return BadRequest(
            f"Erreur de syntaxe SPARQL : {answer.message}",
            detail=f"SPARQL syntax error: {answer.message}",
        )
    if answer.error == "not-acceptable":
        return conneg.NotAcceptable(
            "Le format demandé ne convient pas à cette forme de requête.",
            detail="The requested format does not fit this query form.",
        )
    if answer.error == "too-many-rows":
        error = QueryFailed(
            f"La requête renvoie plus de {answer.message} résultats, le maximum du point "
            "d'accès public : ajoutez une clause LIMIT ou téléchargez les exports complets.",
            detail=f"The query returns more than {answer.message} results: add a LIMIT.",
        )
        error.status = 400
        return error
    if answer.error == "too-large":
        megabytes = int(answer.message) // 1_000_000
        error = QueryFailed(
            f"La réponse à la requête dépasse {megabytes} Mo, le maximum du point d'accès "
            "public : ajoutez une clause LIMIT ou téléchargez les exports complets.",
            detail=f"The answer exceeds {megabytes} MB: add a LIMIT.",
        )
        error.status = 400
        return error
    if answer.error == "memory":
        error = QueryFailed(
            "La requête a dépassé la mémoire allouée. Ajoutez des filtres ou une clause LIMIT.",
            detail="The query exceeded the memory limit.",
        )
        error.status = 503
        return error
    return BadRequest(
        f"La requête n'a pas pu être évaluée par le moteur SPARQL ({answer.message}). "
        "Vérifiez les fonctions et les types employés, ou simplifiez la requête.",
        detail=f"The SPARQL engine could not evaluate the query ({answer.message}).",
    )


def router(endpoint: Endpoint) -> APIRouter:
    """``/sparql`` (GET, HEAD, POST) and ``/.well-known/void``."""
    api = APIRouter()

    @api.api_route("/sparql", methods=["GET"], name="sparql_get")
    async def sparql_get(request: Request) -> Response:
        operation = await parse_request(request)
        if operation.query is not None and description.editor_wanted(request, operation.formats):
            editor: Response = request.app.state.pages.sparql_editor(request, operation.query)
            return editor
        if operation.query is not None:
            return await endpoint.answer(operation, request)
        if operation.update:
            guard.raise_update_refused()
        graphs = tuple(sorted(endpoint.graphs()))
        return description.service_response(request, graphs, operation.formats)

    @api.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        operation = await parse_request(request)
        return await endpoint.answer(operation, request)

    api.include_router(description.router())
    return api

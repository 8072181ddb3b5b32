"""Rendering HTML pages, resources in every format, and the one error shape.

One Jinja2 environment is built at start-up. Every page gets the same base context: the
language and its translator, the URL of the same page in the other language, and the
alternate representations. Errors are ``{"error", "status", "detail", "see"}`` for machines
and an HTML page for people, chosen by the same content negotiation.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from iacoll import conneg, sources
from iacoll.errors import IacollError
from iacoll.federation import jsonld_context
from iacoll.namespaces import DEFAULT_BASE
from iacoll.pages.i18n import COOKIE, DEFAULT_LANGUAGE, LANGUAGES, language_of, translator
from iacoll.pages.typography import for_language
from iacoll.pages.view import View, alternates, choose, finish, serialise

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ExampleQuery:
    """A query of ``sparql/``: its file name, first comment line and text."""

    name: str
    title: str
    text: str

    @property
    def complete(self) -> bool:
        """Whether it answers fully only on the complete store (a ``# complet`` line)."""
        return is_complete(self.text)


def is_complete(query: str) -> bool:
    """Whether ``query`` is marked ``# complet`` (restricted fields: complete store only)."""
    return any(line.startswith("# complet") for line in query.splitlines())


def example_queries(folder: Path = sources.ROOT / "sparql") -> list[ExampleQuery]:
    """The example queries offered by the query editor, in file-name order."""
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((line for line in text.splitlines() if line.startswith("#")), path.stem)
        found.append(ExampleQuery(path.stem, first.lstrip("# ").strip(), text))
    return found


MAX_REFLECTED = 2_000  # characters of the query string a page links back to


def reflected(request: Request, skip: Collection[str] = ()) -> list[tuple[str, str]]:
    """The query string's pairs a page may link back to: those not in ``skip``, as long as
    they fit in :data:`MAX_REFLECTED` characters (a page never echoes a flood)."""
    params: list[tuple[str, str]] = []
    size = 0
    for pair in request.query_params.multi_items():
        if pair[0] in skip:
            continue
        size += len(urlencode([pair])) + 1
        if size > MAX_REFLECTED:
            break
        params.append(pair)
    return params


def other_language_url(request: Request, lang: str) -> str:
    """The current URL with ``lang`` switched to the other language."""
    other = next(code for code in LANGUAGES if code != lang)
    params = [*reflected(request, {"lang"}), ("lang", other)]
    return f"{request.url.path}?{urlencode(params)}"


class Pages:
    """The Jinja2 environment and the example queries, built once at start-up."""

    def __init__(self, templates: Path = TEMPLATES) -> None:
        self.env = Environment(
            loader=FileSystemLoader(templates), autoescape=select_autoescape(default=True)
        )
        self.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
        self.env.filters["typographie"] = for_language  # {{ text|typographie(lang) }}
        self.examples = example_queries()
        self.env.globals["example_link"] = self.example_link

    def example_link(self, name: str) -> dict[str, str]:
        """Title and URL of the example query ``name`` (``14-vocabulaires``): a link that opens
        it in the query editor (``/sparql?query=…``)."""
        example = next(q for q in self.examples if q.name == name)
        return {"title": example.title, "url": "/sparql?" + urlencode({"query": example.text})}

    def context(self, request: Request, **extra: Any) -> dict[str, Any]:
        """The base context of every page."""
        lang = language_of(request)
        return {
            "request": request,
            "lang": lang,
            "t": translator(lang),
            "switch_url": other_language_url(request, lang),
            "alternates": [],
            "jsonld": None,
            **extra,
        }

    def html(self, request: Request, template: str, status: int = 200, **extra: Any) -> str:
        """Render ``template`` with the base context."""
        return self.env.get_template(template).render(self.context(request, **extra))

    def render(
        self, request: Request, template: str, status: int = 200, **extra: Any
    ) -> HTMLResponse:
        """An HTML response; remembers the language chosen with ``?lang=`` in a cookie."""
        response = HTMLResponse(
            self.html(request, template, **extra),
            status_code=status,
            headers={"Vary": "Accept, Cookie"},
        )
        _remember_language(request, response)
        return response

    def respond(
        self,
        request: Request,
        view: View,
        last_modified: datetime | None,
        fmt: conneg.Format | None = None,
    ) -> Response:
        """The resource of ``view`` in ``fmt``, else in the negotiated format (HTML embeds its
        JSON-LD; it varies with the language, so its ``ETag`` does too)."""
        fmt = fmt or choose(request, view.context.get("suffix_format"))
        body, extra = self.representation(request, view, fmt)
        return self.finish(request, body, fmt, last_modified, extra, view.path, view.query)

    def representation(
        self, request: Request, view: View, fmt: conneg.Format
    ) -> tuple[bytes, dict[str, str]]:
        """The body of ``view`` in ``fmt`` and the headers it adds (HTML: its language)."""
        # JSON-LD compacted with the published context, inlined (federation/jsonld_context.py).
        settings = getattr(request.app.state, "settings", None)
        base = settings.base_iri if settings is not None else DEFAULT_BASE
        if fmt.kind == "html":
            jsonld = jsonld_context.serialise(view.graph, base).decode()
            body = self.html(
                request,
                view.template,
                graph=view.graph,
                focus=view.focus,
                jsonld=jsonld.replace("</", "<\\/"),  # no literal may close the <script>
                alternates=alternates(view.path, view.query),
                **view.context,
            ).encode()
            return body, {"Vary": "Accept, Cookie", "Content-Language": language_of(request)}
        if fmt.key == "jsonld":
            return jsonld_context.serialise(view.graph, base), {}
        return serialise(view.graph, fmt), {}

    def finish(
        self,
        request: Request,
        body: bytes,
        fmt: conneg.Format,
        last_modified: datetime | None,
        extra: dict[str, str],
        path: str,
        query: str = "",
    ) -> Response:
        """The response to ``request`` (or its 304) with a representation of the resource at
        ``path`` (``query`` kept on its alternates)."""
        response = finish(request, body, fmt, path, last_modified, extra, query)
        _remember_language(request, response)
        return response

    def sparql_editor(self, request: Request, query: str | None = None) -> HTMLResponse:
        """The YASGUI query editor with the example queries, and ``query`` opened (a link
        ``/sparql?query=…`` followed in a browser)."""
        tabs = [
            {"name": q.title, "file": q.name, "query": q.text, "complete": q.complete}
            for q in self.examples
        ]
        same = next((q for q in self.examples if query and q.text.strip() == query.strip()), None)
        opened: dict[str, Any] | None = None
        if query is not None:
            opened = {"query": query, "file": same.name if same else None}
            opened["complete"] = is_complete(query)
        data = {"endpoint": str(request.url_for("sparql_get")), "examples": tabs, "opened": opened}
        return self.render(
            request,
            "sparql.html",
            endpoint=data["endpoint"],
            examples=self.examples,
            opened=query,
            editor_data=data,
        )

    def error(self, request: Request, exc: IacollError) -> Response:
        """``{"error", "status", "detail", "see"}`` or an HTML page, by content negotiation."""
        try:
            fmt = conneg.negotiate(request.headers.get("accept"), _ERROR_FORMATS)
        except conneg.NotAcceptable:
            fmt = _ERROR_FORMATS[0]
        if fmt.kind == "html":
            page = self.render(request, "error.html", status=exc.status, error=exc)
            page.headers.update(getattr(exc, "headers", {}))
            return page
        body = {
            "error": exc.message,
            "status": exc.status,
            "detail": exc.detail or exc.message,
            "see": str(request.url.path),
        }
        return Response(
            json.dumps(body, ensure_ascii=False),
            status_code=exc.status,
            media_type="application/json",
            headers={"Vary": "Accept", **getattr(exc, "headers", {})},
        )


def _remember_language(request: Request, response: Response) -> None:
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax")
    elif chosen is not None and request.cookies.get(COOKIE) is None:
        response.set_cookie(COOKIE, DEFAULT_LANGUAGE, samesite="lax")


_ERROR_FORMATS = (
    conneg.Format("json", "application/json", ".json", "JSON", "results"),
    conneg.BY_KEY["html"],
)

"""Sending the manifest's HTTP requests to a live endpoint and judging the responses."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from xml.etree import ElementTree

import httpx
from rdflib import Graph

from tests.w3c.manifest import PATH_PREFIX, HttpRequest

SRX = "{http://www.w3.org/2005/sparql-results#}"

#: Media types the suite accepts for each ``mf:expectedFormat`` (the test names list them:
#: "expect one of: XML, JSON[, CSV, TSV]" and "RDF/XML, Turtle, N-Triples, RDFa").
ACCEPTED_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}
RDFLIB_FORMATS = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
}


def endpoint_url(base_url: str, endpoint_path: str, absolute_path: str) -> str:
    """The manifest's ``/sparql/…`` path rebased on the endpoint (``/sparql/?q`` → ``/sparql?q``).

    The query string is kept byte for byte (httpx does not re-encode it).
    """
    rest = absolute_path.removeprefix(PATH_PREFIX)
    endpoint = base_url.rstrip("/") + "/" + endpoint_path.strip("/")
    if not rest:
        return endpoint
    return endpoint + (rest if rest.startswith("?") else "/" + rest)


def send(client: httpx.Client, base_url: str, endpoint_path: str, request: HttpRequest) -> Response:
    """Send ``request`` as the manifest encodes it (no Accept header beyond httpx's ``*/*``)."""
    content = None if request.body is None else request.body.encode(request.body_encoding)
    response = client.request(
        request.method,
        endpoint_url(base_url, endpoint_path, request.absolute_path),
        headers=list(request.headers),
        content=content,
    )
    return Response.of(response)


@dataclass
class Response:
    """What the harness needs of an HTTP response, with its body read as a SPARQL result."""

    status: int
    media_type: str
    body: bytes
    redirects: list[str] = field(default_factory=list)
    kind: str | None = None  # "boolean", "tabular" or "RDF" when the body parses as one
    boolean: bool | None = None
    parse_error: str | None = None

    @classmethod
    def of(cls, response: httpx.Response) -> Response:
        """Read ``response`` and classify its body by its Content-Type."""
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        out = cls(
            status=response.status_code,
            media_type=media_type,
            body=response.content,
            redirects=[f"{r.status_code} → {r.headers.get('location')}" for r in response.history],
        )
        if 200 <= response.status_code < 300:
            try:
                out.kind, out.boolean = classify(media_type, response.content)
            except Exception as exc:  # reported as a failure of the test, with the body
                out.parse_error = f"{type(exc).__name__}: {exc}"
        return out

    def excerpt(self, size: int = 400) -> str:
        """The start of the body, for failure messages."""
        text = self.body.decode("utf-8", errors="replace")
        return text if len(text) <= size else text[:size] + "…"

    def describe(self) -> str:
        """Status, redirects, type and body excerpt."""
        redirects = f" (after {', '.join(self.redirects)})" if self.redirects else ""
        return (
            f"{self.status}{redirects} {self.media_type or '(no Content-Type)'}: {self.excerpt()}"
        )


def classify(media_type: str, body: bytes) -> tuple[str | None, bool | None]:
    """Parse ``body`` as its media type says: ``(kind, boolean)``; raise if it does not parse."""
    if media_type == "application/sparql-results+json":
        data = json.loads(body)
        if "boolean" in data:
            if not isinstance(data["boolean"], bool):
                raise ValueError(f"'boolean' is not a JSON boolean: {data['boolean']!r}")
            return "boolean", data["boolean"]
        if not isinstance(data["head"]["vars"], list) or not isinstance(
            data["results"]["bindings"], list
        ):
            raise ValueError("no head.vars / results.bindings lists")
        return "tabular", None
    if media_type == "application/sparql-results+xml":
        root = ElementTree.fromstring(body)
        if root.tag != f"{SRX}sparql":
            raise ValueError(f"root element is {root.tag}, not sparql")
        boolean = root.find(f"{SRX}boolean")
        if boolean is not None:
            text = (boolean.text or "").strip()
            if text not in ("true", "false"):
                raise ValueError(f"<boolean> holds {text!r}")
            return "boolean", text == "true"
        if root.find(f"{SRX}results") is None:
            raise ValueError("neither <boolean> nor <results>")
        return "tabular", None
    if media_type in ("text/csv", "text/tab-separated-values"):
        delimiter = "," if media_type == "text/csv" else "\t"
        rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
        if not rows or not rows[0]:
            raise ValueError("no header row of variables")
        return "tabular", None
    if media_type in RDFLIB_FORMATS:
        Graph().parse(data=body, format=RDFLIB_FORMATS[media_type])
        return "RDF", None
    return None, None


def check(request: HttpRequest, response: Response) -> list[str]:
    """Everything wrong with ``response`` against the manifest's expectations (empty: pass)."""
    status_class = response.status // 100
    if status_class not in request.status_classes:
        wanted = " or ".join(f"{c}xx" for c in sorted(request.status_classes))
        return [f"status {response.status}, expected {wanted}"]
    if status_class != 2:
        return []
    if request.expected_format is not None:
        wanted_types = ACCEPTED_TYPES[request.expected_format]
        if response.media_type not in wanted_types:
            return [
                f"Content-Type {response.media_type or '(none)'} is not a "
                f"{request.expected_format} result type (one of {', '.join(wanted_types)})"
            ]
        if response.parse_error is not None:
            return [f"body does not parse as {response.media_type}: {response.parse_error}"]
        if response.kind != request.expected_format:
            return [f"body is a {response.kind} result, expected {request.expected_format}"]
    if request.expected_boolean is not None:
        return _boolean_problems(request.expected_boolean, response)
    return []


def _boolean_problems(expected: bool, response: Response) -> list[str]:
    if response.kind != "boolean":
        return [f"expected the boolean {str(expected).lower()}, got a {response.kind} result"]
    if response.boolean is not expected:
        return [f"boolean is {str(response.boolean).lower()}, expected {str(expected).lower()}"]
    return []

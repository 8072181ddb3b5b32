"""What the clients ask: the SPARQL mixes (the ``sparql/`` examples, and a BSBM-like explore mix:
lookups by IRI, facet counts, a text filter, aggregates, ``ORDER BY``/``LIMIT`` paging), the
pages (record HTML and Turtle, search with a facet, home, statistics), the result counts that
are cross-checked between systems, and the links a harvester follows.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import Namespace

from bench.load import Request
from iacoll import sources
from iacoll.namespaces import DEFAULT_BASE

EXAMPLES = sorted((sources.ROOT / "sparql").glob("*.rq"))
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
TREE = Namespace("https://w3id.org/tree#")
JSON_RESULTS = "application/sparql-results+json"
PREFIXES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX adms: <http://www.w3.org/ns/adms#>
PREFIX iacoll: <https://w3id.org/iacoll/def#>
"""
# The BSBM-like explore mix; {iri} is a use case drawn at random, {offset} a page.
FOAF_NAME = "<http://xmlns.com/foaf/0.1/name>"
USE_CASE = "?c a iacoll:CasUsageIA"
EXPLORE = {
    "lookup": "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}",
    "lookup-publisher": f"SELECT ?name WHERE {{{{ <{{iri}}> dct:publisher/{FOAF_NAME} ?name }}}}",
    "facet-theme": f"SELECT ?theme (COUNT(?c) AS ?n) WHERE {{{{ {USE_CASE} ; dcat:theme ?theme }}}}"
    " GROUP BY ?theme",
    "facet-region": f"SELECT ?r (COUNT(?c) AS ?n) WHERE {{{{ {USE_CASE} ;"
    " dct:publisher/iacoll:codeRegion ?r }} GROUP BY ?r",
    "text-filter": f"SELECT ?c ?t WHERE {{{{ {USE_CASE} ; dct:title ?t"
    ' FILTER(CONTAINS(LCASE(STR(?t)), "{word}")) }}',
    "aggregate-status": f"SELECT ?s (COUNT(?c) AS ?n) WHERE {{{{ {USE_CASE} ; adms:status ?s }}}}"
    " GROUP BY ?s ORDER BY DESC(?n)",
    "paging": f"SELECT ?c ?t WHERE {{{{ {USE_CASE} ; dct:title ?t FILTER(LANG(?t) = 'fr') }}}}"
    " ORDER BY ?t ?c LIMIT 20 OFFSET {offset}",
}
WORDS = ("chatbot", "donnees", "eau", "agent", "ville", "transport")


def sample_records(public: Path, count: int, seed: int = 7) -> list[str]:
    """``count`` use case IRIs of the public store, drawn at random (fixed seed)."""
    store = ox.Store.read_only(str(public))
    query = "SELECT ?c WHERE { ?c a <https://w3id.org/iacoll/def#CasUsageIA> }"
    found = sorted(row["c"].value for row in store.query(query, use_default_graph_as_union=True))  # type: ignore[index,union-attr]
    return random.Random(seed).sample(found, min(count, len(found)))


def _headers(text: str) -> dict[str, str]:
    construct = any(line.lstrip().upper().startswith("CONSTRUCT") for line in text.splitlines())
    return {"Accept": "application/n-triples" if construct else JSON_RESULTS}


def examples() -> list[Request]:
    """The ``sparql/`` example queries, one request each (label: the file's number)."""
    out = []
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        out.append(Request("ex" + path.name[:2], "", {"query": text}, _headers(text)))
    return out


def explore(records: list[str], rounds: int = 5, seed: int = 11) -> list[Request]:
    """``rounds`` rounds of the explore mix, with records, words and offsets drawn at random."""
    rng = random.Random(seed)
    out = []
    for _ in range(rounds):
        for label, template in EXPLORE.items():
            text = PREFIXES + template.format(
                iri=rng.choice(records), word=rng.choice(WORDS), offset=20 * rng.randrange(10)
            )
            out.append(Request(label, "", {"query": text}, {"Accept": JSON_RESULTS}))
    return out


def at(requests: list[Request], path: str) -> list[Request]:
    """The same requests sent to ``path`` (each system's SPARQL path)."""
    return [Request(r.label, path, r.params, r.headers) for r in requests]


def count(answer: httpx.Response) -> int:
    """Result rows, the boolean (1 / 0) or triples of a SPARQL answer."""
    kind = answer.headers.get("content-type", "")
    if "json" in kind:
        body = json.loads(answer.content)
        return int(body["boolean"]) if "boolean" in body else len(body["results"]["bindings"])
    graph = Graph()
    graph.parse(data=answer.content, format="nt" if "n-triples" in kind else "turtle")
    return len(graph)


def counts(base: str, requests: list[Request], timeout: float = 120) -> dict[str, int | str]:
    """Each distinct request's result count on one system (an error: its status or name)."""
    out: dict[str, int | str] = {}
    with httpx.Client(base_url=base, timeout=timeout) as http:
        for number, request in enumerate(requests):
            key = f"{number:03d}-{request.label}"
            try:
                answer = http.get(request.path, params=request.params, headers=request.headers)
            except httpx.HTTPError as exc:
                out[key] = type(exc).__name__
                continue
            out[key] = count(answer) if answer.status_code == 200 else str(answer.status_code)
    return out


def local(iri: str) -> str:
    """The path on the server of an IRI minted under the default base."""
    return "/" + iri.removeprefix(DEFAULT_BASE) if iri.startswith(DEFAULT_BASE) else iri


def pages(records: list[str]) -> dict[str, list[Request]]:
    """The page workloads: each a list of requests cycled by the clients."""
    turtle = {"Accept": "text/turtle"}
    return {
        "record-html": [Request("record-html", local(r)) for r in records],
        "record-turtle": [Request("record-turtle", local(r) + ".ttl", {}, turtle) for r in records],
        "search-facet": [
            Request("search-facet", "/recherche", {"theme": t})
            for t in ("mobilites", "transition-ecologique", "citoyennete-sante-solidarite")
        ],
        "home": [Request("home", "/")],
        "statistics": [Request("statistics", "/statistiques")],
    }


def _path(iri: str) -> str:
    parts = urlsplit(iri)
    return (
        local(iri)
        if iri.startswith(DEFAULT_BASE)
        else parts.path + ("?" + parts.query if parts.query else "")
    )


def hydra_next(answer: httpx.Response) -> tuple[list[str], int]:
    """The ``hydra:next`` of a Turtle ``/catalogue`` page, and its member count."""
    graph = Graph().parse(data=answer.text, format="turtle")
    links = [_path(str(o)) for o in graph.objects(None, HYDRA.next)]
    return sorted(set(links)), len(set(graph.objects(None, HYDRA.member)))


def ldes_next(answer: httpx.Response) -> tuple[list[str], int]:
    """The ``tree:view`` and ``tree:node`` links of an LDES page (TriG), and its member count."""
    dataset = Dataset()
    dataset.parse(data=answer.text, format="trig")
    found = [*dataset.objects(None, TREE.node), *dataset.objects(None, TREE.view)]
    links = [_path(str(o)) for o in found if isinstance(o, URIRef)]
    members = set(dataset.objects(None, TREE.member))
    return sorted(set(links)), len(members)

"""The example queries of ``sparql/``: documented, answered as expected, confirmed by rdflib.

Each ``sparql/NN-slug.rq`` starts with a French then an English comment line (the first is the
tab title of the query editor). It is run like the public endpoint runs it (the endpoint's guard,
then :func:`iacoll.sparql.workers.execute` over the public graphs of the seed store, as default
and named graphs) and must give ``sparql/expected/NN-slug.srj`` (SPARQL 1.1 JSON results) or
``.ttl`` (CONSTRUCT / DESCRIBE). An independent oracle, rdflib's own SPARQL engine over a
dataset read straight from the source files of the public graphs, must give the same answer, so
that the expected files are not just a snapshot of Oxigraph.

Queries about fields that are restricted upstream (algorithm type, resource links…) answer
little or nothing on the public store. Such a query declares it with a header comment line
starting with ``# complet`` (rule checked here: a query naming a restricted ``iacoll:`` property
of :data:`iacoll.model.fields.FIELDS` must have it, and its English comment must say
"restricted"). It is then *also* run on the complete store (:func:`iacoll.store.full_store_path`,
every graph including ``restreint``, as default and named graphs) and must give
``sparql/expected/NN-slug.complet.srj``, with at least one row, and rdflib over the source files
of every graph must agree. On the public store such a query may answer no row.

After a deliberate change of the data or of a query, rewrite the expected files with
``python -m tests.test_sparql_examples``, then read the diff before committing it.
"""

from __future__ import annotations

import json
import re
import tempfile
import warnings
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result
from rdflib.term import Node

from iacoll import sources, store
from iacoll.model.fields import FIELDS
from iacoll.namespaces import IACOLL, rebase
from iacoll.projection import record_graph, restricted_graph
from iacoll.publishing import seed
from iacoll.settings import Settings
from iacoll.sparql import guard
from iacoll.sparql.workers import Answer, Job, execute

FOLDER = sources.ROOT / "sparql"
EXPECTED = FOLDER / "expected"
QUERIES = sorted(FOLDER.glob("*.rq"))
COMPLETE_MARK = "complet"
COMPLETE_SUFFIX = ".complet.srj"
RESTRICTED_PROPERTIES = sorted(
    {
        str(p)[len(str(IACOLL)) :]
        for f in FIELDS
        if f.access == "restreint"
        for p in f.path
        if str(p).startswith(str(IACOLL))
    }
)
NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.rq$")
RESULT_SUFFIXES = (".srj", ".ttl")
MIN_QUERIES = 15
GRAPH_FORMS = {"ConstructQuery", "DescribeQuery"}

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
DECIMAL_TYPES = {XSD + "decimal"}
FLOAT_TYPES = {XSD + "double", XSD + "float"}

FRENCH_WORDS = r"\b(?:par|des|les|du|de|la|le|et|au|aux|entre|d'|l')"
ENGLISH_WORDS = r"\b(?:the|of|per|and|or|with|by|in|that|which|does|its|their|every)\b"

Term = tuple[str, ...]
Row = tuple[tuple[str, Term], ...]


# --- reading the queries ------------------------------------------------------------------


def _header(text: str) -> list[str]:
    """The leading comment lines of a query, without their ``#``."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def _form(text: str) -> str:
    """``SelectQuery``, ``AskQuery``, ``ConstructQuery`` or ``DescribeQuery``."""
    return str(translateQuery(parseQuery(text)).algebra.name)


def _ordered(text: str) -> bool:
    """Whether the query's solutions come out of a top-level ORDER BY."""
    node: Any = translateQuery(parseQuery(text)).algebra
    while node is not None and getattr(node, "name", None) in {
        "SelectQuery",
        "Project",
        "Distinct",
        "Reduced",
        "Slice",
    }:
        node = node.get("p")
    return getattr(node, "name", None) == "OrderBy"


def _expected_path(query: Path) -> Path:
    suffix = ".ttl" if _form(query.read_text(encoding="utf-8")) in GRAPH_FORMS else ".srj"
    return EXPECTED / f"{query.stem}{suffix}"


def _is_complete(query: Path) -> bool:
    """Whether the query declares that it is also checked on the complete store."""
    return any(line.startswith(COMPLETE_MARK) for line in _header(query.read_text("utf-8")))


def _complete_path(query: Path) -> Path:
    return EXPECTED / f"{query.stem}{COMPLETE_SUFFIX}"


COMPLETE_QUERIES = [q for q in QUERIES if _is_complete(q)]


# --- running a query like the public endpoint ---------------------------------------------


def _graphs(opened: ox.Store) -> tuple[str, ...]:
    """Every named graph of the store: the static ones and one per record."""
    return tuple(sorted(g.value for g in opened.named_graphs() if isinstance(g, ox.NamedNode)))


def _run(opened: ox.Store, settings: Settings, text: str, complete: bool = False) -> Answer:
    graphs = _graphs(opened)
    guard.check_query(text, graphs)
    job = Job(text, graphs, graphs, "json", "TURTLE", settings.query_max_rows)
    answer = execute(opened, job)
    assert answer.error is None, f"{answer.error}: {answer.message}"
    return answer


def _oracle_dataset(settings: Settings, complete: bool = False) -> Dataset:
    """The public graphs (or every graph) read straight from their source files into an
    rdflib dataset."""
    dataset = Dataset(default_union=True)
    for named in store.GRAPHS:
        if not (named.public or complete):
            continue
        target = dataset.graph(URIRef(named.iri(settings.base_iri)))
        for triple in store.content(named, settings):
            target.add(triple)
    for record in seed.seed_records(settings.data_path):
        parts = [(record_graph, record.public)]
        if complete:
            parts.append((restricted_graph, record.restricted))
        for name, part in parts:
            target = dataset.graph(URIRef(name(settings.base_iri, str(record.iri))))
            for triple in rebase(part, settings.base_iri):
                target.add(triple)
    return dataset


# --- comparable forms of results ----------------------------------------------------------


def _literal(value: str, lang: str | None, datatype: str | None) -> Term:
    """A literal as a tuple, numbers by value (Oxigraph canonicalises their lexical form)."""
    if lang:
        return ("literal", value, "@" + lang.lower())
    datatype = datatype or XSD_STRING
    try:
        if datatype in INTEGER_TYPES:
            return ("number", str(int(value)), "integer")
        if datatype in DECIMAL_TYPES:
            return ("number", format(Decimal(value).normalize(), "f"), datatype)
        if datatype in FLOAT_TYPES:
            return ("number", repr(float(value)), "float")
    except (ValueError, InvalidOperation):
        pass
    return ("literal", value, datatype)


def _json_term(term: dict[str, str]) -> Term:
    kind = term["type"]
    if kind == "uri":
        return ("uri", term["value"])
    if kind == "bnode":
        return ("bnode",)  # labels are arbitrary
    return _literal(term["value"], term.get("xml:lang"), term.get("datatype"))


def _rdflib_term(term: Node) -> Term:
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return _literal(str(term), term.language, datatype)
    raise TypeError(f"unexpected term {term!r}")


def _json_rows(body: dict[str, Any]) -> list[Row]:
    return [
        tuple(sorted((name, _json_term(term)) for name, term in binding.items()))
        for binding in body["results"]["bindings"]
    ]


def _rdflib_rows(result: Result) -> list[Row]:
    rows = []
    for solution in result:
        values = zip(result.vars or [], solution, strict=True)
        rows.append(tuple(sorted((str(v), _rdflib_term(t)) for v, t in values if t is not None)))
    return rows


def _same_rows(actual: list[Row], expected: list[Row], ordered: bool) -> bool:
    return actual == expected if ordered else Counter(actual) == Counter(expected)


def _canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` whose numeric literals are written canonically."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype and not o.language:
            kind, value, *_ = _literal(str(o), None, str(o.datatype))
            if kind == "number":
                o = Literal(value, datatype=o.datatype)
        out.add((s, p, o))
    return out


def _turtle(body: bytes) -> Graph:
    return Graph().parse(data=body.decode("utf-8"), format="turtle")


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_store(seed_settings: Settings) -> ox.Store:
    return store.open_public(seed_settings)


@pytest.fixture(scope="module")
def oracle(seed_settings: Settings) -> Dataset:
    return _oracle_dataset(seed_settings)


@pytest.fixture(scope="module")
def complete_store(seed_settings: Settings) -> ox.Store:
    return ox.Store.read_only(str(store.full_store_path(seed_settings)))


@pytest.fixture(scope="module")
def complete_oracle(seed_settings: Settings) -> Dataset:
    return _oracle_dataset(seed_settings, complete=True)


def _ids(path: Path) -> str:
    return path.stem


# --- tests ---------------------------------------------------------------------------------


def test_there_are_enough_example_queries() -> None:
    assert len(QUERIES) >= MIN_QUERIES, f"only {len(QUERIES)} queries in sparql/"


def test_every_query_has_an_expected_result_and_every_result_a_query() -> None:
    wanted = {_expected_path(q).name for q in QUERIES} | {
        _complete_path(q).name for q in COMPLETE_QUERIES
    }
    present = {p.name for p in EXPECTED.iterdir() if p.is_file()} if EXPECTED.is_dir() else set()
    assert sorted(wanted - present) == [], "expected result missing"
    assert sorted(present - wanted) == [], "expected result without a query (or wrong suffix)"
    assert all(p.suffix in RESULT_SUFFIXES for p in EXPECTED.iterdir())


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_query_is_named_and_starts_with_a_french_then_an_english_comment(query: Path) -> None:
    assert NAME.match(query.name), f"{query.name}: expected NN-slug.rq (lowercase ASCII slug)"
    text = query.read_text(encoding="utf-8")
    header = _header(text)
    assert len(header) >= 2 and all(header[:2]), "two comment lines expected first (fr, en)"
    french, english = header[0], header[1]
    assert len(french) <= 60, f"tab title too long ({len(french)} characters): {french}"
    assert french != english
    # a light check of the languages: French words in the title, English words in the second
    assert re.search(FRENCH_WORDS, french, re.I), f"not French? {french}"
    assert re.search(ENGLISH_WORDS, english, re.I), f"not English? {english}"
    assert not re.search(ENGLISH_WORDS, french, re.I), f"English in the French title? {french}"
    assert re.search(r"^\s*PREFIX\s", text, re.I | re.M), "PREFIX declarations expected"


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_query_on_restricted_fields_is_declared_complete(query: Path) -> None:
    text = query.read_text(encoding="utf-8")
    used = [p for p in RESTRICTED_PROPERTIES if re.search(rf"(iacoll:|def#){p}\b", text)]
    if used or _is_complete(query):
        assert _is_complete(query), f"uses restricted {used}: add a '# {COMPLETE_MARK}' line"
        english = " ".join(_header(text)[1:])
        assert "restricted" in english, "the English comment must say the fields are restricted"
        assert _form(text) not in GRAPH_FORMS, "complete-store checks compare SELECT/ASK results"


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_query_gives_its_expected_result_on_the_seed_store(
    query: Path, public_store: ox.Store, seed_settings: Settings
) -> None:
    text = query.read_text(encoding="utf-8")
    answer = _run(public_store, seed_settings, text)
    expected_path = _expected_path(query)
    assert expected_path.exists(), f"{expected_path.name} missing"
    if _form(text) in GRAPH_FORMS:
        actual, expected = _turtle(answer.body), _turtle(expected_path.read_bytes())
        assert len(actual) > 0, "the query gives an empty graph on the seed store"
        assert isomorphic(actual, expected)
        return
    body = json.loads(answer.body)
    wanted = json.loads(expected_path.read_text(encoding="utf-8"))
    if "boolean" in wanted:
        assert body["boolean"] is True, "an ASK example must answer true on the seed store"
        assert body["boolean"] == wanted["boolean"]
        return
    assert body["head"]["vars"] == wanted["head"]["vars"]
    rows = _json_rows(body)
    assert rows or _is_complete(query), "the query gives no row on the seed store"
    assert _same_rows(rows, _json_rows(wanted), _ordered(text))


@pytest.mark.parametrize("query", COMPLETE_QUERIES, ids=_ids)
def test_query_gives_its_expected_result_on_the_complete_store(
    query: Path, complete_store: ox.Store, seed_settings: Settings
) -> None:
    text = query.read_text(encoding="utf-8")
    body = json.loads(_run(complete_store, seed_settings, text, complete=True).body)
    expected_path = _complete_path(query)
    assert expected_path.exists(), f"{expected_path.name} missing"
    wanted = json.loads(expected_path.read_text(encoding="utf-8"))
    assert body["head"]["vars"] == wanted["head"]["vars"]
    rows = _json_rows(body)
    assert rows, "the query gives no row on the complete store"
    assert _same_rows(rows, _json_rows(wanted), _ordered(text))


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_rdflib_agrees_with_the_expected_result(query: Path, oracle: Dataset) -> None:
    _check_oracle(query, oracle, _expected_path(query))


@pytest.mark.parametrize("query", COMPLETE_QUERIES, ids=_ids)
def test_rdflib_agrees_with_the_complete_expected_result(
    query: Path, complete_oracle: Dataset
) -> None:
    _check_oracle(query, complete_oracle, _complete_path(query))


def _check_oracle(query: Path, oracle: Dataset, expected_path: Path) -> None:
    text = query.read_text(encoding="utf-8")
    assert expected_path.exists(), f"{expected_path.name} missing"
    with warnings.catch_warnings():
        # rdflib's Dataset warns about its own use of a deprecated attribute at every lookup
        warnings.simplefilter("ignore", DeprecationWarning)
        result = oracle.query(text)
        if result.type == "SELECT":
            rows = _rdflib_rows(result)
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        assert result.graph is not None
        expected = _turtle(expected_path.read_bytes())
        assert isomorphic(_canonical_graph(result.graph), _canonical_graph(expected))
        return
    wanted = json.loads(expected_path.read_text(encoding="utf-8"))
    if result.type == "ASK":
        assert result.askAnswer == wanted["boolean"]
        return
    assert [str(v) for v in result.vars or []] == wanted["head"]["vars"]
    assert _same_rows(rows, _json_rows(wanted), _ordered(text))


# --- regenerating the expected files -------------------------------------------------------


def regenerate() -> None:
    """Rewrite ``sparql/expected/`` from the queries, run on a freshly built seed store."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({}, store_path=Path(folder))
        store.build(settings)
        public = store.open_public(settings)
        # The handle this process already holds: a read-only snapshot opened beside a writer
        # can lose files to a compaction under way.
        complete = store.open_stores(settings).full
        EXPECTED.mkdir(exist_ok=True)
        for old in EXPECTED.iterdir():
            old.unlink()
        for query in QUERIES:
            text = query.read_text(encoding="utf-8")
            _write(_expected_path(query), _run(public, settings, text))
            if _is_complete(query):
                _write(_complete_path(query), _run(complete, settings, text, complete=True))
        del public, complete


def _write(target: Path, answer: Answer) -> None:
    if target.suffix == ".ttl":
        target.write_bytes(answer.body)
    else:
        body = json.loads(answer.body)
        target.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{target.relative_to(sources.ROOT)}")


if __name__ == "__main__":
    regenerate()

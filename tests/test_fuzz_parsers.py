"""Fuzzing the parsers of what strangers send: ``Accept`` headers (content negotiation), SPARQL
queries (the public endpoint's guard), form pairs and JSON bodies of the write side.

Each parser either answers or raises the project's own error (:class:`IacollError`, a 4xx with a
French message); nothing else escapes. The guard's oracle is Oxigraph itself: every query the
guard accepts is run in an empty in-memory store, with every IRI the generator writes pointing at
a loopback socket that counts connections. A SERVICE (or a LOAD, tried as an update) that the
guard let through makes Oxigraph connect: the count must stay 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from iacoll import conneg
from iacoll.errors import IacollError
from iacoll.sparql import guard
from iacoll.web import api_body, api_jsonld, form_input
from iacoll.web.form_fields import WIDGETS
from tests.fuzz_support import Listener, bounded, listener

# --- content negotiation --------------------------------------------------------------------

MEDIA = st.sampled_from(
    [
        *sorted({f.media_type for f in conneg.FORMATS} | {"*/*", "text/*", "application/*"}),
        *["application/json", "application/xhtml+xml", "image/png", "TEXT/HTML", "ÿ/é", ""],
    ]
)
QVALUES = st.sampled_from(
    [
        *["0", "0.0", "0.000", "1", "1.000", "0.5", "0.001", "0.0001", "", " 0.3 ", "0,5"],
        *["nan", "inf", "-1", "2", "1e3", "9" * 5000],
    ]
)


@st.composite
def accept_headers(draw: st.DrawFn) -> str:
    """An ``Accept`` header: media ranges with q-values, parameters and noise."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        media = draw(MEDIA)
        params = draw(
            st.lists(st.sampled_from(["q=", "Q=", "level=1", "charset=x", ""]), max_size=3)
        )
        rendered = [p + draw(QVALUES) if p.lower() == "q=" else p for p in params]
        parts.append(";".join([media, *rendered]))
    noise = draw(st.text(max_size=30))
    return ", ".join(parts) + draw(st.sampled_from(["", noise, "," * 3]))


CANDIDATE_SETS = [
    conneg.of_kind("html", "rdf"),
    conneg.of_kind("rdf"),
    conneg.of_kind("results"),
    conneg.of_kind("html", "table", "results"),
    conneg.of_kind("dataset"),
]


def refused_exactly(header: str) -> set[str]:
    """Media types the header names only with q=0 (RFC 9110: not acceptable)."""
    qualities: dict[str, set[float]] = {}
    for media, quality in conneg.parse_accept(header):
        qualities.setdefault(media, set()).add(quality)
    return {media for media, found in qualities.items() if found == {0.0}}


@bounded(300)
@given(header=st.one_of(accept_headers(), st.text(max_size=200)), which=st.integers(0, 4))
@example(header="text/html;q=0, application/xhtml+xml", which=0)
@example(header="application/ld+json;q=0, application/json", which=1)
@example(header="text/html;q=0, */*;q=0.1", which=0)
@example(header="*/*;q=nan", which=0)
@example(header=", ".join(f"x/y{i};q=0.5" for i in range(5000)) + ", text/csv", which=2)
def test_negotiation_answers_an_offered_format_never_a_refused_one(header: str, which: int) -> None:
    """Failed before on the first two examples: a format was served with the very media type
    the client had refused (q=0), because an alias of it was accepted."""
    candidates = CANDIDATE_SETS[which]
    try:
        chosen = conneg.negotiate(header, candidates)
    except conneg.NotAcceptable as error:
        assert error.status == 406 and "Formats possibles" in error.message
        return
    assert chosen in candidates
    assert chosen.media_type not in refused_exactly(header)
    assert conneg.negotiate(header, candidates) is chosen  # deterministic


@bounded(150)
@given(name=st.text(max_size=40))
@example(name="\x00")
@example(name=".TTL")
def test_an_explicit_format_is_a_known_one_or_a_400(name: str) -> None:
    try:
        chosen = conneg.negotiate("*/*", conneg.of_kind("rdf"), explicit=name)
    except conneg.UnknownFormat as error:
        assert error.status == 400 and "Format inconnu" in error.message
        return
    assert chosen in conneg.of_kind("rdf")


# --- the SPARQL guard ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sink() -> Iterator[Listener]:
    with listener() as found:
        yield found


def service_words() -> st.SearchStrategy[str]:
    """``SERVICE`` in mixed case, written with escapes or glued to other words."""
    mixed = st.lists(st.booleans(), min_size=7, max_size=7).map(
        lambda ups: "".join(c.upper() if u else c for c, u in zip("service", ups, strict=True))
    )
    return st.one_of(
        mixed,
        st.sampled_from(
            ["\\u0053ERVICE", "SERVIC\\u0045", "S\u0045RVICE", "trueSERVICE", "SERVICE:x"]
        ),
    )


PIECES = [
    "SELECT * WHERE",
    "ASK",
    "CONSTRUCT WHERE",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "?s ?p ?o",
    ".",
    "# a comment SERVICE\n",
    "'a # not a comment'",
    '"""long\n"""',
    "FILTER(1<'x>')",
    "FILTER(1 < 2)",
    "SILENT",
    "LOAD",
    "INSERT DATA { <a:b> <a:b> <a:b> }",
    "DELETE",
    "WITH",
    "FROM",
    "FROM NAMED",
    "VALUES ?x { <a:b> }",
    "ex:e-service",
    "\\",
    "'",
    "<",
    ">",
    "SELECT",
]


@st.composite
def queries(draw: st.DrawFn, port: int) -> str:
    """Grammar-ish queries: prefixes and bases that point at the listener, SERVICE, LOAD and
    FROM in their variants, comments, strings, escapes and brackets, glued in any order."""
    remote = f"http://127.0.0.1:{port}/"
    prologue = draw(
        st.lists(
            st.sampled_from(
                [
                    f"PREFIX r: <{remote}>",
                    f"BASE <{remote}>",
                    f"PREFIX : <{remote}>",
                ]
            ),
            max_size=2,
        )
    )
    iris = st.sampled_from([f"<{remote}q>", "r:q", ":q", "<q>", "<>", f"<{remote}q#'>"])
    body = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PIECES),
                st.tuples(service_words(), st.sampled_from(["", " SILENT"]), iris).map(
                    lambda t: f"{t[0]}{t[1]} {t[2]} {{ ?s ?p ?o }}"
                ),
                iris.map(lambda iri: f"LOAD {iri}"),
                iris.map(lambda iri: f"FROM {iri}"),
            ),
            max_size=12,
        )
    )
    if draw(st.booleans()):  # inside a query's skeleton, where Oxigraph reads more of them
        body = ["SELECT * WHERE { ?s ?p ?o", *body, "}"]
    return "\n".join([*prologue, *body])


def oxigraph_connects(query: str, sink: Listener) -> int:
    """How many connections Oxigraph opens to the listener while running ``query`` on an
    empty store, as a query and as an update (a fresh store each time)."""
    before = sink.connections
    for run in (ox.Store().query, ox.Store().update):
        try:
            result = run(query)
            if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
                list(result)
        except (SyntaxError, OSError, ValueError, RuntimeError):
            pass
    return sink.connections - before


def refuses_or_passes(query: str) -> bool:
    """Whether the guard lets ``query`` through; any error but its own fails the test."""
    try:
        guard.check_query(query, available_graphs=())
    except (guard.QueryRefused, guard.QueryUnreadable) as error:
        assert error.message and error.status in {400, 403}
        return False
    return True


def test_the_oracle_sees_a_service_call(sink: Listener) -> None:
    """The oracle is not blind: an unguarded SERVICE reaches the listener."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{sink.port}/> {{ ?s ?p ?o }} }}"
    assert oxigraph_connects(query, sink) == 1
    assert oxigraph_connects(f"LOAD <http://127.0.0.1:{sink.port}/>", sink) == 1
    assert not refuses_or_passes(query)


@bounded(300)
@given(data=st.data())
def test_an_accepted_query_never_makes_oxigraph_connect(
    sink: Listener, data: st.DataObject
) -> None:
    query = data.draw(queries(sink.port))
    if refuses_or_passes(query):
        assert oxigraph_connects(query, sink) == 0, query


@bounded(300)
@given(query=st.text(max_size=300))
@example(query="\\u0053ERVICE <x:y> {}")
@example(query="'''")
@example(query="SELECT * { " + "(" * 10_000 + " }")
def test_arbitrary_text_is_refused_or_accepted_by_the_guard(query: str) -> None:
    refuses_or_passes(query)


@pytest.mark.parametrize("bracket", ["(", "[", "{"])
def test_nesting_over_the_limit_is_refused(bracket: str) -> None:
    deep = "SELECT * WHERE { ?s ?p " + bracket * (guard.MAX_NESTING + 1) + " }"
    with pytest.raises(guard.QueryRefused, match=f"plus de {guard.MAX_NESTING} parenthèses"):
        guard.check_query(deep, available_graphs=())
    shallow = "SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"
    assert guard.check_query(shallow, available_graphs=()).from_graphs == ()


# --- the write side's parsers ----------------------------------------------------------------

FIELD_KEYS = st.sampled_from(sorted(WIDGETS))


@bounded(200)
@given(pairs=st.dictionaries(st.one_of(FIELD_KEYS, st.text(max_size=8)), st.text(max_size=60)))
@example(pairs={"coll_siret": "\u0661" * 14})  # Arabic-Indic digits
def test_form_pairs_are_read_and_checked_without_error(pairs: dict[str, str]) -> None:
    values = form_input.read_values(pairs)
    assert set(values) == set(WIDGETS)
    problems = form_input.input_problems(values, {}, {})
    for problem in problems:
        assert problem.field in values and problem.message  # French, on its field
    siret = values["coll_siret"]
    if siret and not re.fullmatch(r"\d{14}", re.sub(r"[\s\u00a0\u202f.]", "", siret[0])):
        assert any(p.field == "coll_siret" for p in problems)


JSON_TEXT = st.recursive(
    st.none() | st.booleans() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@bounded(200)
@given(body=st.one_of(st.binary(max_size=200), JSON_TEXT.map(lambda v: repr(v).encode())))
@example(body=b"[" * 100_000)
@example(body=b'{"a":' * 50_000)
@example(body=b"\xef\xbb\xbf")
def test_a_json_body_is_a_value_or_a_400_in_french(body: bytes) -> None:
    try:
        api_body.parse_json(body)
    except api_body.InputError as error:
        assert error.status in {400, 413} and error.message[0].isupper()


@bounded(150)
@given(document=JSON_TEXT)
@example(document={"@context": {"@vocab": "http://example.org/"}, "@id": "x", "a": "b"})
@example(document={"@context": {"@base": 5}})
@example(document={"@id": "http://example.org/a", "@type": ["@json"]})
def test_a_jsonld_document_is_a_graph_or_a_422(document: object) -> None:
    try:
        graph = api_jsonld.parse_jsonld(document, api_jsonld.DEFAULT_BASE)
    except IacollError as error:
        assert error.status == 422 and "JSON-LD" in error.message
        return
    try:
        api_jsonld.record_iri(graph)
    except IacollError as error:
        assert error.status == 422 and "fiche" in error.message

"""Search engines side by side on catalogues of 10 000 and 100 000 records.

Not a test: a measurement, run by hand (``make bench-search``) and committed as a baseline under
``bench/results/``. Three engines answer the same searches — words, facet counts, first page —
over the same records, one after the other on the same machine:

* ``memory`` — iacoll's in-memory index (:class:`iacoll.pages.search.SearchIndex`: postings of
  French Snowball stems, facet values as bitsets), what the search page uses;
* ``sparql`` — a SPARQL search on pyoxigraph (in memory): each word a ``FILTER EXISTS`` with an
  accent- and case-insensitive ``REGEX`` at a word beginning (no stems: SPARQL has none), the
  texts attached to the record itself (the cheapest shape for SPARQL), facets counted by a
  ``GROUP BY`` over the matches;
* ``fts5`` — SQLite's FTS5 full-text index (Python's standard library, in memory) over the same
  folded, stemmed words, ranked by ``bm25`` with the same field weights, facets counted in SQL.

The records are the seed catalogue's, read from a freshly built store, copied until the size is
reached; each copy gets a few words drawn from the seed's own vocabulary in its title and
description, and a word of its own, so the vocabulary grows and postings differ. Every timing is
a whole search: words matched, every facet counted, the first page ranked. Memory is the growth
of the process's resident set while an engine is built (indicative: freed memory is not always
returned to the system). Result counts are printed side by side: ``memory`` and ``fts5`` read
the same words and must agree; ``sparql`` reads the raw text and finds what it can.

Usage: ``python -m bench.search [--sizes 10000 100000] [--repeat 7] [--out bench/results]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from iacoll import store
from iacoll.namespaces import DCT, IACOLL
from iacoll.pages import browse
from iacoll.pages.browse import FACETS
from iacoll.pages.search import FIELD_WEIGHTS, Query, Record, SearchIndex
from iacoll.pages.search_text import STOP_WORDS, collation, query_words, stem, words
from iacoll.pages.site import Site
from iacoll.settings import Settings

PAGE = 20
SLOW_S = 5.0  # a search slower than this on its warm-up is timed once more, not ``repeat``
VERY_SLOW_S = 30.0  # … and one slower than this is timed by its warm-up only
# Typical searches: (words, ticked facet values).
SEARCHES: tuple[tuple[str, Mapping[str, frozenset[str]]], ...] = (
    ("eau", {}),
    ("Marseille", {}),
    ("Toulouse Métropole", {}),
    ("Leakmited", {}),
    ("énergie", {}),
    ("données", {}),
    ("fuites d'eau", {}),
    ("intelligence artificielle", {}),
    ("collectivités", {}),
    ("", {}),
    ("", {"statut": frozenset({"deploiement"})}),
    ("eau", {"theme": frozenset({"transition-ecologique"})}),
)
FACET_KEYS = tuple(f.key for f in FACETS)


@dataclass
class Found:
    """What an engine answers: the number of matches, the first page, the facet counts."""

    total: int
    page: list[str]
    counts: dict[str, Counter[str]] = field(default_factory=dict)


class Engine:
    """An engine built over records, answering a search."""

    name = ""

    def search(self, text: str, filters: Mapping[str, frozenset[str]]) -> Found:
        raise NotImplementedError


# --- memory: iacoll's index ------------------------------------------------------------------


class Memory(Engine):
    name = "memory"

    def __init__(self, records: Sequence[Record]) -> None:
        self.index = SearchIndex(records, FACET_KEYS)

    def search(self, text: str, filters: Mapping[str, frozenset[str]]) -> Found:
        results = self.index.search(Query(text, filters), PAGE)
        return Found(results.total, [r.iri for r in results.hits], dict(results.counts))


# --- fts5: SQLite full-text index over the same analysed words --------------------------------


def analysed(texts: Sequence[str]) -> str:
    """The stems of ``texts``, stop words dropped: what FTS5 indexes."""
    return " ".join(stem(w) for text in texts for w in words(text) if w not in STOP_WORDS)


class Fts5(Engine):
    name = "fts5"
    FIELDS = tuple(FIELD_WEIGHTS)

    def __init__(self, records: Sequence[Record]) -> None:
        self.db = sqlite3.connect(":memory:")
        columns = ", ".join(self.FIELDS)
        self.db.execute(f"CREATE VIRTUAL TABLE fiche USING fts5({columns}, tokenize='unicode61')")
        self.db.execute("CREATE TABLE valeur (fiche INTEGER, facette TEXT, valeur TEXT)")
        self.iris: list[str] = []
        rows, values = [], []
        in_order = sorted(records, key=lambda r: (*collation(r.title), r.iri))  # the index's
        for position, record in enumerate(in_order):
            self.iris.append(record.iri)
            texts = record.fields()
            rows.append((position, *(analysed(list(texts[name])) for name in self.FIELDS)))
            values += [(position, f, v) for f in FACET_KEYS for v in record.values(f)]
        marks = ", ".join("?" * (len(self.FIELDS) + 1))
        self.db.executemany(f"INSERT INTO fiche (rowid, {columns}) VALUES ({marks})", rows)
        self.db.executemany("INSERT INTO valeur VALUES (?, ?, ?)", values)
        self.db.execute("CREATE INDEX valeur_fiche ON valeur (fiche, facette, valeur)")
        self.db.execute("CREATE INDEX valeur_valeur ON valeur (facette, valeur, fiche)")
        self.db.commit()
        weights = ", ".join(str(FIELD_WEIGHTS[name]) for name in self.FIELDS)
        self.rank = f"bm25(fiche, {weights})"

    def size_mb(self) -> float:
        """The size of the database (full-text index and facet table)."""
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        size = self.db.execute("PRAGMA page_size").fetchone()[0]
        return float(pages * size / 2**20)

    @staticmethod
    def match(text: str) -> str | None:
        """The FTS5 query: every word's stem, the last one also as a word beginning."""
        terms = query_words(text)
        if not terms:
            return None
        parts = [f'"{stem(w)}"' for w in terms[:-1]]
        last = terms[-1]
        parts.append(f'("{stem(last)}" OR "{last}"*)' if len(last) >= 3 else f'"{stem(last)}"')
        return " AND ".join(parts)

    @staticmethod
    def _filters(filters: Mapping[str, frozenset[str]]) -> tuple[str, list[str]]:
        """SQL conditions on ``m.fiche`` for the ticked values, and their parameters."""
        sql, params = "", []
        for facet, wanted in sorted(filters.items()):
            marks = ", ".join("?" * len(wanted))
            sql += (
                " AND m.fiche IN (SELECT fiche FROM valeur WHERE facette = ? "
                f"AND valeur IN ({marks}))"
            )
            params += [facet, *sorted(wanted)]
        return sql, params

    def search(self, text: str, filters: Mapping[str, frozenset[str]]) -> Found:
        """The matches go once into a temporary table ``m`` (rowid, bm25 score); the page and
        the facet counts are read from it."""
        match = self.match(text)
        self.db.execute("DROP TABLE IF EXISTS temp.m")
        self.db.execute("CREATE TEMP TABLE m (fiche INTEGER PRIMARY KEY, score REAL)")
        if match:
            self.db.execute(
                f"INSERT INTO m SELECT rowid, {self.rank} FROM fiche WHERE fiche MATCH ?", [match]
            )
        else:
            self.db.execute("INSERT INTO m SELECT rowid, 0 FROM fiche")
        where, params = self._filters(filters)
        total = self.db.execute(f"SELECT COUNT(*) FROM m WHERE 1 {where}", params).fetchone()[0]
        rows = self.db.execute(
            f"SELECT fiche FROM m WHERE 1 {where} ORDER BY score, fiche LIMIT {PAGE}", params
        )
        page = [self.iris[row[0]] for row in rows]
        return Found(total, page, self._counts(filters))

    def _counts(self, filters: Mapping[str, frozenset[str]]) -> dict[str, Counter[str]]:
        """Facet counts over ``m``, each facet ignoring its own ticked values (disjunctive)."""
        counts: dict[str, Counter[str]] = {f: Counter() for f in FACET_KEYS}
        untouched = [f for f in FACET_KEYS if f not in filters]
        groups = [(untouched, dict(filters))]
        groups += [([f], {k: v for k, v in filters.items() if k != f}) for f in filters]
        for facets, others in groups:
            where, params = self._filters(others)
            marks = ", ".join("?" * len(facets))
            sql = (
                "SELECT v.facette, v.valeur, COUNT(*) FROM m JOIN valeur v ON v.fiche = m.fiche "
                f"WHERE v.facette IN ({marks}) {where} GROUP BY v.facette, v.valeur"
            )
            for facet, value, count in self.db.execute(sql, [*facets, *params]):
                counts[facet][value] = count
        return counts


# --- sparql: FILTER(REGEX) on pyoxigraph -------------------------------------------------------

ACCENTS = {
    "a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "y": "yÿ",
}  # fmt: skip
FICHE, TITLE = ox.NamedNode(str(IACOLL.Fiche)), ox.NamedNode(str(DCT.title))
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def pattern(word: str) -> str:
    """An XPath regular expression finding ``word`` (folded) at a word beginning, whatever the
    accents and case of the text."""
    letters = "".join(f"[{ACCENTS[c]}]" if c in ACCENTS else re.escape(c) for c in word)
    return rf"(^|\W){letters}"


class Sparql(Engine):
    name = "sparql"

    def __init__(self, records: Sequence[Record]) -> None:
        self.store = ox.Store()
        text = ox.NamedNode(str(IACOLL) + "texteRecherche")
        self.facet = {f: ox.NamedNode(str(IACOLL) + "facette-" + f) for f in FACET_KEYS}
        quads = []
        for record in records:
            subject = ox.NamedNode(record.iri)
            quads.append(ox.Quad(subject, RDF_TYPE, FICHE))
            quads.append(ox.Quad(subject, TITLE, ox.Literal(record.title)))
            for texts in record.fields().values():
                for value in texts:
                    if value:
                        quads.append(ox.Quad(subject, text, ox.Literal(value)))
            for facet in FACET_KEYS:
                for value in record.values(facet):
                    quads.append(ox.Quad(subject, self.facet[facet], ox.Literal(value)))
        self.store.bulk_extend(quads)

    def _where(self, text: str, filters: Mapping[str, frozenset[str]]) -> str:
        """The graph pattern of a search; the regular expressions are literals written by
        pyoxigraph (a constant pattern is compiled once, the fastest form for SPARQL)."""
        lines = [f"?fiche a {FICHE} ."]
        for number, word in enumerate(query_words(text)):
            regex = ox.Literal(pattern(word))
            lines.append(
                f"FILTER EXISTS {{ ?fiche ?p{number} ?t{number} "
                f'FILTER(isLiteral(?t{number}) && REGEX(?t{number}, {regex}, "i")) }}'
            )
        for number, (facet, wanted) in enumerate(sorted(filters.items())):
            values = " ".join(str(ox.Literal(v)) for v in sorted(wanted))
            lines.append(f"VALUES ?choix{number} {{ {values} }}")
            lines.append(f"?fiche {self.facet[facet]} ?choix{number} .")
        return "\n".join(lines)

    def search(self, text: str, filters: Mapping[str, frozenset[str]]) -> Found:
        where = self._where(text, filters)
        query = f"SELECT ?fiche ?titre WHERE {{ {where} ?fiche {TITLE} ?titre }} ORDER BY ?titre"
        hits = [row["fiche"].value for row in self._select(query)]
        counts: dict[str, Counter[str]] = {f: Counter() for f in FACET_KEYS}
        for facet in FACET_KEYS:
            inner = self._where(text, {k: v for k, v in filters.items() if k != facet})
            query = (
                f"SELECT ?v (COUNT(?fiche) AS ?n) WHERE {{ {{ SELECT ?fiche WHERE {{ {inner} }} }} "
                f"?fiche {self.facet[facet]} ?v }} GROUP BY ?v"
            )
            for row in self._select(query):
                counts[facet][row["v"].value] = int(row["n"].value)
        return Found(len(hits), hits[:PAGE], counts)

    def _select(self, query: str) -> ox.QuerySolutions:
        result = self.store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        return result


# --- data, timing, report ---------------------------------------------------------------------


def seed_records() -> list[Record]:
    """The seed catalogue's records as the search page reads them (from a fresh store)."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({}, store_path=Path(folder))
        store.build(settings)
        public = store.open_public(settings)
        site = Site(settings, public)
        return list(browse.records(site))


def catalogue(seed: Sequence[Record], size: int, seed_value: int = 8) -> list[Record]:
    """``size`` records: the seed ones, then copies with words of the seed's vocabulary added."""
    rng = random.Random(seed_value)
    pool = sorted({w for r in seed for w in words(f"{r.title} {r.description}") if len(w) > 3})
    records = []
    for number in range(size):
        base, copy = seed[number % len(seed)], number // len(seed)
        if copy == 0:
            records.append(base)
            continue
        title = f"{base.title} {' '.join(rng.sample(pool, 2))}"
        description = f"{base.description} {' '.join(rng.sample(pool, 8))} lot{copy}"
        iri = f"{base.iri}-x{copy}"
        records.append(replace(base, iri=iri, path=iri, title=title, description=description))
    return records


def resident_mb() -> float:
    """The resident set of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Timing:
    """p50 and p95 of the repeated runs of one search on one engine, and what it found."""

    p50_ms: float
    p95_ms: float
    found: int


@dataclass
class Size:
    """Every measurement at one catalogue size."""

    records: int
    build_s: dict[str, float] = field(default_factory=dict)
    memory_mb: dict[str, float] = field(default_factory=dict)
    searches: dict[str, dict[str, Timing]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)  # memory and fts5 must agree


def build(
    kind: Callable[[Sequence[Record]], Engine], records: Sequence[Record]
) -> tuple[Engine, float, float]:
    """An engine, its build time (s) and the memory it holds (MB): for ``memory`` the Python
    allocations it keeps (tracemalloc, in a second build), for ``fts5`` the database's size,
    for ``sparql`` the growth of the resident set (indicative)."""
    gc.collect()
    before, start = resident_mb(), time.perf_counter()
    engine = kind(records)
    seconds = time.perf_counter() - start
    gc.collect()
    memory = resident_mb() - before
    if isinstance(engine, Fts5):
        memory = engine.size_mb()
    elif isinstance(engine, Memory):
        tracemalloc.start()
        again = kind(records)
        memory = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        del again
    return engine, seconds, memory


def timed(
    engine: Engine, text: str, filters: Mapping[str, frozenset[str]], repeat: int
) -> tuple[Timing, Found]:
    """p50 and p95 in ms of ``repeat`` runs after one warm-up, and the answer."""
    start = time.perf_counter()
    found = engine.search(text, filters)
    warm = time.perf_counter() - start
    runs = [warm * 1000] if warm > VERY_SLOW_S else []
    for _ in range(0 if runs else 1 if warm > SLOW_S else repeat):
        start = time.perf_counter()
        engine.search(text, filters)
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    p95 = runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]
    return Timing(round(statistics.median(runs), 2), round(p95, 2), found.total), found


def disagreement(one: Found, other: Found) -> str | None:
    """How two answers of the same words differ (total or facet counts), or None."""
    if one.total != other.total:
        return f"total {one.total} ≠ {other.total}"
    for facet in FACET_KEYS:
        mine = +one.counts.get(facet, Counter())
        theirs = +other.counts.get(facet, Counter())
        if mine != theirs:
            return f"facet {facet}: {dict(mine - theirs)} ≠ {dict(theirs - mine)}"
    return None


def label(text: str, filters: Mapping[str, frozenset[str]]) -> str:
    ticked = " ".join(f"{k}={','.join(sorted(v))}" for k, v in sorted(filters.items()))
    return " + ".join(filter(None, (f"« {text} »" if text else "(no words)", ticked)))


ENGINES: tuple[type[Memory] | type[Fts5] | type[Sparql], ...] = (Memory, Fts5, Sparql)


def measure(sizes: list[int], repeat: int) -> tuple[int, list[Size]]:
    """The seed's size, and the measurements at each catalogue size."""
    seed = seed_records()
    runs = []
    for size in sizes:
        records = catalogue(seed, size)
        run = Size(size)
        answers: dict[str, Found] = {}
        for kind in ENGINES:
            engine, seconds, memory = build(kind, records)
            run.build_s[kind.name], run.memory_mb[kind.name] = round(seconds, 2), round(memory)
            print(f"{size} {kind.name}: built in {seconds:.1f} s, +{memory:.0f} MB", flush=True)
            for text, filters in SEARCHES:
                name = label(text, filters)
                timing, found = timed(engine, text, filters, repeat)
                run.searches.setdefault(name, {})[kind.name] = timing
                print(f"  {name}: {timing}", flush=True)
                if kind is Memory:
                    answers[name] = found
                elif kind is Fts5 and (differ := disagreement(answers[name], found)):
                    run.mismatches.append(f"{name}: {differ}")
            del engine
        runs.append(run)
    return len(seed), runs


def _ratio(slow: float, fast: float) -> str:
    return f"{slow / fast:.1f}×" if fast > 0 else "—"


def markdown(seed: int, runs: list[Size], repeat: int) -> str:
    lines = [
        "# Search engines on catalogues of 10 000 and 100 000 records",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, pyoxigraph {ox.__version__}. Records made from the "
        f"{seed} seed records (see `bench/search.py`). A search = words matched, every facet "
        f"counted, first page ranked. p50 / p95 in ms, of {repeat} runs after a warm-up; a "
        f"search slower than {SLOW_S:.0f} s is run twice, one slower than {VERY_SLOW_S:.0f} s "
        "once.",
        "",
    ]
    for run in runs:
        lines += [f"## {run.records:,} records".replace(",", " "), ""]
        built = ", ".join(
            f"{name} {run.build_s[name]} s (+{run.memory_mb[name]:.0f} MB)" for name in run.build_s
        )
        lines += [f"Build time (memory held): {built}.", ""]
        lines += [
            "| search | memory | fts5 | sparql | fts5 / memory | sparql / memory "
            "| found: memory, fts5, sparql |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, row in run.searches.items():
            m, f, s = row["memory"], row["fts5"], row["sparql"]
            lines.append(
                f"| {name} | {m.p50_ms} / {m.p95_ms} | {f.p50_ms} / {f.p95_ms} | "
                f"{s.p50_ms} / {s.p95_ms} | {_ratio(f.p50_ms, m.p50_ms)} | "
                f"{_ratio(s.p50_ms, m.p50_ms)} | {m.found}, {f.found}, {s.found} |"
            )
        lines.append("")
        agree = "memory and fts5 agree on every total and facet count"
        lines += [f"Cross-check: {'; '.join(run.mismatches) or agree}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()
    seed, runs = measure(args.sizes, args.repeat)
    args.out.mkdir(parents=True, exist_ok=True)
    raw = {"seed_records": seed, "runs": [asdict(run) for run in runs]}
    text = json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
    (args.out / "search.json").write_text(text, encoding="utf-8")
    (args.out / "search.md").write_text(markdown(seed, runs, args.repeat), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Synthetic catalogues of N use cases, written through the real write path, then built.

Not a test: the first stage of ``make bench`` (``bench/run.py``). Realism comes from the seed:

* each use case is a copy of a seed use case drawn at random (its themes, status, text lengths,
  partners, vendors and AI system come together, so their joint distribution is the seed's),
  under a new IRI, its system under a new IRI too, and its title ending with its publisher's
  name;
* its publisher is drawn with the seed's distribution of collectivity types: a commune or an
  intercommunality (EPCI, EPT, métropole…) is a real territory of the official reference the
  project ships (:class:`iacoll.model.reference.Reference`, real SIRENs: none is invented), made
  an organisation record as the importers make one
  (:func:`iacoll.model.upstream_organisations.organisation_graph`); any other type (département,
  région, syndicat…) reuses the seed's own publisher. About five use cases per organisation.

Phases, each a subprocess so that its peak RSS is its own (``os.wait4``): ``seed`` (``iacoll
build`` of an empty store: the seed enters the log and the stores), ``write`` (every record
through :meth:`Writer.save_many`, published by the system, in chunks; validation time summed
apart), ``build`` (``iacoll build``: the log projected into the stores, catalogue and dumps).

Usage: ``python -m bench.generate --records 1000 --store DIR`` (phases and times as JSON on
stdout); ``python -m bench.generate write …`` is the inner write phase.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDFS

from iacoll import sources
from iacoll.model.problems import Problem, blocking
from iacoll.model.record import Record
from iacoll.model.reference import Reference, Territory
from iacoll.model.upstream_organisations import (
    NewOrganisation,
    add_territory,
    organisation_graph,
    slugify,
    type_of_territory,
)
from iacoll.namespaces import DCT, IACOLL, ID
from iacoll.publishing.db import Database
from iacoll.publishing.log import State
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Author, Writer
from iacoll.settings import Settings
from iacoll.validation_records import RecordValidator

DATA = sources.ROOT / "data"
CHUNK = 100  # records per save_many (one transaction)
PER_ORGANISATION = 5
SYSTEMS = f"{ID}systeme/"
# type-collectivite concept of a seed publisher → kinds of territory of the reference to draw.
DRAWN = {
    "commune": ("commune",),
    "metropole": ("epci",),
    "communaute-agglomeration": ("epci",),
    "communaute-communes": ("epci",),
    "etablissement-public-territorial": ("ept",),
    "epci": ("epci",),
}
LEGAL_FORM = {"metropole": {"METRO", "MET69"}, "communaute-agglomeration": {"CA"}}
LEGAL_FORM["communaute-communes"] = {"CC"}


class TimedValidator(RecordValidator):
    """The write path's validator, with the time spent validating summed up (wall, and CPU
    of this process)."""

    seconds = 0.0
    cpu_seconds = 0.0

    def problems(
        self, records: Sequence[Record], cited: Graph | None = None
    ) -> dict[URIRef, list[Problem]]:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return super().problems(records, cited)
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu_seconds += time.process_time() - cpu


def _classification(records: dict[str, Record], iri: str) -> str | None:
    org = records.get(iri)
    if org is None:
        return None
    kind = org.public.value(URIRef(iri), ORG.classification)
    return str(kind).rsplit("/", 1)[1] if kind is not None else None


def _territories(reference: Reference, concept: str) -> list[Territory]:
    kinds = DRAWN[concept]
    forms = LEGAL_FORM.get(concept)
    found = [
        t
        for t in reference._by_key.values()
        if t.kind in kinds and t.siren and (forms is None or t.legal_form in forms)
    ]
    return sorted(found, key=lambda t: t.code)


def organisation(territory: Territory) -> Record:
    """The organisation record of a territory of the reference (its SIREN, code, région…)."""
    iri = URIRef(f"{ID}organisation/{slugify(territory.name, 40)}-{territory.code.lower()}")
    graph = organisation_graph(
        iri, NewOrganisation(territory.name, kind=type_of_territory(territory))
    )
    if graph.value(iri, IACOLL.codeInsee) is None:  # a homonym: the reference said nothing
        add_territory(graph, iri, territory)
    return Record(iri, graph, Graph())


def _renamed(graph: Graph, names: dict[URIRef, URIRef]) -> Graph:
    out = Graph()
    for s, p, o in graph:
        out.add((names.get(s, s), p, names.get(o, o)))  # type: ignore[arg-type]
    return out


def use_case(template: Record, number: int, publisher: URIRef, name: str | None) -> Record:
    """A copy of ``template`` as use case ``number`` of ``publisher``."""
    old = template.iri
    iri = URIRef(f"{old}-g{number}")
    names: dict[URIRef, URIRef] = {old: iri}
    for system in template.public.objects(old, None):
        if isinstance(system, URIRef) and str(system).startswith(SYSTEMS):
            names[system] = URIRef(f"{system}-g{number}")
    old_publisher = template.public.value(old, DCT.publisher)
    if isinstance(old_publisher, URIRef):
        names[old_publisher] = publisher
    public, restricted = _renamed(template.public, names), _renamed(template.restricted, names)
    if name is not None:
        for prop in (DCT.title, RDFS.label):
            for title in list(public.objects(iri, prop)):
                head = str(title).split(" — ")[0]
                public.set((iri, prop, type(title)(f"{head} — {name}", lang="fr")))
    return Record(iri, public, restricted)


def records(count: int, seed: int = 13) -> tuple[list[Record], list[Record]]:
    """``count`` use cases and the new organisations they are published by."""
    rng = random.Random(seed)
    seeds = seed_records(DATA)
    by_iri = {str(r.iri): r for r in seeds}
    templates = [r for r in seeds if r.kind == "cas-usage"]
    reference = Reference()
    pools: dict[str, list[Territory]] = {}
    organisations: dict[str, list[tuple[URIRef, str | None]]] = {}
    new_orgs: list[Record] = []
    cases = []
    for number in range(count):
        template = rng.choice(templates)
        publisher = template.public.value(template.iri, DCT.publisher)
        concept = _classification(by_iri, str(publisher)) or ""
        if concept not in DRAWN:
            cases.append(use_case(template, number, URIRef(str(publisher)), None))
            continue
        mine = organisations.setdefault(concept, [])
        if concept not in pools:  # (setdefault would scan the reference for every record)
            pools[concept] = _territories(reference, concept)
        pool = pools[concept]
        if pool and (not mine or rng.random() < 1 / PER_ORGANISATION):  # a new organisation
            territory = pool.pop(rng.randrange(len(pool)))
            org = organisation(territory)
            new_orgs.append(org)
            mine.append((org.iri, territory.name))
        iri, name = rng.choice(mine)
        cases.append(use_case(template, number, iri, name))
    return new_orgs, cases


def write(store: Path, count: int) -> dict[str, Any]:
    """Every generated record through ``Writer.save_many``, published; times and counts."""
    start = time.perf_counter()
    orgs, cases = records(count)
    made = time.perf_counter() - start
    settings = Settings.from_env(store_path=store, data_path=DATA)
    validator = TimedValidator(DATA)
    writer = Writer(settings, Database(settings), validator=validator)
    refused = 0
    for batch in (orgs, cases):
        for first in range(0, len(batch), CHUNK):
            chunk = batch[first : first + CHUNK]
            results = writer.save_many(
                chunk,
                author=Author.system(),
                state=State.PUBLIE,
                source="import",
                all_or_nothing=False,
            )
            for result in results:
                if isinstance(result, list) and blocking(result):
                    refused += 1
                    print(blocking(result)[0], file=sys.stderr)
    return {
        "generate_s": round(made, 2),
        "validation_s": round(validator.seconds, 2),
        "organisations": len(orgs),
        "use_cases": len(cases),
        "refused": refused,
    }


def run_phase(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``command``; its wall time, peak RSS (MB) and the JSON of its last output line."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if child.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}): {errors[-2000:]}")
    phase: dict[str, Any] = {"wall_s": round(wall, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024)}
    lines = text.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        phase.update(json.loads(lines[-1]))
    return phase


def generate(store: Path, count: int) -> dict[str, dict[str, Any]]:
    """The three phases into ``store`` (an empty folder): seed build, write, full build."""
    env = {**os.environ, "IACOLL_STORE_PATH": str(store), "IACOLL_DATA_PATH": str(DATA)}
    here = str(Path(__file__).resolve().parents[1])  # `python -m bench.generate` from anywhere
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    iacoll = str(Path(sys.executable).with_name("iacoll"))
    inner = [sys.executable, "-m", "bench.generate", "write", "--records", str(count)]
    return {
        "seed_build": run_phase([iacoll, "build"], env),
        "write": run_phase([*inner, "--store", str(store)], env),
        "build": run_phase([iacoll, "build"], env),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phase", nargs="?", default="all", choices=["all", "write"])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.phase == "write":
        print(json.dumps(write(args.store, args.records)))
    else:
        args.store.mkdir(parents=True, exist_ok=True)
        print(json.dumps(generate(args.store, args.records)))


if __name__ == "__main__":
    main()

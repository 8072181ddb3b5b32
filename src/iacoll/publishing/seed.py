"""The seed files in ``data/`` enter the revision log as the first revisions of their records.

One record per file of ``cas-usage/``, ``initiative/`` and ``organisation/``, its restricted
part in ``restreint/{slug}.ttl``. A file whose content changed since the last seed revision of
its record becomes a new revision (published by the system, through the write path like any
other); an unchanged file adds nothing, so a restart on an up-to-date log writes nothing.
:func:`iacoll.store.build` does not even read them when their bytes did not change since the
last sync (:func:`files`, fingerprinted in ``build.json``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from sqlalchemy import select

from iacoll import sources
from iacoll.errors import IacollError
from iacoll.model.problems import blocking
from iacoll.model.record import KINDS, Record
from iacoll.namespaces import ID
from iacoll.publishing.log import Revision, State
from iacoll.publishing.write import Author, Writer

# Organisations first: the other records cite them.
ORDER = ("organisation", "cas-usage", "initiative")


class SeedNotValid(IacollError):
    """A seed file does not conform: nothing was written."""

    status = 422


def seed_records(data_path: Path) -> list[Record]:
    """Every record of the seed folder, organisations first."""
    records = []
    for kind in sorted(KINDS, key=ORDER.index):
        for path in sorted((data_path / kind).glob("*.ttl")):
            public = sources.read_rdf(path)
            restricted_path = data_path / "restreint" / path.name
            restricted = sources.read_rdf(restricted_path) if restricted_path.exists() else Graph()
            records.append(Record(URIRef(f"{ID}{kind}/{path.stem}"), public, restricted))
    return records


def files(data_path: Path) -> list[Path]:
    """The files :func:`seed_records` reads (their bytes fingerprint the seed)."""
    found = []
    for kind in sorted(KINDS, key=ORDER.index):
        for path in sorted((data_path / kind).glob("*.ttl")):
            restricted = data_path / "restreint" / path.name
            found += [path, restricted] if restricted.exists() else [path]
    return found


def sync(writer: Writer) -> int:
    """Log every seed record that is new or changed; return how many revisions were added."""
    records = seed_records(writer.settings.data_path)
    with writer.db.transaction() as session:
        rows = session.execute(
            select(Revision.record_iri, Revision.digest)
            .where(Revision.source == "seed")
            .order_by(Revision.number)
        ).all()
        published = dict(
            session.execute(
                select(Revision.record_iri, Revision.number).where(
                    Revision.state == State.PUBLIE.value
                )
            ).all()
        )
    last = {iri: digest for iri, digest in rows}
    changed = [r for r in records if last.get(str(r.iri)) != r.digest()]
    if not changed:
        return 0
    bases = [published.get(str(r.iri)) for r in changed]
    results = writer.save_many(
        changed, author=Author.system(), state=State.PUBLIE, source="seed", bases=bases
    )
    refused = [
        (record, problems)
        for record, problems in zip(changed, results, strict=True)
        if isinstance(problems, list) and blocking(problems)
    ]
    if refused:
        record, problems = refused[0]
        first = blocking(problems)[0]
        raise SeedNotValid(
            f"{len(refused)} fiche(s) des données sources ne sont pas conformes : rien n'a été "
            f"chargé. Première : {record.slug} — {first.field or first.path} : {first.message_fr} "
            "Lancez « iacoll validate data/ »."
        )
    return len(changed)

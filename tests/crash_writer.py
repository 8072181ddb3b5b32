"""A process that publishes revisions in a loop, to be killed with SIGKILL by test_crash.py.

    python -m tests.crash_writer STORE DATA

It first catches up with the log (what a restarting server does), prints ``ready``, then
publishes new titles of a few seed records forever through the write path, printing
``committed <revision id>`` after each commit returns.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from rdflib import Graph, Literal

from iacoll import store
from iacoll.model.record import Record
from iacoll.namespaces import DCT
from iacoll.publishing.log import State
from iacoll.publishing.seed import seed_records
from iacoll.publishing.write import Author, published_revision
from iacoll.settings import Settings

RECORDS = ("sicoval-fuites-eau", "amp-callbot-encombrants", "metz-vipare")


def main() -> None:
    settings = Settings.from_env({}, store_path=Path(sys.argv[1]), data_path=Path(sys.argv[2]))
    writer, projector = store.writer_for(settings)
    projector.catch_up()
    chosen = [r for r in seed_records(settings.data_path) if r.slug in RECORDS]
    writer.validate(chosen[0])  # parse the shapes now, not inside the loop
    print("ready", flush=True)
    for turn in itertools.count():
        record = chosen[turn % len(chosen)]
        public = Graph()
        public += record.public
        public.set((record.iri, DCT.title, Literal(f"Titre n° {turn}", lang="fr")))
        with writer.db.transaction() as session:
            base = published_revision(session, str(record.iri))
            number = base.number if base is not None else None
        saved = writer.save(
            Record(record.iri, public, record.restricted),
            author=Author.system(),
            state=State.PUBLIE,
            base_number=number,
            source="cli",
        )
        print(f"committed {saved.revision_id}", flush=True)


if __name__ == "__main__":
    main()

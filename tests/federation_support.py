"""What the importers' tests share: every violation the shapes find in harvested records."""

from __future__ import annotations

from rdflib import Graph

from iacoll import sources
from iacoll.federation.harvest import Harvested
from iacoll.model.text_checks import literal_problems
from iacoll.model.upstream_organisations import Catalogue
from iacoll.validation_records import RecordValidator


def violations(harvested: list[Harvested], catalogue: Catalogue) -> list[str]:
    """Every violation the shapes and the text checks (what ``Writer.validate`` runs) find in
    the records of ``harvested``, citing the catalogue's organisations and the new ones."""
    records = {r.iri: r for h in harvested for r in h.records}
    cited = Graph()
    cited += catalogue.organisations
    for record in records.values():
        if record.kind == "organisation":
            cited += record.public
    found = RecordValidator(sources.DATA_DIR).problems(list(records.values()), cited)
    out = [
        f"{iri} {p.path}: {p.message_en}"
        for iri, problems in found.items()
        for p in problems
        if p.severity == "violation"
    ]
    return out + [p.message_en for r in records.values() for p in literal_problems(r)]

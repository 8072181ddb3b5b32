"""What the importers' tests share: every violation the shapes find in harvested records."""

from __future__ import annotations

from datetime import UTC, datetime

from rdflib import Graph, URIRef

from iacoll import sources
from iacoll.federation.harvest import Harvested, with_provenance
from iacoll.model.text_checks import literal_problems
from iacoll.model.upstream_organisations import Catalogue
from iacoll.validation_records import RecordValidator


def violations(harvested: list[Harvested], catalogue: Catalogue) -> list[str]:
    """Every violation the shapes and the text checks (what ``Writer.validate`` runs) find in
    the records of ``harvested``, citing the catalogue's organisations and the new ones; each use
    case with the provenance the import engine adds (it is an imported record)."""
    records = {r.iri: r for h in harvested for r in h.records[1:]}
    for h in harvested:
        if h.use_case is not None:
            records[h.use_case.iri] = with_provenance(
                h.use_case,
                registry=h.registry or "test",
                source_id=h.source_id,
                source_url=h.source_url,
                retrieved=datetime(2026, 12, 7, tzinfo=UTC),
                crosswalk=URIRef("https://w3id.org/iacoll/correspondances/test/1.0.0"),
            )
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

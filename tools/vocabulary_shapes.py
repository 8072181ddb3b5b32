"""Write into ``shapes/*.ttl`` the ``sh:in`` list of every vocabulary-membership shape.

Each ``iacoll-sh:Concept…`` node shape names its scheme with ``rdfs:seeAlso <scheme>`` and
enumerates the scheme's concepts in ``sh:in``: an explicit closed list, so that a data file
cannot make a value valid by declaring its own ``skos:inScheme``. After adding or removing a
concept in ``ontology/vocabularies/``, run ``python -m tools.vocabulary_shapes`` and commit the
shapes with it (``tests/test_shapes.py`` fails while a list and its scheme differ).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "shapes"
VOCABULARIES = ROOT / "ontology" / "vocabularies"
BLOCK = re.compile(
    r"(    rdfs:seeAlso <(?P<scheme>[^>]+)> ;\n    sh:in )\((?:[^()]*)\)( ;\n)", re.MULTILINE
)


def concepts_by_scheme() -> dict[str, list[str]]:
    """Every scheme of ``ontology/vocabularies/`` and its concepts, sorted."""
    graph = Graph()
    for path in sorted(VOCABULARIES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    schemes: dict[str, list[str]] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        if isinstance(concept, URIRef):
            schemes.setdefault(str(scheme), []).append(str(concept))
    return {scheme: sorted(concepts) for scheme, concepts in schemes.items()}


def rewrite(text: str, schemes: dict[str, list[str]]) -> str:
    """``text`` with each membership shape's ``sh:in`` list made equal to its scheme."""

    def fill(match: re.Match[str]) -> str:
        concepts = schemes.get(match["scheme"])
        if not concepts:
            raise SystemExit(f"shapes: no concept in scheme <{match['scheme']}>")
        items = "".join(f"        <{c}>\n" for c in concepts)
        return f"{match[1]}(\n{items}    ){match[3]}"

    return BLOCK.sub(fill, text)


def main() -> None:
    schemes = concepts_by_scheme()
    for path in sorted(SHAPES.glob("*.ttl")):  # iacoll.ttl, iacoll-restreint.ttl (footprint)
        text = path.read_text(encoding="utf-8")
        updated = rewrite(text, schemes)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: sh:in lists updated", file=sys.stderr)


if __name__ == "__main__":
    main()

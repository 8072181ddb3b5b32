"""Labels of the standard terms the seed data added for issue 8: the source's heading of a record
(``dct:alternative``) and the citation of a seed document (``dct:bibliographicCitation``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "term.dct:alternative": {"fr": "intitulé dans la source", "en": "heading in the source"},
    "term.dct:bibliographicCitation": {"fr": "référence", "en": "bibliographic citation"},
}

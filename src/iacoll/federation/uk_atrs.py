"""Import the UK Algorithmic Transparency Recording Standard (ATRS) index: GOV.UK's records.

The source is the index the GOV.UK Search API gives (``{meta, records: [...]}``, each record
``publishing_body``, ``tool_name``, ``title``, ``url``, ``published``, ``description``,
``listed_organisations``), as harvested in ``data/atrs_records.json`` of
fabio-rovai/uk-algorithmic-transparency. Each record becomes a use case
``id/cas-usage/uk-{GOV.UK slug}`` carried by the body that runs the tool
(``id/organisation/uk-{name}``, in the United Kingdom); texts are English. The field mapping is
the ``uk-atrs`` crosswalk (``crosswalks/uk-atrs.toml``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from iacoll.federation import crosswalks
from iacoll.federation.fiches import (
    UnreadableSource,
    UseCase,
    day,
    new_organisations,
    organisation,
    rejected,
    text,
)
from iacoll.federation.harvest import Harvested, Source, minted
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import COUNTRY, DCAT, DCT

CROSSWALK = "uk-atrs"
# The index has no theme: the one given comes from the publishing body's main remit (crosswalk),
# an editorial inference, said so on the record.
THEME_NOTE = (
    "Thème attribué par iacoll d'après la mission principale de l'organisme qui publie la fiche "
    "(correspondance uk-atrs) : l'index ATRS n'en donne pas.",
    "Theme assigned by iacoll from the main remit of the body publishing the record (uk-atrs "
    "crosswalk): the ATRS index gives none.",
)
COUNTRY_IRI = COUNTRY["GBR"]  # the register is the UK government's
LANG = "en"
_PREFIXED = re.compile(r"^\s*([A-Z][A-Za-z&]{1,11})\s+[-–:]\s+\S")  # « DSIT - Parlex »


def read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]:
    """One :class:`Harvested` per record of the index."""
    for number, item in enumerate(_records(source), start=1):
        yield harvest(number, item, catalogue)


def _records(source: Source) -> list[dict[str, Any]]:
    try:
        data = json.loads(source.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # too deep
        raise UnreadableSource(
            f"{source.location} : ce n'est pas du JSON ({exc}).",
            detail=f"{source.location}: not JSON ({exc}).",
        ) from exc
    records = data.get("records") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise UnreadableSource(
            f"{source.location} : pas de liste records[] (index ATRS attendu).",
            detail=f"{source.location}: no records[] list (an ATRS index was expected).",
        )
    return [r if isinstance(r, dict) else {} for r in records]


def slug_of(url: str | None) -> str | None:
    """The GOV.UK slug of a record's URL (its last path segment), None for another site."""
    parsed = urlparse((url or "").strip())
    host = parsed.netloc.lower()
    if parsed.scheme not in ("http", "https") or not (host == "gov.uk" or host.endswith(".gov.uk")):
        return None
    segment = parsed.path.rstrip("/").rsplit("/", 1)[-1]
    return segment or None


def harvest(number: int, item: dict[str, Any], catalogue: Catalogue) -> Harvested:
    """The use case (and new organisation) of the ``number``-th record of the index."""
    walk = crosswalks.load(CROSSWALK)
    url = str(item.get("url") or "").strip()
    slug = slug_of(url)
    found = Harvested(
        where=f"enregistrement {number}" + (f" ({slug})" if slug else ""),
        source_id=slug,
        source_url=url or None,
        unmapped=walk.unmapped([k for k, v in item.items() if _present(v)]),
    )
    title = text(str(item.get("title") or ""))
    if slug is None:
        return rejected(
            found,
            "Pas d'URL GOV.UK : la fiche n'a pas d'identifiant stable.",
            "No GOV.UK URL: the record has no stable identifier.",
        )
    if not title:
        return rejected(
            found,
            "Pas de titre (title) : la fiche ne peut être nommée.",
            "No title: the record cannot be named.",
        )
    body = _body(item, title, found.guesses)
    if body is None:
        return rejected(
            found,
            "Aucun organisme (publishing_body, listed_organisations) : pas de porteur.",
            "No body (publishing_body, listed_organisations): no carrier.",
        )
    theme = walk.concept("publishing_body", body)
    notes: list[tuple[str, str]] = []
    if theme is None:
        found.guesses.append(
            f"aucun thème : l'organisme « {body} » n'en a pas dans la correspondance"
        )
    else:
        found.guesses.append(f"thème déduit de l'organisme « {body} » : {_notation(theme.concept)}")
        notes.append(THEME_NOTE)
    carrier = organisation(minted("organisation", "uk", body), body, LANG, COUNTRY_IRI)
    description = text(str(item.get("description") or ""))
    use_case = UseCase(
        iri=minted("cas-usage", "uk", slug),
        title=title,
        description=description,
        lang=LANG,
        publisher=carrier.iri,
        themes=[] if theme is None else [theme.concept],
        notes=notes,
        landing_page=url if walk.target("url") == DCAT.landingPage else None,
        modified=day(item.get("published")) if walk.target("published") == DCT.modified else None,
    )
    tool = text(str(item.get("tool_name") or ""))
    if tool and tool != title and (alternative := walk.target("tool_name")) is not None:
        use_case.extra.append((alternative, tool))
    found.records = [use_case.record(), *new_organisations(catalogue, [carrier])]
    return found


def _body(item: dict[str, Any], title: str, guesses: list[str]) -> str | None:
    """The body that runs the tool: ``publishing_body``, else the acronym opening the title,
    else the last of ``listed_organisations`` (the last two are named guesses)."""
    body = text(str(item.get("publishing_body") or ""))
    if body:
        return body
    if prefixed := _PREFIXED.match(title):
        guesses.append(f"publishing_body absent : « {prefixed.group(1)} » lu en tête du titre")
        return prefixed.group(1)
    listed = [text(str(o)) for o in item.get("listed_organisations") or [] if text(str(o))]
    if not listed:
        return None
    fallback = listed[-1]
    guesses.append(
        f"publishing_body absent : « {fallback} », dernier organisme de listed_organisations"
    )
    return fallback


def _notation(concept: str) -> str:
    return "/".join(concept.rsplit("/", 2)[-2:])


def _present(value: object) -> bool:
    if isinstance(value, list):
        return any(_present(v) for v in value)
    return value is not None and str(value).strip() != ""

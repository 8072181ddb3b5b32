"""Import the Eurocities / Dutch community Algorithmic Transparency Standard (CSV template 0.3.x).

Cities that follow the standard fill its CSV template (``formats/registration-v0.3.1
.template.csv`` of Algoritmeregister/standard: one column per attribute of
``_data/schema-v0_3_1.yaml``, semicolon-separated) and publish it on their own site. Each row
becomes a use case ``id/cas-usage/eu-{uuid}`` carried by its organisation, with the AI system it
deploys (``id/systeme/eu-{uuid}``) when the row describes it; texts carry the row's ``lang``. A
row without ``uuid`` has no stable identifier and is rejected. Contact names and addresses are
never published. The mapping is the ``eurocities-csv`` crosswalk
(``crosswalks/eurocities-csv.toml``; its fields with ``node = "systeme"`` go on the system).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from iacoll.federation import crosswalks
from iacoll.federation.crosswalks import Crosswalk
from iacoll.federation.fiches import (
    UseCase,
    csv_rows,
    day,
    new_organisations,
    organisation,
    rejected,
    text,
)
from iacoll.federation.harvest import Harvested, Source, minted
from iacoll.model.upstream_organisations import Catalogue
from iacoll.namespaces import ADMS, DCAT

CROSSWALK = "eurocities-csv"
REQUIRED = ("name", "organization")
IDENTITY = frozenset({"uuid", "lang"})  # read for the IRI and the language tag, not as values
_WEB = re.compile(r"^https?://[^\s<>\"]+$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")  # ISO 639-1, as the standard asks


@cache
def system_fields() -> frozenset[str]:
    """The source fields the crosswalk puts on the AI system (``node = "systeme"``)."""
    path = crosswalks.FOLDER / f"{CROSSWALK}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return frozenset(f["source"] for f in data.get("field", []) if f.get("node") == "systeme")


def read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]:
    """One :class:`Harvested` per row of the template."""
    seen: dict[str, int] = {}
    for line, row in csv_rows(source, ("uuid", *REQUIRED, "domain")):
        yield harvest(line, row, catalogue, seen)


def harvest(
    line: int, row: dict[str, str], catalogue: Catalogue, seen: dict[str, int]
) -> Harvested:
    """The use case (and new organisation) of the row starting on ``line``; ``seen`` holds the
    uuids read so far (uuid → line)."""
    walk = crosswalks.load(CROSSWALK)
    stated = {k: t for k, v in row.items() if (t := text(v))}
    uuid = stated.get("uuid", "").lower()
    found = Harvested(
        where=f"ligne {line}",
        source_id=uuid or None,
        unmapped=walk.unmapped(list(set(stated) - IDENTITY)),
    )
    if refused := _refusal(stated, uuid, seen, walk):
        return rejected(found, *refused)
    seen[uuid] = line
    lang = _language(stated.get("lang", ""), walk, found)
    body = stated["organization"]
    carrier = organisation(minted("organisation", "eu", body), body, lang, None)
    description = stated.get("description_short")
    if not description:
        description = stated["description"]
        found.guesses.append("description_short vide : la description de l'algorithme la remplace")
    domain = stated.get("domain", "")
    theme = walk.concept("domain", domain) if domain else None
    if theme is None:  # kept without a theme: none is invented (a warning on an imported record)
        found.guesses.append(
            f"aucun thème : le domaine « {domain} » est absent de la correspondance"
            if domain
            else "aucun thème : domaine vide"
        )
    use_case = UseCase(
        iri=minted("cas-usage", "eu", uuid),
        title=stated["name"],
        description=description,
        lang=lang,
        publisher=carrier.iri,
        themes=[] if theme is None else [theme.concept],
        issued=_date(stated, "publication_date", found),
        modified=_date(stated, "last_change_date", found),
        keywords=[k for k in (text(k) for k in re.split(r"[,;]", stated.get("keywords", ""))) if k],
    )
    website = stated.get("website", "")
    if website and _WEB.match(website) and walk.target("website") == DCAT.landingPage:
        use_case.landing_page = found.source_url = website
    elif website:
        _unmapped(found, "website")
    status = _value(walk, stated, "status", found)
    use_case.status = status if walk.target("status") == ADMS.status else None
    use_case.system = _system(walk, stated, lang, found)
    found.records = [use_case.record(), *new_organisations(catalogue, [carrier])]
    return found


def _refusal(
    stated: dict[str, str], uuid: str, seen: dict[str, int], walk: Crosswalk
) -> tuple[str, str] | None:
    """Why the row cannot be imported (French, English), None when it can."""
    if not uuid:
        return (
            "Pas d'uuid : la ligne n'a pas d'identifiant stable.",
            "No uuid: the row has no stable identifier.",
        )
    if uuid in seen:
        return (
            f"Même uuid que la ligne {seen[uuid]}.",
            f"Same uuid as line {seen[uuid]}.",
        )
    missing = [name for name in REQUIRED if name not in stated]
    if not stated.get("description_short") and not stated.get("description"):
        missing.append("description_short")
    if missing:
        names = ", ".join(missing)
        return f"Champ obligatoire vide : {names}.", f"Empty required field: {names}."
    return None


def _language(value: str, walk: Crosswalk, found: Harvested) -> str:
    lang = value.strip().lower()
    if _LANGUAGE.match(lang):
        return lang
    found.guesses.append(f"langue « {value} » inconnue : {walk.language} retenue")
    return walk.language


def _date(stated: dict[str, str], name: str, found: Harvested) -> Literal | None:
    value = day(stated.get(name))
    if value is None and name in stated:
        _unmapped(found, name)
    return value


def _value(walk: Crosswalk, stated: dict[str, str], name: str, found: Harvested) -> URIRef | None:
    """The concept of a controlled value; a value without one is reported as unmapped."""
    if name not in stated:
        return None
    mapping = walk.concept(name, stated[name])
    if mapping is None:
        _unmapped(found, name)
        return None
    return mapping.concept


def _system(
    walk: Crosswalk, stated: dict[str, str], lang: str, found: Harvested
) -> list[tuple[URIRef, Node]]:
    """The AI system's values: texts in ``lang``, the risk level as a concept."""
    values: list[tuple[URIRef, Node]] = []
    for name in sorted(system_fields() & set(stated)):
        target = walk.target(name)
        if target is None:
            continue
        if any(v.field == name for v in walk.values):
            if (concept := _value(walk, stated, name, found)) is not None:
                values.append((target, concept))
        else:
            values.append((target, Literal(stated[name], lang=lang)))
    return values


def _unmapped(found: Harvested, name: str) -> None:
    found.unmapped = sorted({*found.unmapped, name})

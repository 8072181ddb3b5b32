"""Import the JRC AI Watch "service" schema: public-sector AI uses the JRC collected (CSV).

The Joint Research Centre's AI Watch (task 6) put registers of public-sector AI uses into one
cross-border CSV schema (``id,name,type,url,contact,description,geoextent,geocoverage,
lead_organisation_name,…,status,uptake``), e.g. the Helsinki AI register
(``AI-Watch/AI-watch-T6-X: src/12-services-helsinki-ai-register.csv``). Each row becomes a use
case carried by its lead organisation, located in the row's country; texts are English. The
``id`` column is a row counter of each file, so the IRI comes from the system's own page
(``url``): ``id/cas-usage/jrc-{url}``. ``contact`` names a person: it is never published. The
mapping is the ``jrc-aiwatch`` crosswalk (``crosswalks/jrc-aiwatch.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacoll.federation import crosswalks
from iacoll.federation.fiches import (
    UseCase,
    csv_rows,
    flexible_date,
    new_organisations,
    organisation,
    rejected,
    text,
)
from iacoll.federation.harvest import Harvested, Source, minted
from iacoll.model.upstream_organisations import Catalogue

CROSSWALK = "jrc-aiwatch"
LANG = "en"
REQUIRED = ("name", "url", "description", "lead_organisation_name", "primary_sector")
UNKNOWN = "unknown"  # the JRC's value for "not stated"


def read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]:
    """One :class:`Harvested` per row of the CSV."""
    seen: dict[str, int] = {}
    for line, row in csv_rows(source, REQUIRED):
        yield harvest(line, row, catalogue, seen)


def url_id(url: str) -> str:
    """The identifier a system's page gives: its URL without scheme nor trailing slash."""
    return re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")


def harvest(
    line: int, row: dict[str, str], catalogue: Catalogue, seen: dict[str, int]
) -> Harvested:
    """The use case (and new organisation) of the row that starts on ``line``; ``seen`` holds
    the systems read so far (URL → line)."""
    walk = crosswalks.load(CROSSWALK)
    values = {k: text(v) for k, v in row.items()}
    stated = {k: v for k, v in values.items() if v and v.casefold() != UNKNOWN}
    urls = stated.get("url", "").split()
    url = urls[0] if urls else ""
    found = Harvested(
        where=f"ligne {line}",
        source_id=stated.get("id") or (url_id(url) if url else None),
        source_url=url or None,
        unmapped=walk.unmapped([name for name in stated if name != "id"]),  # id: source_id
    )
    missing = [
        name for name in ("name", "description", "lead_organisation_name") if name not in stated
    ]
    if not re.match(r"^https?://[^\s<>\"]+$", url):
        return rejected(
            found,
            "Pas d'URL du système : pas d'identifiant stable.",
            "No URL of the system: no stable identifier.",
        )
    if url_id(url) in seen:
        earlier = seen[url_id(url)]
        return rejected(
            found,
            f"Même URL que la ligne {earlier} : le système y est déjà lu.",
            f"Same URL as line {earlier}: the system is read there already.",
        )
    if missing:
        names = ", ".join(missing)
        return rejected(
            found, f"Champ obligatoire vide : {names}.", f"Empty required field: {names}."
        )
    sector = walk.concept("primary_sector", stated.get("primary_sector", ""))
    if sector is None:  # kept without a theme: none is invented (a warning when imported)
        value = stated.get("primary_sector", "")
        found.guesses.append(
            f"aucun thème : le secteur « {value} » est absent de la correspondance"
        )
    seen[url_id(url)] = line
    if len(urls) > 1:
        found.guesses.append(f"plusieurs URL : la première ({url}) est la page du système")
    country = walk.concept("geocoverage", stated.get("geocoverage", ""))
    if country is None and "geocoverage" in stated:
        found.unmapped = sorted({*found.unmapped, "geocoverage"})
    body = stated["lead_organisation_name"]
    carrier = organisation(
        minted("organisation", "jrc", body), body, LANG, country.concept if country else None
    )
    status = walk.concept("status", stated.get("status", ""))
    if status is None and "status" in stated:
        found.unmapped = sorted({*found.unmapped, "status"})
    started, ended = flexible_date(stated.get("start_date")), flexible_date(stated.get("end_date"))
    for name, date in (("start_date", started), ("end_date", ended)):
        if date is None and name in stated:
            found.unmapped = sorted({*found.unmapped, name})
    use_case = UseCase(
        iri=minted("cas-usage", "jrc", url_id(url)),
        title=stated["name"],
        description=values["description"],
        lang=LANG,
        publisher=carrier.iri,
        landing_page=url,
        status=status.concept if status else None,
        themes=[] if sector is None else [sector.concept],
        started=started,
        ended=ended,
    )
    found.records = [use_case.record(), *new_organisations(catalogue, [carrier])]
    return found

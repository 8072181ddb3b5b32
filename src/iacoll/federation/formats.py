"""The formats ``iacoll import --from`` reads and ``iacoll export --to`` writes, one module each.

An importer module has ``CROSSWALK`` (its crosswalk's format name, :mod:`.crosswalks`) and
``read(source: Source, catalogue: Catalogue) -> Iterator[Harvested]`` (``catalogue``: what is
published, :class:`iacoll.model.upstream_organisations.Catalogue`) (:mod:`.harvest`); an exporter
module has ``MEDIA_TYPE``, ``SUFFIX`` and ``export(store: pyoxigraph.Store, base: str) -> bytes``
reading the public store (published records only, never a restricted field). Modules are
imported when used, so that a format's dependencies load only for it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# --from name → module of iacoll.federation
IMPORTERS: dict[str, str] = {
    "bibliotheque-csv": "bibliotheque_csv",
    "nl-algoritmeregister": "nl_algoritmeregister",
    "uk-atrs": "uk_atrs",
    "eurocities-csv": "eurocities_csv",
    "jrc-aiwatch": "jrc_aiwatch",
    "dcat": "dcat",
}
# --to name → module of iacoll.federation
EXPORTERS: dict[str, str] = {
    "bibliotheque-csv": "bibliotheque_csv_export",
    "nl-algoritmeregister": "nl_algoritmeregister_export",
    "nl-publicatiestandaard": "nl_publicatiestandaard_export",
    "eurocities-csv": "eurocities_csv_export",
    "dcat-ap": "dcat_ap_export",
    "jsonld": "jsonld_export",
    "aiact-database": "aiact_database_export",
}


def _module(table: dict[str, str], name: str) -> ModuleType | None:
    module = table.get(name)
    if module is None:
        return None
    try:
        return importlib.import_module(f"iacoll.federation.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"iacoll.federation.{module}":
            return None  # listed, not built yet
        raise


def importer(name: str) -> ModuleType | None:
    """The importer module of ``name``, None when there is none."""
    return _module(IMPORTERS, name)


def exporter(name: str) -> ModuleType | None:
    """The exporter module of ``name``, None when there is none."""
    return _module(EXPORTERS, name)


def import_formats() -> list[str]:
    return [name for name in IMPORTERS if importer(name) is not None]


def export_formats() -> list[str]:
    return [name for name in EXPORTERS if exporter(name) is not None]

"""The official reference of French public bodies: communes, EPCI, départements, régions.

Read from the npm package ``@etalab/decoupage-administratif`` (the data behind geo.api.gouv.fr:
INSEE's Code officiel géographique, the DGCL's list of EPCI à fiscalité propre, INSEE's list of
EPT), installed under ``node_modules/`` by ``make node``; its version and licence are read from
its ``package.json``. :class:`Reference` finds a territory by INSEE code, by SIREN or by name
(accents, case and punctuation ignored), so that a form can fill the SIREN, kind, département
and région of a collectivité from its name. Positions are in :mod:`iacoll.model.positions`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from iacoll import sources
from iacoll.errors import IacollError
from iacoll.namespaces import INSEE_GEO

DEFAULT_FOLDER = sources.ROOT / "node_modules" / "@etalab" / "decoupage-administratif"
# Licence of the data (the package's README; its package.json gives the code's licence).
DATA_LICENCE = "Licence Ouverte / Open Licence"
DATA_LICENCE_IRI = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
INSEE_KINDS = {"commune": "commune", "departement": "departement", "region": "region"}


class ReferenceMissing(IacollError):
    """The reference package is not installed."""

    status = 500


@dataclass(frozen=True)
class Territory:
    """A collectivité of the reference: a commune, an EPCI (or EPT), a département, a région.

    ``code`` is the code of the COG (an EPCI's is its SIREN); ``departements`` and ``regions``
    are the INSEE codes its territory lies in; ``seat`` the commune that places it (the commune
    itself, the chef-lieu of a département or région, the most populous member of an EPCI).
    """

    kind: str  # commune, epci, ept, departement, region
    code: str
    name: str
    siren: str | None
    departements: tuple[str, ...]
    regions: tuple[str, ...]
    seat: str | None
    legal_form: str = ""  # an EPCI's: METRO, CU, CA, CC, EPT…

    @property
    def insee_iri(self) -> str | None:
        """Its IRI at INSEE (``http://id.insee.fr/geo/commune/75056``), None for an EPCI."""
        kind = INSEE_KINDS.get(self.kind)
        return f"{INSEE_GEO}{kind}/{self.code}" if kind else None


def fold(name: str) -> str:
    """``name`` without accents, case, articles of the COG or punctuation, for lookups."""
    decomposed = unicodedata.normalize("NFKD", name.replace("œ", "oe").replace("Œ", "Oe"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


class Reference:
    """The territories of one version of the package, indexed by code, SIREN and name."""

    def __init__(self, folder: Path = DEFAULT_FOLDER) -> None:
        manifest = folder / "package.json"
        if not manifest.exists():
            raise ReferenceMissing(
                f"{manifest} is missing: run `make node` to install @etalab/decoupage-administratif"
            )
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        self.folder = folder
        self.package: str = meta["name"]
        self.version: str = meta["version"]
        self.licence: str = meta["license"]  # of the package (its code)
        self.data_licence = DATA_LICENCE

    def _read(self, name: str) -> list[dict[str, object]]:
        return json.loads((self.folder / "data" / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    @cached_property
    def _communes(self) -> dict[str, dict[str, object]]:
        return {
            str(c["code"]): c for c in self._read("communes") if c["type"] == "commune-actuelle"
        }

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Territory]:
        found: dict[tuple[str, str], Territory] = {}
        for territory in self._territories():
            found[(territory.kind, territory.code)] = territory
        return found

    @cached_property
    def regions(self) -> dict[str, str]:
        """INSEE code → name of every région (without reading the communes)."""
        return {str(r["code"]): str(r["nom"]) for r in self._read("regions")}

    @cached_property
    def departements(self) -> dict[str, tuple[str, str]]:
        """INSEE code → (name, code of its région) of every département."""
        return {
            str(d["code"]): (str(d["nom"]), str(d["region"])) for d in self._read("departements")
        }

    def _territories(self) -> Iterator[Territory]:
        departements = {str(d["code"]): d for d in self._read("departements")}
        for r in self._read("regions"):
            code = str(r["code"])
            depts = tuple(sorted(k for k, d in departements.items() if d["region"] == code))
            yield Territory("region", code, str(r["nom"]), None, depts, (code,), str(r["chefLieu"]))
        for code, d in departements.items():
            region = str(d["region"])
            yield Territory(
                "departement", code, str(d["nom"]), None, (code,), (region,), str(d["chefLieu"])
            )
        for code, c in self._communes.items():
            siren = str(c["siren"]) if "siren" in c else None
            dept, region = str(c["departement"]), str(c["region"])
            yield Territory("commune", code, str(c["nom"]), siren, (dept,), (region,), code)
        for kind in ("epci", "ept"):
            for e in self._read(kind):
                yield self._grouping(kind, e)

    def _grouping(self, kind: str, entry: dict[str, object]) -> Territory:
        members = [m for m in entry["membres"] if str(m["code"]) in self._communes]  # type: ignore[attr-defined]
        communes = [self._communes[str(m["code"])] for m in members]
        largest = max(members, key=lambda m: int(m.get("populationTotale", 0)), default=None)
        return Territory(
            kind,
            str(entry["code"]),
            str(entry["nom"]),
            str(entry["code"]),
            tuple(sorted({str(c["departement"]) for c in communes})),
            tuple(sorted({str(c["region"]) for c in communes})),
            str(largest["code"]) if largest else None,
            str(entry["type"]),
        )

    @cached_property
    def _by_siren(self) -> dict[str, Territory]:
        return {t.siren: t for t in self._by_key.values() if t.siren}

    @cached_property
    def _by_name(self) -> dict[str, list[Territory]]:
        names: dict[str, list[Territory]] = {}
        for territory in self._by_key.values():
            names.setdefault(fold(territory.name), []).append(territory)
        return names

    def get(self, kind: str, code: str) -> Territory:
        """The territory of ``kind`` with COG ``code`` (an EPCI's SIREN); KeyError if none."""
        found = self._by_key.get((kind, code))
        if found is None:
            raise KeyError(f"no {kind} {code!r} in {self.package} {self.version}")
        return found

    def by_siren(self, siren: str) -> Territory | None:
        """The commune, EPCI or EPT whose SIREN is ``siren``."""
        return self._by_siren.get(siren)

    def by_name(self, name: str, kinds: Iterable[str] = ()) -> list[Territory]:
        """Territories named exactly ``name`` (accents, case, punctuation ignored), largest
        kinds first; only of ``kinds`` when given."""
        wanted = set(kinds)
        found = [t for t in self._by_name.get(fold(name), []) if not wanted or t.kind in wanted]
        order = ("region", "departement", "epci", "ept", "commune")
        return sorted(found, key=lambda t: (order.index(t.kind), t.code))

    def search(self, text: str, limit: int = 10) -> list[Territory]:
        """Territories whose name contains every word of ``text``, exact names first."""
        needle = fold(text).split()
        if not needle:
            return []
        hits = [
            t
            for key, territories in self._by_name.items()
            if all(word in key.split() for word in needle)
            for t in territories
        ]
        hits.sort(key=lambda t: (fold(t.name) != " ".join(needle), len(t.name), t.code))
        return hits[:limit]

    def departement_name(self, code: str) -> str:
        return self.departements[code][0]

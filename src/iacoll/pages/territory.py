"""Where a publisher is: the départements and régions of its territory (INSEE codes).

Every collectivité of the catalogue carries the codes of the official reference
(``iacoll:codeDepartement``, ``iacoll:codeRegion``, written by the seed build from
``@etalab/decoupage-administratif``, see :mod:`iacoll.model.reference`): one value per
département and région its territory lies in (a Région: all its départements). An organisation
that states only a département gets that département's région from the same reference, which
also names the départements and régions. Nothing is guessed from names here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iacoll.model.reference import Reference


@dataclass(frozen=True)
class Place:
    """The départements and régions (INSEE codes) an organisation's territory lies in."""

    departements: frozenset[str]
    regions: frozenset[str]


@dataclass(frozen=True)
class Divisions:
    """The names of the départements and régions, and the région of each département."""

    regions: dict[str, str]
    departements: dict[str, str]
    region_of: dict[str, str]

    @classmethod
    def of(cls, reference: Reference) -> Divisions:
        departements = reference.departements
        return cls(
            dict(reference.regions),
            {code: name for code, (name, _) in departements.items()},
            {code: region for code, (_, region) in departements.items()},
        )

    def place(self, departements: Iterable[str], regions: Iterable[str]) -> Place | None:
        """The place of stated codes (unknown codes dropped); a région from each département."""
        depts = frozenset(code for code in departements if code in self.region_of)
        found = {code for code in regions if code in self.regions}
        found |= {self.region_of[code] for code in depts}
        return Place(depts, frozenset(found)) if found else None

"""Where an organisation is: its département and région (INSEE codes, 2016 régions).

The région facet, the statistics and the home figures place a record by its publisher. A
publisher states its département (``iacoll:codeDepartement``); a Région or a Département — an
organisation classified ``type-collectivite/region`` or ``/departement`` — is placed by its own
name when that name is exactly one official name of its kind (« Région Occitanie »,
« Département d'Ille et Vilaine »). Nothing else is guessed: « Région Sud » (a brand, not the
official name) or a Région named like a département stays unplaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from iacoll.pages.search import fold

# The 18 régions (INSEE codes, 2016 boundaries) and the INSEE codes of their départements.
REGIONS = {
    "84": ("Auvergne-Rhône-Alpes", "01 03 07 15 26 38 42 43 63 69 73 74"),
    "27": ("Bourgogne-Franche-Comté", "21 25 39 58 70 71 89 90"),
    "53": ("Bretagne", "22 29 35 56"),
    "24": ("Centre-Val de Loire", "18 28 36 37 41 45"),
    "94": ("Corse", "2A 2B"),
    "44": ("Grand Est", "08 10 51 52 54 55 57 67 68 88"),
    "32": ("Hauts-de-France", "02 59 60 62 80"),
    "11": ("Île-de-France", "75 77 78 91 92 93 94 95"),
    "28": ("Normandie", "14 27 50 61 76"),
    "75": ("Nouvelle-Aquitaine", "16 17 19 23 24 33 40 47 64 79 86 87"),
    "76": ("Occitanie", "09 11 12 30 31 32 34 46 48 65 66 81 82"),
    "52": ("Pays de la Loire", "44 49 53 72 85"),
    "93": ("Provence-Alpes-Côte d'Azur", "04 05 06 13 83 84"),
    "01": ("Guadeloupe", "971"),
    "02": ("Martinique", "972"),
    "03": ("Guyane", "973"),
    "04": ("La Réunion", "974"),
    "06": ("Mayotte", "976"),
}
REGION_OF = {dept: code for code, (_, depts) in REGIONS.items() for dept in depts.split()}

# The 101 départements by INSEE code (Code officiel géographique).
DEPARTEMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime",
    "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne",
    "25": "Doubs", "26": "Drôme", "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère",
    "30": "Gard", "31": "Haute-Garonne", "32": "Gers", "33": "Gironde", "34": "Hérault",
    "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire", "38": "Isère",
    "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne",
    "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche", "51": "Marne",
    "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse",
    "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise",
    "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe",
    "73": "Savoie", "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime",
    "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme",
    "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée",
    "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne",
    "90": "Territoire de Belfort", "91": "Essonne", "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise", "971": "Guadeloupe",
    "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
}  # fmt: skip

# Words that may open the name of a Région or a Département before its official name
# (« Conseil départemental de la Drôme », « Collectivité de Corse »).
DESIGNATIONS = {
    "region": {"region", "conseil", "regional", "collectivite", "territoriale"},
    "departement": {"departement", "conseil", "departemental", "collectivite", "territoriale"},
}
ARTICLES = {"de", "du", "d", "des", "la", "le", "les", "l"}


@dataclass(frozen=True)
class Place:
    """A département (None for a Région itself) and its région, as INSEE codes."""

    departement: str | None
    region: str


def _key(name: str, opening: set[str]) -> tuple[str, ...]:
    """``name`` folded into words, without the designation and articles that open it."""
    found = re.findall(r"[a-z0-9]+", fold(name))
    while found and found[0] in opening | ARTICLES:
        found.pop(0)
    return tuple(found)


_OFFICIAL = {
    "region": {_key(name, DESIGNATIONS["region"]): code for code, (name, _) in REGIONS.items()},
    "departement": {
        _key(name, DESIGNATIONS["departement"]): code for code, name in DEPARTEMENTS.items()
    },
}


def place(code: str | None, kind: str | None, names: Iterable[str]) -> Place | None:
    """Where an organisation is: its stated département ``code``; else, for an organisation
    of ``kind`` ``region`` or ``departement``, the one official name its ``names`` give."""
    if code is not None and code in REGION_OF:
        return Place(code, REGION_OF[code])
    if kind not in _OFFICIAL:
        return None
    table = _OFFICIAL[kind]
    found = {table.get(_key(name, DESIGNATIONS[kind])) for name in names} - {None}
    if len(found) != 1:
        return None
    (official,) = found
    assert official is not None
    return Place(None, official) if kind == "region" else Place(official, REGION_OF[official])

"""Dates and sizes as people read them, in the page language.

The pages keep the machine form in ``<time datetime="2024-09">``; the text is « septembre
2024 », « 13 mai 2024 », « 1er juin 2024 » (English: « September 2024 », « 13 May 2024 »).
"""

from __future__ import annotations

import re

MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_DATE = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:.]+)?(?:Z|[+-]\d{2}:\d{2})?")


def human_date(text: str, lang: str) -> str | None:
    """``2024``, ``2024-09`` or ``2024-09-13`` (time of day and time zone ignored) in words;
    None for anything else (``2024 environ`` is not shown as ``2024``)."""
    found = _DATE.fullmatch(text)
    if found is None:
        return None
    year, month, day = found.groups()
    if month is None:
        return year
    names = MONTHS.get(lang, MONTHS["fr"])
    if not 1 <= int(month) <= 12:
        return None
    words = f"{names[int(month) - 1]} {year}"
    if day is None:
        return words
    number = int(day)
    first = "1er" if lang == "fr" and number == 1 else str(number)
    return f"{first} {words}"


def human_size(size: int, lang: str) -> str:
    """A byte size in kB/MB with the exact number: « 32,7 ko (32 737 octets) »."""
    french = lang == "fr"
    exact = f"{size:,}".replace(",", "\u00a0" if french else ",")
    unit_bytes = ("octet" if french else "byte") + ("s" if size > 1 else "")
    if size < 1000:
        return f"{exact} {unit_bytes}"
    units = ("ko", "Mo", "Go") if french else ("kB", "MB", "GB")
    value, unit = size / 1000, units[0]
    for bigger in units[1:]:
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    rounded = f"{value:.1f}".replace(".", "," if french else ".")
    return f"{rounded}\u00a0{unit} ({exact} {unit_bytes})"

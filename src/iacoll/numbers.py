"""Whole numbers read from requests (``?page=``, ``Content-Length``, form fields): checked to be
ASCII digits and bounded in length BEFORE Python converts them, since ``int()`` refuses more than
4,300 digits with a ValueError (a 500) and a long digit string costs time to convert."""

from __future__ import annotations

# Nine digits: every page number, count or size iacoll handles is below 10**9 - 1.
MAX_DIGITS = 9
BEYOND = 10**MAX_DIGITS  # what a longer number reads as: more than any real value


def whole(text: str) -> int | None:
    """``text`` as a non-negative whole number: None unless it is ASCII digits; a number of more
    than nine digits reads as :data:`BEYOND`, so comparisons with a limit still hold."""
    text = text.strip()
    if not text or not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    return BEYOND if len(digits) > MAX_DIGITS else int(digits)

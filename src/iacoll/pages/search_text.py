"""How the search reads French text: folding, words, stop words and Snowball stems.

Text is folded first — compatibility decomposition (NFKD), combining marks dropped, ligatures
spelt out, case folded — so « énergétique », « ENERGETIQUE » and « energetique » are one word.
Each folded word is then reduced to its stem by the French Snowball stemmer (``snowballstemmer``,
the algorithm of Lucene, Xapian and PostgreSQL): « fuites » and « fuite », « détecter » and
« détection », « eaux » and « eau » share a stem. Stemming after folding keeps a query typed
without accents equal to the accented text. Stop words (articles, prepositions) are not searched
for, unless a query has nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_WORD = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("french")

# Folded French words too common to search for (Snowball's French list, the short words).
_STOP_WORDS = (
    "a au aux avec c ce ces d dans de des du elle en et eux il j l la le les leur lui m ma mais "
    "me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur "
    "t ta te tes toi ton tu un une vos votre vous y"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())


def fold(text: str) -> str:
    """``text`` without accents, ligatures or case: what the index compares."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def collation(text: str) -> tuple[str, str]:
    """Sort key of a label in French order: accents, ligatures and case ignored first
    (« Établissement » sorts with the E, « Île-de-France » with the I), then the text itself
    to order the ties."""
    return fold(text), text


def words(text: str) -> list[str]:
    """The folded words of ``text`` (apostrophes and hyphens separate words)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The French Snowball stem of a folded word (« fuites » → « fuit »)."""
    return str(_STEMMER.stemWord(word))


def query_words(text: str) -> list[str]:
    """The folded words of a query worth searching: its stop words dropped, unless it has
    only stop words."""
    found = words(text)
    kept = [w for w in found if w not in STOP_WORDS]
    return kept or found

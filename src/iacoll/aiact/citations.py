"""Citations of legal texts, as the rule files write them (``art 5(1)(c)``, ``annexe III 5(a)``,
``cons 53``, ``chap V``, ``rgpd 22(1)``, ``crpa L311-3-1``): parsed, checked against the
structure that ``aiact/sources.toml`` declares, rendered in French and English with a link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PARTS = re.compile(r"\(([0-9a-z]+)\)")


@dataclass(frozen=True)
class Citation:
    text: str  # as written in the rule files
    kind: str  # art, annexe, cons, chap, rgpd, crpa
    number: str  # "5", "III", "53", "L311-3-1"
    parts: tuple[str, ...]  # ("1", "c") for art 5(1)(c); ("5", "a") for annexe III 5(a)

    def label(self, lang: str) -> str:
        """« AI Act, art. 5(1)(c) » / "AI Act, Art. 5(1)(c)"."""
        tail = "".join(f"({p})" for p in self.parts)
        fr = lang == "fr"
        match self.kind:
            case "art":
                return f"AI Act, {'art.' if fr else 'Art.'} {self.number}{tail}"
            case "annexe":
                point = f", point {self.parts[0]}" if self.parts else ""
                sub = f"({self.parts[1]})" if len(self.parts) > 1 else ""
                return f"AI Act, {'annexe' if fr else 'Annex'} {self.number}{point}{sub}"
            case "cons":
                return f"AI Act, {'considérant' if fr else 'recital'} {self.number}"
            case "chap":
                return f"AI Act, {'chapitre' if fr else 'Chapter'} {self.number}"
            case "rgpd":
                return f"{'RGPD, art.' if fr else 'GDPR, Art.'} {self.number}{tail}"
        return f"CRPA, art. {self.number}"

    def url(self, sources: dict[str, Any]) -> str:
        """The ELI of the text with EUR-Lex's anchor (``#art_5``, ``#anx_III``, ``#rct_53``)."""
        if self.kind == "crpa":
            return str(sources["crpa"]["url"])
        if self.kind == "rgpd":
            return f"{sources['rgpd']['eli']}#art_{self.number}"
        anchor = {"art": "art_", "annexe": "anx_", "cons": "rct_", "chap": "cpt_"}[self.kind]
        return f"{sources['aia']['eli']}#{anchor}{self.number}"


def parse(text: str) -> Citation:
    """``"art 5(1)(c)"`` → a :class:`Citation`; ``ValueError`` when it is not one."""
    kind, _, rest = text.strip().partition(" ")
    if kind == "annexe":
        number, _, point = rest.partition(" ")
        match = re.fullmatch(r"(\d*)((?:\([a-z]\))?)", point)
        if not number or match is None:
            raise ValueError(text)
        parts = (match[1], match[2].strip("()")) if match[2] else (match[1],) if match[1] else ()
        return Citation(text, kind, number, parts)
    if kind not in {"art", "cons", "chap", "rgpd", "crpa"}:
        raise ValueError(text)
    match = re.fullmatch(r"([0-9A-Z][0-9A-Z-]*)((?:\([0-9a-z]+\))*)", rest)
    if match is None:
        raise ValueError(text)
    return Citation(text, kind, match[1], tuple(_PARTS.findall(match[2])))


def problem(citation: Citation, sources: dict[str, Any]) -> str | None:
    """Why ``citation`` designates nothing in the declared texts, or None when it exists."""
    aia = sources["aia"]
    checks = {
        "art": lambda: _article(citation, aia),
        "cons": lambda: _within(citation.number, aia["considerants"]),
        "chap": lambda: citation.number in aia["chapitres"],
        "annexe": lambda: _annex(citation, aia),
        "rgpd": lambda: _within(citation.number, sources["rgpd"]["articles"]),
        "crpa": lambda: citation.number in sources["crpa"]["articles_cites"],
    }
    return None if checks[citation.kind]() else f"{citation.text} n'existe pas dans sources.toml"


def _within(number: str, count: int) -> bool:
    return number.isdigit() and 1 <= int(number) <= count


def _article(citation: Citation, aia: dict[str, Any]) -> bool:
    if not _within(citation.number, aia["articles"]):
        return False
    shape = aia["structure"].get(citation.number)
    if not citation.parts or shape is None:
        return True
    paragraph, *points = citation.parts
    if not _within(paragraph, shape["paragraphes"]):
        return False
    allowed = shape.get("points", {}).get(paragraph, "")
    return all(len(p) == 1 and p in allowed for p in points)


def _annex(citation: Citation, aia: dict[str, Any]) -> bool:
    if citation.number not in aia["annexes"]:
        return False
    shape = aia["annexe"].get(citation.number)
    if not citation.parts or shape is None:
        return True
    point, *sub = citation.parts
    if not _within(point, shape["points"]):
        return False
    return all(s in shape.get("sous_points", {}).get(point, "") for s in sub)

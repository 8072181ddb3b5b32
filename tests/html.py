"""A small DOM over ``html.parser``: enough to read iacoll's own pages as a person would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    """An HTML element with its attributes and children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def all(self, tag: str | None = None, **attrs: str) -> Iterator[Element]:
        """Descendants with ``tag`` (any tag when None) and the given attributes.

        ``class_="x"`` matches an element having class ``x``; ``aria_current`` stands for
        ``aria-current``.
        """
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and all(
                _has(child, k, v) for k, v in attrs.items()
            ):
                yield child
            yield from child.all(tag, **attrs)

    def one(self, tag: str | None = None, **attrs: str) -> Element:
        """The only matching descendant (fails when there are none or several)."""
        found = list(self.all(tag, **attrs))
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> in the page"
        return found[0]

    def first(self, tag: str | None = None, **attrs: str) -> Element:
        """The first matching descendant (fails when there is none)."""
        found = next(self.all(tag, **attrs), None)
        assert found is not None, f"no <{tag} {attrs}>"
        return found

    def field(self, label: str) -> Element:
        """The ``<dd>`` of the ``<dt>`` labelled ``label``."""
        for pair in self.all("div"):
            terms = [c for c in pair.children if isinstance(c, Element) and c.tag == "dt"]
            if terms and terms[0].text == label:
                return pair.first("dd")
        raise AssertionError(f"no field {label!r}")

    def links(self) -> dict[str, str]:
        """Link texts by target."""
        return {a.attrs.get("href", ""): a.text for a in self.all("a")}


def _has(node: Element, name: str, value: str) -> bool:
    name = name.rstrip("_").replace("_", "-")
    if name == "class":
        return value in node.attrs.get("class", "").split()
    return node.attrs.get(name) == value


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(html: str) -> Element:
    """Parse a page."""
    builder = _Builder()
    builder.feed(html)
    return builder.root

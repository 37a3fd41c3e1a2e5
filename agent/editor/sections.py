"""Rendering a long article section by section, so a keystroke re-renders only its section.

A Markdown body is cut before each ATX heading (``#``…``######`` at the start of a line) outside
fenced code. In CommonMark such a heading always ends whatever block came before it (paragraph,
list, quote), so the HTML of the whole body is the HTML of its sections joined — the same output
operators get from rendering it in one piece (a test compares them). Sections are cached by text.

Thread rule: one :class:`SectionRenderer` per thread (its cache is not locked).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable

_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.MULTILINE)


def split_sections(body: str) -> list[str]:
    """The body cut before each heading outside fenced code; joining them gives it back."""
    sections: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        opened = _FENCE_RE.match(line)
        if fence is None and _HEADING_RE.match(line) and current:
            sections.append("".join(current))
            current = []
        if opened and fence is None:
            fence = opened.group(1)[0] * 3
        elif opened and fence is not None and opened.group(1).startswith(fence):
            fence = None
        current.append(line)
    if current:
        sections.append("".join(current))
    return sections


class SectionRenderer:
    """``render(body)`` with the HTML of unchanged sections taken from a cache."""

    def __init__(self, render: Callable[[str], str], size: int = 512) -> None:
        self._render = render
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._size = size

    def __call__(self, body: str) -> str:
        if _REFERENCE_RE.search(body):  # link reference definitions reach across sections
            return self._render(body)
        parts = []
        for section in split_sections(body):
            html = self._cache.get(section)
            if html is None:
                html = self._render(section)
                self._cache[section] = html
                if len(self._cache) > self._size:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(section)
            parts.append(html)
        return "".join(parts)

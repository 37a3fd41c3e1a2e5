"""Rendering a long article section by section, so a keystroke re-renders only its section.

A Markdown body is cut before each ATX heading (``#``…``######`` at the start of a line) outside
fenced code. In CommonMark such a heading always ends whatever block came before it (paragraph,
list, quote), so the HTML of the whole body is the HTML of its sections joined — what operators
get from the same renderer in one piece, only cut into the view's chunks at more places (a test
compares them). Sections are rendered by the operators' renderer and cached by text; a body the
renderer would shorten, or one with link reference definitions (they reach across sections), is
rendered whole.

Thread rule: one :class:`SectionRenderer` per thread (its cache is not locked).
"""

from __future__ import annotations

import re
from collections import OrderedDict

from agent.ui.article_render import LIMITS, RenderedBody, render_markdown

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
    """``render(body)`` with the chunks of unchanged sections taken from a cache."""

    def __init__(self, size: int = 512) -> None:
        self._cache: OrderedDict[str, RenderedBody] = OrderedDict()
        self._size = size

    def __call__(self, body: str) -> RenderedBody:
        if len(body) > LIMITS.body_chars // 4 or _REFERENCE_RE.search(body):
            return render_markdown(body)
        parts = [self._section(section) for section in split_sections(body)]
        if any(p.cut for p in parts) or sum(len(p.images) for p in parts) > LIMITS.images:
            return render_markdown(body)  # the whole-body limits decide what is left out
        return RenderedBody([c for p in parts for c in p.chunks],
                            [n for p in parts for n in p.images],
                            sum(p.blocked_images for p in parts), False)

    def _section(self, section: str) -> RenderedBody:
        rendered = self._cache.get(section)
        if rendered is None:
            rendered = render_markdown(section)
            self._cache[section] = rendered
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(section)
        return rendered

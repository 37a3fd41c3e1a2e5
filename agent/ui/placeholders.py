"""Filling ``{placeholders}`` in KB replies from the call, the note and the site settings.

Pure functions, no Qt: safe from any thread.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from agent.ui.content import breakable, clean

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
SHOWN_CHARS = 500  # a card shows at most this much of a reply (the copy has all of it)


@dataclass(frozen=True, slots=True)
class FilledReply:
    """A reply with its placeholders resolved as far as the values allow."""

    template: str
    text: str  # what goes to the clipboard; unfilled placeholders stay as ``{name}``
    html: str  # for the card: escaped, bounded, breakable; unfilled placeholders highlighted
    missing: tuple[str, ...]


def fill(template: str, values: dict[str, str]) -> FilledReply:
    """Replace every ``{name}`` that has a non-empty value; report the rest as missing.

    The card's HTML shows the reply and the values as text (escaped, without bidi controls,
    with break opportunities in long words) and at most :data:`SHOWN_CHARS` of it.
    """
    text_parts: list[str] = []
    html_parts: list[str] = []
    missing: list[str] = []
    left = SHOWN_CHARS  # characters the card may still show

    def show(part: str, markup: str = "{}") -> None:
        nonlocal left
        if left <= 0:
            return
        text = clean(part)
        if len(text) > left:
            text = text[:left] + "…"
        left -= len(text)
        html_parts.append(markup.format(html.escape(breakable(text))))

    pos = 0
    for match in PLACEHOLDER.finditer(template):
        before = template[pos : match.start()]
        text_parts.append(before)
        show(before)
        name = match.group(1)
        value = (values.get(name) or "").strip()
        if value:
            text_parts.append(value)
            show(value, "<b>{}</b>")
        else:
            missing.append(name)
            text_parts.append(match.group(0))
            show(match.group(0), '<span style="background-color:#ffe08a;color:#5a3b00;">{}</span>')
        pos = match.end()
    text_parts.append(template[pos:])
    show(template[pos:])
    return FilledReply(template, "".join(text_parts), "".join(html_parts), tuple(missing))


def normalize_dial_text(text: str) -> str:
    """Make pasted numbers dialable: ``+7 (495) 123-45-67`` → ``+74951234567``.

    SIP URIs and anything with letters or ``@`` are only trimmed.
    """
    stripped = text.strip()
    if not stripped:
        return ""
    if stripped.lower().startswith(("sip:", "sips:", "tel:")) or "@" in stripped:
        return stripped
    candidate = re.sub(r"[\s\-().\u00a0\u2010-\u2015/]", "", stripped)
    if re.fullmatch(r"\+?[0-9*#]+", candidate):
        return candidate
    return stripped

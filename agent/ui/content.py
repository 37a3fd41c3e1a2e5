"""Text from articles, notes and calls made safe to show among the app's own words.

Everything an editor, a caller or a remote SIP peer wrote is *content*: it is shown as plain
text (never as markup), without the explicit bidi controls that could reverse the app's text
around it, inside a bidi isolate, bounded in length, and with break opportunities in very long
words so that it can never force a widget wider than the screen.

Pure functions, no Qt: safe from any thread.
"""

from __future__ import annotations

import html
import re

ELLIPSIS = "…"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate ... pop directional isolate
ZWSP = "\u200b"  # a line may break here; nothing is shown
LONG_WORD = 30  # characters without a break opportunity before one is added

# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): content must not
# open or close directional runs of its own. Marks (LRM, RLM) are harmless and stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls except tab and newline, and the line/paragraph separators.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_UNBROKEN = re.compile(r"[^\s\u200b]{" + str(LONG_WORD + 1) + ",}")


def clean(text: str, limit: int | None = None) -> str:
    """``text`` without bidi controls or control characters, cut to ``limit`` characters."""
    text = _CONTROLS.sub(" ", _BIDI_CONTROLS.sub("", str(text)))
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + ELLIPSIS
    return text


def one_line(text: str, limit: int | None = None) -> str:
    """:func:`clean`, with every run of whitespace (newlines included) as one space."""
    return clean(" ".join(clean(text).split()), limit)


def isolate(text: str, limit: int | None = None) -> str:
    """Clean ``text`` and wrap it in a bidi isolate, to sit among the app's own words."""
    return FSI + clean(text, limit) + PDI


def breakable(text: str) -> str:
    """Add invisible break opportunities inside words longer than :data:`LONG_WORD`."""
    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZWSP.join(word[i: i + LONG_WORD] for i in range(0, len(word), LONG_WORD))

    return _UNBROKEN.sub(split, text)


def without_breaks(text: str) -> str:
    """Undo :func:`breakable` (for text that is copied)."""
    return text.replace(ZWSP, "")


def button_text(text: str, limit: int = 80) -> str:
    """A label for a button or menu entry: one line, isolated, ``&`` shown as itself (content
    never gets an Alt mnemonic)."""
    return isolate(one_line(text, limit)).replace("&", "&&")


def tooltip(text: str, limit: int = 600) -> str:
    """A tooltip showing ``text`` literally: Qt would render a tooltip that looks like HTML, so
    it is escaped inside markup of our own."""
    body = html.escape(breakable(clean(text, limit))).replace("\n", "<br>")
    return f"<p>{body}</p>"


def escaped(text: str, limit: int | None = None) -> str:
    """``text`` for a rich-text context of our own (escaped, isolated, breakable)."""
    return html.escape(FSI + breakable(clean(text, limit)) + PDI)

"""Checks every text on the wire goes through: no NUL, no lone surrogate, no bidi controls.

A NUL cannot be stored in PostgreSQL text; a lone UTF-16 surrogate is not a character and cannot
be encoded as UTF-8 (SQLite, the hub and the signature all need that); bidi controls (U+202E and
friends) can turn the text around them backwards, so articles and names lose them.

Pure functions; safe from any thread.
"""

from __future__ import annotations

BIDI_CONTROLS = frozenset(
    "\u061c"  # Arabic letter mark
    "\u200e\u200f"  # left-to-right / right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot travel (a NUL or a lone surrogate), or None."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (f"contains a lone UTF-16 surrogate ({text[exc.start]!a}) at position "
                f"{exc.start}, which is not a character")
    return None


def has_bidi_controls(text: str) -> bool:
    return not BIDI_CONTROLS.isdisjoint(text)


def strip_bidi_controls(text: str) -> str:
    """``text`` without the characters of :data:`BIDI_CONTROLS`."""
    return text.translate(_BIDI_TABLE)

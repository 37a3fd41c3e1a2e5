"""Spreadsheet-safe CSV cells: texts that came from workstations never run as formulas.

A spreadsheet treats a cell as a formula (or a DDE command) when it starts with ``=``, ``+``,
``-``, ``@`` or ``|``, also after leading whitespace or a newline, after a quote or ``;`` that a
sloppy import splits on, and in the full-width forms (``＝``) some spreadsheets fold to ASCII.
Such a cell gets a leading apostrophe, which spreadsheets show as text and hide.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import unicodedata
from typing import Any

FORMULA_LEADERS = frozenset("=+-@|\"';\t\r\n")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet might read ``text`` as a formula (see the module docstring)."""
    if not text:
        return False
    first = unicodedata.normalize("NFKC", text[0])[:1]
    return first in FORMULA_LEADERS or first.isspace() or not first.isprintable()


def csv_cell(value: Any) -> str:
    """``value`` as a CSV cell that no spreadsheet runs (``None`` is empty)."""
    text = "" if value is None else str(value)
    return "'" + text if starts_like_formula(text) else text

"""Readable differences: word level (Russian sentences change by a word) and field by field.

Pure functions; safe from any thread. HTML output is escaped text in spans only (inert).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from agent.editor.model import EDIT_FIELDS, ArticleData, field_text

_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")
INSERTED_STYLE = "background-color:#c9f2c9;color:#0b4d0b;"
DELETED_STYLE = "background-color:#f8cccc;color:#7a0d0d;text-decoration:line-through;"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``=`` (same), ``-`` (removed) or ``+`` (added), word by word."""
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", "".join(b[j1:j2])))
    return parts


CONTEXT_CHARS = 160  # unchanged text kept around a change; longer runs are cut to "…"


def _shorten(text: str, first: bool, last: bool) -> str:
    if len(text) <= 2 * CONTEXT_CHARS + 20:
        return text
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    return f"{head} … {tail}"


def diff_html(parts: list[tuple[str, str]]) -> str:
    """Inert HTML of a word diff; long unchanged stretches between changes are shortened."""
    out = []
    for index, (op, text) in enumerate(parts):
        if op == "=":
            text = _shorten(text, index == 0, index == len(parts) - 1)
        escaped = html.escape(text).replace("\n", "<br>")
        if op == "+":
            out.append(f'<span style="{INSERTED_STYLE}">{escaped}</span>')
        elif op == "-":
            out.append(f'<span style="{DELETED_STYLE}">{escaped}</span>')
        else:
            out.append(escaped)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str
    new: str

    @property
    def parts(self) -> list[tuple[str, str]]:
        return word_diff(self.old, self.new)


def field_changes(old: ArticleData | None, new: ArticleData | None) -> list[FieldChange]:
    """The edited fields that differ, in form order."""
    changes = []
    for field in EDIT_FIELDS:
        before, after = field_text(old, field), field_text(new, field)
        if before != after:
            changes.append(FieldChange(field, before, after))
    return changes


def changes_html(changes: list[FieldChange], labels: dict[str, str]) -> str:
    """All changes as one inert HTML page: a heading per field, then its word diff."""
    if not changes:
        return ""
    return "".join(f"<h3>{html.escape(labels.get(c.field, c.field))}</h3>"
                   f"<p>{diff_html(c.parts)}</p>" for c in changes)

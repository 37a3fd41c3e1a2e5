"""Syntax highlighting for the editor: Markdown in the body, ``{placeholders}`` in replies.

Thread rule: GUI thread only (highlighters live on a document).
"""

from __future__ import annotations

import re
from typing import ClassVar

from PyQt6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from agent.editor.rules import KNOWN_PLACEHOLDERS, PLACEHOLDER_RE


def _format(color: str, *, bold: bool = False, italic: bool = False,
            background: str | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if background:
        fmt.setBackground(QColor(background))
    return fmt


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings, emphasis, code, links, list markers and quotes, line by line."""

    RULES: ClassVar[list[tuple[re.Pattern[str], QTextCharFormat]]] = []

    def __init__(self, document: QTextDocument | None) -> None:
        super().__init__(document)
        if not MarkdownHighlighter.RULES:
            MarkdownHighlighter.RULES = [
                (re.compile(r"^#{1,6}\s.*$"), _format("#1f4e8c", bold=True)),
                (re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), _format("#222222", bold=True)),
                (re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)|(?<!\w)_[^_\s][^_]*_(?!\w)"),
                 _format("#333333", italic=True)),
                (re.compile(r"`[^`]+`"), _format("#8a3b00", background="#eef1f4")),
                (re.compile(r"!?\[[^\]]*\]\([^)]*\)"), _format("#0b6e4f")),
                (re.compile(r"^\s*([-*+]|\d+\.)\s"), _format("#8a5a00", bold=True)),
                (re.compile(r"^>.*$"), _format("#666666", italic=True)),
                (PLACEHOLDER_RE, _format("#5a3b00", background="#ffe08a")),
            ]

    def highlightBlock(self, text: str | None) -> None:
        for pattern, fmt in self.RULES:
            for match in pattern.finditer(text or ""):
                self.setFormat(match.start(), match.end() - match.start(), fmt)


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Known placeholders on amber (as operators see them unfilled), unknown ones on red."""

    def __init__(self, document: QTextDocument | None) -> None:
        super().__init__(document)
        self.known = _format("#5a3b00", background="#ffe08a")
        self.unknown = _format("#ffffff", bold=True, background="#c62828")

    def highlightBlock(self, text: str | None) -> None:
        for match in PLACEHOLDER_RE.finditer(text or ""):
            fmt = self.known if match.group(1) in KNOWN_PLACEHOLDERS else self.unknown
            self.setFormat(match.start(), match.end() - match.start(), fmt)

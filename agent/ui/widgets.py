"""Small widget helpers shared by the panels. Thread rule: GUI thread only."""

from __future__ import annotations

from typing import TypeVar

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QWidget

from agent.ui.content import isolate

T = TypeVar("T")


def repolish(*widgets: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property used by a selector changed."""
    for widget in widgets:
        style = widget.style()
        if style is not None:
            style.unpolish(widget)
            style.polish(widget)


def plain_label(text: str = "", wrap: bool = False) -> QLabel:
    """A label that never interprets its text as HTML (for anything that may hold content:
    titles, caller IDs, note text, messages quoting them)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def elided(widget: QWidget, text: str, pixels: int) -> str:
    """Content cut to ``pixels`` in ``widget``'s font and isolated, to sit in a sentence of the
    app's without making the widget wider than that."""
    return isolate(widget.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, pixels))


def present(value: T | None) -> T:
    """Qt getters are typed as optional; these (headers, selection models...) always exist."""
    assert value is not None
    return value

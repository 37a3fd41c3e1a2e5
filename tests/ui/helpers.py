"""Small helpers for driving widgets like a person does."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QCoreApplication, QEvent, Qt
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key. ``QTest.keyClicks`` aborts on Cyrillic, so events are built
    per character."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        QCoreApplication.processEvents()


def press(widget: QWidget, key: Qt.Key,
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def search_for(qtbot: Any, panel: Any, text: str, rows: int = 1) -> None:
    """Type ``text`` into the KB panel's field and wait for the results of the whole query
    (at least ``rows`` of them), not those of a prefix searched while it was being typed."""
    type_text(panel.search_field, text)
    query = panel.search_field.text()
    qtbot.waitUntil(lambda: panel.last_result is not None and panel.last_result.query == query
                    and panel.results_model.rowCount() >= rows, timeout=15000)

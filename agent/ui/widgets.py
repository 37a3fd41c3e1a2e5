"""Small widget helpers shared by the panels. Thread rule: GUI thread only."""

from __future__ import annotations

from typing import TypeVar

from PyQt6.QtCore import QEvent, QObject, Qt
from PyQt6.QtWidgets import QAbstractItemView, QLabel, QWidget

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


class MessageLabel(QLabel):
    """A wrapped plain-text label that takes no room while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setVisible(False)

    def setText(self, text: str | None) -> None:
        super().setText(text or "")
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.setVisible(False)


class EmptyHint(QLabel):
    """A grey sentence in the middle of an item view while its model has no rows: an empty
    white box says nothing, this says what will appear there (or why nothing does)."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        viewport = view.viewport()
        assert viewport is not None
        super().__init__(text, viewport)
        self.view = view
        self.setObjectName("emptyListHint")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        viewport.installEventFilter(self)
        model = view.model()
        assert model is not None
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.layoutChanged):
            signal.connect(self.update_shown)
        self.update_shown()

    def update_shown(self, *_args: object) -> None:
        model = self.view.model()
        self.setVisible(model is not None and model.rowCount() == 0)
        self._fit()

    def _fit(self) -> None:
        viewport = self.view.viewport()
        if viewport is not None:
            self.setGeometry(viewport.rect().adjusted(8, 8, -8, -8))

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and event.type() == QEvent.Type.Resize:
            self._fit()
        return False


def elided(widget: QWidget, text: str, pixels: int) -> str:
    """Content cut to ``pixels`` in ``widget``'s font and isolated, to sit in a sentence of the
    app's without making the widget wider than that."""
    return isolate(widget.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, pixels))


def present(value: T | None) -> T:
    """Qt getters are typed as optional; these (headers, selection models...) always exist."""
    assert value is not None
    return value

"""Small widget helpers shared by the panels. Thread rule: GUI thread only."""

from __future__ import annotations

from typing import TypeVar

from PyQt6.QtCore import QEvent, QObject, QSize, Qt
from PyQt6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PyQt6.QtWidgets import QAbstractItemView, QLabel, QSizePolicy, QWidget

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


class ElidedLabel(QLabel):
    """A one-line plain-text label that may be narrower than its text: it draws the text cut
    with "…" and then offers the whole text as its tooltip. :meth:`text` is always the whole
    text, so what it says never depends on the window's width; it never widens its row."""

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 least_chars: int = 4) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._least_chars = least_chars  # the narrowest it gets: this many "…" (0: nothing)
        self._own_tooltip = ""
        self.setText(text)

    def setText(self, text: str | None) -> None:
        super().setText(text or "")
        self.setAccessibleName(text or "")
        self._update_tooltip()
        self.updateGeometry()

    def set_tooltip(self, text: str) -> None:
        """A tooltip to show when the text is not cut (a cut text shows itself instead)."""
        self._own_tooltip = text
        self._update_tooltip()

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def shown_text(self) -> str:
        """What is drawn: the text, cut to the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else self._own_tooltip)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        least = min(metrics.horizontalAdvance("…") * self._least_chars,
                    metrics.horizontalAdvance(self.text()))  # a short text needs no more
        margins = self.contentsMargins()
        return QSize(least + margins.left() + margins.right(), hint.height())

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, _event: QPaintEvent | None) -> None:
        style = self.style()
        if style is None:
            return
        painter = QPainter(self)
        style.drawItemText(painter, self.contentsRect(), self.alignment().value, self.palette(),
                           self.isEnabled(), self.shown_text(), QPalette.ColorRole.WindowText)


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

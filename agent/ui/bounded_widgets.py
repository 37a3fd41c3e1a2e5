"""Widgets whose size never depends on how long their text is: a label that elides after a
few lines, a one-line message label that elides and shows the whole text in its tooltip, and a
layout that flows buttons into as many rows as the width allows.

Thread rule: GUI thread only.
"""

from __future__ import annotations

from PyQt6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PyQt6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent, QTextLayout, QTextOption
from PyQt6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget

from agent.ui.content import FSI


class ElidedLabel(QLabel):
    """Plain text in at most ``max_lines`` lines, the last one elided: never wider than its
    parent allows, never taller than ``max_lines``. ``text()`` is the whole text; content in it
    should already be cleaned and isolated (:mod:`agent.ui.content`)."""

    LAID_OUT_CHARS = 600  # more never fits in a few lines

    def __init__(self, max_lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self._cache: tuple[tuple[int, str, str], tuple[QTextLayout, int, str]] | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _layout(self, width: int) -> tuple[QTextLayout, int, str]:
        """The text laid out at ``width``: (layout, lines drawn from it, the elided last line
        or "" when everything fits). Layouts ask for this many times: the last is kept."""
        text = self.text()[: self.LAID_OUT_CHARS].replace("\n", " ")
        key = (width, text, self.font().key())
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        laid_out = self._lay_out(text, width)
        self._cache = (key, laid_out)
        return laid_out

    def _lay_out(self, text: str, width: int) -> tuple[QTextLayout, int, str]:
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
        layout.endLayout()
        if layout.lineCount() <= self.max_lines:
            return layout, layout.lineCount(), ""
        # The last line shown takes the rest of the text, elided; it opens an isolate again so
        # that the app's words after the content keep their direction.
        rest = text[layout.lineAt(self.max_lines - 1).textStart():]
        elided = self.fontMetrics().elidedText(FSI + rest, Qt.TextElideMode.ElideRight,
                                               max(1, width))
        return layout, self.max_lines - 1, elided

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        _layout, lines, elided = self._layout(width - margins.left() - margins.right())
        shown = max(1, lines + (1 if elided else 0))
        return shown * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(200))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().lineSpacing())

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        spacing = self.fontMetrics().lineSpacing()
        painter.setPen(self.palette().color(self.foregroundRole()))
        layout, lines, elided = self._layout(rect.width())
        for number in range(lines):
            line = layout.lineAt(number)
            line.draw(painter, QPointF(rect.left(), rect.top() + number * spacing - line.y()))
        if elided:
            painter.drawText(QRect(rect.left(), rect.top() + lines * spacing, rect.width(),
                                   spacing), int(Qt.AlignmentFlag.AlignLeft
                                                 | Qt.AlignmentFlag.AlignVCenter), elided)
        painter.end()


class OneLineLabel(QLabel):
    """The app's own one-line message (not article content: that is :class:`ElidedLabel`), which
    may be narrower than its text: it draws the text cut with "…" and then offers the whole text
    as its tooltip, and tells whether it is cut (:meth:`is_elided`). :meth:`text` is always the
    whole text, so what it says never depends on the window's width; it never widens its row."""

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


class WrappedLabel(QLabel):
    """A word-wrapped label that remembers its height for the last few widths: Qt asks a
    wrapped label for it many times per layout pass, and each answer lays the text out again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}
        self._for_text = ""

    def heightForWidth(self, width: int) -> int:
        if self._for_text != self.text():
            self._heights.clear()
            self._for_text = self.text()
        height = self._heights.get(width)
        if height is None:
            height = super().heightForWidth(width)
            if len(self._heights) > 8:
                self._heights.clear()
            self._heights[width] = height
        return height


class FlowLayout(QLayout):
    """Lays items out left to right, wrapping to a new row when the width is used up."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem | None) -> None:
        if item is not None:
            self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        spacing = self.spacing() if self.spacing() >= 0 else self._style_spacing()
        for item in self._items:
            hint = item.sizeHint().boundedTo(QSize(max(1, area.width()), 10_000))
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, row_height = area.x(), y + row_height + spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()

    def _style_spacing(self) -> int:
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        if style is None:
            return 4
        return style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)

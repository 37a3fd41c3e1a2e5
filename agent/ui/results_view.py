"""Search results: a list model of :class:`~kb.model.SearchHit` and a delegate that draws the
kind badge, the title and the highlighted snippet.

Thread rule: GUI thread only.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import Any

import nh3
from PyQt6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    Qt,
)
from PyQt6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PyQt6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from agent.ui.content import clean, escaped, isolate, one_line, tooltip
from kb.model import SearchHit

SNIPPET_CHARS = 400  # more never shows in two lines

BADGE_COLOURS = {
    "difficult-case": ("#fde2e1", "#8a1c14"),
    "product": ("#e0efff", "#0b4a8b"),
    "procedure": ("#e3f5e1", "#22631b"),
}


def kind_label(kind: str) -> str:
    labels = {
        "difficult-case": QCoreApplication.translate("Results", "Difficult case"),
        "product": QCoreApplication.translate("Results", "Product"),
        "procedure": QCoreApplication.translate("Results", "Procedure"),
    }
    return labels.get(kind) or isolate(one_line(kind, 40))


def snippet_html(snippet: str) -> str:
    """The KB's snippet (escaped text with ``<b>`` marks) kept to exactly that: whatever else
    it might hold is dropped, bidi controls too, and it is bounded and isolated."""
    marked = nh3.clean(clean(snippet)[: SNIPPET_CHARS * 2], tags={"b"}, attributes={})
    return f"\u2068{marked}\u2069"


def hit_html(hit: SearchHit) -> str:
    """Badge + title + snippet: the title and language are escaped, the snippet only keeps
    the KB's ``<b>`` marks."""
    background, foreground = BADGE_COLOURS.get(hit.kind, ("#eeeeee", "#333333"))
    badge = (f'<span style="background-color:{background};color:{foreground};">'
             f"&nbsp;{html.escape(kind_label(hit.kind))}&nbsp;</span>")
    # A tag with its own background: readable on a selected (highlighted) row too. It goes
    # beside the kind, not after the title, where a full row wrapped it onto a line of its own.
    lang = ('&nbsp;<span style="background-color:#eceff1;color:#37474f;">'
            f"&nbsp;{escaped(hit.lang.upper(), 8)}&nbsp;</span>")
    return (f"{badge}{lang}&nbsp; <b>{escaped(one_line(hit.title, 300))}</b>"
            f"<br>{snippet_html(hit.snippet)}")  # the palette's colour: white when selected


class ResultsModel(QAbstractListModel):
    HIT_ROLE = Qt.ItemDataRole.UserRole + 1
    HTML_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == self.HIT_ROLE:
            return hit
        if role == self.HTML_ROLE:
            return hit_html(hit)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{kind_label(hit.kind)}: {isolate(one_line(hit.title, 300))}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(hit.title, 300)
        return None


class ResultDelegate(QStyledItemDelegate):
    """Paints the rich-text row: badge and title, then at most two lines of snippet.

    Rows have one fixed height, so the view never lays out every row's text to size it (that cost
    tens of milliseconds per keystroke with a full page of results).
    """

    SNIPPET_LINES = 2

    CACHE_SIZE = 64

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: OrderedDict[tuple[str, int, str], QTextDocument] = OrderedDict()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        """The laid-out row, cached: repaints (hover, selection, scrolling) reuse it."""
        html = index.data(ResultsModel.HTML_ROLE) or ""
        width = max(100, option.rect.width())
        key = (html, width, option.font.key())
        doc = self._documents.get(key)
        if doc is not None:
            self._documents.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(wrap)
        doc.setDocumentMargin(4)
        doc.setHtml(html)
        doc.setTextWidth(width)
        self._documents[key] = doc
        if len(self._documents) > self.CACHE_SIZE:
            self._documents.popitem(last=False)
        return doc

    def paint(self, painter: QPainter | None, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        if painter is None:
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     option.palette.color(QPalette.ColorRole.HighlightedText))
        else:
            context.palette.setColor(QPalette.ColorRole.Text, QColor("#111111"))
        context.clip = QRectF(0, 0, option.rect.width(), self._visible_height(doc, option))
        painter.setClipRect(context.clip)
        layout = doc.documentLayout()
        if layout is not None:
            layout.draw(painter, context)
        painter.restore()

    def _visible_height(self, doc: QTextDocument, option: QStyleOptionViewItem) -> float:
        """Down to the last whole line that fits: no half-cut line at the bottom of a row."""
        doc.size()  # lays the document out
        layout = doc.begin().layout()
        limit = option.rect.height()
        bottom = doc.documentMargin()
        if layout is not None:
            for number in range(layout.lineCount()):
                line_bottom = layout.lineAt(number).rect().bottom() + doc.documentMargin()
                if line_bottom > limit:
                    break
                bottom = line_bottom
        return min(float(limit), bottom + 1)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, line * (1 + self.SNIPPET_LINES) + 14)

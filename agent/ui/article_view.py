"""The article body view: inert, and laid out a small piece at a time.

The body arrives as bounded HTML chunks (:mod:`agent.ui.article_render`, made on a worker) and
the KB images they name, already decoded. Each chunk becomes its own :class:`ArticleDocument`;
the view builds and lays them out in slices of at most :data:`SLICE_MS` per turn of the event
loop, top first, and paints the ones in sight — so no article, however large, holds the UI
thread for long (a single chunk is bounded by the renderer's limits). Resizing lays the chunks
out again the same way.

An :class:`ArticleDocument` loads no resource: Qt's ``QTextDocument`` would read a local file for
any image it has no resource for, even when a browser's ``loadResource`` declines; here every
request is answered with nothing, and the only images are those attached before layout.

Links: ``kb:slug`` and bare relative names open other articles; anything else is refused (the
view says so through :attr:`ArticleView.external_link_refused`). Text can be selected with the
mouse (Ctrl+C copies, Ctrl+A selects all).

Thread rule: GUI thread only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PyQt6.QtCore import QPointF, QRectF, Qt, QTimer, QUrl, pyqtSignal
from PyQt6.QtGui import (
    QAbstractTextDocumentLayout,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PyQt6.QtWidgets import QAbstractScrollArea, QWidget

from agent.ui.article_render import IMAGE_SCHEME
from agent.ui.content import one_line, without_breaks
from agent.ui.widgets import present

SLICE_MS = 8.0  # the most one turn of the event loop spends building or laying out chunks
MARGIN = 10  # around the text, in pixels

ARTICLE_CSS = """
h1 { font-size: 17pt; margin: 0 0 6px 0; }
h2 { font-size: 13pt; margin: 12px 0 4px 0; }
h3 { font-size: 11pt; margin: 10px 0 4px 0; }
p, li { line-height: 135%; }
code { background-color: #eef1f4; }
pre { white-space: pre-wrap; background-color: #f5f7f9; }
blockquote { color: #444; margin-left: 12px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #cfd8dc; padding: 3px; }
.blocked { color: #8a5a00; background-color: #fff4e0; }
.cut { color: #8a5a00; font-style: italic; }
"""


class ArticleDocument(QTextDocument):
    """A text document that loads no resource: only the images attached before layout show."""

    def loadResource(self, type_: int, name: QUrl) -> Any:
        return QImage() if type_ == QTextDocument.ResourceType.ImageResource.value else ""


@dataclass
class _Chunk:
    html: str
    document: ArticleDocument | None = None
    width: float = -1.0  # laid out for this width (-1: not yet)
    top: float = 0.0
    height: float = 0.0
    content_width: float = 0.0  # as laid out (a wide table is wider than the text)


class ArticleView(QAbstractScrollArea):
    """Read-only article body; links to other articles emit :attr:`article_link_activated`."""

    article_link_activated = pyqtSignal(str)  # slug
    external_link_refused = pyqtSignal(str)  # the refused link, as written in the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chunks: list[_Chunk] = []
        self._images: dict[str, QImage] = {}
        self._selection: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._press: tuple[int, int] | None = None
        self._pressed_anchor = ""
        self._link: int | None = None  # the link chosen with Tab, as an index of links()
        self._work = QTimer(self)
        self._work.setSingleShot(True)
        self._work.setInterval(0)
        self._work.timeout.connect(self.lay_out_slice)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        present(self.viewport()).setMouseTracking(True)
        present(self.viewport()).setCursor(Qt.CursorShape.IBeamCursor)
        self.setBackgroundRole(QPalette.ColorRole.Base)

    # ------------------------------------------------------------------ content

    def show_body(self, chunks: list[str], images: dict[str, QImage]) -> None:
        """Show a new body (HTML chunks from the renderer, the KB images they name)."""
        for chunk in self._chunks:
            if chunk.document is not None:
                chunk.document.deleteLater()
        self._chunks = [_Chunk(html) for html in chunks]
        self._images = dict(images)
        self._selection = None
        self._link = None
        self.setAccessibleDescription("")
        present(self.verticalScrollBar()).setValue(0)
        present(self.horizontalScrollBar()).setValue(0)
        self.lay_out_slice()  # the top of the article at once; the rest in later turns

    def clear(self) -> None:
        self.show_body([], {})

    def is_complete(self) -> bool:
        """Every chunk is built and laid out for the current width."""
        width = self._text_width()
        return all(c.document is not None and c.width == width for c in self._chunks)

    def toPlainText(self) -> str:
        """The text of the chunks built so far (invisible break opportunities removed)."""
        return without_breaks("\n".join(c.document.toPlainText() for c in self._chunks
                                        if c.document is not None))

    def _text_width(self) -> float:
        return float(max(80, present(self.viewport()).width() - 2 * MARGIN))

    def _build(self, chunk: _Chunk) -> ArticleDocument:
        document = ArticleDocument(self)
        document.setDefaultFont(self.font())
        document.setDefaultStyleSheet(ARTICLE_CSS)
        document.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        document.setUndoRedoEnabled(False)
        for name, image in self._images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource.value,
                                 QUrl(f"{IMAGE_SCHEME}:{name}"), image)
        document.setHtml(chunk.html)
        return document

    def lay_out_slice(self) -> None:
        """Build and lay out chunks — those in sight first — for at most :data:`SLICE_MS`;
        schedules the next slice when some are left."""
        started = time.perf_counter()
        width = self._text_width()
        pending = [i for i, c in enumerate(self._chunks) if c.document is None or c.width != width]
        if not pending:
            return
        top = float(present(self.verticalScrollBar()).value())
        bottom = top + present(self.viewport()).height()
        in_sight = [i for i in pending
                    if self._chunks[i].top < bottom and self._chunks[i].top + max(
                        1.0, self._chunks[i].height) >= top]
        order = in_sight + [i for i in pending if i not in in_sight]
        changed_in_sight = False
        for index in order:
            chunk = self._chunks[index]
            if chunk.document is None:
                chunk.document = self._build(chunk)
            chunk.document.setTextWidth(width)
            size = chunk.document.size()  # the layout happens here: one chunk, bounded
            chunk.width, chunk.height, chunk.content_width = width, size.height(), size.width()
            changed_in_sight = changed_in_sight or index in in_sight or chunk.top < bottom
            if (time.perf_counter() - started) * 1000 >= SLICE_MS:
                break
        self._place_chunks(repaint=changed_in_sight)
        if any(c.document is None or c.width != width for c in self._chunks):
            self._work.start()
        elif not self.accessibleDescription():
            # What a screen reader says about the view: the beginning of the article.
            self.setAccessibleDescription(one_line(self.toPlainText(), 1000))

    def _place_chunks(self, repaint: bool = True) -> None:
        """Stack the chunks and size the scroll bars; repaint only when what is in sight
        changed (painting a table costs as much as laying out a piece of it)."""
        top = 0.0
        for chunk in self._chunks:
            chunk.top = top
            top += chunk.height
        viewport = present(self.viewport())
        vertical = present(self.verticalScrollBar())
        vertical.setRange(0, max(0, int(top + 2 * MARGIN) - viewport.height()))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(self.fontMetrics().lineSpacing() * 3)
        horizontal = present(self.horizontalScrollBar())
        # Only content clearly wider than the text (a wide table) scrolls sideways; a table of
        # the full width is a few pixels wider than the text because of its borders.
        width = self._text_width()
        widest = max((c.content_width for c in self._chunks if c.width == width), default=0.0)
        overflow = int(widest - width)
        horizontal.setRange(0, overflow if overflow > MARGIN else 0)
        horizontal.setPageStep(viewport.width())
        if repaint:
            viewport.update()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if self._chunks:
            self._place_chunks()
            self._work.start()  # lay out again for the new width, a slice at a time

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        present(self.viewport()).update()
        if not self.is_complete():
            self._work.start()

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent | None) -> None:
        viewport = present(self.viewport())
        painter = QPainter(viewport)
        painter.fillRect(viewport.rect(), self.palette().color(QPalette.ColorRole.Base))
        top = present(self.verticalScrollBar()).value()
        left = present(self.horizontalScrollBar()).value()
        for index, chunk in enumerate(self._chunks):
            y = MARGIN + chunk.top - top
            if chunk.document is None or y > viewport.height() or y + chunk.height < 0:
                continue
            layout = chunk.document.documentLayout()
            if layout is None:
                continue
            painter.save()
            painter.translate(MARGIN - left, y)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette = self.palette()
            context.clip = QRectF(left - MARGIN, -y, viewport.width(), viewport.height())
            context.selections = self._selections_for(index, chunk.document)
            painter.setClipRect(context.clip)
            layout.draw(painter, context)
            painter.restore()
        painter.end()

    def _selections_for(self, index: int, document: QTextDocument) -> list[
            QAbstractTextDocumentLayout.Selection]:
        if self._selection is None:
            return []
        (first, first_pos), (last, last_pos) = sorted(self._selection)
        if not first <= index <= last:
            return []
        cursor = QTextCursor(document)
        cursor.setPosition(first_pos if index == first else 0)
        end = last_pos if index == last else document.characterCount() - 1
        cursor.setPosition(max(0, end), QTextCursor.MoveMode.KeepAnchor)
        selection = QAbstractTextDocumentLayout.Selection()
        selection.cursor = cursor
        selection.format = QTextCharFormat()
        selection.format.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
        selection.format.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        return [selection]

    # ------------------------------------------------------------------ mouse and keys

    def _hit(self, point: QPointF) -> tuple[int, QPointF] | None:
        """(chunk index, point in that chunk's document) at a viewport point."""
        x = point.x() - MARGIN + present(self.horizontalScrollBar()).value()
        y = point.y() - MARGIN + present(self.verticalScrollBar()).value()
        for index, chunk in enumerate(self._chunks):
            if chunk.document is not None and chunk.top <= y < chunk.top + chunk.height:
                return index, QPointF(x, y - chunk.top)
        return None

    def _position(self, point: QPointF) -> tuple[int, int] | None:
        hit = self._hit(point)
        if hit is None:
            return None
        index, local = hit
        document = self._chunks[index].document
        layout = document.documentLayout() if document is not None else None
        if layout is None:
            return None
        return index, max(0, layout.hitTest(local, Qt.HitTestAccuracy.FuzzyHit))

    def anchor_at(self, point: QPointF) -> str:
        hit = self._hit(point)
        if hit is None:
            return ""
        index, local = hit
        document = self._chunks[index].document
        layout = document.documentLayout() if document is not None else None
        return layout.anchorAt(local) if layout is not None else ""

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._pressed_anchor = self.anchor_at(event.position())
        self._press = self._position(event.position())
        self._selection = None
        present(self.viewport()).update()

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        anchor = self.anchor_at(event.position())
        present(self.viewport()).setCursor(
            Qt.CursorShape.PointingHandCursor if anchor else Qt.CursorShape.IBeamCursor)
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            here = self._position(event.position())
            if here is not None and here != self._press:
                self._selection = (self._press, here)
                self._pressed_anchor = ""
                present(self.viewport()).update()

    def mouseReleaseEvent(self, event: QMouseEvent | None) -> None:
        if event is None or event.button() != Qt.MouseButton.LeftButton:
            return
        anchor = self.anchor_at(event.position())
        if anchor and anchor == self._pressed_anchor and self._selection is None:
            self.follow_link(QUrl(anchor))
        self._press = None
        self._pressed_anchor = ""

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is None:
            return
        links = self.links()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._link is not None \
                and self._link < len(links):
            self.follow_link(QUrl(links[self._link][3]))
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
            return
        bar = present(self.verticalScrollBar())
        steps = {Qt.Key.Key_Down: bar.singleStep(), Qt.Key.Key_Up: -bar.singleStep(),
                 Qt.Key.Key_PageDown: bar.pageStep(), Qt.Key.Key_PageUp: -bar.pageStep()}
        key = Qt.Key(event.key())
        if key in steps:
            bar.setValue(bar.value() + steps[key])
        elif key == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ links by keyboard

    def links(self) -> list[tuple[int, int, int, str]]:
        """The links of the chunks built so far: (chunk, start, end, href), in order."""
        found = []
        for index, chunk in enumerate(self._chunks):
            if chunk.document is None:
                continue
            block = chunk.document.begin()
            while block.isValid():
                iterator = block.begin()
                while not iterator.atEnd():
                    fragment = iterator.fragment()
                    char_format = fragment.charFormat()
                    if fragment.isValid() and char_format.isAnchor():
                        start = fragment.position()
                        found.append((index, start, start + fragment.length(),
                                      char_format.anchorHref()))
                    iterator += 1
                block = block.next()
        return found

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go through the article's links first (Enter follows one), then on
        to the next control."""
        links = self.links()
        step = 1 if next else -1
        position = (-1 if next else len(links)) if self._link is None else self._link
        position += step
        if not links or not 0 <= position < len(links):
            self._link = None
            self._selection = None
            present(self.viewport()).update()
            return super().focusNextPrevChild(next)
        self._link = position
        index, start, end, _href = links[position]
        self._selection = ((index, start), (index, end))
        document = self._chunks[index].document
        layout = document.documentLayout() if document is not None else None
        if document is not None and layout is not None:
            top = self._chunks[index].top + layout.blockBoundingRect(
                document.findBlock(start)).top()
            bar = present(self.verticalScrollBar())
            if not bar.value() <= top <= bar.value() + present(self.viewport()).height() - 40:
                bar.setValue(int(top) - 20)
        present(self.viewport()).update()
        return True

    # ------------------------------------------------------------------ selection

    def select_all(self) -> None:
        built = [i for i, c in enumerate(self._chunks) if c.document is not None]
        if built:
            last = self._chunks[built[-1]].document
            assert last is not None
            self._selection = ((built[0], 0), (built[-1], last.characterCount() - 1))
            present(self.viewport()).update()

    def selected_text(self) -> str:
        if self._selection is None:
            return ""
        parts = []
        for index, chunk in enumerate(self._chunks):
            if chunk.document is None:
                continue
            for selection in self._selections_for(index, chunk.document):
                parts.append(selection.cursor.selectedText())
        return without_breaks("\n".join(parts).replace("\u2029", "\n"))

    def copy(self) -> None:
        text = self.selected_text()
        clipboard = QGuiApplication.clipboard()
        if text and clipboard is not None:
            clipboard.setText(text)

    # ------------------------------------------------------------------ links

    def follow_link(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "kb":
            self.article_link_activated.emit(url.path() or url.host())
        elif scheme == "" and url.path() and "/" not in url.path().strip("/"):
            # A relative link such as ``emergency-112`` or ``emergency-112.ru.md``.
            self.article_link_activated.emit(url.path().strip("/").split(".", 1)[0])
        else:
            self.external_link_refused.emit(url.toString())

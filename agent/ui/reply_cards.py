"""Reply cards of a difficult-case article: ready phrases with their placeholders filled.

Each card shows the reply (unfilled placeholders highlighted), copies it to the clipboard with
Enter/Space when focused, with its button, or with Ctrl+N from anywhere in the window. The text
shown is escaped and bounded by :func:`agent.ui.placeholders.fill`; the copy is the whole reply.
Thread rule: GUI thread only.
"""

from __future__ import annotations

import time

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QMouseEvent
from PyQt6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from agent.ui.bounded_widgets import WrappedLabel
from agent.ui.content import one_line
from agent.ui.placeholders import FilledReply
from agent.ui.widgets import repolish

MAX_NUMBERED = 9
SLICE_MS = 8.0  # the most one turn of the event loop spends filling cards


class ReplyCard(QFrame):
    """One reply; focusable, Enter or Space copies it."""

    copied = pyqtSignal(int)  # the reply's index

    def __init__(self, index: int, reply: FilledReply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.number_label = QLabel()
        self.number_label.setObjectName("replyNumber")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.number_label.setFixedWidth(18)
        self.text_label = WrappedLabel()
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.copy_button = QToolButton()
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the card itself takes focus
        self.copy_button.clicked.connect(self.copy)
        self._reset_label = QTimer(self)  # dies with the card, unlike a bare singleShot
        self._reset_label.setSingleShot(True)
        self._reset_label.setInterval(1200)
        self._reset_label.timeout.connect(lambda: self.copy_button.setText(self.tr("Copy")))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.number_label)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.set_reply(index, reply)

    def set_reply(self, index: int, reply: FilledReply) -> None:
        """Show another reply in this card (cards are reused: creating widgets is slow)."""
        self.index = index
        self.reply = reply
        number = index + 1
        self.number_label.setText(str(number) if number <= MAX_NUMBERED else "")
        self.text_label.setText(reply.html)
        shortcut = f"Ctrl+{number}" if number <= MAX_NUMBERED else ""
        tip = self.tr("Copy this reply to the clipboard")
        self.copy_button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        self.copy_button.setText(self.tr("Copy"))
        if bool(reply.missing) != bool(self.property("missing")):
            self.setProperty("missing", bool(reply.missing))
            repolish(self)
        accessible = one_line(reply.text, 1500)
        self.setToolTip("")
        if reply.missing:
            accessible += " — " + self.tr("not filled: %1").replace(
                "%1", ", ".join(reply.missing))
            self.setToolTip(self.tr("Still empty: %1").replace("%1", ", ".join(
                "{" + name + "}" for name in reply.missing)))
        self.setAccessibleName(self.tr("Reply %1").replace("%1", str(number)))
        self.setAccessibleDescription(accessible)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.reply.text)
        self.copy_button.setText(self.tr("Copied"))
        self._reset_label.start()
        self.copied.emit(self.index)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                                 Qt.Key.Key_Space):
            self.copy()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent | None) -> None:
        self.copy()

    def focusInEvent(self, event: QFocusEvent | None) -> None:
        self.setProperty("focused", True)
        repolish(self)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent | None) -> None:
        self.setProperty("focused", False)
        repolish(self)
        super().focusOutEvent(event)


class ReplyCards(QWidget):
    """A column of :class:`ReplyCard`, reused from article to article.

    New replies are put into the cards a few per turn of the event loop (at most
    :data:`SLICE_MS` each), top first; copying by number works at once from :attr:`replies`.
    """

    reply_copied = pyqtSignal(int, str)  # (index, text)
    laid_out = pyqtSignal()  # every card shows its reply: the column's height is known

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replies: list[FilledReply] = []
        self.cards: list[ReplyCard] = []  # the cards showing :attr:`replies`, in order
        self._pool: list[ReplyCard] = []
        self._next = 0  # the first card not yet updated
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)  # cards keep their own height; room left goes below them
        self._work = QTimer(self)
        self._work.setSingleShot(True)
        self._work.setInterval(0)
        self._work.timeout.connect(self._update_slice)

    def _make_card(self) -> ReplyCard:
        card = ReplyCard(len(self._pool), FilledReply("", "", "", ()), self)
        card.copied.connect(self.on_card_copied)
        card.setVisible(False)
        self._layout.insertWidget(len(self._pool), card)
        if self._next == len(self._pool) and self._next >= len(self.replies):
            self._next += 1  # made after the update passed: hidden, as it should be
        self._pool.append(card)
        return card

    def prepare(self, count: int, step: int = 1) -> bool:
        """Make up to ``step`` more cards for later (until there are ``count``); True while
        more remain to make. Creating widgets is slow: the panel does this ahead of time."""
        for _ in range(step):
            if len(self._pool) >= count:
                return False
            self._make_card()
        return len(self._pool) < count

    def set_replies(self, replies: list[FilledReply]) -> None:
        """Show ``replies``: the cards are updated from the top, a slice per turn of the event
        loop, starting with the next one (the article's first lines come first)."""
        self.replies = list(replies)
        self._next = 0
        self._work.start()

    def content_height(self, width: int) -> int:
        """The height the shown cards need at ``width`` (their text wraps)."""
        spacing = self._layout.spacing()
        shown = [card for card in self._pool if not card.isHidden()]
        heights = [card.heightForWidth(width) if card.hasHeightForWidth()
                   else card.sizeHint().height() for card in shown]
        return sum(heights) + spacing * max(0, len(shown) - 1)

    def pool(self) -> list[ReplyCard]:
        """Every card made so far, shown or not, in their order."""
        return list(self._pool)

    def is_complete(self) -> bool:
        return self._next >= max(len(self._pool), len(self.replies))

    def _update_slice(self) -> None:
        started = time.perf_counter()
        while not self.is_complete():
            index = self._next
            if index < len(self.replies):
                card = self._pool[index] if index < len(self._pool) else self._make_card()
                card.set_reply(index, self.replies[index])
                if card.isHidden():
                    card.setVisible(True)
            elif not self._pool[index].isHidden():
                self._pool[index].setVisible(False)
            self._next += 1
            if (time.perf_counter() - started) * 1000 >= SLICE_MS:
                break
        self.cards = self._pool[: min(self._next, len(self.replies))]
        self.setVisible(bool(self.replies))
        if not self.is_complete():
            self._work.start()
        else:
            self.laid_out.emit()

    def on_card_copied(self, index: int) -> None:
        if 0 <= index < len(self.replies):
            self.reply_copied.emit(index, self.replies[index].text)

    def copy(self, index: int) -> bool:
        """Copy reply ``index`` (its card shows that it was copied, once it is shown)."""
        if not 0 <= index < len(self.replies):
            return False
        if index < len(self.cards):
            self.cards[index].copy()
            return True
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.replies[index].text)
        self.reply_copied.emit(index, self.replies[index].text)
        return True

"""Reply cards of a difficult-case article: ready phrases with their placeholders filled.

Each card shows the reply (unfilled placeholders highlighted), copies it to the clipboard with
Enter/Space when focused, with its button, or with Ctrl+N from anywhere in the window.
Thread rule: GUI thread only.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QMouseEvent
from PyQt6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from agent.ui.placeholders import FilledReply
from agent.ui.widgets import repolish

MAX_NUMBERED = 9


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
        self.text_label = QLabel()
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
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
        accessible = reply.text
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
    """A column of :class:`ReplyCard`; rebuilt when the article or the values change."""

    reply_copied = pyqtSignal(int, str)  # (index, text)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[ReplyCard] = []
        self._pool: list[ReplyCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def prepare(self, count: int, step: int = 1) -> bool:
        """Make up to ``step`` more cards for later (until there are ``count``); True while
        more remain to make. Creating widgets is slow: the panel does this ahead of time."""
        for _ in range(step):
            if len(self._pool) >= count:
                return False
            card = ReplyCard(len(self._pool), FilledReply("", "", "", ()), self)
            card.copied.connect(self.on_card_copied)
            card.setVisible(False)
            self._layout.addWidget(card)
            self._pool.append(card)
        return len(self._pool) < count

    def set_replies(self, replies: list[FilledReply]) -> None:
        """Show ``replies``, reusing the cards already built and hiding the spare ones."""
        while len(self._pool) < len(replies):
            card = ReplyCard(len(self._pool), replies[len(self._pool)], self)
            card.copied.connect(self.on_card_copied)
            self._layout.addWidget(card)
            self._pool.append(card)
        for index, card in enumerate(self._pool):
            if index < len(replies):
                card.set_reply(index, replies[index])
            card.setVisible(index < len(replies))
        self.cards = self._pool[: len(replies)]
        self.setVisible(bool(self.cards))

    def on_card_copied(self, index: int) -> None:
        self.reply_copied.emit(index, self.cards[index].reply.text)

    def copy(self, index: int) -> bool:
        if 0 <= index < len(self.cards):
            self.cards[index].copy()
            return True
        return False

"""The recent messages of the status bar, whole and in order, for the operator who missed one
or saw it cut short in a narrow window.

Thread rule: GUI thread only.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QTextCursor
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget


class MessagesDialog(QDialog):
    """Read-only, selectable list (newest last); Esc closes it."""

    def __init__(self, messages: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recent messages"))
        self.setObjectName("messagesDialog")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setAccessibleName(self.tr("Recent messages"))
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setPlainText("\n\n".join(f"{when}  {text}" for when, text in messages)
                               if messages else self.tr("No messages yet."))
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

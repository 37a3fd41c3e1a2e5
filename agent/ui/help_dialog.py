"""The Help dialog: raise a hand to the supervisor with a short line, see the answer, call the
line the supervisor gave.

Thread rule: GUI thread only.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kb.wire.floor import MAX_ALERT_TEXT

HELP_SHORTCUT = "F2"


class HelpDialog(QDialog):
    """Emits :attr:`submitted` with the typed line (may be empty) when the operator sends it."""

    submitted = pyqtSignal(str)
    call_requested = pyqtSignal()

    def __init__(self, context: str, answer: str, call_line: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Call the supervisor"))
        layout = QVBoxLayout(self)
        self.context = QLabel(context)
        self.context.setWordWrap(True)
        layout.addWidget(self.context)
        self.line = QLineEdit()
        self.line.setObjectName("helpLine")
        self.line.setMaxLength(MAX_ALERT_TEXT)
        self.line.setPlaceholderText(self.tr("What is happening (a few words)"))
        self.line.setAccessibleName(self.tr("What is happening"))
        layout.addWidget(self.line)
        self.answer = QLabel(answer)
        self.answer.setObjectName("helpAnswer")
        self.answer.setWordWrap(True)
        self.answer.setVisible(bool(answer))
        layout.addWidget(self.answer)
        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton(self.tr("Send to the supervisor"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        assert self.send_button is not None
        self.send_button.setDefault(True)
        self.call_button = QPushButton(self.tr("Call line %1").replace("%1", call_line))
        buttons.addButton(self.call_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.call_button.setVisible(bool(call_line))  # after adding: the box shows its buttons
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.on_send)
        buttons.rejected.connect(self.reject)
        self.call_button.clicked.connect(self.on_call)
        layout.addWidget(buttons)
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_send(self) -> None:
        self.submitted.emit(self.line.text().strip())
        self.accept()

    def on_call(self) -> None:
        self.call_requested.emit()
        self.accept()

"""Non-modal notification of an incoming call (and a tray message when the window is minimized).

Thread rule: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QCoreApplication, Qt
from PyQt6.QtGui import QIcon
from PyQt6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSystemTrayIcon,
    QWidget,
)

from agent.phone.protocol import AgentState, Call
from agent.ui.bounded_widgets import OneLineLabel
from agent.ui.content import isolate, one_line
from agent.ui.phone_state import PhoneState, call_label

CALLER_MIN_PX = 140  # the caller's name or number keeps this much of a narrow row


class RingNotice(QFrame):
    """A banner inside the window: caller ID, Answer (F9), Reject (Shift+F9). Never modal.

    One line high, whatever it says: it takes the place of the knowledge base's title (the
    row is as high as this banner from the start), so a ring never moves the search box or
    the results under the operator's cursor. Text that does not fit is cut with "…" and
    shown whole in the tooltip."""

    def __init__(self, phone: PhoneState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.setObjectName("ringNotice")
        self.call_id: int | None = None
        self.title = OneLineLabel()
        self.title.setObjectName("ringTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.detail = OneLineLabel(least_chars=0)  # gives way first; the tooltip has it
        self.detail.setObjectName("ringDetail")
        self.answer_button = QPushButton(self.tr("Answer"))
        self.answer_button.setObjectName("answerButton")
        self.answer_button.setToolTip(self.tr("Answer (%1)").replace("%1", "F9"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setToolTip(self.tr("Reject (%1)").replace("%1", "Shift+F9"))
        self.answer_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steal typing focus
        self.reject_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.answer_button.clicked.connect(self.on_answer_clicked)
        self.reject_button.clicked.connect(self.on_reject_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 4, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.answer_button)
        layout.addWidget(self.reject_button)
        self.setVisible(False)
        phone.lines_updated.connect(self.refresh)

    def on_answer_clicked(self) -> None:
        if self.call_id is not None:
            self.phone.answer(self.call_id)

    def on_reject_clicked(self) -> None:
        if self.call_id is not None:
            self.phone.reject(self.call_id)

    def refresh(self) -> None:
        ringing = self.phone.ringing_calls()
        if not ringing:
            self.call_id = None
            self.setVisible(False)
            return
        call = ringing[0]
        self.call_id = call.call
        caller = one_line(call_label(call), 200)
        sentence = self.tr("Incoming call: %1").replace("%1", isolate(caller))
        more = len(ringing) - 1
        details = []
        if self.phone.talking_calls():
            details.append(self.tr("Answering holds the current call."))
        elif self.phone.is_busy():  # only held calls: answering puts nobody else on hold
            details.append(self.tr("The held call stays on hold."))
        if more > 0:
            details.append(self.tr("%1 more waiting.").replace("%1", str(more)))
        # Who calls comes first and is the last thing cut: in a narrow row (a held call's
        # timer beside it, 1366 px) the words after the caller give way first.
        self.title.setText(caller)
        self.title.setMinimumWidth(min(self.title.fontMetrics().horizontalAdvance(caller) + 2,
                                       CALLER_MIN_PX))
        self.detail.setText(" ".join([self.tr("Incoming call."), *details]))
        self.setAccessibleName(" ".join([sentence, *details]))
        self.setToolTip("\n".join([sentence, *details]))
        self.setVisible(True)


class TrayNotifier:
    """A tray icon that shows a message for a ringing call while the window is minimized."""

    def __init__(self, icon: QIcon, window: QWidget, phone: PhoneState,
                 raise_on_ring: Callable[[], bool] = lambda: False) -> None:
        self.window = window
        self.phone = phone
        self.raise_on_ring = raise_on_ring  # the operator's setting, read at each ring
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, window)
            self.tray.setToolTip(self.title())
            self.tray.activated.connect(lambda _reason: self.restore())
            self.tray.messageClicked.connect(self.restore)
            self.tray.show()
        phone.call_ringing.connect(self.on_call_ringing)
        phone.lines_updated.connect(self.on_lines_updated)
        phone.agent_state_changed.connect(lambda _event: self.update_tooltip())
        phone.engine_changed.connect(lambda *_args: self.update_tooltip())

    def title(self) -> str:
        return QCoreApplication.translate("MainWindow", "Sufler")

    def restore(self) -> None:
        """Bring the window back as it was before it was minimized (maximized stays so)."""
        state = self.window.windowState() & ~Qt.WindowState.WindowMinimized
        self.window.setWindowState(state | Qt.WindowState.WindowActive)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def update_tooltip(self) -> None:
        """The tray icon says the agent state (hovering it is enough to check)."""
        if self.tray is None:
            return
        translate = QCoreApplication.translate
        names = {AgentState.READY: translate("StatusBar", "Ready"),
                 AgentState.NOT_READY: translate("StatusBar", "Not ready"),
                 AgentState.WRAP_UP: translate("StatusBar", "Wrap-up")}
        text = names.get(self.phone.agent.state, "") if self.phone.engine_running \
            else translate("StatusBar", "Offline")
        self.tray.setToolTip(f"{self.title()} — {text}")

    def on_call_ringing(self, call: Call) -> None:
        if self.raise_on_ring() and (self.window.isMinimized() or not self.window.isVisible()):
            self.restore()
        if self.window.isMinimized() or not self.window.isActiveWindow():
            self.window.setWindowTitle("☎ " + call_label(call) + " — " + self.title())
            if self.tray is not None and self.window.isMinimized():
                self.tray.showMessage(
                    QCoreApplication.translate("RingNotice", "Incoming call"), call_label(call),
                    QSystemTrayIcon.MessageIcon.Information, 15000)
            QApplication.alert(self.window, 0)

    def on_lines_updated(self) -> None:
        if not self.phone.ringing_calls() and self.window.windowTitle() != self.title():
            self.window.setWindowTitle(self.title())

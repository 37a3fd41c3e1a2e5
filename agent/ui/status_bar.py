"""The status bar: SIP registration, agent state (with a menu to change it and the wrap-up
countdown), the knowledge base and the notes sync.

Thread rule: GUI thread only; :meth:`StatusBar.tick` is driven by the window's clock timer.
"""

from __future__ import annotations

import time
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, pyqtSignal
from PyQt6.QtGui import QAction, QActionGroup
from PyQt6.QtWidgets import QLabel, QMenu, QPushButton, QStatusBar, QToolButton, QWidget

from agent.ui.lines_model import format_duration
from agent.ui.phone_state import PhoneState

AGENT_STATE_SHORTCUT = "F12"
# The default not-ready reasons, so that they are shown translated (IT's own ones are shown as set).
DEFAULT_REASONS = (
    QT_TRANSLATE_NOOP("Reasons", "Break"),
    QT_TRANSLATE_NOOP("Reasons", "Lunch"),
    QT_TRANSLATE_NOOP("Reasons", "Training"),
    QT_TRANSLATE_NOOP("Reasons", "Meeting"),
)


def reason_text(reason: str) -> str:
    return QCoreApplication.translate("Reasons", reason) if reason in DEFAULT_REASONS else reason
STATE_COLOURS = {"ready": "#1f7a1f", "not-ready": "#a11b12", "wrap-up": "#8a5a00"}


class StatusBar(QStatusBar):
    settings_requested = pyqtSignal()
    agent_state_requested = pyqtSignal(str, str)  # (state, reason)

    def __init__(self, phone: PhoneState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.has_account = False
        self.listen = ""
        self.address = ""
        self.reasons: list[str] = []

        self.registration = QLabel()
        self.registration.setObjectName("registrationLabel")
        self.settings_link = QPushButton(self.tr("Set up SIP account…"))
        self.settings_link.setObjectName("linkButton")
        self.settings_link.setFlat(True)
        self.settings_link.clicked.connect(self.settings_requested)
        self.agent_button = QToolButton()
        self.agent_button.setObjectName("agentState")
        self.agent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.agent_button.setToolTip(self.tr("Your state for the call queue (%1)").replace(
            "%1", AGENT_STATE_SHORTCUT))
        self.agent_button.setAccessibleName(self.tr("Agent state"))
        self.agent_menu = QMenu(self.agent_button)
        self.agent_button.setMenu(self.agent_menu)
        self.kb_label = QLabel(self.tr("KB: loading…"))
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncLabel")
        self.help_label = QLabel()  # the supervisor's answer to a raised hand
        self.help_label.setObjectName("helpAnswer")
        self.help_label.setVisible(False)

        self.addWidget(self.registration)
        self.addWidget(self.settings_link)
        self.addPermanentWidget(self.help_label)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.kb_label)
        self.addPermanentWidget(self.agent_button)

        phone.registration_changed.connect(self.on_registration_changed)
        phone.engine_changed.connect(self.on_engine_changed)
        phone.agent_state_changed.connect(self.on_agent_state_changed)
        self.set_reasons([])
        self.update_registration()
        self.update_agent_state()

    # ------------------------------------------------------------------ registration

    def on_registration_changed(self, _registration: dict) -> None:
        self.update_registration()

    def on_engine_changed(self, _running: bool, _reason: str) -> None:
        self.update_registration()
        self.update_agent_state()

    def on_agent_state_changed(self, _agent: dict) -> None:
        self.update_agent_state()

    def set_account_configured(self, configured: bool, listen: str = "",
                               address: str = "") -> None:
        """``address`` (``user@server``) names the account better than the engine's key."""
        self.has_account = configured
        self.listen = listen
        self.address = address
        self.update_registration()

    def update_registration(self) -> None:
        phone = self.phone
        registration: dict[str, Any] = phone.registration
        state = registration.get("state")
        account = self.address or str(registration.get("account") or "")
        show_link = False
        if phone.client is None:
            text = self.tr("Phone engine not available")
        elif not phone.engine_running:
            text = self.tr("Phone engine stopped: %1").replace("%1", phone.engine_reason) \
                if phone.engine_reason else self.tr("Starting the phone engine…")
        elif state == "registered":
            text = self.tr("● Registered as %1").replace("%1", account)
        elif state == "registering":
            text = self.tr("Registering %1…").replace("%1", account)
        elif state == "failed":
            reason = f"{registration.get('code') or ''} {registration.get('reason') or ''}".strip()
            text = self.tr("Registration failed: %1").replace("%1", reason)
            retry = registration.get("next_retry_s")
            if retry:
                text += " " + self.tr("(retry in %1 s)").replace("%1", str(int(retry)))
            show_link = True
        elif self.listen:
            text = self.tr("Direct calls on %1 (no SIP account)").replace(
                "%1", phone.listen_address or self.listen)
        elif not self.has_account:
            text = self.tr("No SIP account: calls are off, the knowledge base works.")
            show_link = True
        else:
            text = self.tr("Not registered")
            show_link = True
        self.registration.setText(text)
        self.registration.setAccessibleName(text)
        self.settings_link.setVisible(show_link)

    # ------------------------------------------------------------------ agent state

    def set_reasons(self, reasons: list[str]) -> None:
        self.reasons = [r for r in reasons if r.strip()]
        menu = self.agent_menu
        menu.clear()
        group = QActionGroup(menu)
        ready = QAction(self.tr("Ready"), menu)
        ready.triggered.connect(lambda: self.agent_state_requested.emit("ready", ""))
        group.addAction(ready)
        menu.addAction(ready)
        not_ready = menu.addMenu(self.tr("Not ready"))
        assert not_ready is not None
        for reason in self.reasons or ["Break"]:
            action = QAction(reason_text(reason), not_ready)
            action.triggered.connect(
                lambda _checked=False, r=reason: self.agent_state_requested.emit("not-ready", r))
            not_ready.addAction(action)

    def state_text(self) -> str:
        agent = self.phone.agent
        state = agent.get("state")
        if state == "not-ready":
            reason = str(agent.get("reason") or "")
            return self.tr("Not ready: %1").replace("%1", reason_text(reason)) if reason \
                else self.tr("Not ready")
        if state == "wrap-up":
            until = agent.get("wrap_up_until")
            if until:
                left = format_duration(max(0.0, float(until) - time.time()))
                return self.tr("Wrap-up %1").replace("%1", left)
            return self.tr("Wrap-up")
        return self.tr("Ready")

    def update_agent_state(self) -> None:
        running = self.phone.engine_running
        self.agent_button.setEnabled(running)
        text = self.state_text() if running else self.tr("Offline")
        colour = STATE_COLOURS.get(str(self.phone.agent.get("state")), "#333333") \
            if running else "#78909c"
        self.agent_button.setText(f"● {text}")
        self.agent_button.setStyleSheet(f"QToolButton#agentState {{ color: {colour}; }}")
        self.agent_button.setAccessibleDescription(text)

    def tick(self) -> None:
        if self.phone.agent.get("state") == "wrap-up":
            self.update_agent_state()

    # ------------------------------------------------------------------ KB and sync

    def set_kb_state(self, text: str) -> None:
        self.kb_label.setText(text)

    def set_help_state(self, text: str, level: str = "info") -> None:
        """The supervisor's answer (``level``: ``info`` or ``warn``); empty hides it."""
        self.help_label.setText(text)
        self.help_label.setProperty("level", level)
        self.help_label.setAccessibleName(text)
        self.help_label.setVisible(bool(text))
        style = self.help_label.style()
        if style is not None:
            style.polish(self.help_label)

    def set_sync_state(self, text: str, tooltip: str = "") -> None:
        self.sync_label.setText(text)
        self.sync_label.setToolTip(tooltip)

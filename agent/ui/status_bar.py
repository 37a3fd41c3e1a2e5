"""The status bar: SIP registration, agent state (with a menu to change it and the wrap-up
countdown), the knowledge base, the notes sync, and passing messages from the services.

Thread rule: GUI thread only; :meth:`StatusBar.tick` is driven by the desk's clock timer.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from PyQt6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QActionGroup
from PyQt6.QtWidgets import QLabel, QMenu, QPushButton, QStatusBar, QToolButton, QWidget

from agent.phone.protocol import AgentState, RegistrationState
from agent.ui import content
from agent.ui.actions import ActionExecutor
from agent.ui.bounded_widgets import OneLineLabel
from agent.ui.i18n import reason_text
from agent.ui.kb_service import KbService
from agent.ui.lines_model import format_duration
from agent.ui.notes_service import NotesService
from agent.ui.phone_state import PhoneState
from agent.ui.problems import problem_text
from agent.ui.settings_service import SettingsService
from agent.ui.sync_service import SyncService, describe
from agent.ui.widgets import elided, plain_label

AGENT_STATE_SHORTCUT = "F12"
MESSAGES_SHORTCUT = "Ctrl+M"
MESSAGE_MS = 8000
READING_MS_PER_CHAR = 70  # a long message stays up long enough to be read (300 characters: 21 s)
RECENT_MESSAGES = 30

STATE_COLOURS = {AgentState.READY: "#1f7a1f", AgentState.NOT_READY: "#a11b12",
                 AgentState.WRAP_UP: "#8a5a00"}


class StatusBar(QStatusBar):
    """Permanent state on the right; passing messages on the left, in place of the
    registration while they last. A message wider than its room is cut with "…": the tooltip
    and the "Details" link (or Ctrl+M, or a click on it) show it whole with the recent ones, so
    nothing said to the operator depends on the window's width."""

    settings_requested = pyqtSignal()
    messages_requested = pyqtSignal()
    missed_requested = pyqtSignal()  # the missed-calls count was clicked: show the History

    def __init__(self, phone: PhoneState, settings: SettingsService, kb: KbService,
                 notes: NotesService, sync: SyncService, actions: ActionExecutor, clock: QTimer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.settings = settings
        self.has_account = False
        self.listen = ""
        self.address = ""
        self.reasons: list[str] = []

        self.registration = plain_label()
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
        # Do not disturb: beside the state, not one of them (a break does not switch it off).
        self.dnd_action = QAction(self.tr("Do &not disturb"), self)
        self.dnd_action.setCheckable(True)
        self.dnd_action.setToolTip(self.tr("Refuse every incoming call (busy), whatever your "
                                           "state"))
        self.dnd_action.triggered.connect(self.on_dnd_triggered)
        self.dnd_button = QToolButton()
        self.dnd_button.setObjectName("dndButton")
        self.dnd_button.setDefaultAction(self.dnd_action)
        self.dnd_action.setIconText(self.tr("DND"))  # the button's short label
        self.dnd_button.setAccessibleName(self.tr("Do not disturb"))
        self.agent_menu = QMenu(self.agent_button)
        self.agent_button.setMenu(self.agent_menu)
        self.kb_label = QLabel(self.tr("KB: loading…"))
        self.sync_label = plain_label()
        self.sync_label.setObjectName("syncLabel")
        # Calls missed or turned away since the History was last seen; hidden at none.
        self.missed_button = QToolButton()
        self.missed_button.setObjectName("missedCalls")
        self.missed_button.setAutoRaise(True)
        self.missed_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.missed_button.setVisible(False)
        self.missed_button.clicked.connect(self.missed_requested)
        self.help_label = QLabel()  # the supervisor's answer to a raised hand
        self.help_label.setObjectName("helpAnswer")
        self.help_label.setVisible(False)

        self.message = OneLineLabel()
        self.message.setObjectName("statusMessage")
        self.message.setVisible(False)
        self.message.setCursor(Qt.CursorShape.PointingHandCursor)
        self.message.installEventFilter(self)
        self.details_link = QPushButton(self.tr("Details…"))
        self.details_link.setObjectName("linkButton")
        self.details_link.setFlat(True)
        self.details_link.setToolTip(self.tr("The whole message and the recent ones (%1)").replace(
            "%1", MESSAGES_SHORTCUT))
        self.details_link.setVisible(False)
        self.details_link.clicked.connect(self.messages_requested)
        self.recent: deque[tuple[str, str]] = deque(maxlen=RECENT_MESSAGES)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.clearMessage)
        self._show_link = False

        self.addWidget(self.registration)
        self.addWidget(self.settings_link)
        self.addWidget(self.message, 1)
        self.addWidget(self.details_link)
        self.addPermanentWidget(self.missed_button)
        self.addPermanentWidget(self.help_label)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.kb_label)
        self.addPermanentWidget(self.dnd_button)
        self.addPermanentWidget(self.agent_button)

        phone.registration_changed.connect(lambda _event: self.update_registration())
        phone.engine_changed.connect(self.on_engine_changed)
        phone.agent_state_changed.connect(lambda _event: self.update_agent_state())
        phone.error_reported.connect(self.show_message)
        actions.reported.connect(self.show_message)
        settings.reported.connect(self.show_message)
        settings.applied.connect(self.on_settings_applied)
        kb.opened.connect(lambda: self.set_kb_state(self.tr("KB ready")))
        kb.open_failed.connect(lambda _message: self.set_kb_state(self.tr("KB unavailable")))
        notes.open_failed.connect(lambda message: self.show_message(
            self.tr("Notes cannot be saved: %1").replace("%1", message), 0))
        sync.report_received.connect(self.on_sync_report)
        clock.timeout.connect(self.tick)
        self.on_settings_applied()
        self.update_agent_state()

    def show_message(self, text: str, timeout_ms: int = MESSAGE_MS) -> None:
        self.showMessage(text, timeout_ms)

    # ------------------------------------------------------------------ passing messages

    def showMessage(self, text: str | None, timeout: int = 0) -> None:
        """Like :meth:`QStatusBar.showMessage` (0: until cleared), but cut to the room with
        the whole text in the tooltip and the recent messages; long ones stay up longer."""
        text = " ".join((text or "").split())
        if not text:
            self.clearMessage()
            return
        when = QLocale().toString(QDateTime.currentDateTime().time(),
                                  QLocale.FormatType.ShortFormat)
        self.recent.append((when, text))
        self.message.setText(text)
        self.registration.setVisible(False)
        self.settings_link.setVisible(False)
        self.message.setVisible(True)
        self._message_timer.stop()
        if timeout > 0:
            self._message_timer.start(max(timeout, len(text) * READING_MS_PER_CHAR))
        self._update_details_link()
        self.messageChanged.emit(text)

    def clearMessage(self) -> None:
        self._message_timer.stop()
        if not self.message.isHidden():
            self.message.setText("")
            self.message.setVisible(False)
            self.details_link.setVisible(False)
            self.registration.setVisible(True)
            self.settings_link.setVisible(self._show_link)
            self.messageChanged.emit("")

    def currentMessage(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def _update_details_link(self) -> None:
        self.details_link.setVisible(not self.message.isHidden() and self.message.is_elided())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._update_details_link)  # after the layout gave the label room

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if watched is self.message and event is not None:
            if event.type() == QEvent.Type.MouseButtonRelease:
                self.messages_requested.emit()
                return True
            if event.type() == QEvent.Type.Resize:
                self._update_details_link()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ registration

    def on_engine_changed(self, _running: bool, _reason: str) -> None:
        self.update_registration()
        self.update_agent_state()

    def on_settings_applied(self) -> None:
        settings = self.settings
        self.set_reasons(list(settings.get("agent.not_ready_reasons")))
        # ``user@server`` names the account better than the engine's key.
        self.address = settings.account_address()
        self.has_account = bool(self.address)
        self.listen = settings.text("sip.listen")
        self.update_registration()
        if not settings.text("hub.url"):
            self.set_sync_state(self.tr("Notes kept locally (no floor server)"))

    def update_registration(self) -> None:
        phone = self.phone
        registration = phone.registration
        state = registration.state
        account = self.address or registration.account
        show_link = False
        if phone.client is None:
            text = self.tr("Phone engine not available")
        elif not phone.engine_running:
            text = self.tr("Phone engine stopped: %1").replace("%1", phone.engine_reason) \
                if phone.engine_reason else self.tr("Starting the phone engine…")
        elif state is RegistrationState.REGISTERED:
            text = self.tr("● Registered as %1").replace(
                "%1", elided(self.registration, account, 360))
        elif state is RegistrationState.REGISTERING:
            text = self.tr("Registering %1…").replace("%1", elided(self.registration, account, 360))
        elif state is RegistrationState.FAILED:
            reason = problem_text(registration.problem, registration.params, " ".join(
                f"{registration.code or ''} {registration.reason}".split()))
            text = self.tr("Registration failed: %1").replace(
                "%1", elided(self.registration, reason, 360))
            retry = registration.next_retry_s
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
        self._show_link = show_link
        self.settings_link.setVisible(show_link and self.message.isHidden())

    # ------------------------------------------------------------------ agent state

    def set_reasons(self, reasons: list[str]) -> None:
        self.reasons = [r for r in reasons if r.strip()]
        menu = self.agent_menu
        menu.clear()
        group = QActionGroup(menu)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        ready = QAction(self.tr("Ready"), menu)
        ready.setCheckable(True)
        ready.triggered.connect(lambda: self.phone.set_agent_state(AgentState.READY))
        group.addAction(ready)
        menu.addAction(ready)
        self.ready_action = ready
        not_ready = menu.addMenu(self.tr("Not ready"))
        assert not_ready is not None
        self.reason_actions: dict[str, QAction] = {}
        for reason in self.reasons or ["Break"]:
            action = QAction(reason_text(reason), not_ready)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, r=reason: self.phone.set_agent_state(
                AgentState.NOT_READY, r))
            group.addAction(action)
            not_ready.addAction(action)
            self.reason_actions[reason] = action
        self._check_state_action()

    def _check_state_action(self) -> None:
        """The menu marks the state the engine reports (the operator sees where they are
        before choosing; a wrap-up marks nothing: it is not chosen from here)."""
        agent = self.phone.agent
        running = self.phone.engine_running
        self.ready_action.setChecked(running and agent.state is AgentState.READY)
        for reason, action in self.reason_actions.items():
            action.setChecked(running and agent.state is AgentState.NOT_READY
                              and agent.reason == reason)

    def state_text(self) -> str:
        agent = self.phone.agent
        if agent.state is AgentState.NOT_READY:
            reason = agent.reason
            return self.tr("Not ready: %1").replace("%1", reason_text(reason)) if reason \
                else self.tr("Not ready")
        if agent.state is AgentState.WRAP_UP:
            until = agent.wrap_up_until
            if until:
                left = format_duration(max(0.0, until - time.time()))
                return self.tr("Wrap-up %1").replace("%1", left)
            return self.tr("Wrap-up")
        return self.tr("Ready")

    def time_in_state(self) -> str:
        """How long the agent has been in this state (wrap-up shows its countdown instead)."""
        if not self.phone.engine_running or self.phone.agent.state is AgentState.WRAP_UP:
            return ""
        return format_duration(max(0.0, time.time() - self.phone.agent_since))

    def on_dnd_triggered(self, checked: bool) -> None:
        """Ask the engine; the check mark follows what it reports (``agent_state``)."""
        if not self.phone.set_dnd(checked):
            self.dnd_action.setChecked(self.phone.dnd)

    def update_agent_state(self) -> None:
        running = self.phone.engine_running
        self.agent_button.setEnabled(running)
        self.dnd_action.setEnabled(running)
        if self.dnd_action.isChecked() != self.phone.dnd:
            self.dnd_action.setChecked(self.phone.dnd)
        text = self.state_text() if running else self.tr("Offline")
        colour = STATE_COLOURS.get(self.phone.agent.state, "#333333") if running else "#78909c"
        since = self.time_in_state()
        shown = f"● {text}  {since}" if since else f"● {text}"
        if shown != self.agent_button.text():
            self.agent_button.setText(shown)
        style = f"QToolButton#agentState {{ color: {colour}; }}"
        if style != self.agent_button.styleSheet():
            self.agent_button.setStyleSheet(style)
        self.agent_button.setAccessibleDescription(text)
        self._check_state_action()

    def tick(self) -> None:
        self.update_agent_state()  # the wrap-up countdown, or the time in the state

    # ------------------------------------------------------------------ KB and sync

    def set_kb_state(self, text: str) -> None:
        self.kb_label.setText(text)

    def set_missed(self, count: int, numbers: str = "") -> None:
        """Show how many calls were missed or turned away (``numbers``: who, for the
        tooltip); 0 hides the count."""
        text = self.tr("Missed: %1").replace("%1", str(count))
        self.missed_button.setText(f"☎ {text}")
        self.missed_button.setAccessibleName(text)
        self.missed_button.setToolTip(numbers)
        self.missed_button.setVisible(count > 0)

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
        self.sync_label.setToolTip(content.tooltip(tooltip) if tooltip else "")

    def on_sync_report(self, report: Any) -> None:
        self.set_sync_state(*describe(report))

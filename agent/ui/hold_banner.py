"""The hold timer shown next to the search box while a caller waits on hold.

Its colour goes neutral → warning → alarm at ``hold.warn_seconds`` / ``hold.alarm_seconds``.
Thread rule: GUI thread only; :meth:`HoldBanner.tick` is driven by the window's clock timer.
"""

from __future__ import annotations

import time

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from agent.ui.lines_model import format_duration
from agent.ui.phone_state import PhoneState, call_label
from agent.ui.settings_service import SettingsService
from agent.ui.widgets import elided, plain_label, repolish

LEVELS = ("normal", "warn", "alarm")
RESUME_SHORTCUT = "F6"


def hold_level(seconds: float, warn: int, alarm: int) -> str:
    """``normal`` below ``warn``, ``warn`` below ``alarm``, then ``alarm``."""
    if seconds >= alarm:
        return "alarm"
    if seconds >= warn:
        return "warn"
    return "normal"


class HoldBanner(QFrame):
    """Hidden unless a call is on (local) hold; one button (F6) resumes it."""

    def __init__(self, phone: PhoneState, settings: SettingsService, clock: QTimer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.settings = settings
        self.setObjectName("holdBanner")
        self.warn_seconds = 30
        self.alarm_seconds = 60
        self.level = "normal"
        self.call_id: int | None = None
        self.label = plain_label()
        self.label.setObjectName("holdLabel")
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Take the caller off hold (%1)").replace(
            "%1", RESUME_SHORTCUT))
        self.resume_button.setAccessibleName(self.tr("Resume the held call"))
        self.resume_button.clicked.connect(self.on_resume_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.resume_button)
        self.setProperty("level", self.level)
        self.setVisible(False)
        phone.lines_updated.connect(self.tick)
        clock.timeout.connect(self.tick)
        settings.applied.connect(self.on_settings_applied)
        self.on_settings_applied()

    def on_settings_applied(self) -> None:
        warn = int(self.settings.get("hold.warn_seconds"))
        alarm = int(self.settings.get("hold.alarm_seconds"))
        self.warn_seconds, self.alarm_seconds = warn, max(alarm, warn)
        self.tick()

    def tick(self) -> None:
        call = self.phone.held_call()
        if call is None:
            self.call_id = None
            self.setVisible(False)
            return
        self.call_id = call.call
        seconds = time.time() - (call.held_since or time.time())
        caller = elided(self.label, call_label(call), 220)
        held = format_duration(seconds)
        text = self.tr("%1 on hold %2").replace("%1", caller).replace("%2", held)
        # While another call rings beside it, the row is shared with the ring notice: the
        # timer keeps its place and the held caller's name moves to the tooltip (it is also
        # in the Lines table).
        shown = self.tr("On hold %1").replace("%1", held) if self.phone.ringing_calls() \
            else text
        if shown != self.label.text():
            self.label.setText(shown)
        self.setToolTip(text)
        self.setAccessibleName(text)
        level = hold_level(seconds, self.warn_seconds, self.alarm_seconds)
        if level != self.level:
            self.level = level
            self.setProperty("level", level)
            repolish(self, self.label)
        self.resume_button.setEnabled(not self.phone.is_media_pending(self.call_id))
        self.setVisible(True)

    def on_resume_clicked(self) -> None:
        if self.call_id is not None:
            self.phone.resume(self.call_id)

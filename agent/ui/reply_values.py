"""The values that fill ``{placeholders}`` in KB replies: the caller's name from the call note,
the number from the phone, the company, product, e-mail and operator name from the settings, and
the callback time from the note's callback form.

Thread rule: GUI thread only.
"""

from __future__ import annotations

import time

from PyQt6.QtCore import QObject, pyqtSignal

from agent.ui.call_notes import CallNotes
from agent.ui.phone_state import PhoneState
from agent.ui.settings_service import SettingsService


class ReplyValues(QObject):
    """Reads the placeholder values on demand; :attr:`changed` says when to fill replies again."""

    changed = pyqtSignal()

    def __init__(self, settings: SettingsService, phone: PhoneState, call_notes: CallNotes,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.phone = phone
        self.call_notes = call_notes
        call_notes.caller_name_changed.connect(lambda _name: self.changed.emit())
        call_notes.callback_changed.connect(self.changed)
        settings.applied.connect(self.changed)

    def values(self) -> dict[str, str]:
        call = self.phone.current_call()
        session = self.call_notes.bound
        settings = self.settings
        return {
            "caller_name": session.caller_name if session else "",
            "company": settings.text("site.company"),
            "product": settings.text("site.product"),
            "operator_name": settings.text("sip.display_name"),
            "email": settings.text("site.offers_email"),
            "number": call.caller_id if call else "",
            "callback_time": callback_time(session.callback if session else {}),
        }


def callback_time(callback: dict[str, object]) -> str:
    """The time of the note's callback form as the form shows it; empty without one."""
    when = callback.get("at")
    if not isinstance(when, int | float) or not when:
        return ""
    return time.strftime("%d.%m.%Y %H:%M", time.localtime(float(when)))

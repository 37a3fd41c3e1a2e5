"""What the desk does when the supervisor answers a raised hand.

"Coming" and "call me on line X" are told to the operator (the status bar); X is remembered so
the Help dialog can call it. "Join" calls the supervisor's line from the phone engine as a
consultation (the caller waits on hold); "join as conference" then mixes the caller in with
the engine's ``conference`` command once the supervisor answers. An engine without that command
leaves the consultation as it is and says so. Each answer is acted on once, however often the
stream repeats it.

Thread rule: GUI thread only; phone commands return at once.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.floor.recorder import call_view, phone_field
from agent.ui.floor_service import FloorService
from agent.ui.phone_state import PhoneState
from kb.wire.floor import AckKind


class SupervisorAnswer(QObject):
    """See the module docstring."""

    message_changed = pyqtSignal(str, str)  # (text, level: info | warn)

    def __init__(self, floor: FloorService, phone: PhoneState,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.floor = floor
        self.phone = phone
        self.call_me_line = ""  # the last "call me on line X"
        self.text = ""
        self._handled: set[tuple[str, Any]] = set()
        self._conference_with: tuple[int, str] | None = None  # (caller's call, line)
        floor.alert_answered.connect(self.on_alert_answered)
        phone.call_state_changed.connect(self.on_call_changed)
        phone.error_reported.connect(self.on_error)

    def on_alert_answered(self, alert: dict[str, Any]) -> None:
        key = (str(alert.get("id")), alert.get("ack_at"))
        first_time = key not in self._handled
        self._handled.add(key)
        try:
            kind = AckKind(str(alert.get("ack_kind")))
        except ValueError:
            return
        who = str(alert.get("ack_by") or self.tr("The supervisor"))
        line = str(alert.get("ack_line") or "")
        if kind is AckKind.COMING:
            text = self.tr("%1 is coming to you.").replace("%1", who)
        elif kind is AckKind.CALL_ME:
            self.call_me_line = line
            text = self.tr("%1: call me on line %2 (F2).").replace("%1", who).replace("%2", line)
        else:
            conference = kind is AckKind.JOIN_CONFERENCE
            text = (self.tr("%1 joins your call (conference) on line %2.") if conference
                    else self.tr("%1 joins your call (consultation) on line %2.")
                    ).replace("%1", who).replace("%2", line)
            if first_time:
                self.join(line, conference)
        self._say(text, "info")

    def _say(self, text: str, level: str) -> None:
        self.text = text
        self.message_changed.emit(text, level)

    def join(self, line: str, conference: bool) -> bool:
        """Consult ``line`` from the current customer call (and mix it in when answered)."""
        caller = next((call_view(c) for c in self.phone.live_calls()
                       if str(phone_field(c, "state")) == "confirmed"
                       and not phone_field(c, "consult_for")), None)
        if caller is None:
            return self.phone.dial(line)
        self._conference_with = (caller.call, line) if conference else None
        return self.phone.consult(caller.call, line)

    def call_supervisor(self) -> bool:
        """Call the line the supervisor asked to be called on (False when there is none)."""
        return bool(self.call_me_line) and self.join(self.call_me_line, conference=False)

    def on_call_changed(self, snapshot: Any) -> None:
        pending = self._conference_with
        call = call_view(snapshot)
        if pending is None or call.consult_for != pending[0]:
            return
        if str(call.state) == "confirmed":
            self._conference_with = None
            client = self.phone.client
            if client is not None:
                client.send_command("conference", call=call.call, **{"with": pending[0]})
        elif str(call.state) == "disconnected":
            self._conference_with = None

    def on_error(self, message: str) -> None:
        if "conference" in message:
            self._say(self.tr("This phone cannot make a conference: the supervisor stays on "
                              "the consultation line."), "warn")

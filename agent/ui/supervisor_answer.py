"""Raising a hand from the desk, and what the desk does when the supervisor answers.

A hand goes to the floor's hub with the call's context; without a hub, the supervisor's number
from the department directory is called instead (a consultation when there is a call).

"Coming" and "call me on line X" are told to the operator (the status bar); X is remembered so
the Help dialog can call it. "Join" calls the supervisor's line from the phone engine as a
consultation (the caller waits on hold); "join as conference" then mixes the caller in with
the engine's ``conference`` command once the supervisor answers. An engine without that command
leaves the consultation as it is and says so. Each answer is acted on once, however often the
stream repeats it.

Thread rule: GUI thread only; phone commands return at once.
"""

from __future__ import annotations

import time
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.phone.protocol import Call, CallState, ErrorEvent
from agent.ui.actions import ActionExecutor
from agent.ui.floor_service import FloorService
from agent.ui.lines_model import format_duration
from agent.ui.phone_state import PhoneState
from kb.wire.floor import AckKind


class SupervisorAnswer(QObject):
    """See the module docstring."""

    message_changed = pyqtSignal(str, str)  # (text, level: info | warn)

    def __init__(self, floor: FloorService, phone: PhoneState, actions: ActionExecutor,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.floor = floor
        self.phone = phone
        self.actions = actions
        self.call_me_line = ""  # the last "call me on line X"
        self.text = ""
        self._handled: set[tuple[str, Any]] = set()
        self._conference_with: tuple[int, str] | None = None  # (caller's call, line)
        floor.alert_answered.connect(self.on_alert_answered)
        phone.call_state_changed.connect(self.on_call_changed)
        phone.engine_error.connect(self.on_error)

    def context(self, article: Any = None) -> str:
        """What the Help dialog shows of the situation (the call, the hold, the article)."""
        call = self.phone.current_call()
        if call is None:
            text = self.tr("No call in progress.")
        else:
            text = self.tr("Call %1 for %2").replace("%1", call.caller_id).replace(
                "%2", format_duration(time.time() - (call.started or time.time())))
            if self.phone.held_call() is not None:
                text += self.tr(", on hold")
        if article is not None:
            text += "\n" + self.tr("Article: %1").replace("%1", str(article.title))
        if not self.floor.available:
            text += "\n" + self.tr("No floor server: the supervisor's line is called instead.")
        return text

    def raise_hand(self, text: str, article: str = "") -> str:
        """Send the hand (or, without a hub, call the supervisor's number); returns what the
        status bar should say."""
        if self.floor.raise_hand(text, article):
            return self.tr("Waiting for the supervisor…")
        department = self.actions.department("supervisor") or {}
        number = str(department.get("number") or "")
        if not number:
            return self.tr("No floor server and no number for the supervisor: ask IT to set "
                           "one.")
        call = self.phone.current_call()
        if call is not None:
            self.phone.consult(call.call, number)
        else:
            self.phone.dial(number)
        return ""

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
        caller = next((c for c in self.phone.live_calls()
                       if c.is_confirmed and c.consult_for is None), None)
        if caller is None:
            return self.phone.dial(line)
        self._conference_with = (caller.call, line) if conference else None
        return self.phone.consult(caller.call, line)

    def call_supervisor(self) -> bool:
        """Call the line the supervisor asked to be called on (False when there is none)."""
        return bool(self.call_me_line) and self.join(self.call_me_line, conference=False)

    def on_call_changed(self, call: Call) -> None:
        pending = self._conference_with
        if pending is None or call.consult_for != pending[0]:
            return
        if call.is_confirmed:
            self._conference_with = None
            client = self.phone.client
            if client is not None:
                client.send_command("conference", call=call.call, **{"with": pending[0]})
        elif call.state is CallState.DISCONNECTED:
            self._conference_with = None

    def on_error(self, event: ErrorEvent) -> None:
        if event.command == "conference":
            self._say(self.tr("This phone cannot make a conference: the supervisor stays on "
                              "the consultation line."), "warn")

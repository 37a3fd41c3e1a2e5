"""What the window knows about the phone: calls, waiting lines, registration and agent state.

One object listens to the :class:`~agent.phone.client.PhoneClient` signals and keeps the latest
snapshots, so panels read one consistent picture and never talk to the engine process directly
except through the commands exposed here. Thread rule: GUI thread only; nothing here blocks (the
client writes commands to the engine's pipe and returns).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

log = logging.getLogger(__name__)

LIVE_STATES = ("calling", "incoming", "early", "connecting", "confirmed")


def call_label(call: dict[str, Any]) -> str:
    """``Ann (1001)`` or just ``1001``."""
    caller = str(call.get("caller_id") or call.get("remote_uri") or "?")
    name = str(call.get("display_name") or "")
    return f"{name} ({caller})" if name and name != caller else caller


class PhoneState(QObject):
    """The model of the phone side; wraps a PhoneClient (or nothing, when there is no engine)."""

    lines_updated = pyqtSignal()
    call_state_changed = pyqtSignal(dict)  # a call snapshot
    call_ringing = pyqtSignal(dict)  # a new incoming call snapshot
    call_ended = pyqtSignal(dict)  # the final snapshot of a call
    registration_changed = pyqtSignal(dict)
    agent_state_changed = pyqtSignal(dict)
    engine_changed = pyqtSignal(bool, str)  # (running, reason)
    error_reported = pyqtSignal(str)
    transfer_progressed = pyqtSignal(dict)
    dtmf_received = pyqtSignal(int, str)

    def __init__(self, client: Any | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.calls: dict[int, dict[str, Any]] = {}
        self.waiting: list[dict[str, Any]] = []
        self.active: int | None = None
        self.registration: dict[str, Any] = {"state": "unregistered", "account": "", "code": 0,
                                             "reason": ""}
        self.agent: dict[str, Any] = {"state": "ready", "reason": "", "wrap_up_until": None}
        self.engine_running = False
        self.engine_reason = "" if client is not None else "phone engine not available"
        self.listen_address = ""
        self.mode = ""
        self._pending_media: set[int] = set()
        if client is not None:
            client.engine_started.connect(self.on_engine_started)
            client.engine_stopped.connect(self.on_engine_stopped)
            client.registration_changed.connect(self.on_registration_changed)
            client.call_changed.connect(self.on_call_changed)
            client.call_removed.connect(self.on_call_removed)
            client.lines_changed.connect(self.on_lines_changed)
            client.agent_state_changed.connect(self.on_agent_state_changed)
            client.error_reported.connect(self.on_error_reported)
            client.event_received.connect(self.on_event_received)
            for name, target in (("transfer_progressed", self.transfer_progressed),
                                 ("dtmf_received", self.dtmf_received)):
                signal = getattr(client, name, None)
                if signal is not None:
                    signal.connect(target)

    # ------------------------------------------------------------------ engine events

    def on_engine_started(self) -> None:
        self.engine_running = True
        self.engine_reason = ""
        self.engine_changed.emit(True, "")

    def on_engine_stopped(self, reason: str) -> None:
        self.engine_running = False
        self.engine_reason = reason
        ended = list(self.calls.values())
        self.calls.clear()
        self.waiting.clear()
        self.active = None
        for call in ended:
            self.call_ended.emit({**call, "state": "disconnected", "reason": reason})
        self.engine_changed.emit(False, reason)
        self.lines_updated.emit()

    def on_event_received(self, event: dict[str, Any]) -> None:
        name = event.get("event")
        if name == "hello":
            self.listen_address = str(event.get("listen") or "")
            self.mode = str(event.get("mode") or "")
            self.registration_changed.emit(self.registration)
        elif name == "media":
            self._pending_media.discard(int(event.get("call", -1)))
            self.lines_updated.emit()

    def on_error_reported(self, message: str) -> None:
        # A refused hold/resume never gets its media event: let the operator try again.
        self._pending_media.clear()
        self.error_reported.emit(message)
        self.lines_updated.emit()

    def on_registration_changed(self, payload: dict[str, Any]) -> None:
        self.registration = dict(payload)
        self.registration_changed.emit(self.registration)

    def on_agent_state_changed(self, payload: dict[str, Any]) -> None:
        self.agent = dict(payload)
        self.agent_state_changed.emit(self.agent)

    def on_call_changed(self, snapshot: dict[str, Any]) -> None:
        call_id = int(snapshot["call"])
        known = self.calls.get(call_id)
        if snapshot.get("state") == "disconnected":
            self._pending_media.discard(call_id)
            if self.calls.pop(call_id, None) is not None:
                self.waiting = [w for w in self.waiting if w.get("call") != call_id]
                self.call_ended.emit(dict(snapshot))
        else:
            if known is not None and known.get("hold") != snapshot.get("hold"):
                self._pending_media.discard(call_id)
            self.calls[call_id] = dict(snapshot)
            if known is None and snapshot.get("state") == "incoming":
                self.call_ringing.emit(dict(snapshot))
        self.call_state_changed.emit(dict(snapshot))
        self.lines_updated.emit()

    def on_call_removed(self, call_id: int) -> None:
        snapshot = self.calls.pop(int(call_id), None)
        if snapshot is not None:
            self.call_ended.emit({**snapshot, "state": "disconnected"})
        self.waiting = [w for w in self.waiting if w.get("call") != call_id]
        self.lines_updated.emit()

    def on_lines_changed(self, payload: dict[str, Any]) -> None:
        calls = {int(c["call"]): dict(c) for c in payload.get("calls", [])
                 if c.get("state") != "disconnected"}
        for call_id, snapshot in calls.items():
            if call_id not in self.calls and snapshot.get("state") == "incoming":
                self.call_ringing.emit(dict(snapshot))
        for call_id in set(self.calls) - set(calls):
            self.call_ended.emit({**self.calls[call_id], "state": "disconnected"})
        self.calls = calls
        self.waiting = [dict(w) for w in payload.get("waiting", [])]
        active = payload.get("active")
        self.active = int(active) if active is not None else None
        self.lines_updated.emit()

    # ------------------------------------------------------------------ queries

    def live_calls(self) -> list[dict[str, Any]]:
        return sorted((c for c in self.calls.values() if c.get("state") in LIVE_STATES),
                      key=lambda c: c.get("started") or 0)

    def ringing_calls(self) -> list[dict[str, Any]]:
        return [c for c in self.live_calls()
                if c.get("state") == "incoming" and c.get("direction") == "in"]

    def current_call(self) -> dict[str, Any] | None:
        """The call with audio, else the newest ringing one, else the newest live call."""
        if self.active is not None and self.active in self.calls:
            return self.calls[self.active]
        live = self.live_calls()
        talking = [c for c in live if c.get("state") == "confirmed" and c.get("hold") == "none"]
        if talking:
            return talking[-1]
        ringing = self.ringing_calls()
        if ringing:
            return ringing[-1]
        return live[-1] if live else None

    def held_call(self) -> dict[str, Any] | None:
        """The call we hold the longest (the one the hold timer shows)."""
        held = [c for c in self.live_calls() if c.get("hold") == "local"]
        return min(held, key=lambda c: c.get("held_since") or time.time()) if held else None

    def is_media_pending(self, call_id: int) -> bool:
        return call_id in self._pending_media

    # ------------------------------------------------------------------ commands

    def _send(self, method: str, *args: Any, **kwargs: Any) -> bool:
        if self.client is None or not self.engine_running:
            self.error_reported.emit(self.tr("The phone engine is not running."))
            return False
        getattr(self.client, method)(*args, **kwargs)
        return True

    def dial(self, uri: str) -> bool:
        return self._send("dial", uri)

    def answer(self, call_id: int | None = None) -> bool:
        return self._send("answer", call_id)

    def reject(self, call_id: int | None = None) -> bool:
        return self._send("reject", call_id)

    def hangup(self, call_id: int | None = None) -> bool:
        return self._send("hangup", call_id)

    def hold(self, call_id: int) -> bool:
        if call_id in self._pending_media:
            return False
        self._pending_media.add(call_id)
        return self._send("hold", call_id)

    def resume(self, call_id: int) -> bool:
        if call_id in self._pending_media:
            return False
        self._pending_media.add(call_id)
        return self._send("resume", call_id)

    def toggle_hold(self, call_id: int) -> bool:
        call = self.calls.get(call_id)
        if call is None:
            return False
        return self.resume(call_id) if call.get("hold") == "local" else self.hold(call_id)

    def set_mute(self, call_id: int, on: bool) -> bool:
        return self._send("set_mute", call_id, on)

    def send_dtmf(self, call_id: int, digits: str) -> bool:
        return self._send("send_dtmf", call_id, digits)

    def transfer(self, call_id: int, uri: str) -> bool:
        return self._send("transfer", call_id, uri)

    def consult(self, call_id: int, uri: str) -> bool:
        return self._send("consult", call_id, uri)

    def complete_transfer(self, call_id: int) -> bool:
        return self._send("complete_transfer", call_id)

    def cancel_consult(self, call_id: int) -> bool:
        return self._send("cancel_consult", call_id)

    def set_agent_state(self, state: str, reason: str = "") -> bool:
        return self._send("set_agent_state", state, reason)

    def play_prompt(self, call_id: int, path: str, hangup_after: bool = False) -> bool:
        return self._send("play_prompt", call_id, path, hangup_after=hangup_after)

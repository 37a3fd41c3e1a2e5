"""The desk's part of the floor (Qt adapter): presence recorded from the phone, sent live; the
operator's raised hands with the supervisor's answers; the operator's due callbacks.

The outbox and recorder live on the notes executor (one thread for every SQLite write, in
order): phone signals are turned into plain values here and queued there. The live link's
threads hand stream events back through a queued signal.

Thread rule: methods are called on the GUI thread and return at once; signals are emitted on it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.phone.protocol import AgentStateEvent, Call, Direction
from agent.ui.notes_service import NotesService
from agent.ui.phone_state import PhoneState, RefusedCall
from kb.wire.floor import AlertState, CallbackOutcome, CallbackState
from kb.wire.states import SyncState

log = logging.getLogger(__name__)


class FloorService(QObject):
    """See the module docstring. Works without a hub too: then nothing is recorded."""

    alerts_changed = pyqtSignal()
    alert_answered = pyqtSignal(dict)  # one of our alerts got (another) answer
    callbacks_changed = pyqtSignal()
    callback_due = pyqtSignal(dict)  # a callback's time has come (once per callback)
    link_changed = pyqtSignal(str, str)  # (SyncState, message)
    _streamed = pyqtSignal(str, object)
    _link_state = pyqtSignal(str, str)

    def __init__(self, home: Path, phone: PhoneState, notes: NotesService, hub_url: str,
                 token: Callable[[], str | None], warn_s: int, alarm_s: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.phone = phone
        self.notes = notes
        self.hub_url = hub_url
        self.token = token
        self.warn_s, self.alarm_s = warn_s, alarm_s
        self.recorder: Any = None
        self.link: Any = None
        self._outbox: Any = None  # set on the notes executor as soon as it is open
        self.operator = ""
        self.state = SyncState.NOT_CONFIGURED if not hub_url else SyncState.OFFLINE
        self.alerts: dict[str, dict[str, Any]] = {}
        self.callbacks: dict[str, dict[str, Any]] = {}
        self._reminded: set[str] = set()
        self._dialling: str | None = None  # a callback whose call we are placing
        self._callback_calls: dict[str, int] = {}  # callback id -> engine call
        self._waiting = -1
        self._minute = 0
        self._streamed.connect(self.on_streamed)
        self._link_state.connect(self.on_link_state)

    @property
    def available(self) -> bool:
        """Recording works (a hub is configured and the outbox is open)."""
        return self.recorder is not None

    # ------------------------------------------------------------------ start and stop

    def start(self) -> None:
        """Open the outbox on the notes executor, then follow the phone and go live."""
        if not self.hub_url:
            return
        home, warn_s, alarm_s = self.home, self.warn_s, self.alarm_s

        def open_outbox() -> tuple[Any, list[Any]]:
            from agent.floor.outbox import FloorOutbox
            from agent.floor.recorder import FloorRecorder

            outbox = FloorOutbox.open(home)
            self._outbox = outbox  # jobs queued after this one (the syncer) find it
            recorder = FloorRecorder(outbox, warn_s, alarm_s)
            recorder.close_lost_calls()
            return recorder, list(outbox.recall("callbacks") or [])

        self.notes.executor.submit(open_outbox, on_done=self.on_opened,
                                   on_error=lambda exc: log.error("floor outbox: %s", exc))

    def on_opened(self, opened: tuple[Any, list[Any]]) -> None:
        from agent.floor.link import FloorLink

        self.recorder, cached = opened
        self.callbacks = {c["id"]: c for c in cached if isinstance(c, dict) and "id" in c}
        self.callbacks_changed.emit()
        phone = self.phone
        phone.call_state_changed.connect(self.on_call_changed)
        phone.call_ended.connect(self.on_call_changed)
        phone.agent_state_changed.connect(self.on_agent_state_changed)
        phone.lines_updated.connect(self.on_lines_updated)
        phone.call_refused.connect(self.on_call_refused)
        self.on_agent_state_changed(phone.agent)
        self.link = FloorLink(self.recorder.outbox, self.hub_url, self.token,
                              lambda name, data: self._streamed.emit(name, data),
                              lambda state, message: self._link_state.emit(str(state), message))
        self.link.start()

    def outbox(self) -> Any:
        """For the notes syncer, which uploads this outbox in its passes too (or None).
        Called on the notes executor."""
        return self._outbox

    def stop(self) -> None:
        """On exit: stop the link (blocks up to a few seconds), close the outbox after the
        writes still queued."""
        if self.link is not None:
            self.link.stop(timeout=3)
            self.link = None
        if self.recorder is not None:
            self.notes.executor.submit(self.recorder.outbox.close)

    def token_changed(self) -> None:
        if self.link is not None:
            self.link.set_token(self.token)

    def on_sync_report(self, report: Any) -> None:
        """The notes sync got through with the token: a link that gave up on it tries again
        (the operator stored a new token)."""
        if report.state == SyncState.ONLINE and self.state == SyncState.NEEDS_TOKEN:
            self.token_changed()

    def _record(self, method: Callable[..., Any], *args: Any,
                on_done: Callable[[Any], None] | None = None) -> None:
        self.notes.executor.submit(method, *args, on_done=on_done,
                                   on_error=lambda exc: log.error("floor event not recorded: %s",
                                                                  exc))

    # ------------------------------------------------------------------ the phone

    def on_call_changed(self, call: Call) -> None:
        if self._dialling is not None and call.direction is Direction.OUT \
                and call.consult_for is None and call.call not in self._callback_calls.values():
            self._callback_calls[self._dialling] = call.call
            self._dialling = None
        self._record(self.recorder.call_changed, call, time.time())

    def on_call_refused(self, refused: RefusedCall) -> None:
        self._record(self.recorder.refused, refused.at, refused.code)

    def on_agent_state_changed(self, agent: AgentStateEvent) -> None:
        self._record(self.recorder.agent_state, agent.state.value, agent.reason)

    def on_lines_updated(self) -> None:
        waiting = len(self.phone.waiting)
        if waiting != self._waiting:
            self._waiting = waiting
            self._record(self.recorder.waiting, waiting)

    # ------------------------------------------------------------------ raised hands

    def raise_hand(self, text: str, article: str = "") -> bool:
        """Send a raised hand with the current call's context; False when there is no hub."""
        if self.recorder is None:
            return False
        call = self.phone.current_call()

        def raised(event: Any) -> None:
            self.alerts[event.uuid] = {"id": event.uuid, "state": "sending",
                                       "raised_at": event.at, **event.fields}
            self.alerts_changed.emit()

        self._record(self.recorder.raise_hand, text, article, call, on_done=raised)
        return True

    def open_alerts(self) -> list[dict[str, Any]]:
        return sorted(self.alerts.values(), key=lambda a: -float(a.get("raised_at") or 0))

    # ------------------------------------------------------------------ callbacks

    def due_callbacks(self) -> list[dict[str, Any]]:
        """The operator's open callbacks (and unclaimed ones), soonest first."""
        return sorted((c for c in self.callbacks.values()
                       if c.get("state") == CallbackState.OPEN),
                      key=lambda c: (float(c.get("due_at") or 0), str(c.get("id"))))

    def dial_callback(self, callback: dict[str, Any]) -> bool:
        number = str(callback.get("number") or "")
        if not number or not self.phone.dial(number):
            return False
        self._dialling = str(callback["id"])
        return True

    def record_outcome(self, callback_id: str, outcome: CallbackOutcome) -> None:
        if self.recorder is None:
            return
        engine_call = self._callback_calls.pop(callback_id, None)
        self._record(self.recorder.callback_outcome, callback_id, outcome, engine_call)
        item = self.callbacks.get(callback_id)
        if item is not None:
            item = {**item, "attempts": int(item.get("attempts") or 0) + 1,
                    "outcome": outcome.value}
            if outcome.closes:
                item["state"] = CallbackState.DONE.value
            self.callbacks[callback_id] = item
            self.callbacks_changed.emit()

    def claim(self, callback_id: str, workers: Any) -> None:
        """Take an unclaimed callback (a request on a worker; the stream brings the result)."""
        from agent.floor.api import FloorApi

        api = FloorApi(self.hub_url, self.token)
        workers.submit(api.claim, callback_id,
                       on_error=lambda exc: log.warning("claim refused: %s", exc))

    def tick(self, now: float | None = None) -> None:
        """Remind once of each callback whose time has come (the desk's clock drives it)."""
        now = time.time() if now is None else now
        if int(now // 60) != self._minute:  # the list's colours follow the clock
            self._minute = int(now // 60)
            self.callbacks_changed.emit()
        for item in self.due_callbacks():
            if float(item.get("due_at") or 0) <= now and item["id"] not in self._reminded:
                self._reminded.add(item["id"])
                self.callback_due.emit(item)

    # ------------------------------------------------------------------ the stream

    def on_link_state(self, state: str, message: str) -> None:
        self.state = SyncState(state)
        self.link_changed.emit(state, message)

    def on_streamed(self, name: str, data: Any) -> None:
        if not isinstance(data, dict):
            return
        if name == "mine":
            self.operator = str(data.get("operator") or "")
            sending = {k: v for k, v in self.alerts.items() if v.get("state") == "sending"}
            self.alerts = {**sending, **{a["id"]: a for a in data.get("alerts") or ()}}
            self.callbacks = {c["id"]: c for c in data.get("callbacks") or ()}
            self._remember_callbacks()
            self.alerts_changed.emit()
            for alert in self.alerts.values():
                if alert.get("state") == AlertState.ACKNOWLEDGED:
                    self.alert_answered.emit(alert)
            self.callbacks_changed.emit()
        elif name == "alert":
            self._on_alert(data)
        elif name == "callback":
            mine = data.get("assigned_to") in (None, self.operator)
            if data.get("state") == CallbackState.OPEN and mine:
                self.callbacks[data["id"]] = data
            else:
                self.callbacks.pop(str(data.get("id")), None)
            self._remember_callbacks()
            self.callbacks_changed.emit()

    def _on_alert(self, alert: dict[str, Any]) -> None:
        before = self.alerts.get(str(alert.get("id")))
        if alert.get("state") == AlertState.CLOSED:
            self.alerts.pop(str(alert.get("id")), None)
        else:
            self.alerts[str(alert["id"])] = alert
        self.alerts_changed.emit()
        answer = (alert.get("ack_kind"), alert.get("ack_line"), alert.get("ack_at"))
        previous = (before.get("ack_kind"), before.get("ack_line"),
                    before.get("ack_at")) if before else (None, None, None)
        if alert.get("state") == AlertState.ACKNOWLEDGED and answer != previous:
            self.alert_answered.emit(alert)

    def _remember_callbacks(self) -> None:
        if self.recorder is not None:
            items = list(self.callbacks.values())
            self._record(self.recorder.outbox.remember, "callbacks", items)

"""SupervisorService: the Supervisor window's connection to the floor (Qt adapter).

The live board comes from the hub's stream (:class:`~agent.floor.stream.StreamReader`, its own
thread): a snapshot, then every change of an operator, an alert or a callback. Requests
(answers to alerts, reassignments, reports) run on a small worker pool. Everything comes back
to the GUI thread as signals. The hub's clock is what durations are measured on: the snapshot
tells it, and :meth:`hub_now` applies the difference.

Thread rule: methods are called on the GUI thread and return at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.floor.api import FloorApi
from agent.floor.stream import StreamReader
from agent.ui.tasks import TaskRunner
from kb.wire.floor import AckKind, AlertState, CallbackState, Presence
from kb.wire.states import SyncState

log = logging.getLogger(__name__)


class SupervisorService(QObject):
    """See the module docstring."""

    board_reset = pyqtSignal()  # a fresh snapshot: everything may have changed
    operator_changed = pyqtSignal(str)  # operator name
    alert_changed = pyqtSignal(dict, bool)  # (alert, new: raised just now)
    callbacks_changed = pyqtSignal()
    link_changed = pyqtSignal(str, str)  # (SyncState, message)
    failed = pyqtSignal(str)  # a request the hub refused or could not answer
    report_loaded = pyqtSignal(dict)
    chart_loaded = pyqtSignal(str, bytes)  # (chart name, SVG)
    file_saved = pyqtSignal(str)  # path
    _streamed = pyqtSignal(str, object)
    _state = pyqtSignal(str, str)

    def __init__(self, hub_url: str, token: str | Callable[[], str | None] | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub_url = hub_url
        self.api = FloorApi(hub_url, token)
        self.workers = TaskRunner("supervisor", 2, self)
        self.operators: dict[str, Presence] = {}
        self.alerts: dict[str, dict[str, Any]] = {}
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.offset = 0.0  # hub clock minus ours
        self.state = SyncState.OFFLINE
        self.reader = StreamReader(hub_url, token, lambda n, d: self._streamed.emit(n, d),
                                   lambda s, m: self._state.emit(str(s), m), name="board")
        self._streamed.connect(self.on_streamed)
        self._state.connect(self.on_state)

    def start(self) -> None:
        self.reader.start()

    def stop(self) -> None:
        self.reader.stop(timeout=3)
        self.workers.close(wait=False)
        self.api.close()

    def hub_now(self) -> float:
        return time.time() + self.offset

    # ------------------------------------------------------------------ the stream

    def on_state(self, state: str, message: str) -> None:
        self.state = SyncState(state)
        self.link_changed.emit(state, message)

    def on_streamed(self, name: str, data: Any) -> None:
        if not isinstance(data, dict):
            return
        if name == "board":
            self.offset = float(data.get("now") or time.time()) - time.time()
            self.operators = {o["operator"]: Presence.from_json(o)
                              for o in data.get("operators") or ()}
            self.alerts = {a["id"]: a for a in data.get("alerts") or ()}
            self.callbacks = {c["id"]: c for c in data.get("callbacks") or ()}
            self.board_reset.emit()
            self.callbacks_changed.emit()
        elif name == "presence":
            presence = Presence.from_json(data)
            self.operators[presence.operator] = presence
            self.operator_changed.emit(presence.operator)
        elif name == "alert":
            self._on_alert(data)
        elif name == "callback":
            if data.get("state") == CallbackState.OPEN:
                self.callbacks[data["id"]] = data
            else:
                self.callbacks.pop(str(data.get("id")), None)
            self.callbacks_changed.emit()

    def _on_alert(self, alert: dict[str, Any]) -> None:
        new = alert.get("id") not in self.alerts and alert.get("state") == AlertState.OPEN
        if alert.get("state") == AlertState.CLOSED:
            self.alerts.pop(str(alert.get("id")), None)
        else:
            self.alerts[str(alert["id"])] = alert
        self.alert_changed.emit(alert, new)

    def groups(self) -> list[str]:
        return sorted({p.group for p in self.operators.values() if p.group})

    def open_alerts(self) -> list[dict[str, Any]]:
        """Open ones first, then acknowledged; newest first within each."""
        return sorted(self.alerts.values(), key=lambda a: (
            a.get("state") != AlertState.OPEN, -float(a.get("raised_at") or 0)))

    def due_callbacks(self) -> list[dict[str, Any]]:
        return sorted(self.callbacks.values(), key=lambda c: (float(c.get("due_at") or 0),
                                                              str(c.get("id"))))

    # ------------------------------------------------------------------ requests

    def _request(self, fn: Callable[..., Any], *args: Any,
                 on_done: Callable[[Any], None] | None = None) -> None:
        self.workers.submit(fn, *args, on_done=on_done,
                            on_error=lambda exc: self.failed.emit(str(exc)))

    def acknowledge(self, alert_id: str, kind: AckKind, line: str = "") -> None:
        self._request(self.api.acknowledge, alert_id, kind, line, on_done=self._on_alert)

    def close_alert(self, alert_id: str) -> None:
        self._request(self.api.close_alert, alert_id, on_done=self._on_alert)

    def assign(self, callback_id: str, to: str | None) -> None:
        self._request(self.api.assign, callback_id, to,
                      on_done=lambda row: self.on_streamed("callback", row))

    def load_report(self, first: dt.date, last: dt.date, group: str | None, lang: str,
                    chart: str) -> None:
        def fetch() -> tuple[dict[str, Any], bytes]:
            report = self.api.report(first, last, group, lang)
            svg = self.api.report_file(first, last, "svg", group, lang, chart)
            return report, svg

        def loaded(result: tuple[dict[str, Any], bytes]) -> None:
            self.report_loaded.emit(result[0])
            self.chart_loaded.emit(chart, result[1])

        self._request(fetch, on_done=loaded)

    def save_report(self, first: dt.date, last: dt.date, group: str | None, lang: str,
                    fmt: str, path: str, chart: str | None = None) -> None:
        """The report as ``csv``, ``html`` (printable page) or ``svg`` into ``path``."""

        def fetch() -> str:
            data = self.api.report_file(first, last, fmt, group, lang, chart)
            with open(path, "wb") as out:
                out.write(data)
            return path

        self._request(fetch, on_done=self.file_saved.emit)

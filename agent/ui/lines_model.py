"""Table model of the phone lines: active, held and waiting calls with ticking timers.

Thread rule: GUI thread only. Call :meth:`LinesModel.tick` once a second to refresh the timers.
"""

from __future__ import annotations

import time
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PyQt6.QtGui import QBrush, QColor

from agent.phone.protocol import Call, CallState, Direction, HoldState
from agent.ui.phone_state import PhoneState, call_label


def format_duration(seconds: float) -> str:
    """``75`` → ``1:15``; ``3700`` → ``1:01:40``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def state_text(call: Call, waiting: bool = False, conference: bool = False) -> str:
    """A short, translated description of the call's state (``conference``: the engine bridges
    this call with another)."""
    translate = QCoreApplication.translate
    state = call.state
    if state is CallState.INCOMING:
        if waiting:
            return translate("LinesModel", "Waiting")
        return translate("LinesModel", "Ringing")
    if state is CallState.CALLING:
        return translate("LinesModel", "Calling")
    if state is CallState.EARLY:
        if call.direction is Direction.OUT:
            return translate("LinesModel", "Ringing out")
        return translate("LinesModel", "Ringing")
    if state is CallState.CONNECTING:
        return translate("LinesModel", "Connecting")
    if state is CallState.CONFIRMED:
        if call.hold is HoldState.LOCAL:
            return translate("LinesModel", "On hold")
        if call.hold is HoldState.REMOTE:
            return translate("LinesModel", "Held by caller")
        if conference:
            return translate("LinesModel", "Conference")
        if call.consult_for is not None:
            return translate("LinesModel", "Consulting")
        if call.muted:
            return translate("LinesModel", "Muted")
        return translate("LinesModel", "Talking")
    return translate("LinesModel", "Ended")


def time_text(call: Call, waiting_since: float | None, now: float) -> str:
    """The Time column: talk time; ringing or waiting time; on hold, the hold time and then the
    whole call's time (``0:40 / 5:12``), so the total never disappears while the caller waits."""
    shown = format_duration(now - timer_start(call, waiting_since))
    if call.on_local_hold and call.held_since and call.answered:
        return f"{shown} / {format_duration(now - call.answered)}"
    return shown


def timer_start(call: Call, waiting_since: float | None) -> float:
    """When the figure shown in the Time column started counting."""
    if call.on_local_hold and call.held_since:
        return call.held_since
    if call.state is CallState.INCOMING:
        return waiting_since or call.started or time.time()
    return call.answered or call.started or time.time()


class LinesModel(QAbstractTableModel):
    """Rows are the live calls, oldest first; columns caller, state, time."""

    COLUMNS = ("Caller", "State", "Time")
    CALL_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, phone: PhoneState) -> None:
        super().__init__()
        self.phone = phone
        self._rows: list[Call] = []
        self._waiting_since: dict[int, float] = {}
        phone.lines_updated.connect(self.on_lines_updated)

    def on_lines_updated(self) -> None:
        self.beginResetModel()
        self._rows = self.phone.live_calls()
        # A ringing call only "waits" while the operator is busy on another line.
        busy = self.phone.is_busy()
        self._waiting_since = {w.call: w.waiting_since
                               for w in self.phone.waiting} if busy else {}
        self.endResetModel()

    def tick(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    def call_at(self, row: int) -> Call | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, call_id: int) -> int:
        for row, call in enumerate(self._rows):
            if call.call == call_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and section == 2:
            return QCoreApplication.translate(
                "LinesModel", "Talk time; on hold: time on hold / the whole call")
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (QCoreApplication.translate("LinesModel", "Caller"),
                    QCoreApplication.translate("LinesModel", "State"),
                    QCoreApplication.translate("LinesModel", "Time"))[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        call = self.call_at(index.row())
        if call is None:
            return None
        call_id = call.call
        waiting = call_id in self._waiting_since
        if role == self.CALL_ID_ROLE:
            return call_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                return call_label(call)
            if column == 1:
                return state_text(call, waiting, call_id in self.phone.conference)
            return time_text(call, self._waiting_since.get(call_id), time.time())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            if call.state is CallState.INCOMING:
                return QBrush(QColor("#b35c00"))
            if call.on_local_hold:
                return QBrush(QColor("#1d5fb8"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

"""The live board: one row per operator with state, time in it, the current call and, when the
caller is on hold, for how long, coloured by the same warning and alarm thresholds the
operator's own hold timer uses; waiting calls; filtered by group.

Thread rule: GUI thread only; :meth:`BoardModel.tick` is driven by the window's clock.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PyQt6.QtGui import QBrush, QColor, QFont
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent.ui.lines_model import format_duration
from agent.ui.supervisor.service import SupervisorService
from kb.wire.floor import Activity, CallDirection, Presence, hold_level

OPERATOR, GROUP, STATE, IN_STATE, CALL, HOLD, WAITING = range(7)
HOLD_COLOURS = {"normal": "#e3f2fd", "warn": "#fff3cd", "alarm": "#f8d7da"}
HOLD_TEXT = {"normal": "#0d47a1", "warn": "#7a4b00", "alarm": "#8a1c14"}
ACTIVITY_COLOURS = {
    Activity.ON_HOLD: "#8a1c14", Activity.ON_CALL: "#0b4a8b", Activity.RINGING: "#5a3b00",
    Activity.WRAP_UP: "#8a5a00", Activity.NOT_READY: "#a11b12", Activity.READY: "#1f7a1f",
    Activity.OFFLINE: "#78909c",
}


ACTIVITY_TEXTS = {
    Activity.ON_HOLD: QT_TRANSLATE_NOOP("Board", "On hold"),
    Activity.ON_CALL: QT_TRANSLATE_NOOP("Board", "On a call"),
    Activity.RINGING: QT_TRANSLATE_NOOP("Board", "Ringing"),
    Activity.WRAP_UP: QT_TRANSLATE_NOOP("Board", "Wrap-up"),
    Activity.NOT_READY: QT_TRANSLATE_NOOP("Board", "Not ready"),
    Activity.READY: QT_TRANSLATE_NOOP("Board", "Ready"),
    Activity.OFFLINE: QT_TRANSLATE_NOOP("Board", "Offline"),
}


def activity_text(activity: Activity) -> str:
    return QCoreApplication.translate("Board", ACTIVITY_TEXTS[activity])


def activity_since(presence: Presence, activity: Activity) -> float:
    """When the shown activity began: the hold, the answer, the ring, else the agent state."""
    call = presence.main_call
    if call is not None and activity is Activity.ON_HOLD and call.held_since is not None:
        return call.held_since
    if call is not None and activity is Activity.ON_CALL:
        return call.answered or call.started
    if call is not None and activity is Activity.RINGING:
        return call.started
    return presence.state_since


class BoardModel(QAbstractTableModel):
    """The operators of the floor (or of one group), ordered by name."""

    def __init__(self, service: SupervisorService) -> None:
        super().__init__()
        self.service = service
        self.group: str | None = None
        self.rows: list[Presence] = []
        service.board_reset.connect(self.reload)
        service.operator_changed.connect(self.on_operator_changed)

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = sorted((p for p in self.service.operators.values()
                            if self.group is None or p.group == self.group),
                           key=lambda p: p.operator.casefold())
        self.endResetModel()

    def set_group(self, group: str | None) -> None:
        self.group = group
        self.reload()

    def on_operator_changed(self, name: str) -> None:
        presence = self.service.operators[name]
        for row, known in enumerate(self.rows):
            if known.operator == name:
                if self.group is not None and presence.group != self.group:
                    self.reload()
                    return
                self.rows[row] = presence
                self.dataChanged.emit(self.index(row, 0), self.index(row, WAITING))
                return
        if self.group is None or presence.group == self.group:
            self.reload()

    def tick(self) -> None:
        """The clock moved: times in state, call lengths and holds change."""
        if self.rows:
            self.dataChanged.emit(self.index(0, STATE), self.index(len(self.rows) - 1, HOLD))

    def row_of(self, name: str) -> int:
        return next((i for i, p in enumerate(self.rows) if p.operator == name), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Operator"), self.tr("Group"), self.tr("State"),
                    self.tr("In state"), self.tr("Call"), self.tr("On hold"),
                    self.tr("Waiting"))[section]
        return None

    def hold_of(self, presence: Presence, now: float) -> tuple[float, str] | None:
        """(seconds on hold, level) of the operator's held call, or None."""
        call = presence.main_call
        if call is None or call.held_since is None:
            return None
        held = max(0.0, now - call.held_since)
        return held, hold_level(held, call.warn_s, call.alarm_s)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        presence = self.rows[index.row()]
        now = self.service.hub_now()
        column = index.column()
        activity = presence.activity(now)
        hold = self.hold_of(presence, now)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(presence, column, now, activity, hold)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATE:
                return QBrush(QColor(ACTIVITY_COLOURS[activity]))
            if column == HOLD and hold is not None:
                return QBrush(QColor(HOLD_TEXT[hold[1]]))
            if activity is Activity.OFFLINE:
                return QBrush(QColor(ACTIVITY_COLOURS[Activity.OFFLINE]))
        if role == Qt.ItemDataRole.BackgroundRole and hold is not None and column in (HOLD,
                                                                                       STATE):
            return QBrush(QColor(HOLD_COLOURS[hold[1]]))
        if role == Qt.ItemDataRole.FontRole and column in (STATE, HOLD):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return presence
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (IN_STATE, CALL, HOLD,
                                                                    WAITING):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, presence: Presence, column: int, now: float, activity: Activity,
              hold: tuple[float, str] | None) -> str:
        call = presence.main_call
        if column == OPERATOR:
            return presence.operator
        if column == GROUP:
            return presence.group
        if column == STATE:
            text = activity_text(activity)
            if activity is Activity.NOT_READY and presence.reason:
                text += f": {presence.reason}"
            return text
        if column == IN_STATE:
            if activity is Activity.OFFLINE:
                return self.tr("seen %1 ago").replace(
                    "%1", format_duration(now - presence.last_seen)) if presence.last_seen \
                    else ""
            since = activity_since(presence, activity)
            return format_duration(now - since) if since else ""
        if column == CALL:
            if call is None or activity is Activity.OFFLINE:
                return ""
            arrow = "→" if call.direction == CallDirection.OUT else "←"
            return f"{arrow} {format_duration(now - (call.answered or call.started))}"
        if column == HOLD:
            return format_duration(hold[0]) if hold is not None else ""
        if column == WAITING:
            return str(presence.waiting) if presence.waiting else ""
        return ""


class BoardPanel(QWidget):
    """The board with its group filter and a one-line summary."""

    def __init__(self, service: SupervisorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.model = BoardModel(service)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Group:")))
        self.group_filter = QComboBox()
        self.group_filter.setObjectName("groupFilter")
        self.group_filter.setAccessibleName(self.tr("Group filter"))
        top.addWidget(self.group_filter)
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setObjectName("board")
        self.table.setAccessibleName(self.tr("Operators"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)  # type: ignore[union-attr]
        header = self.table.horizontalHeader()
        assert header is not None
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OPERATOR, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(70)
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)  # read from across the room
        self.table.setFont(font)
        layout.addWidget(self.table, 1)
        self.group_filter.currentIndexChanged.connect(self.on_group_chosen)
        service.board_reset.connect(self.refresh_groups)
        service.operator_changed.connect(lambda _n: self.update_summary())
        self.refresh_groups()

    def refresh_groups(self) -> None:
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(self.tr("All groups"), None)
        for group in self.service.groups():
            self.group_filter.addItem(group, group)
        index = self.group_filter.findData(chosen)
        self.group_filter.setCurrentIndex(max(0, index))
        self.group_filter.blockSignals(False)
        self.update_summary()

    def on_group_chosen(self, _index: int) -> None:
        self.model.set_group(self.group_filter.currentData())
        self.update_summary()

    def update_summary(self) -> None:
        now = self.service.hub_now()
        counts: dict[Activity, int] = {}
        for presence in self.model.rows:
            activity = presence.activity(now)
            counts[activity] = counts.get(activity, 0) + 1
        waiting = sum(p.waiting for p in self.model.rows if p.online(now))
        parts = [f"{activity_text(a)}: {counts[a]}" for a in Activity if counts.get(a)]
        if waiting:
            parts.append(self.tr("Calls waiting: %1").replace("%1", str(waiting)))
        self.summary.setText("   ".join(parts) or self.tr("No operator has reported yet."))

    def tick(self) -> None:
        self.model.tick()
        self.update_summary()

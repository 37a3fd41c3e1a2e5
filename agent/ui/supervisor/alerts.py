"""Raised hands: who asked, about what article, how long the call has lasted and whether the
caller is on hold, the operator's own words; and the supervisor's answers: coming, call me on
my line, join the call (consultation or conference), close.

Thread rule: GUI thread only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QFont
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent.ui.lines_model import format_duration
from agent.ui.supervisor.service import SupervisorService
from kb.wire.floor import AckKind, AlertState

OPEN_COLOUR, ANSWERED_COLOUR = "#8a1c14", "#455a64"


ANSWER_TEXTS = {
    AckKind.COMING: QT_TRANSLATE_NOOP("Alerts", "%1 is coming"),
    AckKind.CALL_ME: QT_TRANSLATE_NOOP("Alerts", "%1: call me on line %2"),
    AckKind.JOIN_CONSULT: QT_TRANSLATE_NOOP("Alerts", "%1 joins (consultation) on line %2"),
    AckKind.JOIN_CONFERENCE: QT_TRANSLATE_NOOP("Alerts", "%1 joins (conference) on line %2"),
}
NO_ANSWER = QT_TRANSLATE_NOOP("Alerts", "waiting for an answer")


def answer_text(alert: dict[str, Any]) -> str:
    try:
        template = ANSWER_TEXTS[AckKind(str(alert.get("ack_kind")))]
    except (ValueError, KeyError):
        return QCoreApplication.translate("Alerts", NO_ANSWER)
    return (QCoreApplication.translate("Alerts", template)
            .replace("%1", str(alert.get("ack_by") or ""))
            .replace("%2", str(alert.get("ack_line") or "")))


class AlertsPanel(QWidget):
    """The list of open and answered alerts, the chosen one's details and the answers."""

    line_changed = pyqtSignal(str)  # the supervisor's own line was edited

    def __init__(self, service: SupervisorService, line: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("alertsList")
        self.list.setAccessibleName(self.tr("Raised hands"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.list, 2)
        side = QVBoxLayout()
        self.details = QLabel(self.tr("No raised hands."))
        self.details.setObjectName("alertDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        font = self.details.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.details.setFont(font)
        side.addWidget(self.details, 1)
        line_row = QHBoxLayout()
        line_row.addWidget(QLabel(self.tr("My line:")))
        self.line = QLineEdit(line)
        self.line.setObjectName("supervisorLine")
        self.line.setAccessibleName(self.tr("My phone line"))
        self.line.setPlaceholderText(self.tr("number or SIP address"))
        line_row.addWidget(self.line, 1)
        side.addLayout(line_row)
        grid = QGridLayout()
        self.coming = QPushButton(self.tr("I'm coming"))
        self.call_me = QPushButton(self.tr("Call me on my line"))
        self.join_consult = QPushButton(self.tr("Join: consultation"))
        self.join_conference = QPushButton(self.tr("Join: conference"))
        self.close_button = QPushButton(self.tr("Close"))
        for i, button in enumerate((self.coming, self.call_me, self.join_consult,
                                    self.join_conference, self.close_button)):
            button.setObjectName("actionButton")
            grid.addWidget(button, i // 2, i % 2)
        side.addLayout(grid)
        layout.addLayout(side, 3)

        self.coming.clicked.connect(lambda: self.answer(AckKind.COMING))
        self.call_me.clicked.connect(lambda: self.answer(AckKind.CALL_ME))
        self.join_consult.clicked.connect(lambda: self.answer(AckKind.JOIN_CONSULT))
        self.join_conference.clicked.connect(lambda: self.answer(AckKind.JOIN_CONFERENCE))
        self.close_button.clicked.connect(self.on_close)
        self.list.itemSelectionChanged.connect(self.show_selected)
        self.line.textChanged.connect(lambda text: self.update_buttons())
        self.line.editingFinished.connect(lambda: self.line_changed.emit(self.line.text()))
        service.board_reset.connect(self.refresh)
        service.alert_changed.connect(lambda _a, _new: self.refresh())
        self.refresh()

    def selected(self) -> dict[str, Any] | None:
        items = self.list.selectedItems()
        if not items:
            return None
        return self.service.alerts.get(str(items[0].data(Qt.ItemDataRole.UserRole)))

    def refresh(self) -> None:
        chosen = (self.selected() or {}).get("id")
        self.list.blockSignals(True)
        self.list.clear()
        for alert in self.service.open_alerts():
            raised = dt.datetime.fromtimestamp(float(alert.get("raised_at") or 0))
            text = f"{raised:%H:%M}  {alert.get('operator')}"
            if alert.get("text"):
                text += f" — {alert['text']}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, alert["id"])
            is_open = alert.get("state") == AlertState.OPEN
            item.setForeground(QBrush(QColor(OPEN_COLOUR if is_open else ANSWERED_COLOUR)))
            if is_open:
                font = QFont()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if alert["id"] == chosen:
                item.setSelected(True)
        if self.list.count() and not self.list.selectedItems():
            first = self.list.item(0)
            if first is not None:
                first.setSelected(True)
        self.list.blockSignals(False)
        self.show_selected()

    def show_selected(self) -> None:
        alert = self.selected()
        if alert is None:
            self.details.setText(self.tr("No raised hands."))
        else:
            self.details.setText(self.describe(alert))
        self.update_buttons()

    def describe(self, alert: dict[str, Any]) -> str:
        now = self.service.hub_now()
        lines = [self.tr("Operator: %1").replace("%1", str(alert.get("operator")))]
        raised = float(alert.get("raised_at") or now)
        lines.append(self.tr("Raised %1 ago").replace("%1", format_duration(now - raised)))
        if alert.get("article"):
            lines.append(self.tr("Article: %1").replace("%1", str(alert["article"])))
        if alert.get("call_s") is not None:
            call = self.tr("Call: %1 when the hand was raised").replace(
                "%1", format_duration(float(alert["call_s"])))
            if alert.get("on_hold") and alert.get("held_since"):
                call += "; " + self.tr("caller on hold for %1").replace(
                    "%1", format_duration(now - float(alert["held_since"])))
            lines.append(call)
        else:
            lines.append(self.tr("No call in progress"))
        if alert.get("text"):
            lines.append(f"“{alert['text']}”")
        lines.append(self.tr("Answer: %1").replace("%1", answer_text(alert)))
        return "\n".join(lines)

    def update_buttons(self) -> None:
        alert = self.selected()
        has_line = bool(self.line.text().strip())
        self.coming.setEnabled(alert is not None)
        self.close_button.setEnabled(alert is not None)
        in_call = alert is not None and alert.get("call_s") is not None
        self.call_me.setEnabled(alert is not None and has_line)
        for button in (self.join_consult, self.join_conference):
            button.setEnabled(in_call and has_line)

    def answer(self, kind: AckKind) -> None:
        alert = self.selected()
        if alert is not None:
            self.service.acknowledge(str(alert["id"]), kind,
                                     self.line.text().strip() if kind.needs_line else "")

    def on_close(self) -> None:
        alert = self.selected()
        if alert is not None:
            self.service.close_alert(str(alert["id"]))

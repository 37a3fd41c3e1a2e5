"""The floor's due callbacks: overdue ones in red, unclaimed ones marked; give one to an
operator, or release it so anyone can take it.

Thread rule: GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent.ui.callbacks_panel import OVERDUE, set_up_list, when_text
from agent.ui.supervisor.service import SupervisorService

UNCLAIMED = "#6a1b9a"


class CallbacksView(QWidget):
    """See the module docstring."""

    def __init__(self, service: SupervisorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.only_attention = QCheckBox(self.tr("Only overdue and unclaimed"))
        top.addWidget(self.only_attention)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Callbacks of the floor"))
        set_up_list(self.tree, "floorCallbacks", [
            self.tr("Due"), self.tr("Number"), self.tr("About"), self.tr("Promised by"),
            self.tr("Assigned to"), self.tr("Tries")])
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Give to:")))
        self.operator = QComboBox()
        self.operator.setObjectName("assignee")
        self.operator.setAccessibleName(self.tr("Operator to give the callback to"))
        row.addWidget(self.operator)
        self.give = QPushButton(self.tr("Give"))
        self.release = QPushButton(self.tr("Release to anyone"))
        row.addWidget(self.give)
        row.addWidget(self.release)
        row.addStretch(1)
        layout.addLayout(row)
        self.give.clicked.connect(self.on_give)
        self.release.clicked.connect(lambda: self._assign(None))
        self.only_attention.toggled.connect(lambda _on: self.refresh())
        service.callbacks_changed.connect(self.refresh)
        service.board_reset.connect(self.refresh_operators)
        self.refresh_operators()
        self.refresh()

    def refresh_operators(self) -> None:
        chosen = self.operator.currentText()
        self.operator.clear()
        self.operator.addItems(sorted(self.service.operators))
        index = self.operator.findText(chosen)
        if index >= 0:
            self.operator.setCurrentIndex(index)

    def selected(self) -> dict[str, Any] | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def refresh(self) -> None:
        now = self.service.hub_now()
        chosen = (self.selected() or {}).get("id")
        self.tree.clear()
        overdue = unclaimed = 0
        for item in self.service.due_callbacks():
            late = float(item.get("due_at") or 0) <= now
            free = item.get("assigned_to") is None
            overdue += late
            unclaimed += free
            if self.only_attention.isChecked() and not (late or free):
                continue
            row = QTreeWidgetItem([
                when_text(float(item.get("due_at") or 0), now), str(item.get("number") or ""),
                str(item.get("comment") or ""), str(item.get("promised_by") or ""),
                str(item.get("assigned_to") or self.tr("unclaimed")),
                str(item.get("attempts") or 0)])
            row.setData(0, Qt.ItemDataRole.UserRole, item)
            colour = OVERDUE if late else UNCLAIMED if free else None
            if colour:
                for column in range(6):
                    row.setForeground(column, QBrush(QColor(colour)))
            self.tree.addTopLevelItem(row)
            if item.get("id") == chosen:
                row.setSelected(True)
        self.summary.setText(self.tr("%1 open, %2 overdue, %3 unclaimed")
                             .replace("%1", str(len(self.service.callbacks)))
                             .replace("%2", str(overdue)).replace("%3", str(unclaimed)))

    def _assign(self, to: str | None) -> None:
        item = self.selected()
        if item is not None:
            self.service.assign(str(item["id"]), to)

    def on_give(self) -> None:
        if self.operator.currentText():
            self._assign(self.operator.currentText())

"""The operator's due callbacks: what was promised, to whom, when; overdue ones in red.

Enter (or the Call button) dials the selected number; after the call the operator records the
outcome (reached, no answer, busy, wrong number, not needed). An unclaimed callback can be
taken. The list is the hub's, kept on disk for when the hub is away.

Thread rule: GUI thread only.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QKeyEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent.ui.floor_service import FloorService
from kb.wire.floor import CallbackOutcome

CALLBACKS_SHORTCUT = "F5"
SOON_SECONDS = 15 * 60
OVERDUE, SOON = "#a11b12", "#8a5a00"


OUTCOMES = (
    (CallbackOutcome.REACHED, QT_TRANSLATE_NOOP("Callbacks", "Reached")),
    (CallbackOutcome.NO_ANSWER, QT_TRANSLATE_NOOP("Callbacks", "No answer")),
    (CallbackOutcome.BUSY, QT_TRANSLATE_NOOP("Callbacks", "Busy")),
    (CallbackOutcome.WRONG_NUMBER, QT_TRANSLATE_NOOP("Callbacks", "Wrong number")),
    (CallbackOutcome.NOT_NEEDED, QT_TRANSLATE_NOOP("Callbacks", "Not needed")),
)


def outcome_labels() -> list[tuple[CallbackOutcome, str]]:
    return [(outcome, QCoreApplication.translate("Callbacks", label))
            for outcome, label in OUTCOMES]


def when_text(due_at: float, now: float) -> str:
    due = dt.datetime.fromtimestamp(due_at)
    today = dt.datetime.fromtimestamp(now).date()
    return due.strftime("%H:%M") if due.date() == today else due.strftime("%d.%m %H:%M")


def set_up_list(tree: QTreeWidget, name: str, labels: list[str]) -> None:
    """A flat list of callbacks, one chosen at a time; the third column ("About") stretches."""
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels(labels)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = tree.header()
    assert header is not None
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)


class _Tree(QTreeWidget):
    activated_by_key = pyqtSignal()

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_by_key.emit()
            return
        super().keyPressEvent(event)


class CallbacksPanel(QWidget):
    """The due list; emits :attr:`count_changed` with how many are due now."""

    count_changed = pyqtSignal(int)

    def __init__(self, floor: FloorService, workers: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.floor = floor
        self.workers = workers  # the desktop's worker pool, for claiming
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.tree = _Tree()
        self.tree.setAccessibleName(self.tr("Callbacks due"))
        set_up_list(self.tree, "callbacksList", [self.tr("When"), self.tr("Number"),
                                                 self.tr("About"), self.tr("Tries")])
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.call_button = QPushButton(self.tr("Call (Enter)"))
        self.call_button.setObjectName("answerButton")
        self.claim_button = QPushButton(self.tr("Take it"))
        row.addWidget(self.call_button)
        row.addWidget(self.claim_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Outcome:")))
        outcomes = QGridLayout()
        self.outcome_buttons: dict[CallbackOutcome, QPushButton] = {}
        for index, (outcome, label) in enumerate(outcome_labels()):
            button = QPushButton(label)
            button.setObjectName("actionButton")
            button.clicked.connect(lambda _c=False, o=outcome: self.on_outcome(o))
            self.outcome_buttons[outcome] = button
            outcomes.addWidget(button, index // 3, index % 3)
        layout.addLayout(outcomes)

        self.tree.activated_by_key.connect(self.on_call)
        self.tree.itemDoubleClicked.connect(lambda *_a: self.on_call())
        self.tree.itemSelectionChanged.connect(self.update_buttons)
        self.call_button.clicked.connect(self.on_call)
        self.claim_button.clicked.connect(self.on_claim)
        floor.callbacks_changed.connect(self.refresh)
        floor.link_changed.connect(lambda *_a: self.refresh())
        self.refresh()

    def selected(self) -> dict[str, Any] | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def refresh(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        chosen = (self.selected() or {}).get("id")
        self.tree.clear()
        due_now = 0
        for item in self.floor.due_callbacks():
            due_at = float(item.get("due_at") or 0)
            unclaimed = item.get("assigned_to") is None
            about = str(item.get("comment") or "")
            if unclaimed:
                about = self.tr("(unclaimed) %1").replace("%1", about)
            row = QTreeWidgetItem([when_text(due_at, now), str(item.get("number") or ""), about,
                                   str(item.get("attempts") or 0)])
            row.setData(0, Qt.ItemDataRole.UserRole, item)
            if due_at <= now:
                due_now += 1
            colour = OVERDUE if due_at <= now else SOON if due_at - now <= SOON_SECONDS else None
            if colour:
                for column in range(4):
                    row.setForeground(column, QBrush(QColor(colour)))
            self.tree.addTopLevelItem(row)
            if item.get("id") == chosen:
                row.setSelected(True)
        if self.tree.topLevelItemCount() and not self.tree.selectedItems():
            first = self.tree.topLevelItem(0)
            if first is not None:
                first.setSelected(True)
        total = self.tree.topLevelItemCount()
        if not self.floor.hub_url:
            self.status.setText(self.tr("Callbacks are kept on the floor server; none is set."))
        elif total == 0:
            self.status.setText(self.tr("No callbacks due."))
        else:
            self.status.setText(self.tr("%1 callbacks, %2 due now").replace("%1", str(total))
                                .replace("%2", str(due_now)))
        self.update_buttons()
        self.count_changed.emit(due_now)

    def update_buttons(self) -> None:
        item = self.selected()
        self.call_button.setEnabled(item is not None)
        self.claim_button.setVisible(item is not None and item.get("assigned_to") is None)
        for button in self.outcome_buttons.values():
            button.setEnabled(item is not None and item.get("assigned_to") is not None)

    def focus_list(self) -> None:
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def on_call(self) -> None:
        item = self.selected()
        if item is not None:
            self.floor.dial_callback(item)

    def on_outcome(self, outcome: CallbackOutcome) -> None:
        item = self.selected()
        if item is not None:
            self.floor.record_outcome(str(item["id"]), outcome)

    def on_claim(self) -> None:
        item = self.selected()
        if item is not None and self.workers is not None:
            self.floor.claim(str(item["id"]), self.workers)

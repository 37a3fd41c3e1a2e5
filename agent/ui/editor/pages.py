"""The editor's other pages: the floor-wide synonym sets, and what operators could not find.

Thread rule: GUI thread only; data arrives from :class:`~agent.ui.editor.service.EditorService`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent.editor.rules import Problem


def parse_sets(text: str) -> list[list[str]]:
    """One set per line, its words or phrases separated by commas."""
    sets = []
    for line in text.splitlines():
        phrases = [p.strip() for p in line.split(",") if p.strip()]
        if phrases:
            sets.append(phrases)
    return sets


def format_sets(sets: list[list[str]]) -> str:
    return "\n".join(", ".join(s) for s in sets)


class SynonymsPage(QWidget):
    """The synonym sets as text, one set per line; same draft → check → publish flow."""

    edited = pyqtSignal()
    publish_requested = pyqtSignal()
    discard_requested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        intro = QLabel(self.tr(
            "Words and phrases that mean the same to callers, one set per line, separated by "
            "commas (e.g. «мат, нецензурная брань»). A search for one finds the others on every "
            "workstation."))
        intro.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("synonymSets")
        self.edit.setAccessibleName(self.tr("Synonym sets"))
        self.edit.textChanged.connect(self.on_text_changed)
        self.state = QLabel()
        self.problems = QListWidget()
        self.problems.setMaximumHeight(90)
        self.publish_button = QPushButton(self.tr("Publish synonyms"))
        self.publish_button.clicked.connect(self.publish_requested)
        self.discard_button = QPushButton(self.tr("Discard draft"))
        self.discard_button.clicked.connect(self.discard_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.publish_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

    def on_text_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def set_sets(self, sets: list[list[str]]) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(format_sets(sets))
        finally:
            self._loading = False

    def sets(self) -> list[list[str]]:
        return parse_sets(self.edit.toPlainText())

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.clear()
        for p in problems:
            line = int(p.field.split("[", 1)[1].rstrip("]")) + 1 if "[" in p.field else 0
            self.problems.addItem(self.tr("Line %1: %2").replace("%1", str(line))
                                  .replace("%2", p.message))


def _fit_columns(table: QTableWidget) -> None:
    """The first column takes the room, the numbers their width; no row numbers."""
    header = table.horizontalHeader()
    if header is not None:
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    rows = table.verticalHeader()
    if rows is not None:
        rows.setVisible(False)
    table.setWordWrap(False)


def _cell(text: str, sort: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if sort is not None:
        item.setData(Qt.ItemDataRole.UserRole, sort)
    return item


class GapsPage(QWidget):
    """Queries that found nothing or led nowhere; the most used articles and replies."""

    refresh_requested = pyqtSignal(int)  # days
    draft_requested = pyqtSignal(str)  # query
    synonym_requested = pyqtSignal(str)  # query

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaps: list[dict[str, Any]] = []
        self.days = QSpinBox()
        self.days.setRange(1, 366)
        self.days.setValue(30)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Period"))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(lambda: self.refresh_requested.emit(self.days.value()))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("gapsTable")
        self.table.setAccessibleName(self.tr("Search gaps"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Query"), self.tr("Searches"), self.tr("Nothing found"),
            self.tr("Nothing opened"), self.tr("Last seen")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        _fit_columns(self.table)
        self.new_draft = QPushButton(self.tr("New article from this query"))
        self.new_draft.setObjectName("gapToDraft")
        self.new_draft.clicked.connect(lambda: self._emit(self.draft_requested))
        self.add_synonym = QPushButton(self.tr("Add as a synonym of an article…"))
        self.add_synonym.clicked.connect(lambda: self._emit(self.synonym_requested))
        self.table.itemDoubleClicked.connect(lambda _i: self._emit(self.draft_requested))
        self.used = QTableWidget(0, 3)
        self.used.setAccessibleName(self.tr("Most used"))
        self.used.setHorizontalHeaderLabels([self.tr("Article / reply"), self.tr("Opened"),
                                             self.tr("Copied")])
        _fit_columns(self.used)
        self.state = QLabel(self.tr("Loading…"))
        self.titles: dict[str, str] = {}

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("What operators could not find in the last")))
        top.addWidget(self.days)
        top.addWidget(refresh)
        top.addStretch(1)
        top.addWidget(self.state)
        gaps = QWidget()
        gaps_layout = QVBoxLayout(gaps)
        gaps_layout.setContentsMargins(0, 0, 0, 0)
        gaps_layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_draft)
        actions.addWidget(self.add_synonym)
        actions.addStretch(1)
        gaps_layout.addLayout(actions)
        used = QWidget()
        used_layout = QVBoxLayout(used)
        used_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Most used"))
        heading.setObjectName("sectionHeading")
        used_layout.addWidget(heading)
        used_layout.addWidget(self.used, 1)
        splitter = QSplitter()
        splitter.addWidget(gaps)
        splitter.addWidget(used)
        splitter.setSizes([700, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._ticker = QTimer(self)

    def _emit(self, signal: Any) -> None:
        query = self.current_query()
        if query:
            signal.emit(query)

    def current_query(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def set_gaps(self, gaps: list[dict[str, Any]]) -> None:
        self.gaps = gaps
        self.table.setRowCount(len(gaps))
        for row, gap in enumerate(gaps):
            seen = dt.datetime.fromtimestamp(gap["last_seen"]).strftime("%Y-%m-%d %H:%M")
            for column, text in enumerate((gap["query"], str(gap["searches"]),
                                           str(gap["no_results"]), str(gap["no_open"]), seen)):
                self.table.setItem(row, column, _cell(text))
        if gaps:
            self.table.selectRow(0)
        self.state.setText(self.tr("%1 gap(s)").replace("%1", str(len(gaps))))

    def set_usage(self, usage: dict[str, Any]) -> None:
        rows = [(self.titles.get(a["slug"], a["slug"]), str(a["opens"]), str(a["copies"]))
                for a in usage.get("articles", [])]
        rows += [(self.tr("%1 — reply %2").replace("%1", self.titles.get(r["slug"], r["slug"]))
                  .replace("%2", str(r["reply"] + 1)), "", str(r["copies"]))
                 for r in usage.get("replies", [])]
        self.used.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                self.used.setItem(row, column, _cell(text))

    def show_failure(self, message: str) -> None:
        self.state.setText(message)

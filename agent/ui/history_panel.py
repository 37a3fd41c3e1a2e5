"""History of past calls and their notes, searchable, with the sync state of each note.

Activating a row (double-click or Enter) reopens its note in the note panel.
Thread rule: GUI thread only; queries run on the notes executor.
"""

from __future__ import annotations

import time
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QFont
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent.phone.protocol import Direction
from agent.ui.call_notes import CallNotes
from agent.ui.content import isolate, one_line, tooltip
from agent.ui.lines_model import format_duration
from agent.ui.notes_panel import sync_text, wrap_up_codes
from agent.ui.notes_service import NotesService
from agent.ui.widgets import EmptyHint, present

SYNC_COLOURS = {"pending": "#8a6d00", "synced": "#22631b", "failed": "#a11b12",
                "quarantined": "#a11b12"}
UNANSWERED_CODES = ("missed", "refused")  # incoming calls nobody talked to: shown in red
UNANSWERED_COLOUR = "#a11b12"
WHEN, NUMBER, CALLER, LENGTH, WRAP_UP, TEXT, SYNC = range(7)  # the columns
# Which columns stay when the panel is narrow, most useful first.
COLUMN_PRIORITY = (WHEN, NUMBER, CALLER, LENGTH, WRAP_UP, TEXT, SYNC)


class HistoryModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.notes: list[Any] = []
        self._codes = dict(wrap_up_codes())

    def set_notes(self, notes: list[Any]) -> None:
        self.beginResetModel()
        self.notes = notes
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.notes)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When"), self.tr("Number"), self.tr("Caller"), self.tr("Length"),
                    self.tr("Wrap-up"), self.tr("Note"), self.tr("Sync"))[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self.notes[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == WHEN:
                when = note.started_at or note.created_at
                arrow = "↑" if note.direction == Direction.OUT else "↓"
                return f"{arrow} " + time.strftime("%d.%m %H:%M", time.localtime(when))
            if column == NUMBER:
                return one_line(note.number, 80)
            if column == CALLER:
                if not note.caller_name and note.wrap_up_code in UNANSWERED_CODES:
                    # Nobody to name: say what happened (the Wrap-up column may not fit).
                    return self._codes.get(note.wrap_up_code, note.wrap_up_code)
                return one_line(note.caller_name, 120)
            if column == LENGTH:
                return format_duration(note.duration) if note.duration else "—"
            if column == WRAP_UP:
                code = note.wrap_up_code
                return self._codes.get(code, code) if code else ""  # not "— choose —"
            if column == TEXT:
                return one_line(note.text or "", 120)
            return sync_text(note.sync_state)
        if role == Qt.ItemDataRole.ToolTipRole:  # Qt renders tooltips as HTML: escaped
            if column == SYNC and note.sync_error:
                return tooltip(note.sync_error)
            if column == TEXT and note.text:
                return tooltip(note.text)
            if column == CALLER and note.caller_name:
                return tooltip(note.caller_name)
            if note.wrap_up_code in UNANSWERED_CODES and note.text:
                return tooltip(note.text)  # why it was not answered, wherever one points
        if role == Qt.ItemDataRole.ForegroundRole and column == SYNC:
            return QBrush(QColor(SYNC_COLOURS.get(note.sync_state, "#333333")))
        if note.wrap_up_code in UNANSWERED_CODES and column in (WHEN, CALLER, WRAP_UP):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(UNANSWERED_COLOUR))
            if role == Qt.ItemDataRole.FontRole and column == CALLER and not note.caller_name:
                font = QFont()
                font.setItalic(True)
                return font
        return None


class HistoryPanel(QWidget):
    """The searchable list of stored notes; activating one reopens it in the note panel and
    emits :attr:`note_opened` (the window shows the note panel)."""

    note_opened = pyqtSignal(object)  # Note

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and event.type() == QEvent.Type.Resize \
                and watched is self.table.viewport():
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Show the columns that fit the panel's width, most useful first (no sideways
        scrolling in a narrow side panel); the rest come back when it is wider."""
        room = present(self.table.viewport()).width()
        fits = True
        for column in COLUMN_PRIORITY:
            width = self.widths[column]
            fits = fits and (room >= width or column == COLUMN_PRIORITY[0])
            self.table.setColumnHidden(column, not fits)
            room -= width

    def __init__(self, notes: NotesService, call_notes: CallNotes,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes = notes
        self.call_notes = call_notes
        self._request = 0
        self._stale = True
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search past calls: number, caller's name, text, wrap-up"))
        self.search.setAccessibleName(self.tr("Search call history"))
        self.search.setClearButtonEnabled(True)
        self.model = HistoryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.empty_hint = EmptyHint(self.table, self.tr(
            "No calls yet: each call's note appears here."))
        self.table.setAccessibleName(self.tr("Call history"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        present(self.table.verticalHeader()).setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Fixed widths (sizing columns to their contents measures every row on each reload),
        # wide enough for the sample and the header's own label in this language.
        header = present(self.table.horizontalHeader())
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        self.widths: dict[int, int] = {}
        for column, sample in ((WHEN, "↓ 00.00 00:00"), (NUMBER, "+79161234567"),
                               (CALLER, "Анна Петровна"), (LENGTH, "00:00"),
                               (WRAP_UP, "Information"), (SYNC, "Not yet synced"),
                               (TEXT, "What the caller")):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample),
                        header_metrics.horizontalAdvance(title) + 8) + 10
            self.widths[column] = width
            if column != TEXT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, width)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        present(self.table.viewport()).installEventFilter(self)
        self.table.activated.connect(self.on_row_activated)  # double-click or Enter
        present(self.table.verticalHeader()).setDefaultSectionSize(metrics.lineSpacing() + 8)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(300)
        self._reload.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._reload.start())
        notes.note_saved.connect(self.on_note_saved)
        notes.opened.connect(self.reload)
        notes.history_loaded.connect(self.on_history_loaded)
        notes.counts_changed.connect(self.on_counts_changed)

    def on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.model.notes):
            note = self.model.notes[index.row()]
            self.call_notes.open_note(note)  # its caller name fills the replies again
            self.note_opened.emit(note)

    def on_note_saved(self, _note: Any) -> None:
        self._reload.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        if not self.isVisible():
            self._stale = True  # reloaded when the tab is shown
            return
        self._stale = False
        if self.notes.store is not None:
            self._request = self.notes.load_history(self.search.text().strip())

    def on_history_loaded(self, request: int, notes: list[Any]) -> None:
        if request == self._request:
            query = self.search.text().strip()
            self.empty_hint.setText(self.tr("No past call matches “%1”.").replace(
                "%1", isolate(one_line(query, 80))) if query else self.tr(
                "No calls yet: each call's note appears here."))
            self.model.set_notes(notes)

    def on_counts_changed(self, counts: Any) -> None:
        self.summary.setText(self.tr("Notes: %1 (%2 synced, %3 waiting, %4 failed)")
                             .replace("%1", str(counts.total)).replace("%2", str(counts.synced))
                             .replace("%3", str(counts.pending))
                             .replace("%4", str(counts.needing_attention)))

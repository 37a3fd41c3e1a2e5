"""The Qt adapter of call notes: every SQLite write through one serialized executor.

Thread rule: methods are called on the GUI thread and return at once; the store is used only on
the ``notes-db`` worker (one thread, so writes keep their order); results and errors come back on
the GUI thread as signals.
"""

from __future__ import annotations

import logging
import uuid as uuid_module
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from agent.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def new_note_uuid() -> str:
    return str(uuid_module.uuid4())


class NotesService(QObject):
    """Owns the :class:`~agent.notes.store.NotesStore` and its serialized executor."""

    opened = pyqtSignal()
    open_failed = pyqtSignal(str)
    note_saved = pyqtSignal(object)  # Note
    save_failed = pyqtSignal(str, str)  # (uuid, message)
    history_loaded = pyqtSignal(int, list)  # (request id, [Note])
    counts_changed = pyqtSignal(object)  # SyncCounts

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.store: Any = None
        self.executor = TaskRunner("notes-db", 1, self)
        self._history_request = 0
        self.editable_fields: tuple[str, ...] = ()
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(250)
        self._counts_timer.timeout.connect(self._query_counts)

    def open(self) -> None:
        def run() -> Any:
            from agent.notes.model import EDITABLE_FIELDS
            from agent.notes.store import NotesStore

            self.editable_fields = tuple(EDITABLE_FIELDS)
            # Set here too: jobs queued behind this one run before the GUI sees ``on_done``.
            self.store = NotesStore.open(self.path)
            return self.store

        self.executor.submit(run, on_done=self.on_store_opened, on_error=self.on_store_failed)

    def on_store_opened(self, store: Any) -> None:
        self.store = store
        self.opened.emit()
        self.refresh_counts()

    def on_store_failed(self, error: BaseException) -> None:
        log.error("notes store could not be opened: %s", error)
        self.open_failed.emit(str(error))

    def _store(self) -> Any:
        """The store, for code already running on the notes worker (jobs queued after open)."""
        if self.store is None:
            raise RuntimeError("the notes store is not open")
        return self.store

    def create(self, note_uuid: str, call_id: str | None, number: str, direction: str,
               started_at: float | None = None, **fields: Any) -> None:
        """Queue the creation of a note with a UUID made here, so later updates can follow it."""
        fields = self._known(fields)
        self.executor.submit(
            lambda: self._store().create(call_id, number, direction, started_at,
                                         uuid=note_uuid, **fields),
            on_done=self.on_note_written,
            on_error=lambda exc: self.save_failed.emit(note_uuid, str(exc)),
        )

    def update(self, note_uuid: str, **fields: Any) -> None:
        """Queue a change; writes run in submission order after the note's creation."""
        fields = self._known(fields)
        if not fields:
            return
        self.executor.submit(
            lambda: self._store().update(note_uuid, **fields),
            on_done=self.on_note_written,
            on_error=lambda exc: self.save_failed.emit(note_uuid, str(exc)),
        )

    def _known(self, fields: dict[str, Any]) -> dict[str, Any]:
        if not self.editable_fields:
            return fields
        return {k: v for k, v in fields.items() if k in self.editable_fields}

    def on_note_written(self, note: Any) -> None:
        self.note_saved.emit(note)
        self.refresh_counts()

    def load_history(self, query: str = "", limit: int = 200) -> int:
        self._history_request += 1
        request = self._history_request
        self.executor.submit(
            lambda: self._store().recent(limit=limit, query=query or None),
            on_done=lambda notes: self.history_loaded.emit(request, list(notes)),
        )
        return request

    def refresh_counts(self) -> None:
        """Coalesced: a burst of writes asks for the counts once."""
        if self.store is not None:
            self._counts_timer.start()

    def _query_counts(self) -> None:
        self.executor.submit(lambda: self._store().counts(), on_done=self.counts_changed.emit)

    def close(self) -> None:
        """Finish queued writes, then close the store (on exit)."""
        if self.store is not None:
            store = self.store
            self.executor.submit(store.close)
        self.executor.close(wait=True)

"""Records the operator's KB searches for the editors' search-gaps report.

Listens to the KB panel (results shown, article opened, reply copied) and writes to the
:class:`~agent.notes.search_log.SearchLog` through the notes executor; nothing about the caller is
recorded. Thread rule: GUI thread; the log is touched only on the executor's worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject

from agent.notes.search_log import LOG_FILE, SearchLog
from agent.ui.kb_panel import KbPanel
from agent.ui.tasks import TaskRunner
from kb.analysis import query_language


class SearchRecorder(QObject):
    """Owns the search log of this workstation (opened on the executor at first use)."""

    def __init__(self, home: Path, executor: TaskRunner, on_hold: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = home / LOG_FILE
        self.executor = executor
        self.on_hold = on_hold
        self.log: SearchLog | None = None

    def open_log(self) -> SearchLog:
        """The log, opened on first use. Blocking: executor (or syncer) thread only."""
        if self.log is None:
            self.log = SearchLog(self.path)
        return self.log

    def connect_panel(self, panel: KbPanel) -> None:
        article = panel.article_panel
        panel.results_shown.connect(self.on_results_shown)
        panel.article_opened.connect(lambda shown: self._run("opened", shown.slug))
        article.cards.reply_copied.connect(
            lambda index, _text: self._run("copied", article.article.slug, index)
            if article.article is not None else None)

    def on_results_shown(self, text: str, hits: int) -> None:
        self._run("searched", text, query_language(text), hits, self.on_hold())

    def _run(self, method: str, *args: Any) -> None:
        self.executor.submit(lambda: getattr(self.open_log(), method)(*args))

    def close(self) -> None:
        """After the executor drained: the current search is sealed for the next upload."""
        if self.log is not None:
            self.log.seal()
            self.log.close()

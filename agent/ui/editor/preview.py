"""The live preview: the operator's own KB panel, showing the draft exactly as operators will.

The article is shown by :class:`~agent.ui.kb_panel.KbPanel` itself (same title line, action
buttons, reply cards with placeholders filled from sample values, same sanitized renderer); only
its search row is hidden. Markdown is rendered on a worker thread, section by section with the
unchanged sections cached; a newer text supersedes an older one (stale renders are dropped). A
long article is shown when the editor pauses typing for 0.3 s.
Thread rule: GUI thread; rendering on the worker.
"""

from __future__ import annotations

import time

from PyQt6.QtCore import QTimer, pyqtSignal
from PyQt6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agent.editor.model import ArticleData, blank_article
from agent.editor.sections import SectionRenderer
from agent.ui.article_view import render_markdown
from agent.ui.hold_banner import HoldBanner
from agent.ui.kb_panel import KbPanel
from agent.ui.kb_service import KbService
from agent.ui.phone_state import PhoneState
from agent.ui.tasks import TaskRunner
from kb.model import Article

LONG_BODY_CHARS = 8_000  # beyond this, laying the text out costs the GUI thread tens of ms
TYPING_PAUSE_MS = 300

SAMPLE_VALUES = {
    "caller_name": "Анна Сергеевна", "operator_name": "Мария", "number": "+7 916 000-00-00",
}


def article_from(data: ArticleData) -> Article:
    full = {**blank_article(), **data}
    return Article(slug=full["slug"] or "draft", kind=full["kind"], lang=full["lang"],
                   title=full["title"], body=full["body"], tags=list(full["tags"]),
                   synonyms=list(full["synonyms"]), replies=list(full["replies"]),
                   actions=[a for a in full["actions"] if isinstance(a, dict)],
                   extra=dict(full.get("extra") or {}))


class PreviewPane(QWidget):
    """Shows an article draft through the operator's panel; :attr:`rendered` reports each
    update with the render time on the worker and the time spent on the GUI thread (ms)."""

    rendered = pyqtSignal(float, float)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, str] = dict(SAMPLE_VALUES)
        self._runner = TaskRunner("editor-preview", 1, self)
        self._render = SectionRenderer(render_markdown)  # used on the runner's one thread only
        self._ready: tuple[int, Article, str, float] | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.apply_render)
        self._latest = 0
        self.panel = KbPanel(KbService(None, self), HoldBanner(PhoneState(None, self)), language)
        self.panel.values_provider = lambda: self.values
        for widget in (self.panel.search_field, self.panel.lang_filter, self.panel.hold_banner,
                       self.panel.status, self.panel.results):
            widget.setVisible(False)
        for label in self.panel.findChildren(QLabel, "panelTitle"):
            label.setVisible(False)
        self.panel.results.setMaximumHeight(0)
        self.note = QLabel(self.tr("As operators will see it (sample values for placeholders)"))
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.panel, 1)

    def set_sample_values(self, values: dict[str, str]) -> None:
        self.values = {**values, **SAMPLE_VALUES}

    def show_article(self, data: ArticleData) -> int:
        """Queue a render of ``data``; returns its id (newer ids win)."""
        self._latest += 1
        render_id = self._latest
        article = article_from(data)

        def render() -> tuple[int, Article, str, float]:
            if render_id != self._latest:
                return render_id, article, "", 0.0  # superseded before it started
            started = time.perf_counter()
            html = self._render(article.body)
            return render_id, article, html, (time.perf_counter() - started) * 1000

        self._runner.submit(render, on_done=self.on_rendered)
        return render_id

    def on_rendered(self, result: tuple[int, Article, str, float]) -> None:
        """Show a finished render: at once for ordinary articles; for long ones when the editor
        pauses typing (laying out 20 KB of text takes the GUI thread tens of milliseconds, too
        long to repeat at every keystroke)."""
        render_id, _article, _html, _worker_ms = result
        if render_id != self._latest:
            return
        self._ready = result
        if len(result[1].body) > LONG_BODY_CHARS:
            self._pause.start()
        else:
            self.apply_render()

    def apply_render(self) -> None:
        if self._ready is None:
            return
        render_id, article, html, worker_ms = self._ready
        self._ready = None
        if render_id != self._latest:
            return
        started = time.perf_counter()
        self.panel.on_article_loaded(article, html)
        self.rendered.emit(worker_ms, (time.perf_counter() - started) * 1000)

    def close_runner(self) -> None:
        self._runner.close(wait=False)

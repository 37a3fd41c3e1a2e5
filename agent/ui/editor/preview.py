"""The live preview: the operators' own article panel, showing the draft exactly as operators
will see it.

The article is shown by :class:`~agent.ui.article_panel.ArticlePanel` itself — the same title
line, action buttons, reply cards with placeholders filled (from sample values here), and the
same inert renderer and body view, which lays long articles out a small piece at a time. The body
is rendered on a worker thread, section by section with unchanged sections cached
(:mod:`agent.ui.editor.sections`); a newer text supersedes an older one (stale renders are
dropped).
In the preview, actions are shown but not run, and copying a reply records nothing.

Thread rule: GUI thread; rendering on the preview's worker.
"""

from __future__ import annotations

import time
from typing import Any, cast

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agent.editor.model import ArticleData, blank_article
from agent.ui.article_images import kb_image_folders
from agent.ui.article_panel import ArticlePanel
from agent.ui.editor.sections import SectionRenderer
from agent.ui.kb_service import LoadedBody, load_body
from agent.ui.tasks import TaskRunner
from kb.model import Article

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


class SampleValues(QObject):
    """What the panel fills placeholders from: sample values, not a call's."""

    changed = pyqtSignal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sample: dict[str, str] = dict(SAMPLE_VALUES)

    def values(self) -> dict[str, str]:
        return self.sample


class PreviewCall(QObject):
    """Stands where the desk's call note and phone are: nothing is recorded or run."""

    reported = pyqtSignal(str)

    def record_article(self, *_args: object) -> None:
        pass

    def run(self, _article: Article, _action: dict[str, Any]) -> bool:
        self.reported.emit(self.tr("In the preview, actions are shown but not run."))
        return False


class PreviewPane(QWidget):
    """Shows an article draft through the operators' panel; :attr:`rendered` reports each
    update with the render time on the worker and the time spent on the GUI thread (ms)."""

    rendered = pyqtSignal(object, float, float)  # (Article, worker ms, GUI-thread ms)

    def __init__(self, home: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = SampleValues(self)
        self.call = PreviewCall(self)
        self._folders = kb_image_folders(home)
        self._runner = TaskRunner("editor-preview", 1, self)
        self._render = SectionRenderer()  # used on the runner's one thread only
        self._latest = 0
        self.panel = ArticlePanel(cast(Any, self.values), cast(Any, self.call),
                                  cast(Any, self.call))
        self.note = QLabel(self.tr("As operators will see it (sample values for placeholders)"))
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.call.reported.connect(self.note.setText)
        self.panel.message.connect(self.note.setText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.panel, 1)

    def set_sample_values(self, values: dict[str, str]) -> None:
        self.values.sample = {**values, **SAMPLE_VALUES}
        self.values.changed.emit()

    def show_article(self, data: ArticleData) -> int:
        """Queue a render of ``data``; returns its id (newer ids win)."""
        self._latest += 1
        render_id = self._latest
        article = article_from(data)
        folders = self._folders

        def render() -> tuple[int, Article, LoadedBody | None, float]:
            if render_id != self._latest:
                return render_id, article, None, 0.0  # superseded before it started
            started = time.perf_counter()
            body = load_body(article.body, folders, self._render)
            return render_id, article, body, (time.perf_counter() - started) * 1000

        self._runner.submit(render, on_done=self.on_rendered)
        return render_id

    def on_rendered(self, result: tuple[int, Article, LoadedBody | None, float]) -> None:
        render_id, article, body, worker_ms = result
        if render_id != self._latest or body is None:
            return
        started = time.perf_counter()
        self.panel.show_article(article, body)
        self.rendered.emit(article, worker_ms, (time.perf_counter() - started) * 1000)

    def render_body(self, markdown: str, on_done: Any) -> None:
        """Render another body (the translation beside the preview) on the preview's worker;
        ``on_done(LoadedBody)`` on the GUI thread."""
        self._runner.submit(load_body, markdown, self._folders, on_done=on_done)

    @property
    def article(self) -> Article | None:
        return self.panel.article

    def close_runner(self) -> None:
        self._runner.close(wait=False)

"""The Qt adapter of the knowledge base: opening, searching and reading off the UI thread.

Search follows calibre's full-text panel: each query gets an id, only the newest pending query runs
(older ones that have not started are skipped), and results whose id is no longer the newest are
dropped. Thread rule: methods are called on the GUI thread; the KB is touched only on workers;
signals arrive on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtGui import QImage

from agent.ui.article_images import kb_image_folders, read_kb_image
from agent.ui.article_render import RenderedBody, render_markdown, without_images
from agent.ui.tasks import TaskRunner
from kb.model import Article, SearchResult

log = logging.getLogger(__name__)


def open_knowledge_base(home: Path | None) -> Any:
    """Open (and on first run seed) the KB. Blocking: worker thread only."""
    from kb.knowledge_base import KnowledgeBase

    return KnowledgeBase.open(home)


@dataclass(frozen=True, slots=True)
class LoadedBody:
    """An article body ready for the view: bounded HTML chunks and the KB images they show."""

    rendered: RenderedBody
    images: dict[str, QImage]


def load_body(markdown: str, folders: list[Path],
              render: Callable[[str], RenderedBody] = render_markdown) -> LoadedBody:
    """An article body for the view: rendered, its KB images read (missing ones shown as
    placeholders). Blocking: worker threads only."""
    body = render(markdown)
    images = {}
    for name in dict.fromkeys(body.images):
        image = read_kb_image(name, folders)
        if image is not None:
            images[name] = image
    return LoadedBody(without_images(body, set(body.images) - set(images)), images)


class KbService(QObject):
    """Owns the :class:`~kb.knowledge_base.KnowledgeBase` and two workers (search, reads)."""

    opened = pyqtSignal()
    open_failed = pyqtSignal(str)
    search_finished = pyqtSignal(int, object)  # (query id, SearchResult)
    search_failed = pyqtSignal(int, str)
    article_loaded = pyqtSignal(object, object)  # (Article | None, LoadedBody | None)

    def __init__(self, home: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.kb: Any = None
        self._search = TaskRunner("kb-search", 1, self)
        self._reads = TaskRunner("kb-read", 1, self)
        self._latest_id = 0
        self._id_lock = threading.Lock()
        self._image_folders = kb_image_folders(home)
        self.last_error = ""
        self._shown: tuple[str, str | None] = ("", None)  # (query text, first slug) last delivered

    @property
    def is_open(self) -> bool:
        return self.kb is not None

    def open(self) -> None:
        """Start opening the KB on a worker; :attr:`opened` or :attr:`open_failed` follows."""
        self._reads.submit(
            open_knowledge_base, self.home, on_done=self.on_kb_opened, on_error=self.on_kb_failed
        )

    def on_kb_opened(self, kb: Any) -> None:
        self.kb = kb
        self.opened.emit()

    def on_kb_failed(self, error: BaseException) -> None:
        log.exception("the knowledge base could not be opened", exc_info=error)
        self.last_error = str(error) or type(error).__name__
        self.open_failed.emit(self.last_error)

    def search(self, text: str, *, lang: str | None = None, kind: str | None = None,
               limit: int = 20) -> int:
        """Queue a search and return its id; a newer :meth:`search` supersedes this one."""
        with self._id_lock:
            self._latest_id += 1
            query_id = self._latest_id
        if self.kb is None:
            return query_id
        kb = self.kb
        keep = self._first_to_keep(text)

        def run() -> SearchResult | None:
            with self._id_lock:
                if query_id != self._latest_id:
                    return None  # superseded before it started
            return kb.search(text, limit=limit, kind=kind, lang=lang, keep=keep)

        self._search.submit(
            run,
            on_done=lambda result: self._deliver(query_id, result),
            on_error=lambda exc: self.search_failed.emit(query_id, str(exc)),
        )
        return query_id

    def _first_to_keep(self, text: str) -> str | None:
        """The article shown first for the text one keystroke earlier, when ``text`` only extends
        it: the KB keeps it first against a marginally better newcomer (no flicker). UI thread."""
        shown_text, shown_first = self._shown
        if shown_first and shown_text and text.startswith(shown_text) and text != shown_text:
            return shown_first
        return None

    def _deliver(self, query_id: int, result: SearchResult | None) -> None:
        if result is None or query_id != self._latest_id:
            return  # stale: a newer query was typed meanwhile
        hits = getattr(result, "hits", ())
        self._shown = (result.query, hits[0].slug if hits else None)
        self.search_finished.emit(query_id, result)

    def load_article(self, slug: str, lang: str) -> None:
        """Fetch and render one article on the read worker (its body as inert, bounded HTML
        chunks, its KB images decoded); :attr:`article_loaded` follows."""
        if self.kb is None:
            return
        kb = self.kb
        folders = self._image_folders

        def run() -> tuple[Article | None, LoadedBody | None]:
            article = self._get_with_fallback(kb, slug, lang)
            if article is None:
                return None, None
            return article, load_body(article.body, folders)

        self._reads.submit(run, on_done=lambda loaded: self.article_loaded.emit(*loaded))

    @staticmethod
    def _get_with_fallback(kb: Any, slug: str, lang: str) -> Article | None:
        article = kb.get(slug, lang)
        if article is None:
            for other in ("ru", "en"):
                if other != lang:
                    article = kb.get(slug, other)
                    if article is not None:
                        break
        return article

    def run_read(self, fn: Any, on_done: Any = None) -> None:
        """Run ``fn(kb)`` on the read worker (for rare jobs such as an index rebuild)."""
        if self.kb is None:
            return
        kb = self.kb
        self._reads.submit(lambda: fn(kb), on_done=on_done)

    def close(self) -> None:
        self._search.close(wait=False)
        self._reads.close(wait=True)
        close = getattr(self.kb, "close", None)
        if callable(close):
            close()

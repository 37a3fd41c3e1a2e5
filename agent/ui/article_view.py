"""Safe rendering of article Markdown into a QTextBrowser that loads nothing remote.

Markdown is rendered by markdown-it-py with raw HTML disabled, then sanitized by nh3; the browser
refuses http/https and any file outside the bundled assets. Thread rule: :func:`render_markdown` is
pure (any thread); :class:`ArticleBrowser` is a widget (GUI thread only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nh3
from markdown_it import MarkdownIt
from PyQt6.QtCore import QUrl, pyqtSignal
from PyQt6.QtGui import QTextDocument
from PyQt6.QtWidgets import QTextBrowser, QWidget

from kb.paths import assets_dir

_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "del",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
_URL_SCHEMES = {"http", "https", "mailto", "kb"}
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)

ARTICLE_CSS = """
h1 { font-size: 17pt; margin: 0 0 6px 0; }
h2 { font-size: 13pt; margin: 12px 0 4px 0; }
h3 { font-size: 11pt; margin: 10px 0 4px 0; }
p, li { line-height: 135%; }
code { background-color: #eef1f4; }
blockquote { color: #444; margin-left: 12px; }
"""


def render_markdown(body: str) -> str:
    """Markdown → sanitized HTML (no raw HTML, no scripts, no event handlers, no styles)."""
    return nh3.clean(
        _md.render(body or ""),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
    )


def is_allowed_resource(url: QUrl, root: Path | None = None) -> bool:
    """Only local files inside the assets folder may be loaded; nothing from the network."""
    if url.scheme() not in ("", "file"):
        return False
    local = url.toLocalFile() if url.scheme() == "file" else url.path()
    if not local:
        return False
    try:
        path = Path(local).resolve()
        base = (root or assets_dir()).resolve()
    except OSError:
        return False
    return path.is_relative_to(base) and path.is_file()


class ArticleBrowser(QTextBrowser):
    """Read-only article view; links to other articles emit :attr:`article_link_activated`."""

    article_link_activated = pyqtSignal(str)  # slug
    external_link_refused = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        document = self.document()
        if document is not None:
            document.setDefaultStyleSheet(ARTICLE_CSS)
            document.setDocumentMargin(10)
        self.anchorClicked.connect(self.on_anchor_clicked)

    def loadResource(self, type_: int, url: QUrl) -> Any:
        """Refuse every remote or out-of-tree resource (tracking pixels, file:// probes)."""
        if type_ == QTextDocument.ResourceType.ImageResource.value and is_allowed_resource(url):
            return super().loadResource(type_, url)
        return None

    def on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "kb":
            self.article_link_activated.emit(url.path() or url.host())
        elif scheme == "" and url.path() and "/" not in url.path().strip("/"):
            # A relative link such as ``emergency-112`` or ``emergency-112.ru.md``.
            self.article_link_activated.emit(url.path().strip("/").split(".", 1)[0])
        else:
            self.external_link_refused.emit(url.toString())

    def show_html(self, html: str) -> None:
        self.setHtml(html)
        scroll = self.verticalScrollBar()
        if scroll is not None:
            scroll.setValue(0)

"""An article's Markdown body as inert, bounded HTML chunks for the article view.

Inert: markdown-it renders with raw HTML off, nh3 keeps an allow-list of tags and attributes
(no scripts, styles, event handlers, titles), links are only followed by the view itself, and the
only images are the KB's own (``![alt](kb:NAME.png)``, read from the KB's image folders
by :mod:`agent.ui.article_images`): every other image reference — a local path, ``../``, a
device, a pipe, ``//host/share``, a URL — becomes a visible placeholder and is never opened.

Bounded: whatever an article holds (even one that bypassed the import and publish rules), the
HTML handed to Qt has at most :data:`LIMITS` of text, table columns and rows, list and quote
depth, and long words get break opportunities. The HTML comes in *chunks* — whole top-level
blocks, long tables, lists and paragraphs split into parts — so that the view lays out one
small piece at a time and the UI thread never spends long on any of them.

Thread rule: pure functions (markdown-it, nh3, the standard HTML parser) — safe on any thread;
the KB's read worker calls them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it import MarkdownIt
from PyQt6.QtCore import QCoreApplication

from agent.ui.content import ZWSP, breakable, clean
from kb.wire.content import KB_IMAGE

IMAGE_SCHEME = "kbimg"  # how the view's documents name the KB images they were given


@dataclass(frozen=True, slots=True)
class Limits:
    """What one article body may put in front of Qt's layout."""

    body_chars: int = 256 * 1024  # the content rules allow 256 KiB of UTF-8: never fewer chars
    table_columns: int = 12
    table_rows: int = 2_000
    list_depth: int = 6
    quote_depth: int = 6
    nesting: int = 24  # any elements inside each other
    images: int = 20
    # Chunking: the most one piece of the view holds.
    chunk_chars: int = 3_000  # text of consecutive top-level blocks, and of a long paragraph
    chunk_rows: int = 5  # rows of a table
    chunk_items: int = 20  # items of a list


LIMITS = Limits()

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "del",
    "s", "span",
}
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}, "span": {"class"}}
_URL_SCHEMES = {"http", "https", "mailto", "kb", IMAGE_SCHEME}
_VOID = {"br", "hr", "img"}
_LISTS = {"ul", "ol"}
_CELLS = {"td", "th"}


@dataclass
class RenderedBody:
    """The HTML chunks for the view, the KB images they show, and what was left out."""

    chunks: list[str]
    images: list[str] = field(default_factory=list)  # names after kb:
    blocked_images: int = 0
    cut: bool = False  # something beyond the limits was left out (a note says so)

    @property
    def html(self) -> str:
        return "".join(self.chunks)


_IMG = re.compile(rf'<img src="{IMAGE_SCHEME}:([^"]*)" alt="([^"]*)">')


def without_images(body: RenderedBody, missing: set[str]) -> RenderedBody:
    """``body`` with the KB images in ``missing`` (not found, too large…) as placeholders."""
    if not missing:
        return body

    def placeholder(match: re.Match[str]) -> str:
        if html.unescape(match.group(1)) not in missing:
            return match.group(0)
        alt = html.unescape(match.group(2))
        return f'<span class="blocked">{html.escape(_picture_not_shown(alt))}</span>'

    return RenderedBody([_IMG.sub(placeholder, chunk) for chunk in body.chunks],
                        [n for n in body.images if n not in missing],
                        body.blocked_images + len(missing), body.cut)


def kb_image_name(src: str) -> str | None:
    """``kb:NAME.png`` → ``NAME.png``; None for any other reference."""
    match = KB_IMAGE.fullmatch(src.strip())
    return match.group(1) if match else None


def _picture_not_shown(alt: str) -> str:
    if alt:
        return QCoreApplication.translate("ArticleRender", "[picture not shown: %1]").replace(
            "%1", alt)
    return QCoreApplication.translate("ArticleRender", "[picture not shown]")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   # deeper content is kept (shown flat below), not dropped
                                   "maxNesting": 64})
    md.enable("table")
    md.enable("strikethrough")

    def image(_self: Any, tokens: Any, idx: int, _options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        alt = "".join(child.content for child in token.children or ())
        name = kb_image_name(str(token.attrGet("src") or ""))
        images: list[str] = env["images"]
        if name is not None and len(images) < LIMITS.images:
            images.append(name)
            return f'<img src="{IMAGE_SCHEME}:{html.escape(name)}" alt="{html.escape(alt)}">'
        env["blocked"] = int(env.get("blocked", 0)) + 1
        return f'<span class="blocked">{html.escape(_picture_not_shown(alt))}</span>'

    md.add_render_rule("image", image)
    # Every link and picture reaches the rules here and nh3's scheme list (a refused picture
    # becomes a placeholder, a refused link plain text) instead of staying raw Markdown.
    md.validateLink = _any_link  # type: ignore[method-assign,assignment]
    return md


def _any_link(_url: str) -> bool:
    return True


_MD = _markdown()


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Only the attributes listed (nh3 would also keep ``title`` and ``lang`` everywhere: a
    title becomes a tooltip, which Qt renders as HTML); image sources only of KB images."""
    if attribute not in _ATTRIBUTES.get(tag, ()):
        return None
    if tag == "img" and attribute == "src" and not value.startswith(IMAGE_SCHEME + ":"):
        return None
    return value


class _ColumnCounter(HTMLParser):
    """First pass: the number of columns of each table, in order (to size cells evenly)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.columns: list[int] = []
        self.open: list[int] = []  # index into columns of each open table
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.open.append(len(self.columns))
            self.columns.append(0)
        elif tag == "tr":
            self.cells = 0
        elif tag in _CELLS and self.open:
            self.cells += 1
            index = self.open[-1]
            self.columns[index] = max(self.columns[index], self.cells)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.open:
            self.open.pop()


@dataclass
class _Open:
    tag: str
    attrs: list[tuple[str, str | None]]
    emitted: bool  # written to the output (else dropped, its content kept or skipped)
    skips: bool = False  # a dropped table row or cell: its content goes too
    items: int = 0  # rows of a tbody / items of a list since the current chunk began


class _Bounded(HTMLParser):
    """Re-emits nh3's (well-formed) HTML within the limits, in chunks; notes what it leaves out.

    A chunk ends after a top-level block once it holds enough text, and inside a top-level
    table, list or paragraph that grows too long: the open elements are closed there and opened
    again at the start of the next chunk.
    """

    def __init__(self, limits: Limits, columns: list[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.limits = limits
        self.columns = columns
        self.tables_seen = 0
        self.chunks: list[str] = []
        self.out: list[str] = []
        self.chars = 0  # text in the current chunk
        self.open: list[_Open] = []
        self.skipping = 0  # inside dropped table rows or cells
        self.cut = False  # something was left out
        self.flattened = False  # lists or elements nested too deep are shown flat
        self.rows: list[int] = []  # rows so far of each open table
        self.cells = 0  # cells so far in the current row
        self.cell_width: list[str] = []  # even column width of each open table
        self.cut_tables: list[bool] = []

    # ------------------------------------------------------------------ chunks

    def _emitted(self) -> list[_Open]:
        return [o for o in self.open if o.emitted]

    def split(self) -> None:
        """End the current chunk here: close what is open, reopen it in the next chunk."""
        still_open = self._emitted()
        self.out.extend(f"</{o.tag}>" for o in reversed(still_open))
        self.end_chunk()
        for item in still_open:
            attrs = item.attrs
            if item.tag == "ol":
                start = int(dict(attrs).get("start") or 1) + item.items
                attrs = [(k, v) for k, v in attrs if k != "start"] + [("start", str(start))]
                item.attrs = attrs
            self.out.append(self._start(item.tag, attrs))
            item.items = 0

    def end_chunk(self) -> None:
        if self.out:
            self.chunks.append("".join(self.out))
        self.out = []
        self.chars = 0

    def _top(self, *tags: str) -> bool:
        """The emitted open elements are exactly ``tags`` (outermost first)."""
        return [o.tag for o in self._emitted()] == list(tags)

    # ------------------------------------------------------------------ parsing

    def _depth(self, tags: set[str]) -> int:
        return sum(1 for o in self.open if o.emitted and o.tag in tags)

    def _cut_table(self) -> None:
        self.cut = True
        if self.cut_tables:
            self.cut_tables[-1] = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if not self.skipping:
                self.out.append(self._start(tag, attrs))
            return
        keep, skips = True, False
        limits = self.limits
        if tag == "table":
            columns = self.columns[self.tables_seen] if self.tables_seen < len(self.columns) \
                else 1
            self.tables_seen += 1
            self.rows.append(0)
            self.cut_tables.append(False)
            self.cell_width.append(f"{100 // max(1, min(columns, limits.table_columns))}%")
            attrs = [("width", "100%")]
        elif tag == "tr" and self.rows:
            self.rows[-1] += 1
            self.cells = 0
            if self.rows[-1] > limits.table_rows + 1:  # + the header row
                keep, skips = False, True
                self._cut_table()
            elif self._top("table", "tbody") and self.open[-1].items >= limits.chunk_rows:
                self.split()
            if self._top("table", "tbody"):
                self.open[-1].items += 1
        elif tag in _CELLS:
            self.cells += 1
            if self.cells > limits.table_columns:
                keep, skips = False, True
                self._cut_table()
            elif self.cell_width:
                attrs = [("width", self.cell_width[-1])]
        elif tag in _LISTS and self._depth(_LISTS) >= limits.list_depth:
            keep = False  # deeper lists go on at the deepest level shown
            self.flattened = True
        elif tag == "li" and any(o.tag in _LISTS and not o.emitted for o in self.open):
            keep = False
            if not self.skipping:
                self.out.append("<br>– ")
        elif tag == "li" and len(self._emitted()) == 1 and self.open[-1].tag in _LISTS:
            items = self.open[-1].items
            if items and (items >= limits.chunk_items or self.chars >= limits.chunk_chars):
                self.split()
            self.open[-1].items += 1
        elif tag == "blockquote" and self._depth({"blockquote"}) >= limits.quote_depth:
            keep = False
        elif len(self._emitted()) >= limits.nesting:
            keep = False
            self.flattened = True
        keep = keep and not self.skipping
        if keep:
            self.out.append(self._start(tag, attrs))
        self.open.append(_Open(tag, attrs, keep, skips))
        if skips:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open:
            return
        closed = self.open.pop()
        if closed.skips:
            self.skipping -= 1
        if closed.emitted:
            self.out.append(f"</{closed.tag}>")
        if closed.tag == "table" and self.rows:
            self.rows.pop()
            self.cell_width.pop()
            if self.cut_tables.pop() and not self.skipping:
                note = QCoreApplication.translate(
                    "ArticleRender", "(a part of this table is not shown: it is too large)")
                self.out.append(f'<p class="cut">{html.escape(note)}</p>')
        if not self._emitted() and (self.chars >= self.limits.chunk_chars or closed.tag == "table"):
            self.end_chunk()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = breakable(data)
        if self._top("p") and self.chars + len(text) > self.limits.chunk_chars:
            # A long top-level paragraph goes on in the next chunk, split between words.
            while self.chars + len(text) > self.limits.chunk_chars:
                room = max(1, self.limits.chunk_chars - self.chars)
                cut = max(text.rfind(" ", 0, room), text.rfind(ZWSP, 0, room))
                cut = cut if cut > 0 else room
                self.out.append(html.escape(text[:cut], quote=False))
                self.chars += cut
                self.split()
                text = text[cut:].lstrip(" ")
        self.out.append(html.escape(text, quote=False))
        self.chars += len(text)

    @staticmethod
    def _start(tag: str, attrs: list[tuple[str, str | None]]) -> str:
        rendered = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs)
        return f"<{tag}{rendered}>"


def render_markdown(body: str, limits: Limits = LIMITS) -> RenderedBody:
    """Markdown → inert, bounded HTML chunks (see the module's docstring)."""
    text = clean(body or "")
    cut = len(text) > limits.body_chars
    if cut:
        text = text[: limits.body_chars]
    env: dict[str, Any] = {"images": []}
    sanitized = nh3.clean(
        _MD.render(text, env),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
    )
    counter = _ColumnCounter()
    counter.feed(sanitized)
    counter.close()
    bounded = _Bounded(limits, counter.columns)
    bounded.feed(sanitized)
    bounded.close()
    notes = []
    if bounded.flattened:
        notes.append(QCoreApplication.translate(
            "ArticleRender", "Parts of this article nested too deep are shown flat."))
    if cut:
        notes.append(QCoreApplication.translate(
            "ArticleRender", "The rest of this article is too large to be shown here."))
    bounded.out.extend(f'<p class="cut">{html.escape(note)}</p>' for note in notes)
    bounded.end_chunk()
    return RenderedBody(bounded.chunks, list(env["images"]), int(env.get("blocked", 0)),
                        cut or bounded.cut or bounded.flattened)

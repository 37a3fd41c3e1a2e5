"""The knowledge-base panel: search as you type, the results, and the open article (an
:class:`~agent.ui.article_panel.ArticlePanel`).

Thread rule: GUI thread only; searches and reads go through :class:`~agent.ui.kb_service.KbService`.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import (
    QWIDGETSIZE_MAX,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agent.ui.actions import ActionExecutor
from agent.ui.article_panel import ArticlePanel
from agent.ui.call_notes import CallNotes
from agent.ui.hold_banner import HoldBanner
from agent.ui.kb_service import KbService, LoadedBody
from agent.ui.reply_values import ReplyValues
from agent.ui.results_view import ResultDelegate, ResultsModel
from kb.model import Article, SearchResult

SEARCH_SHORTCUTS = ("Ctrl+K", "F3")
TYPING_DELAY_MS = 40  # coalesces a burst of keystrokes; still well within one keystroke
REBUILD_RETRY_MS = 1000
RESULTS_SHARE, ARTICLE_SHARE = 2, 5  # the split of the height once an article is open
HINT_AREA_HEIGHT = 120  # px under the results before the first article: room for the hint


def first_word(text: str) -> str:
    words = text.casefold().split()
    return words[0] if words else ""


BEGUN_LETTERS = 2  # a last word this short finds nothing yet more often than it is whole


def _word_only_begun(text: str) -> bool:
    """Whether the query ends in a word of :data:`BEGUN_LETTERS` letters still being typed (its
    empty list is no answer yet: "мн" is "мне" or "много" on its way)."""
    words = text.split()
    return bool(words) and not text[-1].isspace() and len(words[-1]) <= BEGUN_LETTERS


def same_topic(text: str, topic: str) -> bool:
    """Whether ``text`` still continues the query whose first word was ``topic`` (one first
    word extends the other: the operator typed on, or erased back into it)."""
    word = first_word(text)
    return bool(word) and (word.startswith(topic) or topic.startswith(word))


class KbPanel(QWidget):
    """Search box (+ hold timer), results, article with reply cards and actions."""

    article_opened = pyqtSignal(object)  # Article
    results_shown = pyqtSignal(str, int)  # (query as typed, hits); ("", 0) when cleared

    def __init__(self, kb: KbService, hold_banner: HoldBanner, language: str,
                 reply_values: ReplyValues, call_notes: CallNotes, actions: ActionExecutor,
                 ring_notice: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kb = kb
        self.language = language
        self.reply_values = reply_values
        self.call_notes = call_notes
        self.call_actions = actions
        self.ring_notice = ring_notice
        self.last_result: SearchResult | None = None
        self._query_id = 0
        self._all_languages_id = 0
        # The result the operator chose (arrows or a click) while typing: kept selected as long
        # as later keystrokes still find it, so the list never jumps away from their choice.
        self._chosen: tuple[str, str] | None = None
        self._chosen_topic = ""  # first word of the query when the choice was made
        self._selecting_automatically = False

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        tip = self.tr("Search the knowledge base (%1)").replace("%1", " / ".join(SEARCH_SHORTCUTS))
        self.search_field.setPlaceholderText(tip)
        self.search_field.setToolTip(tip)
        self.search_field.setAccessibleName(self.tr("Search the knowledge base"))
        self.search_field.textChanged.connect(self.on_search_text_changed)
        self.search_field.installEventFilter(self)
        self.search_field.setMinimumWidth(220)
        self.lang_filter = QComboBox()
        # All languages by default: the KB shows each article once, in the language the query
        # was typed in, so an English query on a Russian desk still finds the English version.
        self.lang_filter.addItem(self.tr("All languages"), None)
        self.lang_filter.addItem(self.tr("Russian"), "ru")
        self.lang_filter.addItem(self.tr("English"), "en")
        self.lang_filter.setCurrentIndex(0)
        self.lang_filter.setToolTip(self.tr("Language of the articles"))
        self.lang_filter.setAccessibleName(self.tr("Article language"))
        self.lang_filter.currentIndexChanged.connect(lambda _i: self.run_search())
        self.hold_banner = hold_banner

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.run_search)
        # While the index is rebuilt the KB answers from a slower fallback: ask again shortly.
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(REBUILD_RETRY_MS)
        self._retry.timeout.connect(self.run_search)

        self.status = QLabel(self.tr("Loading the knowledge base…"))
        self.status.setObjectName("searchStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.results_model = ResultsModel()
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setUniformItemSizes(True)
        self.results.setWordWrap(True)
        self.results.activated.connect(self.on_result_activated)
        self.results.clicked.connect(self.on_result_activated)
        self.results.installEventFilter(self)
        selection = self.results.selectionModel()
        assert selection is not None
        selection.currentChanged.connect(self.on_current_result_changed)

        self.article_panel = ArticlePanel(reply_values, call_notes, actions)
        self.article_panel.article_shown.connect(self.article_opened)
        self.article_panel.link_activated.connect(self.open_article)
        self.article_panel.message.connect(self.status.setText)
        self.article_panel.setVisible(False)
        self.placeholder = QLabel(self.tr(
            "Type a few words of what the caller says: «дайте телефон директора», "
            "«не слышно», «угрожает»… Arrows choose, Enter opens."))
        self.placeholder.setObjectName("emptyHint")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        article = QWidget()
        article_layout = QVBoxLayout(article)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.addWidget(self.placeholder, 1)
        article_layout.addWidget(self.article_panel, 1)

        # Until the first article opens, the area below holds only the hint: the results take
        # the height (at 1920×1080 that is 15 rows, not 6). The first article gets its share.
        self.article_area = article
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(article)
        self.splitter.setStretchFactor(0, RESULTS_SHARE)
        self.splitter.setStretchFactor(1, ARTICLE_SHARE)
        self.splitter.setChildrenCollapsible(False)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.lang_filter)
        title = QLabel(self.tr("Knowledge base"))
        title.setObjectName("panelTitle")
        self.title = title
        # The hold timer sits beside the title, just above the search box, in a row whose
        # height is kept for it: holding and resuming move nothing and never narrow the search.
        # A ringing call's notice takes the title's place in that row (the row is as high as
        # the notice from the start): a ring never pushes the search and the results down.
        title_row = QWidget()
        title_row.setObjectName("titleRow")
        title_layout = QHBoxLayout(title_row)
        title_layout.setContentsMargins(0, 0, 0, 0)
        title_layout.addWidget(title, 1)
        row_height = self.hold_banner.sizeHint().height()
        if ring_notice is not None:
            title_layout.addWidget(ring_notice, 1)
            ring_notice.installEventFilter(self)
            title.setVisible(ring_notice.isHidden())
            row_height = max(row_height, ring_notice.sizeHint().height())
        title_layout.addWidget(self.hold_banner)
        title_row.setFixedHeight(row_height)
        self.title_row = title_row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title_row)
        layout.addLayout(search_row)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.search_field, self.lang_filter)
        self.setTabOrder(self.lang_filter, self.results)

        kb.opened.connect(self.on_kb_opened)
        kb.open_failed.connect(self.on_kb_open_failed)
        kb.search_finished.connect(self.on_search_finished)
        kb.search_failed.connect(self.on_search_failed)
        kb.article_loaded.connect(self.on_article_loaded)
        # The field takes typing from the first moment (the window opens with it focused); what
        # is typed while the KB is still opening is searched as soon as it is open.
        self.results.setVisible(False)  # an empty white box says nothing: the hint does

    # ------------------------------------------------------------------ KB lifecycle

    def on_kb_opened(self) -> None:
        self.search_field.setEnabled(True)
        self.status.setText(self.tr("Ready. Type to search."))
        if self.search_field.text().strip():
            self.run_search()

    def on_kb_open_failed(self, message: str) -> None:
        self.status.setText(self.tr("The knowledge base could not be opened: %1").replace(
            "%1", message))

    # ------------------------------------------------------------------ search

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def on_search_text_changed(self, text: str) -> None:
        if self._chosen is not None and not same_topic(text, self._chosen_topic):
            self._chosen = None  # a new query (typed over the old one): start at its best hit
        self._typing.start()

    def current_lang(self) -> str | None:
        data = self.lang_filter.currentData()
        return str(data) if data else None

    def run_search(self) -> None:
        text = self.search_field.text()
        if not self.kb.is_open:
            return
        if not text.strip():
            self._query_id = self.kb.search("", lang=self.current_lang())  # supersede in-flight
            self._chosen = None
            self.results_model.set_hits([])
            self._show_results(False)
            self.status.setText(self.tr("Ready. Type to search."))
            self.results_shown.emit("", 0)
            return
        self._query_id = self.kb.search(text, lang=self.current_lang())
        self._all_languages_id = 0

    def on_search_finished(self, query_id: int, result: SearchResult) -> None:
        if query_id != self._query_id:
            return
        if not self.search_field.text().strip():
            return
        if not result.hits and self.current_lang() and not self._all_languages_id:
            # Nothing in this language (e.g. Russian words with English articles): try all.
            self._query_id = self._all_languages_id = self.kb.search(self.search_field.text())
            return
        self.last_result = result
        self.results_shown.emit(self.search_field.text(), len(result.hits))
        self.results_model.set_hits(list(result.hits))
        self._show_results(bool(result.hits))
        if result.hits:
            self._select_row(self._chosen_row(result), automatically=True)
            text = self.tr("%n result(s)", "", len(result.hits))
            if query_id == self._all_languages_id:
                text += " " + self.tr("in other languages")
        elif _word_only_begun(self.search_field.text()):
            text = self.tr("Keep typing: the word is only begun.")
        else:
            text = self.tr("Nothing found. Try other words or the other language.")
        if result.rebuilding:
            text += " " + self.tr("(the index is being rebuilt; results may be incomplete)")
            self._retry.start()
        self.status.setText(text)

    def _chosen_row(self, result: SearchResult) -> int:
        """Row of the operator's chosen article in ``result``, or 0 (the best hit)."""
        for row, hit in enumerate(result.hits):
            if (hit.slug, hit.lang) == self._chosen:
                return row
        return 0

    def _select_row(self, row: int, *, automatically: bool) -> None:
        self._selecting_automatically = automatically
        try:
            index = self.results_model.index(row)
            self.results.setCurrentIndex(index)
            self.results.scrollTo(index)
        finally:
            self._selecting_automatically = False

    def on_current_result_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Remember a result the operator moved to; the automatic pick of the best hit is not
        a choice (the next keystroke's best hit replaces it)."""
        if self._selecting_automatically or not current.isValid():
            return
        hit = current.data(ResultsModel.HIT_ROLE)
        if hit is not None:
            self._chosen = (hit.slug, hit.lang)
            self._chosen_topic = first_word(self.search_field.text())

    def on_search_failed(self, query_id: int, message: str) -> None:
        if query_id == self._query_id:
            self.status.setText(self.tr("Search failed: %1").replace("%1", message))

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and watched is not None and watched is self.ring_notice \
                and event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.title.setVisible(event.type() == QEvent.Type.HideToParent)
            return False
        if event is None or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if watched is self.search_field:
            rows = self.results_model.rowCount()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                if rows:
                    current = self.results.currentIndex().row()
                    step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1
                    row = min(max(current + step, 0), rows - 1) if current >= 0 else 0
                    self._select_row(row, automatically=False)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.results.currentIndex()
                if not index.isValid() and rows:
                    index = self.results_model.index(0)
                if index.isValid():
                    self.on_result_activated(index)
                return True
            if key == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
        elif watched is self.results and key == Qt.Key.Key_Escape:
            self.focus_search()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ article

    def on_result_activated(self, index: QModelIndex) -> None:
        hit = index.data(ResultsModel.HIT_ROLE)
        if hit is not None:
            self.kb.load_article(hit.slug, hit.lang)

    def open_article(self, slug: str) -> None:
        """Open an article by slug in the current article language (links between articles)."""
        shown = self.article
        lang = shown.lang if shown else (self.current_lang() or self.language)
        self.kb.load_article(slug, lang)

    @property
    def article(self) -> Article | None:
        """The article shown (None before the first one)."""
        return self.article_panel.article

    def on_article_loaded(self, article: Article | None, body: LoadedBody | None) -> None:
        if article is None or body is None:
            self.status.setText(self.tr("That article is not in the knowledge base."))
            return
        if self.article_panel.isHidden():
            self._make_room_for_articles()
        self.article_panel.show_article(article, body)

    def _show_results(self, shown: bool) -> None:
        """Show or hide the results; before the first article, shown results take the height
        but for a strip for the hint, and hidden ones leave it all to the hint (a capped area
        with nothing above it would let the search box drift down the panel)."""
        self.results.setVisible(shown)
        if self.article_panel.isHidden():
            self.article_area.setMaximumHeight(HINT_AREA_HEIGHT if shown else QWIDGETSIZE_MAX)

    def _make_room_for_articles(self) -> None:
        self.placeholder.setVisible(False)
        self.article_panel.setVisible(True)
        self.article_area.setMaximumHeight(QWIDGETSIZE_MAX)
        total = sum(self.splitter.sizes())
        results = total * RESULTS_SHARE // (RESULTS_SHARE + ARTICLE_SHARE)
        self.splitter.setSizes([results, total - results])
        self.results.scrollTo(self.results.currentIndex())

    def refresh_replies(self) -> None:
        self.article_panel.refresh_replies()

    def copy_reply(self, index: int) -> bool:
        return self.article_panel.copy_reply(index)

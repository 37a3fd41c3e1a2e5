"""The knowledge-base panel: search as you type, results, and the open article with its reply
cards and action buttons.

Thread rule: GUI thread only; searches and reads go through :class:`~agent.ui.kb_service.KbService`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agent.ui.article_view import ArticleBrowser
from agent.ui.hold_banner import HoldBanner
from agent.ui.kb_service import KbService
from agent.ui.placeholders import fill
from agent.ui.reply_cards import ReplyCards
from agent.ui.results_view import ResultDelegate, ResultsModel, kind_label
from kb.model import Article, SearchResult

SEARCH_SHORTCUTS = ("Ctrl+K", "F3")
TYPING_DELAY_MS = 40  # coalesces a burst of keystrokes; still well within one keystroke
REBUILD_RETRY_MS = 1000


class FlowRow(QWidget):
    """Action buttons in rows of at most ``per_row``."""

    def __init__(self, per_row: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.per_row = per_row
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.buttons: list[QPushButton] = []

    def set_buttons(self, buttons: list[QPushButton]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            row = item.layout() if item is not None else None
            if row is not None:
                while row.count():
                    child = row.takeAt(0)
                    widget = child.widget() if child is not None else None
                    if widget is not None:
                        widget.deleteLater()
        self.buttons = buttons
        for start in range(0, len(buttons), self.per_row):
            row = QHBoxLayout()
            row.setSpacing(4)
            for button in buttons[start : start + self.per_row]:
                row.addWidget(button)
            row.addStretch(1)
            self._layout.addLayout(row)
        self.setVisible(bool(buttons))


class KbPanel(QWidget):
    """Search box (+ hold timer), results, article with reply cards and actions."""

    article_opened = pyqtSignal(object)  # Article
    reply_used = pyqtSignal(str, str)  # (slug, text)
    action_requested = pyqtSignal(object, dict)  # (Article, action)
    results_shown = pyqtSignal(str, int)  # (query as typed, hits); ("", 0) when cleared

    def __init__(self, kb: KbService, hold_banner: HoldBanner, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kb = kb
        self.language = language
        self.article: Article | None = None
        self.last_result: SearchResult | None = None
        self.values_provider: Callable[[], dict[str, str]] = dict
        self._query_id = 0
        self._all_languages_id = 0

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        tip = self.tr("Search the knowledge base (%1)").replace("%1", " / ".join(SEARCH_SHORTCUTS))
        self.search_field.setPlaceholderText(tip)
        self.search_field.setToolTip(tip)
        self.search_field.setAccessibleName(self.tr("Search the knowledge base"))
        self.search_field.textChanged.connect(self.on_search_text_changed)
        self.search_field.installEventFilter(self)
        self.search_field.setMinimumWidth(260)
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

        self.title = QLabel()
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_row = FlowRow(3)
        self.replies_heading = QLabel(self.tr("Replies — Ctrl+1…9 copies"))
        self.replies_heading.setObjectName("sectionHeading")
        self.cards = ReplyCards()
        self.cards.reply_copied.connect(self.on_reply_copied)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setWidget(self.cards)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.cards_scroll.setSizePolicy(QSizePolicy.Policy.Expanding,
                                        QSizePolicy.Policy.Preferred)
        self.body = ArticleBrowser()
        self.body.setObjectName("articleBody")
        self.body.setAccessibleName(self.tr("Article text"))
        self.body.article_link_activated.connect(self.open_article)
        self.body.external_link_refused.connect(self.on_external_link_refused)
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
        article_layout.addWidget(self.title)
        article_layout.addWidget(self.actions_row)
        article_layout.addWidget(self.replies_heading)
        article_layout.addWidget(self.cards_scroll, 3)
        article_layout.addWidget(self.body, 4)
        self._article_widgets: list[QWidget] = [self.title, self.actions_row,
                                                self.replies_heading, self.cards_scroll,
                                                self.body]
        for widget in self._article_widgets:
            widget.setVisible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(article)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.lang_filter)
        search_row.addWidget(self.hold_banner)
        title = QLabel(self.tr("Knowledge base"))
        title.setObjectName("panelTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addLayout(search_row)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.search_field, self.lang_filter)
        self.setTabOrder(self.lang_filter, self.results)
        self.cards_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cards take focus

        kb.opened.connect(self.on_kb_opened)
        kb.open_failed.connect(self.on_kb_open_failed)
        kb.search_finished.connect(self.on_search_finished)
        kb.search_failed.connect(self.on_search_failed)
        kb.article_loaded.connect(self.on_article_loaded)
        self.search_field.setEnabled(False)
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

    def on_search_text_changed(self, _text: str) -> None:
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
            self.results_model.set_hits([])
            self.results.setVisible(False)
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
        self.results.setVisible(bool(result.hits))
        if result.hits:
            self.results.setCurrentIndex(self.results_model.index(0))
            text = self.tr("%n result(s)", "", len(result.hits))
            if query_id == self._all_languages_id:
                text += " " + self.tr("in other languages")
        else:
            text = self.tr("Nothing found. Try other words or the other language.")
        if result.rebuilding:
            text += " " + self.tr("(the index is being rebuilt; results may be incomplete)")
            self._retry.start()
        self.status.setText(text)

    def on_search_failed(self, query_id: int, message: str) -> None:
        if query_id == self._query_id:
            self.status.setText(self.tr("Search failed: %1").replace("%1", message))

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
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
                    self.results.setCurrentIndex(self.results_model.index(row))
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
        lang = self.article.lang if self.article else (self.current_lang() or self.language)
        self.kb.load_article(slug, lang)

    def on_article_loaded(self, article: Article | None, body_html: str) -> None:
        if article is None:
            self.status.setText(self.tr("That article is not in the knowledge base."))
            return
        self.article = article
        self.placeholder.setVisible(False)
        for widget in self._article_widgets:
            widget.setVisible(True)
        self.title.setText(f"{article.title}  ·  {kind_label(article.kind)}")
        self.title.setAccessibleName(article.title)
        self.body.show_html(body_html)
        self._build_actions(article)
        self.refresh_replies()
        self.article_opened.emit(article)

    def _build_actions(self, article: Article) -> None:
        buttons = []
        for action in article.actions:
            if not isinstance(action, dict) or "type" not in action:
                continue
            label = str(action.get("label") or action["type"])
            button = QPushButton(label)
            button.setObjectName("actionButton")
            button.setProperty("actionType", action["type"])
            button.setAccessibleName(label)
            button.setToolTip(self.action_tooltip(action))
            button.clicked.connect(
                lambda _checked=False, a=dict(action): self.action_requested.emit(self.article, a)
            )
            buttons.append(button)
        self.actions_row.set_buttons(buttons)

    def action_tooltip(self, action: dict[str, Any]) -> str:
        tips = {
            "hold": self.tr("Put the caller on hold"),
            "transfer": self.tr("Transfer the call to this department"),
            "consult": self.tr("Hold the caller and call this department first"),
            "play-prompt": self.tr("Play a recorded message to the caller"),
            "complaint": self.tr("Open the complaint form of the call note"),
            "callback": self.tr("Schedule a callback in the call note"),
            "alert-supervisor": self.tr("Call the supervisor for help"),
            "hangup": self.tr("End the call"),
        }
        return tips.get(str(action.get("type")), str(action.get("type")))

    def refresh_replies(self) -> None:
        """Re-fill the placeholders (the caller's name or the settings changed)."""
        article = self.article
        replies = article.replies if article else []
        values = self.values_provider()
        self.cards.set_replies([fill(reply, values) for reply in replies])
        self.replies_heading.setVisible(bool(replies))
        self.cards_scroll.setVisible(bool(replies))

    def copy_reply(self, index: int) -> bool:
        return self.cards.copy(index)

    def on_reply_copied(self, _index: int, text: str) -> None:
        if self.article is not None:
            self.reply_used.emit(self.article.slug, text)
            self.status.setText(self.tr("Reply copied to the clipboard."))

    def on_external_link_refused(self, url: str) -> None:
        self.status.setText(self.tr("Links outside the knowledge base are not opened: %1")
                            .replace("%1", url))

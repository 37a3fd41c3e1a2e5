"""The open article: its title, action buttons, reply cards and body.

Everything here shows what an editor wrote, so everything is bounded: the title elides after
two lines, at most :data:`MAX_ACTION_BUTTONS` buttons (the rest in a menu) with labels elided
and never a mnemonic, at most :data:`SHOWN_REPLIES` reply cards until the operator asks for
more (up to :data:`MAX_REPLY_CARDS`), and the body in its own view laid out a piece at a time.
Buttons and cards are made once and reused: making widgets is what costs most on the UI thread.

Thread rule: GUI thread only.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PyQt6.QtCore import QEvent, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent.ui.actions import ActionExecutor
from agent.ui.article_view import ArticleView
from agent.ui.bounded_widgets import ElidedLabel, FlowLayout
from agent.ui.call_notes import CallNotes
from agent.ui.content import button_text, clean, isolate, one_line, tooltip
from agent.ui.kb_service import LoadedBody
from agent.ui.placeholders import fill
from agent.ui.reply_cards import ReplyCards
from agent.ui.reply_values import ReplyValues
from agent.ui.results_view import kind_label
from agent.ui.widgets import present, repolish
from kb.model import Article

MAX_ACTION_BUTTONS = 6  # more go to a menu
MAX_MENU_ACTIONS = 60  # the "More actions" menu lists at most this many
ACTION_LABEL_WIDTH = 300  # pixels; longer labels are elided (the tooltip has them whole)
SHOWN_REPLIES = 9  # cards shown at once (Ctrl+1…9 reach them); more on request
MAX_REPLY_CARDS = 30  # cards at most, whatever the article holds (a note says so)


class ActionsRow(QWidget):
    """An article's action buttons, flowing into rows as the width allows; past
    :data:`MAX_ACTION_BUTTONS` the rest are entries of a "More actions" menu."""

    triggered = pyqtSignal(dict)  # the article's action

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = FlowLayout(self)
        self._pool: list[QPushButton] = []
        self._actions: list[dict[str, Any]] = []
        self.buttons: list[QPushButton] = []
        for index in range(MAX_ACTION_BUTTONS):
            button = QPushButton()
            button.setObjectName("actionButton")
            button.clicked.connect(lambda _checked=False, i=index: self._on_clicked(i))
            button.setVisible(False)
            layout.addWidget(button)
            self._pool.append(button)
        self.more = QToolButton()
        self.more.setObjectName("moreActions")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        menu.aboutToShow.connect(self._fill_menu)  # filled when opened, not with every article
        self.more.setMenu(menu)
        self.more.setVisible(False)
        layout.addWidget(self.more)

    def set_actions(self, actions: list[dict[str, Any]], tips: dict[str, str]) -> None:
        """Show ``actions`` (each with a ``type``); ``tips`` says what each type does."""
        self._actions = actions
        metrics = self.fontMetrics()
        self.buttons = self._pool[: len(actions)]
        for index, button in enumerate(self._pool):
            if index >= len(actions):
                button.setVisible(False)
                continue
            action = actions[index]
            label = one_line(str(action.get("label") or action["type"]), 200)
            shown = metrics.elidedText(isolate(label), Qt.TextElideMode.ElideRight,
                                       ACTION_LABEL_WIDTH)
            button.setText(shown.replace("&", "&&"))  # content never gets a mnemonic
            if button.property("actionType") != str(action["type"]):
                button.setProperty("actionType", str(action["type"]))
                repolish(button)  # the style picks the action type
            button.setAccessibleName(label)
            button.setToolTip(tooltip(f"{label}\n{tips.get(str(action['type']), '')}"))
            button.setVisible(True)
        rest = len(actions[MAX_ACTION_BUTTONS:MAX_ACTION_BUTTONS + MAX_MENU_ACTIONS])
        self.more.setText(self.tr("More actions (%1)").replace("%1", str(rest)))
        self.more.setVisible(bool(rest))
        self.setVisible(bool(actions))
        self.updateGeometry()

    def all_buttons(self) -> list[QWidget]:
        """Every button of the row, shown or not, in their order (for the Tab chain)."""
        return [*self._pool, self.more]

    def menu_actions(self) -> list[dict[str, Any]]:
        """The actions the "More actions" menu lists."""
        return self._actions[MAX_ACTION_BUTTONS:MAX_ACTION_BUTTONS + MAX_MENU_ACTIONS]

    def _fill_menu(self) -> None:
        menu = self.more.menu()
        if menu is None:
            return
        menu.clear()
        for offset, action in enumerate(self.menu_actions()):
            entry = menu.addAction(button_text(str(action.get("label") or action["type"])))
            if entry is not None:
                entry.triggered.connect(
                    lambda _checked=False, i=MAX_ACTION_BUTTONS + offset: self._on_clicked(i))

    def _on_clicked(self, index: int) -> None:
        if 0 <= index < len(self._actions):
            self.triggered.emit(dict(self._actions[index]))


class ArticlePanel(QWidget):
    """Shows one article; replies copied and actions run go to the call's note and phone."""

    article_shown = pyqtSignal(object)  # Article
    link_activated = pyqtSignal(str)  # another article's slug
    message = pyqtSignal(str)  # for the status line

    def __init__(self, reply_values: ReplyValues, call_notes: CallNotes,
                 actions: ActionExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reply_values = reply_values
        self.call_notes = call_notes
        self.call_actions = actions
        self.article: Article | None = None
        self.shown_replies = SHOWN_REPLIES

        self.title = ElidedLabel(2)
        self.title.setObjectName("articleTitle")
        self.actions_row = ActionsRow()
        self.actions_row.triggered.connect(self.on_action_triggered)
        self.replies_heading = QLabel(self.tr("Replies — Ctrl+1…9 copies"))
        self.replies_heading.setObjectName("sectionHeading")
        self.cards = ReplyCards()
        self.cards.reply_copied.connect(self.on_reply_copied)
        self.cards.laid_out.connect(self.fit_cards)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setWidget(self.cards)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.cards_scroll.setSizePolicy(QSizePolicy.Policy.Expanding,
                                        QSizePolicy.Policy.Preferred)
        self.cards_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cards take focus
        present(self.cards_scroll.viewport()).installEventFilter(self)
        self.more_replies = QPushButton()
        self.more_replies.setObjectName("linkButton")
        self.more_replies.setFlat(True)
        self.more_replies.clicked.connect(self.on_more_replies_clicked)
        self.more_replies.setVisible(False)
        self.body = ArticleView()
        self.body.setObjectName("articleBody")
        self.body.setAccessibleName(self.tr("Article text"))
        self.body.article_link_activated.connect(self.link_activated)
        self.body.external_link_refused.connect(self.on_external_link_refused)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.actions_row)
        layout.addWidget(self.replies_heading)
        layout.addWidget(self.cards_scroll, 3)
        layout.addWidget(self.more_replies)
        layout.addWidget(self.body, 4)
        reply_values.changed.connect(self.refresh_replies)
        self._pending: Article | None = None
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(0)
        self._rest.timeout.connect(self._show_rest)
        # The cards are made ahead, a few per turn of the event loop, before any article.
        self._warm_up = QTimer(self)
        self._warm_up.setInterval(0)
        self._warm_up.timeout.connect(self._make_a_card)
        self._warm_up.start()

    def _make_a_card(self) -> None:
        if not self.cards.prepare(SHOWN_REPLIES, step=1):
            self._warm_up.stop()

    def show_article(self, article: Article, body: LoadedBody) -> None:
        """The title and the top of the body now; the actions and replies in the next turn of
        the event loop (each turn stays short), then :attr:`article_shown`."""
        self._pending = article
        # The title is content: plain, isolated (it cannot turn the kind label around), elided.
        # A no-break space keeps the dot with the kind when the title wraps.
        self.title.setText(f"{isolate(one_line(article.title, 300))}  ·\u00a0"
                           f"{kind_label(article.kind)}")
        self.title.setToolTip(tooltip(article.title, 300))
        self.title.setAccessibleName(one_line(article.title, 300))
        self.body.show_body(body.rendered.chunks, body.images)
        self._rest.start()

    def _show_rest(self) -> None:
        article, self._pending = self._pending, None
        if article is None:
            return
        self.article = article
        actions = [a for a in article.actions if isinstance(a, dict) and "type" in a]
        self.actions_row.set_actions(actions, self.action_tips())
        self.shown_replies = SHOWN_REPLIES
        self.refresh_replies()
        self.order_tabs()
        self.article_shown.emit(article)

    def fit_cards(self) -> None:
        """The replies take the height they need (up to their share); the article's text gets
        the rest, instead of empty space under short replies."""
        viewport = present(self.cards_scroll.viewport())
        needed = self.cards.content_height(viewport.width())
        frame = self.cards_scroll.height() - viewport.height()
        limit = max(needed + frame, 40)
        if self.cards_scroll.maximumHeight() != limit:
            self.cards_scroll.setMaximumHeight(limit)

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and event.type() == QEvent.Type.Resize \
                and watched is self.cards_scroll.viewport():
            self.fit_cards()
        return super().eventFilter(watched, event)

    def order_tabs(self) -> None:
        """Tab goes title → actions → reply cards → article text, whenever the cards were made
        (cards made after the window would otherwise come last, after the note)."""
        chain: list[QWidget] = [*self.actions_row.all_buttons(), *self.cards.pool(),
                                self.more_replies, self.body]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def action_tips(self) -> dict[str, str]:
        return {
            "hold": self.tr("Put the caller on hold"),
            "transfer": self.tr("Transfer the call to this department"),
            "consult": self.tr("Hold the caller and call this department first"),
            "play-prompt": self.tr("Play a recorded message to the caller"),
            "complaint": self.tr("Open the complaint form of the call note"),
            "callback": self.tr("Schedule a callback in the call note"),
            "alert-supervisor": self.tr("Call the supervisor for help"),
            "hangup": self.tr("End the call"),
        }

    def on_action_triggered(self, action: dict[str, Any]) -> None:
        if self.article is not None:
            self.call_actions.run(self.article, action)

    # ------------------------------------------------------------------ replies

    def replies(self) -> list[str]:
        return [clean(str(r)) for r in self.article.replies] if self.article else []

    def refresh_replies(self) -> None:
        """Re-fill the placeholders (the caller's name or the settings changed)."""
        replies = self.replies()
        values = self.reply_values.values()
        shown = replies[: min(self.shown_replies, MAX_REPLY_CARDS)]
        self.cards.set_replies([fill(reply, values) for reply in shown])
        self.replies_heading.setVisible(bool(replies))
        self.cards_scroll.setVisible(bool(replies))
        hidden = min(len(replies), MAX_REPLY_CARDS) - len(shown)
        if hidden > 0:
            self.more_replies.setText(self.tr("Show %n more replies", "", hidden))
        elif len(replies) > MAX_REPLY_CARDS:
            self.more_replies.setText(self.tr("%n more replies are not shown.", "",
                                              len(replies) - MAX_REPLY_CARDS))
        self.more_replies.setEnabled(hidden > 0)
        self.more_replies.setVisible(len(replies) > len(shown))

    def on_more_replies_clicked(self) -> None:
        self.shown_replies = MAX_REPLY_CARDS
        self.refresh_replies()

    def copy_reply(self, index: int) -> bool:
        return self.cards.copy(index)

    def on_reply_copied(self, index: int, _text: str) -> None:
        if self.article is not None:
            self.call_notes.record_article(self.article.slug, self.article.title)
            replies = self.cards.replies
            missing = replies[index].missing if 0 <= index < len(replies) else ()
            if missing:
                names = ", ".join("{" + name + "}" for name in missing)
                self.message.emit(self.tr("Reply copied, but it still has %1 to fill in before "
                                          "you send it.").replace("%1", names))
            else:
                self.message.emit(self.tr("Reply copied to the clipboard."))

    def on_external_link_refused(self, url: str) -> None:
        self.message.emit(self.tr("Links outside the knowledge base are not opened: %1")
                          .replace("%1", isolate(one_line(url, 120))))

"""The editor's article list: filters, the operators' own search, sort by last change or use.

The search box asks the same KB search operators use (on its worker) and keeps the articles it
finds, best first; drafts not yet in the KB are matched by their title. Thread rule: GUI thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent.editor.catalog import CHANGED, DRAFT, OUTDATED, PUBLISHED, Entry, Key, matches
from agent.ui.editor.form import KIND_LABELS
from agent.ui.kb_service import KbService
from kb.model import KINDS, SearchResult

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_LABELS = {
    PUBLISHED: QT_TRANSLATE_NOOP("ArticleList", "Published"),
    DRAFT: QT_TRANSLATE_NOOP("ArticleList", "New draft"),
    CHANGED: QT_TRANSLATE_NOOP("ArticleList", "Draft"),
    OUTDATED: QT_TRANSLATE_NOOP("ArticleList", "Changed since my draft"),
}
COLUMNS = (QT_TRANSLATE_NOOP("ArticleList", "Title"), QT_TRANSLATE_NOOP("ArticleList", "Lang"),
           QT_TRANSLATE_NOOP("ArticleList", "State"),
           QT_TRANSLATE_NOOP("ArticleList", "Last change"),
           QT_TRANSLATE_NOOP("ArticleList", "Uses"))


class _Item(QTreeWidgetItem):
    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        mine, theirs = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return bool(mine < theirs)


class ArticleList(QWidget):
    """Filters above a sortable list; :attr:`article_chosen` with the entry's key."""

    article_chosen = pyqtSignal(object)  # Key

    def __init__(self, kb: KbService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kb = kb
        self.entries: list[Entry] = []
        self._found: list[Key] | None = None
        self._query_id = 0
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search as operators do"))
        self.search.setAccessibleName(self.tr("Search articles"))
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds"), None)
        for kind in KINDS:
            self.kind.addItem(QCoreApplication.translate("ArticleForm", KIND_LABELS[kind]), kind)
        self.lang = QComboBox()
        for text, value in ((self.tr("All languages"), None), ("Русский", "ru"),
                            ("English", "en")):
            self.lang.addItem(text, value)
        self.state = QComboBox()
        self.state.addItem(self.tr("Any state"), None)
        for state in (PUBLISHED, DRAFT, OUTDATED):
            label = self.tr("Drafts") if state == DRAFT else self.tr(STATE_LABELS[state])
            self.state.addItem(label, state)
        self.state.addItem(self.tr("Missing translation"), "missing-translation")
        self.tag = QLineEdit()
        self.tag.setPlaceholderText(self.tr("Tag"))
        self.tag.setAccessibleName(self.tr("Tag"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("articleList")
        self.tree.setAccessibleName(self.tr("Articles"))
        self.tree.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 40)
        self.tree.itemSelectionChanged.connect(self.on_selection_changed)
        self.count = QLabel()
        self.count.setObjectName("listCount")

        # Two rows: the state filter's texts are long; side by side, all three were cut.
        filters = QGridLayout()
        filters.addWidget(self.kind, 0, 0)
        filters.addWidget(self.lang, 0, 1)
        filters.addWidget(self.state, 1, 0, 1, 2)
        for combo in (self.kind, self.lang, self.state):
            combo.currentIndexChanged.connect(lambda _i: self.refill())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.tag)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(120)
        self._typing.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        self.tag.textChanged.connect(lambda _t: self.refill())
        kb.search_finished.connect(self.on_search_finished)

    # -- search ----------------------------------------------------------------------------------

    def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self._found = None
            self.refill()
            return
        self._query_id = self.kb.search(text, lang=self.lang.currentData(), limit=100)
        if not self.kb.is_open:
            self.on_search_finished(self._query_id, SearchResult(text, (), 0.0))

    def on_search_finished(self, query_id: int, result: SearchResult) -> None:
        if query_id != self._query_id:
            return
        found = [(hit.slug, hit.lang) for hit in result.hits]
        needle = self.search.text().strip().casefold()
        found += [e.key for e in self.entries
                  if e.key not in found and needle in e.search_text]
        self._found = found
        self.refill()

    # -- the list --------------------------------------------------------------------------------

    def set_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.refill()

    def refill(self) -> None:
        selected = self.selected_keys()
        shown = [e for e in self.entries if matches(
            e, kind=self.kind.currentData(), lang=self.lang.currentData(),
            tag=self.tag.text().strip(), state=self.state.currentData())]
        rank: dict[Key, int] = {}
        if self._found is not None:
            found = {key: i for i, key in enumerate(self._found)}
            for entry in shown:  # a hit in one language brings its translation along
                places = [found[k] for k in (entry.key, (entry.slug, "ru"), (entry.slug, "en"))
                          if k in found]
                if places:
                    rank[entry.key] = min(places)
            shown = [e for e in shown if e.key in rank]
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for entry in shown:
            self.tree.addTopLevelItem(self._item(entry, rank.get(entry.key)))
        self.tree.setSortingEnabled(not rank)
        if rank:
            self.tree.sortItems(0, Qt.SortOrder.AscendingOrder)  # relevance is held in column 0
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, KEY_ROLE) in selected:
                item.setSelected(True)
        self.count.setText(self.tr("%1 of %2 articles").replace("%1", str(len(shown)))
                           .replace("%2", str(len(self.entries))))

    def _item(self, entry: Entry, rank: int | None) -> _Item:
        when = dt.datetime.fromtimestamp(entry.changed_at).strftime("%Y-%m-%d %H:%M") \
            if entry.changed_at else ""
        state = self.tr(STATE_LABELS[entry.state])
        if entry.missing_translation:
            state += " · " + self.tr("no translation")
        item = _Item([entry.title or entry.slug, entry.lang, state, when, str(entry.uses)])
        item.setData(0, KEY_ROLE, entry.key)
        item.setData(0, SORT_ROLE, rank if rank is not None else entry.title.casefold())
        item.setData(1, SORT_ROLE, entry.lang)
        item.setData(2, SORT_ROLE, entry.state)
        item.setData(3, SORT_ROLE, entry.changed_at)
        item.setData(4, SORT_ROLE, entry.uses)
        item.setToolTip(0, f"{entry.slug} · {', '.join(entry.tags)}")
        if entry.state == OUTDATED:
            item.setForeground(2, Qt.GlobalColor.darkRed)
        elif entry.draft is not None:
            item.setForeground(2, Qt.GlobalColor.darkBlue)
        return item

    def sort_by(self, column: int) -> None:
        self.tree.sortByColumn(column, Qt.SortOrder.DescendingOrder)

    def selected_keys(self) -> list[Key]:
        return [tuple(i.data(0, KEY_ROLE)) for i in self.tree.selectedItems()]

    def select(self, key: Key) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and tuple(item.data(0, KEY_ROLE)) == key:
                self.tree.setCurrentItem(item)
                return

    def on_selection_changed(self) -> None:
        current = self.tree.currentItem()
        if current is not None and current.isSelected():
            self.article_chosen.emit(tuple(current.data(0, KEY_ROLE)))

    def entry(self, key: Key) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)

    @staticmethod
    def describe(entry: Any) -> str:
        return f"{entry.title} ({entry.slug}, {entry.lang})"

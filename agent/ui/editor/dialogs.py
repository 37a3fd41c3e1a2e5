"""The editor's dialogs: the conflict (two versions side by side, merged field by field) and the
article's history (revisions with a word-level diff, revert).

Diffs are escaped text in spans, shown by the operator's inert article browser.
Thread rule: GUI thread only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from agent.editor.diff import changes_html, diff_html, field_changes, word_diff
from agent.editor.merge import Merge
from agent.editor.model import field_text
from agent.ui.article_view import ArticleView
from agent.ui.editor.form import FIELD_LABELS, field_label


class HtmlView(ArticleView):
    """The operators' inert article view showing HTML made here (diffs: escaped text in
    spans), as one piece."""

    def setHtml(self, html: str) -> None:
        self.show_body([html], {})


def _labels() -> dict[str, str]:
    return {name: field_label(name) for name in FIELD_LABELS}


SHORT_FIELDS = ("slug", "kind", "lang", "title", "tags", "synonyms")


def _text_view(text: str, short: bool) -> QTextEdit:
    view = QTextEdit()
    view.setPlainText(text)
    view.setReadOnly(True)
    view.setFixedHeight(44 if short else 160)
    return view


class ConflictDialog(QDialog):
    """Mine and theirs side by side for every field that differs; one-sided changes are taken
    already, both-sided ones wait for a choice. Accepting leaves the result in ``merge.merged``."""

    def __init__(self, merge: Merge, title: str, current_revision: int, author: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.merge = merge
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed by someone else: %1").replace("%1", title))
        intro = QLabel(self.tr(
            "While you edited, revision %1 of this article was published%2. Nothing of yours "
            "was published. Choose for each field which version to keep; fields only one of "
            "you changed are chosen already.").replace("%1", str(current_revision))
            .replace("%2", self.tr(" by %1").replace("%1", author) if author else ""))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.publish_button = QPushButton(self.tr("Merge and publish"))
        self.publish_button.setDefault(True)
        self.buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.remaining = QLabel()
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>" + self.tr("Field") + "</b>"), 0, 0)
        grid.addWidget(QLabel("<b>" + self.tr("Mine (my draft)") + "</b>"), 0, 1)
        grid.addWidget(QLabel("<b>" + self.tr("Theirs (published now)") + "</b>"), 0, 2)
        self.choices: dict[str, QButtonGroup] = {}
        for row, name in enumerate(merge.differing, start=1):
            label = QLabel(field_label(name))
            if name in merge.conflicts:
                label.setText("⚠ " + label.text())
                label.setToolTip(self.tr("Both of you changed this field"))
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            for column, side in ((1, "mine"), (2, "theirs")):
                cell = QWidget()
                box = QVBoxLayout(cell)
                box.setContentsMargins(0, 0, 0, 0)
                radio = QRadioButton(self.tr("Keep mine") if side == "mine"
                                     else self.tr("Keep theirs"))
                radio.setObjectName(f"{name}-{side}")
                group.addButton(radio, column)
                box.addWidget(radio)
                box.addWidget(_text_view(field_text(getattr(merge, side), name),
                                         name in SHORT_FIELDS))
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
                radio.toggled.connect(lambda on, n=name, s=side: self.on_choice(n, s, on))
                if name not in merge.conflicts and merge.merged[name] == getattr(merge, side)[name]:
                    radio.setChecked(True)
            self.choices[name] = group
        grid.setRowStretch(len(merge.differing) + 1, 1)  # rows keep their height; room below
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.remaining)
        layout.addWidget(self.buttons)
        self.resize(1000, 620)
        self.update_state()

    def on_choice(self, name: str, side: str, on: bool) -> None:
        if on:
            self.merge.choose(name, side)
            self.update_state()

    def choose(self, name: str, side: str) -> None:
        """Pick a side for a field (what clicking its radio button does)."""
        button = self.findChild(QRadioButton, f"{name}-{side}")
        if button is not None:
            button.setChecked(True)

    def update_state(self) -> None:
        left = len(self.merge.conflicts)
        self.publish_button.setEnabled(left == 0)
        self.remaining.setText(self.tr("%1 field(s) still to choose").replace("%1", str(left))
                               if left else self.tr("Every field is decided."))


class HistoryDialog(QDialog):
    """Revisions newest first; the chosen one's changes against the revision before it."""

    version_wanted = pyqtSignal(object, int)  # (tag, revision)
    revert_requested = pyqtSignal(int)  # the revision to publish again

    def __init__(self, title: str, history: list[dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History: %1").replace("%1", title))
        self.history = history
        self.versions: dict[int, dict[str, Any] | None] = {}
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Revisions"))
        for entry in history:
            when = dt.datetime.fromtimestamp(entry["published_at"]).strftime("%Y-%m-%d %H:%M")
            what = self.tr("deleted") if entry["deleted"] else entry["title"]
            item = QListWidgetItem(self.tr("Revision %1 · %2 · %3\n%4").replace(
                "%1", str(entry["revision"])).replace("%2", when).replace(
                "%3", entry["author"]).replace("%4", what))
            item.setData(Qt.ItemDataRole.UserRole, entry["revision"])
            self.list.addItem(item)
        self.diff = HtmlView()
        self.diff.setObjectName("historyDiff")
        self.diff.setAccessibleName(self.tr("Changes in this revision"))
        self.revert_button = QPushButton(self.tr("Revert to this version…"))
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.on_revert)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff)
        splitter.setSizes([300, 640])
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(980, 600)
        self.list.currentRowChanged.connect(self.on_row_changed)

    def on_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.history):
            return
        revision = int(self.history[row]["revision"])
        self.revert_button.setEnabled(row > 0 and not self.history[row]["deleted"])
        for wanted in (revision, self._previous(row)):
            if wanted is not None and wanted not in self.versions:
                self.version_wanted.emit(self, wanted)
        self.show_diff()

    def _previous(self, row: int) -> int | None:
        return int(self.history[row + 1]["revision"]) if row + 1 < len(self.history) else None

    def add_version(self, revision: int, version: dict[str, Any] | None) -> None:
        self.versions[revision] = version
        self.show_diff()

    def show_diff(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.history):
            return
        revision, previous = int(self.history[row]["revision"]), self._previous(row)
        if revision not in self.versions or (previous is not None
                                             and previous not in self.versions):
            self.diff.setHtml("<p>" + self.tr("Loading…") + "</p>")
            return
        new = (self.versions[revision] or {}).get("article")
        old = (self.versions.get(previous) or {}).get("article") if previous else None
        html = changes_html(field_changes(old, new), _labels())
        self.diff.setHtml(html or "<p>" + self.tr("No changes in the fields an editor sees.")
                          + "</p>")

    def on_revert(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.revert_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def word_diff_html(old: str, new: str) -> str:
    return diff_html(word_diff(old, new))

"""The article form: every field an editor changes, and the problems found in them.

The slug of a published article is locked until the editor chooses *Rename…* (operators' links
and notes refer to it). Problems are listed under the form; choosing one puts the cursor in its
field. Thread rule: GUI thread only.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from agent.editor.model import ArticleData, blank_article
from agent.editor.rules import ERROR, Problem
from agent.ui.editor.highlight import MarkdownHighlighter
from agent.ui.editor.lists import ActionsEditor, RepliesEditor
from agent.ui.widgets import repolish
from kb.model import KINDS, LANGS

_FIELD_RE = re.compile(r"^(\w+)(?:\[(\d+)\])?$")
FIELD_LABELS = {
    "slug": QT_TRANSLATE_NOOP("ArticleForm", "Slug"),
    "kind": QT_TRANSLATE_NOOP("ArticleForm", "Kind"),
    "lang": QT_TRANSLATE_NOOP("ArticleForm", "Language"),
    "title": QT_TRANSLATE_NOOP("ArticleForm", "Title"),
    "tags": QT_TRANSLATE_NOOP("ArticleForm", "Tags"),
    "synonyms": QT_TRANSLATE_NOOP("ArticleForm", "Synonyms"),
    "body": QT_TRANSLATE_NOOP("ArticleForm", "Text (Markdown)"),
    "replies": QT_TRANSLATE_NOOP("ArticleForm", "Replies"),
    "actions": QT_TRANSLATE_NOOP("ArticleForm", "Actions"),
    "extra": QT_TRANSLATE_NOOP("ArticleForm", "Other keys"),
    "sets": QT_TRANSLATE_NOOP("ArticleForm", "Synonym sets"),
}
KIND_LABELS = {
    "difficult-case": QT_TRANSLATE_NOOP("ArticleForm", "Difficult case"),
    "product": QT_TRANSLATE_NOOP("ArticleForm", "Product"),
    "procedure": QT_TRANSLATE_NOOP("ArticleForm", "Procedure"),
}
LANG_LABELS = {"ru": "Русский", "en": "English"}


def field_label(field: str) -> str:
    name = field.split("[", 1)[0]
    return QCoreApplication.translate("ArticleForm", FIELD_LABELS.get(name, name))


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class ArticleForm(QWidget):
    """Edits one article; :attr:`edited` on every change the editor makes."""

    edited = pyqtSignal()
    rename_requested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._extra: dict[str, Any] = {}
        self.slug = QLineEdit()
        self.slug.setAccessibleName(self.tr("Slug"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.setToolTip(self.tr("Operators' links and notes use the slug: rename "
                                              "only on purpose"))
        self.rename_button.clicked.connect(self.unlock_slug)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.lang = QComboBox()
        self.lang.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for lang in LANGS:
            self.lang.addItem(LANG_LABELS[lang], lang)
        self.title = QLineEdit()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.synonyms = QLineEdit()
        self.synonyms.setPlaceholderText(self.tr("other words callers use, comma-separated"))
        self.body = QPlainTextEdit()
        self.body.setObjectName("markdownBody")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(180)
        self.highlighter = MarkdownHighlighter(self.body.document())
        self.replies = RepliesEditor()
        self.action_list = ActionsEditor()
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.setMaximumHeight(110)
        self.problems.itemActivated.connect(self.on_problem_activated)
        self.problems.itemClicked.connect(self.on_problem_activated)
        self.state = QLabel()
        self.state.setObjectName("draftState")
        self.state.setWordWrap(True)

        slug_row = QHBoxLayout()
        slug_row.addWidget(self.slug, 1)
        slug_row.addWidget(self.rename_button)
        top = QHBoxLayout()
        top.addWidget(self.kind, 1)
        top.addWidget(self.lang, 0)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Slug"), slug_row)
        form.addRow(self.tr("Kind, language"), top)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Synonyms"), self.synonyms)
        self._fields: dict[str, QWidget] = {
            "slug": self.slug, "kind": self.kind, "lang": self.lang, "title": self.title,
            "tags": self.tags, "synonyms": self.synonyms, "body": self.body,
            "replies": self.replies, "actions": self.action_list}
        for name, widget in self._fields.items():
            widget.setAccessibleName(field_label(name))
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(form)
        for name, widget in (("body", self.body), ("replies", self.replies),
                             ("actions", self.action_list)):
            heading = QLabel(field_label(name))
            heading.setObjectName("sectionHeading")
            layout.addWidget(heading)
            layout.addWidget(widget, 2 if name == "body" else 0)
        heading = QLabel(self.tr("Problems"))
        heading.setObjectName("sectionHeading")
        layout.addWidget(heading)
        layout.addWidget(self.problems)

        for line in (self.slug, self.title, self.tags, self.synonyms):
            line.textEdited.connect(self._changed)
        for combo in (self.kind, self.lang):
            combo.currentIndexChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.replies.changed.connect(self._changed)
        self.action_list.changed.connect(self._changed)

    def set_floor(self, departments: list[tuple[str, str]], prompts: list[str]) -> None:
        self.action_list.departments = departments
        self.action_list.prompts = prompts

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def load(self, data: ArticleData, *, published: bool) -> None:
        """Show ``data``; a published article's slug is locked until *Rename…*."""
        self._loading = True
        try:
            full = {**blank_article(), **data}
            self._extra = copy.deepcopy(full.get("extra") or {})
            self.slug.setText(full["slug"])
            self.slug.setReadOnly(published)
            self.rename_button.setVisible(published)
            self.kind.setCurrentIndex(max(0, self.kind.findData(full["kind"])))
            self.lang.setCurrentIndex(max(0, self.lang.findData(full["lang"])))
            self.lang.setEnabled(not published)
            self.title.setText(full["title"])
            self.tags.setText(", ".join(full["tags"]))
            self.synonyms.setText(", ".join(full["synonyms"]))
            if self.body.toPlainText() != full["body"]:
                self.body.setPlainText(full["body"])
                self.body.document().clearUndoRedoStacks()  # type: ignore[union-attr]
            self.replies.set_values(list(full["replies"]))
            self.action_list.set_values(list(full["actions"]))
        finally:
            self._loading = False

    def unlock_slug(self) -> None:
        self.slug.setReadOnly(False)
        self.rename_button.setVisible(False)
        self.slug.setFocus()
        self.slug.selectAll()

    def data(self) -> ArticleData:
        return {
            "slug": self.slug.text().strip(), "kind": self.kind.currentData(),
            "lang": self.lang.currentData(), "title": self.title.text(),
            "body": self.body.toPlainText(), "tags": split_list(self.tags.text()),
            "synonyms": split_list(self.synonyms.text()), "replies": self.replies.values(),
            "actions": self.action_list.values(), "extra": copy.deepcopy(self._extra),
        }

    # -- problems ------------------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.clear()
        bad = {p.field.split("[", 1)[0] for p in problems if p.severity == ERROR}
        for name, widget in self._fields.items():
            if bool(widget.property("invalid")) != (name in bad):
                widget.setProperty("invalid", name in bad)
                repolish(widget)
        style = self.style()
        for problem in problems:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if problem.severity == ERROR
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            item = QListWidgetItem(f"{field_label(problem.field)}: {problem.message}")
            if style is not None:
                item.setIcon(style.standardIcon(icon))
            item.setData(257, problem.severity)
            item.setData(256, problem.field)
            item.setToolTip(problem.message)
            self.problems.addItem(item)

    def on_problem_activated(self, item: QListWidgetItem) -> None:
        self.focus_field(str(item.data(256)))

    def focus_field(self, field: str) -> None:
        match = _FIELD_RE.match(field)
        if match is None:
            return
        name, index = match.group(1), match.group(2)
        widget: QWidget | None = self._fields.get(name)
        if name == "replies" and index is not None:
            widget = self.replies.reply_edit(int(index)) or widget
        elif name == "actions" and index is not None and int(index) < len(self.action_list.rows):
            widget = self.action_list.inner(self.action_list.rows[int(index)])
        if widget is not None:
            widget.setFocus()

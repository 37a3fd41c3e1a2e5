"""The list fields of an article: replies (with placeholders highlighted and unknown ones
flagged) and actions (picked from the known vocabulary, with their parameters).

Thread rule: GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent.editor.rules import KNOWN_PLACEHOLDERS, unknown_placeholders
from agent.ui.editor.highlight import PlaceholderHighlighter
from kb.model import ACTION_TYPES

DEPARTMENT_ACTIONS = ("transfer", "consult")


def _tool(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


class _Rows(QWidget):
    """A column of rows with ↑ ↓ ✕ buttons and an *Add* button; emits :attr:`changed`."""

    changed = pyqtSignal()

    def __init__(self, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QWidget] = []
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._column)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def make_row(self, value: Any) -> QWidget:
        raise NotImplementedError

    def row_value(self, row: QWidget) -> Any:
        raise NotImplementedError

    def add_row(self, value: Any = None, *, focus: bool = False) -> QWidget:
        row = self.make_row(value)
        frame = QFrame()
        frame.setObjectName("editorRow")
        line = QHBoxLayout(frame)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(row, 1)
        for text, tip, step in (("↑", self.tr("Move up"), -1), ("↓", self.tr("Move down"), 1)):
            button = _tool(text, tip)
            button.clicked.connect(lambda _c=False, f=frame, s=step: self.move_row(f, s))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        remove = _tool("✕", self.tr("Remove"))
        remove.clicked.connect(lambda _c=False, f=frame: self.remove(f))
        line.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        frame.setProperty("row", row)
        self.rows.append(frame)
        self._column.addWidget(frame)
        if focus:
            row.setFocus()
            self.changed.emit()
        return row

    def inner(self, frame: QWidget) -> QWidget:
        row = frame.property("row")
        assert isinstance(row, QWidget)
        return row

    def move_row(self, frame: QWidget, step: int) -> None:
        index = self.rows.index(frame)
        target = index + step
        if 0 <= target < len(self.rows):
            self.rows.insert(target, self.rows.pop(index))
            self._column.removeWidget(frame)
            self._column.insertWidget(target, frame)
            self.changed.emit()

    def remove(self, frame: QWidget) -> None:
        self.rows.remove(frame)
        self._column.removeWidget(frame)
        frame.deleteLater()
        self.changed.emit()

    def set_values(self, values: list[Any]) -> None:
        for frame in list(self.rows):
            self._column.removeWidget(frame)
            frame.deleteLater()
        self.rows = []
        for value in values:
            self.add_row(value)

    def values(self) -> list[Any]:
        return [self.row_value(self.inner(f)) for f in self.rows]


class ReplyRow(QWidget):
    """One reply: a short plain-text editor with placeholders highlighted, and a flag line."""

    edited = pyqtSignal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit(text)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(52)
        self.edit.setAccessibleName(self.tr("Reply"))
        self.highlighter = PlaceholderHighlighter(self.edit.document())
        self.flag = QLabel()
        self.flag.setObjectName("problemText")
        self.flag.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.flag)
        self.edit.textChanged.connect(self.on_text_changed)
        self.on_text_changed()

    def text(self) -> str:
        return self.edit.toPlainText()

    def setFocus(self) -> None:  # type: ignore[override]
        self.edit.setFocus()

    def on_text_changed(self) -> None:
        unknown = unknown_placeholders(self.text())
        self.flag.setVisible(bool(unknown))
        if unknown:
            self.flag.setText(self.tr("Unknown placeholder: %1. Known: %2").replace(
                "%1", ", ".join("{" + u + "}" for u in unknown)).replace(
                "%2", ", ".join("{" + k + "}" for k in KNOWN_PLACEHOLDERS)))
        self.edited.emit()


class RepliesEditor(_Rows):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add reply"), parent)

    def make_row(self, value: Any) -> QWidget:
        row = ReplyRow(str(value or ""))
        row.edited.connect(self.changed)
        return row

    def row_value(self, row: QWidget) -> Any:
        assert isinstance(row, ReplyRow)
        return row.text()

    def reply_edit(self, index: int) -> QPlainTextEdit | None:
        if 0 <= index < len(self.rows):
            row = self.inner(self.rows[index])
            return row.edit if isinstance(row, ReplyRow) else None
        return None


class ActionRow(QWidget):
    """One action: its type from the vocabulary, then only the parameters that type takes."""

    edited = pyqtSignal()

    def __init__(self, action: dict[str, Any], departments: list[tuple[str, str]],
                 prompts: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.extra = {k: v for k, v in action.items()
                      if k not in ("type", "target", "prompt", "hangup_after", "label")}
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Action"))
        for kind in ACTION_TYPES:
            self.kind.addItem(action_name(kind), kind)
        self.target = QComboBox()
        self.target.setAccessibleName(self.tr("Department"))
        for key, label in departments:
            self.target.addItem(label, key)
        self.prompt = QComboBox()
        self.prompt.setAccessibleName(self.tr("Recording"))
        for name in prompts:
            self.prompt.addItem(name, name)
        self.hangup_after = QCheckBox(self.tr("then hang up"))
        self.label = QLineEdit(str(action.get("label") or ""))
        self.label.setPlaceholderText(self.tr("Button text"))
        self.label.setAccessibleName(self.tr("Button text"))
        for combo in (self.kind, self.target, self.prompt):  # narrow columns still fit
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.label.setMinimumWidth(60)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.target, self.prompt, self.hangup_after):
            layout.addWidget(widget)
        layout.addWidget(self.label, 1)
        self.kind.setCurrentIndex(max(0, self.kind.findData(action.get("type", "hold"))))
        _select(self.target, action.get("target"))
        _select(self.prompt, action.get("prompt"))
        self.hangup_after.setChecked(bool(action.get("hangup_after")))
        self.kind.currentIndexChanged.connect(self.on_kind_changed)
        self.target.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.prompt.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.hangup_after.toggled.connect(lambda _b: self.edited.emit())
        self.label.textEdited.connect(lambda _t: self.edited.emit())
        self.on_kind_changed()

    def on_kind_changed(self, *_args: object) -> None:
        kind = self.kind.currentData()
        self.target.setVisible(kind in DEPARTMENT_ACTIONS)
        self.prompt.setVisible(kind == "play-prompt")
        self.hangup_after.setVisible(kind == "play-prompt")
        self.edited.emit()

    def setFocus(self) -> None:  # type: ignore[override]
        self.kind.setFocus()

    def value(self) -> dict[str, Any]:
        kind = str(self.kind.currentData())
        action: dict[str, Any] = {"type": kind, **self.extra}
        if kind in DEPARTMENT_ACTIONS and self.target.currentData() is not None:
            action["target"] = self.target.currentData()
        if kind == "play-prompt":
            if self.prompt.currentData() is not None:
                action["prompt"] = self.prompt.currentData()
            if self.hangup_after.isChecked():
                action["hangup_after"] = True
        if self.label.text().strip():
            action["label"] = self.label.text().strip()
        return action


def _select(combo: QComboBox, value: Any) -> None:
    if value is None:
        return
    index = combo.findData(value)
    if index < 0:  # keep what the article says, even if this floor does not know it
        combo.addItem(f"{value} (?)", value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class ActionsEditor(_Rows):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add action"), parent)
        self.departments: list[tuple[str, str]] = []
        self.prompts: list[str] = []

    def make_row(self, value: Any) -> QWidget:
        row = ActionRow(dict(value or {"type": "hold"}), self.departments, self.prompts)
        row.edited.connect(self.changed)
        return row

    def row_value(self, row: QWidget) -> Any:
        assert isinstance(row, ActionRow)
        return row.value()


def action_name(kind: str) -> str:
    return QCoreApplication.translate("ActionNames", _ACTION_NAMES.get(kind, kind))


_ACTION_NAMES = {
    "hold": QT_TRANSLATE_NOOP("ActionNames", "Hold"),
    "transfer": QT_TRANSLATE_NOOP("ActionNames", "Transfer to a department"),
    "consult": QT_TRANSLATE_NOOP("ActionNames", "Consult a department first"),
    "play-prompt": QT_TRANSLATE_NOOP("ActionNames", "Play a recording"),
    "complaint": QT_TRANSLATE_NOOP("ActionNames", "Complaint form"),
    "callback": QT_TRANSLATE_NOOP("ActionNames", "Schedule a callback"),
    "alert-supervisor": QT_TRANSLATE_NOOP("ActionNames", "Alert the supervisor"),
    "hangup": QT_TRANSLATE_NOOP("ActionNames", "Hang up"),
}

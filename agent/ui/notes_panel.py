"""The note of the current call: caller name, text, wrap-up code, complaint, callback, articles.

Every change is saved (debounced, at most :data:`SAVE_DELAY_MS` later) through the notes
executor; the caller's name goes to the note's ``caller_name`` field. Thread rule: GUI thread only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QDateTime, Qt, QTimer
from PyQt6.QtGui import QTextCursor
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agent.notes.model import MAX_CALLER_NAME
from agent.phone.protocol import Direction
from agent.ui.call_notes import CallNotes, NoteSession
from agent.ui.content import breakable, isolate, one_line
from agent.ui.notes_service import NotesService
from agent.ui.widgets import plain_label

SAVE_DELAY_MS = 250
COMPLETE_SHORTCUT = "Ctrl+Return"


def wrap_up_codes() -> list[tuple[str, str]]:
    """(code, translated label); the code is what the note stores."""
    from PyQt6.QtCore import QCoreApplication

    return [
        ("", QCoreApplication.translate("WrapUp", "— choose —")),
        ("resolved", QCoreApplication.translate("WrapUp", "Resolved")),
        ("information", QCoreApplication.translate("WrapUp", "Information given")),
        ("complaint", QCoreApplication.translate("WrapUp", "Complaint registered")),
        ("callback", QCoreApplication.translate("WrapUp", "Callback scheduled")),
        ("transferred", QCoreApplication.translate("WrapUp", "Transferred")),
        ("emergency", QCoreApplication.translate("WrapUp", "Sent to emergency services")),
        ("dropped", QCoreApplication.translate("WrapUp", "Call dropped")),
        ("wrong-number", QCoreApplication.translate("WrapUp", "Wrong number")),
        ("spam", QCoreApplication.translate("WrapUp", "Sales offer / spam")),
        ("missed", QCoreApplication.translate("WrapUp", "Missed")),
        ("refused", QCoreApplication.translate("WrapUp", "Turned away")),
        ("no-answer", QCoreApplication.translate("WrapUp", "No answer")),
    ]


def sync_text(state: str) -> str:
    from PyQt6.QtCore import QCoreApplication

    texts = {
        "pending": QCoreApplication.translate("Sync", "Not yet synced"),
        "synced": QCoreApplication.translate("Sync", "Synced"),
        "failed": QCoreApplication.translate("Sync", "Sync failed"),
        "quarantined": QCoreApplication.translate("Sync", "Not sent: correct the note"),
    }
    return texts.get(state, state)


class NotesPanel(QWidget):
    """Edits the note :class:`CallNotes` binds; opens its forms and adds lines on request."""

    def __init__(self, call_notes: CallNotes, notes: NotesService,
                 requires_wrap_up: Callable[[], bool] = lambda: False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call_notes = call_notes
        self.notes = notes
        self.requires_wrap_up = requires_wrap_up  # the site's rule, read when completing
        self.session: NoteSession | None = None
        self._dirty: set[str] = set()
        self._loading = False

        self.header = plain_label(self.tr("No call yet. The note of the next call appears here."),
                                  wrap=True)
        self.header.setObjectName("noteHeader")
        self.save_state = plain_label()
        self.save_state.setObjectName("saveState")

        self.caller_name = QLineEdit()
        self.caller_name.setAccessibleName(self.tr("Caller's name"))
        self.caller_name.setPlaceholderText(self.tr("How the caller introduced themselves"))
        self.caller_name.setMaxLength(MAX_CALLER_NAME)
        self.wrap_up = QComboBox()
        self.wrap_up.setAccessibleName(self.tr("Wrap-up code"))
        for code, label in wrap_up_codes():
            self.wrap_up.addItem(label, code)
        # Long labels must not widen the side panel.
        self.wrap_up.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.wrap_up.setMinimumContentsLength(14)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Note text"))
        self.text.setPlaceholderText(self.tr("What the caller wanted, what was agreed…"))
        self.text.setTabChangesFocus(True)

        self.complaint_box = QCheckBox(self.tr("Complaint"))
        self.complaint_box.setObjectName("formToggle")
        self.complaint_form = QFrame()
        self.complaint_form.setObjectName("subForm")
        self.complaint_subject = QLineEdit()
        self.complaint_subject.setAccessibleName(self.tr("Complaint subject"))
        self.complaint_details = QPlainTextEdit()
        self.complaint_details.setAccessibleName(self.tr("Complaint details"))
        self.complaint_details.setTabChangesFocus(True)
        self.complaint_details.setFixedHeight(64)
        self.complaint_contact = QLineEdit()
        self.complaint_contact.setAccessibleName(self.tr("Contact for the answer"))
        self.complaint_contact.setPlaceholderText(self.tr("Phone or e-mail for the answer"))
        complaint_form = QFormLayout(self.complaint_form)
        complaint_form.addRow(self.tr("Subject:"), self.complaint_subject)
        complaint_form.addRow(self.tr("Details:"), self.complaint_details)
        complaint_form.addRow(self.tr("Answer to:"), self.complaint_contact)

        self.callback_box = QCheckBox(self.tr("Callback"))
        self.callback_box.setObjectName("formToggle")
        self.callback_form = QFrame()
        self.callback_form.setObjectName("subForm")
        self.callback_number = QLineEdit()
        self.callback_number.setAccessibleName(self.tr("Callback number"))
        self.callback_when = QDateTimeEdit()
        self.callback_when.setAccessibleName(self.tr("Callback time"))
        self.callback_when.setCalendarPopup(True)
        self.callback_when.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.callback_comment = QLineEdit()
        self.callback_comment.setAccessibleName(self.tr("Callback comment"))
        callback_form = QFormLayout(self.callback_form)
        callback_form.addRow(self.tr("Number:"), self.callback_number)
        callback_form.addRow(self.tr("When:"), self.callback_when)
        callback_form.addRow(self.tr("Comment:"), self.callback_comment)

        self.articles = plain_label(wrap=True)
        self.articles.setObjectName("articlesUsed")
        self.complete_button = QPushButton(self.tr("Complete note"))
        self.complete_button.setObjectName("completeButton")
        self.complete_button.setToolTip(
            self.tr("Finish the note and end the wrap-up (%1)").replace("%1", COMPLETE_SHORTCUT))
        self.complete_button.clicked.connect(self.on_complete_clicked)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label_text, field in ((self.tr("Caller &name:"), self.caller_name),
                                  (self.tr("&Wrap-up:"), self.wrap_up)):
            buddy = QLabel(label_text)
            buddy.setBuddy(field)
            form.addRow(buddy, field)
        text_label = QLabel(self.tr("N&ote:"))
        text_label.setBuddy(self.text)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(form)
        body_layout.addWidget(text_label)
        body_layout.addWidget(self.text, 1)
        body_layout.addWidget(self.complaint_box)
        body_layout.addWidget(self.complaint_form)
        body_layout.addWidget(self.callback_box)
        body_layout.addWidget(self.callback_form)
        body_layout.addWidget(self.articles)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body = body

        bottom = QHBoxLayout()
        bottom.addWidget(self.save_state, 1)
        bottom.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)

        self.caller_name.textEdited.connect(self.on_caller_name_edited)
        self.wrap_up.currentIndexChanged.connect(lambda _i: self.mark_dirty("wrap_up_code"))
        self.text.textChanged.connect(lambda: self.mark_dirty("text"))
        for widget in (self.complaint_subject, self.complaint_contact):
            widget.textEdited.connect(lambda _t: self.mark_dirty("complaint"))
        self.complaint_details.textChanged.connect(lambda: self.mark_dirty("complaint"))
        self.complaint_box.toggled.connect(lambda _on: self.mark_dirty("complaint"))
        for widget in (self.callback_number, self.callback_comment):
            widget.textEdited.connect(lambda _t: self.mark_dirty("callback"))
        self.callback_when.dateTimeChanged.connect(lambda _d: self.mark_dirty("callback"))
        self.callback_box.toggled.connect(lambda _on: self.mark_dirty("callback"))

        # An unticked form folds away.
        self.complaint_box.toggled.connect(self.complaint_form.setVisible)
        self.callback_box.toggled.connect(self.callback_form.setVisible)
        self.complaint_form.setVisible(False)
        self.callback_form.setVisible(False)

        call_notes.session_bound.connect(self.bind)
        call_notes.session_changed.connect(self.on_session_changed)
        call_notes.form_requested.connect(self.open_form)
        call_notes.line_requested.connect(self.append_line)
        call_notes.wrap_up_suggested.connect(self.suggest_wrap_up)
        notes.note_saved.connect(self.on_note_saved)
        notes.save_failed.connect(self.on_save_failed)
        self.bind(None)

    # ------------------------------------------------------------------ binding

    def bind(self, session: NoteSession | None) -> None:
        self.flush()
        self.session = session
        self._loading = True
        try:
            self.body.setEnabled(session is not None)
            self.complete_button.setEnabled(session is not None and not session.completed)
            if session is None:
                self.caller_name.clear()
                self.text.clear()
                self.wrap_up.setCurrentIndex(0)
                self.complaint_box.setChecked(False)
                self.callback_box.setChecked(False)
                self.save_state.clear()
            else:
                self.caller_name.setText(session.caller_name)
                self.text.setPlainText(session.text)
                index = self.wrap_up.findData(session.wrap_up_code)
                self.wrap_up.setCurrentIndex(max(index, 0))
                self._load_complaint(session.complaint)
                self._load_callback(session)
                self.save_state.setText(sync_text(session.sync_state))
            self.on_session_changed(session)
        finally:
            self._loading = False

    def _load_complaint(self, complaint: dict[str, Any]) -> None:
        self.complaint_box.setChecked(bool(complaint))
        self.complaint_subject.setText(str(complaint.get("subject", "")))
        self.complaint_details.setPlainText(str(complaint.get("details", "")))
        self.complaint_contact.setText(str(complaint.get("contact", "")))

    def _load_callback(self, session: NoteSession) -> None:
        callback = session.callback
        self.callback_box.setChecked(bool(callback))
        self.callback_number.setText(str(callback.get("number") or session.number))
        when = callback.get("at")
        self.callback_when.setDateTime(
            QDateTime.fromSecsSinceEpoch(int(when)) if when
            else QDateTime.currentDateTime().addSecs(3600))
        self.callback_comment.setText(str(callback.get("comment", "")))

    def on_session_changed(self, session: NoteSession | None) -> None:
        if session is not self.session:
            return
        if session is None:
            self.header.setText(self.tr("No call yet. The note of the next call appears here."))
            self.articles.clear()
            return
        direction = self.tr("outgoing") if session.direction == Direction.OUT else \
            self.tr("incoming")
        started = time.strftime("%H:%M", time.localtime(session.started_at))
        header = self.tr("Call with %1, %2, %3").replace(
            "%1", isolate(breakable(one_line(session.number, 80)))).replace(
            "%2", direction).replace("%3", started)
        if session.ended_at:
            header += " · " + self.tr("ended")
        self.header.setText(header)
        if session.articles:
            titles = ", ".join(isolate(breakable(one_line(self.call_notes.article_title(s), 120)))
                               for s in session.articles)
            self.articles.setText(self.tr("Articles used: %1").replace("%1", titles))
        else:
            self.articles.setText(self.tr("Articles used: none yet"))
        self.complete_button.setEnabled(not session.completed)
        self.save_state.setText(sync_text(session.sync_state))

    # ------------------------------------------------------------------ editing

    def on_caller_name_edited(self, text: str) -> None:
        if self.session is not None:
            self.call_notes.set_caller_name(text.strip())
        self.mark_dirty("caller_name")

    def mark_dirty(self, name: str) -> None:
        if self._loading or self.session is None:
            return
        self._dirty.add(name)
        self.save_state.setText(self.tr("Saving…"))
        self._save_timer.start()

    def collect(self) -> dict[str, Any]:
        """The dirty fields as the store wants them."""
        session = self.session
        assert session is not None
        session.text = self.text.toPlainText()
        session.wrap_up_code = str(self.wrap_up.currentData() or "")
        session.caller_name = self.caller_name.text().strip()
        # The forms keep only what is their own (the contact for the answer is not necessarily
        # the caller); the caller's name is a field of the note.
        if self.complaint_box.isChecked():
            session.complaint = {"subject": self.complaint_subject.text().strip(),
                                 "details": self.complaint_details.toPlainText().strip(),
                                 "contact": self.complaint_contact.text().strip()}
        else:
            session.complaint = {}
        if self.callback_box.isChecked():
            session.callback = {"number": self.callback_number.text().strip(),
                                "at": self.callback_when.dateTime().toSecsSinceEpoch(),
                                "comment": self.callback_comment.text().strip()}
        else:
            session.callback = {}
        return {dirty: getattr(session, dirty) for dirty in self._dirty}

    def flush(self) -> None:
        """Queue the pending changes now (before a rebind, on completion, on exit)."""
        self._save_timer.stop()
        if self.session is None or not self._dirty:
            return
        fields = self.collect()
        self._dirty.clear()
        self.notes.update(self.session.uuid, **fields)
        if "callback" in fields:
            self.call_notes.callback_changed.emit()

    def on_note_saved(self, note: Any) -> None:
        if self.session is not None and note.uuid == self.session.uuid and not self._dirty:
            self.save_state.setText(self.tr("Saved") + " · " + sync_text(note.sync_state))

    def on_save_failed(self, note_uuid: str, message: str) -> None:
        if self.session is not None and note_uuid == self.session.uuid:
            self.save_state.setText(self.tr("Not saved: %1").replace("%1", one_line(message, 200)))

    def on_complete_clicked(self) -> None:
        session = self.session
        if session is None or session.completed:
            return
        if session.answered_at and not self.wrap_up.currentData() and self.requires_wrap_up():
            self.save_state.setText(self.tr("Choose a wrap-up code to complete the note."))
            # A shortcut's reason keeps the focus frame drawn (Qt hides it after "other" moves).
            self.wrap_up.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self._dirty.update({"text", "wrap_up_code"})
        self.flush()
        self.call_notes.complete(session)
        self.complete_button.setEnabled(False)

    # ------------------------------------------------------------------ from KB actions

    def open_form(self, form: str) -> None:
        if form == "complaint":
            self.open_complaint()
        elif form == "callback":
            self.open_callback()

    def open_complaint(self) -> None:
        if self.session is None:
            return
        self.complaint_box.setChecked(True)
        if self.wrap_up.currentData() in ("", None):
            self.wrap_up.setCurrentIndex(self.wrap_up.findData("complaint"))
        self.complaint_subject.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_callback(self) -> None:
        if self.session is None:
            return
        self.callback_box.setChecked(True)
        if self.wrap_up.currentData() in ("", None):
            self.wrap_up.setCurrentIndex(self.wrap_up.findData("callback"))
        self.callback_when.setFocus(Qt.FocusReason.OtherFocusReason)

    def append_line(self, line: str) -> None:
        if self.session is None:
            return
        text = self.text.toPlainText()
        self.text.setPlainText(f"{text}\n{line}" if text.strip() else line)

    def suggest_wrap_up(self, code: str) -> None:
        if self.session is not None and self.wrap_up.currentData() in ("", None):
            self.wrap_up.setCurrentIndex(max(self.wrap_up.findData(code), 0))

    def focus_note(self) -> None:
        """F4: the note's text, ready to add to it: coming from elsewhere, the cursor goes to
        the end (after what the desk wrote there, e.g. where the call was transferred)."""
        if not self.text.hasFocus():
            self.text.moveCursor(QTextCursor.MoveOperation.End)
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

"""The call panel: dial field and pad, the lines list, the call buttons with shortcuts, and the
transfer dialog.

Thread rule: GUI thread only; every button sends a command to the engine and returns at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QEvent, QItemSelectionModel, QObject, QStringListModel, Qt, QTimer
from PyQt6.QtGui import QKeyEvent, QKeySequence
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent.phone.protocol import Call, CallState, Direction, Problem
from agent.ui.actions import ActionExecutor, department_label
from agent.ui.content import isolate, one_line
from agent.ui.lines_model import LinesModel
from agent.ui.phone_state import PhoneState, call_label
from agent.ui.placeholders import normalize_dial_text
from agent.ui.problems import problem_text
from agent.ui.settings_service import SettingsService
from agent.ui.widgets import EmptyHint, MessageLabel, plain_label, present, repolish

DIAL_PAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")

# Shortcuts of the call controls; tooltips name them.
SHORTCUTS = {
    "answer": "F9",
    "reject": "Shift+F9",
    "hold": "F6",
    "mute": "F7",
    "transfer": "F8",
    "hangup": "F10",
    "dial": "Ctrl+D",
    "complete_transfer": "Ctrl+F8",
    "cancel_consult": "Shift+F8",
    "redial": "Ctrl+R",
    "swap": "Shift+F6",
    "conference": "Ctrl+F6",
    "dnd": "Ctrl+F12",
}
RECENT_NUMBERS = 20  # numbers the dial field offers (Down opens the list)


LABEL_ROLE = Qt.ItemDataRole.UserRole + 1  # a department row's name, without its number


class TransferDialog(QDialog):
    """Pick a department from the site directory or type a number; blind or consultative."""

    def __init__(self, departments: list[dict[str, Any]], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer the call"))
        self.consultative = False
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Departments"))
        for department in departments:
            number = str(department.get("number") or "")
            text = department_label(department, language)
            # A department without a number says so in its row (greyed, it cannot be
            # chosen; a tooltip alone reached neither the keyboard nor a glance).
            item = QListWidgetItem(f"{text}  —  {number}" if number else
                                   f"{text}  —  {self.tr('no number set')}")
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setData(LABEL_ROLE, text)
            if not number:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("No number is configured for this department"))
            self.list.addItem(item)
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("Number or SIP URI; typing filters the list"))
        self.target.setAccessibleName(self.tr("Transfer target"))
        self.list.currentItemChanged.connect(self.on_department_chosen)
        self.target.textEdited.connect(self.filter_departments)  # typing narrows the list
        self.list.itemActivated.connect(lambda _item: self.on_blind())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.blind_button = present(buttons.addButton(self.tr("&Blind transfer"),
                                                      QDialogButtonBox.ButtonRole.AcceptRole))
        self.consult_button = present(buttons.addButton(self.tr("&Consult first"),
                                                        QDialogButtonBox.ButtonRole.ActionRole))
        self.blind_button.clicked.connect(self.on_blind)
        self.consult_button.clicked.connect(self.on_consult)
        buttons.rejected.connect(self.reject)
        self.message = plain_label()
        self.message.setObjectName("callMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.target.textEdited.connect(lambda _text: self.message.setVisible(False))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&Target:"))
        label.setBuddy(self.target)
        layout.addWidget(label)
        layout.addWidget(self.target)
        layout.addWidget(QLabel(self.tr("Department:")))
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.target.setFocus()
        self.resize(420, 380)

    def filter_departments(self, text: str) -> None:
        """Show the departments whose name or number contains ``text`` (any case)."""
        wanted = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None:
                item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def on_department_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.target.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _left_by_words(self) -> list[QListWidgetItem]:
        """The departments typed words (no digit, no ``@``) left in the list."""
        text = normalize_dial_text(self.target.text())
        if not text or any(c.isdigit() or c == "@" for c in text):
            return []
        items = [present(self.list.item(r)) for r in range(self.list.count())]
        return [i for i in items if not i.isHidden()]

    def target_uri(self) -> str:
        """The typed number or address; typed words that leave one department with a number
        in the list stand for that number."""
        numbered = [i for i in self._left_by_words() if i.data(Qt.ItemDataRole.UserRole)]
        if len(numbered) == 1:
            return str(numbered[0].data(Qt.ItemDataRole.UserRole))
        return normalize_dial_text(self.target.text())

    def refused(self) -> bool:
        """Typed words that leave only departments without a number are no target (they used
        to go to the PBX as an address): say so and keep the dialog open."""
        left = self._left_by_words()
        if not left or any(i.data(Qt.ItemDataRole.UserRole) for i in left):
            return False
        names = "”, “".join(str(i.data(LABEL_ROLE)) for i in left[:3])
        self.message.setText(self.tr("No number is set for “%1”. Ask IT to fill the "
                                     "department directory.").replace("%1", names))
        self.message.setVisible(True)
        return True

    def on_blind(self) -> None:
        if self.target_uri() and not self.refused():
            self.consultative = False
            self.accept()

    def on_consult(self) -> None:
        if self.target_uri() and not self.refused():
            self.consultative = True
            self.accept()


class CallPanel(QWidget):
    """Dial, see the lines, and drive the selected (or current) call."""

    def __init__(self, phone: PhoneState, actions: ActionExecutor, settings: SettingsService,
                 clock: QTimer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.call_actions = actions
        self.settings = settings
        self.transfer_dialog: TransferDialog | None = None
        self.setObjectName("callPanel")

        self.dial_field = QLineEdit()
        self.dial_field.setPlaceholderText(self.tr("Number or SIP URI"))
        self.dial_field.setAccessibleName(self.tr("Number to dial"))
        self.dial_field.setToolTip(self.tr("Number or SIP URI to dial (%1)").replace(
            "%1", SHORTCUTS["dial"]))
        self.dial_field.setClearButtonEnabled(True)
        self.dial_field.returnPressed.connect(self.on_dial_clicked)
        self.dial_field.installEventFilter(self)
        # The numbers of this session's calls, newest first: offered as the operator types,
        # all of them on Down; the first one is what Redial calls.
        self.recent: list[str] = []
        self.recent_model = QStringListModel(self)
        completer = QCompleter(self.recent_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.dial_field.setCompleter(completer)
        self.dial_button = QPushButton(self.tr("Dial"))
        self.dial_button.setAccessibleName(self.tr("Dial"))
        self.dial_button.clicked.connect(self.on_dial_clicked)
        self.pad_button = QToolButton()
        self.pad_button.setText(self.tr("Pad"))
        self.pad_button.setCheckable(True)
        self.pad_button.setToolTip(self.tr("Show the dial pad (digits become DTMF during a call)"))
        self.pad_button.setAccessibleName(self.tr("Dial pad"))

        dial_row = QHBoxLayout()
        dial_row.addWidget(self.dial_field, 1)
        dial_row.addWidget(self.dial_button)
        dial_row.addWidget(self.pad_button)

        self.pad = QWidget()
        pad_layout = QGridLayout(self.pad)
        pad_layout.setContentsMargins(0, 0, 0, 0)
        pad_layout.setSpacing(4)
        self.pad_buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(DIAL_PAD_KEYS):
            button = QPushButton(key)
            button.setAccessibleName(self.tr("Key %1").replace("%1", key))
            button.setMinimumHeight(32)
            button.clicked.connect(lambda _checked=False, k=key: self.on_pad_key(k))
            pad_layout.addWidget(button, index // 3, index % 3)
            self.pad_buttons[key] = button
        self.pad.setVisible(False)
        self.pad_button.toggled.connect(self.pad.setVisible)

        self.model = LinesModel(phone)
        self.lines = QTableView()
        self.lines.setModel(self.model)
        self.lines_hint = EmptyHint(self.lines, self.tr(
            "No calls. %1 dials a number; a ringing call appears here.").replace(
            "%1", QKeySequence(SHORTCUTS["dial"]).toString(
                QKeySequence.SequenceFormat.NativeText)))
        self.lines.setAccessibleName(self.tr("Phone lines"))
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setTabKeyNavigation(False)  # Tab leaves the table; arrows choose the line
        present(self.lines.verticalHeader()).setVisible(False)
        self.lines.setShowGrid(False)
        self.lines.setAlternatingRowColors(True)
        header = present(self.lines.horizontalHeader())
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.lines.setMinimumHeight(110)
        self.lines.doubleClicked.connect(lambda _index: self.on_answer_clicked())
        selection = present(self.lines.selectionModel())
        selection.selectionChanged.connect(lambda *_: self.update_buttons())
        self.model.modelReset.connect(self.on_lines_reset)
        self._selected_call: int | None = None
        self._in_conference = False  # the last conference state said in the message line

        self.answer_button = self._button(self.tr("Answer"), "answer", self.on_answer_clicked)
        self.answer_button.setObjectName("answerButton")
        self.reject_button = self._button(self.tr("Reject"), "reject", self.on_reject_clicked)
        self.hold_button = self._button(self.tr("Hold"), "hold", self.on_hold_clicked)
        self.mute_button = self._button(self.tr("Mute"), "mute", self.on_mute_clicked)
        self.mute_button.setCheckable(True)
        self.mute_button.setObjectName("muteButton")
        self.transfer_button = self._button(self.tr("Transfer…"), "transfer",
                                            self.on_transfer_clicked)
        self.hangup_button = self._button(self.tr("Hang up"), "hangup", self.on_hangup_clicked)
        self.hangup_button.setObjectName("hangupButton")
        self.complete_button = self._button(self.tr("Complete transfer"), "complete_transfer",
                                            self.on_complete_clicked)
        self.complete_button.setToolTip(self.tr("Connect the caller to the consulted party (%1)")
                                        .replace("%1", SHORTCUTS["complete_transfer"]))
        self.cancel_consult_button = self._button(self.tr("Back to caller"), "cancel_consult",
                                                  self.on_cancel_consult_clicked)
        self.cancel_consult_button.setToolTip(
            self.tr("End the consultation and resume the held caller (%1)").replace(
                "%1", SHORTCUTS["cancel_consult"]))

        self.swap_button = self._button(self.tr("Swap"), "swap", self.on_swap_clicked)
        self.swap_button.setToolTip(
            self.tr("Hold this caller and talk to the held one (%1)").replace(
                "%1", SHORTCUTS["swap"]))
        self.conference_button = self._button(self.tr("Conference"), "conference",
                                              self.on_conference_clicked)
        self.conference_button.setToolTip(
            self.tr("Join both calls: the callers hear each other and you (%1)").replace(
                "%1", SHORTCUTS["conference"]))

        grid = QGridLayout()
        grid.setSpacing(4)
        grid.addWidget(self.answer_button, 0, 0)
        grid.addWidget(self.reject_button, 0, 1)
        grid.addWidget(self.hold_button, 1, 0)
        grid.addWidget(self.mute_button, 1, 1)
        grid.addWidget(self.transfer_button, 2, 0)
        grid.addWidget(self.hangup_button, 2, 1)
        grid.addWidget(self.swap_button, 3, 0)
        grid.addWidget(self.conference_button, 3, 1)
        grid.addWidget(self.complete_button, 4, 0)
        grid.addWidget(self.cancel_consult_button, 4, 1)

        self.message = MessageLabel()
        self.message.setObjectName("callMessage")
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        title = QLabel(self.tr("Phone"))
        title.setObjectName("panelTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addLayout(dial_row)
        layout.addWidget(self.pad)
        lines_label = QLabel(self.tr("&Lines"))
        lines_label.setBuddy(self.lines)
        layout.addWidget(lines_label)
        layout.addWidget(self.lines, 1)
        # The message sits above the buttons and takes its height from the lines: a message
        # of three lines appearing must not move Hang up from under the operator's pointer.
        layout.addWidget(self.message)
        layout.addLayout(grid)

        phone.lines_updated.connect(self.update_buttons)
        phone.engine_changed.connect(self.on_engine_changed)
        phone.error_reported.connect(self.on_error_reported)
        actions.transfer_reported.connect(self.on_transfer_reported)
        phone.call_ended.connect(self.on_call_ended)
        clock.timeout.connect(self.model.tick)
        self.update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(f"{text.rstrip('…')} ({QKeySequence(SHORTCUTS[name]).toString()})")
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------ which call

    def target_call(self) -> Call | None:
        """The selected line, else the phone's current call."""
        rows = present(self.lines.selectionModel()).selectedRows()
        if rows:
            call = self.model.call_at(rows[0].row())
            if call is not None:
                return call
        return self.phone.current_call()

    def on_lines_reset(self) -> None:
        if self._selected_call is not None:
            row = self.model.row_of(self._selected_call)
            if row >= 0:
                present(self.lines.selectionModel()).select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def update_buttons(self) -> None:
        rows = present(self.lines.selectionModel()).selectedRows()
        selected = self.model.call_at(rows[0].row()) if rows else None
        self._selected_call = selected.call if selected else None
        call = self.target_call()
        running = self.phone.engine_running
        ringing = self.phone.ringing_calls()
        confirmed = call is not None and call.is_confirmed
        self.dial_button.setEnabled(running)
        self.answer_button.setEnabled(running and bool(ringing))
        self.reject_button.setEnabled(running and bool(ringing))
        pending = call is not None and self.phone.is_media_pending(call.call)
        self.hold_button.setEnabled(running and confirmed and not pending)
        on_hold = call is not None and call.on_local_hold
        self.hold_button.setText(self.tr("Resume") if on_hold else self.tr("Hold"))
        self.hold_button.setAccessibleName(self.hold_button.text())
        self.mute_button.setEnabled(running and confirmed)
        muted = call is not None and call.muted
        self.mute_button.setChecked(muted)
        # Muted is said in words, not only by a pressed look: the caller hears nothing.
        self.mute_button.setText(self.tr("Muted — unmute") if muted else self.tr("Mute"))
        self.transfer_button.setEnabled(running and confirmed)
        self.hangup_button.setEnabled(running and call is not None)
        self._say_conference()
        pair = running and self.phone.can_pair()
        self.swap_button.setEnabled(pair)
        self.conference_button.setEnabled(pair)
        consulting = bool(self.phone.consult_calls())
        self.complete_button.setVisible(consulting)
        self.cancel_consult_button.setVisible(consulting)

    # ------------------------------------------------------------------ handlers

    def on_engine_changed(self, _running: bool, _reason: str) -> None:
        self.update_buttons()

    def on_error_reported(self, message: str) -> None:
        self.on_transfer_reported(one_line(message, 300), False)

    def on_transfer_reported(self, message: str, ok: bool) -> None:
        self.message.setText(message)
        self.message.setProperty("level", "ok" if ok else "error")
        repolish(self.message)

    def on_call_ended(self, call: Call) -> None:
        if call.consult_for is None:
            self.remember(self.callback_target(call))
        if not self.phone.live_calls():
            self.message.clear()  # what it said was about the call that has just ended
        if call.problem is not Problem.NONE:
            self.on_transfer_reported(self.ended_text(call), False)

    def ended_text(self, call: Call) -> str:
        """Why ``call`` failed or was ended, in the operator's words (from its problem code)."""
        why = problem_text(call.problem, call.params, call.reason)
        who = isolate(call_label(call))
        if call.answered is None:
            return self.tr("The call to %1 failed: %2.").replace("%1", who).replace("%2", why)
        return self.tr("The call with %1 was ended: %2.").replace("%1", who).replace("%2", why)

    def callback_target(self, call: Call) -> str:
        """What to dial to reach ``call``'s other party again: the number dialled; for a caller,
        their number through the PBX when there is an account, else their SIP address."""
        uri = call.remote_uri.strip().strip("<>")
        if call.direction is Direction.IN and call.caller_id \
                and str(self.settings.get("sip.server") or ""):
            return call.caller_id
        return uri or call.caller_id

    def remember(self, number: str) -> None:
        number = one_line(number, 200)
        if not number:
            return
        self.recent = [number, *(n for n in self.recent if n != number)][:RECENT_NUMBERS]
        self.recent_model.setStringList(self.recent)

    def on_redial(self) -> None:
        """Call the last number again (dialled or calling in)."""
        if not self.recent:
            self.message.setText(self.tr("No recent number to call yet."))
            return
        self.dial_field.setText(self.recent[0])
        self.on_dial_clicked()

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if watched is self.dial_field and event is not None \
                and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Down and self.recent:
            completer = self.dial_field.completer()
            if completer is not None and not self.dial_field.text():
                completer.setCompletionPrefix("")
                completer.complete()
                return True
        return super().eventFilter(watched, event)

    def on_dial_clicked(self) -> None:
        target = normalize_dial_text(self.dial_field.text())
        if not target:
            self.dial_field.setFocus()
            return
        self.dial_field.setText(target)
        if self.phone.dial(target):
            self.message.clear()

    def on_pad_key(self, key: str) -> None:
        call = self.phone.current_call()
        if call is not None and call.is_confirmed:
            self.phone.send_dtmf(call.call, key)
            self.message.setText(self.tr("Sent DTMF %1").replace("%1", key))
        else:
            self.dial_field.insert(key)

    def _ringing_target(self, newest: bool) -> Call | None:
        call = self.target_call()
        if call is None or call.state is not CallState.INCOMING:
            ringing = self.phone.ringing_calls()
            call = (ringing[-1] if newest else ringing[0]) if ringing else None
        return call

    def on_answer_clicked(self) -> None:
        call = self._ringing_target(newest=False)
        if call is not None:
            self.phone.answer(call.call)

    def on_reject_clicked(self) -> None:
        call = self._ringing_target(newest=True)
        if call is not None:
            self.phone.reject(call.call)

    def on_hold_clicked(self) -> None:
        call = self.target_call()
        if call is not None and call.is_confirmed:
            self.phone.toggle_hold(call.call)
            self.update_buttons()

    def on_hold_key(self) -> None:
        """F6: resume the held caller if nobody is talking, else hold/resume the current call."""
        held = self.phone.held_call()
        if held is not None and not self.phone.talking_calls():
            self.phone.resume(held.call)
        else:
            self.on_hold_clicked()

    def on_swap_clicked(self) -> None:
        if self.phone.swap():
            self._selected_call = None
            present(self.lines.selectionModel()).clearSelection()  # follow the swapped-to call
            self.update_buttons()

    def _say_conference(self) -> None:
        """Say once when the engine has joined the calls, and once when the conference ends."""
        joined = len(self.phone.conference) >= 2
        if joined == self._in_conference:
            return
        self._in_conference = joined
        text = self.tr("Conference: both callers hear each other and you.") if joined \
            else self.tr("The conference is over.")
        self.message.setText(text)
        self.message.setProperty("level", "ok")
        repolish(self.message)

    def on_conference_clicked(self) -> None:
        if self.phone.join_conference():
            self.message.setText(self.tr("Joining both calls into a conference…"))
            self.message.setProperty("level", "ok")
            repolish(self.message)

    def on_mute_clicked(self) -> None:
        call = self.target_call()
        if call is not None:
            self.phone.set_mute(call.call, not call.muted)

    def on_transfer_clicked(self) -> None:
        """Open the transfer dialog for the selected (or current) call in conversation."""
        call = self.target_call()
        if call is None or not call.is_confirmed:
            return
        call_id = call.call
        dialog = TransferDialog(self.settings.departments(), self.settings.language, self)

        def on_finished(result: int) -> None:
            window = self.window()
            if window is not None:
                window.activateWindow()  # shortcuts are window-wide: give the window back
            if result and call_id in self.phone.calls:
                self.call_actions.transfer(call_id, dialog.target_uri(), dialog.consultative)

        dialog.finished.connect(on_finished)
        dialog.open()
        self.transfer_dialog = dialog

    def on_hangup_clicked(self) -> None:
        call = self.target_call()
        if call is not None:
            self.phone.hangup(call.call)

    def _consult_call(self) -> Call | None:
        consults = self.phone.consult_calls()
        return consults[-1] if consults else None

    def on_complete_clicked(self) -> None:
        call = self._consult_call()
        if call is not None:
            self.phone.complete_transfer(call.call)

    def on_cancel_consult_clicked(self) -> None:
        call = self._consult_call()
        if call is not None:
            self.phone.cancel_consult(call.call)

    def focus_dial_field(self) -> None:
        self.dial_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.dial_field.selectAll()

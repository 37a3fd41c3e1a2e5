"""The main window: lays out the panels, binds the global shortcuts and menus, opens the
settings dialog. Nothing else: it receives the services and gives each panel the ones it uses;
panels connect themselves (call rules live in the services and panels, not here).

Thread rule: GUI thread only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QByteArray, QEvent, QRect, QSettings, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PyQt6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent.ui.call_panel import SHORTCUTS, CallPanel
from agent.ui.callbacks_panel import CALLBACKS_SHORTCUT, CallbacksPanel
from agent.ui.content import isolate, one_line
from agent.ui.help_dialog import HELP_SHORTCUT, HelpDialog
from agent.ui.history_panel import HistoryPanel
from agent.ui.hold_banner import RESUME_SHORTCUT, HoldBanner
from agent.ui.kb_panel import SEARCH_SHORTCUTS, KbPanel
from agent.ui.notes_panel import COMPLETE_SHORTCUT, NotesPanel
from agent.ui.phone_state import refusal_text
from agent.ui.ring_notifier import RingNotice
from agent.ui.services import Services
from agent.ui.settings_dialog import SettingsDialog
from agent.ui.status_bar import AGENT_STATE_SHORTCUT, MESSAGES_SHORTCUT, StatusBar

NOTE_SHORTCUT = "F4"
HISTORY_SHORTCUT = "Ctrl+H"
SETTINGS_SHORTCUT = "Ctrl+,"
PREFERRED_SIZE = (1400, 860)  # the first start's size where the screen has room for it
# The smallest supported screen: at and above it the first start opens maximized.
SMALLEST_SCREEN = (1280, 720)


class MainWindow(QMainWindow):
    closing = pyqtSignal()  # the window is closing: the note is flushed, the layout saved

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = s = services
        self.settings_dialog: SettingsDialog | None = None
        self.setWindowTitle(self.tr("Sufler"))
        self.setObjectName("mainWindow")

        self.call_panel = CallPanel(s.phone, s.actions, s.settings, s.clock)
        self.hold_banner = HoldBanner(s.phone, s.settings, s.clock)
        self.ring_notice = RingNotice(s.phone)
        self.kb_panel = KbPanel(s.kb, self.hold_banner, s.language, s.reply_values,
                                s.call_notes, s.actions, self.ring_notice)
        self.notes_panel = NotesPanel(
            s.call_notes, s.notes, lambda: s.settings.get("site.require_wrap_up") != "off")
        self.history_panel = HistoryPanel(s.notes, s.call_notes)
        self.callbacks_panel = CallbacksPanel(s.floor, s.workers)
        self.help_dialog: HelpDialog | None = None
        self.diagnostics_dialog: Any = None
        self.about_box: Any = None
        self.messages_dialog: Any = None
        self.call_actions: dict[str, QAction] = {}  # the Call menu's entries by SHORTCUTS name
        self.missed: list[str] = []  # numbers of the calls missed since History was last seen
        self.status = StatusBar(s.phone, s.settings, s.kb, s.notes, s.sync, s.actions, s.clock)
        self.setStatusBar(self.status)


        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.notes_panel, self.tr("Call note"))
        self.side_tabs.addTab(self.history_panel, self.tr("History"))
        self.side_tabs.addTab(self.callbacks_panel, self.tr("Callbacks"))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 8, 8, 8)
        side_layout.addWidget(self.side_tabs)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.call_panel)
        self.splitter.addWidget(self.kb_panel)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.call_panel.setMinimumWidth(270)
        side.setMinimumWidth(340)
        self.splitter.setSizes([310, 680, 400])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.resize(*PREFERRED_SIZE)

        self._build_menus()
        self._bind_shortcuts()
        self.restore_layout()
        # The window opens ready for the operator's first words: the search, not the dial field
        # that comes first in the Tab order.
        self.kb_panel.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
        # The note panel comes to the front when a note is reopened or one of its forms opens.
        self.history_panel.note_opened.connect(lambda _note: self.show_note_panel())
        s.call_notes.form_requested.connect(lambda _form: self.show_note_panel())
        self.status.settings_requested.connect(self.open_settings)
        self.status.messages_requested.connect(self.open_messages)
        self.callbacks_panel.count_changed.connect(self.on_callbacks_due)
        s.floor.callback_due.connect(self.on_callback_due)
        s.actions.help_requested.connect(self.open_help)
        s.supervisor_answer.message_changed.connect(self.status.set_help_state)
        s.phone.lines_updated.connect(self.update_call_actions)
        s.call_notes.call_missed.connect(self.on_call_missed)
        s.call_notes.call_refused.connect(self.on_call_refused)
        self.status.missed_requested.connect(self.focus_history)
        s.phone.call_ended.connect(self.on_call_ended)
        self.side_tabs.currentChanged.connect(self.on_side_tab_changed)
        s.phone.engine_changed.connect(lambda *_args: self.update_call_actions())
        self.update_call_actions()

    # ------------------------------------------------------------------ remembered layout

    def _layout_store(self) -> QSettings:
        return QSettings(str(self.services.home / "window.ini"), QSettings.Format.IniFormat)

    def restore_layout(self) -> None:
        """Window size and panel widths as the operator left them (a tiny file, read once);
        the first start fills the screen it opens on, and a saved size larger than today's
        screen (another monitor) is fitted to it."""
        store = self._layout_store()
        geometry, splitter = store.value("geometry"), store.value("splitter")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        self.fit_to(available)
        if not restored and available.width() >= SMALLEST_SCREEN[0] \
                and available.height() >= SMALLEST_SCREEN[1] - 60:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def fit_to(self, available: QRect) -> None:
        """Keep the whole window, frame included, within ``available`` (a screen's free area)."""
        frame = self.frameGeometry()
        extra_w = frame.width() - self.width()
        extra_h = frame.height() - self.height()
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(max(x, available.x()), max(y, available.y()))

    def save_layout(self) -> None:
        store = self._layout_store()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("splitter", self.splitter.saveState())

    # ------------------------------------------------------------------ menus and shortcuts

    def _action(self, menu_text: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(menu_text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        assert menu_bar is not None
        app_menu = menu_bar.addMenu(self.tr("&Sufler"))
        assert app_menu is not None
        app_menu.addAction(self._action(self.tr("&Settings…"), SETTINGS_SHORTCUT,
                                        self.open_settings))
        app_menu.addSeparator()
        app_menu.addAction(self._action(self.tr("&Quit"), "Ctrl+Q", self.close))

        call_menu = menu_bar.addMenu(self.tr("&Call"))
        assert call_menu is not None
        panel = self.call_panel
        for text, name, slot in (
            (self.tr("&Dial…"), "dial", panel.focus_dial_field),
            (self.tr("R&edial / call back"), "redial", panel.on_redial),
            (self.tr("&Answer"), "answer", panel.on_answer_clicked),
            (self.tr("&Reject"), "reject", panel.on_reject_clicked),
            (self.tr("&Hold / resume"), "hold", panel.on_hold_key),
            (self.tr("&Mute"), "mute", panel.on_mute_clicked),
            (self.tr("&Transfer…"), "transfer", panel.on_transfer_clicked),
            (self.tr("Hang &up"), "hangup", panel.on_hangup_clicked),
            (self.tr("&Complete transfer"), "complete_transfer", panel.on_complete_clicked),
            (self.tr("&Back to caller"), "cancel_consult", panel.on_cancel_consult_clicked),
            (self.tr("S&wap calls"), "swap", panel.on_swap_clicked),
            (self.tr("Con&ference"), "conference", panel.on_conference_clicked),
        ):
            action = self._action(text, SHORTCUTS[name], slot)
            self.call_actions[name] = action
            call_menu.addAction(action)
        call_menu.addSeparator()
        dnd = self.status.dnd_action
        dnd.setShortcut(QKeySequence(SHORTCUTS["dnd"]))
        dnd.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(dnd)
        self.call_actions["dnd"] = dnd
        call_menu.addAction(dnd)
        call_menu.addAction(self._action(self.tr("Call the su&pervisor…"), HELP_SHORTCUT,
                                         self.open_help))
        call_menu.addAction(self._action(self.tr("Change agent &state"), AGENT_STATE_SHORTCUT,
                                         self.status.agent_button.showMenu))

        go_menu = menu_bar.addMenu(self.tr("&Go"))
        assert go_menu is not None
        go_menu.addAction(self._action(self.tr("&Search the knowledge base"),
                                       SEARCH_SHORTCUTS[0], self.kb_panel.focus_search))
        go_menu.addAction(self._action(self.tr("Call &note"), NOTE_SHORTCUT, self.focus_note))
        go_menu.addAction(self._action(self.tr("Call &history"), HISTORY_SHORTCUT,
                                       self.focus_history))
        go_menu.addAction(self._action(self.tr("Callbacks &due"), CALLBACKS_SHORTCUT,
                                       self.focus_callbacks))
        go_menu.addAction(self._action(self.tr("&Complete the note"), COMPLETE_SHORTCUT,
                                       self.notes_panel.on_complete_clicked))
        go_menu.addAction(self._action(self.tr("Recent &messages"), MESSAGES_SHORTCUT,
                                       self.open_messages))

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        assert help_menu is not None
        help_menu.addAction(self._action(self.tr("&Keyboard shortcuts"), "F1",
                                         self.show_shortcuts))
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("&Diagnostics…"), "", self.open_diagnostics))
        help_menu.addAction(self._action(self.tr("&About Sufler"), "", self.open_about))

    def _bind_shortcuts(self) -> None:
        for sequence in SEARCH_SHORTCUTS[1:]:
            QShortcut(QKeySequence(sequence), self, self.kb_panel.focus_search)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.notes_panel.on_complete_clicked)
        for number in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      lambda n=number: self.kb_panel.copy_reply(n - 1))

    def update_call_actions(self) -> None:
        """The Call menu offers what the call panel's buttons offer now (their keys too)."""
        panel = self.call_panel
        consulting = bool(self.services.phone.consult_calls())
        for name, button in (("answer", panel.answer_button), ("reject", panel.reject_button),
                             ("hold", panel.hold_button), ("mute", panel.mute_button),
                             ("transfer", panel.transfer_button),
                             ("hangup", panel.hangup_button), ("swap", panel.swap_button),
                             ("conference", panel.conference_button)):
            self.call_actions[name].setEnabled(button.isEnabled())
        for name in ("complete_transfer", "cancel_consult"):
            self.call_actions[name].setEnabled(consulting)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        """Escape that no widget used brings the operator back to the search."""
        if event is not None and event.key() == Qt.Key.Key_Escape \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.kb_panel.focus_search()
            event.accept()
            return
        super().keyPressEvent(event)

    def show_note_panel(self) -> None:
        self.side_tabs.setCurrentWidget(self.notes_panel)

    def focus_note(self) -> None:
        """F4: the note's text. With no call yet there is no note to write: say so, and leave
        the keyboard where it was (typing must not land in the search unnoticed)."""
        self.show_note_panel()
        if not self.notes_panel.text.isEnabled():
            self.status.show_message(self.tr(
                "There is no call note yet: the note opens with the next call."))
            return
        self.notes_panel.focus_note()

    def focus_callbacks(self) -> None:
        self.side_tabs.setCurrentWidget(self.callbacks_panel)
        self.callbacks_panel.focus_list()

    def on_callbacks_due(self, due: int) -> None:
        index = self.side_tabs.indexOf(self.callbacks_panel)
        self.side_tabs.setTabText(index, self.tr("Callbacks (%1)").replace("%1", str(due))
                                  if due else self.tr("Callbacks"))

    def on_call_ended(self, call: Any) -> None:
        """After a conversation the note comes to the front for the wrap-up."""
        if call.answered and call.consult_for is None and not self.services.phone.live_calls():
            self.show_note_panel()

    def on_call_missed(self, session: Any) -> None:
        """An incoming call ended unanswered: the History tab counts it until it is seen."""
        self.missed.append(str(session.number))
        self.update_history_tab()
        self.status.showMessage(self.tr("Missed call: %1").replace(
            "%1", isolate(one_line(str(session.number), 80))), 0)
        QApplication.alert(self, 0)

    def on_call_refused(self, _session: Any, refused: Any) -> None:
        """A call the operator's state turned away: counted and said like a missed call, but
        without flashing the window (the operator chose not to take calls)."""
        number = isolate(one_line(str(refused.number), 80))
        self.missed.append(str(refused.number))
        self.update_history_tab()
        self.status.showMessage(self.tr("Missed call from %1. %2").replace(
            "%2", refusal_text(refused)).replace("%1", number), 0)

    def on_side_tab_changed(self, _index: int) -> None:
        if self.side_tabs.currentWidget() is self.history_panel and self.isActiveWindow() \
                and self.missed:
            self.missed.clear()
            self.update_history_tab()
            self.status.clearMessage()

    def changeEvent(self, event: QEvent | None) -> None:
        super().changeEvent(event)
        if event is not None and event.type() == QEvent.Type.ActivationChange:
            self.on_side_tab_changed(self.side_tabs.currentIndex())

    def update_history_tab(self) -> None:
        index = self.side_tabs.indexOf(self.history_panel)
        count = len(self.missed)
        self.side_tabs.setTabText(index, self.tr("History (%1 missed)").replace(
            "%1", str(count)) if count else self.tr("History"))
        numbers = self.tr("Missed: %1").replace("%1", ", ".join(self.missed[-10:])) \
            if count else ""
        self.side_tabs.setTabToolTip(index, numbers)
        self.status.set_missed(count, numbers)

    def on_callback_due(self, item: dict[str, Any]) -> None:
        self.status.showMessage(self.tr("Callback due: %1").replace(
            "%1", str(item.get("number") or "")), 15000)
        QApplication.alert(self, 0)

    def open_help(self, article: Any = None) -> None:
        """The Help key (and an article's "call the supervisor"): a short line to the
        supervisor with the call's context; the answer comes back in the status bar."""
        if self.help_dialog is not None:
            self.help_dialog.deleteLater()
        s = self.services
        answer = s.supervisor_answer
        dialog = HelpDialog(answer.context(article), answer.text, answer.call_me_line, self)
        slug = article.slug if article is not None else ""
        dialog.submitted.connect(lambda text: self.status.set_help_state(
            answer.raise_hand(text, slug)))
        dialog.call_requested.connect(answer.call_supervisor)
        dialog.finished.connect(lambda _result: self.activateWindow())
        dialog.open()
        self.help_dialog = dialog

    def focus_history(self) -> None:
        self.side_tabs.setCurrentWidget(self.history_panel)
        self.on_side_tab_changed(self.side_tabs.currentIndex())
        self.history_panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def shortcuts_text(self) -> str:
        """The F1 table: every key of the desk and what it does."""
        rows = [
            (" / ".join(SEARCH_SHORTCUTS), self.tr("Search the knowledge base")),
            ("Esc", self.tr("Back to the search (clears it when already there)")),
            (self.tr("Arrows, Enter"), self.tr("Choose and open a result")),
            ("Ctrl+1 … Ctrl+9", self.tr("Copy reply 1…9 of the open article")),
            (SHORTCUTS["dial"], self.tr("Dial a number (Down lists the recent ones)")),
            (SHORTCUTS["redial"], self.tr("Call the last number again")),
            (SHORTCUTS["answer"], self.tr("Answer")),
            (SHORTCUTS["reject"], self.tr("Reject")),
            (RESUME_SHORTCUT, self.tr("Hold / resume")),
            (SHORTCUTS["mute"], self.tr("Mute")),
            (SHORTCUTS["transfer"], self.tr("Transfer")),
            (SHORTCUTS["hangup"], self.tr("Hang up")),
            (SHORTCUTS["complete_transfer"], self.tr("Complete transfer (after a consultation)")),
            (SHORTCUTS["cancel_consult"], self.tr("Back to caller (end the consultation)")),
            (SHORTCUTS["swap"], self.tr("Swap: hold this caller, talk to the held one")),
            (SHORTCUTS["conference"], self.tr("Conference: join the two calls")),
            (SHORTCUTS["dnd"], self.tr("Do not disturb: refuse incoming calls")),
            (NOTE_SHORTCUT, self.tr("Call note")),
            (COMPLETE_SHORTCUT, self.tr("Complete the note (ends the wrap-up)")),
            (HISTORY_SHORTCUT, self.tr("Call history")),
            (AGENT_STATE_SHORTCUT, self.tr("Change agent state")),
            (HELP_SHORTCUT, self.tr("Call the supervisor (raise a hand)")),
            (CALLBACKS_SHORTCUT, self.tr("Callbacks due; Enter calls")),
            (MESSAGES_SHORTCUT, self.tr("Recent messages, whole (also: click the message)")),
            (SETTINGS_SHORTCUT, self.tr("Settings")),
            ("Tab / Shift+Tab", self.tr("Next / previous field; the note passes Tab on too")),
            ("F1", self.tr("This list")),
        ]
        return "<table>" + "".join(
            f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
            for k, v in rows) + "</table>"

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), self.shortcuts_text())

    def open_messages(self) -> None:
        """The status bar's recent messages, whole: a cut or missed one can still be read."""
        from agent.ui.messages_dialog import MessagesDialog

        if self.messages_dialog is not None:
            self.messages_dialog.deleteLater()
        dialog = MessagesDialog(list(self.status.recent), self)
        dialog.finished.connect(lambda _result: self.activateWindow())
        dialog.open()
        self.messages_dialog = dialog

    def open_settings(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        dialog = SettingsDialog(self.services.settings, self.services.workers,
                                self.services.phone, self)
        dialog.open()
        self.settings_dialog = dialog

    def open_diagnostics(self) -> None:
        """Help → Diagnostics: the doctor's checks on a worker. The test registration is left
        out while a call is up (it would add a second contact for this account)."""
        from agent.ui.diagnostics_dialog import DiagnosticsDialog

        if self.diagnostics_dialog is not None:
            self.diagnostics_dialog.deleteLater()
        dialog = DiagnosticsDialog(not self.services.phone.live_calls(), self)
        dialog.open()
        self.diagnostics_dialog = dialog

    def open_about(self) -> None:
        from agent.ui.diagnostics_dialog import about_box

        if self.about_box is not None:
            self.about_box.deleteLater()
        self.about_box = about_box(self)
        self.about_box.open()

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.notes_panel.flush()
        self.save_layout()
        self.closing.emit()
        super().closeEvent(event)

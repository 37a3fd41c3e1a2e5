"""The keyboard never traps the operator: Tab leaves every list, Escape goes back to the search,
every call action has a key (documented in F1), and the note editors pass Tab on.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PyQt6.QtCore import QEvent, Qt
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from agent.ui.call_notes import NoteSession
from tests.ui.helpers import press


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab(times: int = 1, back: bool = False) -> None:
    for _ in range(times):
        widget = focused()
        assert widget is not None
        QTest.keyClick(widget, Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab,
                       Qt.KeyboardModifier.ShiftModifier if back
                       else Qt.KeyboardModifier.NoModifier)
        QApplication.processEvents()


def chain(window: Any, start: QWidget, limit: int = 80) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back (or ``limit`` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    seen: list[QWidget] = []
    for _ in range(limit):
        tab()
        widget = focused()
        assert widget is not None
        if widget is start:
            break
        seen.append(widget)
    return seen


def active_desk(qtbot: Any, make_desktop: Any, lang: str) -> Any:
    """A desk in ``lang`` whose window is the active one (keys go where a person's would)."""
    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return desktop


def incoming_note(uuid: str) -> NoteSession:
    """The note of an incoming call from 1001 that starts now."""
    return NoteSession(uuid=uuid, engine_call=-1, number="1001", direction="in",
                       started_at=time.time())


def test_tab_goes_round_the_desk_and_leaves_every_list(qtbot: Any, make_desktop: Any) -> None:
    window = active_desk(qtbot, make_desktop, "en").window
    panel = window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("technical-failure")
    qtbot.wait(300)
    calls, notes = window.call_panel, window.notes_panel
    notes.bind(incoming_note("tab-order"))
    visited = chain(window, calls.dial_field)
    assert focused() is calls.dial_field, [type(w).__name__ for w in visited]
    assert calls.lines in visited
    assert visited.count(calls.lines) == 1  # one stop, not one per cell
    # Article actions come right after the search and before the note.
    article = panel.article_panel
    action, card = article.actions_row.buttons[0], article.cards.cards[0]
    wanted = [panel.search_field, action, card, article.body, window.side_tabs.tabBar(),
              notes.caller_name, notes.text, notes.complete_button]
    order = [w for w in visited if w in wanted]
    assert order == wanted, [w.accessibleName() for w in order]


def test_note_editors_pass_tab_on_and_escape_returns_to_search(
        qtbot: Any, make_desktop: Any) -> None:
    window = active_desk(qtbot, make_desktop, "ru").window
    for editor in window.findChildren(QPlainTextEdit):
        assert editor.tabChangesFocus(), editor.accessibleName()
    search = window.kb_panel.search_field
    window.notes_panel.bind(incoming_note("escape"))
    for widget in (window.notes_panel.caller_name, window.call_panel.lines,
                   window.call_panel.dial_field, window.history_panel.table):
        window.side_tabs.setCurrentWidget(window.notes_panel)
        if widget is window.history_panel.table:
            window.side_tabs.setCurrentWidget(window.history_panel)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.processEvents()
        assert focused() is widget
        QTest.keyClick(widget, Qt.Key.Key_Escape)
        QApplication.processEvents()
        assert focused() is search, (type(widget).__name__, type(focused()).__name__)
    # Escape in a search with text clears it first, then stays.
    search.setText("роутер")
    press(search, Qt.Key.Key_Escape)
    assert search.text() == "" and focused() is search


def test_every_call_action_has_a_key_in_the_menu_and_in_f1(
        qtbot: Any, make_desktop: Any) -> None:
    from agent.ui.call_panel import SHORTCUTS

    desktop = make_desktop({"ui.language": "en"})
    window = desktop.window
    call_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Call")
    keys = {a.shortcut().toString() for a in call_menu.actions() if not a.isSeparator()}
    for name in ("answer", "reject", "hold", "mute", "transfer", "hangup",
                 "complete_transfer", "cancel_consult", "dial", "swap", "conference", "dnd"):
        assert SHORTCUTS[name] in keys, name
    text = window.shortcuts_text()
    for name in SHORTCUTS:
        assert f"<b>{SHORTCUTS[name]}</b>" in text, name
    assert "<b>Arrows, Enter</b>" in text and "<b>Esc</b>" in text and "<b>, Enter" not in text


def test_the_window_opens_on_the_search_and_keeps_what_is_typed_before_the_kb_is_open(
        qtbot: Any, sufler_home: Any, monkeypatch: Any) -> None:
    """The first words an operator types go to the search (not the dial field that comes first
    in the Tab order), even while the KB is still opening; they are searched once it is open."""
    from agent.settings import Settings
    from agent.ui import kb_service
    from agent.ui.app import build_desktop, create_application
    from agent.ui.i18n import install_translators

    opening = threading.Event()
    real_open = kb_service.open_knowledge_base

    def slow_open(home: Any) -> Any:  # the KB opens only when the test lets it
        assert opening.wait(30)
        return real_open(home)

    monkeypatch.setattr(kb_service, "open_knowledge_base", slow_open)
    app = create_application([])
    settings = Settings.load()
    settings.user["ui.language"] = "ru"
    desktop = build_desktop(app, settings, start_phone=False)
    window = desktop.window
    qtbot.addWidget(window)
    try:
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        search = window.kb_panel.search_field
        assert focused() is search
        assert not desktop.kb.is_open
        for char in "дайте телефон директора":  # to whatever has the focus, as a keyboard does
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                            char))
        assert search.text() == "дайте телефон директора"
        assert window.call_panel.dial_field.text() == ""
        with qtbot.waitSignal(desktop.kb.opened, timeout=30000):
            opening.set()
            desktop.start()
        panel = window.kb_panel
        qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0, timeout=15000)
        assert panel.results_model.hits[0].slug == "manager-contact"
        assert focused() is search
    finally:
        opening.set()
        window.close()
        desktop.wait_for_engine_exit()
        install_translators(app, "en")


def test_ctrl_enter_without_a_wrap_up_code_shows_where_the_focus_went(
        qtbot: Any, make_desktop: Any) -> None:
    """Ctrl+Enter on a note that still needs a wrap-up code moves the focus to the code: the
    combo box must be drawn focused (it was not, so a keyboard user could not see it)."""
    window = active_desk(qtbot, make_desktop, "ru").window
    notes = window.notes_panel
    session = incoming_note("wrap-up-focus")
    session.answered_at = time.time()
    notes.bind(session)
    window.show_note_panel()
    unfocused = notes.wrap_up.grab().toImage()
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert focused() is notes.text
    QTest.keyClick(notes.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert not session.completed
    assert focused() is notes.wrap_up
    assert notes.wrap_up.grab().toImage() != unfocused


def test_f4_without_a_call_says_there_is_no_note_and_keeps_the_focus(
        qtbot: Any, make_desktop: Any) -> None:
    """F4 before any call: the note is disabled, so the key must say why instead of doing
    nothing (the operator would go on typing the note into the search box)."""
    window = active_desk(qtbot, make_desktop, "en").window
    search = window.kb_panel.search_field
    search.setFocus(Qt.FocusReason.OtherFocusReason)
    assert not window.notes_panel.text.isEnabled()
    QTest.keyClick(window, Qt.Key.Key_F4)
    QApplication.processEvents()
    assert "no call note yet" in window.status.currentMessage()
    assert focused() is search
    session = incoming_note("f4-with-a-call")
    window.notes_panel.bind(session)
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert focused() is window.notes_panel.text


def test_f4_puts_the_cursor_after_what_the_desk_wrote_in_the_note(
        qtbot: Any, make_desktop: Any) -> None:
    """After a transfer the note already says where the call went: F4 then typing adds to it
    (it used to put the cursor first, so "ok" became "okTransferred to…")."""
    desktop = active_desk(qtbot, make_desktop, "en")
    window = desktop.window
    notes = window.notes_panel
    session = incoming_note("f4-appends")
    notes.bind(session)
    desktop.call_notes.add_line("Transferred to Billing")
    window.kb_panel.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert focused() is notes.text
    QTest.keyClicks(notes.text, " ok")
    assert notes.text.toPlainText() == "Transferred to Billing ok"


def test_the_agent_state_menu_marks_the_state_the_engine_reports(
        qtbot: Any, make_desktop: Any) -> None:
    """F12 opens the state menu: it must show where the operator is (Ready, or which
    not-ready reason) before they choose, not a list with nothing marked."""
    from agent.phone.protocol import AgentState

    desktop = make_desktop({"ui.language": "en", "sip.listen": "127.0.0.1:0"},
                           start_phone=True)
    phone, status = desktop.phone, desktop.window.status
    qtbot.waitUntil(lambda: phone.engine_running, timeout=30000)
    qtbot.waitUntil(lambda: status.ready_action.isChecked(), timeout=10000)
    assert not any(a.isChecked() for a in status.reason_actions.values())
    status.reason_actions["Lunch"].trigger()
    qtbot.waitUntil(lambda: phone.agent.state is AgentState.NOT_READY, timeout=10000)
    assert status.reason_actions["Lunch"].isChecked()
    assert not status.ready_action.isChecked() and not status.reason_actions["Break"].isChecked()
    status.ready_action.trigger()
    qtbot.waitUntil(lambda: status.ready_action.isChecked()
                    and phone.agent.state is AgentState.READY, timeout=10000)
    assert not status.reason_actions["Lunch"].isChecked()

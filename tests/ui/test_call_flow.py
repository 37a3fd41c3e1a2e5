"""An operator's call from ring to wrap-up, with the real window, KB and phone engines.

The desktop runs its own engine (direct mode on a free port); the caller and the department are
engine peers in other processes.
"""

from __future__ import annotations

import re
from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from agent.phone.protocol import AgentState, Call
from agent.ui.history_panel import CALLER, WRAP_UP
from tests.ui.conftest import write_site
from tests.ui.helpers import press, search_for, type_text

FAST_HOLD = {"hold.warn_seconds": 1, "hold.alarm_seconds": 2}


def start_desktop(make_desktop: Any, qtbot: Any, **user: Any) -> Any:
    desktop = make_desktop({"sip.listen": "127.0.0.1:0", "agent.wrap_up_seconds": 300,
                            **FAST_HOLD, **user}, start_phone=True)
    qtbot.waitUntil(lambda: bool(desktop.phone.engine_running and desktop.phone.listen_address),
                    timeout=30000)
    return desktop


def ring(qtbot: Any, desktop: Any, caller: Any) -> Call:
    caller.send(f"dial sip:operator@{desktop.phone.listen_address}")
    qtbot.waitUntil(lambda: desktop.window.ring_notice.isVisible(), timeout=20000)
    return desktop.phone.ringing_calls()[0]


def test_call_answer_hold_search_copy_transfer_and_wrap_up(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    department = peer_factory("--auto-answer")
    write_site({"quality": department.uri("quality")})
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "ru"})
    window, phone = desktop.window, desktop.phone

    call = ring(qtbot, desktop, caller)
    assert call.caller_id in window.ring_notice.title.text()
    press(window, Qt.Key.Key_F9)  # answer
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in phone.live_calls()),
                    timeout=20000)
    assert not window.ring_notice.isVisible()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None, timeout=20_000)
    session = desktop.call_notes.bound

    # During a call the dial pad sends DTMF; mute follows the engine's snapshot.
    window.call_panel.on_pad_key("5")
    qtbot.waitUntil(lambda: caller.saw(lambda e: e.get("event") == "dtmf"
                                       and e.get("digit") == "5"), timeout=10000)
    press(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.call_panel.mute_button.isChecked(), timeout=10000)
    assert window.call_panel.mute_button.text() == "Микрофон выкл."  # said, not only pressed
    press(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: not window.call_panel.mute_button.isChecked(), timeout=10000)

    # Hold: the timer appears next to the search box and warms up.
    press(window, Qt.Key.Key_F6)
    banner = window.hold_banner
    qtbot.waitUntil(banner.isVisible, timeout=20000)
    assert banner.level == "normal"
    qtbot.waitUntil(lambda: banner.level == "warn", timeout=10000)
    qtbot.waitUntil(lambda: banner.level == "alarm", timeout=10000)
    qtbot.waitUntil(lambda: caller.saw(lambda e: e.get("event") == "call"
                                       and e.get("hold") == "remote"), timeout=10000)

    # The operator searches while the caller waits, and copies a reply with the name filled.
    type_text(window.notes_panel.caller_name, "Анна")
    panel = window.kb_panel
    search_for(qtbot, panel, "дайте телефон директора")
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        press(panel.search_field, Qt.Key.Key_Return)
    index = next(i for i, reply in enumerate(panel.article_panel.cards.replies)
                 if "{caller_name}" in reply.template)
    press(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert copied.startswith("Анна") and "{caller_name}" not in copied
    assert session.articles == ["manager-contact"]

    # One key resumes.
    press(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20000)

    # Blind transfer to the department from the site directory.
    window.call_panel.on_transfer_clicked()
    dialog = window.call_panel.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    row = next(r for r in range(dialog.list.count())
               if dialog.list.item(r).data(Qt.ItemDataRole.UserRole) == department.uri("quality"))
    dialog.list.setCurrentRow(row)
    assert dialog.target.text() == department.uri("quality")
    dialog.blind_button.click()
    qtbot.waitUntil(lambda: department.saw(lambda e: e.get("event") == "call"
                                           and e.get("state") == "confirmed"), timeout=20000)
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)

    # Wrap-up until the note is completed.
    qtbot.waitUntil(lambda: phone.agent.state is AgentState.WRAP_UP, timeout=10000)
    qtbot.waitUntil(lambda: "0:" in window.status.agent_button.text(), timeout=20_000)
    assert window.notes_panel.session is session
    assert window.notes_panel.wrap_up.currentData() == "transferred"
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert session.completed, (window.notes_panel.complete_button.isEnabled(), phone.agent)
    qtbot.waitUntil(lambda: phone.agent.state is AgentState.READY, timeout=10000)

    notes: list[Any] = []
    desktop.notes.history_loaded.connect(lambda _r, found: notes.extend(found))
    qtbot.waitUntil(lambda: desktop.notes.store is not None, timeout=20_000)
    desktop.notes.load_history()
    qtbot.waitUntil(lambda: bool(notes), timeout=20_000)
    note = next(n for n in notes if n.uuid == session.uuid)
    assert note.completed and note.wrap_up_code == "transferred"
    assert note.articles == ["manager-contact"]
    assert note.answered_at and note.ended_at
    assert note.text.count("Отдел качества") == 1 and "sip:" not in note.text
    assert note.caller_name == "Анна" and "caller_name" not in note.complaint

    # Reopened from the history, the note brings its caller's name back into the replies.
    window.focus_history()
    history = window.history_panel
    type_text(history.search, "анна")  # the history searches the caller's name too
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=20_000)
    assert history.model.index(0, CALLER).data() == "Анна"
    history.table.setCurrentIndex(history.model.index(0, 0))
    press(history.table, Qt.Key.Key_Return)
    notes_panel = window.notes_panel
    assert window.side_tabs.currentWidget() is notes_panel
    reopened = notes_panel.session
    assert reopened is not None and reopened is not session and reopened.uuid == session.uuid
    assert notes_panel.caller_name.text() == "Анна"
    press(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().startswith("Анна")
    saved: list[Any] = []
    desktop.notes.note_saved.connect(saved.append)
    type_text(notes_panel.caller_name, " Петровна")
    qtbot.waitUntil(lambda: any(n.caller_name == "Анна Петровна" for n in saved), timeout=20_000)
    assert saved[-1].uuid == session.uuid and saved[-1].text == note.text


def test_ring_while_on_a_call_waits_and_answering_holds_the_first(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    first, second = peer_factory(), peer_factory()
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    ring(qtbot, desktop, first)
    window.ring_notice.answer_button.click()
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in phone.live_calls()),
                    timeout=20000)
    ring(qtbot, desktop, second)
    assert "holds the current call" in window.ring_notice.detail.text()
    model = window.call_panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=20_000)
    states = {model.index(r, 1).data() for r in range(2)}
    assert "Waiting" in states
    window.ring_notice.answer_button.click()
    qtbot.waitUntil(lambda: window.hold_banner.isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: len([c for c in phone.live_calls()
                                 if c.is_confirmed]) == 2, timeout=20000)
    window.call_panel.on_hangup_clicked()
    qtbot.waitUntil(lambda: len(phone.live_calls()) == 1, timeout=20000)
    press(window, Qt.Key.Key_F6)  # nobody is talking: F6 resumes the held caller
    qtbot.waitUntil(lambda: not window.hold_banner.isVisible(), timeout=20000)


def test_not_ready_refuses_calls_and_the_status_bar_follows(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    status = desktop.window.status
    assert "Ready" in status.agent_button.text()
    menu = status.agent_menu
    not_ready = next(a for a in menu.actions() if a.menu() is not None).menu()
    lunch = next(a for a in not_ready.actions() if a.text() == "Lunch")
    lunch.trigger()
    qtbot.waitUntil(lambda: "Lunch" in status.agent_button.text(), timeout=10000)
    # The time in the state counts up from the change.
    assert re.search(r"Lunch\s+0:0[0-9]$", status.agent_button.text())
    qtbot.waitUntil(lambda: status.agent_button.text().endswith("0:01"), timeout=5000)
    caller.send(f"dial sip:operator@{desktop.phone.listen_address}")
    qtbot.waitUntil(lambda: caller.saw(lambda e: e.get("event") == "call"
                                       and e.get("state") == "disconnected"
                                       and e.get("code") == 486), timeout=20000)
    assert not desktop.window.ring_notice.isVisible()
    next(a for a in menu.actions() if a.text() == "Ready").trigger()
    qtbot.waitUntil(lambda: re.search(r"● Ready\s+0:00$", status.agent_button.text()),
                    timeout=10000)


def test_consultative_transfer_from_the_dialog(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    department = peer_factory("--auto-answer")
    write_site({"supervisor": department.uri("supervisor")})
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    ring(qtbot, desktop, caller)
    phone.answer()
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in phone.live_calls()),
                    timeout=20000)
    press(window, Qt.Key.Key_F8)
    dialog = window.call_panel.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    dialog.target.setText(department.uri("supervisor"))
    dialog.consult_button.click()
    panel = window.call_panel
    qtbot.waitUntil(panel.complete_button.isVisible, timeout=20000)
    qtbot.waitUntil(lambda: any(c.consult_for is not None and c.is_confirmed
                                for c in phone.live_calls()), timeout=20000)
    # the caller waits on hold meanwhile (the hold's answer may come after the consultation's)
    qtbot.waitUntil(window.hold_banner.isVisible, timeout=20000)
    panel.complete_button.click()
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    assert not panel.complete_button.isVisible()
    text = window.notes_panel.text.toPlainText()
    assert text.count("Supervisor") == 1 and "sip:" not in text, text
    assert window.notes_panel.wrap_up.currentData() == "transferred"


def test_silent_caller_action_plays_the_prompt_and_hangs_up(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "ru"})
    window, phone = desktop.window, desktop.phone
    ring(qtbot, desktop, caller)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None
                    and any(c.is_confirmed for c in phone.live_calls()),
                    timeout=20000)
    panel = window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("silent-caller")
    play = next(b for b in panel.article_panel.actions_row.buttons
                if b.property("actionType") == "play-prompt")
    play.click()
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=30000)
    qtbot.waitUntil(lambda: caller.saw(lambda e: e.get("event") == "call"
                                       and e.get("state") == "disconnected"), timeout=10000)
    assert desktop.call_notes.bound.articles == ["silent-caller"]


def test_a_refused_transfer_is_shown_and_leaves_the_note_alone(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    department = peer_factory("--auto-answer")
    department.send("state not-ready Busy")  # refuses every call with 486
    department.wait_for(lambda e: e.get("event") == "agent_state"
                        and e.get("state") == "not-ready")
    write_site({"quality": department.uri("quality")})
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    ring(qtbot, desktop, caller)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None
                    and any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    press(window, Qt.Key.Key_F8)
    dialog = window.call_panel.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.target.setText(department.uri("quality"))
    dialog.blind_button.click()
    message = window.call_panel.message
    qtbot.waitUntil(lambda: "failed" in message.text(), timeout=20000)
    assert "Quality control" in message.text() and "486" in message.text()
    assert any(c.is_confirmed for c in phone.live_calls())  # the caller is still there
    notes = window.notes_panel
    assert "Transferred" not in notes.text.toPlainText()
    assert notes.wrap_up.currentData() == ""


def test_consult_then_back_to_caller_writes_nothing(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    department = peer_factory("--auto-answer")
    write_site({"supervisor": department.uri("supervisor")})
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    ring(qtbot, desktop, caller)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None
                    and any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    press(window, Qt.Key.Key_F8)
    dialog = window.call_panel.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.target.setText(department.uri("supervisor"))
    dialog.consult_button.click()
    panel = window.call_panel
    qtbot.waitUntil(lambda: any(c.consult_for is not None and c.is_confirmed
                                for c in phone.live_calls()), timeout=20000)
    panel.cancel_consult_button.click()
    qtbot.waitUntil(lambda: not phone.consult_calls(), timeout=20000)
    qtbot.waitUntil(lambda: not window.hold_banner.isVisible(), timeout=20000)
    assert len(phone.live_calls()) == 1
    notes = window.notes_panel
    assert notes.text.toPlainText() == "" and notes.wrap_up.currentData() == ""


def test_a_missed_call_is_counted_until_the_history_is_seen(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    window.show_note_panel()
    ring(qtbot, desktop, caller)
    caller.send("hangup")  # gave up before anyone answered
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    tabs = window.side_tabs
    history = tabs.indexOf(window.history_panel)
    assert tabs.tabText(history) == "History (1 missed)"
    assert "Missed call" in window.status.currentMessage()
    # A call the operator turned down is not missed.
    ring(qtbot, desktop, caller)
    press(window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)  # reject
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    assert tabs.tabText(history) == "History (1 missed)"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    press(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == history and tabs.tabText(history) == "History"


def test_a_call_refused_while_not_ready_is_counted_and_kept_in_the_history(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory("--user", "79161234567")
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    window.show_note_panel()
    phone.set_agent_state(AgentState.NOT_READY, "Lunch")
    qtbot.waitUntil(lambda: phone.agent.state is AgentState.NOT_READY, timeout=10000)
    window.kb_panel.search_field.setFocus()
    focused = QApplication.focusWidget()
    def busy_answers() -> int:
        caller.saw(lambda _event: False)  # collect what arrived
        return sum(1 for e in caller.seen if e.get("event") == "call"
                   and e.get("state") == "disconnected" and e.get("code") == 486)

    for attempt in (1, 2):  # the queue offers the caller twice: one entry, counted twice
        caller.send(f"dial sip:operator@{phone.listen_address}")
        qtbot.waitUntil(lambda n=attempt: busy_answers() >= n, timeout=20000)
        qtbot.waitUntil(lambda n=attempt: len(window.missed) == n, timeout=10000)
    # It never rang here: no ring notice, the focus stays where the operator was.
    assert not window.ring_notice.isVisible() and QApplication.focusWidget() is focused
    history = window.side_tabs.indexOf(window.history_panel)
    assert window.side_tabs.tabText(history) == "History (2 missed)"
    badge = window.status.missed_button
    assert badge.isVisible() and "2" in badge.text()
    assert "79161234567" in badge.toolTip()
    message = window.status.currentMessage()
    assert "79161234567" in message and "Not ready (Lunch)" in message
    # A click on the count shows the History, which lists the call; the count is gone.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    assert window.side_tabs.currentIndex() == history
    qtbot.waitUntil(lambda: not badge.isVisible(), timeout=5000)
    assert window.side_tabs.tabText(history) == "History"
    model = window.history_panel.model
    qtbot.waitUntil(lambda: any(n.wrap_up_code == "refused" for n in model.notes),
                    timeout=10000)
    refused = [n for n in model.notes if n.wrap_up_code == "refused"]
    assert len(refused) == 1 and refused[0].number == "79161234567"
    assert refused[0].text == "Turned away: you were Not ready (Lunch) (×2)"
    assert refused[0].completed and refused[0].answered_at is None
    row = model.notes.index(refused[0])
    assert model.data(model.index(row, WRAP_UP)) == "Turned away"
    # No name to show: the caller column says what happened, its tooltip why.
    assert model.data(model.index(row, CALLER)) == "Turned away"
    tip = model.data(model.index(row, CALLER), Qt.ItemDataRole.ToolTipRole)
    assert "Not ready (Lunch)" in tip


def test_redial_calls_the_last_number_again_and_down_lists_recent_numbers(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory("--user", "79161234567")
    department = peer_factory("--auto-answer", "--wrap-up", "0")
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    panel = window.call_panel
    ring(qtbot, desktop, caller)
    phone.answer()
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    window.focus_history()  # looking something up during the call
    press(window, Qt.Key.Key_F10)  # hang up
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    assert window.side_tabs.currentWidget() is window.notes_panel  # the note, for the wrap-up
    assert panel.recent == ["sip:79161234567@127.0.0.1"]  # no account: the caller's address
    panel.dial_field.setText(department.uri("sales"))
    panel.on_dial_clicked()
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    press(window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    assert panel.recent == [department.uri("sales"), "sip:79161234567@127.0.0.1"]
    # Down in the empty dial field lists the recent numbers.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    panel.focus_dial_field()
    panel.dial_field.clear()
    press(panel.dial_field, Qt.Key.Key_Down)
    popup = panel.dial_field.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert popup.model().rowCount() == 2
    popup.hide()
    # Ctrl+R calls the last number again.
    press(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: department.saw(lambda e: False)
                    or len([e for e in department.seen if e.get("event") == "incoming"]) == 2,
                    timeout=20000)


def test_typing_in_the_transfer_dialog_finds_the_department(
        qtbot: Any, make_desktop: Any) -> None:
    from agent.ui.call_panel import TransferDialog

    desktop = make_desktop({"ui.language": "en"})
    dialog = TransferDialog(desktop.settings.departments(), "en", desktop.window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.target, "emerg")
    shown = [dialog.list.item(r).text() for r in range(dialog.list.count())
             if not dialog.list.item(r).isHidden()]
    assert shown == ["Emergency 112  —  112"]
    assert dialog.target_uri() == "112"  # the one department left stands for its number
    dialog.target.clear()
    type_text(dialog.target, "+7 495 123-45-67")
    assert dialog.target_uri() == "+74951234567"


def test_words_that_leave_only_a_department_without_a_number_are_refused_in_the_dialog(
        qtbot: Any, make_desktop: Any) -> None:
    """«билл» left only Billing, which had no number: Enter sent «билл» to the engine as the
    address and the desk showed the engine's English error. The dialog now says which
    department has no number and stays open (here: quality control, without a number)."""
    from agent.ui.call_panel import TransferDialog

    desktop = make_desktop({"ui.language": "ru"})
    dialog = TransferDialog(desktop.settings.departments(), "ru", desktop.window)
    qtbot.addWidget(dialog)
    accepted: list[int] = []
    dialog.finished.connect(accepted.append)
    dialog.show()
    type_text(dialog.target, "качеств")
    shown = [dialog.list.item(r).text() for r in range(dialog.list.count())
             if not dialog.list.item(r).isHidden()]
    assert shown == ["Отдел качества  —  номер не задан"]
    press(dialog.target, Qt.Key.Key_Return)
    assert accepted == [] and dialog.isVisible()
    assert dialog.message.isVisible()
    assert dialog.message.text() == ("Для «Отдел качества» не задан номер. "
                                     "Попросите ИТ заполнить справочник отделов.")
    dialog.consult_button.click()
    assert accepted == []
    dialog.target.clear()
    type_text(dialog.target, "экстр")
    assert not dialog.message.isVisible()
    press(dialog.target, Qt.Key.Key_Return)
    assert accepted and dialog.target_uri() == "112"


def test_a_ring_brings_a_minimized_window_back(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window = desktop.window
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    caller.send(f"dial sip:operator@{desktop.phone.listen_address}")
    qtbot.waitUntil(lambda: bool(desktop.phone.ringing_calls()), timeout=20000)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    assert window.ring_notice.isVisible()

"""Notes of a real call are saved as the operator types and show up in the history."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QDate, QDateTime, Qt, QTime

from agent.ui.history_panel import SYNC, TEXT, WRAP_UP
from tests.ui.helpers import press, type_text


def test_typing_saves_the_note_and_history_finds_it(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = make_desktop({"sip.listen": "127.0.0.1:0", "ui.language": "en"}, start_phone=True)
    phone, window = desktop.phone, desktop.window
    qtbot.waitUntil(lambda: bool(phone.engine_running and phone.listen_address), timeout=30000)
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(lambda: bool(phone.ringing_calls()), timeout=20000)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None, timeout=20000)
    notes_panel = window.notes_panel
    saved: list[Any] = []
    desktop.notes.note_saved.connect(saved.append)
    type_text(notes_panel.text, "Просит счёт за март")
    qtbot.waitUntil(lambda: any(n.text == "Просит счёт за март" for n in saved), timeout=20_000)
    assert notes_panel.save_state.text().startswith("Saved")

    # The complaint action of an article opens the complaint form of this note.
    window.kb_panel.open_article("aggressive-complaint")
    qtbot.waitUntil(lambda: window.kb_panel.article is not None, timeout=10000)
    complaint = next(b for b in window.kb_panel.article_panel.actions_row.buttons
                     if b.property("actionType") == "complaint")
    complaint.click()
    assert notes_panel.complaint_box.isChecked() and notes_panel.complaint_subject.isVisible()
    type_text(notes_panel.complaint_subject, "Нет интернета неделю")
    qtbot.waitUntil(lambda: any(n.complaint.get("subject") == "Нет интернета неделю"
                                for n in saved), timeout=20_000)
    assert saved[-1].articles == ["aggressive-complaint"]

    phone.hangup()
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    window.focus_history()
    history = window.history_panel
    type_text(history.search, "счёт")
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=20_000)
    assert history.model.index(0, SYNC).data() == "Not yet synced"
    assert "Просит счёт" in history.model.index(0, TEXT).data()


def test_a_note_needs_a_wrap_up_code_before_it_completes(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = make_desktop({"sip.listen": "127.0.0.1:0", "ui.language": "en"}, start_phone=True)
    phone, window = desktop.phone, desktop.window
    qtbot.waitUntil(lambda: bool(phone.engine_running and phone.listen_address), timeout=30000)
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(lambda: bool(phone.ringing_calls()), timeout=20000)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None
                    and any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    phone.hangup()
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    notes_panel = window.notes_panel
    session = notes_panel.session
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not session.completed
    assert "wrap-up code" in notes_panel.save_state.text()
    window.focus_history()
    history = window.history_panel
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=5000)
    assert history.model.index(0, WRAP_UP).data() == ""  # not "— choose —"
    notes_panel.wrap_up.setCurrentIndex(notes_panel.wrap_up.findData("resolved"))
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert session.completed and session.wrap_up_code == "resolved"


def test_callback_time_fills_replies_and_a_copy_with_gaps_says_so(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = make_desktop({"sip.listen": "127.0.0.1:0", "ui.language": "en"}, start_phone=True)
    phone, window = desktop.phone, desktop.window
    qtbot.waitUntil(lambda: bool(phone.engine_running and phone.listen_address), timeout=30000)
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(lambda: bool(phone.ringing_calls()), timeout=20000)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None, timeout=20000)
    panel = window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("technical-failure")
    cards = panel.article_panel.cards
    qtbot.waitUntil(cards.is_complete, timeout=10000)
    index = next(i for i, r in enumerate(cards.replies) if "{callback_time}" in r.template)
    press(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
    assert "{callback_time}" in panel.status.text()
    notes_panel = window.notes_panel
    notes_panel.open_callback()
    when = QDateTime(QDate(2031, 3, 14), QTime(15, 30))
    notes_panel.callback_when.setDateTime(when)
    qtbot.waitUntil(lambda: "14.03.2031 15:30" in cards.replies[index].text, timeout=5000)
    assert "callback_time" not in cards.replies[index].missing

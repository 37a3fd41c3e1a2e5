"""Notes of a real call are saved as the operator types and show up in the history."""

from __future__ import annotations

from typing import Any

from agent.ui.history_panel import SYNC, TEXT
from tests.ui.helpers import type_text


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

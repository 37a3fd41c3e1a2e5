"""The desk fits the floor's screens: at 1280×720 and 1366×768, in English and Russian, the
window opens within the screen and every control an operator needs during a call stays inside it,
whatever article is open.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest
from PyQt6.QtCore import QPoint, QRect, Qt
from PyQt6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import write_site

SIZES = [(1280, 720), (1366, 768)]
# A taskbar takes some of the screen: the available geometry is smaller than the screen.
TASKBAR = 40
# Articles with the longest action labels and the most actions, in both languages.
WIDE_ARTICLES = ["technical-failure", "child-caller", "connection-installation",
                 "technician-no-show", "transfer-to-department"]


def key_widgets(window: Any) -> dict[str, QWidget]:
    notes, calls = window.notes_panel, window.call_panel
    return {
        "status bar": window.status,
        "agent state": window.status.agent_button,
        "answer": calls.answer_button,
        "reject": calls.reject_button,
        "hang up": calls.hangup_button,
        "caller name": notes.caller_name,
        "wrap-up": notes.wrap_up,
        "note text": notes.text,
        "complete note": notes.complete_button,
        "search": window.kb_panel.search_field,
    }


def outside(window: Any, size: Any = None) -> list[str]:
    """Names of the key widgets not wholly inside the window's client area (and the window
    itself when it grew past ``size``)."""
    QApplication.processEvents()
    inside = window.rect()
    wrong = []
    if size is not None and window.size() != size:
        parts = [window.splitter.widget(i).minimumSizeHint() for i in range(3)]
        wrong.append(f"window grew to {window.size()} (parts want {parts})")
    for name, widget in key_widgets(window).items():
        top_left = widget.mapTo(window, QPoint(0, 0))
        box = QRect(top_left, widget.size())
        if not widget.isVisible() or not inside.contains(box) or box.width() < 20:
            wrong.append(f"{name} at {box.getRect()} in {inside.getRect()}")
    return wrong


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1366x768"])
def test_first_start_fits_the_screen_and_articles_never_widen_it(
        qtbot: Any, make_desktop: Any, lang: str, size: tuple[int, int]) -> None:
    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    width, height = size
    available = QRect(0, 0, width, height - TASKBAR)
    window.fit_to(available)  # what the first start does with the screen it opens on
    QApplication.processEvents()
    frame = window.frameGeometry()
    assert available.contains(frame), (frame.getRect(), available.getRect())
    assert window.minimumSizeHint().width() <= width
    assert window.minimumSizeHint().height() <= height - TASKBAR - 30
    assert not outside(window)

    # Maximized on that screen, with every article that has long action buttons.
    window.resize(width, height - TASKBAR - 30)
    before = window.size()
    panel = window.kb_panel
    for slug in WIDE_ARTICLES:
        with qtbot.waitSignal(panel.article_opened, timeout=15000):
            panel.open_article(slug)
        qtbot.wait(300)  # the reply cards are laid out in slices
        assert window.size() == before, (slug, window.size(), before)
        assert not outside(window), slug
        for button in panel.article_panel.actions_row.buttons:
            box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            assert window.rect().contains(box), (slug, button.text(), box.getRect())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_history_needs_no_sideways_scrolling_at_1366(
        qtbot: Any, make_desktop: Any, lang: str) -> None:
    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    window.resize(1366, 768 - TASKBAR - 30)
    window.focus_history()
    QApplication.processEvents()
    table = window.history_panel.table
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not table.isColumnHidden(c)]
    assert len(shown) >= 4  # when, number, caller, length at least
    assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()
    metrics = header.fontMetrics()
    for column in shown:
        title = table.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title), title


def test_a_saved_geometry_larger_than_the_screen_is_fitted(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"})
    window = desktop.window
    window.resize(1900, 1050)
    window.fit_to(QRect(0, 0, 1366, 728))
    assert QRect(0, 0, 1366, 728).contains(window.frameGeometry())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_call_state_fits_1280x720(
        qtbot: Any, make_desktop: Any, peer_factory: Any, lang: str) -> None:
    caller = peer_factory("--user", "79161234567")
    department = peer_factory("--auto-answer")
    write_site({"quality": department.uri("quality"), "supervisor": department.uri("sv")})
    desktop = make_desktop({"ui.language": lang, "sip.listen": "127.0.0.1:0",
                            "hold.warn_seconds": 1, "hold.alarm_seconds": 2}, start_phone=True)
    window, phone = desktop.window, desktop.phone
    window.resize(1280, 720 - TASKBAR - 30)
    before = window.size()
    qtbot.waitUntil(lambda: bool(phone.listen_address), timeout=30000)
    search = window.kb_panel.search_field

    def search_box() -> QRect:
        return QRect(search.mapTo(window, QPoint(0, 0)), search.size())

    idle_search = search_box()
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(window.ring_notice.isVisible, timeout=20000)
    assert not outside(window, before), "ringing"
    window.call_panel.on_answer_clicked()
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    panel = window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("technical-failure")
    window.call_panel.on_hold_key()
    qtbot.waitUntil(window.hold_banner.isVisible, timeout=20000)
    qtbot.waitUntil(lambda: window.hold_banner.level == "alarm", timeout=10000)
    assert not outside(window, before), "on hold with an article"
    assert search_box() == idle_search  # the hold timer moves and narrows nothing
    window.call_panel.on_hold_key()
    qtbot.waitUntil(lambda: not window.hold_banner.isVisible(), timeout=20000)
    call = phone.current_call()
    desktop.actions.transfer(call.call, department.uri("sv"), consultative=True)
    qtbot.waitUntil(window.call_panel.complete_button.isVisible, timeout=20000)
    assert not outside(window, before), "consulting"
    for button in (window.call_panel.complete_button, window.call_panel.cancel_consult_button):
        box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        assert window.rect().contains(box), button.text()
    assert window.size() == before


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_results_take_the_height_until_an_article_opens(
        qtbot: Any, make_desktop: Any, size: tuple[int, int]) -> None:
    """Before the first article the area below the results holds only the hint: the results get
    the height. The first article opened takes the larger share,
    and the chosen row stays in view."""
    from tests.ui.helpers import press, search_for

    desktop = make_desktop({"ui.language": "ru"})
    window = desktop.window
    window.resize(size[0], size[1] - TASKBAR - 30)
    panel = window.kb_panel
    QApplication.processEvents()
    idle_search = panel.search_field.mapTo(window, QPoint(0, 0))
    search_for(qtbot, panel, "роутер", rows=9)
    QApplication.processEvents()
    assert panel.search_field.mapTo(window, QPoint(0, 0)) == idle_search
    results, article = panel.splitter.sizes()
    assert results > 3 * article, (results, article)
    assert panel.placeholder.isVisible()  # the hint is still there, below the results
    for _ in range(7):
        press(panel.search_field, Qt.Key.Key_Down)
    chosen = panel.results.currentIndex()
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        press(panel.search_field, Qt.Key.Key_Return)
    QApplication.processEvents()
    results, article = panel.splitter.sizes()
    assert article > 2 * results, (results, article)
    row = panel.results.visualRect(chosen)
    assert panel.results.viewport().rect().contains(row), row.getRect()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_ring_moves_neither_the_search_nor_the_results_at_1366x768(
        qtbot: Any, make_desktop: Any, peer_factory: Any, lang: str) -> None:
    """The ring notice takes the knowledge base title's place: the search box and the results
    list stay where the operator's eyes and cursor are, for one ringing call and for two."""
    caller = peer_factory("--user", "79161234567")
    desktop = make_desktop({"ui.language": lang, "sip.listen": "127.0.0.1:0"}, start_phone=True)
    window, phone = desktop.window, desktop.phone
    window.resize(1366, 768 - TASKBAR - 30)
    qtbot.waitUntil(lambda: bool(phone.listen_address), timeout=30000)
    panel = window.kb_panel
    panel.search_field.setText("manager phone")
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0, timeout=15000)
    QApplication.processEvents()

    def boxes() -> list[tuple[int, int, int, int]]:
        QApplication.processEvents()
        return [QRect(w.mapTo(window, QPoint(0, 0)), w.size()).getRect()
                for w in (panel.search_field, panel.results, panel.splitter)]

    idle = boxes()
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(window.ring_notice.isVisible, timeout=20000)
    assert boxes() == idle, "one call ringing"
    notice = QRect(window.ring_notice.mapTo(window, QPoint(0, 0)), window.ring_notice.size())
    assert notice.bottom() < idle[0][1], "the notice sits above the search box"
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(lambda: len(phone.ringing_calls()) == 2, timeout=20000)
    qtbot.waitUntil(lambda: bool(window.ring_notice.detail.text()), timeout=5000)
    assert boxes() == idle, "two calls ringing"
    for button in (window.ring_notice.answer_button, window.ring_notice.reject_button):
        box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        assert window.rect().contains(box) and box.width() >= button.sizeHint().width()
    caller.send("hangup")
    caller.send("hangup")
    qtbot.waitUntil(lambda: not window.ring_notice.isVisible(), timeout=20000)
    assert boxes() == idle, "after the ring"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_long_status_message_is_cut_with_its_whole_text_a_key_away_at_1366(
        qtbot: Any, make_desktop: Any, lang: str) -> None:
    """A message wider than the status bar's room is cut with "…" before the permanent
    widgets (never drawn under them); its tooltip, the Details link and Ctrl+M give it whole."""
    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    window.resize(1366, 768 - TASKBAR - 30)
    window.show()
    qtbot.waitExposed(window)
    status = window.status
    long_text = ("“reception-desk-of-the-main-office” is not a SIP address and no SIP server is "
                 "set: type sip:user@host, or set the SIP server in the settings (Ctrl+,). " * 2)
    status.show_message(long_text.strip())
    QApplication.processEvents()
    whole = " ".join(long_text.split())
    assert status.currentMessage() == whole
    message = status.message
    assert message.isVisible() and message.is_elided()
    assert message.shown_text().endswith("…") and message.toolTip() == whole
    right = QRect(message.mapTo(status, QPoint(0, 0)), message.size()).right()
    first_permanent = min(w.mapTo(status, QPoint(0, 0)).x()
                          for w in (status.sync_label, status.kb_label, status.agent_button)
                          if w.isVisible())
    assert right < first_permanent
    link = status.details_link
    assert link.isVisible()
    assert window.rect().contains(QRect(link.mapTo(window, QPoint(0, 0)), link.size()))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.messages_dialog is not None
                    and window.messages_dialog.isVisible(), timeout=5000)
    assert whole in window.messages_dialog.text.toPlainText()
    window.messages_dialog.reject()
    status.show_message("Saved.")
    QApplication.processEvents()
    assert not status.message.is_elided() and not status.details_link.isVisible()
    status.clearMessage()
    assert status.currentMessage() == "" and status.registration.isVisible()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_missed_count_takes_room_only_in_the_status_bar_at_1366(
        qtbot: Any, make_desktop: Any, lang: str) -> None:
    """Calls missed or turned away appear as a count beside the agent state: the status bar
    keeps its height, the panels above do not move and the count stays whole in the window."""
    from agent.phone.protocol import AgentState, Refusal
    from agent.ui.phone_state import RefusedCall

    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    window.resize(1366, 768 - TASKBAR - 30)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    status = window.status
    before = (status.height(), window.splitter.geometry(), status.agent_button.isVisible())
    desktop.phone.agent = dataclasses.replace(desktop.phone.agent, state=AgentState.NOT_READY,
                                              reason="Lunch")
    for number in ("79161234567", "+7 (495) 000-11-22", "sip:very-long-name@pbx.example.com"):
        desktop.call_notes.on_call_refused(RefusedCall(
            at=time.time(), number=number, code=486, cause=Refusal.NOT_READY, reason="Lunch"))
    QApplication.processEvents()
    badge = status.missed_button
    assert badge.isVisible() and "3" in badge.text()
    assert (status.height(), window.splitter.geometry(),
            status.agent_button.isVisible()) == before
    assert window.rect().contains(QRect(badge.mapTo(window, QPoint(0, 0)), badge.size()))
    message = status.message
    assert message.isVisible()
    assert QRect(message.mapTo(status, QPoint(0, 0)), message.size()).right() \
        < badge.mapTo(status, QPoint(0, 0)).x()
    assert outside(window) == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_call_message_never_moves_the_call_buttons_at_1366x768(
        qtbot: Any, make_desktop: Any, lang: str) -> None:
    """The call panel's message (a failed dial, a refused transfer) takes its lines from the
    Lines table: the call buttons stay where the pointer is, whatever the message says."""
    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    window.resize(1366, 768 - TASKBAR - 30)
    panel = window.call_panel
    buttons = (panel.answer_button, panel.hold_button, panel.hangup_button, panel.swap_button)

    def boxes() -> list[tuple[int, int, int, int]]:
        QApplication.processEvents()
        return [QRect(b.mapTo(window, QPoint(0, 0)), b.size()).getRect() for b in buttons]

    before = boxes()
    desktop.phone.error_reported.emit(
        "“reception-desk-of-the-main-office” is not a SIP address and no SIP server is set: "
        "type sip:user@host, or set the SIP server in the settings (Ctrl+,).")
    assert panel.message.text() and boxes() == before
    panel.message.clear()
    assert boxes() == before


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_beside_a_held_call_the_ring_notice_still_shows_who_calls_at_1366x768(
        qtbot: Any, make_desktop: Any, lang: str) -> None:
    """The narrowest row: a held caller's timer and a ringing call share it. The caller's
    name stays whole (the words after it give way), and nothing below moves."""
    from agent.phone.protocol import Call, CallState, Direction, HoldState

    desktop = make_desktop({"ui.language": lang})
    window, phone = desktop.window, desktop.phone
    window.resize(1366, 768 - TASKBAR - 30)
    search = window.kb_panel.search_field

    def search_box() -> tuple[int, int, int, int]:
        QApplication.processEvents()
        return QRect(search.mapTo(window, QPoint(0, 0)), search.size()).getRect()

    idle = search_box()
    phone.on_call_changed(Call(call=1, direction=Direction.IN, remote_uri="sip:1@pbx",
                               caller_id="Анна Петрова-Водкина", state=CallState.CONFIRMED,
                               hold=HoldState.LOCAL, held_since=time.time() - 5))
    window.hold_banner.tick()
    phone.on_call_changed(Call(call=2, direction=Direction.IN, remote_uri="sip:2@pbx",
                               caller_id="+7 916 123-45-67", state=CallState.INCOMING))
    QApplication.processEvents()
    notice = window.ring_notice
    assert not notice.isHidden() and not window.hold_banner.isHidden()
    assert "+7 916 123-45-67" in notice.title.shown_text()  # drawn whole, not cut
    assert search_box() == idle
    assert window.width() == 1366
    for widget in (notice.answer_button, notice.reject_button, window.hold_banner.resume_button):
        box = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert window.rect().contains(box) and box.width() >= widget.minimumSizeHint().width()


def test_empty_lists_say_what_will_appear_in_them(qtbot: Any, make_desktop: Any) -> None:
    """The Lines table and the History are not blank white boxes before the first call: each
    says what appears there (and a history search that finds nothing says so)."""
    from agent.phone.protocol import Call, CallState, Direction

    desktop = make_desktop({"ui.language": "ru"})
    window = desktop.window
    window.resize(1366, 768 - TASKBAR - 30)
    window.show()
    qtbot.waitExposed(window)
    lines_hint = window.call_panel.lines_hint
    assert lines_hint.isVisible() and "Ctrl+D" in lines_hint.text()
    assert lines_hint.text().startswith("Звонков нет")
    window.focus_history()
    history = window.history_panel
    qtbot.waitUntil(lambda: history.empty_hint.isVisible(), timeout=10000)
    assert history.empty_hint.text().startswith("Звонков пока не было")
    history.search.setText("нет такого")
    qtbot.waitUntil(lambda: "нет такого" in history.empty_hint.text(), timeout=10000)
    assert history.empty_hint.isVisible()
    desktop.phone.on_call_changed(Call(call=1, direction=Direction.IN, remote_uri="sip:1@pbx",
                                       caller_id="1001", state=CallState.INCOMING))
    QApplication.processEvents()
    assert not lines_hint.isVisible()

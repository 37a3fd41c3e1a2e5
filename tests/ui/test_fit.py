"""The desk fits the floor's screens: at 1280×720 and 1366×768, in English and Russian, the
window opens within the screen and every control an operator needs during a call stays inside it,
whatever article is open.
"""

from __future__ import annotations

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

"""The floor from both ends, with real windows: the operator's desk (with its phone engine) and
the Supervisor window on one real hub; callers and the supervisor's phone are engine peers.

- a held call shows on the board with the hold time the engine measured;
- the Help key raises a hand that reaches the Supervisor window (chime, notification), whose
  answer returns to the desk and makes the desk call the supervisor's line;
- a callback promised in a note appears on both due lists, is dialled with one key from the
  desk and closed with its outcome.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtCore import QDateTime, Qt
from PyQt6.QtWidgets import QApplication

from agent.settings import Settings
from agent.ui.supervisor.app import build_supervisor
from kb.wire.floor import Activity
from tests.hub.servers import HubProcess
from tests.ui.helpers import press, type_text

pytestmark = pytest.mark.sip
FAST_HOLD = {"hold.warn_seconds": 1, "hold.alarm_seconds": 2}


@pytest.fixture
def floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    hub = HubProcess(tmp_path / "hub", f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite'}")
    tokens = {"sup": hub.add_user("sup", "supervisor"), "olga": hub.add_user("olga", "agent")}
    hub.start()
    monkeypatch.setenv("SUFLER_HUB_TOKEN", tokens["olga"])  # the desk's token
    try:
        yield {"hub": hub, **tokens}
    finally:
        hub.stop()


def open_desk(make_desktop: Any, qtbot: Any, hub_url: str, **user: Any) -> Any:
    desktop = make_desktop({"sip.listen": "127.0.0.1:0", "agent.wrap_up_seconds": 300,
                            "hub.url": hub_url, "hub.sync_interval_seconds": 5, **FAST_HOLD,
                            **user}, start_phone=True)
    qtbot.waitUntil(lambda: bool(desktop.phone.engine_running
                                 and desktop.phone.listen_address), timeout=30000)
    qtbot.waitUntil(lambda: desktop.floor.available, timeout=10000)
    return desktop


def open_supervisor(qtbot: Any, hub_url: str, token: str, lang: str = "en") -> Any:
    settings = Settings()
    settings.user["hub.url"] = hub_url
    window = build_supervisor(settings, lang, token=token)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.service.state == "online", timeout=20000)
    return window


def to_front(qtbot: Any, window: Any) -> None:
    """The operator works in the desk window (its shortcuts need it to be active)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=20_000)


def answer_a_call(qtbot: Any, desktop: Any, caller: Any) -> Any:
    caller.send(f"dial sip:operator@{desktop.phone.listen_address}")
    qtbot.waitUntil(lambda: desktop.window.ring_notice.isVisible(), timeout=20000)
    to_front(qtbot, desktop.window)
    press(desktop.window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: any(c.is_confirmed for c in desktop.phone.live_calls()),
                    timeout=20000)
    return desktop.phone.live_calls()[0]


def test_a_hold_on_the_board_and_a_raised_hand_answered_by_joining(
        qtbot: Any, make_desktop: Any, peer_factory: Any, floor: dict[str, Any]) -> None:
    hub = floor["hub"]
    caller = peer_factory()
    supervisor_phone = peer_factory("--auto-answer")
    desktop = open_desk(make_desktop, qtbot, hub.url)
    window = open_supervisor(qtbot, hub.url, floor["sup"])
    board = window.board.model

    answer_a_call(qtbot, desktop, caller)
    press(desktop.window, Qt.Key.Key_F6)  # hold
    qtbot.waitUntil(lambda: desktop.phone.held_call() is not None, timeout=20000)
    held_since = float(desktop.phone.held_call().held_since)

    def olga() -> Any:
        row = board.row_of("olga")
        return board.rows[row] if row >= 0 else None

    qtbot.waitUntil(lambda: olga() is not None
                    and olga().activity(window.service.hub_now()) is Activity.ON_HOLD,
                    timeout=20000)
    call = olga().main_call
    assert call.held_since == pytest.approx(held_since, abs=0.5)
    assert (call.warn_s, call.alarm_s) == (1, 2)  # the operator's own thresholds
    hold_cell = board.index(board.row_of("olga"), 5)
    qtbot.waitUntil(lambda: board.hold_of(olga(), window.service.hub_now())[1] == "alarm",
                    timeout=10000)
    assert board.data(hold_cell).count(":") == 1  # m:ss on hold

    # The Help key: a short line, Enter.
    to_front(qtbot, desktop.window)
    press(desktop.window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: desktop.window.help_dialog is not None
                    and desktop.window.help_dialog.isVisible(), timeout=20_000)
    dialog = desktop.window.help_dialog
    assert "on hold" in dialog.context.text()
    assert not dialog.call_button.isVisible()  # no line to call until the supervisor gives one
    type_text(dialog.line, "Абонент угрожает")
    press(dialog.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(a.get("text") == "Абонент угрожает"
                                for a in window.service.alerts.values()), timeout=20000)
    alert = next(a for a in window.service.alerts.values() if a["text"] == "Абонент угрожает")
    assert alert["operator"] == "olga" and alert["on_hold"] is True
    assert alert["held_since"] == pytest.approx(held_since, abs=0.5)
    assert window.notifications >= 1
    assert window.tabs.currentWidget() is window.alerts
    assert "Абонент угрожает" in window.alerts.details.text()

    # The supervisor joins as a conference from their own line.
    window.alerts.line.setText(supervisor_phone.uri("boss"))
    window.alerts.join_conference.click()
    qtbot.waitUntil(lambda: "joins your call" in desktop.window.status.help_label.text(),
                    timeout=20000)
    assert desktop.window.status.help_label.isVisible()
    qtbot.waitUntil(lambda: supervisor_phone.saw(lambda e: e.get("event") == "call"
                                                 and e.get("state") == "confirmed"),
                    timeout=20000)
    qtbot.waitUntil(lambda: window.service.alerts[alert["id"]]["state"] == "acknowledged",
                    timeout=10000)
    # The caller and the supervisor are bridged: both lines talk, neither is held.
    qtbot.waitUntil(lambda: len(desktop.phone.conference) == 2
                    and len(desktop.phone.talking_calls()) == 2, timeout=20000)
    window.alerts.close_button.click()
    qtbot.waitUntil(lambda: alert["id"] not in window.service.alerts, timeout=10000)
    window.close()


def test_a_promised_callback_is_due_dialled_with_one_key_and_closed(
        qtbot: Any, make_desktop: Any, peer_factory: Any, floor: dict[str, Any]) -> None:
    hub = floor["hub"]
    caller = peer_factory()
    customer = peer_factory("--auto-answer")  # where the callback goes
    desktop = open_desk(make_desktop, qtbot, hub.url)
    window = open_supervisor(qtbot, hub.url, floor["sup"])
    notes_panel = desktop.window.notes_panel

    answer_a_call(qtbot, desktop, caller)
    qtbot.waitUntil(lambda: notes_panel.session is not None, timeout=10000)
    notes_panel.open_callback()
    notes_panel.callback_number.clear()
    type_text(notes_panel.callback_number, customer.uri("client"))
    notes_panel.callback_when.setDateTime(QDateTime.currentDateTime().addSecs(-120))
    type_text(notes_panel.callback_comment, "уточнить тариф")
    with qtbot.waitSignal(desktop.floor.callback_due, timeout=40000) as due:
        to_front(qtbot, desktop.window)
        press(desktop.window, Qt.Key.Key_F10)  # hang up; the note syncs
    item = due.args[0]
    assert item["number"] == customer.uri("client") and item["comment"] == "уточнить тариф"
    qtbot.waitUntil(lambda: item["id"] in window.service.callbacks, timeout=20000)
    assert window.service.callbacks[item["id"]]["promised_by"] == "olga"
    qtbot.waitUntil(lambda: "Callback due" in desktop.window.statusBar().currentMessage(),
                    timeout=20_000)

    # One key: F5 shows the list, Enter dials the chosen callback.
    to_front(qtbot, desktop.window)
    press(desktop.window, Qt.Key.Key_F5)
    panel = desktop.window.callbacks_panel
    assert desktop.window.side_tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1, timeout=20_000)
    assert "(1)" in desktop.window.side_tabs.tabText(desktop.window.side_tabs.indexOf(panel))
    press(panel.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: customer.saw(lambda e: e.get("event") == "call"
                                         and e.get("state") == "confirmed"), timeout=20000)
    press(desktop.window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: not desktop.phone.live_calls(), timeout=20000)
    panel.outcome_buttons[next(iter(panel.outcome_buttons))].click()  # Reached
    qtbot.waitUntil(lambda: item["id"] not in window.service.callbacks, timeout=20000)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 0, timeout=10000)
    done = window.service.api.callbacks(state="done")
    assert [(c["id"], c["outcome"], c["closed_by"]) for c in done] == [
        (item["id"], "reached", "olga")]
    QApplication.processEvents()
    time.sleep(0.1)
    window.close()

"""Whole-screen shots of the desk as it opens on a real screen (``make screenshots`` renders them
under Xvfb with a window manager, at the floor's screen sizes).

Skipped unless SUFLER_SCREENSHOT_DIR is set. The first start opens the window by itself
(maximized on screens of 1280×720 and up); the shots are of the whole screen, so a window
larger than the screen or a control off its edge shows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtWidgets import QApplication

from tests.ui.conftest import write_site
from tests.ui.helpers import type_text

pytestmark = pytest.mark.screenshots

NOTES = {"ru": "Не работает интернет с утра, роутер перезагружали",
         "en": "No internet since the morning, the router was restarted"}


def shoot(qtbot: Any, window: Any, state: str, lang: str) -> None:
    qtbot.wait(500)
    screen = window.screen()
    size = screen.size()
    directory = Path(os.environ["SUFLER_SCREENSHOT_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    name = f"desk-{size.width()}x{size.height()}-{state}-{lang}.png"
    assert screen.grabWindow(0).save(str(directory / name), "PNG")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_whole_call_on_the_floor_screen(qtbot: Any, make_desktop: Any, peer_factory: Any,
                                          lang: str) -> None:
    caller = peer_factory("--user", "79161234567")
    department = peer_factory("--auto-answer")
    write_site({"quality": department.uri("quality"), "supervisor": department.uri("sv")})
    desktop = make_desktop({"ui.language": lang, "sip.listen": "127.0.0.1:0",
                            "sip.display_name": "Ольга" if lang == "ru" else "Olga",
                            "hold.warn_seconds": 1, "hold.alarm_seconds": 2}, start_phone=True)
    window, phone = desktop.window, desktop.phone
    qtbot.waitUntil(lambda: bool(phone.listen_address), timeout=30000)
    shoot(qtbot, window, "idle", lang)
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(window.ring_notice.isVisible, timeout=20000)
    shoot(qtbot, window, "ringing", lang)
    window.call_panel.on_answer_clicked()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None
                    and any(c.is_confirmed for c in phone.live_calls()), timeout=20000)
    type_text(window.notes_panel.caller_name, "Анна" if lang == "ru" else "Anna")
    type_text(window.notes_panel.text, NOTES[lang])
    panel = window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("technical-failure")
    window.call_panel.on_hold_key()
    qtbot.waitUntil(lambda: window.hold_banner.level == "alarm", timeout=20000)
    shoot(qtbot, window, "on-hold-article", lang)
    window.call_panel.on_hold_key()
    qtbot.waitUntil(lambda: not window.hold_banner.isVisible(), timeout=20000)
    call = phone.current_call()
    desktop.actions.transfer(call.call, department.uri("sv"), consultative=True)
    qtbot.waitUntil(lambda: any(c.consult_for is not None and c.is_confirmed
                                for c in phone.live_calls()), timeout=20000)
    shoot(qtbot, window, "consulting", lang)
    qtbot.waitUntil(window.call_panel.conference_button.isEnabled, timeout=20000)
    window.call_panel.on_conference_clicked()  # the caller joins: a three-way call
    qtbot.waitUntil(lambda: len(phone.conference) == 2 and len(phone.talking_calls()) == 2,
                    timeout=20000)
    shoot(qtbot, window, "conference", lang)
    window.call_panel.on_cancel_consult_clicked()
    qtbot.waitUntil(lambda: not phone.consult_calls(), timeout=20000)
    department.send("state not-ready Busy")
    qtbot.wait(500)
    desktop.actions.transfer(call.call, department.uri("quality"), consultative=False)
    qtbot.waitUntil(lambda: "486" in window.call_panel.message.text(), timeout=20000)
    shoot(qtbot, window, "transfer-refused", lang)
    window.call_panel.on_hangup_clicked()
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    shoot(qtbot, window, "wrap-up", lang)
    window.focus_history()
    shoot(qtbot, window, "history", lang)
    window.open_settings()
    qtbot.waitUntil(lambda: window.settings_dialog is not None
                    and window.settings_dialog.isVisible(), timeout=5000)
    shoot(qtbot, window, "settings", lang)
    window.settings_dialog.reject()
    QApplication.processEvents()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_calls_turned_away_while_not_ready_on_the_floor_screen(
        qtbot: Any, make_desktop: Any, peer_factory: Any, lang: str) -> None:
    from agent.phone.protocol import AgentState

    callers = [peer_factory("--user", number) for number in ("79161234567", "74950001122")]
    desktop = make_desktop({"ui.language": lang, "sip.listen": "127.0.0.1:0"},
                           start_phone=True)
    window, phone = desktop.window, desktop.phone
    qtbot.waitUntil(lambda: bool(phone.engine_running and phone.listen_address), timeout=30000)
    phone.set_agent_state(AgentState.NOT_READY, "Lunch")
    qtbot.waitUntil(lambda: phone.agent.state is AgentState.NOT_READY, timeout=10000)
    for count, caller in enumerate(callers, 1):
        caller.send(f"dial sip:operator@{phone.listen_address}")
        qtbot.waitUntil(lambda n=count: len(window.missed) == n, timeout=20000)
    shoot(qtbot, window, "turned-away", lang)
    window.focus_history()
    qtbot.waitUntil(lambda: sum(n.wrap_up_code == "refused"
                                for n in window.history_panel.model.notes) == 2, timeout=10000)
    shoot(qtbot, window, "turned-away-history", lang)

"""Screenshots for docs/screenshots (``make screenshots`` renders them under Xvfb).

Skipped unless SUFLER_SCREENSHOT_DIR is set. The window is driven exactly as in the behaviour
tests: real KB, a real engine peer calling in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QWidget

from tests.ui.helpers import press, search_for, type_text

pytestmark = pytest.mark.screenshots

QUERIES = {"ru": "требует директора", "en": "wants the director"}
NAMES = {"ru": "Анна", "en": "Anna"}
SIZE = (1360, 820)


def save(widget: QWidget, name: str) -> None:
    directory = Path(os.environ["SUFLER_SCREENSHOT_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(directory / f"{name}.png"), "PNG", 0)


def settle(qtbot: Any, ms: int = 400) -> None:
    qtbot.wait(ms)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_idle_first_run(qtbot: Any, make_desktop: Any, lang: str) -> None:
    desktop = make_desktop({"ui.language": lang}, start_phone=True)
    desktop.window.showNormal()  # the first start opens maximized on a large screen
    desktop.window.resize(*SIZE)
    qtbot.waitUntil(lambda: desktop.phone.engine_running, timeout=30000)
    settle(qtbot)
    save(desktop.window, f"idle-{lang}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_ringing_hold_and_settings(qtbot: Any, make_desktop: Any, peer_factory: Any,
                                   lang: str) -> None:
    caller = peer_factory("--user", "79161234567")
    desktop = make_desktop({"ui.language": lang, "sip.listen": "127.0.0.1:0",
                            "sip.display_name": "Ольга" if lang == "ru" else "Olga",
                            "hold.warn_seconds": 1, "hold.alarm_seconds": 30},
                           start_phone=True)
    window, phone = desktop.window, desktop.phone
    window.showNormal()
    window.resize(*SIZE)
    qtbot.waitUntil(lambda: bool(phone.listen_address), timeout=30000)
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(window.ring_notice.isVisible, timeout=20000)
    settle(qtbot)
    save(window, f"ringing-{lang}")

    window.call_panel.on_answer_clicked()  # the keys are covered by the behaviour tests
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None, timeout=20000)
    type_text(window.notes_panel.caller_name, NAMES[lang])
    type_text(window.notes_panel.text, "Требует телефон директора" if lang == "ru"
              else "Wants the director's phone number")
    window.call_panel.on_hold_key()
    qtbot.waitUntil(window.hold_banner.isVisible, timeout=20000)
    panel = window.kb_panel
    search_for(qtbot, panel, QUERIES[lang])
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        press(panel.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.hold_banner.level == "warn", timeout=10000)
    cards = panel.article_panel.cards
    qtbot.waitUntil(cards.is_complete, timeout=10000)
    if cards.cards:
        cards.cards[min(1, len(cards.cards) - 1)].setFocus()
    settle(qtbot)
    save(window, f"on-hold-search-{lang}")

    desktop.window.open_settings()
    dialog = desktop.window.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    settle(qtbot)
    save(dialog, f"settings-{lang}")
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # company: values locked by IT
    settle(qtbot)
    save(dialog, f"settings-locked-{lang}")
    dialog.reject()

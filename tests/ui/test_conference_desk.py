"""Swap, conference and do-not-disturb from the desk: keys and buttons of the real window drive
the desk's own phone engine; the far ends are engine peers in other processes, and what they hear
is checked by FFT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtCore import Qt

from tests.phone.test_audio import dominant_frequency, write_tone
from tests.ui.helpers import press
from tests.ui.test_call_flow import start_desktop

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _dial(qtbot: Any, desktop: Any, uri: str, count: int) -> None:
    panel = desktop.window.call_panel
    panel.dial_field.setText(uri)
    press(panel.dial_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(desktop.phone.connected_calls()) == count, timeout=20000)


def _held(peer: Any, held: bool) -> bool:
    """The last hold state the peer's engine reported for its call."""
    peer.saw(lambda e: False)
    states = [e.get("hold") for e in peer.seen if e.get("event") == "call"]
    return bool(states) and (states[-1] == "remote") == held


def test_two_calls_swap_and_conference_from_the_keyboard(
        qtbot: Any, make_desktop: Any, peer_factory: Any, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    write_tone(prompts / "alice700.wav", 700, 2.0)
    alice = peer_factory("--auto-answer", "--audio", "null", "--prompts", str(prompts))
    bob = peer_factory("--auto-answer", "--audio", "null", "--prompts", str(prompts))
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "en"})
    window, phone = desktop.window, desktop.phone
    panel = window.call_panel

    _dial(qtbot, desktop, alice.uri("alice"), 1)
    assert not panel.swap_button.isEnabled() and not panel.conference_button.isEnabled()
    assert not window.call_actions["swap"].isEnabled()
    _dial(qtbot, desktop, bob.uri("bob"), 2)  # Alice goes on hold
    qtbot.waitUntil(lambda: panel.swap_button.isEnabled(), timeout=20000)
    assert panel.conference_button.isEnabled() and window.call_actions["conference"].isEnabled()
    qtbot.waitUntil(lambda: _held(alice, True) and _held(bob, False), timeout=20000)

    # Shift+F6 swaps: Bob waits, Alice talks; again, and Bob talks.
    press(window, Qt.Key.Key_F6, SHIFT)
    qtbot.waitUntil(lambda: _held(alice, False) and _held(bob, True), timeout=20000)
    qtbot.waitUntil(lambda: panel.swap_button.isEnabled(), timeout=20000)
    panel.swap_button.click()
    qtbot.waitUntil(lambda: _held(alice, True) and _held(bob, False), timeout=20000)

    # Ctrl+F6 joins them: nobody is held, and Bob hears Alice through the desk.
    qtbot.waitUntil(lambda: panel.conference_button.isEnabled(), timeout=20000)
    press(window, Qt.Key.Key_F6, CTRL)
    qtbot.waitUntil(lambda: len(phone.conference) == 2, timeout=20000)
    qtbot.waitUntil(lambda: _held(alice, False) and _held(bob, False), timeout=20000)
    assert not panel.swap_button.isEnabled() and not panel.conference_button.isEnabled()
    # The desk learns of each resume from its engine a moment after the far end does.
    qtbot.waitUntil(lambda: {panel.model.index(row, 1).data()
                             for row in range(panel.model.rowCount())} == {"Conference"},
                    timeout=20000)
    assert panel.message.text() == "Conference: both callers hear each other and you."
    at_alice = next(e["call"] for e in alice.seen if e.get("event") == "call")
    at_bob = next(e["call"] for e in bob.seen if e.get("event") == "call")
    heard = tmp_path / "bob.wav"
    bob.send(f'{{"cmd": "record", "call": {at_bob}, "file": "{heard}"}}')
    bob.wait_for(lambda e: e.get("event") == "recording" and not e.get("finished"))
    alice.send(f'{{"cmd": "play", "call": {at_alice}, "file": "alice700.wav"}}')
    alice.wait_for(lambda e: e.get("event") == "prompt" and e.get("finished"), timeout=30)
    bob.send(f"hangup {at_bob}")
    bob.wait_for(lambda e: e.get("event") == "recording" and e.get("finished"))
    freq, rms = dominant_frequency(heard)
    assert rms > 300 and abs(freq - 700) < 25, (freq, rms)
    # Bob left: Alice stays with the operator, the conference is over.
    qtbot.waitUntil(lambda: len(phone.connected_calls()) == 1 and not phone.conference,
                    timeout=20000)
    assert _held(alice, False)
    assert panel.message.text() == "The conference is over."


def test_do_not_disturb_from_the_call_menu_refuses_calls(
        qtbot: Any, make_desktop: Any, peer_factory: Any) -> None:
    caller = peer_factory()
    desktop = start_desktop(make_desktop, qtbot, **{"ui.language": "ru"})
    window, status = desktop.window, desktop.window.status
    assert status.dnd_button.text() == "Не беспок."
    press(window, Qt.Key.Key_F12, CTRL)
    qtbot.waitUntil(lambda: desktop.phone.dnd and status.dnd_button.isChecked(), timeout=10000)
    assert window.call_actions["dnd"].isChecked()
    assert desktop.phone.agent.state.value == "ready"  # the state itself is untouched
    caller.send(f"dial sip:operator@{desktop.phone.listen_address}")
    ended = caller.wait_for(lambda e: e.get("event") == "call" and e.get("state") == "disconnected")
    assert ended["code"] == 486
    assert not window.ring_notice.isVisible() and not desktop.phone.live_calls()
    status.dnd_button.click()  # off again from the status bar
    qtbot.waitUntil(lambda: not desktop.phone.dnd and not status.dnd_button.isChecked(),
                    timeout=10000)
    caller.send(f"dial sip:operator@{desktop.phone.listen_address}")
    qtbot.waitUntil(lambda: window.ring_notice.isVisible(), timeout=20000)


pytestmark = [pytest.mark.timeout(180)]

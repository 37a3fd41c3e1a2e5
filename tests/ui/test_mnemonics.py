"""No two Alt+letter mnemonics collide within the window, a menu or a dialog, in either language
(a collision makes Alt+letter cycle between fields instead of going where the label says)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from PyQt6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabWidget, QWidget

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    match = MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def window_mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every label, button, group and tab under ``root`` (menus apart)."""
    found: list[tuple[str, str]] = []
    texts: list[str] = []
    for label in root.findChildren(QLabel):
        if label.buddy() is not None:
            texts.append(label.text())
    texts += [b.text() for b in root.findChildren(QAbstractButton)]
    texts += [g.title() for g in root.findChildren(QGroupBox)]
    for tabs in root.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    menu_bar = getattr(root, "menuBar", None)
    if menu_bar is not None:
        texts += [a.text() for a in menu_bar().actions()]
    for text in texts:
        letter = mnemonic(text)
        if letter:
            found.append((letter, text))
    return found


def duplicates(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    counts = Counter(letter for letter, _ in found)
    return {letter: [t for m, t in found if m == letter] for letter, n in counts.items() if n > 1}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_duplicate_mnemonics(qtbot: Any, make_desktop: Any, lang: str) -> None:
    desktop = make_desktop({"ui.language": lang})
    window = desktop.window
    assert not duplicates(window_mnemonics(window))
    for menu in window.menuBar().findChildren(QMenu):
        found = [(m, a.text()) for a in menu.actions() if (m := mnemonic(a.text()))]
        assert not duplicates(found), menu.title()
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    for index in range(dialog.tabs.count()):
        page = dialog.tabs.widget(index)
        assert not duplicates(window_mnemonics(page)), dialog.tabs.tabText(index)
    dialog.reject()
    window.call_panel.phone.calls.clear()
    from agent.ui.call_panel import TransferDialog

    transfer = TransferDialog(desktop.settings.departments(), lang, window)
    assert not duplicates(window_mnemonics(transfer))
    transfer.deleteLater()

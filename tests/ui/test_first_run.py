"""First run on a machine without any PBX: the window works, the KB answers, the status bar
says there is no SIP account and leads to the settings."""

from __future__ import annotations

from typing import Any

from tests.ui.helpers import type_text


def test_first_run_without_pbx(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"}, start_phone=True)
    status = desktop.window.status
    qtbot.waitUntil(lambda: desktop.phone.engine_running, timeout=30000)
    assert "No SIP account" in status.registration.text()
    assert status.settings_link.isVisible()
    assert "Ready" in status.agent_button.text()

    panel = desktop.window.kb_panel
    type_text(panel.search_field, "абонент молчит")  # Russian words, English interface
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0, timeout=15000)
    assert panel.results_model.hits[0].lang == "ru"
    assert "other languages" in panel.status.text()

    status.settings_link.click()
    qtbot.waitUntil(lambda: getattr(desktop, "_settings_dialog", None) is not None
                    and desktop._settings_dialog.isVisible(), timeout=5000)
    assert desktop._settings_dialog.tabs.currentIndex() == 0  # the SIP account tab
    desktop._settings_dialog.reject()

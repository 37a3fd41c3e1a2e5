"""First run on a machine without any PBX: the window works, the KB answers, the status bar
says there is no SIP account and leads to the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.phone.protocol import RegistrationState
from tests.ui.helpers import search_for, type_text


def test_first_run_without_pbx(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"}, start_phone=True)
    status = desktop.window.status
    qtbot.waitUntil(lambda: desktop.phone.engine_running, timeout=30000)
    assert "No SIP account" in status.registration.text()
    assert status.settings_link.isVisible()
    assert "Ready" in status.agent_button.text()

    panel = desktop.window.kb_panel
    search_for(qtbot, panel, "абонент молчит")  # Russian words, English interface
    assert panel.results_model.hits[0].slug == "silent-caller"
    assert panel.results_model.hits[0].lang == "ru"

    # With English articles chosen, the Russian words find the English version of the same
    # article through the term bridge learned from the paired articles.
    panel.lang_filter.setCurrentIndex(panel.lang_filter.findData("en"))
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0
                    and panel.results_model.hits[0].lang == "en", timeout=15000)
    assert panel.results_model.hits[0].slug == "silent-caller"
    assert "other languages" not in panel.status.text()

    status.settings_link.click()
    window = desktop.window
    qtbot.waitUntil(lambda: window.settings_dialog is not None
                    and window.settings_dialog.isVisible(), timeout=20_000)
    assert window.settings_dialog.tabs.currentIndex() == 0  # the SIP account tab
    window.settings_dialog.reject()


@pytest.mark.keyring
def test_registration_state_is_shown_for_a_configured_account(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key

    try:
        SecretStore().set(sip_password_key("1001", "127.0.0.1:9"), "pw-1001")
    except SecretStoreUnavailable:
        pytest.skip("no Secret Service keyring (run through tests/run.sh)")
    # A registrar that does not answer: the status bar must say what is happening.
    (sufler_home / "settings.toml").write_text(
        '[sip]\nserver = "127.0.0.1:9"\nuser = "1001"\ntransport = "udp"\n', encoding="utf-8")
    desktop = make_desktop({"ui.language": "en"}, start_phone=True)
    status = desktop.window.status
    qtbot.waitUntil(lambda: desktop.phone.registration.state in (
        RegistrationState.REGISTERING, RegistrationState.FAILED),
                    timeout=30000)
    qtbot.waitUntil(lambda: any(word in status.registration.text()
                                for word in ("Registering", "Registration failed")),
                    timeout=30000)
    assert "1001" in status.registration.text() or status.settings_link.isVisible()


def test_a_number_dialled_before_a_sip_server_is_set_is_explained_in_russian(
        qtbot: Any, make_desktop: Any) -> None:
    """Direct calls only (no SIP account): dialling a bare number showed the engine's English
    "'1234' is not a SIP URI and no server is configured" in the Russian desk."""
    desktop = make_desktop({"ui.language": "ru"}, start_phone=True)
    qtbot.waitUntil(lambda: desktop.phone.engine_running, timeout=30000)
    panel = desktop.window.call_panel
    type_text(panel.dial_field, "1234")
    panel.on_dial_clicked()
    qtbot.waitUntil(lambda: "1234" in panel.message.text(), timeout=20000)
    assert "не SIP-адрес, а SIP-сервер не задан" in panel.message.text()
    assert "server is configured" not in panel.message.text()

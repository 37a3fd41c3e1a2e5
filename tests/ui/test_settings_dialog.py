"""The settings dialog: built from the declarations, site values locked, password to the keyring."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

from agent.phone.protocol import AudioDevice, AudioEvent, AudioMode
from agent.settings import CHOICE_LABELS, DECLARATIONS, SECTIONS
from tests.ui.conftest import ROOT


def open_dialog(qtbot: Any, desktop: Any) -> Any:
    desktop.window.open_settings()
    dialog = desktop.window.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    return dialog


def test_every_declared_setting_has_an_editor_and_site_values_are_locked(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"})
    dialog = open_dialog(qtbot, desktop)
    assert set(dialog.editors) == {s.key for s in DECLARATIONS}
    company = dialog.editors["site.company"]
    assert not company.isEnabled() and company.toolTip() == "Set by your IT department"
    assert dialog.editors["hold.warn_seconds"].isEnabled()
    assert isinstance(dialog.editors["sip.transport"], QComboBox)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[0] == "SIP account" and "Hold" in titles
    dialog.reject()


def test_changes_are_saved_to_the_user_file_and_applied(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    desktop = make_desktop({"ui.language": "en"})
    dialog = open_dialog(qtbot, desktop)
    warn = dialog.editors["hold.warn_seconds"]
    alarm = dialog.editors["hold.alarm_seconds"]
    assert isinstance(warn, QSpinBox) and isinstance(alarm, QSpinBox)
    warn.setValue(45)
    alarm.setValue(90)
    server = dialog.editors["sip.server"]
    assert isinstance(server, QLineEdit)
    server.setText("pbx.example")
    dialog.accept()
    settings_file = sufler_home / "settings.toml"
    qtbot.waitUntil(settings_file.exists, timeout=20_000)
    text = settings_file.read_text(encoding="utf-8")
    assert "warn_seconds = 45" in text and 'server = "pbx.example"' in text
    assert "company" not in text  # locked by the site file: never copied to the user file
    assert desktop.window.hold_banner.warn_seconds == 45


def test_a_new_listen_address_says_when_it_takes_effect(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"})
    dialog = open_dialog(qtbot, desktop)
    listen = dialog.editors["sip.listen"]
    assert isinstance(listen, QLineEdit)
    listen.setText("127.0.0.1:5099")
    with qtbot.waitSignal(desktop.settings.reported, timeout=5000,
                          check_params_cb=lambda text: "next start" in text):
        dialog.accept()
    assert "next start" in desktop.window.status.currentMessage()


def test_alarm_before_warning_is_refused(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"})
    dialog = open_dialog(qtbot, desktop)
    dialog.editors["hold.warn_seconds"].setValue(100)
    dialog.editors["hold.alarm_seconds"].setValue(50)
    dialog.accept()
    assert dialog.isVisible() and dialog.status.text()
    dialog.reject()


@pytest.mark.keyring
def test_password_goes_to_the_keyring_not_to_the_file(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    from agent.secrets import SecretStore, SecretStoreUnavailable, hub_token_key, sip_password_key

    try:
        SecretStore().get("probe")
    except SecretStoreUnavailable:
        pytest.skip("no Secret Service keyring (run through tests/run.sh)")
    desktop = make_desktop({"ui.language": "en", "sip.server": "pbx.example",
                            "sip.user": "1001", "hub.url": "https://hub.example:8443"})
    dialog = open_dialog(qtbot, desktop)
    dialog.password.setText("s3cret-Пароль")
    dialog.hub_token.setText("hub-t0ken-value")
    dialog.accept()
    key = sip_password_key("1001", "pbx.example")
    qtbot.waitUntil(lambda: SecretStore().get(key) == "s3cret-Пароль", timeout=10000)
    token_key = hub_token_key("https://hub.example:8443")
    qtbot.waitUntil(lambda: SecretStore().get(token_key) == "hub-t0ken-value", timeout=10000)
    settings_file = sufler_home / "settings.toml"
    qtbot.waitUntil(settings_file.exists, timeout=20_000)
    text = settings_file.read_text(encoding="utf-8")
    assert "s3cret" not in text and "t0ken" not in text


def russian_catalogue() -> dict[tuple[str, str], str]:
    """(context, source) → finished Russian translation, from the ``.ts`` source."""
    tree = ET.parse(ROOT / "assets" / "translations" / "sufler_ru.ts")
    found = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                found[(name, message.findtext("source") or "")] = translation.text
    return found


def test_every_declared_label_help_and_section_is_translated() -> None:
    catalogue = russian_catalogue()
    texts = [s.label for s in DECLARATIONS] + [s.help for s in DECLARATIONS if s.help]
    texts += [*SECTIONS.values(), CHOICE_LABELS["system"]]
    assert [text for text in texts if ("Settings", text) not in catalogue] == []


def test_the_russian_dialog_shows_the_declared_labels_translated(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    dialog = open_dialog(qtbot, desktop)
    untranslated = [s.key for s in DECLARATIONS
                    if dialog.editors[s.key].accessibleName() in ("", s.label)]
    assert untranslated == []
    assert dialog.tabs.tabText(0) == russian_catalogue()[("Settings", "SIP account")]
    dialog.reject()


def test_the_default_not_ready_reasons_are_shown_translated_and_kept_as_keys(
        qtbot: Any, make_desktop: Any) -> None:
    """A Russian desk showed the default reasons in English in the settings (the agent-state
    menu showed them translated); what is saved stays the English keys the engine and the hub
    know, and an operator's own reason is kept as typed."""
    desktop = make_desktop({"ui.language": "ru"})
    dialog = open_dialog(qtbot, desktop)
    editor = dialog.editors["agent.not_ready_reasons"]
    assert isinstance(editor, QPlainTextEdit)
    assert editor.toPlainText().splitlines() == ["Перерыв", "Обед", "Обучение", "Собрание"]
    assert "agent.not_ready_reasons" not in dialog.changes()
    editor.setPlainText("Обед\nСобрание\nВрач")
    dialog.accept()
    assert desktop.settings.get("agent.not_ready_reasons") == ["Lunch", "Meeting", "Врач"]
    menu = desktop.window.status.agent_button.menu()
    not_ready = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert [a.text() for a in not_ready.actions()] == ["Обед", "Собрание", "Врач"]


def test_the_secret_fields_show_their_whole_placeholder_in_russian(
        qtbot: Any, make_desktop: Any) -> None:
    """'Leave empty to keep the stored token' is the token field's only explanation; the
    Russian one was cut to 'Оставьте пустым, чтобы не менят…' on the floor-server tab."""
    desktop = make_desktop({"ui.language": "ru"})
    dialog = open_dialog(qtbot, desktop)
    for field in (dialog.password, dialog.hub_token):
        dialog.tabs.setCurrentWidget(next(
            dialog.tabs.widget(i) for i in range(dialog.tabs.count())
            if dialog.tabs.widget(i).isAncestorOf(field)))
        qtbot.waitUntil(field.isVisible, timeout=5000)
        text = field.placeholderText()
        assert text.startswith("Оставьте пустым")
        room = field.contentsRect().width() - field.textMargins().left() \
            - field.textMargins().right()
        assert room >= field.fontMetrics().horizontalAdvance(text), (text, room)
    dialog.reject()


def test_devices_come_from_the_engine_report_and_apply_in_its_sound_mode(
        qtbot: Any, make_desktop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import sounddevice

    def no_portaudio(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the dialog must not ask PortAudio for the device list")

    monkeypatch.setattr(sounddevice, "query_devices", no_portaudio)
    desktop = make_desktop({"ui.language": "en", "sip.listen": "127.0.0.1:0"}, start_phone=True)
    phone = desktop.phone
    qtbot.waitUntil(lambda: phone.audio is not None, timeout=30000)
    assert phone.audio.mode in (AudioMode.NULL, AudioMode.BRIDGE, AudioMode.NATIVE)
    reports: list[AudioEvent] = []
    phone.audio_reported.connect(reports.append)
    dialog = open_dialog(qtbot, desktop)
    qtbot.waitUntil(lambda: bool(reports), timeout=10000)  # the dialog asked for a fresh one
    # The engine of a desk with sound devices (a Windows build's own, native ones) reports them:
    phone.on_audio_reported(AudioEvent(mode=AudioMode.NATIVE, devices=(
        AudioDevice(index=0, name="Headset Microphone", inputs=1),
        AudioDevice(index=1, name="Headset Earphone", outputs=2))))
    microphones = dialog.editors["audio.input_device"]
    speakers = dialog.editors["audio.output_device"]
    assert microphones.findData("Headset Microphone") > 0 and microphones.findData(
        "Headset Earphone") < 0
    assert speakers.findData("Headset Earphone") > 0
    assert "1 microphones, 1 speakers" in dialog.audio_note.text()
    speakers.setCurrentIndex(speakers.findData("Headset Earphone"))
    with qtbot.waitSignal(phone.audio_reported, timeout=10000,
                          check_params_cb=lambda audio: audio.output == "Headset Earphone"):
        dialog.accept()  # the engine takes the choice at once and says so in its report

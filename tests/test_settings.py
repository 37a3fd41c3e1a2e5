"""Layered settings: defaults → site file (locked) → user file, validated and saved atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.settings import (
    DECLARATIONS,
    LockedSettingError,
    Settings,
    SettingsError,
    dump_toml,
)


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(
        '[sip]\nserver = "pbx.floor:5060"\ntransport = "tcp"\n'
        '[hub]\nurl = "https://hub.floor:8443"\n',
        encoding="utf-8",
    )
    return path


def test_defaults_apply_without_any_file(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path, tmp_path / "absent.toml")
    assert settings.get("hold.warn_seconds") == 30
    assert settings.source("sip.server") == "default"
    assert not settings.is_locked("sip.server")


def test_site_values_win_and_are_locked(tmp_path: Path, site: Path) -> None:
    (tmp_path / "settings.toml").write_text('[sip]\nserver = "mine"\n', encoding="utf-8")
    settings = Settings.load(tmp_path, site)
    assert settings.get("sip.server") == "pbx.floor:5060"
    assert settings.is_locked("sip.server")
    with pytest.raises(LockedSettingError):
        settings.set("sip.server", "elsewhere")


def test_user_values_survive_save_and_reload(tmp_path: Path, site: Path) -> None:
    settings = Settings.load(tmp_path, site)
    settings.set("hold.alarm_seconds", 45)
    settings.set("sip.user", 'agent "7"\\x')
    settings.set("agent.not_ready_reasons", ["Обед", "Перерыв"])
    settings.save()
    again = Settings.load(tmp_path, site)
    assert again.get("hold.alarm_seconds") == 45
    assert again.get("sip.user") == 'agent "7"\\x'
    assert again.get("agent.not_ready_reasons") == ["Обед", "Перерыв"]
    assert again.source("hold.alarm_seconds") == "user"
    assert not (tmp_path / "settings.toml.tmp").exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [("hold.warn_seconds", "30"), ("hold.warn_seconds", 1), ("sip.transport", "sctp"),
     ("hold.warn_seconds", True)],
)
def test_invalid_values_are_refused(tmp_path: Path, key: str, value: object) -> None:
    settings = Settings.load(tmp_path, tmp_path / "absent.toml")
    with pytest.raises(SettingsError):
        settings.set(key, value)
    assert settings.source(key) == "default"


def test_broken_site_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "site.toml"
    broken.write_text("[sip\nserver = ", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"site\.toml"):
        Settings.load(tmp_path, broken)


def test_wrong_type_in_user_file_names_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('[hold]\nwarn_seconds = "soon"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"settings\.toml.*hold\.warn_seconds"):
        Settings.load(tmp_path, tmp_path / "absent.toml")


def test_every_default_is_valid_and_serialisable() -> None:
    values = {s.key: s.default for s in DECLARATIONS}
    text = dump_toml(values)
    import tomllib

    parsed = tomllib.loads(text)
    for setting in DECLARATIONS:
        section, name = setting.key.split(".", 1)
        assert parsed[section][name] == setting.default


def test_no_secret_is_declared_as_a_setting() -> None:
    assert not [s.key for s in DECLARATIONS if any(w in s.key for w in ("password", "token"))]


def test_shipped_site_example_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "installer" / "site.toml.example"
    settings = Settings.load(tmp_path, example)
    assert settings.is_locked("hub.url")
    keys = {d["key"] for d in settings.get("site.departments")}
    assert {"quality", "supervisor", "emergency-112"} <= keys

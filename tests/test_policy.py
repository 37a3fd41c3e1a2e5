"""Group Policy (Windows): the ADMX/ADML templates match the settings declarations, and what a
policy writes to the registry is read back as IT's locked layer (a fake registry reader here,
since Windows cannot run on this machine; the real reader is ``agent.policy.windows_reader``)."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from agent.settings import POLICY_TYPES, Settings

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "installer" / "windows" / "policy"
NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}


def generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_policy", POLICY / "make_policy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_templates_are_generated_from_the_current_declarations() -> None:
    for path, text in generator().outputs().items():
        assert path.read_text(encoding="utf-8") == text, \
            f"{path.name} is stale: run python installer/windows/policy/make_policy.py"


def policies() -> list[ET.Element]:
    return ET.parse(POLICY / "sufler.admx").getroot().findall("p:policies/p:policy", NS)


@pytest.mark.parametrize("language", ["en-US", "ru-RU"])
def test_every_string_and_presentation_the_admx_uses_is_in_the_adml(language: str) -> None:
    admx_text = (POLICY / "sufler.admx").read_text(encoding="utf-8")
    adml = ET.parse(POLICY / language / "sufler.adml").getroot()
    strings = {s.get("id"): s.text or "" for s in adml.iter(f"{{{NS['p']}}}string")}
    presentations = {p.get("id"): p for p in adml.iter(f"{{{NS['p']}}}presentation")}
    for name in re.findall(r"\$\(string\.([^)]+)\)", admx_text):
        assert strings.get(name, "").strip(), f"{language}: no string {name}"
    for policy in policies():
        presentation = presentations[policy.get("presentation", "")[len("$(presentation."):-1]]
        element_ids = {e.get("id") for e in policy.find("p:elements", NS) or []}
        assert {c.get("refId") for c in presentation} == element_ids
    if language == "ru-RU":
        assert strings["sip_server"] == "SIP-сервер" and strings["hold_warn_seconds"] != \
            "Hold warning after (s)"


def registry_from_admx() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """What the policy editor would write with every policy enabled, and the expected values."""
    registry: dict[str, dict[str, Any]] = {}
    expected: dict[str, Any] = {}
    for policy in policies():
        section = policy.get("key", "").rsplit("\\", 1)[1]
        elements = policy.find("p:elements", NS)
        assert elements is not None and len(elements) == 1
        element = elements[0]
        kind = element.tag.split("}")[1]
        name = element.get("valueName", "")
        if kind == "text":
            value: Any = f"policy {name}"
        elif kind == "decimal":
            value = int(element.get("minValue", "0")) + 1
        elif kind == "enum":
            value = element.findall("p:item/p:value/p:string", NS)[-1].text
        else:
            assert kind == "multiText"
            value = ["First reason", "Second reason"]
        registry.setdefault(section, {})[name] = value
        expected[f"{section}.{name}"] = value
    return registry, expected


def test_every_policy_maps_to_a_setting_and_reads_back_locked(tmp_path: Path) -> None:
    registry, expected = registry_from_admx()
    assert set(expected) == set(POLICY_TYPES)
    site = tmp_path / "site.toml"
    site.write_text('[sip]\nserver = "from-the-file:5060"\n\n[site]\nproduct = "File"\n',
                    encoding="utf-8")
    settings = Settings.load(tmp_path, site, policy_reader=lambda: registry)
    for key, value in expected.items():
        assert settings.get(key) == value, key
        assert settings.is_locked(key) and settings.source(key) == "site"
    assert settings.get("sip.server") == "policy server"  # a policy wins over the file


def test_bad_policies_are_left_out_not_fatal(tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    registry = {"hold": {"warn_seconds": "soon", "alarm_seconds": 90},
                "sip": {"transport": "carrier-pigeon", "server": "pbx:5060"},
                "hub": {"url": "", "public_key": ""},  # MSI properties left out
                "nonsense": {"x": "1"}}
    settings = Settings.load(tmp_path, tmp_path / "none.toml", policy_reader=lambda: registry)
    assert settings.site == {"hold.alarm_seconds": 90, "sip.server": "pbx:5060"}
    text = caplog.text
    assert "hold.warn_seconds must be int" in text and "sip.transport must be one of" in text
    assert "unknown setting 'nonsense.x'" in text


def test_no_policy_reader_off_windows_reads_nothing(tmp_path: Path) -> None:
    from agent.policy import windows_reader

    if importlib.util.find_spec("winreg") is None:
        assert windows_reader() == {}
    assert Settings.load(tmp_path, tmp_path / "none.toml").site == {}

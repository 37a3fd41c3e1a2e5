"""The Windows installer source, checked here where no Windows build can run: ``wixl`` (msitools)
compiles it into a real MSI (with a stand-in for the heat-generated file list, and without the
two elements wixl does not implement), and the MSI's tables say what an admin relies on."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from agent.settings import DECLARATIONS

ROOT = Path(__file__).resolve().parent.parent
WXS = ROOT / "installer" / "windows" / "sufler.wxs"
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"
# WiX elements the real toolset (candle/light) handles and wixl does not.
WIXL_UNSUPPORTED = ("Environment", "CopyFile")
FILES = """<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Fragment>
  <ComponentGroup Id="SuflerFiles" Directory="INSTALLFOLDER">
    <Component Id="SuflerExe" Guid="4B1F6C1E-0D7A-4C55-9E59-6D0B6A3C1A01" Win64="yes">
      <File Id="SuflerExe" Source="$(var.SourceDir)/sufler.exe" KeyPath="yes" /></Component>
    <Component Id="SuflerCliExe" Guid="4B1F6C1E-0D7A-4C55-9E59-6D0B6A3C1A02" Win64="yes">
      <File Id="SuflerCliExe" Source="$(var.SourceDir)/sufler-cli.exe" KeyPath="yes" /></Component>
  </ComponentGroup></Fragment></Wix>
"""


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def test_the_source_has_no_version_per_user_data_or_32_bit_components() -> None:
    text = WXS.read_text(encoding="utf-8")
    assert 'Version="$(var.Version)"' in text
    assert not re.search(r'\bVersion="\d', text)  # never hard-coded
    root = ET.parse(WXS).getroot()
    package = root.find(f"{WIX}Product/{WIX}Package")
    assert package is not None and package.get("InstallScope") == "perMachine"
    assert package.get("Platform") == "x64"
    components = list(root.iter(f"{WIX}Component"))
    assert components and all(c.get("Win64") == "yes" for c in components)  # ICE80
    assert all(r.get("Root") == "HKLM" for r in root.iter(f"{WIX}RegistryValue")
               if r.get("Root"))  # ICE57: no per-user key path in a per-machine package
    properties = {p.get("Id") for p in root.iter(f"{WIX}Property")}
    assert {"HUB_URL", "HUB_PUBLIC_KEY", "SIP_SERVER", "SIP_TRANSPORT", "SITEFILE",
            "ARPPRODUCTICON"} <= properties


def test_the_msi_properties_land_where_the_desk_reads_them() -> None:
    from agent.policy import INSTALLER_KEY

    root = ET.parse(WXS).getroot()
    declared = {s.key for s in DECLARATIONS}
    written = {}
    for key in root.iter(f"{WIX}RegistryKey"):
        assert key.get("Key", "").startswith(INSTALLER_KEY + "\\")
        section = key.get("Key", "").rsplit("\\", 1)[1]
        for value in key.iter(f"{WIX}RegistryValue"):
            written[f"{section}.{value.get('Name')}"] = value.get("Value")
    assert written == {"hub.url": "[HUB_URL]", "hub.public_key": "[HUB_PUBLIC_KEY]",
                       "sip.server": "[SIP_SERVER]", "sip.transport": "[SIP_TRANSPORT]"}
    assert set(written) <= declared


@pytest.mark.skipif(shutil.which("wixl") is None, reason="wixl (msitools) is not installed")
def test_wixl_builds_an_msi_with_the_projects_version_icon_and_properties(tmp_path: Path
                                                                          ) -> None:
    text = WXS.read_text(encoding="utf-8")
    for element in WIXL_UNSUPPORTED:
        text, count = re.subn(rf"<{element}\s[^>]*/>", "", text, flags=re.S)
        assert count, f"no {element} left in the source: drop it from WIXL_UNSUPPORTED"
    (tmp_path / "sufler.wxs").write_text(text, encoding="utf-8")
    (tmp_path / "files.wxs").write_text(FILES, encoding="utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    for exe in ("sufler.exe", "sufler-cli.exe"):
        (dist / exe).write_bytes(b"MZ stand-in")
    shutil.copy(ROOT / "assets" / "icons" / "sufler.ico", tmp_path / "sufler.ico")
    version = project_version()
    built = subprocess.run(
        ["wixl", "-a", "x64", "-D", f"Version={version}", "-D", "SourceDir=dist",
         "-D", "IconFile=sufler.ico", "-o", "sufler.msi", "sufler.wxs", "files.wxs"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert built.returncode == 0, built.stderr
    msi = tmp_path / "sufler.msi"

    def table(name: str) -> list[list[str]]:
        out = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True,
                             text=True, timeout=60, check=True).stdout
        return [line.split("\t") for line in out.splitlines()[3:]]

    props = {row[0]: row[1] for row in table("Property")}
    assert props["ProductVersion"] == version
    assert props["ALLUSERS"] == "1" and props["ARPPRODUCTICON"] == "SuflerIcon"
    assert props["ARPNOMODIFY"] == "1" and props["Manufacturer"]
    registry = {(row[2].rstrip("\\"), row[3]): row[4] for row in table("Registry")}
    assert registry[("Software\\Sufler\\Site\\sip", "server")] == "[SIP_SERVER]"
    assert registry[("Software\\Sufler\\Site\\hub", "public_key")] == "[HUB_PUBLIC_KEY]"
    shortcut = table("Shortcut")[0]
    assert shortcut[4] == "[INSTALLFOLDER]sufler.exe" and shortcut[8] == "SuflerIcon"
    assert [row[0] for row in table("Icon")] == ["SuflerIcon"]
    files = {row[2].split("|")[-1] for row in table("File")}
    assert {"sufler.exe", "sufler-cli.exe"} <= files
    info = subprocess.run(["msiinfo", "suminfo", str(msi)], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    assert "Template: x64;1033" in info

"""Help → Diagnostics runs the real doctor checks off the UI thread, shows their lines and saves a
bundle without secrets; Help → About names the version."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QFileDialog

from kb.version import version

SECRET = "Hunter2-pbx-secret"
TOKEN = "sfh_" + "A" * 43


def test_diagnostics_show_the_checks_and_save_a_redacted_bundle(
        qtbot: Any, make_desktop: Any, sufler_home: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUFLER_LOG_DIR", str(tmp_path / "log"))
    desktop = make_desktop({"ui.language": "en"})
    log_file = tmp_path / "log" / "desktop.log"
    log_file.parent.mkdir(exist_ok=True)
    with log_file.open("a", encoding="utf-8") as fh:  # what a careless line could have held
        fh.write(f"2026-12-02 INFO test: sip password={SECRET} token={TOKEN}\n")
        fh.write(f"2026-12-02 INFO test: Authorization: Bearer {TOKEN}\n")

    import agent.doctor.checks as checks

    threads: list[str] = []
    real_run_all = checks.run_all

    def run_all(ctx: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_run_all(ctx)

    monkeypatch.setattr(checks, "run_all", run_all)
    window = desktop.window
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    diagnostics = next(a for a in help_menu.actions() if a.text() == "&Diagnostics…")
    diagnostics.trigger()
    dialog = window.diagnostics_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert not dialog.save_button.isEnabled()  # nothing to save while the checks run
    with qtbot.waitSignal(dialog.finished_checks, timeout=30_000) as finished:
        pass
    report = finished.args[0]
    assert threads and threads[0] != threading.main_thread().name  # never on the UI thread
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    names = [c["name"] for c in report["checks"]]
    assert {"versions", "settings", "keyring", "audio", "hub", "kb", "disk", "logs"} <= set(names)
    assert len(lines) == len(names)
    for line, check in zip(lines, report["checks"], strict=True):
        mark = {"ok": "OK", "warning": "Warning", "failed": "Failed"}[check["status"]]
        assert line.startswith(f"{mark} — {check['name']}: ")
        assert dialog.lines.item(lines.index(line)).data(Qt.ItemDataRole.UserRole) \
            == check["status"]
    assert any(line.startswith("OK — versions: Sufler " + version()) for line in lines)
    hub_line = next(line for line in lines if " hub: " in line)
    assert "→" in hub_line  # a warning says what to do (no hub is configured here)
    assert dialog.state.text().endswith(("warning(s).", "Save a bundle for IT."))

    bundle = tmp_path / "diag.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(bundle), "")))
    with qtbot.waitSignal(dialog.bundle_saved, timeout=20_000):
        dialog.save_button.click()
    assert "Saved" in dialog.state.text()
    with zipfile.ZipFile(bundle) as archive:
        names_in_zip = archive.namelist()
        assert "doctor.json" in names_in_zip and "logs/desktop.log" in names_in_zip
        everything = b"".join(archive.read(name) for name in names_in_zip)
    assert b"test: sip password=***" in everything
    assert SECRET.encode() not in everything and TOKEN.encode() not in everything
    dialog.reject()


def test_about_names_the_version(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"})
    window = desktop.window
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&About Sufler").trigger()
    box = window.about_box
    qtbot.waitUntil(box.isVisible, timeout=10_000)
    assert box.text() == f"Sufler {version()}" and "Qt " in box.informativeText()
    box.close()

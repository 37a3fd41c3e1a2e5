"""Help → Diagnostics: the doctor's checks for this desk, and a bundle for a ticket; Help → About.

The checks (up to about 15 s: the network, a test registration, the keyring) and writing the
bundle run on a runner of the dialog's own, so the desk's workers stay free for notes and
settings. The report is shown line by line as the doctor prints it: ok / warning / failed with
what to do.

Thread rule: GUI thread only; the work runs on the dialog's :class:`TaskRunner`.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QT_VERSION_STR, QCoreApplication, Qt, pyqtSignal
from PyQt6.QtGui import QCloseEvent
from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent.ui.tasks import TaskRunner
from kb.version import version


def run_doctor(register: bool) -> tuple[list[Any], dict[str, Any]]:
    """Worker: every doctor check for this desk; (results, summary)."""
    from agent.doctor.checks import load_context, run_all, summary

    results = run_all(load_context(register=register))
    return results, summary(results)


def write_bundle(path: Path, report: dict[str, Any]) -> int:
    """Worker: the report and the recent logs, redacted, as a zip (the doctor's own bundle)."""
    from agent.doctor.cli import write_bundle as doctor_bundle

    return doctor_bundle(path, report)


class DiagnosticsDialog(QDialog):
    """Runs the checks when shown; "Save diagnostics bundle…" once they have finished."""

    finished_checks = pyqtSignal(object)  # the summary dict
    bundle_saved = pyqtSignal(str)  # the bundle's path

    def __init__(self, register: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diagnosticsDialog")
        self.setWindowTitle(self.tr("Diagnostics"))
        self.resize(720, 420)
        self.register = register
        self.report: dict[str, Any] | None = None
        self.runner = TaskRunner("diagnostics", 1, self)
        layout = QVBoxLayout(self)
        self.state = QLabel(self.tr("Checking this workstation…"))
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.lines = QListWidget()
        self.lines.setObjectName("diagnosticsLines")
        self.lines.setAccessibleName(self.tr("Diagnostics results"))
        self.lines.setWordWrap(True)
        layout.addWidget(self.lines)
        buttons = QDialogButtonBox()
        self.again_button = QPushButton(self.tr("&Check again"))
        self.save_button = QPushButton(self.tr("&Save diagnostics bundle…"))
        buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.again_button.clicked.connect(self.run_checks)
        self.save_button.clicked.connect(self.on_save_clicked)
        layout.addWidget(buttons)
        self.run_checks()

    def marks(self) -> dict[str, str]:
        return {"ok": self.tr("OK"), "warning": self.tr("Warning"), "failed": self.tr("Failed")}

    def run_checks(self) -> None:
        self.again_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.state.setText(self.tr("Checking this workstation (up to 15 seconds)…"))
        self.runner.submit(run_doctor, self.register, on_done=self.show_results,
                           on_error=lambda exc: self.state.setText(
                               self.tr("The checks could not run: %1").replace("%1", str(exc))))

    def show_results(self, outcome: tuple[list[Any], dict[str, Any]]) -> None:
        results, report = outcome
        self.report = report
        self.lines.clear()
        marks = self.marks()
        for result in results:
            text = f"{marks.get(result.status, result.status)} — {result.name}: {result.detail}"
            if result.advice and result.status != "ok":
                text += "\n    → " + result.advice
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, result.status)
            self.lines.addItem(item)
        if report["ok"]:
            verdict = self.tr("Nothing failed; %1 warning(s).").replace(
                "%1", str(report["warnings"]))
        else:
            verdict = self.tr("%1 check(s) failed, %2 warning(s). Save a bundle for IT.") \
                .replace("%1", str(report["failed"])).replace("%2", str(report["warnings"]))
        self.state.setText(verdict)
        self.again_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.finished_checks.emit(report)

    def on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save diagnostics bundle"), str(Path.home() / "sufler-diagnostics.zip"),
            self.tr("Zip archives (*.zip)"))
        if path:
            self.save_bundle(Path(path))

    def save_bundle(self, path: Path) -> None:
        """Write the bundle on the dialog's runner; the state line says where it went."""
        if self.report is None:
            return
        self.save_button.setEnabled(False)

        def saved(count: int) -> None:
            self.save_button.setEnabled(True)
            self.state.setText(self.tr("Saved %1 (%2 file(s), passwords and tokens removed).")
                               .replace("%1", str(path)).replace("%2", str(count)))
            self.bundle_saved.emit(str(path))

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.state.setText(self.tr("The bundle was not saved: %1").replace("%1", str(exc)))

        self.runner.submit(write_bundle, path, self.report, on_done=saved, on_error=failed)

    def done(self, result: int) -> None:
        self.runner.close(wait=False)
        super().done(result)

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.runner.close(wait=False)
        super().closeEvent(event)


def about_box(parent: QWidget) -> QMessageBox:
    """The About box (not yet shown): the version of Sufler and what it runs on."""
    box = QMessageBox(parent)
    box.setObjectName("aboutBox")
    box.setWindowTitle(QCoreApplication.translate("About", "About Sufler"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(QCoreApplication.translate("About", "Sufler %1").replace("%1", version()))
    box.setInformativeText(
        QCoreApplication.translate(
            "About", "A call-center agent desk: phone, knowledge base and call notes.")
        + "\n" + f"Python {platform.python_version()}, Qt {QT_VERSION_STR}")
    return box

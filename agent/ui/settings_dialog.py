"""The settings dialog, built from :data:`agent.settings.DECLARATIONS`, one tab per section.

Labels, help texts and section titles are declared once in :mod:`agent.settings` and shown
translated here. Values IT set in the site file are shown locked. The SIP password and the hub
token go straight to the OS keyring on a worker and never into ``settings.toml``. The audio
devices offered are the ones the phone engine reports (its ``audio`` event), in whatever sound
mode it runs; a test tone and a microphone meter use PortAudio on a worker when it has devices.
Thread rule: GUI thread only; keyring, audio and disk work run on the given executors.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent.phone.protocol import AudioEvent, AudioMode
from agent.settings import CHOICE_LABELS, DECLARATIONS, SECTIONS, Setting
from agent.ui.i18n import reason_key, reason_text
from agent.ui.phone_state import PhoneState
from agent.ui.settings_service import SettingsService
from agent.ui.tasks import TaskRunner
from agent.ui.widgets import present

log = logging.getLogger(__name__)

LOCKED_TIP = QT_TRANSLATE_NOOP("Settings", "Set by your IT department")
REASONS_KEY = "agent.not_ready_reasons"  # its default reasons are shown translated
DEPARTMENT_COLUMNS = ("key", "label_ru", "label_en", "number")
DEVICE_SETTINGS = (("audio.input_device", "inputs"), ("audio.output_device", "outputs"),
                   ("audio.ring_device", "outputs"))


def tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


def play_test_tone(device: str) -> None:
    """One second of 440 Hz on ``device`` (or the default). Worker thread; blocks while playing."""
    import numpy
    import sounddevice

    rate = 48000
    t = numpy.arange(rate) / rate
    tone = (0.2 * numpy.sin(2 * numpy.pi * 440 * t)).astype("float32")
    sounddevice.play(tone, rate, device=device or None, blocking=True)


class MicMeter:
    """Peak level of the microphone, measured on PortAudio's thread, read by a GUI timer."""

    def __init__(self) -> None:
        self.level = 0.0
        self._stream: Any = None
        self._lock = threading.Lock()

    def start(self, device: str) -> None:
        """Blocking PortAudio call: run on a worker."""
        import numpy
        import sounddevice

        def callback(indata: Any, _frames: int, _time: Any, _status: Any) -> None:
            self.level = float(numpy.abs(indata).max()) if len(indata) else 0.0

        with self._lock:
            self._stream = sounddevice.InputStream(device=device or None, channels=1,
                                                   callback=callback)
            self._stream.start()

    def stop(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
        self.level = 0.0


class DepartmentsTable(QTableWidget):
    """The department directory: key, Russian and English names, number."""

    def __init__(self, departments: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(len(departments) + 1, len(DEPARTMENT_COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Name (ru)"),
                                        self.tr("Name (en)"), self.tr("Number")])
        present(self.verticalHeader()).setVisible(False)
        present(self.horizontalHeader()).setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        for row, department in enumerate(departments):
            for column, key in enumerate(DEPARTMENT_COLUMNS):
                self.setItem(row, column, QTableWidgetItem(str(department.get(key, ""))))
        self.setMinimumHeight(200)

    def departments(self) -> list[dict[str, str]]:
        rows = []
        for row in range(self.rowCount()):
            values = {}
            for column, key in enumerate(DEPARTMENT_COLUMNS):
                item = self.item(row, column)
                values[key] = item.text().strip() if item is not None else ""
            if values["key"]:
                rows.append(values)
        return rows


class SettingsDialog(QDialog):
    """Edits the user's layer of the settings; OK hands the changes to the settings service."""

    def __init__(self, settings: SettingsService, workers: TaskRunner, phone: PhoneState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.workers = workers
        self.phone = phone
        self.editors: dict[str, QWidget] = {}
        self.meter = MicMeter()
        self.tabs = QTabWidget()
        sections: dict[str, list[Setting]] = {section: [] for section in SECTIONS}
        for setting in DECLARATIONS:
            sections.setdefault(setting.section, []).append(setting)
        for section, settings_list in sections.items():
            locked_here = False
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for setting in settings_list:
                editor = self._editor(setting)
                self.editors[setting.key] = editor
                label = QLabel(tr(setting.label) + ":")
                label.setBuddy(editor)
                if setting.help:
                    editor.setToolTip(tr(setting.help))
                if settings.is_locked(setting.key):
                    editor.setEnabled(False)
                    editor.setToolTip(tr(LOCKED_TIP))
                    label.setToolTip(tr(LOCKED_TIP))
                    locked_here = True
                editor.setAccessibleName(tr(setting.label))
                if isinstance(editor, DepartmentsTable):  # a table needs the full width
                    form.addRow(label)
                    form.addRow(editor)
                else:
                    form.addRow(label, editor)
                if setting.key == "sip.user":  # the password belongs next to the user
                    self.password = self._add_secret_row(
                        form, self.tr("Password:"), self.tr("SIP password"),
                        self.tr("Leave empty to keep the stored password"))
                if setting.key == "hub.url":
                    self.hub_token = self._add_secret_row(
                        form, self.tr("Token:"), self.tr("Hub token"),
                        self.tr("Leave empty to keep the stored token"))
            if section == "audio":
                self._add_audio_rows(form)
            if section == "ui":
                note = QLabel(self.tr("A new language takes effect after a restart."))
                note.setWordWrap(True)
                form.addRow(note)
            if locked_here:
                note = QLabel(self.tr("Greyed-out values are set by your IT department."))
                note.setObjectName("lockedNote")
                note.setWordWrap(True)
                form.addRow(note)
            self.tabs.addTab(page, tr(SECTIONS.get(section, section)))
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 480)
        phone.audio_reported.connect(self.on_audio_reported)
        if phone.audio is not None:
            self.on_audio_reported(phone.audio)
        elif not phone.engine_running:
            self.audio_note.setText(self.tr(
                "The phone engine is not running, so its audio devices are not known yet: "
                "names typed here are used when it starts."))
        phone.request_audio_report()
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(100)
        self._meter_timer.timeout.connect(self.on_meter_tick)
        self.finished.connect(lambda _r: self.stop_meter())

    # ------------------------------------------------------------------ editors

    def _editor(self, setting: Setting) -> QWidget:
        value = self.settings.get(setting.key)
        if setting.key == "site.departments":
            return DepartmentsTable(list(value))
        if setting.choices:
            combo = QComboBox()
            for choice in setting.choices:
                combo.addItem(tr(CHOICE_LABELS.get(choice, choice)), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if setting.type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum if setting.minimum is not None else 0,
                          setting.maximum if setting.maximum is not None else 1_000_000)
            spin.setValue(int(value))
            return spin
        if setting.type is list:
            lines = [reason_text(str(v)) if setting.key == REASONS_KEY else str(v) for v in value]
            edit = QPlainTextEdit("\n".join(lines))
            edit.setFixedHeight(90)
            edit.setTabChangesFocus(True)
            edit.setToolTip(self.tr("One per line"))
            return edit
        if setting.key.startswith("audio.") and setting.key != "audio.ringtone":
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItem(self.tr("System default"), "")
            if value:
                combo.addItem(str(value), str(value))
                combo.setCurrentIndex(1)
            return combo
        line = QLineEdit(str(value))
        return line

    def _add_secret_row(self, form: QFormLayout, label: str, name: str,
                        placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setPlaceholderText(placeholder)
        # The placeholder is the field's only explanation: never cut it (long in Russian).
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance(placeholder) + 24)
        field.setAccessibleName(name)
        field.setToolTip(self.tr("Stored in the system keyring, never in a file"))
        form.addRow(label, field)
        return field

    def _add_audio_rows(self, form: QFormLayout) -> None:
        self.tone_button = QPushButton(self.tr("Play test tone"))
        self.tone_button.clicked.connect(self.on_test_tone_clicked)
        self.mic_button = QPushButton(self.tr("Test microphone"))
        self.mic_button.setCheckable(True)
        self.mic_button.toggled.connect(self.on_mic_toggled)
        self.mic_level = QProgressBar()
        self.mic_level.setRange(0, 100)
        self.mic_level.setTextVisible(False)
        self.mic_level.setAccessibleName(self.tr("Microphone level"))
        self.audio_note = QLabel(self.tr("Looking for audio devices…"))
        self.audio_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.tone_button)
        row.addWidget(self.mic_button)
        row.addWidget(self.mic_level, 1)
        form.addRow(row)
        form.addRow(self.audio_note)

    def on_audio_reported(self, audio: AudioEvent) -> None:
        """Offer the devices the engine reports (added to what the combos already hold)."""
        for key, direction in DEVICE_SETTINGS:
            combo = self.editors.get(key)
            if not isinstance(combo, QComboBox):
                continue
            names = audio.input_names if direction == "inputs" else audio.output_names
            for name in names:
                if combo.findData(name) < 0:
                    combo.addItem(name, name)
        inputs, outputs = audio.input_names, audio.output_names
        if audio.mode is AudioMode.NULL and not (inputs or outputs):
            text = self.tr("No audio devices found: calls work, but nothing is heard here.")
        else:
            text = self.tr("%1 microphones, %2 speakers found.").replace(
                "%1", str(len(inputs))).replace("%2", str(len(outputs)))
        self.audio_note.setText(text)
        self.tone_button.setEnabled(bool(outputs))
        self.mic_button.setEnabled(bool(inputs))

    def _combo_value(self, key: str) -> str:
        combo = self.editors[key]
        assert isinstance(combo, QComboBox)
        data = combo.currentData()
        text = combo.currentText().strip()
        if data is None or (combo.isEditable() and text != combo.itemText(combo.currentIndex())):
            return text
        return str(data)

    def on_test_tone_clicked(self) -> None:
        self.tone_button.setEnabled(False)
        self.workers.submit(
            play_test_tone, self._combo_value("audio.output_device"),
            on_done=lambda _r: self.tone_button.setEnabled(True),
            on_error=self.on_test_tone_failed,
        )

    def on_test_tone_failed(self, error: BaseException) -> None:
        self.tone_button.setEnabled(True)
        self.audio_note.setText(str(error))

    def on_mic_toggled(self, on: bool) -> None:
        if on:
            self.workers.submit(self.meter.start, self._combo_value("audio.input_device"),
                                on_done=lambda _r: self._meter_timer.start(),
                                on_error=self.on_meter_failed)
        else:
            self.stop_meter()

    def on_meter_failed(self, error: BaseException) -> None:
        self.audio_note.setText(str(error))
        self.mic_button.setChecked(False)

    def on_meter_tick(self) -> None:
        self.mic_level.setValue(min(100, int(self.meter.level * 100)))

    def stop_meter(self) -> None:
        self._meter_timer.stop()
        if self.meter._stream is not None:
            self.workers.submit(self.meter.stop)

    # ------------------------------------------------------------------ values

    def value_of(self, setting: Setting) -> Any:
        editor = self.editors[setting.key]
        if isinstance(editor, DepartmentsTable):
            return editor.departments()
        if isinstance(editor, QComboBox):
            return self._combo_value(setting.key)
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            lines = [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
            return [reason_key(line) for line in lines] if setting.key == REASONS_KEY else lines
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def changes(self) -> dict[str, Any]:
        """The editable values that differ from what is in effect now."""
        changed = {}
        for setting in DECLARATIONS:
            if self.settings.is_locked(setting.key):
                continue
            value = self.value_of(setting)
            if value != self.settings.get(setting.key):
                changed[setting.key] = value
        return changed

    def accept(self) -> None:
        try:
            hold_warn = self.value_of(next(s for s in DECLARATIONS if s.key == "hold.warn_seconds"))
            hold_alarm = self.value_of(
                next(s for s in DECLARATIONS if s.key == "hold.alarm_seconds"))
            if hold_alarm < hold_warn:
                raise ValueError(self.tr("The hold alarm must come after the warning."))
            self.settings.change(self.changes())
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        for kind, field in (("sip", self.password), ("hub", self.hub_token)):
            if field.text():
                self.settings.store_secret(kind, field.text())
                field.clear()
        super().accept()

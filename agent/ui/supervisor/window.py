"""The Supervisor window: the live board, raised hands, the floor's callbacks and the reports.

A new raised hand is announced at once: a chime, a desktop notification, the window asks for
attention and the Raised hands tab comes to the front.

Thread rule: GUI thread only.
"""

from __future__ import annotations

import logging
from typing import Any

from PyQt6.QtCore import QTimer, QUrl
from PyQt6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PyQt6.QtWidgets import QApplication, QLabel, QMainWindow, QSystemTrayIcon, QTabWidget

from agent.ui.supervisor.alerts import AlertsPanel
from agent.ui.supervisor.board import BoardPanel
from agent.ui.supervisor.callbacks import CallbacksView
from agent.ui.supervisor.reports import ReportsPanel
from agent.ui.supervisor.service import SupervisorService
from kb.paths import assets_dir
from kb.wire.states import SyncState

log = logging.getLogger(__name__)
CLOCK_MS = 1000


class SupervisorWindow(QMainWindow):
    """See the module docstring."""

    def __init__(self, service: SupervisorService, language: str, line: str = "",
                 icon: QIcon | None = None) -> None:
        super().__init__()
        self.service = service
        self.setObjectName("supervisorWindow")
        self.setWindowTitle(self.tr("Sufler — Supervisor"))
        self.notifications = 0  # raised hands announced (sound, notification)
        self._announced_waiting = False  # the hands already open when the window opened
        self.board = BoardPanel(service)
        self.alerts = AlertsPanel(service, line)
        self.callbacks = CallbacksView(service)
        self.reports = ReportsPanel(service, language)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisorTabs")
        self.tabs.addTab(self.board, self.tr("Board"))
        self.tabs.addTab(self.alerts, self.tr("Raised hands"))
        self.tabs.addTab(self.callbacks, self.tr("Callbacks"))
        self.tabs.addTab(self.reports, self.tr("Reports"))
        self.setCentralWidget(self.tabs)
        self.link_label = QLabel()
        self.link_label.setObjectName("syncLabel")
        status = self.statusBar()
        assert status is not None
        status.addPermanentWidget(self.link_label)
        for number, widget in enumerate((self.board, self.alerts, self.callbacks,
                                         self.reports), 1):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      lambda w=widget: self.tabs.setCurrentWidget(w))
        self.tray: QSystemTrayIcon | None = None
        if icon is not None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.show()
        self.sound: Any = self._make_sound()
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self.on_clock)
        service.alert_changed.connect(self.on_alert_changed)
        service.board_reset.connect(self.update_alert_tab)
        service.link_changed.connect(self.on_link_changed)
        service.failed.connect(lambda message: status.showMessage(message, 15000))
        self.resize(1280, 760)
        self.on_link_changed(str(service.state), "")

    def start(self) -> None:
        self.service.start()
        self.clock.start()

    @staticmethod
    def _make_sound() -> Any:
        try:
            from PyQt6.QtMultimedia import QSoundEffect
        except ImportError:
            return None
        effect = QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(str(assets_dir() / "sounds" / "alert.wav")))
        return effect

    def on_clock(self) -> None:
        self.board.tick()
        if self.tabs.currentWidget() is self.alerts:
            self.alerts.show_selected()

    def on_link_changed(self, state: str, message: str) -> None:
        texts = {SyncState.ONLINE: self.tr("● Live"),
                 SyncState.OFFLINE: self.tr("Offline: reconnecting…"),
                 SyncState.NEEDS_TOKEN: self.tr("The hub needs a supervisor token"),
                 SyncState.NOT_CONFIGURED: self.tr("No floor server (hub.url) is set"),
                 SyncState.ERROR: self.tr("Hub error; retrying")}
        self.link_label.setText(texts.get(SyncState(state), state))
        self.link_label.setToolTip(message)

    def update_alert_tab(self) -> None:
        waiting = sum(1 for a in self.service.alerts.values() if a.get("state") == "open")
        if waiting and not self._announced_waiting:
            self._announced_waiting = True
            self.announce(self.service.open_alerts()[0])
        index = self.tabs.indexOf(self.alerts)
        self.tabs.setTabText(index, self.tr("Raised hands (%1)").replace("%1", str(waiting))
                             if waiting else self.tr("Raised hands"))

    def on_alert_changed(self, alert: dict[str, Any], new: bool) -> None:
        self.update_alert_tab()
        if new:
            self.announce(alert)

    def announce(self, alert: dict[str, Any]) -> None:
        """A new raised hand: chime, notification, attention, the tab to the front."""
        self.notifications += 1
        title = self.tr("%1 raised a hand").replace("%1", str(alert.get("operator")))
        text = str(alert.get("text") or alert.get("article") or "")
        if self.sound is not None:
            self.sound.play()
        else:
            QApplication.beep()
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 15000)
        status = self.statusBar()
        if status is not None:
            status.showMessage(f"{title}: {text}" if text else title, 15000)
        QApplication.alert(self, 0)
        self.tabs.setCurrentWidget(self.alerts)

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.clock.stop()
        self.service.stop()
        super().closeEvent(event)

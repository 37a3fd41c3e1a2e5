"""The desktop: builds the services (KB, notes, sync, phone, workers…), hands them to the window,
and runs their lifecycle (start in the background, shut down on close).

It knows no panel: the window gives each panel its services and panels connect themselves.
Thread rule: GUI thread only. Blocking work (KB, SQLite, keyring, audio, settings file) goes to
workers; the phone engine is a child process driven through non-blocking pipes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, QTimer

from agent.notes.prior_pull import CACHE_FILE as PRIOR_CACHE_FILE
from agent.settings import Settings
from agent.ui.actions import ActionExecutor
from agent.ui.call_notes import CallNotes
from agent.ui.editor.launcher import EditorLauncher
from agent.ui.floor_service import FloorService
from agent.ui.kb_service import KbService
from agent.ui.main_window import MainWindow
from agent.ui.notes_service import NotesService
from agent.ui.phone_state import PhoneState
from agent.ui.reply_values import ReplyValues
from agent.ui.search_recorder import SearchRecorder
from agent.ui.services import Services
from agent.ui.settings_service import SettingsService
from agent.ui.supervisor_answer import SupervisorAnswer
from agent.ui.sync_service import SyncService
from agent.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PyQt6.QtCore import QTranslator

    from agent.phone.client import PhoneClient
    from agent.ui.ring_notifier import TrayNotifier

log = logging.getLogger(__name__)

CLOCK_MS = 500
ENGINE_START_DELAY_MS = 1500


def make_phone_client() -> PhoneClient:
    from agent.phone.client import PhoneClient

    return PhoneClient()


class Desktop(QObject):
    """Everything behind the window; :meth:`start` returns at once, the parts arrive later."""

    def __init__(self, settings: Settings, home: Path, language: str,
                 phone_client: PhoneClient | None = None, start_phone: bool = True) -> None:
        super().__init__()
        self.home = home
        self.language = language
        self.start_phone = start_phone
        self.workers = TaskRunner("workers", 2, self)
        self.kb = KbService(home, self)
        self.kb.open()  # first: its imports and disk reads overlap with building the window
        self.notes = NotesService(home / "notes.sqlite", self)
        client = phone_client if phone_client is not None else (
            make_phone_client() if start_phone else None)
        self.phone = PhoneState(client, self)
        self.sync = SyncService(self.notes, str(settings.get("hub.url") or ""),
                                float(settings.get("hub.sync_interval_seconds")), self,
                                public_key=str(settings.get("hub.public_key") or ""),
                                kb_provider=lambda: self.kb.kb)
        self.sync.profile_path = settings.floor_path
        self.sync.prior_path = home / PRIOR_CACHE_FILE
        self.settings = SettingsService(settings, language, self.workers, self.phone, self.sync,
                                        self)
        self.call_notes = CallNotes(self.phone, self.notes, self)
        self.actions = ActionExecutor(self.phone, self.call_notes, self.settings, self)
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.floor = FloorService(home, self.phone, self.notes, str(settings.get("hub.url") or ""),
                                  self.sync.token, int(settings.get("hold.warn_seconds")),
                                  int(settings.get("hold.alarm_seconds")), self)
        self.sync.floor_outbox_provider = self.floor.outbox
        self.actions.raises_hands = lambda: self.floor.available
        self.clock.timeout.connect(self.floor.tick)
        self.sync.report_received.connect(self.floor.on_sync_report)
        self.sync.report_received.connect(self.settings.on_sync_report)
        self.services = Services(
            settings=self.settings, kb=self.kb, notes=self.notes, sync=self.sync,
            phone=self.phone, call_notes=self.call_notes, actions=self.actions,
            reply_values=ReplyValues(self.settings, self.phone, self.call_notes, self),
            floor=self.floor,
            supervisor_answer=SupervisorAnswer(self.floor, self.phone, self.actions, self),
            workers=self.workers, clock=self.clock, home=home, language=language)
        self.window = MainWindow(self.services)
        self.window.closing.connect(self.shutdown)
        self.searches: SearchRecorder | None = None
        if settings.get("hub.record_searches") == "on":
            self.searches = SearchRecorder(home, self.notes.executor, self.caller_on_hold, self)
            self.sync.search_log_provider = self.searches.open_log
            self.searches.connect_panel(self.window.kb_panel)
        self.editor_launcher = EditorLauncher(self)
        self._closed = False
        self._engine_started = False
        self._sync_started = False
        self.translators: list[QTranslator] = []  # kept alive as long as the window
        self.tray: TrayNotifier | None = None
        # Sync once notes and KB are both open (the syncer also pulls KB revisions into it).
        self.notes.opened.connect(self.start_sync_when_ready)
        self.kb.opened.connect(self.start_sync_when_ready)
        self.kb.open_failed.connect(self.start_sync_when_ready)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Notes and the phone engine come up in the background (the KB is already opening)."""
        self.notes.open()
        self.floor.start()
        self.clock.start()
        self.editor_launcher.check()
        # The engine is another Python process: on a small machine it would compete with the
        # KB for the CPU, so it starts once the search works (or after a short delay).
        self.kb.opened.connect(self.start_engine)
        self.kb.open_failed.connect(self.start_engine)
        QTimer.singleShot(ENGINE_START_DELAY_MS, self.start_engine)

    def start_engine(self) -> None:
        if not self.start_phone or self._engine_started or self._closed:
            return
        self._engine_started = True
        self.phone.start_engine(self.settings.engine_arguments())

    def start_sync_when_ready(self, *_args: object) -> None:
        kb_settled = self.kb.is_open or bool(self.kb.last_error)
        if self.notes.store is not None and kb_settled and not self._sync_started:
            self._sync_started = True
            self.sync.start()

    def shutdown(self) -> None:
        """Stop the engine, flush the notes, close the stores (on window close)."""
        if self._closed:
            return
        self._closed = True
        self.clock.stop()
        # Late events (the engine's goodbye, a finished write) must not reach closed widgets.
        for service in (self.phone, self.kb, self.notes, self.sync, self.call_notes,
                        self.settings, self.actions, self.floor):
            service.blockSignals(True)
        self.phone.stop_engine()
        self.sync.stop()
        self.floor.stop()
        self.notes.close()
        if self.searches is not None:
            self.searches.close()
        self.kb.close()
        self.workers.close(wait=False)

    def caller_on_hold(self) -> bool:
        return any(call.on_local_hold for call in self.phone.live_calls())

    def wait_for_engine_exit(self) -> None:
        """After the event loop ended only: let the engine hang up and unregister cleanly."""
        self.phone.wait_engine_stopped()

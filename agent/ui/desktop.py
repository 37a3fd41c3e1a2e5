"""The desktop: owns the services (KB, notes, sync, phone, workers) and connects the panels.

Thread rule: GUI thread only. Blocking work (KB, SQLite, keyring, audio, settings file) goes to
workers; the phone engine is a child process driven through non-blocking pipes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, QTimer

from agent.settings import Settings
from agent.ui.actions import ActionExecutor
from agent.ui.call_notes import CallNotes
from agent.ui.call_panel import TransferDialog
from agent.ui.editor.launcher import EditorLauncher
from agent.ui.kb_service import KbService
from agent.ui.notes_service import NotesService
from agent.ui.phone_state import PhoneState
from agent.ui.ring_notifier import TrayNotifier
from agent.ui.search_recorder import SearchRecorder
from agent.ui.sync_service import SyncService, describe
from agent.ui.tasks import TaskRunner
from kb.model import Article

log = logging.getLogger(__name__)

CLOCK_MS = 500
ENGINE_START_DELAY_MS = 1500


def make_phone_client() -> Any | None:
    """The engine client, or None when the phone package is not installed."""
    try:
        from agent.phone.client import PhoneClient
    except ImportError as exc:
        log.warning("phone client not available: %s", exc)
        return None
    return PhoneClient()


def engine_arguments(settings: Settings) -> list[str]:
    """Command-line options of the phone engine for these settings."""
    listen = str(settings.get("sip.listen") or "")
    if listen:
        return ["--listen", listen]
    if settings.get("sip.server") and settings.get("sip.user"):
        return ["--account", "default"]
    return []


class Desktop(QObject):
    """Everything behind the window; :meth:`start` returns at once, the parts arrive later."""

    def __init__(self, settings: Settings, home: Path, language: str,
                 phone_client: Any | None = None, start_phone: bool = True) -> None:
        super().__init__()
        from agent.ui.main_window import MainWindow

        self.settings = settings
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
        self.call_notes = CallNotes(self.phone, self.notes, self)
        self.actions = ActionExecutor(self.phone, self)
        self.sync = SyncService(self.notes, str(settings.get("hub.url") or ""),
                                float(settings.get("hub.sync_interval_seconds")), self,
                                public_key=str(settings.get("hub.public_key") or ""),
                                kb_provider=lambda: self.kb.kb)
        self.searches: SearchRecorder | None = None
        if settings.get("hub.record_searches") == "on":
            self.searches = SearchRecorder(home, self.notes.executor, self.caller_on_hold, self)
            self.sync.search_log_provider = self.searches.open_log
        self.window = MainWindow(self)
        self.editor_launcher = EditorLauncher(self)
        self._closed = False
        self._engine_started = False
        self._sync_started = False
        self.translators: list[Any] = []  # kept alive as long as the window
        self.tray: TrayNotifier | None = None
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self.on_clock_ticked)
        self._connect()
        self.apply_settings()

    # ------------------------------------------------------------------ wiring

    def _connect(self) -> None:
        w = self.window
        kb_panel, notes_panel, status = w.kb_panel, w.notes_panel, w.status
        kb_panel.values_provider = self.placeholder_values
        kb_panel.reply_used.connect(lambda slug, _text: self.call_notes.record_article(slug))
        kb_panel.action_requested.connect(self.on_action_requested)
        kb_panel.article_opened.connect(self.on_article_opened)
        if self.searches is not None:
            self.searches.connect_panel(kb_panel)
        notes_panel.caller_name_changed.connect(lambda _name: kb_panel.refresh_replies())
        notes_panel.completed.connect(self.on_note_completed)
        w.history_panel.note_opened.connect(self.on_history_note_opened)
        self.actions.complaint_requested.connect(self.on_complaint_requested)
        self.actions.callback_requested.connect(self.on_callback_requested)
        self.actions.note_line_requested.connect(notes_panel.append_line)
        self.actions.article_used.connect(self.call_notes.record_article)
        self.actions.reported.connect(self.on_message_reported)
        w.hold_banner.resume_requested.connect(self.phone.resume)
        w.ring_notice.answer_requested.connect(self.phone.answer)
        w.ring_notice.reject_requested.connect(self.phone.reject)
        w.call_panel.transfer_requested.connect(self.open_transfer)
        status.settings_requested.connect(self.open_settings)
        status.agent_state_requested.connect(self.phone.set_agent_state)
        self.phone.error_reported.connect(self.on_message_reported)
        self.phone.call_ringing.connect(self.on_call_ringing)
        self.phone.lines_updated.connect(self.on_lines_updated)
        self.phone.agent_state_changed.connect(self.on_agent_state_changed)
        self.kb.opened.connect(self.on_kb_opened)
        self.kb.open_failed.connect(
            lambda message: status.set_kb_state(self.tr("KB unavailable")))
        # Sync once notes and KB are both open (the syncer also pulls KB revisions into it).
        self.notes.opened.connect(self.start_sync_when_ready)
        self.kb.opened.connect(self.start_sync_when_ready)
        self.kb.open_failed.connect(self.start_sync_when_ready)
        self.notes.open_failed.connect(
            lambda message: status.showMessage(self.tr("Notes cannot be saved: %1")
                                               .replace("%1", message)))
        self.sync.report_received.connect(self.on_sync_report)

    def apply_settings(self) -> None:
        s = self.settings
        self.window.hold_banner.set_thresholds(int(s.get("hold.warn_seconds")),
                                               int(s.get("hold.alarm_seconds")))
        self.window.status.set_reasons(list(s.get("agent.not_ready_reasons")))
        self.actions.departments = list(s.get("site.departments"))
        self.actions.language = self.language
        server, user = str(s.get("sip.server") or ""), str(s.get("sip.user") or "")
        self.window.status.set_account_configured(
            bool(server and user), str(s.get("sip.listen") or ""),
            f"{user}@{server}" if server and user else "")
        if not s.get("hub.url"):
            self.window.status.set_sync_state(self.tr("Notes kept locally (no floor server)"))
        self.window.kb_panel.refresh_replies()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Notes and the phone engine come up in the background (the KB is already opening)."""
        self.notes.open()
        self.clock.start()
        self.editor_launcher.check()
        # The engine is another Python process: on a small machine it would compete with the
        # KB for the CPU, so it starts once the search works (or after a short delay).
        self.kb.opened.connect(self.start_engine)
        self.kb.open_failed.connect(self.start_engine)
        QTimer.singleShot(ENGINE_START_DELAY_MS, self.start_engine)

    def start_engine(self) -> None:
        client = self.phone.client
        if client is None or not self.start_phone or self._engine_started or self._closed:
            return
        self._engine_started = True
        client.start(engine_arguments(self.settings))

    def shutdown(self) -> None:
        """Stop the engine, flush the notes, close the stores (on window close)."""
        if self._closed:
            return
        self._closed = True
        self.clock.stop()
        # Late events (the engine's goodbye, a finished write) must not reach closed widgets.
        for service in (self.phone, self.kb, self.notes, self.sync, self.call_notes):
            service.blockSignals(True)
        if self.phone.client is not None:
            self.phone.client.stop()
        self.sync.stop()
        self.notes.close()
        if self.searches is not None:
            self.searches.close()
        self.kb.close()
        self.workers.close(wait=False)

    def start_sync_when_ready(self, *_args: object) -> None:
        kb_settled = self.kb.is_open or bool(self.kb.last_error)
        if self.notes.store is not None and kb_settled and not self._sync_started:
            self._sync_started = True
            self.sync.start()

    def wait_for_engine_exit(self) -> None:
        """After the event loop ended only: let the engine hang up and unregister cleanly."""
        client = self.phone.client
        if client is not None and hasattr(client, "wait_stopped"):
            client.wait_stopped()

    def on_clock_ticked(self) -> None:
        w = self.window
        w.call_panel.model.tick()
        w.hold_banner.tick()
        w.status.tick()

    # ------------------------------------------------------------------ handlers

    def caller_on_hold(self) -> bool:
        return any(c.get("hold") == "local" for c in self.phone.live_calls())

    def placeholder_values(self) -> dict[str, str]:
        s = self.settings
        call = self.phone.current_call()
        session = self.call_notes.bound
        return {
            "caller_name": session.caller_name if session else "",
            "company": str(s.get("site.company") or ""),
            "product": str(s.get("site.product") or ""),
            "operator_name": str(s.get("sip.display_name") or ""),
            "email": str(s.get("site.offers_email") or ""),
            "number": str(call.get("caller_id") or "") if call else "",
        }

    def on_message_reported(self, text: str) -> None:
        if not self._closed:
            self.window.status.showMessage(text, 8000)

    def on_kb_opened(self) -> None:
        self.window.status.set_kb_state(self.tr("KB ready"))

    def on_article_opened(self, article: Article) -> None:
        self.window.notes_panel.article_titles[article.slug] = article.title

    def on_action_requested(self, article: Article, action: dict[str, Any]) -> None:
        self.actions.run(article, action)

    def on_complaint_requested(self) -> None:
        self.window.side_tabs.setCurrentWidget(self.window.notes_panel)
        self.window.notes_panel.open_complaint()

    def on_callback_requested(self) -> None:
        self.window.side_tabs.setCurrentWidget(self.window.notes_panel)
        self.window.notes_panel.open_callback()

    def on_history_note_opened(self, note: Any) -> None:
        """Reopen a stored note in the note panel (its caller name fills the replies again)."""
        self.call_notes.open_note(note)  # the panel's bind re-fills the reply cards
        self.window.side_tabs.setCurrentWidget(self.window.notes_panel)

    def on_note_completed(self, _uuid: str) -> None:
        if self.phone.agent.get("state") == "wrap-up":
            self.phone.set_agent_state("ready")

    def on_call_ringing(self, call: dict[str, Any]) -> None:
        if self.tray is not None:
            self.tray.on_call_ringing(call)

    def on_lines_updated(self) -> None:
        if self.tray is not None:
            self.tray.on_lines_updated(bool(self.phone.ringing_calls()))

    def on_agent_state_changed(self, agent: dict[str, Any]) -> None:
        # A note completed during the call needs no wrap-up time after it.
        session = self.call_notes.bound
        if agent.get("state") == "wrap-up" and session is not None and session.completed \
                and not self.phone.live_calls():
            self.phone.set_agent_state("ready")

    def on_sync_report(self, report: Any) -> None:
        text, tooltip = describe(report)
        self.window.status.set_sync_state(text, tooltip)
        self.notes.refresh_counts()

    def open_transfer(self, call_id: int) -> None:
        dialog = TransferDialog(list(self.settings.get("site.departments")), self.language,
                                self.window)

        def on_finished(result: int) -> None:
            self.window.activateWindow()  # shortcuts are window-wide: give the window back
            if not result or call_id not in self.phone.calls:
                return
            target = dialog.target_uri()
            if dialog.consultative:
                self.phone.consult(call_id, target)
            else:
                self.phone.transfer(call_id, target)
            self.window.notes_panel.append_line(self.tr("Transferred to %1").replace("%1", target))

        dialog.finished.connect(on_finished)
        dialog.open()
        self._transfer_dialog = dialog

    def open_settings(self) -> None:
        from agent.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.workers, self.window)
        dialog.secret_entered.connect(self.store_secret)
        dialog.accepted.connect(self.on_settings_accepted)
        dialog.open()
        self._settings_dialog = dialog

    def on_settings_accepted(self) -> None:
        settings = self.settings
        self.workers.submit(
            settings.save,
            on_error=lambda exc: self.window.status.showMessage(
                self.tr("Settings not saved: %1").replace("%1", str(exc)), 10000))
        self.apply_settings()
        self.configure_account()
        self.configure_audio()
        self.sync.reconfigure(str(settings.get("hub.url") or ""),
                              float(settings.get("hub.sync_interval_seconds")),
                              str(settings.get("hub.public_key") or ""))

    def configure_audio(self) -> None:
        """Send the chosen devices and ringtone to the engine (it applies them at once)."""
        client = self.phone.client
        if client is None or not self.phone.engine_running:
            return
        s = self.settings
        devices = {"input": s.get("audio.input_device"), "output": s.get("audio.output_device"),
                   "ring": s.get("audio.ring_device"), "ringtone": s.get("audio.ringtone")}
        devices = {k: str(v) for k, v in devices.items() if v}
        if devices:
            client.set_audio_devices(**devices)

    def store_secret(self, kind: str, secret: str) -> None:
        """The SIP password or the hub token, to the keyring on a worker (never to a file)."""
        from agent.secrets import SecretStore, hub_token_key, sip_password_key

        s = self.settings
        if kind == "hub":
            key = hub_token_key(str(s.get("hub.url")))
        else:
            key = sip_password_key(str(s.get("sip.user")), str(s.get("sip.server")))

        def on_stored(_result: object) -> None:
            self.window.status.showMessage(self.tr("Saved in the system keyring."), 6000)
            if kind == "hub":
                self.sync.token_changed()
            else:
                self.configure_account()

        self.workers.submit(
            SecretStore().set, key, secret, on_done=on_stored,
            on_error=lambda exc: self.window.status.showMessage(str(exc), 15000),
        )

    def configure_account(self) -> None:
        """Send the account to the engine, with the password read from the keyring on a worker."""
        s = self.settings
        server, user = str(s.get("sip.server") or ""), str(s.get("sip.user") or "")
        if not (server and user) or self.phone.client is None:
            return
        from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key

        def read_password() -> str | None:
            try:
                return SecretStore().get(sip_password_key(user, server))
            except SecretStoreUnavailable:
                return None

        def send(password: str | None) -> None:
            account = {"server": server, "user": user, "transport": s.get("sip.transport"),
                       "display_name": s.get("sip.display_name")}
            if password:
                account["password"] = password
            client = self.phone.client
            if client is not None and self.phone.engine_running:
                client.configure_account(account)

        self.workers.submit(read_password, on_done=send)

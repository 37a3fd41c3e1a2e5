"""The desk's settings as a service: reading them, taking the dialog's changes, saving them on a
worker, and applying them to the phone engine and the syncer. Panels connect to :attr:`applied`
and read what they show from here.

Thread rule: GUI thread only; the settings file and the keyring are written on the workers.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.settings import Settings
from agent.ui.phone_state import PhoneState
from agent.ui.sync_service import SyncService
from agent.ui.tasks import TaskRunner


class SettingsService(QObject):
    """Owns the resolved :class:`~agent.settings.Settings` of this desk."""

    applied = pyqtSignal()  # new values are in effect: panels re-read what they show
    reported = pyqtSignal(str)  # a message for the operator (saved, not saved...)

    def __init__(self, settings: Settings, language: str, workers: TaskRunner,
                 phone: PhoneState, sync: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = language  # the interface language in effect (``ru`` / ``en``)
        self.workers = workers
        self.phone = phone
        self.sync = sync

    def get(self, key: str) -> Any:
        return self.settings.get(key)

    def text(self, key: str) -> str:
        """A string setting, empty when unset."""
        return str(self.settings.get(key) or "")

    def is_locked(self, key: str) -> bool:
        return self.settings.is_locked(key)

    def departments(self) -> list[dict[str, Any]]:
        return list(self.settings.get("site.departments"))

    def account_address(self) -> str:
        """``user@server`` of the configured SIP account, or empty."""
        server, user = self.text("sip.server"), self.text("sip.user")
        return f"{user}@{server}" if server and user else ""

    def engine_arguments(self) -> list[str]:
        """Command-line options of the phone engine for these settings."""
        listen = self.text("sip.listen")
        if listen:
            return ["--listen", listen]
        if self.account_address():
            return ["--account", "default"]
        return []

    # ------------------------------------------------------------------ changes

    def change(self, values: dict[str, Any]) -> None:
        """Take the dialog's changed values, save them on a worker and apply them.

        Raises ``ValueError`` (with a message for the operator) before changing anything when
        a value is invalid or locked.
        """
        before = dict(self.settings.user)
        listen_before = self.text("sip.listen")
        try:
            self.settings.update(values.items())
        except ValueError:
            self.settings.user = before
            raise
        self.workers.submit(
            self.settings.save,
            on_error=lambda exc: self.reported.emit(
                self.tr("Settings not saved: %1").replace("%1", str(exc))))
        self.apply()
        if self.text("sip.listen") != listen_before:
            # The engine binds its address when it starts; it is not restarted under a call.
            self.reported.emit(self.tr("The new direct-call address is used from the next "
                                       "start of Sufler."))

    def on_sync_report(self, report: Any) -> None:
        """A pull stored a new floor profile: read it on a worker, then put it in effect."""
        profile = getattr(getattr(report, "kb", None), "profile", None)
        if profile is None or not profile.changed:
            return
        from agent.settings import read_floor_profile

        key = str(self.settings.site.get("hub.public_key")
                  or self.settings.user.get("hub.public_key") or "")
        self.workers.submit(read_floor_profile, self.settings.floor_path, key,
                            on_done=self._floor_read)

    def _floor_read(self, result: tuple[int, dict[str, Any]]) -> None:
        revision, values = result
        if (revision, values) == (self.settings.floor_revision, self.settings.floor):
            return
        self.settings.floor_revision, self.settings.floor = revision, values
        self.apply()
        self.reported.emit(self.tr("The floor's settings from the hub are in effect."))

    def apply(self) -> None:
        """Put the values in effect: panels, the engine's account and devices, the syncer."""
        self.applied.emit()
        self.configure_account()
        self.configure_audio()
        self.sync.reconfigure(self.text("hub.url"), float(self.get("hub.sync_interval_seconds")),
                              self.text("hub.public_key"))

    def configure_audio(self) -> None:
        """Send the chosen devices and ringtone to the engine (it applies them at once, in
        every sound mode)."""
        devices = {"input": self.text("audio.input_device"),
                   "output": self.text("audio.output_device"),
                   "ring": self.text("audio.ring_device")}  # empty: the system default
        ringtone = self.text("audio.ringtone")
        if ringtone:  # empty keeps the engine's own default ringtone
            devices["ringtone"] = ringtone
        self.phone.set_audio_devices(**devices)

    def configure_account(self) -> None:
        """Send the account to the engine, with the password read from the keyring on a worker."""
        server, user = self.text("sip.server"), self.text("sip.user")
        if not (server and user):
            return
        from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key

        def read_password() -> str | None:
            try:
                return SecretStore().get(sip_password_key(user, server))
            except SecretStoreUnavailable:
                return None

        def send(password: str | None) -> None:
            account: dict[str, object] = {
                "server": server, "user": user, "transport": self.get("sip.transport"),
                "display_name": self.get("sip.display_name")}
            if password:
                account["password"] = password
            self.phone.configure_account(account)

        self.workers.submit(read_password, on_done=send)

    def store_secret(self, kind: str, secret: str) -> None:
        """The SIP password (``sip``) or the hub token (``hub``), to the keyring on a worker
        (never to a file); the engine or the syncer picks it up once it is stored."""
        from agent.secrets import SecretStore, hub_token_key, sip_password_key

        if kind == "hub":
            key = hub_token_key(self.text("hub.url"))
        else:
            key = sip_password_key(self.text("sip.user"), self.text("sip.server"))

        def on_stored(_result: object) -> None:
            self.reported.emit(self.tr("Saved in the system keyring."))
            if kind == "hub":
                self.sync.token_changed()
            else:
                self.configure_account()

        self.workers.submit(SecretStore().set, key, secret, on_done=on_stored,
                            on_error=lambda exc: self.reported.emit(str(exc)))

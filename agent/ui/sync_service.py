"""The Qt adapter of :class:`agent.notes.syncer.Syncer` (Electrum's QtEventListener shape).

The syncer runs on its own thread and calls listeners there; this adapter re-emits each report as
a signal, which Qt queues to the GUI thread. Thread rule: methods are called on the GUI thread;
the syncer is built on the notes executor (it reads the store) and stopped on a worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QCoreApplication, QObject, QTimer, pyqtSignal

from agent.ui.notes_service import NotesService

log = logging.getLogger(__name__)
# Set when the last token read found no usable keyring (then "needs a token" would mislead).
keyring_missing = threading.Event()


def hub_token(hub_url: str) -> str | None:
    """``SUFLER_HUB_TOKEN`` or the keyring's token for this hub, or None. Blocking: the syncer's
    own thread calls it."""
    from agent.notes.hub_client import resolve_token
    from agent.secrets import SecretStoreUnavailable

    try:
        token = resolve_token(hub_url)
    except SecretStoreUnavailable as exc:
        if not keyring_missing.is_set():
            log.warning("the hub token cannot be read: %s", exc)
        keyring_missing.set()
        return None
    keyring_missing.clear()
    return token


def describe(report: Any) -> tuple[str, str]:
    """(short status text, tooltip) for the status bar."""
    counts = report.counts
    waiting = counts.pending + counts.needing_attention
    state = report.state
    if state == "not-configured":
        text = QCoreApplication.translate("Sync", "Notes kept locally (no floor server)")
    elif state == "offline":
        text = QCoreApplication.translate("Sync", "Offline: %1 notes wait")
        text = text.replace("%1", str(waiting))
    elif state == "needs-token" and keyring_missing.is_set():
        text = QCoreApplication.translate("Sync", "No keyring: the hub token cannot be read")
        return text, QCoreApplication.translate(
            "Sync", "Log in with a keyring (gnome-keyring, KWallet); `sufler doctor` checks it")
    elif state == "needs-token":
        text = QCoreApplication.translate("Sync", "Sync needs a hub token")
    elif state == "error":
        text = QCoreApplication.translate("Sync", "Sync error; retrying")
    elif not report.finished and report.total:
        text = QCoreApplication.translate("Sync", "Syncing %1/%2…")
        text = text.replace("%1", str(report.confirmed)).replace("%2", str(report.total))
    elif waiting:
        text = QCoreApplication.translate("Sync", "%1 notes to sync").replace("%1", str(waiting))
    else:
        text = QCoreApplication.translate("Sync", "Notes synced")
    tooltip = report.error or ""
    return text, tooltip


class SyncService(QObject):
    """Starts the syncer when a hub URL is configured (pulling signed KB revisions too when the
    hub's public key is pinned); nudges it after every saved note."""

    report_received = pyqtSignal(object)  # SyncReport

    def __init__(self, notes: NotesService, hub_url: str, interval: float,
                 parent: QObject | None = None, public_key: str = "",
                 kb_provider: Callable[[], Any] | None = None) -> None:
        super().__init__(parent)
        self.token: Callable[[], str | None] = lambda: hub_token(self.hub_url)
        self.notes = notes
        self.hub_url = hub_url
        self.interval = interval
        self.public_key = public_key
        self.kb_provider = kb_provider
        self.search_log_provider: Callable[[], Any] | None = None  # a second outbox, if any
        self.floor_outbox_provider: Callable[[], Any] | None = None  # a third one
        self.syncer: Any = None
        self._subscription: Any = None  # the current syncer's listener (cancel to stop hearing it)
        self._generation = 0  # a syncer built for an older configuration is stopped, not used
        self.profile_path: Path | None = None  # where pulls store the floor profile, if any
        self.prior_path: Path | None = None  # where pulls cache the floor's search prior, if any
        self._nudge = QTimer(self)
        self._nudge.setSingleShot(True)
        self._nudge.setInterval(1500)  # a burst of keystrokes → one upload
        self._nudge.timeout.connect(self.sync_now)
        notes.note_saved.connect(lambda _note: self._nudge.start())
        self.report_received.connect(lambda _report: notes.refresh_counts())

    def start(self) -> None:
        if not self.hub_url:
            return

        generation = self._generation
        kb = self.kb_provider() if self.kb_provider is not None else None
        public_key = self.public_key
        profile_path = self.profile_path
        prior_path = self.prior_path

        def build() -> Any:
            from agent.notes.syncer import Syncer

            puller = None
            if kb is not None and public_key:
                from agent.notes.kb_pull import KbPuller

                try:
                    puller = KbPuller(kb, public_key, profile_path=profile_path)
                except ValueError as exc:  # the hub's SignatureError included
                    log.error("hub.public_key is not a usable key, KB pulls are off: %s", exc)
            search_log = self.search_log_provider() if self.search_log_provider else None
            if kb is not None and puller is not None and prior_path is not None:
                from agent.notes.prior_pull import SearchPriorPuller

                # The last floor prior cached on disk serves until the first pull answers.
                puller.prior = SearchPriorPuller(kb, prior_path, local=search_log)
                puller.prior.load_cached()
            floor = self.floor_outbox_provider() if self.floor_outbox_provider else None
            syncer = Syncer(self.notes._store(), self.hub_url, self.token,
                            interval=self.interval, kb_puller=puller, search_log=search_log,
                            floor_outbox=floor)
            # A weak method of this QObject: the syncer never keeps a closed desk alive, and the
            # subscription removes exactly this listener.
            subscription = syncer.add_listener(self.on_syncer_report, weak=True)
            syncer.start()
            return syncer, subscription

        self.notes.executor.submit(
            build, on_done=lambda started: self.on_syncer_started(started, generation),
            on_error=lambda exc: log.error("syncer not started: %s", exc))

    def on_syncer_report(self, report: Any) -> None:
        """The syncer's thread: re-emitted as a signal (queued to the GUI thread)."""
        self.report_received.emit(report)

    def on_syncer_started(self, started: tuple[Any, Any], generation: int) -> None:
        syncer, subscription = started
        if generation != self._generation:  # reconfigured while it was being built
            subscription.cancel()
            threading.Thread(target=syncer.stop, name="syncer-stop", daemon=True).start()
            return
        self.syncer, self._subscription = syncer, subscription
        self.report_received.emit(syncer.last_report)

    def _forget_syncer(self) -> Any:
        """Stop hearing the current syncer (its reports from now on are dropped); return it."""
        old, self.syncer = self.syncer, None
        if self._subscription is not None:
            self._subscription.cancel()
            self._subscription = None
        return old

    def token_changed(self) -> None:
        """A new token is in the keyring: retries resume at once."""
        if self.syncer is not None:
            self.syncer.set_token(self.token)

    def reconfigure(self, hub_url: str, interval: float, public_key: str) -> None:
        """Another hub URL, interval or key from the settings: replace the syncer (the old one is
        stopped on a thread of its own, since stopping waits for a pass in progress)."""
        if (hub_url, interval, public_key) == (self.hub_url, self.interval, self.public_key):
            return
        self.public_key = public_key
        self._generation += 1
        old = self._forget_syncer()
        if old is not None:
            threading.Thread(target=old.stop, name="syncer-stop", daemon=True).start()
        self.hub_url, self.interval = hub_url, interval
        if self.notes.store is not None:
            self.start()

    def sync_now(self) -> None:
        if self.syncer is not None:
            self.syncer.sync_now()

    def stop(self) -> None:
        """Blocks up to a few seconds: call on exit only."""
        self._generation += 1
        old = self._forget_syncer()
        if old is not None:
            old.stop(timeout=5)

"""The services behind the window, built by :class:`~agent.ui.desktop.Desktop` and handed to
:class:`~agent.ui.main_window.MainWindow`, which gives each panel the ones it uses; panels
connect themselves to them.

Thread rule: GUI thread only (every service is a QObject living on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import QTimer

from agent.ui.actions import ActionExecutor
from agent.ui.call_notes import CallNotes
from agent.ui.kb_service import KbService
from agent.ui.notes_service import NotesService
from agent.ui.phone_state import PhoneState
from agent.ui.reply_values import ReplyValues
from agent.ui.settings_service import SettingsService
from agent.ui.sync_service import SyncService
from agent.ui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class Services:
    settings: SettingsService  # the desk's settings; ``applied`` after every change
    kb: KbService  # search and articles, on workers
    notes: NotesService  # the notes store, one serialized writer
    sync: SyncService  # notes up, KB revisions down
    phone: PhoneState  # calls, lines, registration, agent state; phone commands
    call_notes: CallNotes  # the note of each call, the wrap-up rule
    actions: ActionExecutor  # article actions and transfers
    reply_values: ReplyValues  # what fills the replies' placeholders
    workers: TaskRunner  # keyring, audio, settings file
    clock: QTimer  # ticks twice a second: timers on screen
    home: Path  # the data directory (``window.ini`` is kept there)
    language: str  # the interface language in effect

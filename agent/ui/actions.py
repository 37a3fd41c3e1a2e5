"""Runs what the operator asks of the phone beyond a button press: the actions of KB articles
(hold, transfer to a department, play a prompt…) and transfers chosen in the transfer dialog,
against the phone and the call note.

Thread rule: GUI thread only; phone commands return at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.phone.protocol import Call, Problem, TransferEvent, TransferKind
from agent.ui.call_notes import CallNotes
from agent.ui.content import isolate, one_line
from agent.ui.phone_state import PhoneState
from agent.ui.placeholders import normalize_dial_text
from agent.ui.problems import problem_text
from agent.ui.settings_service import SettingsService
from kb.model import Article
from kb.paths import assets_dir

PROMPT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def prompt_file(prompt: str, lang: str, root: Path | None = None) -> Path | None:
    """``assets/sounds/<prompt>.<lang>.wav``, falling back to the Russian recording.

    ``prompt`` must be a name of the installed set (``[a-z0-9-]+``): a path, ``..`` or anything
    else finds nothing, so an article can never play an arbitrary file into a call.
    """
    if not PROMPT_NAME.fullmatch(prompt) or lang not in ("ru", "en"):
        return None
    sounds = ((root or assets_dir()) / "sounds").resolve()
    for candidate in (f"{prompt}.{lang}.wav", f"{prompt}.ru.wav", f"{prompt}.wav"):
        path = (sounds / candidate).resolve()
        if path.parent == sounds and path.is_file():
            return path
    return None


def department_label(department: dict[str, Any], language: str) -> str:
    label = department.get(f"label_{language}") or department.get("label_en") or department["key"]
    return str(label)


@dataclass
class PendingTransfer:
    """A transfer asked of the engine whose outcome is not known yet."""

    label: str  # the department's name, else the target as typed
    consultative: bool


class ActionExecutor(QObject):
    """Turns ``{"type": ..., ...}`` from an article into phone commands or note forms, and
    follows the transfers it started: the note learns of one only when the engine reports its
    final success; a refusal is told to the operator and the call stays."""

    reported = pyqtSignal(str)  # a message for the operator
    transfer_reported = pyqtSignal(str, bool)  # (message, ok): a transfer's outcome
    help_requested = pyqtSignal(object)  # Article: raise a hand to the supervisor about it

    def __init__(self, phone: PhoneState, call_notes: CallNotes, settings: SettingsService,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.call_notes = call_notes
        self.settings = settings
        # Whether a hand can be raised on the floor's hub (the desktop sets it); without one,
        # alert-supervisor is a consultation call to the supervisor's number.
        self.raises_hands: Callable[[], bool] = lambda: False
        self.pending: dict[int, PendingTransfer] = {}  # caller's call id -> its transfer
        phone.transfer_reported.connect(self.on_transfer_reported)
        phone.call_ended.connect(self.on_call_ended)

    def department(self, key: str) -> dict[str, Any] | None:
        return next((d for d in self.settings.departments() if d.get("key") == key), None)

    def target_label(self, target: str) -> str:
        """The directory's name of the department ``target`` dials, else ``target`` itself."""
        wanted = normalize_dial_text(target)
        for department in self.settings.departments():
            number = normalize_dial_text(str(department.get("number") or ""))
            if number and number.lower() == wanted.lower():
                return department_label(department, self.settings.language)
        return one_line(target, 80)

    def transfer(self, call_id: int, target: str, consultative: bool, name: str = "") -> bool:
        """Blind transfer or consultation to ``target``. Nothing is written to the note now:
        :meth:`on_transfer_reported` writes where the call went once the transfer succeeded."""
        label = name or self.target_label(target)
        if consultative:
            ok = self.phone.consult(call_id, target)
        else:
            ok = self.phone.transfer(call_id, target)
        if ok:
            self.pending[call_id] = PendingTransfer(label, consultative)
            text = self.tr("Calling %1 for a consultation…") if consultative else \
                self.tr("Transferring to %1…")
            self.reported.emit(text.replace("%1", isolate(label)))
        return ok

    def on_transfer_reported(self, event: TransferEvent) -> None:
        """The engine's word on a REFER we sent: only its final answer counts."""
        if event.kind is TransferKind.REQUESTED or not event.final:
            return
        pending = self.pending.get(event.call)
        label = pending.label if pending is not None else self.tr("another number")
        if event.ok:
            self.pending.pop(event.call, None)
            line = self.tr("Transferred to %1 after a consultation") \
                if event.kind is TransferKind.ATTENDED else self.tr("Transferred to %1")
            self.call_notes.record_transfer(event.call, line.replace("%1", label))
            message = self.tr("The call was transferred to %1.").replace("%1", isolate(label))
        elif event.problem is Problem.CALL_ENDED_BEFORE_TRANSFER:
            message = self.tr("Transfer to %1: the call ended before the transfer was "
                              "confirmed.").replace("%1", isolate(label))
        elif event.problem is Problem.TRANSFER_TIMEOUT_HELD:
            # The caller holds us: most likely talking to the target already (a peer whose
            # final NOTIFY never parses). Not "failed": the operator must not call them back.
            reason = problem_text(event.problem, event.params)
            message = self.tr("Transfer to %1 not confirmed: %2. If the caller is with them, "
                              "hang up (%3); until then the call stays with you.").replace(
                "%1", isolate(label)).replace("%2", reason).replace("%3", "F10")
        else:
            reason = problem_text(event.problem, event.params,
                                  one_line(f"{event.code} {event.reason}".strip(), 120))
            message = self.tr("Transfer to %1 failed: %2. The call stays with you.").replace(
                "%1", isolate(label)).replace("%2", reason)
        self.reported.emit(message)
        self.transfer_reported.emit(message, event.ok)

    def on_call_ended(self, call: Call) -> None:
        self.pending.pop(call.call, None)

    def run(self, article: Article, action: dict[str, Any]) -> bool:
        """Execute ``action``; returns False (and reports why) when it cannot apply now."""
        kind = str(action.get("type"))
        if kind == "alert-supervisor" and self.raises_hands():
            self.help_requested.emit(article)
            self.call_notes.record_article(article.slug, article.title)
            return True
        call = self.phone.current_call()
        ok = False
        if kind in ("complaint", "callback"):
            self.call_notes.request_form(kind)
            ok = True
        elif call is None:
            self.reported.emit(self.tr("There is no call for this action."))
            return False
        elif kind == "hold":
            ok = call.on_local_hold or self.phone.hold(call.call)
        elif kind == "hangup":
            ok = self.phone.hangup(call.call)
        elif kind in ("transfer", "consult", "alert-supervisor"):
            key = str(action.get("target") or ("supervisor" if kind == "alert-supervisor" else ""))
            department = self.department(key)
            number = str(department.get("number") or "") if department else ""
            if not number or department is None:
                self.reported.emit(self.tr("No number is set for “%1”. Ask IT to fill the "
                                           "department directory.").replace(
                                               "%1", isolate(one_line(key, 60))))
                return False
            ok = self.transfer(call.call, number, consultative=kind != "transfer",
                               name=department_label(department, self.settings.language))
        elif kind == "play-prompt":
            prompt = str(action.get("prompt") or "")
            path = prompt_file(prompt, article.lang)
            if path is None:
                self.reported.emit(self.tr("The recording “%1” is not installed.")
                                   .replace("%1", isolate(one_line(prompt, 60))))
                return False
            ok = self.phone.play_prompt(call.call, str(path),
                                        hangup_after=bool(action.get("hangup_after")))
        else:
            self.reported.emit(self.tr("Unknown action: %1").replace(
                "%1", isolate(one_line(kind, 60))))
            return False
        if ok:
            self.call_notes.record_article(article.slug, article.title)
        return ok

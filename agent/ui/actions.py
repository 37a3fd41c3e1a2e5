"""Runs what the operator asks of the phone beyond a button press: the actions of KB articles
(hold, transfer to a department, play a prompt…) and transfers chosen in the transfer dialog,
against the phone and the call note.

Thread rule: GUI thread only; phone commands return at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.ui.call_notes import CallNotes
from agent.ui.content import isolate, one_line
from agent.ui.phone_state import PhoneState
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


class ActionExecutor(QObject):
    """Turns ``{"type": ..., ...}`` from an article into phone commands or note forms."""

    reported = pyqtSignal(str)  # a message for the operator

    def __init__(self, phone: PhoneState, call_notes: CallNotes, settings: SettingsService,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.call_notes = call_notes
        self.settings = settings

    def department(self, key: str) -> dict[str, Any] | None:
        return next((d for d in self.settings.departments() if d.get("key") == key), None)

    def transfer(self, call_id: int, target: str, consultative: bool, name: str = "") -> bool:
        """Blind transfer or consultation to ``target``; the note says where (``name`` or the
        target itself)."""
        if consultative:
            ok = self.phone.consult(call_id, target)
        else:
            ok = self.phone.transfer(call_id, target)
        if ok:
            line = self.tr("Consulted %1") if consultative else self.tr("Transferred to %1")
            self.call_notes.add_line(line.replace("%1", name or target))
        return ok

    def run(self, article: Article, action: dict[str, Any]) -> bool:
        """Execute ``action``; returns False (and reports why) when it cannot apply now."""
        kind = str(action.get("type"))
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

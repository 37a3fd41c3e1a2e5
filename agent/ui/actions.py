"""Runs the actions of KB articles against the phone and the call note.

Thread rule: GUI thread only; phone commands return at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from agent.ui.phone_state import PhoneState
from kb.model import Article
from kb.paths import assets_dir


def prompt_file(prompt: str, lang: str, root: Path | None = None) -> Path | None:
    """``assets/sounds/<prompt>.<lang>.wav``, falling back to the Russian recording."""
    sounds = (root or assets_dir()) / "sounds"
    for candidate in (f"{prompt}.{lang}.wav", f"{prompt}.ru.wav", f"{prompt}.wav"):
        path = sounds / candidate
        if path.is_file():
            return path
    return None


class ActionExecutor(QObject):
    """Turns ``{"type": ..., ...}`` from an article into phone commands or note forms."""

    complaint_requested = pyqtSignal()
    callback_requested = pyqtSignal()
    note_line_requested = pyqtSignal(str)
    article_used = pyqtSignal(str)  # slug
    reported = pyqtSignal(str)  # a message for the operator

    def __init__(self, phone: PhoneState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.departments: list[dict[str, Any]] = []
        self.language = "ru"
        # Raises a hand to the supervisor (set by the desktop when a floor server is there);
        # without it, alert-supervisor is a consultation call to the supervisor's number.
        self.raise_hand: Callable[[Article], bool] | None = None

    def department(self, key: str) -> dict[str, Any] | None:
        return next((d for d in self.departments if d.get("key") == key), None)

    def department_name(self, department: dict[str, Any]) -> str:
        return str(department.get(f"label_{self.language}") or department.get("label_en")
                   or department.get("key"))

    def _call(self) -> dict[str, Any] | None:
        return self.phone.current_call()

    def run(self, article: Article, action: dict[str, Any]) -> bool:
        """Execute ``action``; returns False (and reports why) when it cannot apply now."""
        kind = str(action.get("type"))
        if kind == "alert-supervisor" and self.raise_hand is not None \
                and self.raise_hand(article):
            self.article_used.emit(article.slug)
            return True
        call = self._call()
        call_id = int(call["call"]) if call else None
        ok = False
        if kind == "complaint":
            self.complaint_requested.emit()
            ok = True
        elif kind == "callback":
            self.callback_requested.emit()
            ok = True
        elif call_id is None or call is None:
            self.reported.emit(self.tr("There is no call for this action."))
            return False
        elif kind == "hold":
            ok = call.get("hold") == "local" or self.phone.hold(call_id)
        elif kind == "hangup":
            ok = self.phone.hangup(call_id)
        elif kind in ("transfer", "consult", "alert-supervisor"):
            key = str(action.get("target") or ("supervisor" if kind == "alert-supervisor" else ""))
            department = self.department(key)
            number = str(department.get("number") or "") if department else ""
            if not number:
                self.reported.emit(self.tr("No number is set for “%1”. Ask IT to fill the "
                                           "department directory.").replace("%1", key))
                return False
            if kind == "transfer":
                ok = self.phone.transfer(call_id, number)
            else:
                ok = self.phone.consult(call_id, number)
            if ok and department is not None:
                self.note_line_requested.emit(
                    (self.tr("Transferred to %1") if kind == "transfer"
                     else self.tr("Consulted %1")).replace("%1", self.department_name(department)))
        elif kind == "play-prompt":
            prompt = str(action.get("prompt") or "")
            path = prompt_file(prompt, article.lang)
            if path is None:
                self.reported.emit(self.tr("The recording “%1” is not installed.")
                                   .replace("%1", prompt))
                return False
            ok = self.phone.play_prompt(call_id, str(path),
                                        hangup_after=bool(action.get("hangup_after")))
        else:
            self.reported.emit(self.tr("Unknown action: %1").replace("%1", kind))
            return False
        if ok:
            self.article_used.emit(article.slug)
        return ok

"""What is wrong with something that crossed the wire: :class:`Problem` (one field, for people)
and :class:`RequestError` (a whole request the hub refuses, with its HTTP status).

Editors, the command lines and the hub show a :class:`Problem` as ``field: message``.

Pure data; safe from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # refused: nothing is imported or published
    WARNING = "warning"  # accepted (possibly cleaned up, as the message says)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one field (``title``, ``replies[2]``, ``actions[0].label``, ``body``)."""

    field: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def error(field: str, message: str) -> Problem:
    return Problem(field, Severity.ERROR, message)


def warning(field: str, message: str) -> Problem:
    return Problem(field, Severity.WARNING, message)


class RequestError(ValueError):
    """A request the hub refuses; ``status`` is the HTTP status to answer with, ``details`` name
    the entries at fault (``[{"index", ...,"error"}]``)."""

    def __init__(self, status: int, message: str,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []

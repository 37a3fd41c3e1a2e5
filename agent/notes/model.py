"""Plain data types of call notes: :class:`Note`, :class:`SyncCounts` and the wire format.

Pure Python with no I/O: safe to use from any thread.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

DIRECTIONS = ("in", "out")
MAX_CALLER_NAME = 200  # characters; the hub refuses longer names
SYNC_STATES = ("pending", "synced", "failed")

# What the operator (or the call) decides; everything the hub stores about a note.
CONTENT_FIELDS = (
    "call_id",
    "number",
    "caller_name",
    "direction",
    "started_at",
    "answered_at",
    "ended_at",
    "duration",
    "wrap_up_code",
    "text",
    "complaint",
    "callback",
    "articles",
    "completed",
    "created_at",
    "updated_at",
)
# Fields ``NotesStore.update`` accepts (times of creation and change are kept by the store).
EDITABLE_FIELDS = tuple(f for f in CONTENT_FIELDS if f not in ("created_at", "updated_at"))
_DIRECTION_ALIASES = {"in": "in", "inbound": "in", "incoming": "in",
                      "out": "out", "outbound": "out", "outgoing": "out"}


class NoteError(ValueError):
    """A note field has the wrong type or value; the message names the field."""


def normalize_direction(value: Any) -> str:
    """``in``/``out`` (``inbound``/``incoming`` and ``outbound``/``outgoing`` accepted)."""
    if isinstance(value, str) and value.lower() in _DIRECTION_ALIASES:
        return _DIRECTION_ALIASES[value.lower()]
    raise NoteError(f"direction must be 'in' or 'out', got {value!r}")


def _opt_time(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise NoteError(f"{name} must be a number of seconds since the epoch or null")
    return float(value)


def _opt_str(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise NoteError(f"{name} must be a string or null")


def _str(name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    raise NoteError(f"{name} must be a string")


def _caller_name(name: str, value: Any) -> str:
    """How the caller introduced themselves: a string of at most :data:`MAX_CALLER_NAME`."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NoteError(f"{name} must be a string")
    if len(value) > MAX_CALLER_NAME:
        raise NoteError(f"{name} is longer than {MAX_CALLER_NAME} characters")
    if "\x00" in value:
        raise NoteError(f"{name} must not contain NUL characters")
    return value


def _dict(name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return dict(value)
    raise NoteError(f"{name} must be an object with string keys")


def _slugs(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple) and all(isinstance(s, str) for s in value):
        return list(value)
    raise NoteError(f"{name} must be a list of article slugs")


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    raise NoteError(f"{name} must be true or false")


_CHECKS: dict[str, Any] = {
    "call_id": _opt_str,
    "number": _str,
    "caller_name": _caller_name,
    "direction": lambda _n, v: normalize_direction(v),
    "started_at": _opt_time,
    "answered_at": _opt_time,
    "ended_at": _opt_time,
    "duration": _opt_time,
    "wrap_up_code": _str,
    "text": _str,
    "complaint": _dict,
    "callback": _dict,
    "articles": _slugs,
    "completed": _bool,
    "created_at": _opt_time,
    "updated_at": _opt_time,
}


def check_content(fields: dict[str, Any], allowed: tuple[str, ...] = CONTENT_FIELDS
                  ) -> dict[str, Any]:
    """Validate and normalise content fields; unknown names raise :class:`NoteError`."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise NoteError(f"unknown note field(s): {', '.join(unknown)}")
    return {name: _CHECKS[name](name, value) for name, value in fields.items()}


@dataclass(frozen=True, slots=True)
class Note:
    """One call note as stored on the workstation (content plus local sync state).

    Times are seconds since the epoch (UTC). ``revision`` grows by one on every change;
    ``synced_revision`` is the newest revision the hub confirmed it stores.
    """

    uuid: str
    number: str
    direction: str
    call_id: str | None = None
    caller_name: str = ""  # how the caller introduced themselves (fills {caller_name})
    started_at: float | None = None
    answered_at: float | None = None
    ended_at: float | None = None
    duration: float | None = None
    wrap_up_code: str = ""
    text: str = ""
    complaint: dict[str, Any] = field(default_factory=dict)
    callback: dict[str, Any] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    completed: bool = False
    created_at: float = 0.0
    updated_at: float = 0.0
    revision: int = 1
    sync_state: str = "pending"
    sync_error: str | None = None
    synced_revision: int = 0

    @property
    def is_synced(self) -> bool:
        return self.sync_state == "synced"

    def content(self) -> dict[str, Any]:
        """The fields the hub stores (the upload payload without uuid and revision)."""
        return {name: _copy(getattr(self, name)) for name in CONTENT_FIELDS}

    def to_wire(self) -> dict[str, Any]:
        """The upload form: ``{"uuid", "revision", "note": {content}}``."""
        return {"uuid": self.uuid, "revision": self.revision, "note": self.content()}

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON-compatible values (``json.dumps`` ready)."""
        return {f.name: _copy(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Note:
        """The inverse of :meth:`to_json`; unknown keys raise :class:`NoteError`."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise NoteError(f"unknown note field(s): {', '.join(unknown)}")
        content = check_content({k: v for k, v in data.items() if k in CONTENT_FIELDS})
        rest = {k: v for k, v in data.items() if k not in CONTENT_FIELDS}
        for key in ("created_at", "updated_at"):
            if content.get(key) is None:
                content.pop(key, None)
        return cls(**content, **rest)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


@dataclass(frozen=True, slots=True)
class SyncCounts:
    """How many notes are in each sync state; ``offline`` is filled by the syncer."""

    pending: int = 0
    synced: int = 0
    failed: int = 0
    offline: bool = False

    @property
    def total(self) -> int:
        return self.pending + self.synced + self.failed

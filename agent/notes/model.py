"""Plain data types of call notes: :class:`Note` and :class:`SyncCounts`. The fields, their
limits and their validation are the wire contract's (:mod:`kb.wire.notes`), shared with the hub.

Pure Python with no I/O: safe to use from any thread.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kb.wire.notes import (
    CONTENT_FIELDS,
    EDITABLE_FIELDS,
    MAX_CALLER_NAME,
    NoteError,
    check_fields,
    normalize_direction,
)
from kb.wire.states import NoteState

__all__ = ["CONTENT_FIELDS", "EDITABLE_FIELDS", "MAX_CALLER_NAME", "Note", "NoteError",
           "SyncCounts", "check_fields", "normalize_direction"]


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
    sync_state: NoteState = NoteState.PENDING
    sync_error: str | None = None
    synced_revision: int = 0

    @property
    def is_synced(self) -> bool:
        return self.sync_state is NoteState.SYNCED

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
        content = check_fields({k: v for k, v in data.items() if k in CONTENT_FIELDS})
        rest = {k: v for k, v in data.items() if k not in CONTENT_FIELDS}
        if "sync_state" in rest:
            rest["sync_state"] = NoteState(rest["sync_state"])
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
    quarantined: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.synced + self.failed + self.quarantined

    @property
    def needing_attention(self) -> int:
        """Notes that will not reach the hub until someone acts (failed or quarantined)."""
        return self.failed + self.quarantined

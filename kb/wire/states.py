"""The states and problem kinds of syncing, as enums both sides and the UI compare.

They are ``StrEnum``: each member equals its text, which is what travels and what is stored.

Pure data; safe from any thread.
"""

from __future__ import annotations

from enum import StrEnum


class SyncState(StrEnum):
    """The workstation's overall sync state, shown in the status bar."""

    ONLINE = "online"  # the last pass reached the hub
    OFFLINE = "offline"  # the hub is unreachable; notes wait in the outbox
    NEEDS_TOKEN = "needs-token"  # no token, or the hub refused it; no retries until it changes
    ERROR = "error"  # the hub answered something unusable; retried with backoff
    NOT_CONFIGURED = "not-configured"  # no hub URL


class NoteState(StrEnum):
    """Where one note stands with the hub."""

    PENDING = "pending"  # changed since the hub last confirmed it; goes up on the next pass
    SYNCED = "synced"  # the hub confirmed this revision
    FAILED = "failed"  # the hub refused this revision (reason kept until the note changes)
    QUARANTINED = "quarantined"  # this workstation cannot send it as it is (reason kept)


class ProblemKind(StrEnum):
    """Why a request to the hub gave no usable answer."""

    OFFLINE = "offline"  # cannot connect, time-out
    AUTH = "auth"  # 401/403 for the token: it needs a new token
    REJECTED = "rejected"  # a 4xx about the request itself
    ERROR = "error"  # 5xx, garbage, the wrong shape
    SIGNATURE = "signature"  # a KB revision that is not signed by the pinned key

"""How floor events change an operator's row on the board: pure functions, no database.

Thread rule: pure; safe from any thread.
"""

from __future__ import annotations

import dataclasses

from kb.wire.floor import (
    CallLeg,
    CallPhase,
    EventKind,
    FloorEvent,
    LiveCall,
    Presence,
)

MAX_LIVE_CALLS = 8  # a workstation has at most 4 lines; more means lost ends: keep the newest


def apply_event(presence: Presence, event: FloorEvent) -> Presence:
    """``presence`` after ``event`` (times already on the hub's clock)."""
    presence = dataclasses.replace(presence, seq=max(presence.seq, event.seq))
    fields = event.fields
    if event.kind is EventKind.STATE:
        if event.at < presence.state_since:
            return presence  # an older change that arrived late does not turn the state back
        return dataclasses.replace(presence, state=str(fields["state"]),
                                   reason=str(fields.get("reason") or ""),
                                   state_since=event.at)
    if event.kind is EventKind.WAITING:
        return dataclasses.replace(presence, waiting=int(fields["count"]))
    if event.kind is not EventKind.CALL:
        return presence
    return dataclasses.replace(presence, calls=_calls_after(presence.calls, event))


def _calls_after(calls: tuple[LiveCall, ...], event: FloorEvent) -> tuple[LiveCall, ...]:
    fields = event.fields
    key = str(fields["call"])
    phase = CallPhase(fields["phase"])
    others = tuple(c for c in calls if c.key != key)
    current = next((c for c in calls if c.key == key), None)
    if phase is CallPhase.ENDED:
        return others
    if phase is CallPhase.STARTED:
        call = LiveCall(key=key, direction=str(fields.get("direction") or "in"),
                        leg=str(fields.get("leg") or CallLeg.CALL.value),
                        started=float(fields.get("started_at") or event.at))
        return (*others, call)[-MAX_LIVE_CALLS:]
    if current is None:
        return calls  # a phase of a call whose start this hub never saw
    if phase is CallPhase.ANSWERED:
        current = dataclasses.replace(current, answered=float(fields.get("answered_at")
                                                              or event.at))
    elif phase is CallPhase.HELD:
        current = dataclasses.replace(current, held_since=float(fields["held_since"]),
                                      warn_s=fields.get("warn_s"), alarm_s=fields.get("alarm_s"))
    elif phase is CallPhase.RESUMED:
        current = dataclasses.replace(current, held_since=None)
    return tuple(current if c.key == key else c for c in calls)


def seen(presence: Presence, station: str, now: float) -> Presence:
    """The workstation ``station`` was heard from at ``now``."""
    return dataclasses.replace(presence, station=station,
                               last_seen=max(presence.last_seen, now))

"""FloorRecorder: turns what the phone reports into floor events in the outbox.

It is told each call snapshot, each agent-state change and the number of waiting calls (the
desktop's phone model calls it; tests feed it engine events) and records: the agent state when
it changes; for each call ``started``, ``answered``, every ``held`` / ``resumed`` (with the
hold's length and the operator's warning and alarm thresholds), ``transferred`` and ``ended``
with the call's totals (talk and hold time, holds, the longest, holds over the alarm); a call
the operator's state refused as one that started and ended ``missed``; the waiting count when
it changes. No audio, number or name is recorded. Each call gets a random
key; a call in progress is kept in the outbox file, so after a crash the next start closes it
(``lost``).

It also records a raised hand with its context (article, call duration, on hold or not) and
the outcome of a callback.

Thread rule: not locked; call it from one thread (the GUI thread in the desktop).
"""

from __future__ import annotations

import time
import uuid as uuid_module
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from agent.floor.outbox import FloorOutbox
from kb.wire.floor import (
    AgentStatus,
    CallbackOutcome,
    CallLeg,
    CallPhase,
    CallResult,
    EventKind,
    FloorEvent,
)


class CallView(Protocol):
    """What the recorder reads of a call snapshot (the phone protocol's call fields)."""

    @property
    def call(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def hold(self) -> str: ...
    @property
    def held_since(self) -> float | None: ...
    @property
    def started(self) -> float: ...
    @property
    def answered(self) -> float | None: ...
    @property
    def ended(self) -> float | None: ...
    @property
    def code(self) -> int: ...
    @property
    def consult_for(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class CallFacts:
    """A :class:`CallView` made from a call snapshot as the engine's JSON has it."""

    call: int
    state: str
    direction: str
    hold: str = "none"
    held_since: float | None = None
    started: float = 0.0
    answered: float | None = None
    ended: float | None = None
    code: int = 0
    consult_for: int | None = None

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any]) -> CallFacts:
        def number(key: str) -> float | None:
            value = snapshot.get(key)
            return float(value) if isinstance(value, int | float) else None

        consult = snapshot.get("consult_for")
        return cls(call=int(snapshot["call"]), state=str(snapshot.get("state") or ""),
                   direction="out" if snapshot.get("direction") == "out" else "in",
                   hold=str(snapshot.get("hold") or "none"), held_since=number("held_since"),
                   started=number("started") or 0.0, answered=number("answered"),
                   ended=number("ended"), code=int(snapshot.get("code") or 0),
                   consult_for=int(consult) if isinstance(consult, int) else None)


@dataclass
class CallTrack:
    """One call being followed (kept in the outbox file while it lasts)."""

    key: str
    direction: str
    leg: str
    started: float
    answered: float | None = None
    held_since: float | None = None
    holds: int = 0
    hold_total: float = 0.0
    longest_hold: float = 0.0
    holds_over_alarm: int = 0

    def on_hold_for(self, now: float) -> float:
        return max(0.0, now - self.held_since) if self.held_since is not None else 0.0


class FloorRecorder:
    """See the module docstring."""

    def __init__(self, outbox: FloorOutbox, warn_s: int, alarm_s: int,
                 clock: Callable[[], float] = time.time) -> None:
        self.outbox = outbox
        self.warn_s = warn_s
        self.alarm_s = alarm_s
        self._clock = clock
        self.tracks: dict[int, CallTrack] = {}
        self._agent: tuple[str, str] | None = None
        self._waiting: int | None = None

    # -- agent state and lines ---------------------------------------------------------------

    def agent_state(self, state: str, reason: str = "") -> FloorEvent | None:
        """The operator's state (``ready``, ``not-ready`` + reason, ``wrap-up``)."""
        now = (AgentStatus(str(state)).value, reason if state == AgentStatus.NOT_READY else "")
        if now == self._agent:
            return None
        self._agent = now
        return self.outbox.record(EventKind.STATE, state=now[0], reason=now[1][:100])

    def waiting(self, count: int) -> FloorEvent | None:
        """How many calls wait on this workstation while another is in conversation."""
        count = max(0, min(int(count), 100))
        if count == self._waiting:
            return None
        self._waiting = count
        return self.outbox.record(EventKind.WAITING, count=count)

    # -- calls -------------------------------------------------------------------------------

    def call_key(self, engine_call: int) -> str | None:
        track = self.tracks.get(engine_call)
        return track.key if track is not None else None

    def call_changed(self, call: CallView, now: float | None = None) -> None:
        """A snapshot of one call (any state; ``disconnected`` ends it)."""
        if str(call.state) == "disconnected":
            self.call_ended(call, now)
            return
        now = self._clock() if now is None else now
        track = self.tracks.get(call.call)
        if track is None:
            track = CallTrack(key=str(uuid_module.uuid4()), direction=str(call.direction),
                              leg=(CallLeg.CONSULT if call.consult_for else CallLeg.CALL).value,
                              started=float(call.started or now))
            self.tracks[call.call] = track
            self._record_call(track, CallPhase.STARTED, track.started,
                              direction=track.direction, leg=track.leg,
                              started_at=track.started)
        if call.answered and track.answered is None:
            track.answered = float(call.answered)
            self._record_call(track, CallPhase.ANSWERED, track.answered,
                              answered_at=track.answered)
        held = str(call.hold) == "local"
        if held and track.held_since is None:
            track.held_since = float(call.held_since or now)
            track.holds += 1
            self._record_call(track, CallPhase.HELD, track.held_since,
                              held_since=track.held_since, warn_s=self.warn_s,
                              alarm_s=self.alarm_s)
        elif not held and track.held_since is not None:
            hold = self._end_hold(track, now)
            self._record_call(track, CallPhase.RESUMED, now, hold_s=hold)
        self.outbox.keep_open_call(track.key, asdict(track))

    def transferred(self, engine_call: int, kind: str) -> None:
        """A transfer of ours succeeded (the engine's final, ok transfer event)."""
        track = self.tracks.get(engine_call)
        if track is not None:
            self._record_call(track, CallPhase.TRANSFERRED, self._clock(),
                              transfer=str(kind)[:16])

    def call_ended(self, call: CallView, now: float | None = None) -> None:
        track = self.tracks.pop(call.call, None)
        if track is None:
            return
        ended = float(call.ended or (self._clock() if now is None else now))
        if call.answered and track.answered is None:
            track.answered = float(call.answered)
        if track.answered is not None:
            result = CallResult.ANSWERED
        else:
            result = CallResult.MISSED if track.direction == "in" else CallResult.FAILED
        self._finish(track, ended, result, code=int(call.code or 0))

    def refused(self, at: float, code: int) -> None:
        """An incoming call the operator's state turned away (busy) without ringing here: it
        is recorded as a call that started and ended unanswered (``missed``), so the floor's
        reports count it."""
        track = CallTrack(key=str(uuid_module.uuid4()), direction="in", leg=CallLeg.CALL.value,
                          started=float(at))
        self._record_call(track, CallPhase.STARTED, track.started, direction=track.direction,
                          leg=track.leg, started_at=track.started)
        self._finish(track, track.started, CallResult.MISSED, code=code)

    def _finish(self, track: CallTrack, ended: float, result: CallResult,
                code: int = 0) -> None:
        if track.held_since is not None:
            self._end_hold(track, ended)
        talk = 0.0
        if track.answered is not None:
            talk = max(0.0, ended - track.answered - track.hold_total)
        fields: dict[str, Any] = {
            "direction": track.direction, "leg": track.leg, "started_at": track.started,
            "answered_at": track.answered, "ended_at": ended, "result": result.value,
            "talk_s": round(talk, 3), "hold_total_s": round(track.hold_total, 3),
            "holds": track.holds, "longest_hold_s": round(track.longest_hold, 3),
            "holds_over_alarm": track.holds_over_alarm, "code": max(0, min(code, 999))}
        self._record_call(track, CallPhase.ENDED, ended, **fields)
        self.outbox.drop_open_call(track.key)

    def _end_hold(self, track: CallTrack, now: float) -> float:
        hold = track.on_hold_for(now)
        track.held_since = None
        track.hold_total += hold
        track.longest_hold = max(track.longest_hold, hold)
        if hold >= self.alarm_s:
            track.holds_over_alarm += 1
        return round(hold, 3)

    def _record_call(self, track: CallTrack, phase: CallPhase, at: float,
                     **fields: Any) -> FloorEvent:
        return self.outbox.record(EventKind.CALL, at=at, call=track.key, phase=phase.value,
                                  **fields)

    def close_lost_calls(self) -> int:
        """Calls a previous run left open (it crashed): recorded as ``lost``, ended now."""
        now = self._clock()
        lost = self.outbox.open_calls()
        for data in lost.values():
            self._finish(CallTrack(**data), now, CallResult.LOST)
        return len(lost)

    # -- the supervisor ----------------------------------------------------------------------

    def raise_hand(self, text: str, article: str = "", call: CallView | None = None
                   ) -> FloorEvent:
        """Ask the supervisor for help, with the context of ``call`` (the current one)."""
        now = self._clock()
        track = self.tracks.get(call.call) if call is not None else None
        fields: dict[str, Any] = {"text": text.strip()[:200], "article": article[:200],
                                  "call": "", "call_s": None, "on_hold": False,
                                  "held_since": None}
        if track is not None:
            fields.update(call=track.key, call_s=round(max(0.0, now - track.started), 1),
                          on_hold=track.held_since is not None, held_since=track.held_since)
        return self.outbox.record(EventKind.ALERT, at=now, **fields)

    def callback_outcome(self, callback_id: str, outcome: CallbackOutcome | str,
                         engine_call: int | None = None) -> FloorEvent:
        key = self.call_key(engine_call) if engine_call is not None else None
        return self.outbox.record(EventKind.CALLBACK, callback=callback_id,
                                  outcome=CallbackOutcome(outcome).value, call=key or "")

"""Lines, the local queue and the agent state: the engine's plain-Python bookkeeping.

No pjsua2 here: the engine feeds facts in (a call changed, a timer ticked) and reads decisions
out (accept this call? which call is current? back to Ready?). Unit-testable with a fake clock.

Thread rule: owned by the engine's main thread; not locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agent.phone.protocol import (
    AgentState,
    AgentStatePayload,
    CallSnapshot,
    CallState,
    Direction,
    HoldState,
    LinesPayload,
    MediaStatus,
    Params,
    Problem,
    WaitingCall,
)

MAX_LINES = 4  # PJSUA_MAX_CALLS in the pjsua2-python wheels

RINGING_STATES = (CallState.INCOMING, CallState.EARLY)


@dataclass
class CallRecord:
    """What the engine knows about one call, in protocol terms."""

    id: int
    direction: Direction
    remote_uri: str
    caller_id: str
    display_name: str = ""
    state: CallState = CallState.CALLING
    hold: HoldState = HoldState.NONE
    held_since: float | None = None
    muted: bool = False
    media: MediaStatus = MediaStatus.NONE
    started: float = 0.0
    answered: float | None = None
    ended: float | None = None
    code: int = 0
    reason: str = ""
    consult_for: int | None = None
    problem: Problem = Problem.NONE  # why it failed or the engine ended it
    params: Params = field(default_factory=dict)
    # Engine-internal, not part of the snapshot:
    reinvite_pending: bool = False  # our hold/resume re-INVITE is waiting to be sent or answered
    reinvite_sent: bool = False  # ... and pjsua has sent it
    reinvite_since: float = 0.0
    dtmf_until: float = 0.0  # our outgoing DTMF is still playing until then
    end_reason: str = ""  # why the engine itself ended the call (dead peer)...
    end_problem: Problem = Problem.NONE  # ... as a code, with its params
    end_params: Params = field(default_factory=dict)
    hidden: bool = False  # e.g. a PBX queue code call: never shown in lines
    queue_action: str = ""  # a PBX queue code call: the action it performs (login, logout...)
    wanted_hold: bool = False  # the agent's last wish: on hold (sent when no re-INVITE is pending)

    @property
    def ringing_in(self) -> bool:
        return self.direction is Direction.IN and self.state in RINGING_STATES

    @property
    def live(self) -> bool:
        return self.state is not CallState.DISCONNECTED

    def snapshot(self) -> CallSnapshot:
        return CallSnapshot(
            call=self.id,
            state=self.state.value,
            direction=self.direction.value,
            remote_uri=self.remote_uri,
            caller_id=self.caller_id,
            display_name=self.display_name,
            hold=self.hold.value,
            held_since=self.held_since,
            muted=self.muted,
            media=self.media.value,
            started=self.started,
            answered=self.answered,
            ended=self.ended,
            code=self.code,
            reason=self.reason,
            consult_for=self.consult_for,
            problem=self.problem.value,
            params=dict(self.params),
        )


@dataclass
class Lines:
    """The set of live calls and which one is current."""

    records: dict[int, CallRecord] = field(default_factory=dict)
    conference: set[int] = field(default_factory=set)  # calls bridged together (two or more)
    _next_id: int = 1

    def new_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, record: CallRecord) -> CallRecord:
        self.records[record.id] = record
        return record

    def remove(self, call_id: int) -> CallRecord | None:
        self.leave_conference(call_id)
        return self.records.pop(call_id, None)

    def leave_conference(self, call_id: int) -> bool:
        """Take a call out of the conference; one call left alone is no conference. True when
        the conference changed."""
        if call_id not in self.conference:
            return False
        self.conference.discard(call_id)
        if len(self.conference) < 2:
            self.conference.clear()
        return True

    def conference_peers(self, call_id: int) -> set[int]:
        """The other calls bridged with ``call_id`` (empty when it is in no conference)."""
        return self.conference - {call_id} if call_id in self.conference else set()

    def get(self, call_id: int) -> CallRecord | None:
        return self.records.get(call_id)

    def visible(self) -> list[CallRecord]:
        return [r for r in self.records.values() if not r.hidden]

    def active(self) -> CallRecord | None:
        """The call that has (or is about to have) our audio: answered and not held by us."""
        for record in reversed(self.visible()):
            if record.live and record.state is not CallState.INCOMING and not record.wanted_hold:
                if record.direction is Direction.IN and record.answered is None:
                    continue
                return record
        return None

    def waiting(self) -> list[CallRecord]:
        """Incoming calls still ringing, oldest first."""
        return sorted(
            (r for r in self.visible() if r.ringing_in and r.answered is None),
            key=lambda r: r.started,
        )

    def current(self) -> CallRecord | None:
        """Default target of a command with no call id: active, else newest ringing, else newest."""
        active = self.active()
        if active is not None:
            return active
        waiting = self.waiting()
        if waiting:
            return waiting[-1]
        visible = [r for r in self.visible() if r.live]
        return visible[-1] if visible else None

    def others_to_hold(self, keep: int) -> list[CallRecord]:
        """Answered, unheld calls other than ``keep`` and the calls in conference with it
        (holding them gives ``keep`` the audio)."""
        peers = self.conference_peers(keep)
        return [
            r for r in self.visible()
            if r.id != keep and r.id not in peers and r.live and r.answered is not None
            and not r.wanted_hold
        ]

    def live_count(self) -> int:
        return sum(1 for r in self.records.values() if r.live)

    def payload(self) -> LinesPayload:
        active = self.active()
        return LinesPayload(
            calls=[r.snapshot() for r in self.visible()],
            waiting=[
                WaitingCall(
                    call=r.id,
                    caller_id=r.caller_id,
                    display_name=r.display_name,
                    waiting_since=r.started,
                )
                for r in self.waiting()
            ],
            active=active.id if active is not None else None,
            conference=sorted(self.conference),
        )


class AgentStateMachine:
    """Ready / Not ready (reason) / Wrap-up (timer, then Ready by itself)."""

    def __init__(self, wrap_up_seconds: int, clock: Callable[[], float]) -> None:
        self.wrap_up_seconds = max(0, int(wrap_up_seconds))
        self.clock = clock
        self.state = AgentState.READY
        self.reason = ""
        self.wrap_up_until: float | None = None
        self.dnd = False  # do not disturb: independent of the state, kept across state changes

    def accepts_calls(self) -> bool:
        return self.state is AgentState.READY

    def set(self, state: AgentState, reason: str = "") -> None:
        self.state = state
        self.reason = reason if state is AgentState.NOT_READY else ""
        if state is AgentState.WRAP_UP:
            self.wrap_up_until = self.clock() + self.wrap_up_seconds
        else:
            self.wrap_up_until = None

    def call_ended(self, answered: bool, other_calls_up: bool) -> bool:
        """An answered call ended: start wrap-up unless Not ready. True when the state changed."""
        if not answered or other_calls_up or self.wrap_up_seconds <= 0:
            return False
        if self.state is AgentState.NOT_READY:
            return False
        self.set(AgentState.WRAP_UP)
        return True

    def tick(self) -> bool:
        """Wrap-up over → Ready. True when the state changed."""
        if (
            self.state is AgentState.WRAP_UP
            and self.wrap_up_until is not None
            and self.clock() >= self.wrap_up_until
        ):
            self.set(AgentState.READY)
            return True
        return False

    def payload(self) -> AgentStatePayload:
        return AgentStatePayload(
            state=self.state.value, reason=self.reason, wrap_up_until=self.wrap_up_until,
            dnd=self.dnd,
        )


@dataclass
class Backoff:
    """Exponential retry delay: 1, 2, 4 ... ``cap`` seconds; ``reset()`` after a success."""

    first: float = 1.0
    cap: float = 30.0
    _next: float = 0.0

    def next_delay(self) -> float:
        delay = self.first if self._next <= 0 else min(self.cap, self._next)
        self._next = min(self.cap, delay * 2)
        return delay

    def reset(self) -> None:
        self._next = 0.0

"""The engine's bookkeeping as a specification: which call is active, current, waiting or to be
held; the line limit; the call snapshot; the agent state and its wrap-up; the retry delays."""

from __future__ import annotations

import pytest

from agent.phone.lines import MAX_LINES, AgentStateMachine, Backoff, CallRecord, Lines
from agent.phone.protocol import AgentState, CallState, Direction, HoldState, MediaStatus


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def call(lines: Lines, direction: Direction, state: CallState, started: float,
         answered: float | None = None, **extra: object) -> CallRecord:
    record = CallRecord(id=lines.new_id(), direction=direction, remote_uri=f"sip:{started}@x",
                        caller_id=str(started), state=state, started=started, answered=answered)
    for key, value in extra.items():
        setattr(record, key, value)
    return lines.add(record)


def talking(lines: Lines, started: float, state: CallState = CallState.CONFIRMED,
            **extra: object) -> CallRecord:
    return call(lines, Direction.IN, state, started, answered=started + 1, **extra)


# ------------------------------------------------------------------------------ ids and table

def test_ids_count_up_from_one_and_are_never_reused() -> None:
    lines = Lines()
    first = call(lines, Direction.OUT, CallState.CALLING, 1.0)
    assert first.id == 1 and lines.get(1) is first
    assert lines.remove(first.id) is first
    assert lines.get(first.id) is None and lines.records == {}
    assert lines.remove(first.id) is None
    assert call(lines, Direction.OUT, CallState.CALLING, 2.0).id == 2


def test_live_count_counts_hidden_calls_but_not_ended_ones() -> None:
    lines = Lines()
    for i in range(MAX_LINES - 1):
        talking(lines, float(i))
    call(lines, Direction.OUT, CallState.CONFIRMED, 9.0, answered=9.0, hidden=True)
    call(lines, Direction.IN, CallState.DISCONNECTED, 10.0, ended=11.0)
    assert lines.live_count() == MAX_LINES
    assert [r.id for r in lines.visible()] == [1, 2, 3, 5]


# ------------------------------------------------------------------------------ active

def test_active_is_the_newest_answered_call_not_held_by_us() -> None:
    lines = Lines()
    older = talking(lines, 1.0)
    newer = talking(lines, 2.0)
    assert lines.active() is newer
    newer.wanted_hold = True
    assert lines.active() is older
    older.wanted_hold = True
    assert lines.active() is None


def test_a_call_held_by_the_far_end_is_still_active() -> None:
    lines = Lines()
    held_there = talking(lines, 1.0, hold=HoldState.REMOTE)
    assert lines.active() is held_there


def test_an_outgoing_call_still_ringing_is_active_but_an_unanswered_incoming_one_is_not() -> None:
    lines = Lines()
    incoming = call(lines, Direction.IN, CallState.INCOMING, 1.0)
    early = call(lines, Direction.IN, CallState.EARLY, 2.0)
    connecting = call(lines, Direction.IN, CallState.CONNECTING, 3.0)
    assert lines.active() is None
    dialling = call(lines, Direction.OUT, CallState.CALLING, 4.0)
    assert lines.active() is dialling
    lines.remove(dialling.id)
    connecting.answered = 3.5
    assert lines.active() is connecting
    assert {incoming.id, early.id} == {r.id for r in lines.waiting()}


def test_an_answered_call_stays_active_while_a_newer_incoming_one_is_being_answered() -> None:
    lines = Lines()
    answered = talking(lines, 1.0)
    call(lines, Direction.IN, CallState.CONNECTING, 2.0)
    assert lines.active() is answered


def test_ended_and_hidden_calls_are_never_active() -> None:
    lines = Lines()
    talking(lines, 1.0, state=CallState.DISCONNECTED)
    talking(lines, 2.0, hidden=True)
    assert lines.active() is None and lines.current() is None


# ------------------------------------------------------------------------------ waiting

def test_waiting_is_incoming_ringing_calls_oldest_first() -> None:
    lines = Lines()
    late = call(lines, Direction.IN, CallState.INCOMING, 5.0)
    early = call(lines, Direction.IN, CallState.EARLY, 3.0)
    call(lines, Direction.OUT, CallState.EARLY, 1.0)  # our own call ringing out
    talking(lines, 0.5)
    call(lines, Direction.IN, CallState.INCOMING, 0.1, hidden=True)
    answered_but_early = call(lines, Direction.IN, CallState.EARLY, 0.2, answered=0.3)
    assert lines.waiting() == [early, late]
    assert answered_but_early not in lines.waiting()


# ------------------------------------------------------------------------------ current

def test_current_prefers_active_then_newest_ringing_then_newest_live() -> None:
    lines = Lines()
    held = talking(lines, 1.0, wanted_hold=True, hold=HoldState.LOCAL)
    assert lines.current() is held  # all held: the newest live call
    old_ring = call(lines, Direction.IN, CallState.INCOMING, 2.0)
    new_ring = call(lines, Direction.IN, CallState.INCOMING, 3.0)
    assert lines.current() is new_ring
    active = talking(lines, 0.5)
    assert lines.current() is active
    lines.remove(active.id)
    lines.remove(new_ring.id)
    assert lines.current() is old_ring
    lines.remove(old_ring.id)
    other_held = talking(lines, 4.0, wanted_hold=True)
    assert lines.current() is other_held
    other_held.state = CallState.DISCONNECTED
    assert lines.current() is held


# ------------------------------------------------------------------------------ others_to_hold

def test_others_to_hold_are_answered_unheld_visible_calls_but_never_the_kept_one() -> None:
    lines = Lines()
    keep = talking(lines, 1.0)
    other = talking(lines, 2.0)
    talking(lines, 3.0, wanted_hold=True)
    talking(lines, 4.0, hidden=True)
    talking(lines, 5.0, state=CallState.DISCONNECTED)
    call(lines, Direction.IN, CallState.INCOMING, 6.0)
    assert lines.others_to_hold(keep.id) == [other]
    assert lines.others_to_hold(other.id) == [keep]


# ------------------------------------------------------------------------------ payloads

def test_the_snapshot_carries_every_field_in_protocol_terms() -> None:
    record = CallRecord(
        id=7, direction=Direction.OUT, remote_uri="sip:1001@pbx", caller_id="1001",
        display_name="Анна", state=CallState.CONFIRMED, hold=HoldState.LOCAL,
        held_since=12.5, muted=True, media=MediaStatus.LOCAL_HOLD, started=10.0,
        answered=11.0, ended=13.0, code=200, reason="OK", consult_for=3)
    assert record.snapshot() == {
        "call": 7, "state": "confirmed", "direction": "out", "remote_uri": "sip:1001@pbx",
        "caller_id": "1001", "display_name": "Анна", "hold": "local", "held_since": 12.5,
        "muted": True, "media": "local-hold", "started": 10.0, "answered": 11.0, "ended": 13.0,
        "code": 200, "reason": "OK", "problem": "", "params": {}, "consult_for": 3}


def test_the_lines_payload_lists_visible_calls_the_waiting_ones_and_the_active_id() -> None:
    lines = Lines()
    active = talking(lines, 1.0)
    ringing = call(lines, Direction.IN, CallState.INCOMING, 2.0)
    ringing.display_name = "Борис"
    call(lines, Direction.OUT, CallState.CONFIRMED, 3.0, answered=3.0, hidden=True)
    payload = lines.payload()
    assert [c["call"] for c in payload["calls"]] == [active.id, ringing.id]
    assert payload["waiting"] == [{"call": ringing.id, "caller_id": "2.0",
                                   "display_name": "Борис", "waiting_since": 2.0}]
    assert payload["active"] == active.id
    lines.remove(active.id)
    assert lines.payload()["active"] is None


# ------------------------------------------------------------------------------ agent state

def test_the_agent_starts_ready_and_its_first_payload_says_so() -> None:
    agent = AgentStateMachine(30, Clock())
    assert agent.accepts_calls()
    assert agent.payload() == {"state": "ready", "reason": "", "wrap_up_until": None, "dnd": False}


def test_only_ready_accepts_calls_and_the_reason_belongs_to_not_ready() -> None:
    clock = Clock()
    agent = AgentStateMachine(30, clock)
    agent.set(AgentState.NOT_READY, "обед")
    assert not agent.accepts_calls() and agent.reason == "обед"
    agent.set(AgentState.READY, "ignored")
    assert agent.accepts_calls() and agent.reason == ""
    agent.set(AgentState.WRAP_UP, "ignored")
    assert not agent.accepts_calls()
    assert agent.payload() == {"state": "wrap-up", "reason": "", "wrap_up_until": 1030.0,
                               "dnd": False}
    agent.set(AgentState.NOT_READY, "training")
    assert agent.wrap_up_until is None
    agent.set(AgentState.NOT_READY)
    assert agent.reason == ""


def test_wrap_up_follows_an_answered_call_and_ends_exactly_on_time() -> None:
    clock = Clock()
    agent = AgentStateMachine(30, clock)
    assert not agent.call_ended(answered=False, other_calls_up=False)
    assert not agent.call_ended(answered=True, other_calls_up=True)
    assert agent.state is AgentState.READY
    assert agent.call_ended(answered=True, other_calls_up=False)
    assert (agent.state, agent.wrap_up_until) == (AgentState.WRAP_UP, 1030.0)
    clock.now = 1029.99
    assert not agent.tick() and agent.state is AgentState.WRAP_UP
    clock.now = 1030.0
    assert agent.tick() and agent.state is AgentState.READY and agent.wrap_up_until is None
    assert not agent.tick()


def test_not_ready_and_no_wrap_up_time_mean_no_wrap_up() -> None:
    clock = Clock()
    agent = AgentStateMachine(30, clock)
    agent.set(AgentState.NOT_READY, "break")
    assert not agent.call_ended(answered=True, other_calls_up=False)
    assert (agent.state, agent.reason) == (AgentState.NOT_READY, "break")
    clock.now += 3600
    assert not agent.tick() and agent.state is AgentState.NOT_READY
    one_second = AgentStateMachine(1, clock)
    assert one_second.call_ended(answered=True, other_calls_up=False)
    quick = AgentStateMachine(-5, clock)
    assert quick.wrap_up_seconds == 0
    assert not quick.call_ended(answered=True, other_calls_up=False)
    assert quick.state is AgentState.READY


# ------------------------------------------------------------------------------ backoff

@pytest.mark.parametrize(("first", "cap", "expected"), [
    (1.0, 8.0, [1.0, 2.0, 4.0, 8.0, 8.0]),
    (0.5, 30.0, [0.5, 1.0, 2.0, 4.0, 8.0]),
    (3.0, 5.0, [3.0, 5.0, 5.0, 5.0, 5.0]),
])
def test_backoff_doubles_up_to_its_cap_and_starts_over_after_reset(
        first: float, cap: float, expected: list[float]) -> None:
    backoff = Backoff(first=first, cap=cap)
    assert [backoff.next_delay() for _ in expected] == expected
    backoff.reset()
    assert backoff.next_delay() == first


def test_backoff_defaults_are_one_to_thirty_seconds() -> None:
    backoff = Backoff()
    assert [backoff.next_delay() for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]

"""Call events against fakes: how pjsua2's call callbacks become records, events and an ordered
publication on the call bus that the other parts subscribe to."""

from __future__ import annotations

from types import SimpleNamespace

import pjsua2 as pj
import pytest

from agent.phone.call_bus import CallBus, CallEvent
from agent.phone.call_events import CallEvents
from agent.phone.lines import MAX_LINES, CallRecord
from agent.phone.liveness import END_CODE
from agent.phone.protocol import (
    AgentState,
    CallState,
    Direction,
    HoldState,
    MediaStatus,
    Problem,
)
from agent.phone.sip_objects import IncomingInfo
from tests.phone.engine_fakes import FakeCall, Rig, pj_error


class Heard:
    """Subscribes to every call event and notes each as ``(event, record id)``."""

    def __init__(self, bus: CallBus) -> None:
        self.log: list[tuple[str, int]] = []
        for event in CallEvent:
            bus.subscribe(event, lambda record, e=event: self.log.append((e.value, record.id)))


@pytest.fixture
def rig() -> Rig:
    return Rig()


def events_of(rig: Rig, auto_answer: list[CallRecord] | None = None,
              bypass: set[str] | None = None) -> tuple[CallEvents, Heard]:
    heard = Heard(rig.bus)
    part = CallEvents(rig.table, rig.reporter, rig.bus, rig.agent,
                      lambda source: source in (bypass or set()),
                      auto_answer.append if auto_answer is not None else None, rig.clock)
    return part, heard


def ring(rig: Rig, part: CallEvents, remote: str = '"Ann" <sip:555@pbx>',
         source: str = "127.0.0.1:5060") -> FakeCall:
    def prepare(call: FakeCall) -> None:
        call.info.remoteUri = remote

    rig.prepare[:] = [prepare]
    part.on_incoming_call("account", IncomingInfo(7, source, "sip:fallback@x"))  # type: ignore[arg-type]
    return rig.made[-1]


def report(call: FakeCall, state: int, code: int = 200, reason: str = "OK") -> None:
    call.info.state, call.info.lastStatusCode, call.info.lastReason = state, code, reason


# ---------------------------------------------------------------- incoming


def test_an_incoming_call_rings_is_reported_and_published_as_ringing(rig: Rig) -> None:
    part, heard = events_of(rig)
    call = ring(rig, part)
    record = rig.lines.get(1)
    assert record is not None and call.record_id == 1 and call.pj_call_id == 7
    assert call.account == "account"
    assert call.ops == [("answer", (180, []))]
    assert record.direction is Direction.IN and record.state is CallState.INCOMING
    assert (record.caller_id, record.display_name) == ("555", "Ann")
    assert rig.names() == ["incoming", "call", "lines"]
    incoming = rig.events[0]
    assert (incoming["call"], incoming["remote_uri"], incoming["caller_id"],
            incoming["display_name"]) == (1, '"Ann" <sip:555@pbx>', "555", "Ann")
    assert rig.events[2]["waiting"][0]["call"] == 1
    assert heard.log == [("ringing", 1)]


def test_the_remote_uri_comes_from_the_invite_when_pjsua_cannot_say(rig: Rig) -> None:
    part, _ = events_of(rig)
    rig.prepare[:] = [lambda call: call.fail.__setitem__("getInfo", pj_error())]
    part.on_incoming_call("account", IncomingInfo(3, "127.0.0.1:5060", "sip:77@x"))  # type: ignore[arg-type]
    assert rig.events[0]["remote_uri"] == "sip:77@x"


def test_auto_answer_answers_instead_of_ringing(rig: Rig) -> None:
    answered: list[CallRecord] = []
    part, heard = events_of(rig, auto_answer=answered)
    ring(rig, part)
    assert [r.id for r in answered] == [1]
    assert heard.log == []


@pytest.mark.parametrize(("setup", "code", "why", "cause"), [
    ("bypass", 403, "calls are accepted only through the registrar", "not-via-proxy"),
    ("dnd", 486, "do not disturb", "dnd"),
    ("not-ready", 486, "agent is not-ready", "not-ready"),
    ("wrap-up", 486, "agent is wrap-up", "wrap-up"),
    ("full", 486, "all lines busy", "lines-busy"),
])
def test_a_call_that_cannot_be_taken_is_refused_hidden_and_never_rings(
        rig: Rig, setup: str, code: int, why: str, cause: str) -> None:
    part, heard = events_of(rig, bypass={"10.0.0.9:5060"})
    if setup == "dnd":
        rig.agent.dnd = True
        rig.agent.set(AgentState.NOT_READY, "Lunch")  # do not disturb is told before the state
    if setup == "not-ready":
        rig.agent.set(AgentState.NOT_READY, "Lunch")
    if setup == "wrap-up":
        rig.agent.set(AgentState.WRAP_UP)
    if setup == "full":
        for _ in range(MAX_LINES):
            rig.add()
    call = ring(rig, part, source="10.0.0.9:5060" if setup == "bypass" else "127.0.0.1:5060")
    record = rig.table.record_of(call)  # type: ignore[arg-type]
    assert record is not None and record.hidden and record.reason == why
    header = f'SIP;cause={code};text="{why}"'
    assert call.ops == [("answer", (code, [("Reason", header)]))]
    assert rig.names() == ["refused"]
    refused = rig.events[0]
    assert (refused["code"], refused["reason"], refused["caller_id"], refused["source"],
            refused["remote_uri"]) == (code, why, "555",
                                       "10.0.0.9:5060" if setup == "bypass" else "127.0.0.1:5060",
                                       '"Ann" <sip:555@pbx>')
    # The engine says why, so the desk never guesses from the state it saw last.
    assert (refused["cause"], refused["agent_reason"]) == (
        cause, "Lunch" if setup == "not-ready" else "")
    assert heard.log == []


def test_the_last_free_line_still_takes_a_call(rig: Rig) -> None:
    part, _ = events_of(rig)
    for _ in range(MAX_LINES - 1):
        rig.add()
    ring(rig, part)
    assert rig.names() == ["incoming", "call", "lines"]


# ---------------------------------------------------------------- call state


def test_the_first_confirmed_is_published_once_then_the_state_is_reported(rig: Rig) -> None:
    part, heard = events_of(rig)
    call = ring(rig, part)
    rig.clear()
    heard.log.clear()
    rig.clock.now += 5
    report(call, pj.PJSIP_INV_STATE_CONNECTING)
    part.on_call_state(call)  # type: ignore[arg-type]
    report(call, pj.PJSIP_INV_STATE_CONFIRMED)
    part.on_call_state(call)  # type: ignore[arg-type]
    part.on_call_state(call)  # type: ignore[arg-type]
    record = rig.lines.get(1)
    assert record is not None and record.answered == rig.clock.now
    assert heard.log == [("state-changed", 1), ("confirmed", 1), ("state-changed", 1),
                         ("state-changed", 1)]
    assert rig.names() == ["call", "lines"] * 3
    assert [e["state"] for e in rig.of("call")] == ["connecting", "confirmed", "confirmed"]
    assert rig.of("call")[1]["code"] == 200 and rig.of("call")[1]["reason"] == "OK"


def test_early_on_an_incoming_call_stays_incoming(rig: Rig) -> None:
    part, _ = events_of(rig)
    call = ring(rig, part)
    report(call, pj.PJSIP_INV_STATE_EARLY, 183, "Session Progress")
    part.on_call_state(call)  # type: ignore[arg-type]
    assert rig.of("call")[-1]["state"] == "incoming"
    out, out_call = rig.add(Direction.OUT, CallState.CALLING)
    report(out_call, pj.PJSIP_INV_STATE_EARLY, 180, "Ringing")
    part.on_call_state(out_call)  # type: ignore[arg-type]
    assert out.state is CallState.EARLY and out.code == 180 and out.reason == "Ringing"


def test_an_unknown_state_reads_as_calling_and_a_missing_remote_is_filled_in(rig: Rig) -> None:
    part, _ = events_of(rig)
    record, call = rig.add(Direction.OUT, CallState.EARLY, uri="")
    call.info.state = 99
    call.info.remoteUri = "sip:42@pbx"
    part.on_call_state(call)  # type: ignore[arg-type]
    assert record.state is CallState.CALLING
    assert (record.remote_uri, record.caller_id) == ("sip:42@pbx", "42")
    record2, call2 = rig.add(Direction.OUT, CallState.EARLY, uri="sip:")
    call2.info.remoteUri = "sip:43@pbx"
    part.on_call_state(call2)  # type: ignore[arg-type]
    assert record2.remote_uri == "sip:43@pbx"
    record3, call3 = rig.add(Direction.OUT, CallState.EARLY, uri="sip:1@a")
    call3.info.remoteUri = "sip:2@b"
    part.on_call_state(call3)  # type: ignore[arg-type]
    assert record3.remote_uri == "sip:1@a"


def test_a_hidden_call_reports_neither_its_state_nor_the_lines(rig: Rig) -> None:
    part, heard = events_of(rig)
    record, call = rig.add(Direction.OUT, CallState.CALLING, hidden=True)
    report(call, pj.PJSIP_INV_STATE_EARLY)
    part.on_call_state(call)  # type: ignore[arg-type]
    assert rig.events == [] and heard.log == [("state-changed", record.id)]


def test_callbacks_for_a_call_without_record_or_info_are_ignored(rig: Rig) -> None:
    part, heard = events_of(rig)
    stray = FakeCall()
    part.on_call_state(stray)  # type: ignore[arg-type]
    part.on_call_media_state(stray)  # type: ignore[arg-type]
    part.on_dtmf(stray, "5")  # type: ignore[arg-type]
    _, call = rig.add()
    call.fail["getInfo"] = pj_error()
    part.on_call_state(call)  # type: ignore[arg-type]
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert rig.events == [] and heard.log == []


# ---------------------------------------------------------------- the end of a call


def test_the_end_is_published_in_order_around_the_removal(rig: Rig) -> None:
    """ENDED while still on the lines (no pjsua2 call any more), then the call is taken off the
    lines and reported gone, then REMOVED."""
    part, heard = events_of(rig)
    record, call = rig.add()
    seen: list[tuple[bool, bool]] = []
    for event in (CallEvent.ENDED, CallEvent.REMOVED):
        rig.bus.subscribe(event, lambda r: seen.append(
            (rig.lines.get(r.id) is not None, rig.table.call(r.id) is not None)))
    rig.clock.now += 30
    report(call, pj.PJSIP_INV_STATE_DISCONNECTED, 200, "Normal")
    part.on_call_state(call)  # type: ignore[arg-type]
    assert heard.log == [("ended", record.id), ("removed", record.id)]
    assert seen == [(True, False), (False, False)]
    assert call.record_id is None
    assert record.ended == rig.clock.now and record.media is MediaStatus.NONE
    assert rig.names() == ["call", "call_removed"]
    assert rig.events[0]["state"] == "disconnected" and rig.events[1]["call"] == record.id


def test_a_call_the_engine_ended_carries_its_reason(rig: Rig) -> None:
    part, _ = events_of(rig)
    record, call = rig.add()
    record.end_reason = "no audio from the far end for 20 s"
    report(call, pj.PJSIP_INV_STATE_CONFIRMED, 200, "OK")
    part.on_call_state(call)  # type: ignore[arg-type]
    assert record.code == 200  # only the end carries it
    report(call, pj.PJSIP_INV_STATE_DISCONNECTED, 200, "Normal")
    part.on_call_state(call)  # type: ignore[arg-type]
    assert (record.code, record.reason) == (END_CODE, "no audio from the far end for 20 s")


def test_a_call_the_engine_ended_carries_its_problem_code(rig: Rig) -> None:
    part, _ = events_of(rig)
    record, call = rig.add()
    record.end_reason = "no audio from the far end for 20 s"
    record.end_problem, record.end_params = Problem.NO_AUDIO, {"seconds": "20"}
    report(call, pj.PJSIP_INV_STATE_DISCONNECTED, 200, "Normal")
    part.on_call_state(call)  # type: ignore[arg-type]
    assert (rig.events[0]["problem"], rig.events[0]["params"]) == ("no-audio", {"seconds": "20"})


@pytest.mark.parametrize(("code", "reason", "problem"), [
    (404, "Not Found", "not-found"), (486, "Busy Here", "busy"), (480, "Unavailable", "no-answer"),
    (503, "Service Unavailable", "unreachable"), (488, "Not Acceptable Here", "sip-status"),
])
def test_an_outgoing_call_refused_by_the_far_end_carries_the_answers_problem(
        rig: Rig, code: int, reason: str, problem: str) -> None:
    part, _ = events_of(rig)
    _, call = rig.add(Direction.OUT, CallState.CALLING, "sip:2000@pbx")
    report(call, pj.PJSIP_INV_STATE_DISCONNECTED, code, reason)
    part.on_call_state(call)  # type: ignore[arg-type]
    snapshot = rig.events[0]
    assert (snapshot["state"], snapshot["code"], snapshot["problem"], snapshot["params"]) == (
        "disconnected", code, problem, {"code": str(code), "reason": reason})


@pytest.mark.parametrize(("direction", "state", "code"), [
    (Direction.OUT, CallState.CALLING, 487),  # we cancelled it
    (Direction.OUT, CallState.CONFIRMED, 200),  # talked, then hung up
    (Direction.IN, CallState.INCOMING, 486),  # the operator rejected it
    (Direction.IN, CallState.INCOMING, 487),  # the caller gave up
])
def test_a_call_that_ends_the_normal_way_has_no_problem(
        rig: Rig, direction: Direction, state: CallState, code: int) -> None:
    part, _ = events_of(rig)
    _, call = rig.add(direction, state)
    report(call, pj.PJSIP_INV_STATE_DISCONNECTED, code, "x")
    part.on_call_state(call)  # type: ignore[arg-type]
    assert (rig.events[0]["problem"], rig.events[0]["params"]) == ("", {})


def test_a_hidden_call_ends_silently_but_is_still_published(rig: Rig) -> None:
    part, heard = events_of(rig)
    record, call = rig.add(hidden=True)
    report(call, pj.PJSIP_INV_STATE_DISCONNECTED)
    part.on_call_state(call)  # type: ignore[arg-type]
    assert rig.events == []
    assert heard.log == [("ended", record.id), ("removed", record.id)]
    part.settle_agent(record)
    assert rig.events == []


def test_after_an_answered_call_the_agent_wraps_up_unless_another_call_is_up(rig: Rig) -> None:
    part, _ = events_of(rig)
    first, _ = rig.add()
    second, _ = rig.add()
    rig.lines.remove(first.id)
    first.state = CallState.DISCONNECTED
    part.settle_agent(first)
    assert rig.names() == ["lines"]
    assert rig.agent.state is AgentState.READY
    rig.lines.remove(second.id)
    part.settle_agent(second)
    assert rig.names() == ["lines", "agent_state", "lines"]
    assert rig.of("agent_state")[0]["state"] == "wrap-up"


def test_a_missed_call_leaves_the_agent_ready(rig: Rig) -> None:
    part, _ = events_of(rig)
    missed, _ = rig.add(state=CallState.INCOMING)
    rig.lines.remove(missed.id)
    part.settle_agent(missed)
    assert rig.names() == ["lines"] and rig.agent.state is AgentState.READY


def test_calls_ringing_or_over_do_not_count_as_another_call_up(rig: Rig) -> None:
    part, _ = events_of(rig)
    done, _ = rig.add()
    rig.add(state=CallState.INCOMING)
    held, _ = rig.add()
    held.state = CallState.DISCONNECTED  # answered but over
    rig.lines.remove(done.id)
    part.settle_agent(done)
    assert rig.agent.state is AgentState.WRAP_UP


# ---------------------------------------------------------------- media and DTMF


@pytest.mark.parametrize(("status", "media", "hold"), [
    (pj.PJSUA_CALL_MEDIA_ACTIVE, MediaStatus.ACTIVE, HoldState.NONE),
    (pj.PJSUA_CALL_MEDIA_LOCAL_HOLD, MediaStatus.LOCAL_HOLD, HoldState.LOCAL),
    (pj.PJSUA_CALL_MEDIA_REMOTE_HOLD, MediaStatus.REMOTE_HOLD, HoldState.REMOTE),
    (pj.PJSUA_CALL_MEDIA_ERROR, MediaStatus.NONE, HoldState.NONE),
    (pj.PJSUA_CALL_MEDIA_NONE, MediaStatus.NONE, HoldState.NONE),
])
def test_the_audio_media_state_sets_media_and_hold(
        rig: Rig, status: int, media: MediaStatus, hold: HoldState) -> None:
    part, heard = events_of(rig)
    record, call = rig.add()
    record.media = MediaStatus.ACTIVE if media is MediaStatus.NONE else MediaStatus.NONE
    call.info.media = [SimpleNamespace(type=pj.PJMEDIA_TYPE_VIDEO, status=0),
                       SimpleNamespace(type=pj.PJMEDIA_TYPE_AUDIO, status=status),
                       SimpleNamespace(type=pj.PJMEDIA_TYPE_AUDIO, status=-1)]
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert (record.media, record.hold) == (media, hold)
    assert heard.log == [("media-changed", record.id)]
    assert rig.names() == ["media", "call", "lines"]
    assert rig.events[0]["status"] == media.value and rig.events[0]["call"] == record.id


def test_the_media_event_only_when_it_changed_and_the_hold_clock(rig: Rig) -> None:
    part, heard = events_of(rig)
    record, call = rig.add()
    call.set_audio(pj.PJSUA_CALL_MEDIA_LOCAL_HOLD)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    held_at = rig.clock.now
    rig.clock.now += 10
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert record.held_since == held_at
    assert rig.names() == ["media", "call", "lines", "call", "lines"]
    assert rig.of("call")[-1]["held_since"] == held_at
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert record.held_since is None
    assert heard.log == [("media-changed", record.id)] * 3


def test_a_moment_of_active_media_does_not_restart_the_hold_clock_of_a_held_call(
        rig: Rig) -> None:
    """The agent still wants the call held (call control sends the hold again): supervisors'
    'held too long' keeps counting from the first hold."""
    part, _ = events_of(rig)
    record, call = rig.add()
    record.wanted_hold = True
    call.set_audio(pj.PJSUA_CALL_MEDIA_LOCAL_HOLD)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    held_at = rig.clock.now
    rig.clock.now += 10
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert (record.hold, record.held_since) == (HoldState.NONE, held_at)
    call.set_audio(pj.PJSUA_CALL_MEDIA_LOCAL_HOLD)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert record.held_since == held_at


def test_the_media_of_a_hidden_call_updates_no_lines(rig: Rig) -> None:
    part, _ = events_of(rig)
    _, call = rig.add(hidden=True)
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert rig.names() == ["media"]


def test_the_publication_comes_before_the_report(rig: Rig) -> None:
    """Subscribers act first (a waiting hold is sent, audio routed), then the event goes out:
    the desk never sees a state its engine has not acted on."""
    part, _ = events_of(rig)
    _, call = rig.add()
    reported: list[int] = []
    rig.bus.subscribe(CallEvent.MEDIA_CHANGED, lambda r: reported.append(len(rig.events)))
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert reported == [0]


def test_a_received_digit_is_reported_on_its_call(rig: Rig) -> None:
    part, _ = events_of(rig)
    record, call = rig.add()
    part.on_dtmf(call, "#")  # type: ignore[arg-type]
    assert rig.names() == ["dtmf"]
    assert (rig.events[0]["call"], rig.events[0]["digit"]) == (record.id, "#")


# ---------------------------------------------------------------- the bus itself


def test_subscribers_run_in_order_and_a_failing_one_does_not_stop_the_rest(rig: Rig) -> None:
    order: list[str] = []

    def broken(record: CallRecord) -> None:
        order.append("broken")
        raise RuntimeError("boom")

    rig.bus.subscribe(CallEvent.ENDED, lambda r: order.append("first"))
    rig.bus.subscribe(CallEvent.ENDED, broken)
    rig.bus.subscribe(CallEvent.ENDED, lambda r: order.append("last"))
    rig.bus.subscribe(CallEvent.REMOVED, lambda r: order.append("other event"))
    record, _ = rig.add()
    rig.bus.publish(CallEvent.ENDED, record)
    assert order == ["first", "broken", "last"]
    assert [(event, str(exc)) for event, exc in rig.failures] == [(CallEvent.ENDED, "boom")]
    assert len(rig.bus.subscribers(CallEvent.ENDED)) == 3


@pytest.mark.parametrize("media", [
    [],  # no media line at all
    [SimpleNamespace(type=pj.PJMEDIA_TYPE_VIDEO, status=pj.PJSUA_CALL_MEDIA_ACTIVE)],
    [SimpleNamespace(type=pj.PJMEDIA_TYPE_AUDIO, status=99)],  # a status pjsua2 may add later
])
def test_no_audio_or_an_unknown_status_reads_as_no_media(rig: Rig, media: list[object]) -> None:
    part, _ = events_of(rig)
    record, call = rig.add(media=MediaStatus.ACTIVE)
    call.info.media = media
    part.on_call_media_state(call)  # type: ignore[arg-type]
    assert record.media is MediaStatus.NONE and record.hold is HoldState.NONE
    assert rig.events[0] == {**rig.events[0], "event": "media", "status": "none"}
    assert rig.of("call")[0]["media"] == "none"

"""The typed side of the protocol: every event line becomes one frozen dataclass with enum
fields, what the engine writes parses, and what breaks the contract is a ProtocolError."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from agent.phone import protocol as proto
from agent.phone.lines import AgentStateMachine, CallRecord, Lines
from agent.phone.protocol import (
    AgentState,
    AudioMode,
    Call,
    CallState,
    Direction,
    EventName,
    HoldState,
    ProtocolError,
)

pytestmark = pytest.mark.timeout(30)

EXAMPLES: dict[EventName, dict[str, object]] = {
    EventName.HELLO: {"protocol": "sufler-phone", "version": 1, "mode": "direct",
                      "listen": "127.0.0.1:5070", "pid": 42, "audio": "null", "start_ms": 3.1},
    EventName.REGISTRATION: {"account": "default", "state": "failed", "code": 408,
                             "reason": "Request Timeout", "next_retry_s": 4,
                             "problem": "no-answer",
                             "params": {"code": "408", "reason": "Request Timeout"}},
    EventName.INCOMING: {"call": 3, "remote_uri": "sip:1001@pbx", "caller_id": "1001",
                         "display_name": "Ann"},
    EventName.REFUSED: {"remote_uri": "sip:x@10.0.0.9", "caller_id": "x", "code": 403,
                        "reason": "not via the proxy", "cause": "not-via-proxy",
                        "source": "10.0.0.9:5060"},
    EventName.CALL: {"call": 3, "state": "confirmed", "direction": "in",
                     "remote_uri": "sip:1001@pbx", "caller_id": "1001", "display_name": "Ann",
                     "hold": "local", "held_since": 12.5, "muted": False, "media": "local-hold",
                     "started": 10, "answered": 11.0, "ended": None, "code": 200, "reason": "OK",
                     "consult_for": None},
    EventName.CALL_REMOVED: {"call": 3},
    EventName.MEDIA: {"call": 3, "status": "remote-hold"},
    EventName.DTMF: {"call": 3, "digit": "#"},
    EventName.TRANSFER: {"call": 3, "kind": "requested", "code": 202, "reason": "to 2000",
                         "final": False, "ok": False, "new_call": 4},
    EventName.REPLACED: {"call": None, "new_call": 5, "remote_uri": "sip:a@b"},
    EventName.LINES: {"calls": [], "waiting": [{"call": 4, "caller_id": "2000",
                                                "display_name": "", "waiting_since": 20.0}],
                      "active": None},
    EventName.AGENT_STATE: {"state": "wrap-up", "reason": "", "wrap_up_until": 40.0},
    EventName.PROMPT: {"call": 3, "file": "/a.wav", "finished": True},
    EventName.RECORDING: {"call": 3, "file": "/r.wav", "finished": False},
    EventName.AUDIO: {"mode": "bridge", "devices": [{"index": 0, "name": "Built-in",
                                                     "inputs": 2, "outputs": 2}],
                      "input": "", "output": "Built-in", "ring": "", "underruns": 1,
                      "overruns": 0, "frames": 500, "latency_ms": 95.5, "latency_p95_ms": 120,
                      "device_latency_ms": 40.0, "jitter_ms": 55.0, "mic_underruns": 0},
    EventName.QUEUE: {"action": "pause", "code": "*46", "ok": True, "reason": "OK"},
    EventName.CONFERENCE: {"calls": [1, 2]},
    EventName.ERROR: {"message": "no such call 9", "command": "hold", "problem": "no-such-call",
                      "params": {"call": "9"}},
    EventName.BYE: {"reason": "quit"},
}


def line_of(name: EventName, **fields: object) -> dict[str, object]:
    return json.loads(proto.format_event(proto.make_event(name, **fields)))


def test_every_event_name_has_a_typed_form_and_an_example() -> None:
    assert set(proto.EVENT_TYPES) == set(EventName) == set(EXAMPLES)


@pytest.mark.parametrize("name", list(EventName))
def test_each_event_parses_once_into_its_type_and_back(name: EventName) -> None:
    raw = line_of(name, reply_to="r1", **EXAMPLES[name])
    event = proto.typed_event(raw)
    assert type(event) is proto.EVENT_TYPES[name]
    assert event.reply_to == "r1" and event.t == raw["t"]
    again = proto.typed_event(json.loads(json.dumps(proto.event_object(event))))
    assert again == event


def test_states_are_enums_and_numbers_are_numbers() -> None:
    call = proto.typed_event(line_of(EventName.CALL, **EXAMPLES[EventName.CALL]))
    assert isinstance(call, Call)
    assert call.state is CallState.CONFIRMED and call.hold is HoldState.LOCAL
    assert call.direction is Direction.IN and isinstance(call.started, float)
    assert call.on_local_hold and not call.is_talking and call.is_live
    audio = proto.typed_event(line_of(EventName.AUDIO, **EXAMPLES[EventName.AUDIO]))
    assert isinstance(audio, proto.AudioEvent)
    assert audio.mode is AudioMode.BRIDGE and audio.output_names == ["Built-in"]
    assert audio.latency_p95_ms == 120.0


def test_what_the_engine_writes_parses() -> None:
    lines = Lines()
    talking = lines.add(CallRecord(id=lines.new_id(), direction=Direction.IN,
                                   remote_uri='"Ann" <sip:1001@pbx>', caller_id="1001",
                                   display_name="Ann", state=CallState.CONFIRMED, started=1.0,
                                   answered=2.0))
    lines.add(CallRecord(id=lines.new_id(), direction=Direction.IN, remote_uri="sip:2@pbx",
                         caller_id="2", state=CallState.INCOMING, started=3.0))
    event = proto.typed_event(line_of(EventName.LINES, **lines.payload()))
    assert isinstance(event, proto.LinesEvent)
    assert event.active == talking.id and [c.state for c in event.calls] == [
        CallState.CONFIRMED, CallState.INCOMING]
    assert [w.caller_id for w in event.waiting] == ["2"]
    snapshot = proto.typed_event(line_of(EventName.CALL, **talking.snapshot()))
    assert dataclasses.replace(snapshot, t=0.0) == event.calls[0] and snapshot.is_talking
    agent = AgentStateMachine(30, lambda: 100.0)
    agent.call_ended(answered=True, other_calls_up=False)
    state = proto.typed_event(line_of(EventName.AGENT_STATE, **agent.payload()))
    assert isinstance(state, proto.AgentStateEvent)
    assert state.state is AgentState.WRAP_UP and state.wrap_up_until == 130.0


def test_newer_fields_are_ignored_and_unknown_events_are_none() -> None:
    event = proto.typed_event(line_of(EventName.DTMF, call=1, digit="5", volume=3))
    assert event == proto.DtmfEvent(t=event.t, call=1, digit="5")
    assert proto.typed_event(line_of("whiteboard", calls=[1, 2])) is None


@pytest.mark.parametrize(("name", "fields", "named"), [
    (EventName.CALL, {**EXAMPLES[EventName.CALL], "state": "dancing"}, "call.state"),
    (EventName.CALL, {k: v for k, v in EXAMPLES[EventName.CALL].items() if k != "direction"},
     "'direction' is missing"),
    (EventName.MEDIA, {"call": True, "status": "active"}, "media.call must be int"),
    (EventName.MEDIA, {"call": "3", "status": "active"}, "media.call must be int"),
    (EventName.LINES, {"calls": [{"call": 1}], "waiting": []}, "lines.calls[0]"),
    (EventName.AGENT_STATE, {"state": None}, "agent_state.state: unknown value None"),
    (EventName.AGENT_STATE, {"state": "ready", "wrap_up_until": "soon"},
     "agent_state.wrap_up_until must be float"),
    (EventName.AUDIO, {"mode": "bridge", "devices": "many"}, "audio.devices must be a list"),
])
def test_an_event_that_breaks_the_contract_names_the_field(
        name: EventName, fields: dict[str, object], named: str) -> None:
    with pytest.raises(ProtocolError) as error:
        proto.typed_event(line_of(name, **fields))
    assert named in str(error.value)


@pytest.mark.parametrize(("payload", "typed"), [
    (proto.CallSnapshot, proto.Call), (proto.WaitingCall, proto.WaitingLine),
    (proto.LinesPayload, proto.LinesEvent), (proto.RegistrationPayload, proto.RegistrationEvent),
    (proto.AgentStatePayload, proto.AgentStateEvent),
])
def test_every_field_the_engine_declares_reaches_the_typed_event(payload: Any, typed: Any) -> None:
    """A field added to an engine payload (its TypedDict) must be added to the typed event the
    desktop reads, or the desktop would never see it."""
    declared = set(payload.__annotations__)
    assert declared - {f.name for f in dataclasses.fields(typed)} == set()


def test_an_unroutable_target_is_refused_with_its_code_and_the_target() -> None:
    for target in ("1234", "it's me", 'say "hi"'):
        with pytest.raises(proto.CommandError) as refused:
            proto.normalize_target(target)
        assert refused.value.problem is proto.Problem.UNROUTABLE_TARGET
        assert refused.value.params == {"target": target}
        assert "no server is configured" in str(refused.value)  # the English, for logs
    assert proto.normalize_target("1234", "pbx.example") == "sip:1234@pbx.example"


def test_an_error_carries_its_problem_code_and_params_typed() -> None:
    typed = proto.typed_event(line_of(EventName.ERROR, message="'12' is not a SIP URI",
                                      command="dial", problem="unroutable-target",
                                      params={"target": "12"}))
    assert isinstance(typed, proto.ErrorEvent)
    assert (typed.problem, typed.params, typed.command) == (
        proto.Problem.UNROUTABLE_TARGET, {"target": "12"}, "dial")
    assert proto.typed_event(json.loads(proto.format_event(proto.event_object(typed)))) == typed


def test_an_older_engines_error_has_no_code_and_a_newer_engines_code_reads_as_unknown() -> None:
    older = proto.typed_event(line_of(EventName.ERROR, message="hold failed", command="hold"))
    assert isinstance(older, proto.ErrorEvent)
    assert (older.problem, older.params) == (proto.Problem.NONE, {})
    newer = proto.typed_event(line_of(EventName.ERROR, message="the moon is down",
                                      problem="moon-down", params={"phase": "new"}))
    assert isinstance(newer, proto.ErrorEvent) and newer.problem is proto.Problem.UNKNOWN


def test_problem_params_must_be_an_object_of_strings() -> None:
    for params in (["12"], {"target": 12}, "12"):
        with pytest.raises(ProtocolError, match=r"error\.params"):
            proto.typed_event(line_of(EventName.ERROR, message="x", problem="unroutable-target",
                                      params=params))


@pytest.mark.parametrize(("code", "problem"), [
    (404, "not-found"), (604, "not-found"), (486, "busy"), (600, "busy"), (408, "no-answer"),
    (480, "no-answer"), (603, "declined"), (503, "unreachable"), (0, "unreachable"),
    (401, "auth-failed"), (407, "auth-failed"), (403, "sip-status"), (488, "sip-status"),
    (500, "sip-status"),
])
def test_a_sip_failure_answer_maps_to_a_stable_problem(code: int, problem: str) -> None:
    assert proto.status_problem(code).value == problem


def test_every_problem_code_declares_its_params_and_is_a_unique_wire_value() -> None:
    values = [p.value for p in proto.Problem]
    assert len(values) == len(set(values))
    assert set(proto.PROBLEM_PARAMS) <= set(proto.Problem)
    assert all(all(name.isidentifier() for name in names)
               for names in proto.PROBLEM_PARAMS.values())

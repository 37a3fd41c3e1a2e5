"""Pure-Python parts: the wire protocol and the lines / agent-state bookkeeping."""

from __future__ import annotations

import json

import pytest

from agent.phone import protocol as proto
from agent.phone.lines import AgentStateMachine, Backoff, CallRecord, Lines
from agent.phone.protocol import AgentState, CallState, Direction, ProtocolError

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(
    ("line", "name", "args"),
    [
        ("dial 1001", "dial", {"uri": "1001"}),
        ("answer", "answer", {}),
        ("answer 3", "answer", {"call": 3}),
        ("reject 2", "reject", {"call": 2}),
        ("hold", "hold", {}),
        ("resume 4", "resume", {"call": 4}),
        ("mute", "mute", {"on": True}),
        ("unmute 2", "mute", {"call": 2, "on": False}),
        ("dtmf 12*#", "dtmf", {"digits": "12*#"}),
        ("transfer sip:2000@pbx", "transfer", {"uri": "sip:2000@pbx"}),
        ("consult 2000", "consult", {"uri": "2000"}),
        ("complete", "complete", {}),
        ("cancel", "cancel", {}),
        ("state ready", "state", {"state": "ready", "reason": ""}),
        ("state not-ready Обед и перерыв", "state", {"state": "not-ready",
                                                     "reason": "Обед и перерыв"}),
        ("state wrap-up", "state", {"state": "wrap-up", "reason": ""}),
        ("play /tmp/x.wav --hangup", "play", {"file": "/tmp/x.wav", "hangup_after": True}),
        ("queue pause", "queue", {"action": "pause"}),
        ("quit", "quit", {}),
        ("EXIT", "quit", {}),
    ],
)
def test_plain_words(line: str, name: str, args: dict[str, object]) -> None:
    command = proto.parse_command(line)
    assert command is not None
    assert (command.name, command.args) == (name, args)


def test_json_commands_validate_types_and_echo_ids() -> None:
    command = proto.parse_command('{"cmd": "mute", "call": 2, "on": false, "id": "m1"}')
    assert command is not None and command.args == {"call": 2, "on": False}
    assert command.id == "m1" and command.call == 2
    with pytest.raises(ProtocolError) as err:
        proto.parse_command('{"cmd": "hold", "call": "two", "id": 9}')
    assert err.value.request_id == 9
    with pytest.raises(ProtocolError):
        proto.parse_command('{"cmd": "mute", "on": "yes"}')
    with pytest.raises(ProtocolError):
        proto.parse_command('{"cmd": "answer", "call": true}')


@pytest.mark.parametrize(
    "line",
    ["bogus", "dial", "dtmf 12x", "hold one", "state asleep", "queue dance", "{", "[1]",
     '{"cmd": 1}', '{"cmd": "dial", "uri": "  "}', "quit now", 'dial "unterminated',
     "account x", '{"cmd": "dtmf", "digits": "1", "method": "smoke"}'],
)
def test_malformed_lines_raise_protocol_error(line: str) -> None:
    with pytest.raises(ProtocolError):
        proto.parse_command(line)


def test_blank_and_comment_lines_are_ignored() -> None:
    assert proto.parse_command("   ") is None
    assert proto.parse_command("# a note") is None


def test_format_command_round_trips_and_drops_none() -> None:
    line = proto.format_command("play", "p1", call=None, file="a.wav", hangup_after=True)
    assert line.endswith("\n")
    assert json.loads(line) == {"cmd": "play", "file": "a.wav", "hangup_after": True, "id": "p1"}
    command = proto.parse_command(line)
    assert command is not None and command.args == {"file": "a.wav", "hangup_after": True}


def test_events_have_name_and_time_and_parse_back() -> None:
    event = proto.make_event("dtmf", call=1, digit="5")
    line = proto.format_event(event)
    parsed = proto.parse_event(line)
    assert parsed == event and parsed["t"] > 0
    assert proto.parse_event("pjlib noise") is None
    assert proto.parse_event('{"no": "event"}') is None


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ('"Анна" <sip:1001@10.0.0.5:5060;transport=udp>', ("1001", "Анна")),
        ("<sip:2000@pbx>;tag=abc", ("2000", "")),
        ("sip:agent@127.0.0.1:5070", ("agent", "")),
        ("sips:+74951234567@pbx.example", ("+74951234567", "")),
    ],
)
def test_caller_id(uri: str, expected: tuple[str, str]) -> None:
    assert proto.caller_id_from_uri(uri) == expected


def test_normalize_target() -> None:
    assert proto.normalize_target("1001", "pbx:5060") == "sip:1001@pbx:5060"
    assert proto.normalize_target("sip:x@y") == "sip:x@y"
    assert proto.normalize_target("x@y") == "sip:x@y"
    with pytest.raises(proto.CommandError) as refused:
        proto.normalize_target(" 1001 ", "")
    assert (refused.value.problem, refused.value.params) == (
        proto.Problem.UNROUTABLE_TARGET, {"target": "1001"})


# ---------------------------------------------------------------------- lines


def record(lines: Lines, direction: Direction, state: CallState, started: float,
           answered: float | None = None) -> CallRecord:
    return lines.add(CallRecord(id=lines.new_id(), direction=direction, remote_uri="sip:x@y",
                                caller_id=f"c{started:g}", state=state, started=started,
                                answered=answered))


def test_current_prefers_active_then_ringing() -> None:
    lines = Lines()
    ringing = record(lines, Direction.IN, CallState.INCOMING, 1.0)
    assert lines.current() is ringing and lines.active() is None
    talking = record(lines, Direction.IN, CallState.CONFIRMED, 0.5, answered=2.0)
    assert lines.active() is talking and lines.current() is talking
    payload = lines.payload()
    assert payload["active"] == talking.id
    assert [w["call"] for w in payload["waiting"]] == [ringing.id]
    assert lines.others_to_hold(ringing.id) == [talking]
    talking.wanted_hold = True
    assert lines.active() is None and lines.current() is ringing


def test_ids_are_never_reused() -> None:
    lines = Lines()
    first = record(lines, Direction.OUT, CallState.CALLING, 1.0)
    lines.remove(first.id)
    second = record(lines, Direction.OUT, CallState.CALLING, 2.0)
    assert second.id != first.id


def test_hidden_calls_stay_out_of_the_lines() -> None:
    lines = Lines()
    hidden = record(lines, Direction.OUT, CallState.CONFIRMED, 1.0, answered=1.0)
    hidden.hidden = True
    assert lines.payload()["calls"] == [] and lines.current() is None


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrap_up_after_an_answered_call_then_ready() -> None:
    clock = Clock()
    agent = AgentStateMachine(30, clock)
    assert agent.accepts_calls()
    assert not agent.call_ended(answered=False, other_calls_up=False)
    assert agent.call_ended(answered=True, other_calls_up=False)
    assert agent.state is AgentState.WRAP_UP and not agent.accepts_calls()
    assert agent.payload()["wrap_up_until"] == 1030.0
    clock.now += 29
    assert not agent.tick()
    clock.now += 1
    assert agent.tick() and agent.state is AgentState.READY


def test_not_ready_is_kept_after_a_call_and_zero_wrap_up_means_none() -> None:
    clock = Clock()
    agent = AgentStateMachine(30, clock)
    agent.set(AgentState.NOT_READY, "Lunch")
    assert not agent.call_ended(answered=True, other_calls_up=False)
    assert agent.payload() == {"state": "not-ready", "reason": "Lunch", "wrap_up_until": None,
                               "dnd": False}
    quick = AgentStateMachine(0, clock)
    assert not quick.call_ended(answered=True, other_calls_up=False)
    assert quick.state is AgentState.READY
    assert not agent.call_ended(answered=True, other_calls_up=True)


def test_backoff_doubles_to_a_cap_and_resets() -> None:
    backoff = Backoff(first=1, cap=8)
    assert [backoff.next_delay() for _ in range(6)] == [1, 2, 4, 8, 8, 8]
    backoff.reset()
    assert backoff.next_delay() == 1


def test_any_text_is_a_command_none_or_a_protocol_error() -> None:
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from([*sorted(proto.COMMANDS), "unmute", "exit", "{", '{"cmd":'])
    lines = st.one_of(
        st.text(max_size=200),
        st.builds(lambda w, rest: f"{w} {rest}", words, st.text(max_size=60)),
        st.builds(json.dumps, st.dictionaries(
            st.sampled_from(["cmd", "call", "uri", "digits", "on", "state", "id", "file"]),
            st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                      st.sampled_from(sorted(proto.COMMANDS))),
            max_size=5)),
    )

    @settings(max_examples=400, deadline=None)
    @given(lines)
    @example("conference ²")  # a Unicode digit that int() refuses
    @example("hold ٣")
    def check(line: str) -> None:
        try:
            command = proto.parse_command(line)
        except ProtocolError as exc:
            assert exc.message
            return
        assert command is None or command.name in proto.COMMANDS

    check()


def test_every_command_has_exactly_one_handler() -> None:
    import io

    from agent.phone.engine import EngineOptions, PhoneEngine

    engine = PhoneEngine(EngineOptions(), io.StringIO())
    try:
        assert set(engine.handlers) == set(proto.COMMANDS)
    finally:
        engine.close_output()


def test_reason_header_quotes_the_text() -> None:
    from agent.phone.calls import reason_header

    assert reason_header(486, "agent is not-ready") == 'SIP;cause=486;text="agent is not-ready"'
    assert reason_header(403, 'a "b"\\\nc') == 'SIP;cause=403;text="a \\"b\\"\\\\ c"'

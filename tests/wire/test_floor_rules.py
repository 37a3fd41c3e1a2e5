"""The floor contract: events (envelope, each kind's fields, the phase rules), batches, the
clock correction, supervisors' bodies and the board rows."""

from __future__ import annotations

import math
from typing import Any

import pytest

from kb.wire import floor
from kb.wire.floor import (
    AckKind,
    Acknowledgement,
    Activity,
    AgentStatus,
    AlertState,
    CallbackOutcome,
    CallbackState,
    CallDirection,
    CallLeg,
    CallPhase,
    CallResult,
    EventKind,
    FloorError,
    FloorEvent,
    LiveCall,
    Presence,
    batch_body,
    check_ack,
    check_assignee,
    check_batch,
    check_event,
    check_fields,
    check_uuid,
    clock_offset,
    hold_level,
)
from kb.wire.problems import RequestError

U1 = "1d3c5b7a-0000-4000-8000-00000000abcd"
U2 = "2d3c5b7a-0000-4000-8000-00000000abcd"


def raw(kind: str = "state", uuid: str = U1, seq: int = 1, at: float = 1_700_000_000.0,
        **fields: Any) -> dict[str, Any]:
    if kind == "state" and not fields:
        fields = {"state": "ready"}
    return {"uuid": uuid, "seq": seq, "at": at, "kind": kind, **fields}


def field_error(kind: str, **fields: Any) -> FloorError:
    with pytest.raises(FloorError) as caught:
        check_fields(kind, fields)
    return caught.value


def test_the_limits_and_timings_of_the_floor() -> None:
    assert floor.MAX_EVENTS_PER_BATCH == 500
    assert (floor.MAX_KEY, floor.MAX_REASON, floor.MAX_ALERT_TEXT, floor.MAX_SLUG,
            floor.MAX_LINE) == (64, 100, 200, 200, 80)
    assert floor.MAX_SECONDS == 7 * 86_400.0
    assert floor.MAX_TIME == 4_102_444_800.0
    assert (floor.MIN_CLOCK_OFFSET, floor.MAX_CLOCK_OFFSET) == (2.0, 86_400.0)
    assert (floor.HEARTBEAT_SECONDS, floor.OFFLINE_AFTER_SECONDS) == (20.0, 75.0)
    assert floor.TIME_FIELDS == ("started_at", "answered_at", "ended_at", "held_since")


def test_the_floor_enums_travel_as_these_texts() -> None:
    def values(kind: type) -> list[str]:
        return [m.value for m in kind]

    assert values(EventKind) == ["state", "call", "waiting", "alert", "callback"]
    assert values(AgentStatus) == ["ready", "not-ready", "wrap-up"]
    assert values(CallPhase) == ["started", "answered", "held", "resumed", "transferred", "ended"]
    assert values(CallDirection) == ["in", "out"]
    assert values(CallLeg) == ["call", "consult"]
    assert values(CallResult) == ["answered", "missed", "failed", "lost"]
    assert values(AckKind) == ["coming", "call-me", "join-consult", "join-conference"]
    assert values(AlertState) == ["open", "acknowledged", "closed"]
    assert values(CallbackOutcome) == ["reached", "no-answer", "busy", "wrong-number",
                                       "not-needed"]
    assert values(CallbackState) == ["open", "done", "cancelled"]
    assert values(Activity) == ["on-hold", "on-call", "ringing", "wrap-up", "not-ready", "ready",
                                "offline"]


def test_only_coming_needs_no_line() -> None:
    assert [k.needs_line for k in AckKind] == [False, True, True, True]


def test_a_callback_ends_when_reached_wrong_number_or_not_needed() -> None:
    assert {o.value for o in CallbackOutcome if o.closes} == {"reached", "wrong-number",
                                                              "not-needed"}


def test_a_state_event_is_read_with_its_envelope() -> None:
    event = check_event(raw(uuid=U1.upper(), seq=7, at=1_700_000_000, state="not-ready",
                            reason="Обед"))
    assert event == FloorEvent(U1, 7, 1_700_000_000.0, EventKind.STATE,
                               {"state": "not-ready", "reason": "Обед"})
    assert isinstance(event.at, float) and event.kind is EventKind.STATE
    assert type(event.fields["state"]) is str  # plain JSON values, not enums
    assert event.to_wire() == {"uuid": U1, "seq": 7, "at": 1_700_000_000.0, "kind": "state",
                               "state": "not-ready", "reason": "Обед"}
    assert check_event(event.to_wire()) == event


def test_a_full_call_event_is_read() -> None:
    fields = {"call": "c-1", "phase": "ended", "direction": "out", "leg": "consult",
              "started_at": 10, "answered_at": 12.5, "ended_at": 70, "held_since": None,
              "hold_s": 3, "warn_s": 30, "alarm_s": 60, "transfer": "blind", "result": "answered",
              "talk_s": 57.5, "hold_total_s": 3, "holds": 1, "longest_hold_s": 3,
              "holds_over_alarm": 0, "code": 200}
    checked = check_fields("call", fields)
    assert checked == {**fields, "started_at": 10.0, "ended_at": 70.0, "hold_s": 3.0,
                       "hold_total_s": 3.0, "longest_hold_s": 3.0}


@pytest.mark.parametrize("name", ["uuid", "seq", "at", "kind"])
def test_every_envelope_field_is_required(name: str) -> None:
    event = raw()
    del event[name]
    with pytest.raises(FloorError) as caught:
        check_event(event)
    assert (str(caught.value), caught.value.field) == (f"{name} is required", name)


@pytest.mark.parametrize("event", [None, [], "state", 5])
def test_an_event_must_be_an_object(event: object) -> None:
    with pytest.raises(FloorError, match=r"^an event must be an object$"):
        check_event(event)


def test_the_sequence_number_is_a_whole_number_up_to_2_53() -> None:
    assert check_event(raw(seq=0)).seq == 0
    assert check_event(raw(seq=2**53)).seq == 2**53
    for seq in (-1, 2**53 + 1, True, 1.0, "1"):
        with pytest.raises(FloorError) as caught:
            check_event(raw(seq=seq))
        assert str(caught.value) == f"seq must be a whole number from 0 to {2**53}"


def test_the_time_of_an_event_is_required_and_within_1970_to_2100() -> None:
    assert check_event(raw(at=0)).at == 0.0
    assert check_event(raw(at=floor.MAX_TIME)).at == floor.MAX_TIME
    cases = [(None, "at is required"),
             ("1", "at must be a number of seconds since 1970, or null"),
             (True, "at must be a number of seconds since 1970, or null"),
             (-1, "at must be seconds since 1970, up to the year 2100"),
             (floor.MAX_TIME + 1, "at must be seconds since 1970, up to the year 2100"),
             (math.inf, "at must be seconds since 1970, up to the year 2100"),
             (math.nan, "at must be seconds since 1970, up to the year 2100")]
    for at, message in cases:
        with pytest.raises(FloorError) as caught:
            check_event(raw(at=at))
        assert (str(caught.value), caught.value.field) == (message, "at")


def test_an_unknown_kind_is_named_with_the_known_ones() -> None:
    with pytest.raises(FloorError) as caught:
        check_event(raw(kind="party"))
    assert str(caught.value) == ("kind must be one of state, call, waiting, alert, callback, "
                                 "got 'party'")
    assert caught.value.field == "kind"
    with pytest.raises(FloorError) as caught:
        check_fields("x" * 100, {})
    assert str(caught.value) == ("kind must be one of state, call, waiting, alert, callback, "
                                 f"got {'x' * 40!r}")
    assert caught.value.field == "kind"


def test_the_event_uuid_is_canonical() -> None:
    assert check_uuid("uuid", U1.upper().replace("-", "")) == U1
    with pytest.raises(FloorError) as caught:
        check_uuid("uuid", 5)
    assert (str(caught.value), caught.value.field) == ("uuid must be a UUID string", "uuid")
    with pytest.raises(FloorError) as caught:
        check_uuid("callback", "n" * 80)
    assert str(caught.value) == f"callback {'n' * 60!r} is not a UUID"


def test_a_field_the_kind_does_not_have_is_refused() -> None:
    exc = field_error("state", state="ready", zeta=1, call="c")
    assert (str(exc), exc.field) == ("call is not a field of a state event", "call")
    assert str(field_error("waiting", count=1, reason="x")) == (
        "reason is not a field of a waiting event")


@pytest.mark.parametrize(("kind", "fields", "missing"), [
    ("state", {}, "state"), ("state", {"reason": "x"}, "state"),
    ("call", {"phase": "answered"}, "call"), ("call", {"call": "c"}, "phase"),
    ("waiting", {}, "count"),
    ("callback", {"outcome": "busy"}, "callback"), ("callback", {"callback": U1}, "outcome")])
def test_each_kind_requires_its_fields(kind: str, fields: dict, missing: str) -> None:
    exc = field_error(kind, **fields)
    assert (str(exc), exc.field) == (f"{missing} is required", missing)


def test_optional_fields_may_be_left_out() -> None:
    assert check_fields("state", {"state": "ready"}) == {"state": "ready"}
    assert check_fields("alert", {}) == {}
    assert check_fields("callback", {"callback": U1, "outcome": "busy"}) == {
        "callback": U1, "outcome": "busy"}
    assert check_fields(EventKind.WAITING, {"count": 0}) == {"count": 0}


@pytest.mark.parametrize(("phase", "needed"), [
    ("started", "direction"), ("ended", "result"), ("held", "held_since")])
def test_some_phases_require_a_field(phase: str, needed: str) -> None:
    exc = field_error("call", call="c", phase=phase)
    assert (str(exc), exc.field) == (f"{needed} is required when the phase is {phase}", needed)


def test_a_held_call_with_a_null_hold_start_is_refused() -> None:
    assert str(field_error("call", call="c", phase="held", held_since=None)) == (
        "held_since is required when the phase is held")


def test_other_phases_require_nothing_more() -> None:
    for phase in ("answered", "resumed", "transferred"):
        assert check_fields("call", {"call": "c", "phase": phase}) == {"call": "c",
                                                                       "phase": phase}
    assert check_fields("call", {"call": "c", "phase": "held", "held_since": 5})[
        "held_since"] == 5.0


def test_a_call_key_is_1_to_64_characters() -> None:
    assert check_fields("call", {"call": "k" * 64, "phase": "answered"})["call"] == "k" * 64
    assert str(field_error("call", call="k" * 65, phase="answered")) == (
        "call is longer than 64 characters")
    assert str(field_error("call", call="", phase="answered")) == "call must not be empty"
    assert str(field_error("call", call=5, phase="answered")) == "call must be a string"
    assert str(field_error("call", call="a\x00", phase="answered")) == (
        "call contains a NUL character")


def test_an_alert_may_name_no_call() -> None:
    assert check_fields("alert", {"call": ""}) == {"call": ""}
    assert str(field_error("alert", call="k" * 65)) == "call is longer than 64 characters"


@pytest.mark.parametrize(("kind", "name", "limit", "extra"), [
    ("state", "reason", 100, {"state": "ready"}), ("alert", "text", 200, {}),
    ("alert", "article", 200, {}), ("call", "transfer", 16, {"call": "c", "phase": "answered"})])
def test_texts_are_limited(kind: str, name: str, limit: int, extra: dict) -> None:
    assert check_fields(kind, {**extra, name: "x" * limit})[name] == "x" * limit
    assert check_fields(kind, {**extra, name: ""})[name] == ""
    assert str(field_error(kind, **extra, **{name: "x" * (limit + 1)})) == (
        f"{name} is longer than {limit} characters")


@pytest.mark.parametrize("name", ["hold_s", "talk_s", "hold_total_s", "longest_hold_s"])
def test_durations_are_0_to_7_days(name: str) -> None:
    base = {"call": "c", "phase": "answered"}
    assert check_fields("call", {**base, name: 0})[name] == 0.0
    assert check_fields("call", {**base, name: 604_800})[name] == 604_800.0
    for value in (-0.5, 604_800.5, math.inf, math.nan):
        assert str(field_error("call", **base, **{name: value})) == (
            f"{name} must be from 0 to 604800 seconds")
    for value in ("1", True, None):
        assert str(field_error("call", **base, **{name: value})) == (
            f"{name} must be a number of seconds")


def test_an_alerts_call_duration_may_be_null() -> None:
    assert check_fields("alert", {"call_s": None}) == {"call_s": None}
    assert check_fields("alert", {"call_s": 5}) == {"call_s": 5.0}
    assert str(field_error("alert", call_s=-1)) == "call_s must be from 0 to 604800 seconds"


@pytest.mark.parametrize(("kind", "name", "maximum", "extra"), [
    ("call", "warn_s", 86_400, {"call": "c", "phase": "answered"}),
    ("call", "alarm_s", 86_400, {"call": "c", "phase": "answered"}),
    ("call", "holds", 10_000, {"call": "c", "phase": "answered"}),
    ("call", "holds_over_alarm", 10_000, {"call": "c", "phase": "answered"}),
    ("call", "code", 999, {"call": "c", "phase": "answered"}),
    ("waiting", "count", 100, {})])
def test_counts_are_whole_numbers_within_their_range(kind: str, name: str, maximum: int,
                                                     extra: dict) -> None:
    assert check_fields(kind, {**extra, name: 0})[name] == 0
    assert check_fields(kind, {**extra, name: maximum})[name] == maximum
    for value in (-1, maximum + 1, True, 1.0, "1", None):
        assert str(field_error(kind, **extra, **{name: value})) == (
            f"{name} must be a whole number from 0 to {maximum}")


def test_on_hold_is_true_or_false() -> None:
    assert check_fields("alert", {"on_hold": True, "held_since": 3}) == {
        "on_hold": True, "held_since": 3.0}
    assert check_fields("alert", {"on_hold": False})["on_hold"] is False
    for value in (1, 0, "true", None):
        assert str(field_error("alert", on_hold=value)) == "on_hold must be true or false"


@pytest.mark.parametrize(("name", "kind_values", "extra"), [
    ("state", "ready, not-ready, wrap-up", {}),
    ("direction", "in, out", {"call": "c", "phase": "answered"}),
    ("leg", "call, consult", {"call": "c", "phase": "answered"}),
    ("result", "answered, missed, failed, lost", {"call": "c", "phase": "answered"})])
def test_an_enum_field_names_its_values(name: str, kind_values: str, extra: dict) -> None:
    kind = "state" if name == "state" else "call"
    assert str(field_error(kind, **extra, **{name: "nope"})) == (
        f"{name} must be one of {kind_values}, got 'nope'")


def test_a_callback_event_names_a_callback_by_uuid() -> None:
    assert check_fields("callback", {"callback": U1.upper(), "outcome": "no-answer",
                                     "call": "c"}) == {
        "callback": U1, "outcome": "no-answer", "call": "c"}
    assert str(field_error("callback", callback="x", outcome="busy")) == (
        "callback 'x' is not a UUID")


def test_an_event_moves_onto_the_hubs_clock_with_all_its_times() -> None:
    event = check_event(raw("call", call="c", phase="held", started_at=100, answered_at=None,
                            held_since=150, hold_s=5))
    moved = event.shifted(-30)
    assert moved.at == event.at - 30
    assert moved.fields == {"call": "c", "phase": "held", "started_at": 70.0,
                            "answered_at": None, "held_since": 120.0, "hold_s": 5.0}
    assert (moved.uuid, moved.seq, moved.kind) == (event.uuid, event.seq, event.kind)
    assert event.shifted(0) is event


def test_the_clock_is_corrected_only_between_2_seconds_and_a_day() -> None:
    assert clock_offset(1000.0, 1001.9) == 0.0
    assert clock_offset(1000.0, 1002.0) == 2.0
    assert clock_offset(1000.0, 998.0) == -2.0
    assert clock_offset(1000.0, 1000.0 + 86_400) == 86_400.0
    assert clock_offset(1000.0, 1000.0 - 86_400) == -86_400.0
    assert clock_offset(1000.0, 1000.0 + 86_401) == 0.0
    assert clock_offset(1000.0, 1000.0 - 86_401) == 0.0
    assert clock_offset(1000.0, 1300.0) == 300.0


def test_a_batch_body_round_trips() -> None:
    events = [check_event(raw()), check_event(raw("waiting", uuid=U2, seq=2, count=3))]
    body = batch_body("ws-1", 1_700_000_100.0, events)
    assert body == {"station": "ws-1", "sent_at": 1_700_000_100.0,
                    "events": [e.to_wire() for e in events]}
    batch = check_batch(body)
    assert (batch.station, batch.sent_at, batch.events) == ("ws-1", 1_700_000_100.0, events)


@pytest.mark.parametrize("body", [None, [], {"station": "ws"}, {"events": {}},
                                  {"events": None}])
def test_a_batch_of_the_wrong_shape_is_a_422(body: object) -> None:
    with pytest.raises(RequestError) as caught:
        check_batch(body)
    assert (caught.value.status, caught.value.message) == (
        422, "the body must be an object with an 'events' list")


@pytest.mark.parametrize(("body", "message"), [
    ({"events": [], "sent_at": 1.0}, "station must be a string"),
    ({"events": [], "station": "", "sent_at": 1.0}, "station must not be empty"),
    ({"events": [], "station": "s" * 65, "sent_at": 1.0}, "station is longer than 64 characters"),
    ({"events": [], "station": "ws"}, "sent_at is required"),
    ({"events": [], "station": "ws", "sent_at": -5},
     "sent_at must be seconds since 1970, up to the year 2100")])
def test_a_batch_needs_a_station_and_when_it_was_sent(body: dict, message: str) -> None:
    with pytest.raises(RequestError) as caught:
        check_batch(body)
    assert (caught.value.status, caught.value.message) == (422, message)


def test_a_batch_holds_up_to_500_events() -> None:
    event = raw()
    assert len(check_batch({"station": "ws", "sent_at": 1.0, "events": [event] * 500}).events
               ) == 500
    with pytest.raises(RequestError) as caught:
        check_batch({"station": "ws", "sent_at": 1.0, "events": [event] * 501})
    assert (caught.value.status, caught.value.message) == (413, "at most 500 events per batch")


def test_a_batch_with_invalid_events_names_each_and_stores_nothing() -> None:
    body = {"station": "ws", "sent_at": 1.0,
            "events": [raw(), "x", raw(uuid=U2, state="asleep"), raw(uuid=7)]}
    with pytest.raises(RequestError) as caught:
        check_batch(body)
    assert caught.value.status == 422
    assert caught.value.message == "3 event(s) are invalid; nothing was stored"
    assert caught.value.details == [
        {"index": 1, "uuid": None, "error": "an event must be an object"},
        {"index": 2, "uuid": U2,
         "error": "state must be one of ready, not-ready, wrap-up, got 'asleep'"},
        {"index": 3, "uuid": None, "error": "uuid must be a UUID string"}]


def test_a_supervisor_answers_a_raised_hand_with_a_kind_and_a_line() -> None:
    assert check_ack({"kind": "coming"}) == Acknowledgement(AckKind.COMING, "")
    assert check_ack({"kind": "call-me", "line": "  sip:sup@pbx  "}) == Acknowledgement(
        AckKind.CALL_ME, "sip:sup@pbx")
    assert check_ack({"kind": "join-conference", "line": "1" * 80}).line == "1" * 80


@pytest.mark.parametrize(("body", "message"), [
    (None, "the body must be an object with 'kind'"),
    (["coming"], "the body must be an object with 'kind'"),
    ({}, "kind must be one of coming, call-me, join-consult, join-conference, got 'None'"),
    ({"kind": "come"}, "kind must be one of coming, call-me, join-consult, join-conference, "
                       "got 'come'"),
    ({"kind": "call-me"}, "line is required when the answer is call-me"),
    ({"kind": "join-consult", "line": "   "}, "line is required when the answer is join-consult"),
    ({"kind": "call-me", "line": "1" * 81}, "line is longer than 80 characters"),
    ({"kind": "call-me", "line": 5}, "line must be a string"),
    ({"kind": "call-me", "line": "1\x002"}, "line contains a NUL character")])
def test_a_wrong_answer_is_a_422(body: object, message: str) -> None:
    with pytest.raises(RequestError) as caught:
        check_ack(body)
    assert (caught.value.status, caught.value.message) == (422, message)


def test_a_callback_is_assigned_to_a_user_or_to_nobody() -> None:
    assert check_assignee({"to": "anna"}) == "anna"
    assert check_assignee({"to": None}) is None
    for body, message in (
            ({}, "the body must be an object with 'to' (a user name or null)"),
            (["anna"], "the body must be an object with 'to' (a user name or null)"),
            ({"to": ""}, "to must not be empty"), ({"to": 5}, "to must be a string"),
            ({"to": "a" * 65}, "to is longer than 64 characters"),
            ({"to": "a\x00"}, "to contains a NUL character")):
        with pytest.raises(RequestError) as caught:
            check_assignee(body)
        assert (caught.value.status, caught.value.message) == (422, message)


def test_a_live_call_round_trips_and_fills_defaults() -> None:
    call = LiveCall("c", "out", "consult", 10.0, 12.0, 20.0, 30, 60)
    assert call.to_json() == {"key": "c", "direction": "out", "leg": "consult", "started": 10.0,
                              "answered": 12.0, "held_since": 20.0, "warn_s": 30,
                              "alarm_s": 60}
    assert LiveCall.from_json(call.to_json()) == call
    assert LiveCall.from_json({"key": 5, "direction": None, "started": None, "warn_s": "7"}) == (
        LiveCall("5", "in", "call", 0.0, None, None, 7, None))


def test_presence_round_trips_and_fills_defaults() -> None:
    presence = Presence("anna", "sales", "ws-1", "not-ready", "Обед", 5.0,
                        (LiveCall("c", "in", started=1.0),), 2, 9.0, 4)
    assert presence.to_json() == {
        "operator": "anna", "group": "sales", "station": "ws-1", "state": "not-ready",
        "reason": "Обед", "state_since": 5.0, "calls": [LiveCall("c", "in", started=1.0).to_json()],
        "waiting": 2, "last_seen": 9.0, "seq": 4}
    assert Presence.from_json(presence.to_json()) == presence
    assert Presence.from_json({"operator": "bo", "group": None, "state": "", "calls": None,
                               "waiting": None, "seq": None}) == Presence("bo")
    assert Presence("x").state == "ready"


def test_an_operator_is_online_until_75_seconds_of_silence() -> None:
    seen = Presence("anna", last_seen=1000.0)
    assert seen.online(1075.0)
    assert not seen.online(1075.5)
    assert seen.activity(1076.0) is Activity.OFFLINE


def test_the_board_shows_the_customer_held_longest_else_the_oldest_customer_call() -> None:
    consult_held = LiveCall("k", "out", "consult", started=1.0, answered=2.0, held_since=3.0)
    old = LiveCall("a", "in", started=5.0, answered=6.0)
    new = LiveCall("b", "in", started=8.0, answered=9.0)
    held_late = LiveCall("c", "in", started=9.0, answered=9.5, held_since=50.0)
    held_early = LiveCall("d", "in", started=10.0, answered=10.5, held_since=20.0)
    assert Presence("x").main_call is None
    assert Presence("x", calls=(new, consult_held, old)).main_call == old
    assert Presence("x", calls=(new, held_late, held_early, old)).main_call == held_early
    only_consults = (LiveCall("k2", "out", "consult", started=9.0), consult_held)
    assert Presence("x", calls=only_consults).main_call == consult_held


def test_what_the_board_shows_for_an_operator() -> None:
    now = 100.0

    def activity(**fields: Any) -> Activity:
        return Presence("x", last_seen=now, **fields).activity(now)

    assert activity() is Activity.READY
    assert activity(state="not-ready") is Activity.NOT_READY
    assert activity(state="wrap-up") is Activity.WRAP_UP
    assert activity(state="something-new") is Activity.READY
    assert activity(calls=(LiveCall("c", "in"),), state="not-ready") is Activity.RINGING
    assert activity(calls=(LiveCall("c", "in", answered=1.0),)) is Activity.ON_CALL
    assert activity(calls=(LiveCall("c", "in", answered=1.0, held_since=2.0),)
                    ) is Activity.ON_HOLD


def test_the_hold_timer_level() -> None:
    assert hold_level(29.9, 30, 60) == "normal"
    assert hold_level(30, 30, 60) == "warn"
    assert hold_level(59.9, 30, 60) == "warn"
    assert hold_level(60, 30, 60) == "alarm"
    assert hold_level(1_000, None, None) == "normal"
    assert hold_level(45, None, 60) == "normal"
    assert hold_level(60, None, 60) == "alarm"
    assert hold_level(45, 30, None) == "warn"

"""Call control against fakes: what each command asks of pjsua2 and reports, one re-INVITE at a
time, PBX queue codes, conferences and mute. No SIP: the calls are fakes that record the asks."""

from __future__ import annotations

import re

import pjsua2 as pj
import pytest

from agent.phone.calls import (
    DTMF_DIGIT_S,
    GLARE_RETRY_S,
    PJ_EINVALIDOP,
    QUEUE_CALL_HOLD_S,
    QUEUE_CALL_TIMEOUT_S,
    REINVITE_RETRY_S,
    REINVITE_TIMEOUT_S,
    CallControl,
    answer_with,
    reason_header,
)
from agent.phone.lines import MAX_LINES
from agent.phone.protocol import (
    CallState,
    Command,
    CommandError,
    Direction,
    HoldState,
    MediaStatus,
)
from tests.phone.engine_fakes import FakeCall, FakeIdentity, FakeSound, Rig, pj_error


@pytest.fixture
def rig() -> Rig:
    return Rig()


def control_of(rig: Rig, queue_codes: dict[str, str] | None = None,
               registrar: str = "") -> tuple[CallControl, FakeSound]:
    sound = FakeSound()
    control = CallControl(rig.table, rig.reporter, rig.scheduler, sound,
                          FakeIdentity(registrar=registrar), queue_codes or {}, rig.clock)
    return control, sound


def refused(message: str) -> pytest.RaisesContext[CommandError]:
    """The command fails with exactly ``message`` (what the desk shows the agent)."""
    return pytest.raises(CommandError, match=f"^{re.escape(message)}$")


def cmd(name: str, **args: object) -> Command:
    return Command(name, {k: v for k, v in args.items() if v is not None})


def held_by_pjsua(record_id: int, rig: Rig, control: CallControl, held: bool) -> None:
    """pjsua reports the media after our re-INVITE (what call_events does before publishing)."""
    record = rig.lines.get(record_id)
    assert record is not None
    record.hold = HoldState.LOCAL if held else HoldState.NONE
    record.media = MediaStatus.LOCAL_HOLD if held else MediaStatus.ACTIVE
    control.media_updated(record)


# ---------------------------------------------------------------- dial


def test_dial_places_the_call_to_the_normalized_target_and_reports_it(rig: Rig) -> None:
    control, _ = control_of(rig, registrar="pbx.example:5060")
    record = control.dial("100")
    call = rig.made[0]
    assert call.account == "account"
    assert call.ops == [("makeCall", "sip:100@pbx.example:5060")]
    assert call.record_id == record.id
    assert rig.table.call(record.id) is call
    assert record.direction is Direction.OUT and record.state is CallState.CALLING
    assert record.remote_uri == "sip:100@pbx.example:5060" and record.caller_id == "100"
    assert record.started == rig.clock.now
    assert rig.names() == ["call", "lines"]
    assert rig.events[0]["call"] == record.id and rig.events[0]["state"] == "calling"


def test_dial_holds_the_call_that_was_talking(rig: Rig) -> None:
    control, _ = control_of(rig)
    talking, talking_call = rig.add()
    record = control.dial("sip:200@127.0.0.1")
    assert talking_call.names() == ["hold"]
    assert talking.wanted_hold and talking.reinvite_pending
    assert record.consult_for is None


def test_a_hidden_dial_holds_nothing_and_shows_nothing(rig: Rig) -> None:
    control, _ = control_of(rig)
    _, talking_call = rig.add()
    record = control.dial("sip:*55@127.0.0.1", hidden=True)
    assert record.hidden
    assert talking_call.ops == []
    assert rig.names() == []


def test_dial_refuses_a_bad_target_and_a_full_set_of_lines(rig: Rig) -> None:
    control, _ = control_of(rig)
    with refused("'100' is not a SIP URI and no server is configured"):
        control.dial("100")
    for _ in range(MAX_LINES - 1):
        rig.add(state=CallState.INCOMING, answered=None)
    control.dial("sip:1@127.0.0.1")  # the last free line
    with refused("all lines are busy"):
        control.dial("sip:2@127.0.0.1")
    assert rig.lines.live_count() == MAX_LINES


def test_a_call_pjsua_cannot_place_leaves_no_trace(rig: Rig) -> None:
    control, _ = control_of(rig)
    rig.table._new_call = lambda account, pj_id: failing  # type: ignore[assignment]
    failing = FakeCall("account")
    failing.fail["makeCall"] = pj_error(reason="no route")
    with refused("cannot call sip:1@127.0.0.1: no route"):
        control.dial("sip:1@127.0.0.1")
    assert rig.lines.records == {} and rig.table.calls == {}
    assert failing.record_id is None
    assert rig.events == []


def test_a_transferred_leg_is_tracked_as_an_outgoing_call(rig: Rig) -> None:
    control, _ = control_of(rig)
    call, record = control.new_leg("other-account", "sip:300@127.0.0.1")  # type: ignore[arg-type]
    assert call.account == "other-account" and call.ops == []
    assert rig.table.call(record.id) is call
    assert record.direction is Direction.OUT and record.state is CallState.CALLING


# ---------------------------------------------------------------- answer, reject, hangup


def test_answer_takes_the_oldest_waiting_call_holds_the_talking_one_and_stops_the_ring(
        rig: Rig) -> None:
    control, sound = control_of(rig)
    _, talking_call = rig.add()
    first, first_call = rig.add(state=CallState.INCOMING)
    _, second_call = rig.add(state=CallState.INCOMING)
    control.cmd_answer(cmd("answer"))
    assert first_call.ops == [("answer", (200, []))]
    assert second_call.ops == []
    assert talking_call.names() == ["hold"]
    assert sound.log == ["stop_ring"]
    assert first.id == 2


def test_answer_without_holding_leaves_the_talking_call_alone(rig: Rig) -> None:
    control, _ = control_of(rig)
    _, talking_call = rig.add()
    ringing, ringing_call = rig.add(state=CallState.INCOMING)
    control.answer(ringing, hold_others=False)
    assert talking_call.ops == []
    assert ringing_call.names() == ["answer"]


def test_answer_refuses_a_call_that_is_not_ringing(rig: Rig) -> None:
    control, _ = control_of(rig)
    with refused("no call is ringing"):
        control.cmd_answer(cmd("answer"))
    record, call = rig.add()
    with refused(f"call {record.id} is not ringing"):
        control.cmd_answer(cmd("answer", call=record.id))
    gone, _ = rig.add(state=CallState.INCOMING)
    rig.table.calls.pop(gone.id)
    with refused(f"call {gone.id} is not ringing"):
        control.answer(gone)
    assert call.ops == []


def test_reject_takes_the_newest_waiting_call_with_486_or_the_code_asked(rig: Rig) -> None:
    control, _ = control_of(rig)
    _, old_call = rig.add(state=CallState.INCOMING)
    _, middle_call = rig.add(state=CallState.INCOMING)
    _, new_call = rig.add(state=CallState.INCOMING)
    control.cmd_reject(cmd("reject"))
    assert new_call.ops == [("hangup", 486)] and old_call.ops == middle_call.ops == []
    control.cmd_reject(cmd("reject", call=1, code=603))
    assert old_call.ops == [("hangup", 603)]


def test_reject_refuses_a_connected_call(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    with refused(f"call {record.id} is not ringing; use hangup"):
        control.cmd_reject(cmd("reject", call=record.id))
    assert call.ops == []


def test_hangup_refuses_a_ringing_call_with_486_and_ends_a_connected_one(rig: Rig) -> None:
    control, _ = control_of(rig)
    ringing, ringing_call = rig.add(state=CallState.INCOMING)
    control.cmd_hangup(cmd("hangup", call=ringing.id))
    assert ringing_call.ops == [("hangup", 486)]
    talking, talking_call = rig.add()
    control.cmd_hangup(cmd("hangup", call=talking.id))
    assert talking_call.ops == [("hangup", 0)]


def test_commands_name_no_call_that_is_hidden_gone_or_unknown(rig: Rig) -> None:
    control, _ = control_of(rig)
    with refused("there is no call"):
        control.cmd_hangup(cmd("hangup"))
    with refused("no such call"):
        control.cmd_hangup(cmd("hangup", call=9))
    hidden, _ = rig.add(hidden=True)
    with refused("no such call"):
        control.cmd_hangup(cmd("hangup", call=hidden.id))
    gone, _ = rig.add()
    rig.table.calls.pop(gone.id)
    with refused(f"call {gone.id} is gone"):
        control.cmd_hangup(cmd("hangup", call=gone.id))


# ---------------------------------------------------------------- hold and resume


def test_hold_sends_one_reinvite_and_resume_waits_for_its_answer(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.cmd_hold(cmd("hold"))
    assert call.names() == ["hold"]
    assert record.wanted_hold and record.reinvite_pending and record.reinvite_sent
    assert record.reinvite_since == rig.clock.now
    control.cmd_resume(cmd("resume"))  # while the hold is in progress: kept, not sent
    assert call.names() == ["hold"]
    assert not record.wanted_hold
    held_by_pjsua(record.id, rig, control, held=True)  # the hold is done: the resume goes now
    assert call.names() == ["hold", "unhold"]
    assert record.reinvite_pending and record.reinvite_sent
    held_by_pjsua(record.id, rig, control, held=False)
    assert not record.reinvite_pending and not record.reinvite_sent
    assert call.names() == ["hold", "unhold"]


def test_a_wish_already_true_sends_nothing(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    held_by_pjsua(record.id, rig, control, held=True)
    control.resume(record)
    control.hold(record)  # back to what pjsua has while the resume waits: nothing more to send
    held_by_pjsua(record.id, rig, control, held=False)
    assert call.names() == ["hold", "unhold", "hold"]


def test_hold_asks_only_for_a_connected_call_not_held_yet(rig: Rig) -> None:
    control, _ = control_of(rig)
    ringing, ringing_call = rig.add(state=CallState.INCOMING)
    with refused(f"call {ringing.id} is not connected"):
        control.hold(ringing)
    record, call = rig.add()
    control.cmd_hold(cmd("hold", call=record.id))
    with refused(f"call {record.id} is already on hold"):
        control.cmd_hold(cmd("hold", call=record.id))
    control.hold(record)  # asked again internally: nothing new
    assert call.names() == ["hold"] and ringing_call.ops == []
    rig.table.calls.pop(ringing.id)
    control.hold(ringing)  # gone: nothing to do, no error


def test_resume_needs_a_held_call(rig: Rig) -> None:
    control, _ = control_of(rig)
    with refused("no call is on hold"):
        control.cmd_resume(cmd("resume"))
    record, _ = rig.add()
    with refused(f"call {record.id} is not on hold"):
        control.cmd_resume(cmd("resume", call=record.id))


def test_resume_without_a_call_takes_the_last_held_one_and_holds_the_talking_one(
        rig: Rig) -> None:
    control, _ = control_of(rig)
    first, first_call = rig.add()
    second, second_call = rig.add()
    for record in (first, second):
        control.hold(record)
        held_by_pjsua(record.id, rig, control, held=True)
    third, third_call = rig.add()
    control.cmd_resume(cmd("resume"))
    assert second_call.names() == ["hold", "unhold"]
    assert first_call.names() == ["hold"]
    assert third_call.names() == ["hold"]
    assert third.wanted_hold and not second.wanted_hold


def test_a_reinvite_waits_for_dtmf_still_playing(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.cmd_dtmf(cmd("dtmf", digits="12"))
    control.hold(record)
    assert call.names() == ["dtmf2833"]
    assert record.reinvite_pending and not record.reinvite_sent
    rig.advance(2 * DTMF_DIGIT_S)
    assert call.names() == ["dtmf2833"]
    rig.advance(0.1)
    assert call.names() == ["dtmf2833", "hold"]
    assert record.reinvite_sent


def test_media_reported_before_our_reinvite_is_sent_is_not_its_answer(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    record.dtmf_until = rig.clock.now + 1
    control.hold(record)
    control.media_updated(record)  # the peer's own re-INVITE, say
    assert record.reinvite_pending and call.names() == []
    rig.advance(1)
    assert call.names() == ["hold"]


def test_a_busy_offer_answer_is_retried_until_the_reinvite_goes(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    call.fail["hold"] = [pj_error(PJ_EINVALIDOP), pj_error(PJ_EINVALIDOP)]
    control.hold(record)
    assert call.names() == [] and record.reinvite_pending and not record.reinvite_sent
    rig.advance(REINVITE_RETRY_S)
    assert call.names() == []
    rig.advance(REINVITE_RETRY_S)
    assert call.names() == ["hold"] and record.reinvite_sent
    assert rig.of("error") == []


def test_a_busy_offer_answer_for_too_long_fails_the_hold(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    call.fail["hold"] = pj_error(PJ_EINVALIDOP, "busy")
    control.hold(record)
    rig.advance(REINVITE_TIMEOUT_S)  # the retry due exactly at the timeout gives up
    errors = rig.of("error")
    assert [e["command"] for e in errors] == ["hold"]
    assert errors[0]["message"] == f"hold on call {record.id} failed: busy"
    assert not record.reinvite_pending and not record.wanted_hold
    assert rig.of("call")[-1]["call"] == record.id


def test_a_refused_resume_reports_and_keeps_the_call_held(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    held_by_pjsua(record.id, rig, control, held=True)
    call.fail["unhold"] = pj_error(1, "bad state")
    control.resume(record)
    assert rig.of("error")[0] == {**rig.of("error")[0], "command": "resume",
                                  "message": f"resume on call {record.id} failed: bad state"}
    assert record.wanted_hold and not record.reinvite_pending and not record.reinvite_sent


def test_a_reinvite_refused_by_the_far_end_may_be_asked_again(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    control.on_tsx_state(call, "INVITE", 488, "Not Acceptable")  # type: ignore[arg-type]
    assert (rig.of("error")[0]["message"], rig.of("error")[0]["command"]) == (
        f"hold/resume on call {record.id} failed: 488 Not Acceptable", "hold")
    assert not record.reinvite_pending and not record.wanted_hold
    control.hold(record)
    assert call.names() == ["hold", "hold"]


def test_transaction_ends_that_are_not_our_refused_reinvite_change_nothing(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.on_tsx_state(call, "INVITE", 488, "x")  # type: ignore[arg-type]  # none pending
    control.hold(record)
    control.on_tsx_state(call, "OPTIONS", 481, "x")  # type: ignore[arg-type]
    control.on_tsx_state(call, "INVITE", 200, "OK")  # type: ignore[arg-type]
    assert record.reinvite_pending and rig.of("error") == []
    stray = FakeCall()
    control.on_tsx_state(stray, "INVITE", 500, "x")  # type: ignore[arg-type]
    unanswered, unanswered_call = rig.add(state=CallState.CALLING, answered=None)
    unanswered.reinvite_pending = unanswered.reinvite_sent = True
    control.on_tsx_state(unanswered_call, "INVITE", 486, "Busy")  # type: ignore[arg-type]
    assert rig.of("error") == [] and unanswered.reinvite_pending


def test_a_reinvite_never_answered_stops_blocking_after_the_timeout(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, _ = rig.add()
    control.hold(record)
    control.expire_reinvites(rig.clock.now + REINVITE_TIMEOUT_S)
    assert record.reinvite_pending
    control.expire_reinvites(rig.clock.now + REINVITE_TIMEOUT_S + 0.01)
    assert not record.reinvite_pending
    assert (rig.of("error")[0]["message"], rig.of("error")[0]["command"]) == (
        f"re-INVITE on call {record.id} got no answer", "hold")


# ---------------------------------------------------------------- swap and conference


def test_swap_holds_the_active_call_and_resumes_the_held_one(rig: Rig) -> None:
    control, _ = control_of(rig)
    first, first_call = rig.add()
    control.hold(first)
    held_by_pjsua(first.id, rig, control, held=True)
    second, second_call = rig.add()
    control.cmd_swap(cmd("swap"))
    assert second_call.names() == ["hold"] and first_call.names() == ["hold", "unhold"]
    assert second.wanted_hold and not first.wanted_hold


def test_swap_with_nothing_active_resumes_the_only_held_call(rig: Rig) -> None:
    control, _ = control_of(rig)
    with refused("swap: there is no active call"):
        control.cmd_swap(cmd("swap"))
    first, first_call = rig.add()
    control.hold(first)
    held_by_pjsua(first.id, rig, control, held=True)
    control.cmd_swap(cmd("swap"))
    assert first_call.names() == ["hold", "unhold"]


def test_swap_with_two_held_calls_needs_a_name(rig: Rig) -> None:
    control, _ = control_of(rig)
    records = [rig.add() for _ in range(2)]
    for record, _ in records:
        control.hold(record)
        held_by_pjsua(record.id, rig, control, held=True)
    with refused("swap: there is no active call"):
        control.cmd_swap(cmd("swap"))
    control.cmd_swap(cmd("swap", call=records[0][0].id))
    assert records[0][1].names() == ["hold", "unhold"]
    assert records[1][1].names() == ["hold"]


def test_swap_refuses_what_cannot_be_swapped(rig: Rig) -> None:
    control, _ = control_of(rig)
    calling, _ = rig.add(direction=Direction.OUT, state=CallState.CALLING, answered=rig.clock.now)
    with refused(f"swap: call {calling.id} is not connected yet"):
        control.cmd_swap(cmd("swap"))
    rig.lines.remove(calling.id)
    talking, _ = rig.add()
    with refused("swap: there is no other connected call"):
        control.cmd_swap(cmd("swap"))
    other, _ = rig.add()
    assert rig.lines.active() is other
    with refused(f"swap: call {talking.id} is not on hold"):
        control.cmd_swap(cmd("swap"))
    with refused(f"swap: call {other.id} cannot be paired with itself"):
        control.cmd_swap(cmd("swap", call=other.id))
    with refused("no such call 42"):
        control.cmd_swap(cmd("swap", call=42))
    third, _ = rig.add()
    with refused("swap: 3 calls are up; name the call"):
        control.cmd_swap(cmd("swap"))
    rig.lines.conference = {other.id, third.id}
    with refused("swap: the calls are in a conference; hold or hang up one first"):
        control.cmd_swap(cmd("swap"))


def test_conference_joins_the_active_and_the_held_call_and_resumes_it(rig: Rig) -> None:
    control, sound = control_of(rig)
    first, first_call = rig.add()
    control.hold(first)
    held_by_pjsua(first.id, rig, control, held=True)
    second, second_call = rig.add()
    rig.clear()
    control.cmd_conference(cmd("conference"))
    assert rig.lines.conference == {first.id, second.id}
    assert first_call.names() == ["hold", "unhold"] and second_call.ops == []
    assert not first.wanted_hold
    assert sound.log == ["route"]
    assert rig.names() == ["conference", "lines"]
    assert rig.events[0]["calls"] == [first.id, second.id]
    assert rig.events[1]["conference"] == [first.id, second.id]


def test_conference_holds_a_third_talking_call_instead_of_joining_it(rig: Rig) -> None:
    control, _ = control_of(rig)
    first, _ = rig.add()
    control.hold(first)
    held_by_pjsua(first.id, rig, control, held=True)
    second, _ = rig.add()
    third, third_call = rig.add()
    control.cmd_conference(cmd("conference", call=second.id, **{"with": first.id}))
    assert rig.lines.conference == {first.id, second.id}
    assert third_call.names() == ["hold"] and third.wanted_hold
    assert not second.wanted_hold and second.reinvite_pending is False


def test_conference_refusals(rig: Rig) -> None:
    control, _ = control_of(rig)
    with refused("conference: there is no active call"):
        control.cmd_conference(cmd("conference"))
    ringing, _ = rig.add(state=CallState.INCOMING, answered=None)
    with refused(f"call {ringing.id} is not connected"):
        control.cmd_conference(cmd("conference", call=ringing.id))
    talking, _ = rig.add()
    with refused("conference: there is no other connected call"):
        control.cmd_conference(cmd("conference"))
    early, _ = rig.add(state=CallState.CONNECTING)
    with refused(f"call {early.id} is not connected"):
        control.cmd_conference(cmd("conference", call=talking.id, **{"with": early.id}))
    hidden, _ = rig.add(hidden=True)
    with refused(f"no such call {hidden.id}"):
        control.cmd_conference(cmd("conference", call=talking.id, **{"with": hidden.id}))


def test_a_call_that_ends_leaves_the_conference_and_the_others_are_told(rig: Rig) -> None:
    control, sound = control_of(rig)
    members = [rig.add()[0] for _ in range(3)]
    rig.lines.conference = {m.id for m in members}
    control.call_ended(members[0])
    assert rig.lines.conference == {members[1].id, members[2].id}
    assert rig.of("conference")[-1]["calls"] == [members[1].id, members[2].id]
    assert sound.log == ["route"]
    control.call_ended(members[1])  # one call left alone is no conference
    assert rig.lines.conference == set() and rig.of("conference")[-1]["calls"] == []
    rig.clear()
    control.call_ended(members[2])
    assert rig.events == [] and sound.log == ["route", "route"]


def test_hold_takes_a_call_out_of_the_conference(rig: Rig) -> None:
    control, _ = control_of(rig)
    members = [rig.add()[0] for _ in range(3)]
    rig.lines.conference = {m.id for m in members}
    control.hold(members[2])
    assert rig.lines.conference == {members[0].id, members[1].id}


# ---------------------------------------------------------------- mute and DTMF


def test_mute_cuts_our_microphone_to_the_call_and_its_conference(rig: Rig) -> None:
    control, sound = control_of(rig)
    first, _ = rig.add()
    second, _ = rig.add()
    alone, _ = rig.add()
    rig.lines.conference = {first.id, second.id}
    control.cmd_mute(cmd("mute", call=first.id))
    assert first.muted and second.muted and not alone.muted
    assert sorted(e["call"] for e in rig.of("call")) == [first.id, second.id]
    assert all(e["muted"] for e in rig.of("call"))
    assert sound.log == ["route"]
    control.cmd_mute(cmd("mute", call=second.id, on=False))
    assert not first.muted and not second.muted


def test_dtmf_goes_in_the_rtp_stream_or_by_sip_info(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.cmd_dtmf(cmd("dtmf", digits="1a#"))
    assert call.ops == [("dtmf2833", "1A#")]
    assert record.dtmf_until == pytest.approx(rig.clock.now + 3 * DTMF_DIGIT_S + 0.1)
    control.cmd_dtmf(cmd("dtmf", digits="2", method="info"))
    assert call.ops[-1] == ("dtmfinfo", ("2", pj.PJSUA_DTMF_METHOD_SIP_INFO))
    # Digits queue behind the ones still playing.
    assert record.dtmf_until == pytest.approx(rig.clock.now + 4 * DTMF_DIGIT_S + 0.2)


def test_dtmf_falls_back_to_sip_info_unless_rfc2833_was_asked_for(rig: Rig) -> None:
    control, _ = control_of(rig)
    _, call = rig.add()
    call.fail["dtmf2833"] = pj_error()
    control.cmd_dtmf(cmd("dtmf", digits="5"))
    assert call.names() == ["dtmfinfo"]
    with refused("the call has no RFC 2833 telephone-event"):
        control.cmd_dtmf(cmd("dtmf", digits="5", method="rfc2833"))
    ringing, _ = rig.add(state=CallState.INCOMING)
    with refused(f"call {ringing.id} is not connected"):
        control.cmd_dtmf(cmd("dtmf", call=ringing.id, digits="5"))


# ---------------------------------------------------------------- PBX queue codes


def test_a_queue_code_is_a_hidden_call_hung_up_once_answered_and_reported(rig: Rig) -> None:
    control, _ = control_of(rig, {"login": "*45"}, registrar="pbx")
    _, talking_call = rig.add()
    control.cmd_queue(cmd("queue", action="login"))
    record = rig.lines.get(2)
    assert record is not None and record.hidden and record.queue_action == "login"
    code_call = rig.made[-1]
    assert code_call.ops == [("makeCall", "sip:*45@pbx")]
    assert talking_call.ops == [] and rig.events == []
    record.state, record.answered = CallState.CONFIRMED, rig.clock.now
    control.call_confirmed(record)
    rig.advance(QUEUE_CALL_HOLD_S - 0.01)
    assert code_call.names() == ["makeCall"]
    rig.advance(0.01)
    assert code_call.names() == ["makeCall", "hangup"]
    record.code, record.reason = 200, "OK"
    control.call_ended(record)
    assert rig.of("queue") == [{**rig.of("queue")[0], "action": "login", "code": "*45",
                                "ok": True, "reason": "OK"}]


def test_a_queue_code_never_answered_is_hung_up_and_reported_failed(rig: Rig) -> None:
    control, _ = control_of(rig, {"pause": "*47"}, registrar="pbx")
    control.cmd_queue(cmd("queue", action="pause"))
    record = rig.lines.get(1)
    assert record is not None
    rig.advance(QUEUE_CALL_TIMEOUT_S)
    assert rig.made[-1].names() == ["makeCall", "hangup"]
    record.code, record.reason = 487, "Request Terminated"
    control.call_ended(record)
    assert rig.of("queue")[0]["ok"] is False
    record.code = 299
    control.call_ended(record)
    assert rig.of("queue")[1]["ok"] is True


def test_a_queue_action_without_a_code_says_so(rig: Rig) -> None:
    control, _ = control_of(rig, {"login": ""})
    with refused("no PBX queue logout code is configured"):
        control.cmd_queue(cmd("queue", action="logout"))
    with refused("no PBX queue login code is configured"):
        control.cmd_queue(cmd("queue", action="login"))


def test_an_ordinary_call_confirmed_or_ended_reports_no_queue_result(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.call_confirmed(record)
    rig.advance(60)
    control.call_ended(record)
    assert call.ops == [] and rig.of("queue") == []


# ---------------------------------------------------------------- answering with a code


def test_answer_with_a_refusal_carries_the_reason_header() -> None:
    call = FakeCall()
    answer_with(call, 486, "agent is not-ready")  # type: ignore[arg-type]
    answer_with(call, 180, "ignored for provisional answers")  # type: ignore[arg-type]
    answer_with(call, 403)  # type: ignore[arg-type]
    assert call.ops == [
        ("answer", (486, [("Reason", 'SIP;cause=486;text="agent is not-ready"')])),
        ("answer", (180, [])),
        ("answer", (403, [])),
    ]


def test_dial_command_and_a_failure_without_a_reason(rig: Rig) -> None:
    control, _ = control_of(rig)
    control.cmd_dial(cmd("dial", uri="sip:9@127.0.0.1"))
    assert rig.made[-1].ops == [("makeCall", "sip:9@127.0.0.1")]
    error = pj_error(reason="")
    rig.prepare[:] = [lambda call: call.fail.__setitem__("makeCall", error)]
    with refused(f"cannot call sip:8@127.0.0.1: {error.info()}"):
        control.dial("sip:8@127.0.0.1")


def test_a_reinvite_is_sent_at_once_when_the_dtmf_has_just_finished(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    record.dtmf_until = rig.clock.now
    control.hold(record)
    assert call.names() == ["hold"]


def test_a_delayed_reinvite_no_longer_wanted_or_for_a_gone_call_is_not_sent(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    record.dtmf_until = rig.clock.now + 1
    control.hold(record)
    control.expire_reinvites(rig.clock.now + REINVITE_TIMEOUT_S + 1)  # given up meanwhile
    rig.advance(1)
    assert call.ops == []
    other, other_call = rig.add()
    other.dtmf_until = rig.clock.now + 1
    control.hold(other)
    rig.table.calls.pop(other.id)  # the call ended meanwhile
    rig.advance(1)
    assert other_call.ops == [] and rig.timer_errors == []


def test_media_for_a_call_that_is_over_sends_nothing(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    record.wanted_hold = True
    record.state = CallState.DISCONNECTED
    control.media_updated(record)
    assert call.ops == []


def test_a_refusal_of_an_offer_not_ours_while_ours_waits_is_not_our_failure(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    record.dtmf_until = rig.clock.now + 1
    control.hold(record)  # waits for the DTMF: not sent yet
    control.on_tsx_state(call, "INVITE", 491, "Request Pending")  # type: ignore[arg-type]
    assert rig.of("error") == [] and record.reinvite_pending and record.wanted_hold


def test_a_300_answer_to_our_reinvite_is_a_refusal(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    control.on_tsx_state(call, "INVITE", 300, "Multiple Choices")  # type: ignore[arg-type]
    assert not record.reinvite_pending


@pytest.mark.parametrize("code", [401, 407, 422])
def test_a_challenge_to_our_reinvite_is_not_a_refusal(rig: Rig, code: int) -> None:
    """pjsua sends the re-INVITE again itself (with credentials, or a longer Min-SE)."""
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    control.on_tsx_state(call, "INVITE", code, "Challenge")  # type: ignore[arg-type]
    assert rig.of("error") == [] and record.reinvite_pending and record.wanted_hold


def test_swap_with_nothing_active_ignores_a_ringing_call(rig: Rig) -> None:
    control, _ = control_of(rig)
    held, held_call = rig.add()
    control.hold(held)
    held_by_pjsua(held.id, rig, control, held=True)
    rig.add(state=CallState.INCOMING)
    control.cmd_swap(cmd("swap"))
    assert held_call.names() == ["hold", "unhold"]


def test_a_partner_whose_hold_never_took_is_not_resumed_by_a_conference(rig: Rig) -> None:
    control, _ = control_of(rig)
    first, first_call = rig.add()
    control.hold(first)  # sent; pjsua reports no hold in the end
    second, _ = rig.add()
    control.cmd_conference(cmd("conference", call=second.id, **{"with": first.id}))
    held_by_pjsua(first.id, rig, control, held=False)
    assert first_call.names() == ["hold"]


@pytest.mark.parametrize(("code", "ok"), [(199, False), (200, True), (299, True), (300, False)])
def test_an_unanswered_queue_code_call_is_ok_only_with_a_2xx(rig: Rig, code: int, ok: bool
                                                             ) -> None:
    control, _ = control_of(rig, {"logout": "*46"}, registrar="pbx")
    control.cmd_queue(cmd("queue", action="logout"))
    record = rig.lines.get(1)
    assert record is not None
    record.code = code
    control.call_ended(record)
    assert rig.of("queue")[0]["ok"] is ok


def test_a_300_refusal_carries_the_reason_and_the_header_is_one_short_line() -> None:
    call = FakeCall()
    answer_with(call, 300, "moved")  # type: ignore[arg-type]
    assert call.ops[0][1][1] == [("Reason", 'SIP;cause=300;text="moved"')]
    long = "x" * 100
    assert reason_header(486, long) == f'SIP;cause=486;text="{"x" * 80}"'
    assert reason_header(486, 'a\\b "c"') == 'SIP;cause=486;text="a\\\\b \\"c\\""'


def test_our_reinvite_refused_with_491_is_sent_again_and_the_hold_kept(rig: Rig) -> None:
    """Glare: the far end's offer crossed our hold; ours goes again after a short pause."""
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    control.on_tsx_state(call, "INVITE", 491, "Request Pending")  # type: ignore[arg-type]
    assert rig.of("error") == [] and record.wanted_hold and record.reinvite_pending
    control.media_updated(record)  # the far end's exchange: ours still waits
    assert call.names() == ["hold"]
    rig.advance(GLARE_RETRY_S[1])
    assert call.names() == ["hold", "hold"] and record.reinvite_sent


def test_after_a_491_the_latest_wish_is_what_is_sent(rig: Rig) -> None:
    control, _ = control_of(rig)
    record, call = rig.add()
    control.hold(record)
    control.on_tsx_state(call, "INVITE", 491, "Request Pending")  # type: ignore[arg-type]
    control.resume(record)  # asked while the retry waits: the call never got held
    rig.advance(GLARE_RETRY_S[1])
    assert call.names() == ["hold"] and not record.reinvite_pending
    assert rig.of("error") == []

"""Transfers against fakes: blind and attended REFERs and their one final event, timeouts, a
consultation's end, and the other side (REFER received, INVITE with Replaces)."""

from __future__ import annotations

import re

import pytest

from agent.phone.calls import GLARE_RETRY_S, REINVITE_RETRY_S, REINVITE_TIMEOUT_S, CallControl
from agent.phone.protocol import CallState, Command, CommandError, Direction, HoldState
from agent.phone.transfers import REFER_GLARE_RETRIES, REPLACED_GRACE_S, Transfers
from tests.phone.engine_fakes import FakeCall, FakeIdentity, FakeSound, Rig, pj_error

TIMEOUT = 30.0


@pytest.fixture
def rig() -> Rig:
    return Rig()


def transfers_of(rig: Rig, timeout: float = TIMEOUT) -> Transfers:
    control = CallControl(rig.table, rig.reporter, rig.scheduler, FakeSound(), FakeIdentity(),
                          {}, rig.clock)
    return Transfers(rig.table, rig.reporter, rig.scheduler, control, lambda: "pbx", timeout,
                     rig.clock)


def refused(message: str) -> pytest.RaisesContext[CommandError]:
    return pytest.raises(CommandError, match=f"^{re.escape(message)}$")


def cmd(name: str, **args: object) -> Command:
    return Command(name, dict(args))


def transfer_events(rig: Rig) -> list[tuple[object, ...]]:
    return [(e["call"], e["kind"], e["code"], e["final"], e["ok"]) for e in rig.of("transfer")]


def ended(rig: Rig, part: Transfers, record_id: int) -> None:
    record = rig.lines.get(record_id)
    assert record is not None
    part.call_ended(record)


# ---------------------------------------------------------------- blind


def test_a_blind_transfer_sends_a_refer_and_succeeds_on_a_2xx_notify(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="200"))
    assert call.ops == [("xfer", "sip:200@pbx")]
    assert rig.of("transfer")[0]["reason"] == "REFER sent to sip:200@pbx"
    assert part.on_transfer_status(call, 100, "Trying", False) is True  # type: ignore[arg-type]
    assert part.on_transfer_status(call, 200, "OK", False) is False  # type: ignore[arg-type]
    assert transfer_events(rig) == [(record.id, "blind", 0, False, False),
                                    (record.id, "blind", 100, False, False),
                                    (record.id, "blind", 200, True, True)]
    assert call.ops[-1] == ("hangup", 0)  # our leg is done
    assert part.on_transfer_status(call, 200, "OK", True) is False  # type: ignore[arg-type]
    assert len(rig.of("transfer")) == 3


def test_a_failure_notify_is_final_even_if_the_subscription_stays_active(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    assert part.on_transfer_status(call, 486, "Busy", False) is False  # type: ignore[arg-type]
    assert transfer_events(rig)[-1] == (record.id, "blind", 486, True, False)
    assert (rig.of("transfer")[-1]["problem"], rig.of("transfer")[-1]["params"]) == (
        "busy", {"code": "486", "reason": "Busy"})
    assert call.names() == ["xfer"]  # the caller is still with us


@pytest.mark.parametrize("code", [401, 407])
def test_an_auth_challenge_is_not_final_unless_the_subscription_ended(
        rig: Rig, code: int) -> None:
    part = transfers_of(rig)
    _, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    assert part.on_transfer_status(call, code, "Auth", False) is True  # type: ignore[arg-type]
    assert rig.of("transfer")[-1]["final"] is False
    assert part.on_transfer_status(call, code, "Auth", True) is False  # type: ignore[arg-type]
    assert rig.of("transfer")[-1]["final"] is True


def test_a_transfer_needs_a_connected_call_and_a_target(rig: Rig) -> None:
    part = transfers_of(rig)
    ringing, _ = rig.add(state=CallState.INCOMING)
    with refused(f"call {ringing.id} is not connected"):
        part.cmd_transfer(cmd("transfer", call=ringing.id, uri="200"))
    talking, _ = rig.add()
    part.server = lambda: ""
    with refused("'200' is not a SIP URI and no server is configured"):
        part.cmd_transfer(cmd("transfer", call=talking.id, uri="200"))


def test_the_refer_waits_for_our_hold_reinvite_to_be_answered(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    record.reinvite_pending = True
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    assert call.ops == []
    rig.advance(REINVITE_RETRY_S)
    assert call.ops == []
    record.reinvite_pending = False
    rig.advance(REINVITE_RETRY_S)
    assert call.names() == ["xfer"]


def test_the_refer_goes_anyway_once_the_reinvite_took_too_long(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    record.reinvite_pending = True
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    for _ in range(round(REINVITE_TIMEOUT_S / REINVITE_RETRY_S) + 1):
        rig.advance(REINVITE_RETRY_S)
    assert call.names() == ["xfer"]


def test_a_refer_refused_with_491_is_sent_again_then_a_491_is_final(rig: Rig) -> None:
    """The far end's own re-INVITE was pending (linphone re-offers after our hold): the REFER
    goes again after a random pause, a bounded number of times."""
    part = transfers_of(rig)
    record, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    for sent in range(1, REFER_GLARE_RETRIES + 1):
        assert part.on_transfer_status(call, 491, "Request Pending", True) is False  # type: ignore[arg-type]
        assert not [e for e in rig.of("transfer") if e["final"]]
        rig.advance(GLARE_RETRY_S[1])
        assert call.names() == ["xfer"] * (sent + 1)
    part.on_transfer_status(call, 491, "Request Pending", True)  # type: ignore[arg-type]
    finals = [(e["code"], e["ok"]) for e in rig.of("transfer") if e["final"]]
    assert finals == [(491, False)]
    rig.advance(GLARE_RETRY_S[1])
    assert call.names() == ["xfer"] * (REFER_GLARE_RETRIES + 1)
    assert record.id not in part.pending


def test_a_refer_sent_again_after_a_491_can_succeed(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    part.on_transfer_status(call, 491, "Request Pending", True)  # type: ignore[arg-type]
    rig.advance(GLARE_RETRY_S[1])
    part.on_transfer_status(call, 200, "OK", True)  # type: ignore[arg-type]
    finals = [(e["call"], e["code"], e["ok"]) for e in rig.of("transfer") if e["final"]]
    assert finals == [(record.id, 200, True)]


def test_a_refer_that_cannot_be_sent_is_an_error_not_a_transfer(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    call.fail["xfer"] = pj_error(reason="no dialog")
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    assert [(e["message"], e["command"]) for e in rig.of("error")] == [
        (f"transfer on call {record.id} failed: no dialog", "transfer")]
    assert rig.of("transfer") == []
    record.reinvite_pending = True
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    rig.table.calls.pop(record.id)
    record.reinvite_pending = False
    rig.advance(REINVITE_RETRY_S)
    assert (rig.of("error")[-1]["message"], rig.of("error")[-1]["command"]) == (
        f"call {record.id} is gone", "transfer")
    rig.lines.remove(record.id)
    part._after_reinvite(record.id, lambda: None, rig.clock.now)  # gone from the lines: no-op
    assert len(rig.of("error")) == 2


def test_no_final_answer_in_time_is_a_failure_with_the_call_still_up(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    rig.advance(TIMEOUT - 0.01)
    assert len(rig.of("transfer")) == 1
    rig.advance(0.01)
    final = rig.of("transfer")[-1]
    assert (final["code"], final["final"], final["ok"]) == (408, True, False)
    assert final["reason"] == "no final answer to the transfer within 30 s; the call is still up"
    assert (final["problem"], final["params"]) == ("transfer-timeout", {"seconds": "30"})
    assert call.names() == ["xfer"]
    # A success arriving later still ends our leg (a second final event, ok this time).
    assert part.on_transfer_status(call, 200, "OK", True) is False  # type: ignore[arg-type]
    assert transfer_events(rig)[-1] == (record.id, "blind", 200, True, True)
    assert call.names() == ["xfer", "hangup"]
    assert part.on_transfer_status(call, 200, "OK", True) is False  # type: ignore[arg-type]
    assert len(rig.of("transfer")) == 3


def test_the_timeout_says_when_the_far_end_holds_us(rig: Rig) -> None:
    part = transfers_of(rig, timeout=5)
    record, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    record.hold = HoldState.REMOTE
    rig.advance(5)
    assert rig.of("transfer")[-1]["reason"] == (
        "no final answer to the transfer within 5 s; the call is still up"
        " (held by the far end: it may have reached the target)")
    assert rig.of("transfer")[-1]["problem"] == "transfer-timeout-held"
    assert part.on_transfer_status(call, 503, "x", True) is False  # type: ignore[arg-type]
    assert len(rig.of("transfer")) == 2


def test_no_timeout_when_it_is_zero_and_a_settled_refer_times_out_no_more(rig: Rig) -> None:
    part = transfers_of(rig, timeout=0)
    _, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    assert rig.scheduler.timers == []
    part = transfers_of(rig)
    _, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    part.on_transfer_status(call, 486, "Busy", True)  # type: ignore[arg-type]
    rig.advance(TIMEOUT)
    assert [e["code"] for e in rig.of("transfer")] == [0, 0, 486]


def test_a_call_that_ends_settles_its_refer_as_failed(rig: Rig) -> None:
    part = transfers_of(rig)
    record, _ = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    ended(rig, part, record.id)
    assert transfer_events(rig)[-1] == (record.id, "blind", 0, True, False)
    assert rig.of("transfer")[-1]["reason"] == "the call ended before the transfer's final answer"
    assert rig.of("transfer")[-1]["problem"] == "call-ended-before-transfer"


# ---------------------------------------------------------------- attended


def consult(rig: Rig, part: Transfers) -> tuple[int, int, FakeCall, FakeCall]:
    original, original_call = rig.add()
    part.cmd_consult(cmd("consult", uri="sip:300@127.0.0.1"))
    consult_call = rig.made[-1]
    assert consult_call.record_id is not None
    original.reinvite_pending = False  # the hold is done
    return original.id, consult_call.record_id, original_call, consult_call


def test_consult_holds_the_caller_and_calls_the_target(rig: Rig) -> None:
    part = transfers_of(rig)
    original, consult_id, original_call, consult_call = consult(rig, part)
    assert original_call.names() == ["hold"]
    assert consult_call.ops == [("makeCall", "sip:300@127.0.0.1")]
    record = rig.lines.get(consult_id)
    assert record is not None and record.consult_for == original
    ringing, _ = rig.add(state=CallState.INCOMING)
    with refused(f"call {ringing.id} is not connected"):
        part.cmd_consult(cmd("consult", call=ringing.id, uri="sip:1@x"))


def test_complete_sends_refer_with_replaces_and_succeeds(rig: Rig) -> None:
    part = transfers_of(rig)
    original, consult_id, original_call, consult_call = consult(rig, part)
    with refused("the consultation call is not answered yet"):
        part.cmd_complete(cmd("complete"))
    record = rig.lines.get(consult_id)
    assert record is not None
    record.state = CallState.CONFIRMED
    part.cmd_complete(cmd("complete", call=consult_id))
    assert original_call.ops[-1] == ("xferReplaces", consult_call)
    assert rig.of("transfer")[0]["reason"] == "REFER with Replaces sent"
    part.on_transfer_status(original_call, 200, "OK", True)  # type: ignore[arg-type]
    assert transfer_events(rig)[-1] == (original, "attended", 200, True, True)
    assert consult_call.names()[-1] == "hangup" and original_call.names()[-1] == "hangup"


def test_the_target_taking_over_the_consultation_is_a_success(rig: Rig) -> None:
    part = transfers_of(rig)
    original, consult_id, original_call, _ = consult(rig, part)
    record = rig.lines.get(consult_id)
    assert record is not None
    record.state = CallState.CONFIRMED
    part.cmd_complete(cmd("complete", call=original))
    ended(rig, part, consult_id)  # the target sends us BYE on the consultation call
    rig.advance(REPLACED_GRACE_S - 0.01)
    assert len(rig.of("transfer")) == 1
    rig.advance(0.01)
    final = rig.of("transfer")[-1]
    assert (final["code"], final["ok"], final["reason"]) == (
        200, True, "the target took over the consultation call")
    assert original_call.names()[-1] == "hangup"


def test_a_failure_right_after_the_consultation_ends_wins(rig: Rig) -> None:
    part = transfers_of(rig)
    _, consult_id, original_call, _ = consult(rig, part)
    record = rig.lines.get(consult_id)
    assert record is not None
    record.state = CallState.CONFIRMED
    part.cmd_complete(cmd("complete"))
    ended(rig, part, consult_id)
    part.on_transfer_status(original_call, 603, "Declined", True)  # type: ignore[arg-type]
    rig.advance(REPLACED_GRACE_S)
    assert [(e["code"], e["ok"]) for e in rig.of("transfer")] == [(0, False), (603, False)]


def test_complete_and_cancel_need_a_consultation(rig: Rig) -> None:
    part = transfers_of(rig)
    with refused("no consultation in progress"):
        part.cmd_complete(cmd("complete"))
    with refused("call 9 has no consultation"):
        part.cmd_cancel(cmd("cancel", call=9))
    original, consult_id, _, _ = consult(rig, part)
    rig.table.calls.pop(consult_id)
    with refused("a leg of the consultation is gone"):
        part.cmd_complete(cmd("complete", call=original))


def test_a_leg_gone_before_the_refer_goes_is_reported(rig: Rig) -> None:
    part = transfers_of(rig)
    original, consult_id, _, _ = consult(rig, part)
    record = rig.lines.get(consult_id)
    original_record = rig.lines.get(original)
    assert record is not None and original_record is not None
    record.state = CallState.CONFIRMED
    original_record.reinvite_pending = True
    part.cmd_complete(cmd("complete"))
    rig.table.calls.pop(consult_id)
    original_record.reinvite_pending = False
    rig.advance(REINVITE_RETRY_S)
    assert rig.of("error")[-1]["message"] == "a leg of the consultation is gone"


def test_cancel_hangs_up_the_consultation_and_resumes_the_caller(rig: Rig) -> None:
    part = transfers_of(rig)
    original, _, original_call, consult_call = consult(rig, part)
    original_record = rig.lines.get(original)
    assert original_record is not None
    original_record.hold = HoldState.LOCAL
    original_record.reinvite_pending = False
    part.cmd_cancel(cmd("cancel"))
    assert consult_call.names()[-1] == "hangup"
    assert original_call.names() == ["hold", "unhold"]
    assert part.consults == []
    with refused("no consultation in progress"):
        part.cmd_cancel(cmd("cancel"))


def test_cancel_after_the_caller_was_resumed_only_hangs_up(rig: Rig) -> None:
    part = transfers_of(rig)
    original, _, original_call, consult_call = consult(rig, part)
    original_record = rig.lines.get(original)
    assert original_record is not None
    original_record.wanted_hold = False
    part.cmd_cancel(cmd("cancel", call=original))
    assert original_call.names() == ["hold"] and consult_call.names()[-1] == "hangup"


@pytest.mark.parametrize("leg", ["original", "consult", "another call"])
def test_either_leg_ending_forgets_the_consultation(rig: Rig, leg: str) -> None:
    part = transfers_of(rig)
    original, consult_id, _, _ = consult(rig, part)
    other, _ = rig.add()
    ended(rig, part, {"original": original, "consult": consult_id, "another call": other.id}[leg])
    assert len(part.consults) == (1 if leg == "another call" else 0)


# ---------------------------------------------------------------- the other side


def test_a_refer_received_is_accepted_with_our_own_call_for_the_new_leg(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    new_call = part.on_transfer_request(call, "sip:400@pbx")  # type: ignore[arg-type]
    assert new_call is rig.made[-1] and new_call is not None
    new_record = rig.table.record_of(new_call)
    assert new_record is not None and new_record.direction is Direction.OUT
    assert new_record.remote_uri == "sip:400@pbx"
    event = rig.of("transfer")[0]
    assert (event["call"], event["kind"], event["code"], event["new_call"], event["reason"],
            event["final"], event["ok"]) == (
        record.id, "requested", 202, new_record.id, "transferred to sip:400@pbx", False, False)
    assert new_call.account == call.account
    assert part.on_transfer_request(FakeCall(), "sip:1@x") is None  # type: ignore[arg-type]


def test_an_invite_with_replaces_takes_over_a_call(rig: Rig) -> None:
    part = transfers_of(rig)
    old, call = rig.add()
    rig.prepare[:] = [lambda c: setattr(c.info, "remoteUri", "sip:500@pbx")]
    new_call = part.on_call_replaced(call, 9)  # type: ignore[arg-type]
    assert new_call is rig.made[-1] and new_call is not None and new_call.pj_call_id == 9
    assert new_call.account == call.account
    record = rig.table.record_of(new_call)
    assert record is not None
    assert record.direction is Direction.IN and record.state is CallState.CONNECTING
    assert record.answered == rig.clock.now and record.caller_id == "500"
    assert rig.names() == ["replaced", "call"]
    assert (rig.events[0]["call"], rig.events[0]["new_call"], rig.events[0]["remote_uri"]) == (
        old.id, record.id, "sip:500@pbx")
    rig.prepare[:] = [lambda c: c.fail.__setitem__("getInfo", pj_error())]
    part.on_call_replaced(FakeCall(), 10)  # type: ignore[arg-type]
    assert rig.events[-2]["call"] is None and rig.events[-2]["remote_uri"] == ""


def test_notifies_for_calls_we_do_not_know_are_dropped(rig: Rig) -> None:
    part = transfers_of(rig)
    assert part.on_transfer_status(FakeCall(), 200, "OK", True) is False  # type: ignore[arg-type]
    _, call = rig.add()
    assert part.on_transfer_status(call, 200, "OK", True) is False  # type: ignore[arg-type]
    assert rig.events == []


def test_a_timeout_under_a_second_still_applies(rig: Rig) -> None:
    part = transfers_of(rig, timeout=0.5)
    rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    rig.advance(0.5)
    assert [(e["code"], e["final"]) for e in rig.of("transfer")] == [(0, False), (408, True)]


def test_the_refer_goes_when_the_reinvite_has_waited_exactly_the_timeout(rig: Rig) -> None:
    part = transfers_of(rig)
    record, call = rig.add()
    record.reinvite_pending = True
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    rig.advance(REINVITE_TIMEOUT_S)
    assert call.names() == ["xfer"]


def test_each_notify_reports_its_own_code_and_reason(rig: Rig) -> None:
    part = transfers_of(rig)
    _, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    part.on_transfer_status(call, 180, "Ringing", False)  # type: ignore[arg-type]
    part.on_transfer_status(call, 300, "Multiple Choices", False)  # type: ignore[arg-type]
    assert [(e["code"], e["reason"], e["final"], e["ok"]) for e in rig.of("transfer")[1:]] == [
        (180, "Ringing", False, False), (300, "Multiple Choices", True, False)]
    assert call.names() == ["xfer"]


def test_a_late_answer_that_is_not_a_2xx_changes_nothing(rig: Rig) -> None:
    part = transfers_of(rig)
    _, call = rig.add()
    part.cmd_transfer(cmd("transfer", uri="sip:200@127.0.0.1"))
    rig.advance(TIMEOUT)
    assert part.on_transfer_status(call, 300, "x", True) is False  # type: ignore[arg-type]
    assert len(rig.of("transfer")) == 2 and call.names() == ["xfer"]
    part.on_transfer_status(call, 202, "Accepted", True)  # type: ignore[arg-type]
    assert (rig.of("transfer")[-1]["reason"], rig.of("transfer")[-1]["ok"]) == ("Accepted", True)

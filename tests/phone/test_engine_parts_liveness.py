"""Dead-peer detection against fakes: no RTP on an active call ends it; a held call is probed
with OPTIONS and ended when the far end no longer answers."""

from __future__ import annotations

import pjsua2 as pj
import pytest

from agent.phone.liveness import CHECK_EVERY_S, Liveness
from agent.phone.protocol import CallState, MediaStatus, Problem
from tests.phone.engine_fakes import FakeCall, Rig, pj_error

RTP_TIMEOUT = 20.0
HELD_CHECK = 15.0


@pytest.fixture
def rig() -> Rig:
    return Rig()


def liveness_of(rig: Rig, rtp_timeout: float = RTP_TIMEOUT,
                held_check: float = HELD_CHECK) -> Liveness:
    return Liveness(rig.table, rtp_timeout, held_check, rig.clock)


def active_call(rig: Rig, packets: int = 10) -> tuple[object, FakeCall]:
    record, call = rig.add(media=MediaStatus.ACTIVE)
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    call.rx_packets = packets
    return record, call


def tick_for(rig: Rig, part: Liveness, seconds: float) -> None:
    """The engine's loop: a tick every pass; here one per check interval."""
    end = rig.clock.now + seconds
    while rig.clock.now < end:
        rig.clock.now = min(end, rig.clock.now + CHECK_EVERY_S)
        part.tick(rig.clock.now)


def test_an_active_call_that_keeps_receiving_rtp_lives(rig: Rig) -> None:
    part = liveness_of(rig)
    _, call = active_call(rig)
    for _ in range(60):
        call.rx_packets += 50
        tick_for(rig, part, 1)
    assert call.ops == []


def test_an_active_call_with_no_rtp_for_the_timeout_is_ended_with_a_reason(rig: Rig) -> None:
    part = liveness_of(rig)
    record, call = active_call(rig)
    part.tick(rig.clock.now)
    tick_for(rig, part, RTP_TIMEOUT - CHECK_EVERY_S)
    assert call.ops == []
    tick_for(rig, part, CHECK_EVERY_S)
    assert call.ops == [("hangup", 0)]
    assert record.end_reason == "no audio from the far end for 20 s"  # type: ignore[attr-defined]
    assert (record.end_problem, record.end_params) == (  # type: ignore[attr-defined]
        Problem.NO_AUDIO, {"seconds": "20"})
    tick_for(rig, part, 60)  # ending: not hung up again
    assert call.ops == [("hangup", 0)]


def test_rtp_is_counted_from_when_the_media_became_active(rig: Rig) -> None:
    part = liveness_of(rig)
    record, call = rig.add(media=MediaStatus.LOCAL_HOLD)
    call.set_audio(pj.PJSUA_CALL_MEDIA_LOCAL_HOLD)
    part.tick(rig.clock.now)
    tick_for(rig, part, 100)
    call.ops.clear()
    record.media = MediaStatus.ACTIVE
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    tick_for(rig, part, RTP_TIMEOUT - CHECK_EVERY_S)
    assert "hangup" not in call.names()


def test_no_rtp_check_when_the_timeout_is_zero_or_the_stats_are_unknown(rig: Rig) -> None:
    part = liveness_of(rig, rtp_timeout=0)
    _, call = active_call(rig)
    tick_for(rig, part, 100)
    assert call.ops == []
    part = liveness_of(rig)
    call.fail["getStreamStat"] = pj_error()
    tick_for(rig, part, 100)
    assert call.ops == []
    call.fail.clear()
    call.info.media = []
    tick_for(rig, part, 100)
    assert call.ops == []


def test_a_call_not_confirmed_is_not_watched(rig: Rig) -> None:
    part = liveness_of(rig)
    _, call = rig.add(state=CallState.EARLY, media=MediaStatus.ACTIVE)
    tick_for(rig, part, 100)
    assert call.ops == []


def test_a_held_call_is_probed_and_lives_while_the_far_end_answers(rig: Rig) -> None:
    part = liveness_of(rig)
    record, call = rig.add(media=MediaStatus.LOCAL_HOLD)
    part.tick(rig.clock.now)
    tick_for(rig, part, HELD_CHECK - CHECK_EVERY_S)
    assert call.ops == []
    tick_for(rig, part, CHECK_EVERY_S)
    assert call.ops == [("request", "OPTIONS")]
    tick_for(rig, part, 60)  # one probe at a time
    assert call.ops == [("request", "OPTIONS")]
    part.on_tsx_state(call, "OPTIONS", 405, "Method Not Allowed")  # type: ignore[arg-type]
    tick_for(rig, part, HELD_CHECK - CHECK_EVERY_S)
    assert call.names() == ["request"]
    tick_for(rig, part, CHECK_EVERY_S)
    assert call.names() == ["request", "request"]
    assert record.end_reason == ""


@pytest.mark.parametrize("code", [408, 481, 503])
def test_a_held_call_whose_far_end_is_gone_is_ended(rig: Rig, code: int) -> None:
    part = liveness_of(rig)
    record, call = rig.add(media=MediaStatus.REMOTE_HOLD)
    part.on_tsx_state(call, "OPTIONS", code, "Gone")  # type: ignore[arg-type]
    assert call.ops == [("hangup", 0)]
    assert record.end_reason == f"the far end does not answer (OPTIONS: {code} Gone)"
    assert (record.end_problem, record.end_params) == (
        Problem.PEER_GONE, {"code": str(code), "reason": "Gone"})


def test_only_options_answers_count(rig: Rig) -> None:
    part = liveness_of(rig)
    _, call = rig.add(media=MediaStatus.LOCAL_HOLD)
    part.on_tsx_state(call, "INVITE", 408, "Timeout")  # type: ignore[arg-type]
    part.on_tsx_state(FakeCall(), "OPTIONS", 408, "Timeout")  # type: ignore[arg-type]
    part.on_tsx_state(call, "OPTIONS", 200, "OK")  # type: ignore[arg-type]
    assert call.ops == []


def test_a_probe_that_cannot_be_sent_is_tried_again_later(rig: Rig) -> None:
    part = liveness_of(rig)
    _, call = rig.add(media=MediaStatus.NONE)
    call.fail["request"] = pj_error()
    part.tick(rig.clock.now)
    tick_for(rig, part, HELD_CHECK)
    call.fail.clear()
    tick_for(rig, part, HELD_CHECK - CHECK_EVERY_S)
    assert call.ops == []
    tick_for(rig, part, CHECK_EVERY_S)
    assert call.ops == [("request", "OPTIONS")]


def test_no_probe_when_the_interval_is_zero(rig: Rig) -> None:
    part = liveness_of(rig, held_check=0)
    _, call = rig.add(media=MediaStatus.LOCAL_HOLD)
    tick_for(rig, part, 100)
    assert call.ops == []


def test_a_dead_call_already_gone_is_only_marked(rig: Rig) -> None:
    part = liveness_of(rig)
    record, call = rig.add()
    rig.table.calls.pop(record.id)
    part.end(record, "why", Problem.NO_AUDIO, {"seconds": "1"})
    assert record.end_reason == "why" and call.ops == []
    call.fail["hangup"] = pj_error()
    rig.table.calls[record.id] = call
    # pjsua refusing the hangup is not an error
    part.end(record, "why", Problem.NO_AUDIO, {"seconds": "1"})


def test_an_ended_call_is_no_longer_watched(rig: Rig) -> None:
    part = liveness_of(rig)
    record, _ = active_call(rig)
    part.tick(rig.clock.now)
    assert set(part.watches) == {record.id}  # type: ignore[attr-defined]
    part.call_ended(record)  # type: ignore[arg-type]
    assert part.watches == {}


def test_sub_second_limits_still_apply(rig: Rig) -> None:
    part = liveness_of(rig, rtp_timeout=0.5, held_check=0.5)
    _, active = active_call(rig)
    _, held = rig.add(media=MediaStatus.LOCAL_HOLD)
    part.tick(rig.clock.now)
    tick_for(rig, part, CHECK_EVERY_S)
    assert active.names() == ["hangup"] and held.names() == ["request"]


def test_a_call_not_confirmed_yet_does_not_stop_the_check_of_the_others(rig: Rig) -> None:
    part = liveness_of(rig)
    rig.add(state=CallState.EARLY)
    _, call = active_call(rig)
    part.tick(rig.clock.now)
    tick_for(rig, part, RTP_TIMEOUT)
    assert call.names() == ["hangup"]


def test_ending_a_call_that_was_never_watched_is_fine(rig: Rig) -> None:
    part = liveness_of(rig)
    record, _ = rig.add(state=CallState.EARLY)
    part.call_ended(record)
    assert part.watches == {}


def test_a_call_the_agent_holds_is_probed_even_while_pjsua_reports_it_active(rig: Rig) -> None:
    """Between the hold being asked for and its answer, or if a peer's offer undid it, media
    may read ``active``: the call must not be ended for RTP silence, only by probes."""
    part = liveness_of(rig)
    record, call = active_call(rig)
    record.wanted_hold = True  # type: ignore[attr-defined]
    part.tick(rig.clock.now)
    tick_for(rig, part, 3 * RTP_TIMEOUT)
    assert "hangup" not in call.names()
    assert call.names()[0] == "request"
    part.on_tsx_state(call, "OPTIONS", 408, "Request Timeout")  # type: ignore[arg-type]
    assert record.end_reason.startswith("the far end does not answer")  # type: ignore[attr-defined]


def test_rtp_is_judged_again_once_the_agent_resumes(rig: Rig) -> None:
    part = liveness_of(rig)
    record, call = active_call(rig)
    record.wanted_hold = True  # type: ignore[attr-defined]
    part.tick(rig.clock.now)
    tick_for(rig, part, RTP_TIMEOUT)
    record.wanted_hold = False  # type: ignore[attr-defined]
    call.ops.clear()
    tick_for(rig, part, RTP_TIMEOUT - CHECK_EVERY_S)
    assert call.ops == []
    tick_for(rig, part, 2 * CHECK_EVERY_S)
    assert call.names() == ["hangup"]
    assert record.end_reason == "no audio from the far end for 20 s"  # type: ignore[attr-defined]

"""The workstation's floor outbox and recorder, without a hub: what is recorded, what survives a
restart, what the contract refuses, and how refusals and oversize batches are handled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agent.floor.outbox import FloorOutbox, FloorOutboxError
from agent.floor.recorder import CallFacts, FloorRecorder
from agent.floor.stream import sse_events
from agent.notes.hub_client import HubProblem
from kb.wire.floor import FloorError, check_batch
from kb.wire.problems import RequestError
from kb.wire.states import ProblemKind
from tests.notes.test_syncer import BadHub


class Clock:
    def __init__(self, t: float = 1_760_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def snapshot(call: int, state: str, **fields: Any) -> CallFacts:
    return CallFacts(call=call, state=state, direction=fields.pop("direction", "in"),
                     started=fields.pop("started", 1_760_000_000.0), **fields)


def kinds(outbox: FloorOutbox) -> list[tuple[str, str | None]]:
    return [(e.kind.value, e.fields.get("phase") or e.fields.get("state"))
            for e in outbox.pending()]


def test_a_call_with_two_holds_is_recorded_with_its_totals(tmp_path: Path) -> None:
    clock = Clock()
    outbox = FloorOutbox(tmp_path / "floor.sqlite", clock=clock)
    recorder = FloorRecorder(outbox, warn_s=30, alarm_s=60, clock=clock)
    t0 = clock.t
    recorder.agent_state("ready")
    recorder.agent_state("ready")  # unchanged: nothing new
    recorder.call_changed(snapshot(1, "incoming", started=t0))
    recorder.call_changed(snapshot(1, "confirmed", started=t0, answered=t0 + 5))
    recorder.call_changed(snapshot(1, "confirmed", started=t0, answered=t0 + 5, hold="local",
                                   held_since=t0 + 10), now=t0 + 10)
    recorder.call_changed(snapshot(1, "confirmed", started=t0, answered=t0 + 5), now=t0 + 80)
    recorder.call_changed(snapshot(1, "confirmed", started=t0, answered=t0 + 5, hold="local",
                                   held_since=t0 + 90), now=t0 + 90)
    recorder.call_ended(snapshot(1, "disconnected", started=t0, answered=t0 + 5,
                                 ended=t0 + 100, code=200))
    assert kinds(outbox) == [("state", "ready"), ("call", "started"), ("call", "answered"),
                             ("call", "held"), ("call", "resumed"), ("call", "held"),
                             ("call", "ended")]
    events = outbox.pending()
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    ended = events[-1].fields
    assert ended["hold_total_s"] == pytest.approx(80.0)  # 70 s, then 10 s until the end
    assert (ended["holds"], ended["longest_hold_s"], ended["holds_over_alarm"]) == (2, 70.0, 1)
    assert ended["talk_s"] == pytest.approx(15.0)  # 95 s answered, 80 of them on hold
    assert ended["result"] == "answered" and ended["code"] == 200
    held = events[3].fields
    assert (held["held_since"], held["warn_s"], held["alarm_s"]) == (t0 + 10, 30, 60)
    text = json.dumps([e.to_wire() for e in events])
    assert "number" not in text and "caller" not in text  # no caller data is recorded
    assert outbox.open_calls() == {}


def test_missed_failed_consultation_and_lost_calls(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "floor.sqlite"
    outbox = FloorOutbox(path, clock=clock)
    recorder = FloorRecorder(outbox, 30, 60, clock=clock)
    recorder.call_changed(snapshot(1, "incoming"))
    recorder.call_ended(snapshot(1, "disconnected", ended=clock.t + 20))
    recorder.call_changed(snapshot(2, "calling", direction="out"))
    recorder.call_ended(snapshot(2, "disconnected", direction="out", ended=clock.t + 30))
    recorder.call_changed(snapshot(3, "confirmed", direction="out", answered=clock.t + 1,
                                   consult_for=1))
    recorder.call_changed(snapshot(4, "confirmed", answered=clock.t + 2))
    results = {e.fields["call"]: e.fields for e in outbox.pending()
               if e.fields.get("phase") == "ended"}
    assert sorted(r["result"] for r in results.values()) == ["failed", "missed"]
    started = [e.fields for e in outbox.pending() if e.fields.get("phase") == "started"]
    assert [s["leg"] for s in started] == ["call", "call", "consult", "call"]
    outbox.close()

    # The desktop died with calls 3 and 4 up: the next start ends them as lost.
    clock.t += 600
    reopened = FloorOutbox(path, clock=clock)
    assert reopened.station == outbox.station  # one workstation, one station id
    assert FloorRecorder(reopened, 30, 60, clock=clock).close_lost_calls() == 2
    lost = [e.fields for e in reopened.pending() if e.fields.get("phase") == "ended"
            and e.fields["result"] == "lost"]
    assert len(lost) == 2 and all(f["ended_at"] == clock.t for f in lost)
    assert reopened.open_calls() == {}


def test_a_call_the_operators_state_refused_is_recorded_missed(tmp_path: Path) -> None:
    clock = Clock()
    outbox = FloorOutbox(tmp_path / "floor.sqlite", clock=clock)
    recorder = FloorRecorder(outbox, 30, 60, clock=clock)
    recorder.refused(clock.t - 5, 486)
    phases = [(e.fields["phase"], e.fields.get("result")) for e in outbox.pending()]
    assert phases == [("started", None), ("ended", "missed")]
    ended = outbox.pending()[-1].fields
    assert (ended["direction"], ended["leg"], ended["code"]) == ("in", "call", 486)
    assert ended["started_at"] == ended["ended_at"] == clock.t - 5 and ended["talk_s"] == 0
    assert outbox.open_calls() == {}  # nothing for a crash to close as lost
    outbox.close()


def test_the_contract_refuses_at_the_point_of_recording(tmp_path: Path) -> None:
    outbox = FloorOutbox(tmp_path / "floor.sqlite")
    with pytest.raises(FloorError, match=r"^state"):
        outbox.record("state", state="sleeping")
    with pytest.raises(FloorError, match=r"^number is not a field"):
        outbox.record("call", call="k", phase="started", direction="in", number="+7900")
    with pytest.raises(FloorError, match=r"^text is longer"):
        outbox.record("alert", text="x" * 201)
    with pytest.raises(FloorError, match=r"^held_since is required"):
        outbox.record("call", call="k", phase="held")
    assert outbox.pending_count() == 0


def test_a_raised_hand_carries_the_calls_context(tmp_path: Path) -> None:
    clock = Clock()
    outbox = FloorOutbox(tmp_path / "floor.sqlite", clock=clock)
    recorder = FloorRecorder(outbox, 30, 60, clock=clock)
    t0 = clock.t
    call = snapshot(7, "confirmed", started=t0, answered=t0 + 3, hold="local",
                    held_since=t0 + 40)
    recorder.call_changed(call, now=t0 + 40)
    clock.t = t0 + 75
    hand = recorder.raise_hand("  абонент угрожает  ", "threats-insults", call)
    assert hand.fields == {"text": "абонент угрожает", "article": "threats-insults",
                           "call": recorder.call_key(7), "call_s": 75.0, "on_hold": True,
                           "held_since": t0 + 40}
    alone = recorder.raise_hand("", "", None)
    assert (alone.fields["call"], alone.fields["call_s"], alone.fields["on_hold"]) == (
        "", None, False)


def test_a_newer_schema_is_refused_and_garbage_is_not_a_database(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(FloorOutboxError, match="cannot open"):
        FloorOutbox(garbage)
    newer = tmp_path / "newer.sqlite"
    FloorOutbox(newer).close()
    import sqlite3

    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version=99")
    with pytest.raises(FloorOutboxError, match="newer Sufler"):
        FloorOutbox(newer)


def answer(hub: BadHub, respond: Any) -> None:
    """``respond(body) -> (status, bytes)`` answers each request of ``hub``."""

    def body(raw: bytes) -> bytes:
        hub.status, data = respond(raw)
        return data

    hub.body = body  # type: ignore[assignment]


def test_uploads_quarantine_what_the_hub_refuses_and_split_what_is_too_big(
        tmp_path: Path) -> None:
    from agent.notes.hub_client import make_client

    outbox = FloorOutbox(tmp_path / "floor.sqlite")
    for i in range(6):
        outbox.record("waiting", count=i)
    hub = BadHub()
    try:
        seen: list[int] = []

        def respond(body: bytes) -> tuple[int, bytes]:
            events = json.loads(body)["events"]
            seen.append(len(events))
            if len(events) > 2:
                return 413, b'{"error": "too large"}'
            if any(e["count"] == 3 for e in events):
                index = next(i for i, e in enumerate(events) if e["count"] == 3)
                return 422, json.dumps({"error": "bad", "details": [
                    {"index": index, "uuid": events[index]["uuid"],
                     "error": "count is odd"}]}).encode()
            return 200, json.dumps({"received": len(events), "stored": len(events),
                                    "now": 0}).encode()

        answer(hub, respond)
        with make_client(hub.url, "t") as client:
            assert outbox.upload(client, batch_size=500) == 5
        assert seen[:3] == [6, 3, 1]  # halved until it fits
        assert outbox.pending_count() == 0
        (quarantined,) = outbox.quarantined()
        assert "count is odd" in quarantined[1]

        answer(hub, lambda body: (500, b"oops"))
        outbox.record("waiting", count=9)
        with make_client(hub.url, "t") as client, pytest.raises(HubProblem) as problem:
            outbox.upload(client)
        assert problem.value.kind == ProblemKind.ERROR
        assert outbox.pending_count() == 1  # kept for the next try
    finally:
        hub.close()


def test_batches_on_the_hub_side_name_every_bad_event() -> None:
    good = {"uuid": "0c0b7d0e-6a62-4b0c-9d5c-3b2f1e1a0001", "seq": 1, "at": 1.0,
            "kind": "waiting", "count": 1}
    with pytest.raises(RequestError) as refused:
        check_batch({"station": "s", "sent_at": 1.0, "events": [good, {**good, "uuid": "x"},
                                                               "not an event"]})
    assert refused.value.status == 422
    assert [d["index"] for d in refused.value.details] == [1, 2]
    with pytest.raises(RequestError) as big:
        check_batch({"station": "s", "sent_at": 1.0, "events": [good] * 501})
    assert big.value.status == 413
    with pytest.raises(RequestError, match="station"):
        check_batch({"station": "", "sent_at": 1.0, "events": []})


def test_server_sent_events_are_parsed_as_they_arrive() -> None:
    lines = [": ping", "", "event: board", 'data: {"a":', "data: 1}", "", "data: x", "",
             "event: presence", "data: {}", ""]
    assert list(sse_events(iter(lines))) == [("board", '{"a":\n1}'), ("message", "x"),
                                             ("presence", "{}")]

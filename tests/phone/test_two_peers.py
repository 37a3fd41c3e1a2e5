"""Engine ↔ engine over real SIP on 127.0.0.1: calls, hold, DTMF, transfers, lines, agent state."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.phone.conftest import EnginePeer

pytestmark = [pytest.mark.sip, pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def peers(peer_factory: Callable[..., EnginePeer]) -> dict[str, EnginePeer]:
    return {
        "a": peer_factory("alice", "--wrap-up", "0"),
        "b": peer_factory("bob", "--wrap-up", "0"),
        "c": peer_factory("carol", "--wrap-up", "0"),
    }


@pytest.fixture(autouse=True)
def clean_lines(peers: dict[str, EnginePeer]) -> Iterator[None]:
    yield
    for peer in peers.values():
        peer.hangup_all()
        peer.send("state ready")


def mark(*peers: EnginePeer) -> None:
    for peer in peers:
        peer.mark()


def connect(caller: EnginePeer, callee: EnginePeer) -> tuple[int, int]:
    """caller dials callee, callee answers; returns (caller's call id, callee's call id)."""
    mark(caller, callee)
    caller.send(f"dial {callee.uri}")
    incoming = callee.wait("incoming")
    callee.send({"cmd": "answer", "call": incoming["call"]})
    theirs = callee.call_state("confirmed", call=incoming["call"])
    ours = caller.call_state("confirmed")
    callee.wait("media", call=theirs["call"], status="active")
    caller.wait("media", call=ours["call"], status="active")
    return ours["call"], theirs["call"]


def test_call_rings_with_caller_id_then_answer_and_hangup(peers: dict[str, EnginePeer]) -> None:
    a, b = peers["a"], peers["b"]
    mark(a, b)
    a.send(f"dial {b.uri}")
    incoming = b.wait("incoming")
    assert incoming["caller_id"] == "alice"
    ringing = b.call_state("incoming", call=incoming["call"])
    assert ringing["direction"] == "in"
    lines = b.wait("lines", where=lambda e: bool(e["waiting"]))
    assert lines["waiting"][0]["call"] == incoming["call"]
    a.wait("call", state="early", where=lambda e: e["code"] == 180)

    b.send("answer")
    confirmed = b.call_state("confirmed", call=incoming["call"])
    assert confirmed["answered"] is not None
    out = a.call_state("confirmed")
    assert out["direction"] == "out"

    mark(a, b)
    a.send(f"hangup {out['call']}")
    ended = b.call_state("disconnected", call=incoming["call"])
    assert ended["ended"] is not None
    b.wait("call_removed", call=incoming["call"])
    a.wait("call_removed", call=out["call"])


def test_hold_and_resume_change_the_peers_media_direction(peers: dict[str, EnginePeer]) -> None:
    a, b = peers["a"], peers["b"]
    ours, theirs = connect(a, b)

    mark(a, b)
    a.send(f"hold {ours}")
    a.wait("media", call=ours, status="local-hold")
    held = a.wait("call", call=ours, hold="local")
    assert held["held_since"] is not None
    b.wait("media", call=theirs, status="remote-hold")
    b.wait("call", call=theirs, hold="remote")

    mark(a, b)
    a.send(f"resume {ours}")
    a.wait("media", call=ours, status="active")
    b.wait("media", call=theirs, status="active")
    resumed = a.wait("call", call=ours, hold="none")
    assert resumed["held_since"] is None


def test_resume_while_the_hold_is_pending_happens_after_it(
    peers: dict[str, EnginePeer],
) -> None:
    """One re-INVITE at a time: the resume waits for the hold's answer, then is sent."""
    a, b = peers["a"], peers["b"]
    ours, theirs = connect(a, b)
    mark(a, b)
    a.send(f"hold {ours}\nresume {ours}")
    a.wait("media", call=ours, status="local-hold")
    a.wait("media", call=ours, status="active")
    b.wait("media", call=theirs, status="active")
    assert a.find("error") is None


def test_dtmf_both_ways(peers: dict[str, EnginePeer]) -> None:
    a, b = peers["a"], peers["b"]
    ours, theirs = connect(a, b)
    mark(a, b)
    a.send("dtmf 12#")
    got = [b.wait("dtmf", call=theirs, digit=d)["digit"] for d in "12#"]
    assert got == ["1", "2", "#"]
    b.send({"cmd": "dtmf", "call": theirs, "digits": "9*"})
    a.wait("dtmf", call=ours, digit="9")
    a.wait("dtmf", call=ours, digit="*")


def test_dtmf_over_sip_info(peers: dict[str, EnginePeer]) -> None:
    a, b = peers["a"], peers["b"]
    ours, theirs = connect(a, b)
    mark(a, b)
    a.send({"cmd": "dtmf", "call": ours, "digits": "4#", "method": "info"})
    b.wait("dtmf", call=theirs, digit="4")
    b.wait("dtmf", call=theirs, digit="#")


def test_hold_right_after_dtmf_waits_for_the_digits(peers: dict[str, EnginePeer]) -> None:
    a, b = peers["a"], peers["b"]
    ours, theirs = connect(a, b)
    mark(a, b)
    a.send(f"dtmf 123\nhold {ours}")
    b.wait("media", call=theirs, status="remote-hold")
    a.wait("media", call=ours, status="local-hold")
    digits = [e["digit"] for e in b.events[b._mark:] if e["event"] == "dtmf"]
    assert digits == ["1", "2", "3"]


def test_blind_transfer_connects_caller_to_target(peers: dict[str, EnginePeer]) -> None:
    a, b, c = peers["a"], peers["b"], peers["c"]
    _, at_b = connect(a, b)
    mark(a, b, c)
    b.send({"cmd": "transfer", "call": at_b, "uri": c.uri})
    incoming = c.wait("incoming")
    c.send({"cmd": "answer", "call": incoming["call"]})
    c.call_state("confirmed", call=incoming["call"])
    outcome = b.wait("transfer", call=at_b, final=True)
    assert outcome["ok"] and outcome["kind"] == "blind"
    b.wait("call_removed", call=at_b)
    new_leg = a.wait("call", state="confirmed", where=lambda e: e["caller_id"] == "carol")
    assert new_leg["direction"] == "out"


def test_consultative_transfer_replaces_the_consultation(peers: dict[str, EnginePeer]) -> None:
    a, b, c = peers["a"], peers["b"], peers["c"]
    _, at_b = connect(a, b)
    mark(a, b, c)
    b.send({"cmd": "consult", "call": at_b, "uri": c.uri})
    a.wait("media", status="remote-hold")
    incoming = c.wait("incoming")
    c.send({"cmd": "answer", "call": incoming["call"]})
    consult = b.wait("call", state="confirmed", where=lambda e: e["consult_for"] == at_b)
    mark(a, b, c)
    b.send({"cmd": "complete", "call": consult["call"]})
    outcome = b.wait("transfer", call=at_b, final=True)
    assert outcome["ok"] and outcome["kind"] == "attended"
    replaced = c.wait("replaced", call=incoming["call"])
    c.call_state("disconnected", call=incoming["call"])
    c.wait("call", call=replaced["new_call"], state="confirmed")
    b.wait("call_removed", call=at_b)
    b.wait("call_removed", call=consult["call"])
    a.wait("call", state="confirmed", where=lambda e: e["caller_id"] == "carol")


def test_consultation_cancel_returns_to_the_caller(peers: dict[str, EnginePeer]) -> None:
    a, b, c = peers["a"], peers["b"], peers["c"]
    at_a, at_b = connect(a, b)
    mark(a, b, c)
    b.send({"cmd": "consult", "call": at_b, "uri": c.uri})
    a.wait("media", call=at_a, status="remote-hold")
    incoming = c.wait("incoming")
    c.send({"cmd": "answer", "call": incoming["call"]})
    b.wait("call", state="confirmed", where=lambda e: e["consult_for"] == at_b)
    mark(a, b, c)
    b.send({"cmd": "cancel", "call": at_b})
    c.call_state("disconnected", call=incoming["call"])
    b.wait("media", call=at_b, status="active")
    a.wait("media", call=at_a, status="active")


def test_answering_a_waiting_call_holds_the_active_one(peers: dict[str, EnginePeer]) -> None:
    a, b, c = peers["a"], peers["b"], peers["c"]
    at_a, first = connect(a, b)
    mark(a, b, c)
    c.send(f"dial {b.uri}")
    second = b.wait("incoming")
    lines = b.wait("lines", where=lambda e: any(w["call"] == second["call"] for w in e["waiting"]))
    waiting = lines["waiting"][0]
    assert waiting["caller_id"] == "carol" and waiting["waiting_since"] > 0
    assert lines["active"] == first
    b.send("answer")
    b.call_state("confirmed", call=second["call"])
    b.wait("media", call=first, status="local-hold")
    a.wait("media", call=at_a, status="remote-hold")
    c.call_state("confirmed")
    final = b.wait("lines", where=lambda e: e["active"] == second["call"] and not e["waiting"])
    assert {x["call"] for x in final["calls"]} == {first, second["call"]}


def test_not_ready_refuses_calls_with_486(peers: dict[str, EnginePeer]) -> None:
    a, b = peers["a"], peers["b"]
    mark(a, b)
    b.send("state not-ready Lunch")
    state = b.wait("agent_state", state="not-ready")
    assert state["reason"] == "Lunch"
    a.send(f"dial {b.uri}")
    ended = a.call_state("disconnected")
    assert (ended["code"], ended["reason"]) == (486, "Busy Here")
    assert b.find("incoming") is None
    refused = b.wait("refused", code=486)
    assert refused["reason"] == "agent is not-ready"


def test_malformed_commands_are_errors_not_crashes(peers: dict[str, EnginePeer]) -> None:
    a = peers["a"]
    mark(a)
    for line in ("frobnicate", '{"cmd": 5}', "{not json", '{"cmd":"dtmf","digits":"x","id":7}',
                 "hold 999", "answer", "state sleepy", '["list"]'):
        a.send(line)
    a.send({"cmd": "status", "id": "s1"})
    a.wait("lines", reply_to="s1")
    errors = [e for e in a.events[a._mark:] if e["event"] == "error"]
    assert len(errors) == 8
    assert any(e.get("reply_to") == 7 for e in errors)
    assert a.alive


def test_wrap_up_then_ready_and_history(peer_factory: Callable[..., EnginePeer],
                                        peers: dict[str, EnginePeer]) -> None:
    a = peers["a"]
    d = peer_factory("dave", "--wrap-up", "1")
    ours, _ = connect(a, d)
    mark(a, d)
    a.send(f"hangup {ours}")
    wrap = d.wait("agent_state", state="wrap-up")
    assert wrap["wrap_up_until"] is not None
    d.wait("agent_state", state="ready", timeout=10)
    d.send("status")
    d.wait("lines")
    rows = _history(d)
    assert rows and rows[-1]["direction"] == "in" and rows[-1]["answered"] is not None
    assert rows[-1]["result"].startswith("answered")


def _history(peer: EnginePeer) -> list[dict[str, Any]]:
    path = peer.home / "calls.sqlite"
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("select * from calls order by id")]


def test_queue_code_is_dialled_as_a_short_hidden_call(
    peer_factory: Callable[..., EnginePeer]
) -> None:
    pbx = peer_factory("pbx", "--auto-answer", "--wrap-up", "0", "--no-history")
    agent = peer_factory("queued", "--wrap-up", "0",
                         settings=f'[agent]\nqueue_login_code = "*45@{pbx.address}"\n')
    mark(agent, pbx)
    agent.send("queue login")
    pbx.wait("incoming")
    done = agent.wait("queue", action="login")
    assert done["ok"] and done["code"] == "*45"
    pbx.wait("call_removed")
    assert agent.find("call") is None and agent.find("incoming") is None
    agent.send("queue pause")
    assert "no PBX queue pause code" in agent.wait("error", command="queue")["message"]


def test_failed_blind_transfer_is_reported_and_the_call_stays(
    peers: dict[str, EnginePeer]
) -> None:
    a, b, c = peers["a"], peers["b"], peers["c"]
    _, at_b = connect(a, b)
    c.mark()
    c.send("state not-ready Meeting")
    c.wait("agent_state", state="not-ready")
    mark(a, b)
    b.send({"cmd": "transfer", "call": at_b, "uri": c.uri})
    outcome = b.wait("transfer", call=at_b, final=True)
    assert not outcome["ok"] and outcome["code"] >= 400
    b.send("status")
    lines = b.wait("lines", where=lambda e: e.get("reply_to") is None and bool(e["calls"]))
    assert [x["state"] for x in lines["calls"] if x["call"] == at_b] == ["confirmed"]


def test_a_fifth_call_is_refused_busy(peer_factory: Callable[..., EnginePeer],
                                      peers: dict[str, EnginePeer]) -> None:
    a, c = peers["a"], peers["c"]
    busy = peer_factory("busy", "--auto-answer", "--wrap-up", "0", "--no-history")
    mark(a, busy)
    for _ in range(4):
        a.send(f"dial {busy.uri}")
    confirmed: set[int] = set()
    while len(confirmed) < 4:
        event = a.wait("call", state="confirmed",
                       where=lambda e: e["call"] not in confirmed)
        confirmed.add(event["call"])
    mark(c)
    c.send(f"dial {busy.uri}")
    assert c.call_state("disconnected")["code"] == 486
    busy.hangup_all()

"""Conference of two calls, swap and do-not-disturb, through real engines on 127.0.0.1.

The agent engine runs on pjsua's null sound device; each far peer plays its own tone and records
what it receives, and the recordings are checked by FFT: in a conference each far end hears the
other's tone through the agent's bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.phone.conftest import EnginePeer
from tests.phone.test_audio import dominant_frequency, write_tone

pytestmark = [pytest.mark.sip, pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def prompts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prompts")


@pytest.fixture(scope="module")
def trio(peer_factory: Callable[..., EnginePeer],
         prompts: Path) -> tuple[EnginePeer, EnginePeer, EnginePeer]:
    """(the agent, far end A, far end B); A and B answer by themselves."""
    agent = peer_factory("agent", "--wrap-up", "0", "--audio", "null", "--log-sip")
    far = [peer_factory(name, "--wrap-up", "0", "--audio", "null", "--auto-answer",
                        "--prompts", str(prompts)) for name in ("alice", "bob")]
    return agent, far[0], far[1]


@pytest.fixture(autouse=True)
def _clean(trio: tuple[EnginePeer, EnginePeer, EnginePeer]) -> None:
    yield
    for peer in trio:
        peer.hangup_all()


def _call(agent: EnginePeer, far: EnginePeer) -> tuple[int, int]:
    """The agent dials ``far``; (agent's call id, far end's call id) once media flows."""
    agent.mark()
    far.mark()
    agent.send(f"dial {far.uri}")
    placed = agent.wait("call", state="calling")["call"]
    agent.wait("media", call=placed, status="active")
    at_far = far.wait("media", status="active")["call"]
    return placed, at_far


def _two_calls(agent: EnginePeer, alice: EnginePeer,
               bob: EnginePeer) -> tuple[tuple[int, int], tuple[int, int]]:
    """Alice's call, then Bob's: Alice is on hold and Bob is active."""
    to_alice = _call(agent, alice)
    to_bob = _call(agent, bob)

    def alice_held(event: dict[str, Any]) -> bool:
        return any(c["call"] == to_alice[0] and c["hold"] == "local" for c in event["calls"])

    while not alice_held(agent.wait("lines")):
        agent.mark()
        agent.send("status")
    return to_alice, to_bob


def _record_while_playing(
    listeners: list[tuple[EnginePeer, int, Path]], speakers: list[tuple[EnginePeer, int, str]]
) -> list[tuple[float, float]]:
    """Each listener records its call while every speaker plays its tone into its call; the
    listeners then hang up. (frequency, RMS) of each recording, in the listeners' order."""
    for peer, call, path in listeners:
        peer.mark()
        peer.send({"cmd": "record", "call": call, "file": str(path)})
        peer.wait("recording", call=call, finished=False)
    for peer, call, tone in speakers:
        peer.mark()
        peer.send({"cmd": "play", "call": call, "file": tone})
    for peer, call, _ in speakers:
        peer.wait("prompt", call=call, finished=True, timeout=30)
    for peer, call, _ in listeners:
        peer.mark()
        peer.send({"cmd": "hangup", "call": call})
        peer.wait("recording", call=call, finished=True)
    return [dominant_frequency(path) for _, _, path in listeners]


def _hears(listener: EnginePeer, call: int, recording: Path, speaker: EnginePeer, at: int,
           tone: Path) -> tuple[float, float]:
    """(frequency, RMS) of what ``listener`` receives while ``speaker`` plays ``tone``."""
    return _record_while_playing([(listener, call, recording)], [(speaker, at, tone.name)])[0]


def test_conference_each_far_end_hears_the_other(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer], prompts: Path, tmp_path: Path
) -> None:
    agent, alice, bob = trio
    (a_call, at_alice), (b_call, at_bob) = _two_calls(agent, alice, bob)
    agent.mark()
    alice.mark()
    agent.send("conference")
    joined = agent.wait("conference")
    assert joined["calls"] == sorted([a_call, b_call])
    alice.wait("media", call=at_alice, status="active")  # Alice is resumed
    agent.wait("media", call=a_call, status="active")
    lines = agent.wait("lines", where=lambda e: len(e["conference"]) == 2
                       and all(c["hold"] == "none" for c in e["calls"]))
    assert sorted(lines["conference"]) == sorted([a_call, b_call])

    write_tone(prompts / "alice700.wav", 700, 2.0)
    write_tone(prompts / "bob1100.wav", 1100, 2.0)
    # Both talk at once: Bob hears Alice's tone through the agent, and Alice hears Bob's.
    agent.mark()
    (bob_f, bob_rms), = _record_while_playing(
        [(bob, at_bob, tmp_path / "bob.wav")],
        [(alice, at_alice, "alice700.wav"), (bob, at_bob, "bob1100.wav")])
    assert bob_rms > 300, "Bob heard silence from Alice"
    assert abs(bob_f - 700) < 25, f"Bob heard {bob_f:.0f} Hz"
    # Bob hung up: Alice stays, still active with the agent, and no conference is left.
    agent.wait("call_removed", call=b_call)
    agent.wait("conference", calls=[])
    agent.send("status")
    lines = agent.wait("lines", where=lambda e: not e["conference"] and len(e["calls"]) == 1)
    assert lines["active"] == a_call and lines["calls"][0]["state"] == "confirmed"
    assert lines["calls"][0]["hold"] == "none"


def test_conference_bridges_both_directions(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer], prompts: Path, tmp_path: Path
) -> None:
    agent, alice, bob = trio
    (a_call, at_alice), (b_call, at_bob) = _two_calls(agent, alice, bob)
    agent.mark()
    agent.send({"cmd": "conference", "call": b_call, "with": a_call})
    agent.wait("conference", calls=sorted([a_call, b_call]))
    agent.wait("media", call=a_call, status="active")
    write_tone(prompts / "alice700.wav", 700, 2.0)
    write_tone(prompts / "bob1100.wav", 1100, 2.0)
    (alice_f, alice_rms), = _record_while_playing(
        [(alice, at_alice, tmp_path / "alice.wav")],
        [(alice, at_alice, "alice700.wav"), (bob, at_bob, "bob1100.wav")])
    assert alice_rms > 300, "Alice heard silence from Bob"
    assert abs(alice_f - 1100) < 25, f"Alice heard {alice_f:.0f} Hz"


def test_hold_leaves_the_conference_and_cuts_the_bridge(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer], prompts: Path, tmp_path: Path
) -> None:
    agent, alice, bob = trio
    (a_call, at_alice), (_, at_bob) = _two_calls(agent, alice, bob)
    agent.mark()
    agent.send("conference")
    agent.wait("media", call=a_call, status="active")
    agent.mark()
    agent.send({"cmd": "hold", "call": a_call})
    agent.wait("conference", calls=[])
    agent.wait("media", call=a_call, status="local-hold")
    write_tone(prompts / "alice700.wav", 700, 2.0)
    _, rms = _hears(bob, at_bob, tmp_path / "bob.wav", alice, at_alice,
                    prompts / "alice700.wav")
    assert rms < 100, "Bob still hears Alice after she was put on hold"


def test_swap_holds_the_active_call_and_resumes_the_held_one(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer], prompts: Path, tmp_path: Path
) -> None:
    agent, alice, bob = trio
    (a_call, at_alice), (b_call, at_bob) = _two_calls(agent, alice, bob)
    for _ in range(2):  # there and back again
        agent.mark()
        alice.mark()
        bob.mark()
        agent.send("swap")
        agent.wait("media", call=b_call, status="local-hold")
        agent.wait("media", call=a_call, status="active")
        bob.wait("media", call=at_bob, status="remote-hold")
        alice.wait("media", call=at_alice, status="active")
        agent.mark()
        agent.send("status")
        assert agent.wait("lines")["active"] == a_call
        agent.mark()
        agent.send("swap")
        agent.wait("media", call=a_call, status="local-hold")
        agent.wait("media", call=b_call, status="active")
    agent.mark()
    agent.send("swap")
    agent.wait("media", call=a_call, status="active")
    agent.wait("media", call=b_call, status="local-hold")
    # The agent hears the right peer: both play, only Alice (now active) reaches the agent.
    write_tone(prompts / "alice700.wav", 700, 2.0)
    write_tone(prompts / "bob1100.wav", 1100, 2.0)
    (a_f, a_rms), (_, b_rms) = _record_while_playing(
        [(agent, a_call, tmp_path / "from-alice.wav"), (agent, b_call, tmp_path / "from-bob.wav")],
        [(alice, at_alice, "alice700.wav"), (bob, at_bob, "bob1100.wav")])
    assert a_rms > 300 and abs(a_f - 700) < 25, (a_f, a_rms)
    assert b_rms < 100, "the held caller is still heard"


def test_a_consultation_becomes_a_three_way_call(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer], prompts: Path, tmp_path: Path
) -> None:
    """What the desk does when a supervisor joins: consult from the caller's call, then bridge
    the consultation call with the held caller."""
    agent, alice, bob = trio
    a_call, at_alice = _call(agent, alice)
    agent.mark()
    bob.mark()
    agent.send(f"consult {bob.uri}")
    consult = agent.wait("call", state="confirmed", where=lambda e: e["consult_for"] == a_call)
    at_bob = bob.wait("media", status="active")["call"]
    agent.wait("media", call=a_call, status="local-hold")
    agent.mark()
    agent.send({"cmd": "conference", "call": consult["call"], "with": a_call})
    agent.wait("conference", calls=sorted([a_call, consult["call"]]))
    agent.wait("media", call=a_call, status="active")
    write_tone(prompts / "bob1100.wav", 1100, 2.0)
    freq, rms = _hears(alice, at_alice, tmp_path / "alice.wav", bob, at_bob,
                       prompts / "bob1100.wav")
    assert rms > 300 and abs(freq - 1100) < 25, (freq, rms)


def test_swap_and_conference_refuse_clearly(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer]
) -> None:
    agent, alice, _ = trio
    agent.mark()
    agent.send("swap")
    assert "no active call" in agent.wait("error", command="swap")["message"]
    _call(agent, alice)
    agent.mark()
    agent.send("conference")
    assert "no other connected call" in agent.wait("error", command="conference")["message"]
    agent.send("swap")
    assert "no other connected call" in agent.wait("error", command="swap")["message"]


def test_do_not_disturb_refuses_with_486_whatever_the_state(
    trio: tuple[EnginePeer, EnginePeer, EnginePeer]
) -> None:
    agent, alice, _ = trio
    agent.mark()
    agent.send("dnd on")
    state = agent.wait("agent_state", dnd=True)
    assert state["state"] == "ready"
    alice.mark()
    alice.send(f"dial {agent.uri}")
    ended = alice.call_state("disconnected")
    assert ended["code"] == 486 and ended["answered"] is None
    refused = agent.wait("refused")
    assert refused["code"] == 486 and refused["reason"] == "do not disturb"
    sent = agent.stderr_path.read_text(errors="replace")
    assert 'Reason: SIP;cause=486;text="do not disturb"' in sent
    # Changing the agent state keeps do-not-disturb on.
    agent.send("state not-ready Break")
    agent.send("state ready")
    assert agent.wait("agent_state", state="ready", where=lambda e: e is not state)["dnd"]
    agent.mark()
    agent.send("dnd off")
    agent.wait("agent_state", dnd=False)
    alice.mark()
    alice.send(f"dial {agent.uri}")
    agent.wait("incoming")
    agent.send("reject")
    alice.call_state("disconnected")


def test_the_word_forms_parse() -> None:
    from agent.phone import protocol as proto

    both = proto.Command("conference", {"call": 3, "with": 1})
    assert proto.parse_command("conference 3 1") == both
    assert proto.parse_command("conference") == proto.Command("conference", {})
    assert proto.parse_command("swap 2") == proto.Command("swap", {"call": 2})
    assert proto.parse_command("dnd") == proto.Command("dnd", {"on": True})
    assert proto.parse_command("dnd off") == proto.Command("dnd", {"on": False})
    for bad in ("dnd maybe", "conference a", "conference 1 2 3"):
        with pytest.raises(proto.ProtocolError):
            proto.parse_command(bad)


def test_others_to_hold_spares_the_conference() -> None:
    from agent.phone.lines import CallRecord, Lines
    from agent.phone.protocol import CallState, Direction

    lines = Lines()
    for i in (1, 2, 3):
        lines.add(CallRecord(id=i, direction=Direction.OUT, remote_uri="", caller_id=str(i),
                             state=CallState.CONFIRMED, answered=1.0))
    lines.conference = {1, 2}
    assert [r.id for r in lines.others_to_hold(1)] == [3]
    assert [r.id for r in lines.others_to_hold(3)] == [1, 2]
    lines.remove(2)
    assert lines.conference == set()  # one call alone is no conference

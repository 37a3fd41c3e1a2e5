"""The engine against SIP clients no one here wrote: baresip and linphonec, all registered to a
real kamailio with digest auth. Calls both ways, hold/resume at once after the call is up,
DTMF both ways, transfers with each as transferee and target, 486 Busy Here, and a far end that
is killed mid-call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.phone.conftest import EnginePeer
from tests.phone.foreign import Baresip, Linphonec, installed
from tests.phone.kamailio import Kamailio

pytestmark = [
    pytest.mark.sip,
    pytest.mark.timeout(300),
    pytest.mark.skipif(not (installed("baresip") and installed("linphonec")),
                       reason="baresip/linphonec missing: installer/debian-deps.sh test"),
]

USERS = {
    "agent1": "pw-a1", "agent2": "pw-a2",
    "bs1": "pw-b1", "bs2": "pw-b2",
    "lp1": "pw-l1", "lp2": "pw-l2",
}
ROUNDS = 20
RTP_TIMEOUT = "4"
HELD_CHECK = "3"
TRANSFER_TIMEOUT = "8"


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"), USERS)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("foreign")


def register(peer: EnginePeer, kam: Kamailio, user: str) -> EnginePeer:
    peer.send({"cmd": "account", "server": kam.server, "user": user,
               "password": USERS[user], "transport": "udp"})
    peer.wait("registration", state="registered")
    return peer


@pytest.fixture(scope="module")
def agent(kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]) -> EnginePeer:
    peer = peer_factory("agent1", "--wrap-up", "0", "--log-sip", "--rtp-timeout", RTP_TIMEOUT,
                        "--held-check", HELD_CHECK, )
    return register(peer, kamailio, "agent1")


@pytest.fixture(scope="module")
def agent2(kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]) -> EnginePeer:
    peer = peer_factory("agent2", "--wrap-up", "0", "--log-sip", "--auto-answer")
    return register(peer, kamailio, "agent2")


@pytest.fixture(scope="module")
def baresip(kamailio: Kamailio, workdir: Path) -> Iterator[Baresip]:
    peer = Baresip(workdir, "bs1", USERS["bs1"], kamailio.server)
    yield peer
    peer.close()


@pytest.fixture(scope="module")
def linphone(kamailio: Kamailio, workdir: Path) -> Iterator[Linphonec]:
    peer = Linphonec(workdir, "lp1", USERS["lp1"], kamailio.server)
    yield peer
    peer.close()


@pytest.fixture(autouse=True)
def clean_lines(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    for name in ("agent", "agent2"):
        if name in request.fixturenames:
            peer = request.getfixturevalue(name)
            peer.hangup_all()
            peer.send("state ready")


def dial(agent: EnginePeer, user: str) -> int:
    """The agent dials ``user`` (who answers by itself); returns the call id once confirmed."""
    agent.mark()
    agent.send(f"dial {user}")
    return int(agent.call_state("confirmed")["call"])


def hang_up(agent: EnginePeer, call: int) -> None:
    agent.send(f"hangup {call}")
    agent.wait("call_removed", call=call)


# ---------------------------------------------------------------------- hold race


@pytest.mark.parametrize("peer_name", ["baresip", "linphone"])
def test_hold_and_resume_at_once_after_confirmed(
    request: pytest.FixtureRequest, agent: EnginePeer, peer_name: str
) -> None:
    """baresip answers with several codecs; pjsua's codec-lock re-INVITE used to collide with
    a hold sent as soon as the call was confirmed (PJ_EINVALIDOP, the call stayed un-held)."""
    user = {"baresip": "bs1", "linphone": "lp1"}[peer_name]
    request.getfixturevalue(peer_name)
    held = resumed = 0
    for _ in range(ROUNDS):
        call = dial(agent, user)
        agent.send(f"hold {call}")
        agent.wait("media", call=call, status="local-hold")
        held += 1
        agent.send(f"resume {call}")
        agent.wait("media", call=call, status="active",
                   where=lambda e: e["t"] > 0)
        resumed += 1
        assert agent.find("error") is None, agent.find("error")
        hang_up(agent, call)
    assert (held, resumed) == (ROUNDS, ROUNDS)


@pytest.mark.parametrize("peer_name", ["baresip", "linphone"])
def test_hold_and_resume_at_once_after_media(
    request: pytest.FixtureRequest, agent: EnginePeer, peer_name: str
) -> None:
    user = {"baresip": "bs1", "linphone": "lp1"}[peer_name]
    request.getfixturevalue(peer_name)
    done = 0
    for _ in range(ROUNDS):
        agent.mark()
        agent.send(f"dial {user}")
        call = int(agent.wait("media", status="active")["call"])
        agent.send(f"hold {call}")
        agent.wait("media", call=call, status="local-hold")
        agent.mark()
        agent.send(f"resume {call}")
        agent.wait("media", call=call, status="active")
        assert agent.find("error") is None, agent.find("error")
        done += 1
        hang_up(agent, call)
    assert done == ROUNDS


# ---------------------------------------------------------------------- dead peers


def start_peer(kind: str, workdir: Path, kam: Kamailio, user: str) -> Baresip | Linphonec:
    if kind == "baresip":
        return Baresip(workdir, user, USERS[user], kam.server)
    return Linphonec(workdir, user, USERS[user], kam.server)


def peer_dials(peer: Baresip | Linphonec, target: str) -> None:
    if isinstance(peer, Baresip):
        peer.command("dial", target)
    else:
        peer.send(f"call {target}")


@pytest.mark.parametrize(
    ("kind", "user", "direction", "held"),
    [
        ("baresip", "bs2", "out", False),
        ("linphone", "lp2", "in", False),
        ("baresip", "bs2", "in", True),
        ("linphone", "lp2", "out", True),
    ],
)
def test_far_end_killed_mid_call_is_noticed(
    agent: EnginePeer, kamailio: Kamailio, workdir: Path,
    kind: str, user: str, direction: str, held: bool,
) -> None:
    """SIGKILL the far end: an active call ends when RTP stops, a held one when the in-dialog
    OPTIONS probe gets no answer (kamailio's 408 here); both with code 408 and a reason."""
    peer = start_peer(kind, workdir, kamailio, user)
    try:
        agent.mark()
        if direction == "out":
            agent.send(f"dial {user}")
        else:
            peer_dials(peer, f"sip:agent1@{kamailio.server}")
            incoming = agent.wait("incoming")
            agent.send({"cmd": "answer", "call": incoming["call"]})
        call = int(agent.call_state("confirmed")["call"])
        agent.wait("media", call=call, status="active")
        if held:
            agent.send(f"hold {call}")
            agent.wait("media", call=call, status="local-hold")
        # A live far end is left alone for longer than the checks take.
        wait_s = 2 * float(HELD_CHECK if held else RTP_TIMEOUT) + 1
        with pytest.raises(AssertionError):
            agent.call_state("disconnected", timeout=wait_s, call=call)
        agent.mark()
        peer.kill()
        ended = agent.call_state("disconnected", call=call, timeout=40)
    finally:
        peer.close()
    assert ended["code"] == 408
    if held:
        assert ended["reason"].startswith("the far end does not answer (OPTIONS: 408")
    else:
        assert ended["reason"] == f"no audio from the far end for {RTP_TIMEOUT} s"
    assert ended["ended"] is not None
    agent.wait("call_removed", call=call)

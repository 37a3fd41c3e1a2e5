"""The engine against SIP clients no one here wrote: baresip and linphonec, all registered to a
real kamailio with digest auth. Calls both ways, hold/resume at once after the call is up,
DTMF both ways, transfers with each as transferee and target, 486 Busy Here, and a far end that
is killed mid-call."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.phone.conftest import EnginePeer, PeerError
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
    "agent3": "pw-a3", "agent4": "pw-a4",
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
                        "--held-check", HELD_CHECK, "--transfer-timeout", TRANSFER_TIMEOUT)
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


BUSY_RETRIES = 5


def dial(agent: EnginePeer, user: str, media: bool = False) -> int:
    """The agent dials ``user`` (who answers by itself); returns the call id once confirmed (with
    ``media``, once its media is active). A peer still clearing the last call answers 486 Busy
    Here (linphonec ends a call on its next iteration): that dial is tried again."""
    for attempt in range(BUSY_RETRIES):
        agent.mark()
        agent.send(f"dial {user}")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            up = (agent.find("media", status="active") if media
                  else agent.find("call", state="confirmed"))
            if up is not None:
                return int(up["call"])
            if agent.find("call", state="disconnected", code=486) is not None:
                break
            if agent.find("_eof") is not None:
                raise PeerError(f"{agent.name} exited while dialling {user}; "
                                f"{agent.exit_report()}")
            time.sleep(0.02)
        else:
            raise AssertionError(f"{user} did not answer within 15 s")
        time.sleep(0.2 * (attempt + 1))
    raise AssertionError(f"{user} stayed busy over {BUSY_RETRIES} dials")


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
        call = dial(agent, user, media=True)
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
    first_event = len(agent.events)
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
    story = "\n".join(agent.story(call, first_event))
    assert ended["code"] == 408, story
    if held:
        assert ended["reason"].startswith("the far end does not answer (OPTIONS: 408"), story
    else:
        assert ended["reason"] == f"no audio from the far end for {RTP_TIMEOUT} s", story
    assert ended["ended"] is not None
    agent.wait("call_removed", call=call)


# ---------------------------------------------------------------------- transfers


@pytest.fixture
def fresh(baresip: Baresip, linphone: Linphonec) -> Iterator[tuple[Baresip, Linphonec]]:
    """Both foreign peers, with no call left over at the end."""
    baresip.mark()
    linphone.mark()
    yield baresip, linphone
    for _ in range(3):
        baresip.command("hangup")
    linphone.send("terminate all")


def transfer_final(agent: EnginePeer, call: int, timeout: float = 30) -> dict[str, object]:
    return agent.wait("transfer", call=call, final=True, timeout=timeout)


def test_blind_transfer_baresip_to_linphone(
    agent: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    _, linphone = fresh
    call = dial(agent, "bs1")
    agent.send("transfer lp1")
    final = transfer_final(agent, call)
    assert (final["ok"], final["code"]) == (True, 200)
    agent.wait("call_removed", call=call)
    linphone.wait(r"Receiving new incoming call from sip:bs1@")


def test_blind_transfer_linphone_to_baresip_ends_without_its_final_notify(
    agent: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    """linphone's final NOTIFY carries a malformed Subscription-State that pjsip drops: the
    transfer still gets its final event (after the timeout), with the call still up."""
    baresip, _ = fresh
    call = dial(agent, "lp1")
    agent.send("transfer bs1")
    baresip.wait("CALL_ESTABLISHED")  # the caller reached the target
    final = transfer_final(agent, call, timeout=float(TRANSFER_TIMEOUT) + 10)
    assert (final["ok"], final["code"]) == (False, 408)
    assert "held by the far end" in str(final["reason"])
    assert agent.find("call_removed", call=call) is None  # the agent decides what to do


def test_blind_transfer_to_nobody_fails_at_linphones_failure_notify(
    agent: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    """linphone sends its failure NOTIFY with Subscription-State: active and never ends the
    subscription: the sipfrag status decides."""
    call = dial(agent, "lp1")
    agent.send("transfer nobody")
    final = transfer_final(agent, call, timeout=float(TRANSFER_TIMEOUT) - 2)
    assert (final["ok"], final["code"]) == (False, 404)
    assert agent.find("call_removed", call=call) is None


def test_a_success_after_the_transfer_timeout_still_ends_our_leg(
    agent: EnginePeer, kamailio: Kamailio, peer_factory: Callable[..., EnginePeer],
    fresh: tuple[Baresip, Linphonec],
) -> None:
    """The target answers only after the timeout was reported: baresip's 200 NOTIFY then
    ends our leg after all."""
    target = register(peer_factory("agent4", "--wrap-up", "0"), kamailio, "agent4")
    call = dial(agent, "bs1")
    target.mark()
    agent.send("transfer agent4")
    incoming = target.wait("incoming")
    timed_out = transfer_final(agent, call, timeout=float(TRANSFER_TIMEOUT) + 10)
    assert (timed_out["ok"], timed_out["code"]) == (False, 408)
    agent.mark()
    target.send({"cmd": "answer", "call": incoming["call"]})
    late = transfer_final(agent, call)
    assert (late["ok"], late["code"]) == (True, 200)
    agent.wait("call_removed", call=call)
    target.hangup_all()


def consult_and_complete(agent: EnginePeer, transferee: str, target: str) -> tuple[int, int]:
    call = dial(agent, transferee)
    agent.send(f"consult {target}")
    consult = int(agent.wait("call", state="confirmed", where=lambda e: e["call"] != call)["call"])
    agent.wait("media", call=consult, status="active")
    agent.send("complete")
    return call, consult


def test_attended_transfer_linphone_to_baresip_fails_cleanly(
    agent: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    """baresip refuses INVITE with Replaces (420); linphone reports it with an 'active' NOTIFY."""
    call, _consult = consult_and_complete(agent, "lp1", "bs1")
    final = transfer_final(agent, call)
    assert (final["ok"], final["code"]) == (False, 420)
    assert agent.find("call_removed") is None  # the caller and the consultation are still up


def test_attended_transfer_baresip_to_linphone_ends_with_a_final_event(
    agent: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    """baresip cannot do Replaces (it dials a URI with the header folded in) and sends no final
    NOTIFY: the transfer is reported as failed after the timeout, both legs still up."""
    call, _consult = consult_and_complete(agent, "bs1", "lp1")
    final = transfer_final(agent, call, timeout=float(TRANSFER_TIMEOUT) + 10)
    assert final["ok"] is False
    assert final["code"] in (408, 420, 481, 500, 603)


def test_attended_transfer_linphone_to_engine(
    agent: EnginePeer, agent2: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    """linphone honours Replaces but its final NOTIFY is dropped: the target taking over the
    consultation call (BYE to us) settles it."""
    agent2.mark()
    call, consult = consult_and_complete(agent, "lp1", "agent2")
    final = transfer_final(agent, call)
    assert (final["ok"], final["code"]) == (True, 200)
    agent.wait("call_removed", call=call)
    agent.wait("call_removed", call=consult)
    replaced = agent2.wait("replaced")
    assert "lp1" in replaced["remote_uri"]


def test_attended_transfer_engine_to_linphone(
    agent: EnginePeer, agent2: EnginePeer, fresh: tuple[Baresip, Linphonec]
) -> None:
    _, _linphone = fresh
    call, consult = consult_and_complete(agent, "agent2", "lp1")
    final = transfer_final(agent, call)
    assert (final["ok"], final["code"]) == (True, 200)
    agent.wait("call_removed", call=call)
    agent.wait("call_removed", call=consult)
    agent2.wait("call", state="confirmed", where=lambda e: "lp1" in e["remote_uri"])


# ---------------------------------------------------------------------- media address


def udp_addresses(pid: int) -> set[str]:
    """``IP:port`` of every UDP socket the process holds (from /proc)."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = set()
    for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[9] in inodes:
            hex_ip, hex_port = fields[1].split(":")
            ip = socket.inet_ntoa(struct.pack("<I", int(hex_ip, 16)))
            found.add(f"{ip}:{int(hex_port, 16)}")
    return found


def rtp_source_seen_by(peer: Baresip, start: int) -> str:
    """The address baresip says it receives our RTP from, in its log after ``start``."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        text = peer.log.read_text(errors="replace")[start:]
        found = re.search(r"incoming rtp for 'audio' established, receiving from ([0-9.]+):", text)
        if found:
            return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"baresip saw no RTP:\n{peer.log_tail()}")


def test_rtp_binds_and_sdp_names_the_listen_address(agent: EnginePeer, baresip: Baresip) -> None:
    assert agent.hello["media_address"] == "127.0.0.1"
    start = len(baresip.log.read_text(errors="replace"))
    call = dial(agent, "bs1")
    agent.wait("media", call=call, status="active")
    assert rtp_source_seen_by(baresip, start) == "127.0.0.1"
    addresses = udp_addresses(agent.proc.pid)
    assert addresses and all(a.startswith("127.0.0.1:") for a in addresses), addresses


def test_a_separate_media_address(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer], baresip: Baresip
) -> None:
    """SIP on one address, RTP on another (a workstation with a VPN and a LAN)."""
    peer = register(peer_factory("agent3", "--wrap-up", "0", "--media-address", "127.0.0.2"),
                    kamailio, "agent3")
    assert peer.hello["media_address"] == "127.0.0.2"
    start = len(baresip.log.read_text(errors="replace"))
    call = dial(peer, "bs1")
    peer.wait("media", call=call, status="active")
    assert rtp_source_seen_by(baresip, start) == "127.0.0.2"
    addresses = udp_addresses(peer.proc.pid)
    assert any(a.startswith("127.0.0.2:") for a in addresses), addresses
    assert not any(a.startswith("0.0.0.0:") for a in addresses), addresses
    peer.hangup_all()


# ---------------------------------------------------------------------- 486 Busy Here


def test_not_ready_is_486_busy_here_with_the_state_in_a_reason_header(
    agent: EnginePeer, kamailio: Kamailio, fresh: tuple[Baresip, Linphonec]
) -> None:
    baresip, linphone = fresh
    agent.mark()
    agent.send("state not-ready Lunch")
    agent.wait("agent_state", state="not-ready")
    try:
        start = len(baresip.log.read_text(errors="replace"))
        baresip.command("dial", f"sip:agent1@{kamailio.server}")
        refused = agent.wait("refused", code=486)
        assert (refused["cause"], refused["agent_reason"]) == ("not-ready", "Lunch")
        # Not the late close of the last test's call (seen under load: "Connection reset").
        baresip.wait("CALL_CLOSED", where=lambda e: "486 Busy Here" in str(e.get("param", "")))
        assert "486 Busy Here" in baresip.log.read_text(errors="replace")[start:]
        agent.mark()
        linphone.send(f"call sip:agent1@{kamailio.server}")
        refused = agent.wait("refused", code=486)
        assert (refused["cause"], refused["agent_reason"]) == ("not-ready", "Lunch")
        linphone.wait(r"Call \d+ with sip:agent1@.* error\.")
        assert "SIP/2.0 486 Busy Here" in linphone.log.read_text(errors="replace")
    finally:
        agent.send("state ready")
    sent = agent.stderr_path.read_text(errors="replace")
    assert "SIP/2.0 486 Busy Here" in sent
    assert 'Reason: SIP;cause=486;text="agent is not-ready"' in sent


# ---------------------------------------------------------------------- DTMF


def test_dtmf_both_ways_with_baresip(
    agent: EnginePeer, kamailio: Kamailio, fresh: tuple[Baresip, Linphonec]
) -> None:
    baresip, _ = fresh
    call = dial(agent, "bs1")
    agent.wait("media", call=call, status="active")
    baresip.mark()
    agent.send({"cmd": "dtmf", "call": call, "digits": "15#"})
    got = []
    while len(got) < 3:
        got.append(str(baresip.wait("CALL_DTMF_START").get("param")))
        baresip.mark()
    assert got == ["1", "5", "#"]
    agent.mark()
    for digit in "73":
        baresip.command("sndcode", digit)
    assert [agent.wait("dtmf", call=call, digit=d)["digit"] for d in "73"] == ["7", "3"]


def test_dtmf_both_ways_with_linphone(
    agent: EnginePeer, kamailio: Kamailio, fresh: tuple[Baresip, Linphonec]
) -> None:
    _, linphone = fresh
    call = dial(agent, "lp1")
    agent.wait("media", call=call, status="active")
    agent.send({"cmd": "dtmf", "call": call, "digits": "42"})
    linphone.wait(r"Receiving tone 4")
    linphone.wait(r"Receiving tone 2")
    agent.mark()
    linphone.send("9")
    agent.wait("dtmf", call=call, digit="9")


# ---------------------------------------------------------------------- calls from the peers


def peer_hold(peer: Baresip | Linphonec) -> None:
    if isinstance(peer, Baresip):
        peer.command("hold")
    else:
        peer.mark()
        peer.send("pause")
        # It refuses "resume" until its own re-INVITE is answered.
        peer.wait(r"Call \d+ with .* is now paused")


def peer_resume(peer: Baresip | Linphonec) -> None:
    if isinstance(peer, Baresip):
        peer.command("resume")
    else:
        peer.send("resume")


def peer_hangs_up(peer: Baresip | Linphonec) -> None:
    if isinstance(peer, Baresip):
        peer.command("hangup")
    else:
        peer.send("terminate")


@pytest.mark.parametrize("peer_name", ["baresip", "linphone"])
def test_a_call_from_each_peer_is_answered_held_both_ways_and_ended_by_the_caller(
    agent: EnginePeer, kamailio: Kamailio,
    fresh: tuple[Baresip, Linphonec], peer_name: str,
) -> None:
    """The foreign client calls the agent through the registrar: the agent sees who calls,
    answers, holds and resumes; the caller holds and resumes the agent; the caller hangs up."""
    baresip, linphone = fresh
    peer: Baresip | Linphonec = baresip if peer_name == "baresip" else linphone
    user = "bs1" if peer_name == "baresip" else "lp1"
    agent.mark()
    peer_dials(peer, f"sip:agent1@{kamailio.server}")
    incoming = agent.wait("incoming")
    call = int(incoming["call"])
    assert incoming["caller_id"] == user
    agent.send({"cmd": "answer", "call": call})
    agent.call_state("confirmed", call=call)
    agent.wait("media", call=call, status="active")

    agent.mark()
    agent.send(f"hold {call}")
    agent.wait("media", call=call, status="local-hold")
    agent.send(f"resume {call}")
    agent.wait("media", call=call, status="active")

    agent.mark()
    peer_hold(peer)
    agent.wait("media", call=call, status="remote-hold")
    held = agent.wait("call", call=call, where=lambda e: e["hold"] == "remote")
    assert held["state"] == "confirmed"
    agent.mark()
    peer_resume(peer)
    agent.wait("media", call=call, status="active")

    agent.mark()
    peer_hangs_up(peer)
    ended = agent.call_state("disconnected", call=call)
    assert ended["ended"] is not None
    agent.wait("call_removed", call=call)
    assert agent.find("error") is None, agent.find("error")


@pytest.mark.parametrize("peer_name", ["baresip", "linphone"])
def test_each_peer_can_blind_transfer_the_agent(
    agent: EnginePeer, agent2: EnginePeer, kamailio: Kamailio,
    fresh: tuple[Baresip, Linphonec], peer_name: str,
) -> None:
    """The agent as the transferee: the foreign client sends REFER, the engine reports it and
    places the new call to the target itself (the target here auto-answers)."""
    baresip, linphone = fresh
    peer: Baresip | Linphonec = baresip if peer_name == "baresip" else linphone
    call = dial(agent, "bs1" if peer_name == "baresip" else "lp1")
    agent.wait("media", call=call, status="active")
    agent.mark()
    agent2.mark()
    target = f"sip:agent2@{kamailio.server}"
    if isinstance(peer, Baresip):
        peer.command("transfer", target)
    else:
        peer.send(f"transfer {target}")
    requested = agent.wait("transfer", call=call, kind="requested")
    new_call = int(requested["new_call"])
    assert "agent2" in str(requested["reason"])
    agent.call_state("confirmed", call=new_call)
    agent2.wait("call", state="confirmed", where=lambda e: "agent1" in e["remote_uri"])
    agent.wait("call_removed", call=call)  # the transferor ends its leg once the new one is up
    assert agent.find("error") is None, agent.find("error")

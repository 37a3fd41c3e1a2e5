"""A far end whose own re-INVITE crosses the agent's hold (glare), played by sipp: its
re-INVITE refused with 491, and our hold refused with 491.

pjsua refuses the far end's re-INVITE with 491 while our hold offer is pending; that refusal is
not the outcome of *our* re-INVITE. Taken for it, the hold was reported failed, the wish to hold
was dropped, and when the hold's 200 arrived the engine resumed the call by itself: a call the
agent had put on hold was active again and judged by RTP silence.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.phone.conftest import EnginePeer
from tests.phone.kamailio import free_port

pytestmark = [
    pytest.mark.sip,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("sipp") is None, reason="sipp is not installed"),
]

SDP = """v=0
o=sipp 1 [sdp_version] IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
a={direction}
"""


def reply(status: str, direction: str = "", version: int = 0, new_tag: bool = False) -> str:
    """sipp's answer to the request it just received: with an SDP offer of ``direction`` (and
    its ``version``) when given, with sipp's To tag for a dialog it starts with ``new_tag``."""
    tag = ";tag=[pid]SIPpTag01[call_number]" if new_tag else ""
    body = "Content-Length: 0\n"
    if direction:
        sdp = SDP.format(direction=direction).replace("[sdp_version]", str(version))
        body = ("Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>\n"
                f"Content-Type: application/sdp\nContent-Length: [len]\n\n{sdp}")
    return (f"  <send><![CDATA[\nSIP/2.0 {status}\n[last_Via:]\n[last_From:]\n[last_To:]{tag}\n"
            f"[last_Call-ID:]\n[last_CSeq:]\n{body}]]></send>\n")


# Every scenario answers the call first and ends with the agent's BYE.
RECV_ACK = '  <recv request="ACK" crlf="true"/>\n'
ANSWER = ('  <recv request="INVITE" crlf="true"/>\n'
          + reply("200 OK", "sendrecv", 1, new_tag=True) + RECV_ACK)
HANG_UP = '  <recv request="BYE"/>\n' + reply("200 OK")


def scenario(name: str, middle: str) -> str:
    """A sipp UAS scenario: answer, ``middle`` (what it does with the agent's hold), hang up."""
    return (f'<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="{name}">\n'
            f"{ANSWER}{middle}{HANG_UP}</scenario>\n")


# When the agent's hold re-INVITE arrives the UAS first sends its own re-INVITE (refused with
# 491: our offer is pending), ACKs that, then answers the hold with recvonly. Anything else from
# the engine (a resume re-INVITE) fails the scenario.
GLARE_UAS = scenario("UAS whose re-INVITE crosses the caller's hold", f"""  <recv request="INVITE">
    <action>
      <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via"/>
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from"/>
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to"/>
      <ereg regexp=".*" search_in="hdr" header="CSeq:" assign_to="cseq"/>
      <ereg regexp="sip:[^>]*" search_in="hdr" header="Contact:" assign_to="contact"/>
    </action>
  </recv>
  <send start_txn="glare"><![CDATA[
INVITE [$contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From:[$to]
To:[$from]
[last_Call-ID:]
CSeq: 100 INVITE
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

{SDP.format(direction="sendrecv").replace("[sdp_version]", "2")}]]></send>
  <recv response="491" response_txn="glare"/>
  <send ack_txn="glare"><![CDATA[
ACK [$contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[last_From:]
[last_To:]
[last_Call-ID:]
CSeq: 100 ACK
Max-Forwards: 70
Content-Length: 0
]]></send>
  <send><![CDATA[
SIP/2.0 200 OK
Via:[$via]
From:[$from]
To:[$to]
[last_Call-ID:]
CSeq:[$cseq]
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

{SDP.format(direction="recvonly").replace("[sdp_version]", "3")}]]></send>
  <recv request="ACK" crlf="true"/>
""")

# The UAS refuses the agent's first hold with 491 (as a phone does whose own offer is pending),
# then answers the hold sent again with recvonly.
REFUSING_UAS = scenario(
    "UAS that answers the first hold with 491",
    '  <recv request="INVITE"/>\n' + reply("491 Request Pending") + RECV_ACK
    + '  <recv request="INVITE"/>\n' + reply("200 OK", "recvonly", 2) + RECV_ACK)


@contextmanager
def call_held_against(scenario_text: str, agent: EnginePeer, tmp_path: Path) -> Iterator[int]:
    """Dial a sipp UAS playing ``scenario_text`` and put the call on hold; yields the call id
    once the hold took with no error reported. The caller's block checks more, then the call
    is hung up and sipp must have played its whole scenario."""
    scenario_file = tmp_path / "uas.xml"
    scenario_file.write_text(scenario_text, encoding="utf-8")
    port = free_port()
    uas = subprocess.Popen(
        ["sipp", "-sf", str(scenario_file), "-i", "127.0.0.1", "-p", str(port), "-m", "1",
         "-nostdin", "-timeout", "60s", "-timeout_error", "-trace_err", "-trace_msg",
         "-error_file", str(tmp_path / "sipp-errors.log"),
         "-message_file", str(tmp_path / "sipp-messages.log")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path,
    )
    try:
        agent.mark()
        agent.send(f"dial sip:service@127.0.0.1:{port}")
        call = int(agent.call_state("confirmed", timeout=20)["call"])
        agent.wait("media", call=call, status="active")
        agent.send(f"hold {call}")
        agent.wait("media", call=call, status="local-hold")
        # A 491 went out or came in (and was reported, if at all) before the hold took.
        assert agent.find("error") is None, agent.find("error")
        yield call
        agent.send(f"hangup {call}")
        agent.wait("call_removed", call=call)
        out, _ = uas.communicate(timeout=30)
        assert uas.returncode == 0, out.decode()[-2000:] + _tail(tmp_path / "sipp-errors.log")
    finally:
        if uas.poll() is None:
            uas.kill()
            uas.wait(5)


def assert_held(agent: EnginePeer, call: int) -> None:
    """The engine's own status lists ``call`` as the only call, held by us."""
    agent.mark()
    agent.send("status")
    lines = agent.wait("lines")
    assert [(c["call"], c["hold"]) for c in lines["calls"]] == [(call, "local")], lines


def test_the_far_ends_reinvite_refused_with_491_does_not_undo_our_hold(
    peer_factory: Callable[..., EnginePeer], tmp_path: Path
) -> None:
    agent = peer_factory("glare", "--wrap-up", "0", "--no-history")
    with call_held_against(GLARE_UAS, agent, tmp_path) as call:
        assert_held(agent, call)
    assert agent.find("media", call=call, status="active") is None


def test_our_hold_refused_with_491_is_sent_again(
    peer_factory: Callable[..., EnginePeer], tmp_path: Path
) -> None:
    """RFC 3261 14.1: a re-INVITE refused with 491 is tried again after a short random pause;
    the agent's hold is not dropped with an error."""
    agent = peer_factory("refused", "--wrap-up", "0", "--no-history")
    with call_held_against(REFUSING_UAS, agent, tmp_path) as call:
        assert_held(agent, call)


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""

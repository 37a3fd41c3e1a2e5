"""Foreign peers: sipp as caller and as callee, and malformed SIP thrown at the engine's port."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.phone.conftest import EnginePeer
from tests.phone.kamailio import free_port

pytestmark = [pytest.mark.sip, pytest.mark.timeout(120)]

needs_sipp = pytest.mark.skipif(shutil.which("sipp") is None, reason="sipp is not installed")


@pytest.fixture(scope="module")
def answering(peer_factory: Callable[..., EnginePeer]) -> EnginePeer:
    return peer_factory("answerer", "--auto-answer", "--wrap-up", "0", "--no-history")


def _host_port(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host, int(port)


@needs_sipp
def test_sipp_uac_calls_an_auto_answering_engine(answering: EnginePeer, tmp_path: Path) -> None:
    answering.mark()
    result = subprocess.run(
        ["sipp", "-sn", "uac", answering.address, "-i", "127.0.0.1", "-p", str(free_port()),
         "-s", "answerer", "-m", "6", "-r", "4", "-l", "3", "-d", "400", "-nostdin",
         "-timeout", "60s", "-timeout_error", "-trace_err",
         "-error_file", str(tmp_path / "sipp-errors.log")],
        capture_output=True,
        timeout=90,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout.decode()[-2000:] + _read(tmp_path)
    answering.wait("call_removed")
    assert answering.alive


@needs_sipp
def test_engine_calls_a_sipp_uas(peer_factory: Callable[..., EnginePeer], tmp_path: Path) -> None:
    caller = peer_factory("sippcaller", "--wrap-up", "0", "--no-history")
    port = free_port()
    uas = subprocess.Popen(
        ["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(port), "-m", "1", "-nostdin",
         "-timeout", "60s", "-timeout_error", "-trace_err",
         "-error_file", str(tmp_path / "sipp-errors.log")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    try:
        caller.mark()
        caller.send(f"dial sip:service@127.0.0.1:{port}")
        confirmed = caller.call_state("confirmed", timeout=20)
        caller.send(f"hangup {confirmed['call']}")
        caller.call_state("disconnected")
        out, _ = uas.communicate(timeout=30)
        assert uas.returncode == 0, out.decode()[-2000:] + _read(tmp_path)
    finally:
        if uas.poll() is None:
            uas.kill()
            uas.wait(5)


INFO_UAC = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="UAC sending a DTMF digit as SIP INFO">
  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0
]]></send>
  <pause milliseconds="300"/>
  <send retrans="500"><![CDATA[
INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 INFO
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/dtmf-relay
Content-Length: [len]

Signal=7
Duration=160
]]></send>
  <recv response="200"/>
  <pause milliseconds="300"/>
  <send retrans="500"><![CDATA[
BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 3 BYE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0
]]></send>
  <recv response="200"/>
</scenario>
"""


@needs_sipp
def test_sipp_sends_dtmf_as_sip_info(answering: EnginePeer, tmp_path: Path) -> None:
    scenario = tmp_path / "info_uac.xml"
    scenario.write_text(INFO_UAC, encoding="utf-8")
    answering.mark()
    result = subprocess.run(
        ["sipp", "-sf", str(scenario), answering.address, "-i", "127.0.0.1",
         "-p", str(free_port()), "-s", "answerer", "-m", "1", "-nostdin",
         "-timeout", "30s", "-timeout_error", "-trace_err",
         "-error_file", str(tmp_path / "sipp-errors.log")],
        capture_output=True, timeout=60, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout.decode()[-2000:] + _read(tmp_path)
    incoming = answering.wait("incoming")
    answering.wait("dtmf", call=incoming["call"], digit="7")
    answering.wait("call_removed", call=incoming["call"])


def _read(tmp_path: Path) -> str:
    path = tmp_path / "sipp-errors.log"
    return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def _invite(target: str, body: str = "", content_length: int | None = None,
            extra_headers: str = "") -> bytes:
    call_id = uuid.uuid4().hex
    length = len(body.encode()) if content_length is None else content_length
    return (
        f"INVITE sip:x@{target} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{call_id[:10]};rport\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:fuzz@127.0.0.1>;tag={call_id[:6]}\r\n"
        f"To: <sip:x@{target}>\r\n"
        f"Call-ID: {call_id}\r\n"
        "CSeq: 1 INVITE\r\n"
        "Contact: <sip:fuzz@127.0.0.1:9>\r\n"
        f"{extra_headers}"
        "Content-Type: application/sdp\r\n"
        f"Content-Length: {length}\r\n\r\n{body}"
    ).encode()


def test_malformed_sip_does_not_kill_the_engine(
    peer_factory: Callable[..., EnginePeer]
) -> None:
    target = peer_factory("target", "--wrap-up", "0", "--no-history")
    caller = peer_factory("prober", "--wrap-up", "0", "--no-history")
    host, port = _host_port(target.address)
    whole = _invite(target.address, "v=0\r\n")
    garbage = [
        whole[: len(whole) // 2],  # truncated in the middle of the headers
        _invite(target.address, extra_headers="X-Big: " + "A" * 64000 + "\r\n"),  # ~64 KB header
        _invite(target.address, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", content_length=5000),
        _invite(target.address, "v=0\r\n", content_length=-3),
        _invite(target.address, "garbage sdp \x00\x01\x02\r\nm=audio notaport RTP/AVP x\r\n"),
        bytes(range(256)) * 8,  # binary noise
        b"\x00" * 1500,
        b"SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n",  # a response to nothing
        b"INVITE\r\n\r\n",
        "ПРИВЕТ sip:x SIP/2.0\r\n\r\n".encode(),
    ]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for datagram in garbage:
            # EMSGSIZE would mean the kernel refused it and the engine never saw it.
            with contextlib.suppress(OSError):
                sock.sendto(datagram, (host, port))
    # The engine is still alive and a proper call still works end to end.
    target.mark()
    target.send({"cmd": "status", "id": "after-fuzz"})
    target.wait("lines", reply_to="after-fuzz")
    assert target.alive
    # A fuzz INVITE with valid syntax may be ringing: hang everything up first.
    target.hangup_all()
    caller.mark()
    target.mark()
    caller.send(f"dial {target.uri}")
    incoming = target.wait("incoming", where=lambda e: e["caller_id"] == "prober")
    target.send({"cmd": "answer", "call": incoming["call"]})
    caller.call_state("confirmed")
    caller.send("hangup")
    target.call_state("disconnected", call=incoming["call"])

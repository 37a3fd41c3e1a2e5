"""PhoneClient (QtCore) driving a real engine process, with an engine peer calling it."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent.phone import protocol as proto
from agent.phone.client import PhoneClient
from agent.phone.protocol import AgentState, AgentStateEvent, Call, CallState, HelloEvent
from tests.phone.conftest import EnginePeer

pytestmark = [pytest.mark.sip, pytest.mark.timeout(90)]


@pytest.fixture
def client(qtbot, tmp_path: Path) -> Iterator[PhoneClient]:
    home = tmp_path / "home"
    home.mkdir()
    phone = PhoneClient(extra_env={"SUFLER_HOME": str(home),
                                   "SUFLER_SITE_FILE": str(home / "none.toml")})
    with qtbot.waitSignal(phone.engine_started, timeout=30000):
        phone.start(["--listen", "127.0.0.1:0", "--user", "desk", "--wrap-up", "0"])
    yield phone
    with qtbot.waitSignal(phone.engine_stopped, timeout=15000) as stopped:
        phone.stop()
    assert (stopped.args[0].problem, stopped.args[0].message) == (
        proto.Problem.ENGINE_STOPPED, "stopped")


def test_incoming_call_becomes_typed_signals_and_answer_works(
    qtbot, client: PhoneClient, peer_factory: Callable[..., EnginePeer]
) -> None:
    caller = peer_factory("caller", "--wrap-up", "0")
    assert isinstance(client.hello, HelloEvent)
    address = client.hello.listen

    def ringing(snapshot: Call) -> bool:
        return snapshot.state is CallState.INCOMING

    with qtbot.waitSignal(client.call_changed, check_params_cb=ringing, timeout=15000) as rang:
        caller.send(f"dial sip:desk@{address}")
    incoming = rang.args[0]
    assert isinstance(incoming, Call) and incoming.caller_id == "caller"
    assert incoming.is_ringing_here and incoming.started > 0
    call_id = incoming.call

    def confirmed(snapshot: Call) -> bool:
        return snapshot.call == call_id and snapshot.state is CallState.CONFIRMED

    with qtbot.waitSignal(client.call_changed, check_params_cb=confirmed, timeout=15000):
        client.answer(call_id)

    def lines_with_the_call(lines: object) -> bool:
        return any(c.call == call_id and c.is_talking for c in getattr(lines, "calls", ()))

    with qtbot.waitSignal(client.lines_changed, check_params_cb=lines_with_the_call,
                          timeout=15000) as lines:
        client.request_status()
    assert lines.args[0].active == call_id

    with qtbot.waitSignal(client.call_removed, timeout=15000) as removed:
        client.hangup(call_id)
    assert removed.args == [call_id]
    caller.wait("call", state="disconnected")


def test_bad_command_is_reported_not_fatal(qtbot, client: PhoneClient) -> None:
    with qtbot.waitSignal(client.error_reported, timeout=10000) as error:
        client.hold(4242)
    assert (error.args[0].problem, error.args[0].params) == (
        proto.Problem.NO_SUCH_CALL, {"call": "4242"})
    assert "no such call" in error.args[0].message
    assert client.is_running()


def test_agent_state_round_trip(qtbot, client: PhoneClient) -> None:
    with qtbot.waitSignal(
        client.agent_state_changed,
        check_params_cb=lambda e: e.state is AgentState.NOT_READY,
        timeout=10000,
    ) as changed:
        client.set_agent_state(AgentState.NOT_READY, "Break")
    assert isinstance(changed.args[0], AgentStateEvent)
    assert changed.args[0].reason == "Break"


def test_audio_report_lists_the_engine_mode(qtbot, client: PhoneClient) -> None:
    with qtbot.waitSignal(client.audio_reported, timeout=10000) as reported:
        client.request_audio_report()
    audio = reported.args[0]
    assert audio.mode is client.hello.audio
    assert all(device.name for device in audio.devices)


def test_an_event_that_breaks_the_contract_is_reported(qtbot, client: PhoneClient) -> None:
    seen: list[object] = []
    client.call_changed.connect(seen.append)
    with qtbot.waitSignal(client.error_reported, timeout=5000) as error:
        client.feed_line('{"event": "call", "t": 1, "call": 1, "state": "dancing", '
                              '"direction": "in", "remote_uri": "sip:x@y", "caller_id": "x"}')
    assert error.args[0].problem is proto.Problem.EVENT_NOT_UNDERSTOOD
    assert "call.state" in error.args[0].message and "dancing" in error.args[0].params["detail"]
    assert seen == []


def test_dead_engine_is_reported_and_restarted(qtbot, client: PhoneClient) -> None:
    first_pid = client.process_id()
    with qtbot.waitSignal(client.engine_stopped, timeout=10000) as stopped:
        os.kill(first_pid, signal.SIGKILL)
    assert stopped.args[0].problem in (proto.Problem.ENGINE_CRASHED, proto.Problem.ENGINE_EXITED)
    assert "crash" in stopped.args[0].message or "exited" in stopped.args[0].message
    with qtbot.waitSignal(client.engine_started, timeout=30000):
        pass
    assert client.process_id() != first_pid
    assert client.is_running()


def test_a_crashed_engine_leaves_its_python_stacks_in_the_desk_log(
    qtbot, client: PhoneClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A SIGSEGV inside pjsua: the engine's faulthandler prints every thread's stack on
    stderr, and the desk logs the end of it with the exit."""
    with caplog.at_level("WARNING", logger="agent.phone.client"):
        with qtbot.waitSignal(client.engine_stopped, timeout=10000) as stopped:
            os.kill(client.process_id(), signal.SIGSEGV)
        with qtbot.waitSignal(client.engine_started, timeout=30000):
            pass
    assert stopped.args[0].problem is proto.Problem.ENGINE_CRASHED
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "phone engine crashed" in logged
    assert "Fatal Python error: Segmentation fault" in logged
    assert "Current thread" in logged or "Thread 0x" in logged


def test_the_password_never_reaches_argv_or_environment(
    qtbot, client: PhoneClient
) -> None:
    secret = "correct horse battery staple"
    with qtbot.waitSignal(client.registration_changed, timeout=15000):
        client.configure_account({"server": "127.0.0.1:9", "user": "nobody",
                                  "password": secret, "transport": "udp"})
    pid = client.process_id()
    for name in ("cmdline", "environ"):
        with open(f"/proc/{pid}/{name}", "rb") as fh:
            assert secret.encode() not in fh.read()

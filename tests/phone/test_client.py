"""PhoneClient (QtCore) driving a real engine process, with an engine peer calling it."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent.phone.client import PhoneClient
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
    assert stopped.args == ["stopped"]


def test_incoming_call_becomes_signals_and_answer_works(
    qtbot, client: PhoneClient, peer_factory: Callable[..., EnginePeer]
) -> None:
    caller = peer_factory("caller", "--wrap-up", "0")
    address = client.hello["listen"]
    with qtbot.waitSignal(client.incoming_call, timeout=15000) as incoming:
        caller.send(f"dial sip:desk@{address}")
    call_id = incoming.args[0]["call"]
    assert incoming.args[0]["caller_id"] == "caller"

    def confirmed(snapshot: dict) -> bool:
        return snapshot["call"] == call_id and snapshot["state"] == "confirmed"

    with qtbot.waitSignal(client.call_changed, check_params_cb=confirmed, timeout=15000):
        client.answer(call_id)

    with qtbot.waitSignal(client.dtmf_received, timeout=15000) as dtmf:
        caller.send("dtmf 5")
    assert dtmf.args == [call_id, "5"]

    with qtbot.waitSignal(client.call_removed, timeout=15000) as removed:
        client.hangup(call_id)
    assert removed.args == [call_id]
    caller.wait("call", state="disconnected")


def test_bad_command_is_reported_not_fatal(qtbot, client: PhoneClient) -> None:
    with qtbot.waitSignal(client.error_reported, timeout=10000) as error:
        client.hold(4242)
    assert "no such call" in error.args[0]
    assert client.is_running()


def test_agent_state_round_trip(qtbot, client: PhoneClient) -> None:
    with qtbot.waitSignal(
        client.agent_state_changed,
        check_params_cb=lambda e: e["state"] == "not-ready",
        timeout=10000,
    ) as changed:
        client.set_agent_state("not-ready", "Break")
    assert changed.args[0]["reason"] == "Break"


def test_dead_engine_is_reported_and_restarted(qtbot, client: PhoneClient) -> None:
    first_pid = client.process_id()
    with qtbot.waitSignal(client.engine_stopped, timeout=10000) as stopped:
        os.kill(first_pid, signal.SIGKILL)
    assert "crash" in stopped.args[0] or "exited" in stopped.args[0]
    with qtbot.waitSignal(client.engine_started, timeout=30000):
        pass
    assert client.process_id() != first_pid
    assert client.is_running()


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

"""Accounts against a real kamailio registrar: digest auth, keyring password, calls through the
proxy, refusal of calls that bypass it, and re-registration after the registrar restarts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key
from tests.phone.conftest import EnginePeer
from tests.phone.kamailio import Kamailio

pytestmark = [pytest.mark.sip, pytest.mark.timeout(120)]

USERS = {"agent1": "pw-one", "agent2": "pw-two", "agent3": "pw-three", "agent4": "pw-four"}


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"), USERS)
    yield server
    server.stop()


def account(kam: Kamailio, user: str, password: str | None = None,
            transport: str = "udp") -> dict[str, object]:
    cmd: dict[str, object] = {"cmd": "account", "server": kam.server, "user": user,
                              "transport": transport}
    if password is not None:
        cmd["password"] = password
    return cmd


@pytest.fixture(scope="module")
def registered(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]
) -> dict[str, EnginePeer]:
    peers = {}
    for user in ("agent1", "agent2"):
        peer = peer_factory(user, "--wrap-up", "0", "--reg-expires", "60")
        peer.send(account(kamailio, user, USERS[user]))
        peer.wait("registration", state="registered")
        peers[user] = peer
    return peers


def test_register_reports_registered(registered: dict[str, EnginePeer]) -> None:
    event = registered["agent1"].find("registration", since=0, state="registered")
    assert event is not None and event["code"] == 200


def test_call_through_the_registrar_by_number(registered: dict[str, EnginePeer]) -> None:
    a, b = registered["agent1"], registered["agent2"]
    a.mark()
    b.mark()
    a.send("dial agent2")
    incoming = b.wait("incoming")
    assert incoming["caller_id"] == "agent1"
    b.send("answer")
    b.call_state("confirmed")
    out = a.call_state("confirmed")
    assert out["remote_uri"].startswith("sip:agent2@")
    a.mark()
    b.mark()
    b.send(f"hold {incoming['call']}")
    a.wait("media", call=out["call"], status="remote-hold")
    b.send("hangup")
    a.call_state("disconnected")
    b.wait("call_removed", call=incoming["call"])


def test_call_that_bypasses_the_proxy_is_refused(
    registered: dict[str, EnginePeer], peer_factory: Callable[..., EnginePeer]
) -> None:
    b = registered["agent2"]
    stranger = peer_factory("stranger", "--wrap-up", "0")
    stranger.mark()
    b.mark()
    stranger.send(f"dial sip:agent2@{b.address}")
    ended = stranger.call_state("disconnected")
    assert ended["code"] == 403
    b.wait("refused", code=403)
    assert b.find("incoming") is None


def test_wrong_password_is_an_auth_failure(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]
) -> None:
    peer = peer_factory("agent3", "--wrap-up", "0")
    peer.send(account(kamailio, "agent3", "not-the-password"))
    failed = peer.wait("registration", state="failed")
    assert failed["code"] in (401, 403, 407)
    assert "authentication" in failed["reason"]
    assert failed["next_retry_s"] is None
    assert peer.find("registration", state="registered") is None


def test_password_from_the_keyring(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer], tmp_path: Path
) -> None:
    store = SecretStore()
    key = sip_password_key("agent4", kamailio.server)
    try:
        store.set(key, USERS["agent4"])
    except SecretStoreUnavailable as exc:
        pytest.skip(f"no Secret Service here (run via tests/run.sh): {exc}")
    try:
        peer = peer_factory("agent4", "--wrap-up", "0")
        settings = peer.home / "settings.toml"
        settings.write_text(
            f'[sip]\nserver = "{kamailio.server}"\nuser = "agent4"\ntransport = "udp"\n',
            encoding="utf-8",
        )
        # A second engine in the same home registers from the settings + keyring alone.
        keyed = EnginePeer("agent4k", ["--account", "default", "--listen", "127.0.0.1:0"],
                           peer.home)
        try:
            keyed.wait("registration", state="registered")
            assert "pw-four" not in keyed.stderr_path.read_text(errors="replace")
        finally:
            assert keyed.close() == 0
        # Without a stored password the engine says so plainly.
        store.delete(key)
        peer.mark()
        peer.send(account(kamailio, "agent4"))
        error = peer.wait("error", command="account")
        assert "keyring" in error["message"]
    finally:
        store.delete(key)


def test_registrar_restart_leads_to_reregistration(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]
) -> None:
    peer = peer_factory("agent1t", "--wrap-up", "0", "--reg-expires", "3")
    peer.send(account(kamailio, "agent1", USERS["agent1"], transport="tcp"))
    peer.wait("registration", state="registered")
    peer.mark()
    kamailio.stop()
    failed = peer.wait("registration", state="failed", timeout=30)
    assert failed["next_retry_s"] is not None
    kamailio.start()
    peer.mark()
    peer.wait("registration", state="registered", timeout=60)


def test_phone_client_registers_again_after_the_engine_dies(
    qtbot, kamailio: Kamailio, tmp_path: Path
) -> None:
    import os
    import signal

    from agent.phone.client import PhoneClient
    from agent.phone.protocol import RegistrationEvent, RegistrationState

    home = tmp_path / "home"
    home.mkdir()
    phone = PhoneClient(extra_env={"SUFLER_HOME": str(home),
                                   "SUFLER_SITE_FILE": str(home / "none.toml")})

    def registered(event: RegistrationEvent) -> bool:
        return event.state is RegistrationState.REGISTERED

    with qtbot.waitSignal(phone.engine_started, timeout=30000):
        phone.start(["--listen", "127.0.0.1:0", "--wrap-up", "0"])
    with qtbot.waitSignal(phone.registration_changed, check_params_cb=registered, timeout=20000):
        phone.configure_account({"server": kamailio.server, "user": "agent3",
                                 "password": USERS["agent3"], "transport": "udp"})
    seen: list[RegistrationEvent] = []
    phone.registration_changed.connect(seen.append)
    first_pid = phone.process_id()
    with qtbot.waitSignals([phone.engine_stopped, phone.engine_started], timeout=30000):
        os.kill(first_pid, signal.SIGKILL)
    # The same chunk of output may carry hello and the registration: collect, then wait.
    qtbot.waitUntil(lambda: any(registered(e) for e in seen), timeout=20000)
    assert phone.process_id() != first_pid
    with qtbot.waitSignal(phone.engine_stopped, timeout=15000):
        phone.stop()

"""Real failures reach the desk as problem codes: real pjsua2 engines, a real kamailio registrar.
What each event says in English is for logs; the code and its params are the contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.phone.conftest import EnginePeer
from tests.phone.kamailio import Kamailio

pytestmark = [pytest.mark.sip, pytest.mark.timeout(120)]

USERS = {"coded1": "pw-coded-1", "coded2": "pw-coded-2"}


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"), USERS)
    yield server
    server.stop()


def register(kam: Kamailio, peer: EnginePeer, user: str, password: str) -> None:
    peer.send({"cmd": "account", "server": kam.server, "user": user, "password": password,
               "transport": "udp"})


def test_a_bare_number_with_no_sip_server_is_refused_with_its_code_and_target(
        peer_factory: Callable[..., EnginePeer]) -> None:
    direct = peer_factory("nocfg", "--wrap-up", "0")
    direct.mark()
    direct.send({"cmd": "dial", "uri": "1234", "id": "d1"})
    error = direct.wait("error", command="dial")
    assert (error["problem"], error["params"], error["reply_to"]) == (
        "unroutable-target", {"target": "1234"}, "d1")
    assert "1234" in error["message"]  # the English text stays, for logs and the CLI
    direct.mark()
    direct.send({"cmd": "transfer", "uri": "1234"})
    assert direct.wait("error", command="transfer")["problem"] == "no-call"


def test_a_call_to_a_user_the_registrar_does_not_know_ends_as_not_found(
        kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]) -> None:
    caller = peer_factory("coded1", "--wrap-up", "0")
    register(kamailio, caller, "coded1", USERS["coded1"])
    caller.wait("registration", state="registered")
    caller.mark()
    caller.send("dial nobody-here")
    ended = caller.call_state("disconnected")
    assert (ended["code"], ended["problem"], ended["params"]) == (
        404, "not-found", {"code": "404", "reason": ended["reason"]})
    assert ended["reason"]


def test_a_callee_that_refuses_ends_the_call_as_busy_and_a_normal_end_has_no_code(
        kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]) -> None:
    caller = peer_factory("coded1b", "--wrap-up", "0", "--user", "coded1")
    callee = peer_factory("coded2", "--wrap-up", "0")
    for peer, user in ((caller, "coded1"), (callee, "coded2")):
        register(kamailio, peer, user, USERS[user])
        peer.wait("registration", state="registered")
    callee.send("state not-ready Lunch")
    callee.wait("agent_state", state="not-ready")
    caller.mark()
    caller.send("dial coded2")
    ended = caller.call_state("disconnected")
    assert (ended["code"], ended["problem"], ended["params"]["code"]) == (486, "busy", "486")
    callee.mark()  # not the "ready" it reported at start
    callee.send("state ready")
    callee.wait("agent_state", state="ready")
    caller.mark()
    callee.mark()
    caller.send("dial coded2")
    callee.wait("incoming")
    callee.send("answer")
    caller.call_state("confirmed")
    caller.mark()
    callee.send("hangup")
    normal = caller.call_state("disconnected")
    assert (normal["problem"], normal["params"]) == ("", {})


def test_a_wrong_password_fails_registration_with_the_auth_code(
        kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]) -> None:
    peer = peer_factory("coded2w", "--wrap-up", "0", "--user", "coded2")
    register(kamailio, peer, "coded2", "not-the-password")
    failed = peer.wait("registration", state="failed")
    assert failed["problem"] == "auth-failed"
    assert failed["params"] == {"code": str(failed["code"]), "reason": failed["params"]["reason"]}
    peer.mark()
    peer.send({"cmd": "account", "server": kamailio.server, "user": "coded2",
               "transport": "carrier-pigeon"})
    error = peer.wait("error", command="account")
    assert (error["problem"], error["params"]) == (
        "unknown-transport", {"transport": "carrier-pigeon"})

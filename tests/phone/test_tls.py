"""Registration and a call over TLS (1.2) through kamailio, with certificate verification."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.phone.conftest import EnginePeer
from tests.phone.kamailio import MODULES, Kamailio

pytestmark = [
    pytest.mark.sip,
    pytest.mark.timeout(120),
    pytest.mark.skipif(not (Path(MODULES) / "tls.so").exists(),
                       reason="kamailio's tls module (kamailio-tls-modules) is not installed"),
]

USERS = {"tls1": "secret-1", "tls2": "secret-2"}


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio-tls"), USERS, tls=True)
    yield server
    server.stop()


def tls_account(kam: Kamailio, user: str) -> dict[str, object]:
    return {"cmd": "account", "server": f"127.0.0.1:{kam.tls_port}", "user": user,
            "password": USERS[user], "transport": "tls"}


def test_register_and_call_over_verified_tls(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer]
) -> None:
    assert kamailio.ca_file is not None
    peers = []
    for user in USERS:
        peer = peer_factory(user, "--wrap-up", "0", "--tls-ca", str(kamailio.ca_file))
        peer.send(tls_account(kamailio, user))
        assert peer.wait("registration", state="registered")["code"] == 200
        peers.append(peer)
    a, b = peers
    a.mark()
    b.mark()
    a.send("dial tls2")
    incoming = b.wait("incoming")
    assert incoming["caller_id"] == "tls1"
    b.send("answer")
    a.call_state("confirmed")
    b.send("hangup")
    a.call_state("disconnected")


def test_untrusted_certificate_is_refused(
    kamailio: Kamailio, peer_factory: Callable[..., EnginePeer], tmp_path: Path
) -> None:
    other_ca = tmp_path / "other-ca.pem"
    other_ca.write_text(Path("/etc/ssl/certs/ca-certificates.crt").read_text()
                        if Path("/etc/ssl/certs/ca-certificates.crt").exists() else "")
    peer = peer_factory("tls-untrusting", "--wrap-up", "0", "--tls-ca", str(other_ca))
    peer.send(tls_account(kamailio, "tls1"))
    failed = peer.wait("registration", state="failed")
    assert failed["code"] != 200
    assert peer.find("registration", state="registered") is None

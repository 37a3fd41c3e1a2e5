"""`sufler doctor` registers the desk's account against a real kamailio (password from the real
keyring) and says plainly what is wrong when it cannot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key
from tests.hub.servers import run_cli
from tests.phone.kamailio import Kamailio

pytestmark = [pytest.mark.sip, pytest.mark.keyring, pytest.mark.timeout(180)]

USERS = {"desk1": "pw-desk-one"}


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path_factory.mktemp("kamailio"), USERS)
    yield server
    server.stop()


def doctor(tmp_path: Path, kam: Kamailio) -> dict[str, dict[str, str]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    site = tmp_path / "site.toml"
    site.write_text(f'[sip]\nserver = "{kam.server}"\nuser = "desk1"\ntransport = "udp"\n')
    result = run_cli(["-m", "agent", "doctor", "--json"], tmp_path / "home",
                     SUFLER_SITE_FILE=str(site))
    assert result.returncode in (0, 1), result.stderr
    return {c["name"]: c for c in json.loads(result.stdout)["checks"]}


def test_doctor_registers_and_names_a_wrong_or_missing_password(kamailio: Kamailio,
                                                                tmp_path: Path) -> None:
    store = SecretStore()
    key = sip_password_key("desk1", kamailio.server)
    try:
        store.set(key, USERS["desk1"])
    except SecretStoreUnavailable as exc:  # pragma: no cover - depends on the session
        pytest.skip(f"no Secret Service here (run via tests/run.sh): {exc}")
    try:
        checks = doctor(tmp_path / "good", kamailio)
        assert checks["sip"]["status"] == "ok", checks["sip"]
        assert checks["registration"]["status"] == "ok", checks["registration"]
        assert "registered (200)" in checks["registration"]["detail"]

        store.set(key, "not-the-password")
        checks = doctor(tmp_path / "wrong", kamailio)
        assert checks["registration"]["status"] == "failed"
        assert "password is wrong" in checks["registration"]["advice"]

        store.delete(key)
        checks = doctor(tmp_path / "missing", kamailio)
        assert checks["registration"]["status"] == "failed"
        assert "keyring" in checks["registration"]["detail"]
        assert "SIP password" in checks["registration"]["advice"]
    finally:
        store.delete(key)

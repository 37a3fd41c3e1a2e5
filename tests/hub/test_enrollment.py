"""Provisioning a desk: IT's one-time code, redeemed on a workstation, puts the token (and the SIP
password) into the real keyring (gnome-keyring under tests/run.sh); codes work once; a revoked
token stops working; the doctor sees all of it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from agent.secrets import SecretStore, SecretStoreUnavailable, hub_token_key, sip_password_key
from agent.settings import Settings
from tests.hub.conftest import RunningHub
from tests.hub.servers import run_cli

pytestmark = pytest.mark.keyring
OTHER_KEY = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE="


@pytest.fixture(autouse=True)
def secret_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUFLER_HUB_TOKEN", raising=False)
    try:
        SecretStore().get("probe")
    except SecretStoreUnavailable as exc:  # pragma: no cover - depends on the session
        pytest.skip(f"no Secret Service in this session (run through tests/run.sh): {exc}")


def codes_of(output: str) -> dict[str, str]:
    return dict(line.split(",", 1) for line in output.splitlines()[1:])


def enroll(hub: RunningHub, home: Path, site: Path, code: str):  # type: ignore[no-untyped-def]
    return run_cli(["-m", "agent", "enroll", hub.url, "--code-stdin"], home, stdin=code + "\n",
                   SUFLER_SITE_FILE=str(site))


def status_with(hub: RunningHub, token: str) -> int:
    return httpx.get(f"{hub.url}/api/v1/kb/public-key",
                     headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code


def test_a_code_provisions_a_desk_once_and_revoke_ends_it(hub: RunningHub, tmp_path: Path
                                                          ) -> None:
    users = tmp_path / "users.csv"
    users.write_text("name,role,sip_user,sip_password\nivan.p,agent,1001,pbx-Secret-1\n")
    imported = hub.process.cli("user", "import", str(users))
    assert imported.returncode == 0, imported.stderr
    code = codes_of(imported.stdout)["ivan.p"]
    site = tmp_path / "site.toml"
    site.write_text('[sip]\nserver = "pbx.floor.test:5060"\n')
    home = tmp_path / "desk"
    secrets = SecretStore()
    try:
        done = enroll(hub, home, site, code.lower())  # typed in lower case: still the code
        assert done.returncode == 0, done.stderr
        assert "enrolled as ivan.p (agent)" in done.stdout
        token = secrets.get(hub_token_key(hub.url))
        assert token and status_with(hub, token) == 200
        assert secrets.get(sip_password_key("1001", "pbx.floor.test:5060")) == "pbx-Secret-1"
        saved = Settings.load(home, site)
        assert saved.get("hub.url") == hub.url and saved.get("sip.user") == "1001"
        assert saved.get("hub.public_key")  # pinned from the enrollment answer
        settings_text = (home / "settings.toml").read_text()
        assert "pbx-Secret-1" not in settings_text and token not in settings_text

        reused = enroll(hub, tmp_path / "desk2", site, code)
        assert reused.returncode == 1 and "unknown, already used or expired" in reused.stderr

        doctor = run_cli(["-m", "agent", "doctor", "--json"], home, SUFLER_SITE_FILE=str(site))
        checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
        assert checks["hub"]["status"] == "ok", checks["hub"]
        assert checks["keyring"]["status"] == "ok"

        revoked = hub.process.cli("user", "revoke", "ivan.p")
        assert revoked.returncode == 0 and "revoked 1 token(s)" in revoked.stdout
        deadline = time.monotonic() + 30  # the hub remembers valid tokens for a few seconds
        while status_with(hub, token) != 401:
            assert time.monotonic() < deadline, "the revoked token still works"
            time.sleep(0.5)
        doctor = run_cli(["-m", "agent", "doctor", "--json"], home, SUFLER_SITE_FILE=str(site))
        checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
        assert doctor.returncode == 1 and checks["hub"]["status"] == "failed"
        assert "enroll" in checks["hub"]["advice"]
    finally:
        secrets.delete(hub_token_key(hub.url))
        secrets.delete(sip_password_key("1001", "pbx.floor.test:5060"))


def test_a_hub_with_another_key_gets_no_token(hub: RunningHub, tmp_path: Path) -> None:
    issued = hub.process.cli("enroll", "olga.k")
    assert issued.returncode == 0, issued.stderr
    site = tmp_path / "site.toml"
    site.write_text(f'[hub]\npublic_key = "{OTHER_KEY}"\n')
    refused = enroll(hub, tmp_path / "desk", site, codes_of(issued.stdout)["olga.k"])
    assert refused.returncode == 1 and "differs from the one IT pinned" in refused.stderr
    assert SecretStore().get(hub_token_key(hub.url)) is None


def test_a_newer_code_cancels_the_older_one(hub: RunningHub, tmp_path: Path) -> None:
    first = codes_of(hub.process.cli("enroll", "petr.s").stdout)["petr.s"]
    second = codes_of(hub.process.cli("enroll", "petr.s").stdout)["petr.s"]
    site = tmp_path / "site.toml"
    try:
        old = enroll(hub, tmp_path / "a", site, first)
        assert old.returncode == 1 and "unknown, already used or expired" in old.stderr
        new = enroll(hub, tmp_path / "b", site, second)
        assert new.returncode == 0, new.stderr
    finally:
        SecretStore().delete(hub_token_key(hub.url))

"""The floor profile: IT sets it once on a real hub, a workstation's pull stores it, the settings
layer applies it locked between the site file and the user's own values; secrets, unknown keys
and tampered profiles are refused."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from agent.notes.hub_client import make_client
from agent.notes.site_pull import SiteProfilePuller
from agent.settings import FLOOR_PROFILE_FILE, Settings, dump_toml
from kb.wire import signing
from kb.wire.site_profile import PINNED_LOCALLY, PROFILE_KEYS
from tests.hub.conftest import RunningHub
from tests.hub.servers import run_cli

PROFILE = """
[hold]
warn_seconds = 45

[site]
company = "Floor Company"
product = "Fiber 500"

[agent]
not_ready_reasons = ["Break", "Coaching"]
"""


def public_key(hub: RunningHub) -> str:
    return hub.process.cli("key").stdout.strip().splitlines()[-1]


def set_profile(hub: RunningHub, tmp_path: Path, text: str) -> str:
    path = tmp_path / "floor.toml"
    path.write_text(text, encoding="utf-8")
    done = hub.process.cli("site", "set", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_hub_is_at_the_profile_schema(hub: RunningHub) -> None:
    health = httpx.get(f"{hub.url}/api/v1/health", timeout=10).json()
    assert health["schema"] == "0006_site_profile"
    # Before any `site set` a desk gets revision 0, unsigned, and applies nothing.
    answer = httpx.get(f"{hub.url}/api/v1/site-profile", timeout=10,
                       headers={"Authorization": f"Bearer {hub.agent}"})
    assert answer.status_code == 200 and answer.json()["revision"] >= 0
    assert httpx.get(f"{hub.url}/api/v1/site-profile", timeout=10).status_code == 401


def test_the_profile_keys_are_the_desks_non_secret_settings() -> None:
    from agent.settings import DECLARATIONS

    declared = {s.key: s.type for s in DECLARATIONS if s.key not in PINNED_LOCALLY}
    assert declared == PROFILE_KEYS


@pytest.mark.parametrize(("text", "says"), [
    ('[sip]\npassword = "pbx-Secret-1"\n', "looks like a secret"),
    ('[hub]\ntoken = "sfh_x"\n', "looks like a secret"),
    ('[sip]\nservr = "pbx"\n', "unknown setting 'sip.servr'"),
    ('[hub]\npublic_key = "AAAA"\n', "cannot come from the hub"),
    ('[hold]\nwarn_seconds = "soon"\n', "hold.warn_seconds must be int"),
    ("[hold\n", "not valid TOML"),
])
def test_secrets_unknown_keys_and_bad_values_are_refused(hub: RunningHub, tmp_path: Path,
                                                         text: str, says: str) -> None:
    before = hub.process.cli("site", "get").stdout
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    done = hub.process.cli("site", "set", str(path))
    assert done.returncode == 1
    assert says in done.stderr and "nothing was changed" in done.stderr
    assert "pbx-Secret-1" not in done.stderr
    assert hub.process.cli("site", "get").stdout == before


def test_a_profile_reaches_a_desk_and_ranks_between_site_file_and_user(
        hub: RunningHub, tmp_path: Path) -> None:
    out = set_profile(hub, tmp_path, PROFILE)
    assert "floor profile revision" in out
    shown = hub.process.cli("site", "get").stdout
    assert 'warn_seconds = 45' in shown and '"Floor Company"' in shown

    key = public_key(hub)
    site = tmp_path / "site.toml"
    site.write_text(f'[hub]\npublic_key = "{key}"\n\n[site]\ncompany = "Site Company"\n',
                    encoding="utf-8")
    home = tmp_path / "desk"
    home.mkdir()
    (home / "settings.toml").write_text(
        dump_toml({"hold.warn_seconds": 20, "hold.alarm_seconds": 90}), encoding="utf-8")

    puller = SiteProfilePuller(home / FLOOR_PROFILE_FILE, signing.load_public_key(key))
    with make_client(hub.url, hub.agent) as client:
        first = puller.pull(client)
        again = puller.pull(client)
    assert first.error is None and first.changed and first.revision >= 1
    assert again.error is None and not again.changed and again.revision == first.revision

    settings = Settings.load(home, site)
    assert settings.floor_revision == first.revision
    assert settings.get("hold.warn_seconds") == 45 and settings.source("hold.warn_seconds") \
        == "floor" and settings.is_locked("hold.warn_seconds")
    assert settings.get("site.company") == "Site Company"  # the local site file wins
    assert settings.source("site.company") == "site"
    assert settings.get("site.product") == "Fiber 500"
    assert settings.get("hold.alarm_seconds") == 90  # the user's own, not in the profile
    assert not settings.is_locked("hold.alarm_seconds")
    with pytest.raises(ValueError, match="floor profile"):
        settings.set("hold.warn_seconds", 10)
    doctor = run_cli(["-m", "agent", "doctor", "--json", "--no-register"], home,
                     SUFLER_SITE_FILE=str(site))
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert f"floor profile revision {first.revision}" in checks["settings"]["detail"]

    # A newer profile replaces the older; a key it no longer sets goes back to the user.
    set_profile(hub, tmp_path, '[site]\nproduct = "Fiber 1000"\n')
    with make_client(hub.url, hub.agent) as client:
        newer = puller.pull(client)
    assert newer.changed and newer.revision == first.revision + 1
    settings = Settings.load(home, site)
    assert settings.get("site.product") == "Fiber 1000"
    assert settings.get("hold.warn_seconds") == 20 and not settings.is_locked("hold.warn_seconds")


class Tamper(httpx.BaseTransport):
    """Passes requests to the real hub and changes the floor profile in its answer."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        if not request.url.path.endswith("/site-profile"):
            return response
        answer = response.json()
        answer["settings"]["hold.warn_seconds"] = 3600
        return httpx.Response(response.status_code, json=answer)


def test_a_tampered_profile_is_refused_in_flight_and_on_disk(hub: RunningHub,
                                                             tmp_path: Path) -> None:
    set_profile(hub, tmp_path, PROFILE)
    key = public_key(hub)
    site = tmp_path / "site.toml"
    site.write_text(f'[hub]\npublic_key = "{key}"\n', encoding="utf-8")
    home = tmp_path / "desk"
    path = home / FLOOR_PROFILE_FILE
    puller = SiteProfilePuller(path, signing.load_public_key(key))

    with httpx.Client(base_url=hub.url + "/api/v1", transport=Tamper(),
                      headers={"Authorization": f"Bearer {hub.agent}"}) as client:
        refused = puller.pull(client)
    assert refused.error and "not signed by the pinned hub key" in refused.error
    assert refused.refused and not path.exists()  # nothing of it was stored

    # Pulled with the KB (as the syncer does), the refusal is the pull's signature problem.
    from agent.notes.kb_pull import KbPuller
    from kb.knowledge_base import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    try:
        with httpx.Client(base_url=hub.url + "/api/v1", transport=Tamper(),
                          headers={"Authorization": f"Bearer {hub.agent}"}) as client:
            report = KbPuller(kb, key, profile_path=path).pull(client)
    finally:
        kb.close()
    assert report.problem == "signature" and "floor profile" in (report.error or "")
    assert not path.exists()

    with make_client(hub.url, hub.agent) as client:
        assert puller.pull(client).changed
    assert Settings.load(home, site).get("hold.warn_seconds") == 45

    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["settings"]["hold.warn_seconds"] = 3600  # edited on the desk
    path.write_text(json.dumps(stored), encoding="utf-8")
    settings = Settings.load(home, site)
    assert settings.floor == {} and settings.get("hold.warn_seconds") == 30

    # A profile signed by another key (a different hub) is refused too.
    other = signing.load_public_key(
        signing.public_key_text(signing.Ed25519PrivateKey.generate().public_key()))
    with make_client(hub.url, hub.agent) as client:
        foreign = SiteProfilePuller(tmp_path / "other.json", other).pull(client)
    assert foreign.error and "refused" in foreign.error

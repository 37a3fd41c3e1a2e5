"""The hub token through a real Secret Service (tests/run.sh provides gnome-keyring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.notes.hub_client import resolve_token, store_token
from agent.notes.store import NotesStore
from agent.notes.syncer import ONLINE, UNAUTHORIZED, Syncer
from agent.secrets import SecretStore, SecretStoreUnavailable, hub_token_key
from tests.hub.conftest import RunningHub
from tests.hub.servers import run_cli

pytestmark = pytest.mark.keyring


@pytest.fixture(autouse=True)
def secret_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUFLER_HUB_TOKEN", raising=False)
    try:
        SecretStore().get("probe")
    except SecretStoreUnavailable as exc:  # pragma: no cover - depends on the session
        pytest.skip(f"no Secret Service in this session (run through tests/run.sh): {exc}")


def test_syncer_reads_the_token_from_the_keyring(hub: RunningHub, tmp_path: Path) -> None:
    secrets = SecretStore()
    secrets.delete(hub_token_key(hub.url))
    store = NotesStore.open(tmp_path / "notes.sqlite")
    store.create("k1", "1", "in")
    syncer = Syncer(store, hub.url, lambda: resolve_token(hub.url))
    assert syncer.sync_once().state == UNAUTHORIZED
    store_token(hub.url + "/", hub.agent)  # the key ignores a trailing slash
    report = syncer.sync_once()
    assert report.state == ONLINE and report.counts.synced == 1
    secrets.delete(hub_token_key(hub.url))
    store.close()


def test_cli_stores_the_token_and_syncs_with_it(hub: RunningHub, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    stored = run_cli(["-m", "agent", "notes", "token", "--hub", hub.url], home,
                     stdin=hub.agent + "\n")
    assert stored.returncode == 0, stored.stderr
    assert SecretStore().get(hub_token_key(hub.url)) == hub.agent
    note = {"number": "1", "direction": "in", "text": "через keyring"}
    assert run_cli(["-m", "agent", "notes", "add"], home, stdin=json.dumps(note)).returncode == 0
    synced = run_cli(["-m", "agent", "notes", "sync", "--hub", hub.url], home)
    assert synced.returncode == 0, synced.stderr
    SecretStore().delete(hub_token_key(hub.url))
    assert run_cli(["-m", "agent", "notes", "add"], home, stdin=json.dumps(note)).returncode == 0
    missing = run_cli(["-m", "agent", "notes", "sync", "--hub", hub.url], home)
    assert missing.returncode == 1 and "no hub token" in missing.stderr
